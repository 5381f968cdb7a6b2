// Generics on methods, in angle brackets and in `where` clauses.
use altur_client::{Client, Result, altur_api};
use serde::de::DeserializeOwned;
use std::fmt::Display;

#[altur_api]
trait Generic {
    #[get("/things/<id>")]
    async fn thing<T: Display + Send + Sync>(&self, id: T) -> Result<String>;

    #[get("/any/<id>")]
    async fn any<T, Id>(&self, id: Id) -> Result<T>
    where
        T: DeserializeOwned,
        Id: Display;

    #[get("/borrowed/<name>")]
    async fn borrowed<'a>(&self, name: &'a str) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.thing(42_u8));
    drop(client.any::<Vec<u8>, _>("x"));
    drop(client.borrowed("ada"));
}
