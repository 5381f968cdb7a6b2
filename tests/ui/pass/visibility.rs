// Traits of every visibility: the generated trait keeps it.
use altur_client::{Client, Result, altur_api};

mod apis {
    use super::*;

    #[altur_api]
    trait PrivateApi {
        #[get("/private")]
        async fn private(&self) -> Result<()>;
    }

    #[altur_api]
    pub(crate) trait CrateApi {
        #[get("/crate")]
        async fn in_crate(&self) -> Result<()>;
    }

    #[altur_api]
    pub trait PublicApi {
        #[get("/public")]
        async fn public(&self) -> Result<()>;
    }

    pub(crate) fn use_private(client: &Client) {
        drop(client.private());
    }
}

use apis::{CrateApi, PublicApi};

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    // Futures do nothing until polled: nothing is sent.
    apis::use_private(&client);
    drop(client.in_crate());
    drop(client.public());
}
