// A `#[cfg]` on a method configures out its declaration and its implementation alike.
use altur_client::{Client, Result, altur_api};

#[altur_api]
trait Api {
    #[get("/always")]
    async fn always(&self) -> Result<()>;

    #[cfg(any())]
    #[get("/never/<id>")]
    async fn never(&self, id: NotEvenAType) -> Result<()>;

    #[cfg(all())]
    #[get("/configured-in")]
    async fn configured_in(&self) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.always());
    drop(client.configured_in());
    let declared: Vec<&str> = <Client as Api>::__altur_endpoints()
        .iter()
        .map(|endpoint| endpoint.name)
        .collect();
    assert_eq!(declared, ["always", "configured_in"]);
}
