use altur_client::{Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Campaign {
    name: String,
}

#[altur_api]
trait Api {
    #[post("/campaigns", data = "<campaign>", timeout = "5s")]
    async fn good(&self, campaign: &Campaign) -> Result<()>;

    #[get("/campaigns", timout = "5s")]
    async fn misspelled_option(&self) -> Result<()>;

    #[get("/campaigns", timeout = "1.5s")]
    async fn bad_timeout(&self) -> Result<()>;

    #[get("/campaigns", data = "<campaign>")]
    async fn body_on_get(&self, campaign: &Campaign) -> Result<()>;

    #[get("/campaigns?a=1&a=<x>")]
    async fn duplicate_key(&self, x: u32) -> Result<()>;

    #[get("/campaigns?pageSize=<page_sise>")]
    async fn query_typo(&self, page_size: u32) -> Result<()>;

    #[post("/campaigns")]
    async fn reserved_header(&self, #[header("Authorization")] token: &str) -> Result<()>;

    #[post("/campaigns")]
    async fn duplicate_header(
        &self,
        #[header("X-Request-Id")] a: &str,
        #[header("x-request-id")] b: &str,
    ) -> Result<()>;

    #[head("/campaigns")]
    async fn head_json(&self) -> Result<serde_json::Value>;
}

fn main() {
    // The methods that are fine stay callable: no error cascades from the broken ones.
    let client = altur_client::Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let campaign = Campaign {
        name: "spring".to_owned(),
    };
    drop(client.good(&campaign));
}
