use altur_client::{Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Campaign {
    name: String,
}

#[altur_api]
trait Api {
    #[post("/campaigns", data = "<campaign>", data = "<copy>")]
    async fn create(&self, campaign: &Campaign, copy: &Campaign) -> Result<()>;
}

fn main() {}
