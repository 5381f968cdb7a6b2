// The body is any `Serialize` value, by reference or by value.
use altur_client::{Client, Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Contact {
    phone_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
}

#[altur_api]
trait Bodies {
    #[post("/contacts", data = "<contact>")]
    async fn by_ref(&self, contact: &Contact) -> Result<()>;

    #[post("/contacts", data = "<contact>")]
    async fn by_value(&self, contact: Contact) -> Result<()>;

    #[patch("/contacts/<id>", data = "<patch>")]
    async fn value(&self, id: &str, patch: serde_json::Value) -> Result<()>;

    #[put("/contacts/<id>/tags", data = "<tags>")]
    async fn slice(&self, id: &str, tags: &[&str]) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let contact = Contact {
        phone_number: "+15550100".to_owned(),
        first_name: None,
    };
    drop(client.by_ref(&contact));
    drop(client.by_value(contact));
    drop(client.value("ctc_1", serde_json::json!({ "firstName": "Ada" })));
    drop(client.slice("ctc_1", &["vip"]));
}
