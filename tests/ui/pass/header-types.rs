// Header parameters: strings, integers, `Uuid`, and `Option`s of them.
use altur_client::{Client, Result, altur_api};
use uuid::Uuid;

#[altur_api]
trait Headers {
    #[post("/campaigns/<id>/start")]
    async fn str(&self, id: u64, #[header("Idempotency-Key")] key: &str) -> Result<()>;

    #[post("/campaigns/<id>/start")]
    async fn option_str(
        &self,
        id: u64,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<()>;

    #[post("/campaigns/<id>/start")]
    async fn option_string(
        &self,
        id: u64,
        #[header("Idempotency-Key")] key: Option<String>,
    ) -> Result<()>;

    #[post("/campaigns/<id>/start")]
    async fn uuid(&self, id: u64, #[header("Idempotency-Key")] key: Uuid) -> Result<()>;

    #[get("/campaigns")]
    async fn integer(&self, #[header("X-Page-Size")] page_size: u64) -> Result<()>;

    #[get("/campaigns")]
    async fn several(
        &self,
        #[header("X-Request-Id")] request_id: Uuid,
        #[header("X-Trace")] trace: Option<&str>,
        #[header("X-Dry-Run")] dry_run: bool,
    ) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.str(1, "key-1"));
    drop(client.option_str(1, None));
    drop(client.option_str(1, Some("key-1")));
    drop(client.option_string(1, Some("key-1".to_owned())));
    drop(client.uuid(1, Uuid::nil()));
    drop(client.integer(50));
    drop(client.several(Uuid::nil(), None, true));
}
