// `timeout` in milliseconds, seconds or minutes.
use altur_client::{Client, Result, altur_api};

#[altur_api]
trait Timeouts {
    #[get("/fast", timeout = "250ms")]
    async fn millis(&self) -> Result<()>;

    #[post("/call", timeout = "90s")]
    async fn seconds(&self) -> Result<()>;

    #[get("/export", timeout = "2m")]
    async fn minutes(&self) -> Result<()>;

    #[post("/campaigns", timeout = "5s", data = "<body>")]
    async fn before_data(&self, body: &serde_json::Value) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.millis());
    drop(client.seconds());
    drop(client.minutes());
    drop(client.before_data(&serde_json::Value::Null));
}
