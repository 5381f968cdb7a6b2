//! Sending one call: attempts, retries, and turning responses into results.

use crate::__private::Endpoint;
use crate::client::{Client, Inner};
use crate::error::{ApiError, Error, Result};
use crate::retry::{self, Decision};
use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};
use std::time::Duration;
use tracing::Instrument;

/// Everything about a request that is known before the first attempt.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) url: Url,
    /// Headers of this call only (the client's own are added by reqwest).
    pub(crate) headers: HeaderMap,
    /// A JSON body, already serialized, so every attempt sends the same bytes.
    pub(crate) body: Option<Bytes>,
    /// A per-method time limit for each attempt, replacing the client's.
    pub(crate) timeout: Option<Duration>,
    /// Whether sending this request twice is harmless: an idempotent method, or a call that
    /// carries an `Idempotency-Key` (sent unchanged on every attempt).
    pub(crate) retry_safe: bool,
}

/// A `2xx` response, body read.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Sends the request, retrying as the client's policy allows, and returns the `2xx` response or
/// the error of the last attempt.
pub(crate) async fn execute(
    client: &Client,
    endpoint: &'static Endpoint,
    request: Prepared,
) -> Result<Response> {
    let span = tracing::debug_span!(
        "altur.request",
        endpoint = endpoint.name,
        method = endpoint.method.as_str(),
        route = endpoint.route,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
    );
    execute_attempts(client, endpoint, request)
        .instrument(span)
        .await
}

async fn execute_attempts(
    client: &Client,
    endpoint: &'static Endpoint,
    request: Prepared,
) -> Result<Response> {
    let inner = &*client.inner;
    let policy = &inner.retry;
    let span = tracing::Span::current();
    let mut attempt: u32 = 0;
    loop {
        span.record("attempts", attempt + 1);
        if !request.retry_safe || attempt >= policy.max_retries {
            // The last attempt takes the request itself, so a call that is not retried copies
            // nothing.
            return finish(inner, send_once(inner, endpoint, request).await);
        }
        let outcome = send_once(inner, endpoint, request.clone()).await;
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
        retry_after: Option<Duration>,
    },
}

async fn send_once(
    inner: &Inner,
    endpoint: &Endpoint,
    request: Prepared,
) -> std::result::Result<Attempt, reqwest::Error> {
    let Prepared {
        url,
        headers,
        body,
        timeout,
        ..
    } = request;
    let mut builder = inner.http.request(endpoint.method.as_reqwest(), url);
    if !headers.is_empty() {
        builder = builder.headers(headers);
    }
    if let Some(body) = body {
        builder = builder.body(body);
    }
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    let mut response = builder.send().await?;
    let status = response.status();
    if status.is_success() {
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        return Ok(Attempt::Success(Response {
            status,
            headers,
            body,
        }));
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
    retry_after: Option<Duration>,
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
