//! Sending one call: attempts, retries, and turning responses into results.

use crate::__private::Endpoint;
use crate::client::Client;
use crate::error::{ApiError, Error, Result};
use crate::retry::{self, Decision};
use bytes::Bytes;
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument;

/// A `2xx` response, body read.
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
}

impl Response {
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            target: std::any::type_name::<T>(),
            status: self.status,
            body: self.body,
            source,
        })
    }
}

/// Sends the request, retrying as the client's policy allows, and returns the `2xx` response or
/// the error of the last attempt.
pub(crate) async fn execute(
    client: &Client,
    endpoint: &'static Endpoint,
    url: Url,
) -> Result<Response> {
    let span = tracing::debug_span!(
        "altur.request",
        endpoint = endpoint.name,
        method = ?endpoint.method,
        route = endpoint.route,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
    );
    execute_attempts(client, endpoint, url)
        .instrument(span)
        .await
}

async fn execute_attempts(
    client: &Client,
    endpoint: &'static Endpoint,
    url: Url,
) -> Result<Response> {
    let inner = &*client.inner;
    let policy = &inner.retry;
    let retries_allowed = endpoint.method.is_idempotent() && policy.max_retries > 0;
    let mut url = Some(url);
    let mut attempt: u32 = 0;
    loop {
        let is_last = !retries_allowed || attempt >= policy.max_retries;
        // The URL is moved into the last possible attempt, so calls without retries copy nothing.
        let attempt_url = match (is_last, &mut url) {
            (true, url) => url.take(),
            (false, url) => url.clone(),
        };
        let Some(attempt_url) = attempt_url else {
            return Err(Error::config("the request URL was already used"));
        };
        let outcome = send_once(inner, endpoint, attempt_url).await;
        let span = tracing::Span::current();
        span.record("attempts", attempt + 1);
        let decision = match &outcome {
            Ok(Attempt::Success(response)) => {
                span.record("status", response.status.as_u16());
                Decision::GiveUp
            }
            Ok(Attempt::Failure {
                status,
                retry_after,
                ..
            }) => {
                span.record("status", status.as_u16());
                if retries_allowed {
                    policy.after_status(attempt, *status, *retry_after)
                } else {
                    Decision::GiveUp
                }
            }
            Err(error) if retries_allowed => policy.after_transport_error(attempt, error),
            Err(_) => Decision::GiveUp,
        };
        match (outcome, decision) {
            (Ok(Attempt::Success(response)), _) => return Ok(response),
            (_, Decision::RetryAfter(delay)) => {
                tracing::debug!(attempt = attempt + 1, ?delay, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            (
                Ok(Attempt::Failure {
                    status,
                    body,
                    retry_after,
                }),
                Decision::GiveUp,
            ) => return Err(api_error(inner, status, body, retry_after)),
            (Err(source), Decision::GiveUp) => return Err(Error::Transport { source }),
        }
    }
}

enum Attempt {
    Success(Response),
    Failure {
        status: StatusCode,
        body: Bytes,
        retry_after: Option<std::time::Duration>,
    },
}

async fn send_once(
    inner: &crate::client::Inner,
    endpoint: &Endpoint,
    url: Url,
) -> std::result::Result<Attempt, reqwest::Error> {
    let response = inner
        .http
        .request(endpoint.method.as_reqwest(), url)
        .send()
        .await?;
    let status = response.status();
    if status.is_success() {
        let body = response.bytes().await?;
        return Ok(Attempt::Success(Response { status, body }));
    }
    let retry_after = retry::retry_after(response.headers());
    let body = response.bytes().await?;
    Ok(Attempt::Failure {
        status,
        body,
        retry_after,
    })
}

/// The error for a non-`2xx` response: the status always, the documented error model when the
/// body is one, and never the API key, even when the server echoes it.
fn api_error(
    inner: &crate::client::Inner,
    status: StatusCode,
    body: Bytes,
    retry_after: Option<std::time::Duration>,
) -> Error {
    let body = match inner.api_key.redact(&body) {
        Some(redacted) => Bytes::from(redacted),
        None => body,
    };
    let api_error = serde_json::from_slice::<ApiError>(&body).ok().map(Box::new);
    Error::Api {
        status,
        api_error,
        body,
        retry_after,
    }
}
