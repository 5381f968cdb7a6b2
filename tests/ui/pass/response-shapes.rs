// Every response shape: JSON, `()`, raw `Bytes`, and `Response<..>` around each of them.
use altur_client::{Bytes, Client, Response, Result, altur_api};
use serde::Deserialize;

#[derive(Deserialize)]
struct Campaign {
    #[allow(dead_code)]
    id: String,
}

#[altur_api]
trait Shapes {
    #[get("/campaigns/<id>")]
    async fn json(&self, id: &str) -> Result<Campaign>;

    #[get("/campaigns")]
    async fn list(&self) -> Result<Vec<Campaign>>;

    #[delete("/campaigns/<id>")]
    async fn unit(&self, id: &str) -> Result<()>;

    #[get("/recordings/<id>")]
    async fn bytes(&self, id: &str) -> Result<Bytes>;

    #[get("/recordings/<id>")]
    async fn qualified_bytes(&self, id: &str) -> Result<altur_client::Bytes>;

    #[get("/campaigns/<id>")]
    async fn response(&self, id: &str) -> Result<Response<Campaign>>;

    #[get("/campaigns/<id>")]
    async fn qualified_response(&self, id: &str) -> Result<altur_client::Response<Vec<Campaign>>>;

    #[post("/campaigns/<id>/start")]
    async fn response_unit(&self, id: &str) -> Result<Response<()>>;

    #[get("/recordings/<id>")]
    async fn response_bytes(&self, id: &str) -> Result<Response<Bytes>>;

    #[head("/recordings/<id>")]
    async fn head(&self, id: &str) -> Result<()>;

    #[head("/recordings/<id>")]
    async fn head_response(&self, id: &str) -> Result<Response<()>>;
}

async fn use_them(client: &Client) -> Result<()> {
    let _: Campaign = client.json("cmp_1").await?;
    let _: Vec<Campaign> = client.list().await?;
    client.unit("cmp_1").await?;
    let _: Bytes = client.bytes("rec_1").await?;
    let _: Bytes = client.qualified_bytes("rec_1").await?;
    let response: Response<Campaign> = client.response("cmp_1").await?;
    let _: u16 = response.status();
    let _: Campaign = response.into_inner();
    let _: Vec<Campaign> = client.qualified_response("cmp_1").await?.into_inner();
    let _: () = client.response_unit("cmp_1").await?.into_inner();
    let _: Bytes = client.response_bytes("rec_1").await?.into_inner();
    client.head("rec_1").await?;
    let _ = client.head_response("rec_1").await?.headers();
    Ok(())
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(use_them(&client));
}
