use crate::models::{Call, NewCall};
use crate::{Bytes, Result};
use altur_macros::altur_api;

/// Call endpoints: `/call`.
///
/// ```
/// # #[cfg(feature = "mock")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> altur_client::Result<()> {
/// use altur_client::mock::MockServer;
/// use altur_client::CallsApi;
/// use altur_client::models::{CallStatus, NewCall};
///
/// let server = MockServer::start().await;
/// let client = server.client()?;
/// let agent_id = uuid::Uuid::from_u128(1);
///
/// let call = client.start_call(&NewCall::new(agent_id, "+14155550100")).await?;
/// assert_eq!(call.status, Some(CallStatus::Queued));
/// assert_eq!(client.retrieve_call(&call.id).await?.id, call.id);
///
/// server.set_call_recording(&call.id, MockServer::SAMPLE_RECORDING);
/// let audio = client.download_recording(&call.id).await?;
/// assert_eq!(audio, MockServer::SAMPLE_RECORDING);
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "mock"))]
/// # fn main() {}
/// ```
#[altur_api(spec = "openapi/altur.yaml")]
pub trait CallsApi {
    /// Starts a phone call from an agent to a number: `POST /call`. The call is returned at once
    /// (typically `queued`); follow it with [`retrieve_call`](Self::retrieve_call) or the
    /// `on_call_end` webhook.
    ///
    /// Like every `POST`, the call is not retried, so that a lost response cannot dial the
    /// number twice.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when the API refuses the body (a number
    /// that is not E.164, say), 401 when the key is wrong; and every transport error.
    #[post("/call", data = "<call>")]
    async fn start_call(&self, call: &NewCall) -> Result<Call>;

    /// Retrieves the call with the given id: `GET /call/{id}`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such call, 401 when
    /// the key is wrong; and every transport error.
    #[get("/call/<id>")]
    async fn retrieve_call(&self, id: &str) -> Result<Call>;

    /// Downloads the recording of a call, as the raw audio bytes: `GET /call/{id}/recording`.
    ///
    /// The endpoint has no reference page; it is the target of the `recording_url` of webhooks
    /// and campaign calls, which [`Client::download_recording_url`](crate::Client::download_recording_url) accepts as is. The whole
    /// recording is read into memory within the client's time limit per attempt; raise
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout) for long calls.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such call or it has
    /// no recording, 401 when the key is wrong; and every transport error.
    #[get("/call/<id>/recording")]
    async fn download_recording(&self, id: &str) -> Result<Bytes>;
}
