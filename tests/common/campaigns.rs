//! Campaign bodies and contacts, requests the typed `CampaignsApi` cannot make, and a way to
//! drain the streams of `altur_client::pagination`.

use super::AGENT;
use altur_client::models::{CampaignIntegrationType, NewCampaign, NewContact};
use altur_client::pagination::Stream;
use altur_client::{Response, Result, altur_api};
use serde_json::{Value, json};
use std::future::poll_fn;
use std::pin::{Pin, pin};

/// A phone campaign of [`AGENT`] with a first message.
pub fn phone_campaign(name: &str) -> NewCampaign {
    let mut campaign =
        NewCampaign::new(name, AGENT, "int_phone", CampaignIntegrationType::PhoneCall);
    campaign.first_message = Some("Hola, le llamo de Altur.".into());
    campaign
}

/// `count` contacts with distinct phone numbers and names.
pub fn contacts(count: usize) -> Vec<NewContact> {
    (0..count)
        .map(|n| {
            let mut contact = NewContact::new(format!("+52155{n:08}"));
            contact.name = Some(format!("Contact {n}"));
            contact
        })
        .collect()
}

/// The body of a successful answer about campaign 42.
pub fn campaign_envelope() -> Value {
    json!({"success": true, "campaign": {"id": 42, "name": "A", "status": "active"}})
}

/// Requests the typed trait cannot express: immutable fields, unknown actions, raw bodies, a
/// `PATCH` with an `Idempotency-Key` (an owned one, so that form is sent too).
#[altur_api]
pub trait RawCampaigns {
    #[patch("/campaigns/<id>", data = "<body>")]
    async fn patch_campaign(
        &self,
        id: u64,
        body: &Value,
        #[header("Idempotency-Key")] key: Option<String>,
    ) -> Result<Value>;

    #[post("/campaigns/<id>/<action>")]
    async fn raw_action(&self, id: u64, action: &str) -> Result<Value>;

    #[get("/campaigns/<id>/<action>")]
    async fn get_action(&self, id: u64, action: &str) -> Result<Value>;

    #[post("/campaigns/<id>/contacts", data = "<body>")]
    async fn post_contacts(
        &self,
        id: u64,
        body: &Value,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<Response<Value>>;

    #[post("/campaigns", data = "<body>")]
    async fn post_campaign(
        &self,
        body: &Value,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<Response<Value>>;

    #[get("/campaigns?<query..>")]
    async fn get_campaigns(&self, query: &[(&str, &str)]) -> Result<Value>;

    #[get("/campaigns/<id>/contacts?<query..>")]
    async fn get_contacts(&self, id: u64, query: &[(&str, &str)]) -> Result<Value>;

    #[get("/campaigns/<id>/calls?<query..>")]
    async fn get_calls(&self, id: u64, query: &[(&str, &str)]) -> Result<Value>;
}

/// The next item of a stream.
pub async fn next<S: Stream>(stream: &mut Pin<&mut S>) -> Option<S::Item> {
    poll_fn(|cx| stream.as_mut().poll_next(cx)).await
}

/// Every item of a stream, or its first error.
pub async fn collect<T>(stream: impl Stream<Item = Result<T>>) -> Result<Vec<T>> {
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = next(&mut stream).await {
        items.push(item?);
    }
    Ok(items)
}
