// `r#type` binds `<type>`.
use altur_client::{Client, Result, altur_api};

#[altur_api]
trait Raw {
    #[get("/integrations/<type>/<match>")]
    async fn integration(&self, r#type: &str, r#match: u32) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.integration("whatsapp", 1));
}
