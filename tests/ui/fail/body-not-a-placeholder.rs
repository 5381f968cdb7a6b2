use altur_client::{Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Campaign {
    name: String,
}

#[altur_api]
trait Api {
    #[post("/campaigns", data = "body")]
    async fn create(&self, body: &Campaign) -> Result<()>;
}

fn main() {}
