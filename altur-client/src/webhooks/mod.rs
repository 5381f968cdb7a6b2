//! Receiving Altur webhooks: checking `X-Altur-Signature` and decoding the events.
//!
//! Altur POSTs a JSON body with `Content-Type: application/json` and an `X-Altur-Signature`
//! header to the URL configured in the platform. The signature is an HMAC-SHA256 of the body; a
//! [`WebhookVerifier`] built from the shared secret checks it (in constant time) and only then
//! decodes the body into a [`WebhookEvent`].
//!
//! The documentation describes two signing schemes ([`SignatureScheme`]): the newer one, the
//! default, takes a base64 secret and sends a base64 signature ([`WebhookVerifier::new`]); the
//! older one keys the HMAC with the secret's text and sends hex
//! ([`WebhookVerifier::legacy_hex`]).
//!
//! In a handler, give the verifier the request's headers and its **raw** body bytes: with axum,
//! take `headers: HeaderMap, body: Bytes` as extractors (not `Json<…>`, which would parse
//! first) and call [`verify_request`](WebhookVerifier::verify_request). Answer `200` quickly (Altur
//! waits about 10 seconds), and expect retries (up to 5): deduplicate on
//! [`WebhookEvent::event_id`], or the call id for `on_call_end`. Answer `200` to event types you
//! do not handle too, or Altur will retry them. Framework aside, a handler looks like this:
//!
//! ```
//! use altur_client::webhooks::{SIGNATURE_HEADER, WebhookErrorKind, WebhookEvent, WebhookVerifier};
//! use reqwest::header::{HeaderMap, HeaderValue};
//!
//! /// Returns the HTTP status to answer with.
//! fn handle(verifier: &WebhookVerifier, headers: &HeaderMap, body: &[u8]) -> u16 {
//!     match verifier.verify_request(headers, body) {
//!         Ok(WebhookEvent::CallEnded(call)) => {
//!             println!("call {} ended after {:?} s", call.id, call.duration);
//!             200
//!         }
//!         Ok(WebhookEvent::CampaignStatusChanged(event)) => {
//!             println!("campaign {} is now {}", event.data.campaign.id, event.data.campaign.status);
//!             200
//!         }
//!         Ok(_) => 200,
//!         Err(error) if error.webhook_kind() == Some(WebhookErrorKind::MalformedBody) => 400,
//!         Err(_) => 401,
//!     }
//! }
//!
//! # fn main() -> altur_client::Result<()> {
//! // The secret shown in Altur, from the environment or a secret store in real code.
//! let verifier = WebhookVerifier::new("c2VjcmV0LWtleS1mb3ItdGVzdHM=")?;
//!
//! let body = br#"{"event_type":"on_call_end","id":"cll_1","type":"outbound","duration":45}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&verifier.sign(body)).unwrap());
//! assert_eq!(handle(&verifier, &headers, body), 200);
//!
//! let tampered = br#"{"event_type":"on_call_end","id":"cll_1","type":"outbound","duration":1}"#;
//! assert_eq!(handle(&verifier, &headers, tampered), 401);
//! # Ok(())
//! # }
//! ```
//!
//! To test a handler end to end, [`MockServer::send_webhook`](crate::mock::MockServer::send_webhook)
//! (feature `mock`) delivers a signed event over HTTP.

mod events;
mod signature;

pub use crate::error::WebhookErrorKind;
pub use events::{
    Assistant, CallEndUser, CallEnded, CampaignCycleCompleted, CampaignCycleCompletedData,
    CampaignStatusChanged, CampaignStatusChangedData, CampaignSummary, Speaker, TranscriptMessage,
    WebhookEnvelope, WebhookEvent,
};
pub use signature::{SignatureScheme, WebhookVerifier};

use crate::Error;

/// The name of the header that carries the signature, lowercase as `http` stores header names.
/// Header names are case-insensitive: Altur sends `X-Altur-Signature`.
///
/// ```
/// use altur_client::webhooks::SIGNATURE_HEADER;
/// use reqwest::header::HeaderName;
///
/// assert!(HeaderName::from_static(SIGNATURE_HEADER) == "X-Altur-Signature");
/// ```
pub const SIGNATURE_HEADER: &str = "x-altur-signature";

/// An [`Error::Webhook`] with the detail as its source. Callers pass static reasons or a
/// `serde_json::Error`, never anything derived from the secret.
fn webhook_error(
    kind: WebhookErrorKind,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::Webhook {
        kind,
        source: Some(source.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn errors_name_the_kind_and_keep_the_reason_as_source() {
        let error = webhook_error(WebhookErrorKind::MissingSignature, "no header");
        assert_eq!(error.to_string(), "missing webhook signature");
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("no header")
        );
        assert_eq!(
            error.webhook_kind(),
            Some(WebhookErrorKind::MissingSignature)
        );
        assert_eq!(Error::config("x").webhook_kind(), None);
    }

    #[test]
    fn kinds_display_lowercase() {
        for kind in [
            WebhookErrorKind::MissingSignature,
            WebhookErrorKind::InvalidSignature,
            WebhookErrorKind::InvalidSecret,
            WebhookErrorKind::MalformedBody,
        ] {
            let text = kind.to_string();
            assert!(text.starts_with(char::is_lowercase), "{text}");
            assert!(!text.ends_with('.'), "{text}");
        }
    }
}
