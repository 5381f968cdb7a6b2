// Every verb: `#[get]`, `#[post]`, `#[put]`, `#[patch]`, `#[delete]` and `#[head]`.
use altur_client::{Client, Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Campaign {
    name: String,
}

#[altur_api]
trait Verbs {
    #[get("/campaigns/<id>")]
    async fn get(&self, id: u64) -> Result<serde_json::Value>;

    #[post("/campaigns", data = "<campaign>")]
    async fn post(&self, campaign: &Campaign) -> Result<serde_json::Value>;

    #[put("/campaigns/<id>", data = "<campaign>")]
    async fn put(&self, id: u64, campaign: &Campaign) -> Result<serde_json::Value>;

    #[patch("/campaigns/<id>", data = "<campaign>")]
    async fn patch(&self, id: u64, campaign: &Campaign) -> Result<serde_json::Value>;

    #[delete("/campaigns/<id>")]
    async fn delete(&self, id: u64) -> Result<()>;

    #[head("/campaigns/<id>")]
    async fn head(&self, id: u64) -> Result<()>;

    // The verbs without a body.
    #[post("/campaigns/<id>/start")]
    async fn post_empty(&self, id: u64) -> Result<()>;

    #[delete("/campaigns/<id>/contacts", data = "<campaign>")]
    async fn delete_with_body(&self, id: u64, campaign: &Campaign) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let campaign = Campaign {
        name: "spring".to_owned(),
    };
    drop(client.get(1));
    drop(client.post(&campaign));
    drop(client.put(1, &campaign));
    drop(client.patch(1, &campaign));
    drop(client.delete(1));
    drop(client.head(1));
    drop(client.post_empty(1));
    drop(client.delete_with_body(1, &campaign));
}
