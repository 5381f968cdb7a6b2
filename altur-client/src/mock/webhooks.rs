//! Delivering signed webhooks, as Altur does, to test a receiver.

use super::MockServer;
use crate::webhooks::{SIGNATURE_HEADER, WebhookVerifier};
use crate::{Error, Result};
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;
use std::time::Duration;

/// How long a delivery waits for the receiver: the documentation asks receivers to answer
/// within 10 seconds.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

impl MockServer {
    /// POSTs `event` to `url` as Altur delivers a webhook: the compact JSON body,
    /// `Content-Type: application/json`, and an `X-Altur-Signature` computed by `verifier` (so in
    /// its [scheme](WebhookVerifier::scheme)). Returns the receiver's HTTP status; Altur would
    /// retry on anything but `2xx`, this method does not.
    ///
    /// `event` is anything serializable: a `serde_json::Value` to send exactly the payload a test
    /// needs, or a decoded [`WebhookEvent`](crate::webhooks::WebhookEvent). No proxy is used, and
    /// the receiver has 10 seconds to answer. The server's own state is not involved: any
    /// receiver works, including one outside the mock.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::webhooks::{SIGNATURE_HEADER, WebhookVerifier};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // A minimal receiver: it answers 204 to one request and keeps what it read.
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let url = format!("http://{}/webhooks/altur", listener.local_addr()?);
    /// let receiver = tokio::spawn(async move {
    ///     let (mut stream, _) = listener.accept().await?;
    ///     let mut request = Vec::new();
    ///     let mut buffer = [0; 4096];
    ///     while !request.ends_with(b"}") {
    ///         let read = stream.read(&mut buffer).await?;
    ///         if read == 0 { break; }
    ///         request.extend_from_slice(&buffer[..read]);
    ///     }
    ///     stream.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").await?;
    ///     std::io::Result::Ok(String::from_utf8_lossy(&request).into_owned())
    /// });
    ///
    /// let server = MockServer::start().await;
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let event = serde_json::json!({"event_type": "on_call_end", "id": "cll_1"});
    /// assert_eq!(server.send_webhook(&url, &verifier, &event).await?, 204);
    ///
    /// let request = receiver.await??;
    /// assert!(request.starts_with("POST /webhooks/altur HTTP/1.1"));
    /// assert!(request.contains(&verifier.sign(br#"{"event_type":"on_call_end","id":"cll_1"}"#)));
    /// assert!(request.to_lowercase().contains(SIGNATURE_HEADER));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidParameter`] when `event` does not serialize to JSON.
    /// - [`Error::Transport`] when `url` is not a valid URL, the connection fails or the receiver
    ///   does not answer in time.
    pub async fn send_webhook<T: Serialize + ?Sized>(
        &self,
        url: &str,
        verifier: &WebhookVerifier,
        event: &T,
    ) -> Result<u16> {
        let body = serde_json::to_vec(event).map_err(|error| Error::InvalidParameter {
            name: "event",
            reason: format!("failed to serialize the event: {error}").into(),
        })?;
        let mut signature = HeaderValue::try_from(verifier.sign(&body))
            .map_err(|_| Error::config("the webhook signature is not a valid header value"))?;
        signature.set_sensitive(true);
        let client = reqwest::Client::builder()
            .timeout(DELIVERY_TIMEOUT)
            .no_proxy()
            .build()?;
        let response = client
            .post(url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await?;
        Ok(response.status().as_u16())
    }
}
