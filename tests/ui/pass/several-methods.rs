// A trait of several endpoints, sharing and not sharing path prefixes.
use altur_client::{Client, Result, altur_api};
use uuid::Uuid;

#[altur_api]
pub trait Campaigns {
    #[get("/campaigns")]
    async fn list(&self) -> Result<serde_json::Value>;

    #[get("/campaigns/<id>")]
    async fn retrieve(&self, id: Uuid) -> Result<serde_json::Value>;

    #[get("/campaigns/<id>/contacts/<contact_id>")]
    async fn contact(&self, id: Uuid, contact_id: u64) -> Result<serde_json::Value>;

    #[get("/campaigns/<id>/contacts/")]
    async fn contacts(&self, id: Uuid) -> Result<serde_json::Value>;

    #[get("/")]
    async fn root(&self) -> Result<serde_json::Value>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.list());
    drop(client.retrieve(Uuid::nil()));
    drop(client.contact(Uuid::nil(), 7));
    drop(client.contacts(Uuid::nil()));
    drop(client.root());
}
