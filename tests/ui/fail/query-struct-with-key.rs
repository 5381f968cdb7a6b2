use altur_client::{Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Filters {
    status: String,
}

#[altur_api]
trait Api {
    #[get("/campaigns?f=<filters..>")]
    async fn list(&self, filters: &Filters) -> Result<()>;
}

fn main() {}
