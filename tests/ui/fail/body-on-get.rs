use altur_client::{Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Search {
    name: String,
}

#[altur_api]
trait Api {
    #[get("/campaigns/search", data = "<search>")]
    async fn search(&self, search: &Search) -> Result<()>;
}

fn main() {}
