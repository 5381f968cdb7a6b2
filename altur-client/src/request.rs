//! Sending one call: attempts, retries, and turning responses into results.

use crate::__private::Endpoint;
use crate::client::{Client, Inner};
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
    let retries_allowed = endpoint.method.is_idempotent();
    let span = tracing::Span::current();
    let mut attempt: u32 = 0;
    loop {
        span.record("attempts", attempt + 1);
        if !retries_allowed || attempt >= policy.max_retries {
            // The last attempt takes the URL itself, so a call that is not retried copies nothing.
            return finish(inner, send_once(inner, endpoint, url).await);
        }
        let outcome = send_once(inner, endpoint, url.clone()).await;
        let decision = match &outcome {
            Ok(Attempt::Success(_)) => Decision::GiveUp,
            Ok(Attempt::Failure {
                status,
                retry_after,
                ..
            }) => policy.after_status(attempt, *status, *retry_after),
            Err(error) => policy.after_transport_error(attempt, error),
        };
        match decision {
            Decision::RetryAfter(delay) => {
                tracing::debug!(attempt = attempt + 1, ?delay, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            Decision::GiveUp => return finish(inner, outcome),
        }
    }
}

fn finish(
    inner: &Inner,
    outcome: std::result::Result<Attempt, reqwest::Error>,
) -> Result<Response> {
    let status = match &outcome {
        Ok(Attempt::Success(response)) => Some(response.status),
        Ok(Attempt::Failure { status, .. }) => Some(*status),
        Err(_) => None,
    };
    if let Some(status) = status {
        tracing::Span::current().record("status", status.as_u16());
    }
    match outcome {
        Ok(Attempt::Success(response)) => Ok(response),
        Ok(Attempt::Failure {
            status,
            body,
            retry_after,
        }) => Err(api_error(inner, status, body, retry_after)),
        Err(source) => Err(Error::Transport { source }),
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
    inner: &Inner,
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
    inner: &Inner,
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
