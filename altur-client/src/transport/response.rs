//! One attempt's response: waiting for it, reading its body within the limits, and turning a
//! status outside `2xx` into an [`Error::Api`] without the key.

use super::redact::{redact_api_error, redact_headers};
use super::{RawResponse, Transport, retry};
use crate::error::{ApiError, Error};
use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use std::time::Duration;

/// How much of an error body is kept: enough for any error model, and for a proxy's HTML page
/// to be recognizable.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// How far past [`MAX_ERROR_BODY`] an error body is read, so that an API key echoed across the
/// cut is still redacted whole before the body is cut; `ApiKey` refuses keys longer than this.
const REDACTION_LOOKAHEAD: usize = 4 * 1024;
const _: () = assert!(REDACTION_LOOKAHEAD > crate::auth::MAX_KEY_LEN);

pub(super) enum Attempt {
    Success(RawResponse),
    Failure {
        status: StatusCode,
        /// Up to [`error_body_limit`] plus [`REDACTION_LOOKAHEAD`] bytes, cut after redaction.
        body: Bytes,
        retry_after: Option<Duration>,
    },
    /// A `2xx` whose body is over the client's limit; the rest of it was left unread.
    TooLarge {
        status: StatusCode,
    },
}

/// Waits for the response to one attempt, already sent as `sent`, and reads its body.
pub(super) async fn receive(
    transport: &Transport,
    sent: impl Future<Output = std::result::Result<reqwest::Response, reqwest::Error>>,
) -> std::result::Result<Attempt, reqwest::Error> {
    let mut response = sent.await?;
    let status = response.status();
    // One read for both outcomes: a response kept across two `.await`s would take its own room
    // in the future of every call.
    let limit = if status.is_success() {
        let limit = transport.max_response_size;
        // `content_length` is what the body will deliver (0 for a `HEAD`), not the raw header.
        if response
            .content_length()
            .is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX))
        {
            return Ok(Attempt::TooLarge { status });
        }
        limit
    } else {
        error_body_limit(transport).saturating_add(REDACTION_LOOKAHEAD)
    };
    let body = read_body(&mut response, limit).await?;
    if status.is_success() {
        return Ok(match body {
            Body::Complete(body) => Attempt::Success(RawResponse {
                status,
                headers: {
                    let mut headers = std::mem::take(response.headers_mut());
                    redact_headers(&transport.api_key, &mut headers);
                    headers
                },
                body,
            }),
            Body::OverLimit(_) => Attempt::TooLarge { status },
        });
    }
    let (Body::Complete(body) | Body::OverLimit(body)) = body;
    Ok(Attempt::Failure {
        status,
        body,
        retry_after: retry::retry_after(response.headers()),
    })
}

/// How many bytes of an error body are kept.
fn error_body_limit(transport: &Transport) -> usize {
    transport.max_response_size.min(MAX_ERROR_BODY)
}

enum Body {
    Complete(Bytes),
    /// What was read when the body passed the limit: more than `limit` bytes, the rest unread.
    OverLimit(Bytes),
}

/// Reads the body chunk by chunk, stopping as soon as it is longer than `limit`, so that a body
/// of any size takes at most `limit` bytes and one chunk. The caller then drops the response,
/// which closes the connection rather than reading the rest.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> std::result::Result<Body, reqwest::Error> {
    // Most bodies arrive in one chunk, which is then returned without a copy.
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut total: usize = 0;
    while let Some(chunk) = response.chunk().await? {
        total = total.saturating_add(chunk.len());
        if first.is_none() && joined.is_empty() {
            first = Some(chunk);
        } else {
            if let Some(first) = first.take() {
                joined.extend_from_slice(&first);
            }
            joined.extend_from_slice(&chunk);
        }
        if total > limit {
            return Ok(Body::OverLimit(first.unwrap_or_else(|| joined.freeze())));
        }
    }
    Ok(Body::Complete(first.unwrap_or_else(|| joined.freeze())))
}

/// The error for a non-`2xx` response: the status always, the documented error model when the
/// body is one, and never the API key, even when the server echoes it.
pub(super) fn api_error(
    transport: &Transport,
    status: StatusCode,
    body: Bytes,
    retry_after: Option<Duration>,
) -> Error {
    let key = &transport.api_key;
    let mut body = key.redact_body(body);
    // Cut after redacting, so that a key echoed across the cut leaves no prefix behind.
    body.truncate(error_body_limit(transport));
    let api_error = serde_json::from_slice::<ApiError>(&body)
        .ok()
        .map(|mut api_error| {
            redact_api_error(key, &mut api_error);
            Box::new(api_error)
        });
    Error::Api {
        status,
        api_error,
        body,
        retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Client;

    fn client(max_response_size: usize) -> Client {
        Client::builder()
            .api_key("sk_secret_key")
            .max_response_size(max_response_size)
            .build()
            .unwrap()
    }

    fn body_of(error: &Error) -> &[u8] {
        error.body().expect("an API error")
    }

    #[test]
    fn error_bodies_are_cut_at_64_kib_or_the_response_limit() {
        let client = client(1 << 20);
        let long = Bytes::from(vec![b'x'; MAX_ERROR_BODY + REDACTION_LOOKAHEAD]);
        let error = api_error(&client.inner.transport, StatusCode::BAD_GATEWAY, long, None);
        assert_eq!(body_of(&error).len(), MAX_ERROR_BODY);
        assert_eq!(error.status(), Some(502));

        let client = self::client(10);
        let error = api_error(
            &client.inner.transport,
            StatusCode::BAD_REQUEST,
            Bytes::from_static(br#"{"error": 400, "message": "bad"}"#),
            None,
        );
        assert_eq!(body_of(&error), br#"{"error": "#);
        assert!(error.api_error().is_none(), "a cut body is not decoded");
    }

    #[test]
    fn short_error_bodies_are_kept_and_decoded() {
        let client = client(1 << 20);
        let error = api_error(
            &client.inner.transport,
            StatusCode::NOT_FOUND,
            Bytes::from_static(br#"{"error": 404, "message": "gone"}"#),
            Some(Duration::from_secs(1)),
        );
        assert_eq!(error.api_error().map(|e| e.message.as_str()), Some("gone"));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    }

    #[test]
    fn the_key_is_redacted_before_the_body_is_cut() {
        let client = client(1 << 20);
        let mut body = vec![b'a'; MAX_ERROR_BODY - 3];
        body.extend_from_slice(b"sk_secret_key and more");
        let error = api_error(
            &client.inner.transport,
            StatusCode::BAD_REQUEST,
            body.into(),
            None,
        );
        let body = body_of(&error);
        assert_eq!(body.len(), MAX_ERROR_BODY);
        assert!(body.ends_with(b"a***"), "{:?}", &body[body.len() - 8..]);
        assert!(!body.windows(3).any(|window| window == b"sk_"));
    }
}
