// Every spelling of the result type, with any `DeserializeOwned` payload.
use altur_client::{Client, altur_api};
use serde::Deserialize;

#[derive(Deserialize)]
struct Thread {
    #[allow(dead_code)]
    id: String,
}

#[altur_api]
trait Results {
    #[get("/alias")]
    async fn alias(&self) -> altur_client::Result<Thread>;

    #[get("/prelude")]
    async fn prelude(&self) -> Result<Vec<Thread>, altur_client::Error>;

    #[get("/qualified")]
    async fn qualified(&self) -> std::result::Result<Option<Thread>, altur_client::Error>;

    #[get("/value")]
    async fn value(&self) -> ::core::result::Result<serde_json::Value, altur_client::Error>;

    #[get("/unit")]
    async fn unit(&self) -> altur_client::Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.alias());
    drop(client.prelude());
    drop(client.qualified());
    drop(client.value());
    drop(client.unit());
}
