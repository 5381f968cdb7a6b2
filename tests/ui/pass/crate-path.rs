// `crate = ".."` names the runtime when it is not reachable as `::altur_client`.
extern crate altur_client as renamed;

mod reexport {
    pub use ::altur_client as client;
}

use renamed::Client;

#[renamed::altur_api(crate = "renamed")]
trait ByExternCrate {
    #[get("/a")]
    async fn a(&self) -> renamed::Result<()>;
}

#[reexport::client::altur_api(crate = "crate::reexport::client")]
trait ByReexport {
    #[get("/b")]
    async fn b(&self) -> reexport::client::Result<()>;
}

#[renamed::altur_api(crate = "::altur_client")]
trait Absolute {
    #[get("/c")]
    async fn c(&self) -> renamed::Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.a());
    drop(client.b());
    drop(client.c());
}
