use altur_client::{Result, altur_api};
use uuid::Uuid;

#[altur_api]
trait Api {
    #[get("/enduser/<id>")]
    async fn good(&self, id: Uuid) -> Result<()>;

    #[get("enduser/<id>")]
    async fn no_slash(&self, id: Uuid) -> Result<()>;

    #[get("/enduser/<idd>")]
    async fn typo(&self, id: Uuid) -> Result<()>;

    #[get("/enduser/<id>")]
    async fn unused(&self, id: Uuid, page: u32) -> Result<()>;

    #[get("/enduser")]
    fn not_async(&self) -> Result<()>;

    async fn no_route(&self) -> Result<()>;

    #[get("/enduser")]
    async fn no_receiver() -> Result<()>;

    #[get("/enduser")]
    async fn no_return(&self);
}

fn main() {
    // The methods that are fine stay callable: no error cascades from the broken ones.
    let client = altur_client::Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.good(Uuid::nil()));
}
