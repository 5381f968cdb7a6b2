//! Sending one call: attempts, retries, and turning responses into results.

use crate::__private::Endpoint;
use crate::auth::ApiKey;
use crate::client::{Client, Inner};
use crate::error::{ApiError, Error, ErrorCode, Result, TransportKind};
use crate::retry::{self, Decision};
use bytes::{Bytes, BytesMut};
use futures_util::future::{self, Either};
use reqwest::header::{
    AUTHORIZATION, COOKIE, HeaderMap, HeaderValue, PROXY_AUTHORIZATION, SET_COOKIE,
};
use reqwest::{StatusCode, Url};
use std::borrow::Cow;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// How much of an error body is kept: enough for any error model, and for a proxy's HTML page
/// to be recognizable.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// How far past [`MAX_ERROR_BODY`] an error body is read, so that an API key echoed across the
/// cut is still redacted whole before the body is cut; `ApiKey` refuses keys longer than this.
const REDACTION_LOOKAHEAD: usize = 4 * 1024;
const _: () = assert!(REDACTION_LOOKAHEAD > crate::auth::MAX_KEY_LEN);

/// Everything about a request that is known before the first attempt.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) url: Url,
    /// Headers of this call only (the client's own are added by reqwest).
    pub(crate) headers: HeaderMap,
    /// A JSON body, already serialized, so every attempt sends the same bytes.
    pub(crate) body: Option<Bytes>,
    /// A per-method time limit for each attempt, replacing the client's.
    pub(crate) timeout: Option<Duration>,
    /// A per-method time limit for the whole call, replacing the client's.
    pub(crate) total_timeout: Option<Duration>,
    /// Whether sending this request twice is harmless: an idempotent method, or a call that
    /// carries an `Idempotency-Key` (sent unchanged on every attempt).
    pub(crate) retry_safe: bool,
}

impl Prepared {
    /// The request for an attempt that a retry may follow. The body is shared, not copied.
    fn copy(&self, endpoint: &Endpoint, timeout: Option<Duration>) -> reqwest::Request {
        request(
            endpoint,
            self.url.clone(),
            self.headers.clone(),
            self.body.clone(),
            timeout,
        )
    }

    /// The request for the last attempt.
    fn into_request(self, endpoint: &Endpoint, timeout: Option<Duration>) -> reqwest::Request {
        request(endpoint, self.url, self.headers, self.body, timeout)
    }
}

/// Built by hand rather than with `reqwest::Request::try_clone`, which always allocates the
/// request's extension map for its timeout.
fn request(
    endpoint: &Endpoint,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    timeout: Option<Duration>,
) -> reqwest::Request {
    let mut request = reqwest::Request::new(endpoint.method.as_reqwest(), url);
    *request.headers_mut() = headers;
    if let Some(body) = body {
        *request.body_mut() = Some(body.into());
    }
    // reqwest keeps the timeout in the request's extensions, a map allocated on first use.
    if timeout.is_some() {
        *request.timeout_mut() = timeout;
    }
    request
}

/// A `2xx` response, body read.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Sends the request, retrying as the client's policy allows, and returns the `2xx` response or
/// the error of the last attempt. A request that could not be prepared fails without sending.
///
/// The call runs in a debug span `altur.request` with the fields `endpoint` (the trait method),
/// `method`, `route` (the template, never the filled path: ids can be personal data), and, once
/// the call is over, `status` (of the last response), `attempts` (how many were made) and
/// `latency_ms` (of the whole call, retries and waits included). Each retry logs an INFO event
/// `retrying` with `attempt` (the 1-based number of the attempt that failed), `delay_ms`, and
/// either `status` or `error` (a kind such as `timeout`, never the error's text, which has the
/// URL). The end of the call logs one event with the span's fields: DEBUG `request succeeded`,
/// or WARN `request failed` with `status` or `error`.
///
/// Not an `async fn`: what needs no waiting (the span, and whether anyone listens to it) is done
/// before the future is built, so the future, which every call moves, holds only the attempts.
pub(crate) fn execute<'c>(
    client: &'c Client,
    endpoint: &'static Endpoint,
    prepared: Result<Prepared>,
) -> impl Future<Output = Result<Response>> + Send + 'c {
    let prepared = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return Either::Left(future::ready(Err(error))),
    };
    let span = tracing::debug_span!(
        "altur.request",
        endpoint = endpoint.name,
        method = endpoint.method.as_str(),
        route = endpoint.route,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    if span.is_disabled() {
        // Without a subscriber for the span, skip entering it on every poll.
        return Either::Right(Either::Left(attempts(client, endpoint, prepared, span)));
    }
    let attempts = attempts(client, endpoint, prepared, span.clone());
    Either::Right(Either::Right(attempts.instrument(span)))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The attempts of one call. Every call awaits this future, so what it keeps across an `.await`
/// is paid on every call. It is an `async` block rather than an `async fn`, whose parameters
/// would be stored twice (as captured and as moved into locals), and it keeps the request once,
/// sending a copy while a retry may follow and the request itself on the last attempt.
#[expect(
    clippy::manual_async_fn,
    reason = "an `async fn` would store its parameters twice"
)]
fn attempts<'c>(
    client: &'c Client,
    endpoint: &'static Endpoint,
    prepared: Prepared,
    span: tracing::Span,
) -> impl Future<Output = Result<Response>> + Send + 'c {
    async move {
        // From the first poll, not from when the future was made.
        let started = Instant::now();
        let inner = &*client.inner;
        let deadline = started.checked_add(prepared.total_timeout.unwrap_or(inner.total_timeout));
        let policy = &inner.retry;
        let mut attempt: u32 = 0;
        while prepared.retry_safe && attempt < policy.max_retries {
            let copy = prepared.copy(endpoint, attempt_timeout(inner, &prepared, deadline));
            // The outcome lives in this block only, so that it takes no room in the future
            // while the retry waits.
            let delay = {
                let outcome = receive(inner, inner.http.execute(copy)).await;
                let decision = match &outcome {
                    Ok(Attempt::Success(_) | Attempt::TooLarge { .. }) => Decision::GiveUp,
                    Ok(Attempt::Failure {
                        status,
                        retry_after,
                        ..
                    }) => policy.after_status(attempt, *status, *retry_after),
                    Err(error) => policy.after_transport_error(attempt, error),
                };
                match decision {
                    // A retry starts only if its wait ends before the call's deadline.
                    Decision::RetryAfter(delay) if fits_before(deadline, delay) => {
                        log_retry(attempt + 1, delay, &outcome);
                        delay
                    }
                    Decision::RetryAfter(_) | Decision::GiveUp => {
                        return finish(inner, endpoint, outcome, &span, started, attempt + 1);
                    }
                }
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
        let timeout = attempt_timeout(inner, &prepared, deadline);
        let request = prepared.into_request(endpoint, timeout);
        let outcome = receive(inner, inner.http.execute(request)).await;
        finish(inner, endpoint, outcome, &span, started, attempt + 1)
    }
}

/// Whether waiting `delay` from now ends before `deadline` (always, without one).
fn fits_before(deadline: Option<Instant>, delay: Duration) -> bool {
    deadline.is_none_or(|deadline| {
        Instant::now()
            .checked_add(delay)
            .is_some_and(|end| end < deadline)
    })
}

/// The time limit of the next attempt, when it is not the client's: the method's own, or what
/// is left of the call's [`total_timeout`](crate::ClientBuilder::total_timeout) when that is
/// shorter.
fn attempt_timeout(
    inner: &Inner,
    prepared: &Prepared,
    deadline: Option<Instant>,
) -> Option<Duration> {
    let own = prepared.timeout.unwrap_or(inner.timeout);
    match deadline.map(|deadline| deadline.saturating_duration_since(Instant::now())) {
        Some(left) if left < own => Some(left),
        _ => prepared.timeout,
    }
}

fn log_retry(
    attempt: u32,
    delay: Duration,
    outcome: &std::result::Result<Attempt, reqwest::Error>,
) {
    let delay_ms = millis(delay);
    match outcome {
        Ok(Attempt::Failure { status, .. }) => {
            tracing::info!(attempt, delay_ms, status = status.as_u16(), "retrying");
        }
        Err(source) => {
            tracing::info!(
                attempt,
                delay_ms,
                error = TransportKind::of(source).as_str(),
                "retrying"
            );
        }
        Ok(Attempt::Success(_) | Attempt::TooLarge { .. }) => {}
    }
}

/// The call's result from its last attempt, with the span's last fields recorded and the call's
/// one closing event logged.
fn finish(
    inner: &Inner,
    endpoint: &Endpoint,
    outcome: std::result::Result<Attempt, reqwest::Error>,
    span: &tracing::Span,
    started: Instant,
    attempts: u32,
) -> Result<Response> {
    let latency_ms = millis(started.elapsed());
    let (status, error) = match &outcome {
        Ok(Attempt::Success(response)) => (Some(response.status), None),
        Ok(Attempt::Failure { status, .. } | Attempt::TooLarge { status }) => (Some(*status), None),
        Err(source) => (None, Some(TransportKind::of(source).as_str())),
    };
    span.record("attempts", attempts);
    span.record("latency_ms", latency_ms);
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    let (name, method, route) = (endpoint.name, endpoint.method.as_str(), endpoint.route);
    let status = status.map(|status| status.as_u16());
    if matches!(outcome, Ok(Attempt::Success(_))) {
        tracing::debug!(
            endpoint = name,
            method,
            route,
            status,
            attempts,
            latency_ms,
            "request succeeded"
        );
    } else {
        tracing::warn!(
            endpoint = name,
            method,
            route,
            status,
            error,
            attempts,
            latency_ms,
            "request failed"
        );
    }
    match outcome {
        Ok(Attempt::Success(response)) => Ok(response),
        Ok(Attempt::Failure {
            status,
            body,
            retry_after,
        }) => Err(api_error(inner, status, body, retry_after)),
        Ok(Attempt::TooLarge { status }) => Err(Error::ResponseTooLarge {
            limit: inner.max_response_size,
            status,
        }),
        // The URL has the filled path, and ids can be personal data.
        Err(source) => Err(Error::Transport {
            source: source.without_url(),
        }),
    }
}

enum Attempt {
    Success(Response),
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
async fn receive(
    inner: &Inner,
    sent: impl Future<Output = std::result::Result<reqwest::Response, reqwest::Error>>,
) -> std::result::Result<Attempt, reqwest::Error> {
    let mut response = sent.await?;
    let status = response.status();
    // One read for both outcomes: a response kept across two `.await`s would take its own room
    // in the future of every call.
    let limit = if status.is_success() {
        let limit = inner.max_response_size;
        // `content_length` is what the body will deliver (0 for a `HEAD`), not the raw header.
        if response
            .content_length()
            .is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX))
        {
            return Ok(Attempt::TooLarge { status });
        }
        limit
    } else {
        error_body_limit(inner).saturating_add(REDACTION_LOOKAHEAD)
    };
    let body = read_body(&mut response, limit).await?;
    if status.is_success() {
        return Ok(match body {
            Body::Complete(body) => Attempt::Success(Response {
                status,
                headers: {
                    let mut headers = std::mem::take(response.headers_mut());
                    redact_headers(&inner.api_key, &mut headers);
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
fn error_body_limit(inner: &Inner) -> usize {
    inner.max_response_size.min(MAX_ERROR_BODY)
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
fn api_error(
    inner: &Inner,
    status: StatusCode,
    body: Bytes,
    retry_after: Option<Duration>,
) -> Error {
    let key = &inner.api_key;
    let mut body = key.redact_body(body);
    // Cut after redacting, so that a key echoed across the cut leaves no prefix behind.
    body.truncate(error_body_limit(inner));
    let api_error = serde_json::from_slice::<ApiError>(&body)
        .ok()
        .map(|mut api_error| {
            // Decoded from the redacted body, so already without the key; this also covers what
            // `Display` makes of the strings.
            if let Some(ErrorCode::Text(code)) = &mut api_error.code {
                redact_shown(key, code);
            }
            redact_shown(key, &mut api_error.message);
            for (_, value) in api_error.details.iter_mut() {
                key.redact_json(value);
            }
            Box::new(api_error)
        });
    Error::Api {
        status,
        api_error,
        body,
        retry_after,
    }
}

/// Replaces the key in server text that `Display` shows, also where escaping it would spell it.
fn redact_shown(key: &ApiKey, text: &mut String) {
    if let Cow::Owned(redacted) = key.redact_text(text) {
        *text = redacted;
    }
}

/// `error` without the key: a `2xx` body that did not decode may hold it, and serde quotes the
/// value it choked on in its message.
pub(crate) fn redact_decode_error(inner: &Inner, error: Error) -> Error {
    let Error::Decode {
        target,
        status,
        body,
        source,
    } = error
    else {
        return error;
    };
    let key = &inner.api_key;
    let message = source.to_string();
    let source = match key.redact_str(&message) {
        Cow::Borrowed(_) => source,
        // The position is part of the message; the rebuilt error has none of its own.
        Cow::Owned(redacted) => <serde_json::Error as serde::de::Error>::custom(redacted),
    };
    Error::Decode {
        target,
        status,
        body: key.redact_body(body),
        source,
    }
}

/// Response headers as users may print them: a value holding the key is replaced and, like
/// credentials a server echoes, marked sensitive so that `Debug` hides it.
fn redact_headers(key: &ApiKey, headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        if let Some(redacted) = key.redact(value.as_bytes()) {
            *value = HeaderValue::from_bytes(&redacted)
                .unwrap_or_else(|_| HeaderValue::from_static("***"));
            value.set_sensitive(true);
        } else if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE, SET_COOKIE].contains(name) {
            value.set_sensitive(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let error = api_error(&client.inner, StatusCode::BAD_GATEWAY, long, None);
        assert_eq!(body_of(&error).len(), MAX_ERROR_BODY);
        assert_eq!(error.status(), Some(502));

        let client = self::client(10);
        let error = api_error(
            &client.inner,
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
            &client.inner,
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
        let error = api_error(&client.inner, StatusCode::BAD_REQUEST, body.into(), None);
        let body = body_of(&error);
        assert_eq!(body.len(), MAX_ERROR_BODY);
        assert!(body.ends_with(b"a***"), "{:?}", &body[body.len() - 8..]);
        assert!(!body.windows(3).any(|window| window == b"sk_"));
    }

    /// Records every field of every span and event, as text.
    #[derive(Clone, Default)]
    struct Capture(std::sync::Arc<Captured>);

    type FieldList = Vec<(String, String)>;

    #[derive(Default)]
    struct Captured {
        spans: std::sync::Mutex<Vec<(&'static str, FieldList)>>,
        events: std::sync::Mutex<Vec<FieldList>>,
    }

    struct Fields<'a>(&'a mut Vec<(String, String)>);

    impl tracing::field::Visit for Fields<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }

        fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
            self.0.push((field.name().to_owned(), value.to_owned()));
        }
    }

    impl tracing::Subscriber for Capture {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, attributes: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            let mut spans = self.0.spans.lock().unwrap();
            let mut fields = Vec::new();
            attributes.record(&mut Fields(&mut fields));
            spans.push((attributes.metadata().name(), fields));
            tracing::span::Id::from_u64(spans.len() as u64)
        }

        fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
            let mut spans = self.0.spans.lock().unwrap();
            let index = usize::try_from(span.into_u64()).unwrap() - 1;
            values.record(&mut Fields(&mut spans[index].1));
        }

        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

        fn event(&self, event: &tracing::Event<'_>) {
            let mut fields = Vec::new();
            event.record(&mut Fields(&mut fields));
            self.0.events.lock().unwrap().push(fields);
        }

        fn enter(&self, _: &tracing::span::Id) {}

        fn exit(&self, _: &tracing::span::Id) {}
    }

    fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
        fields
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    #[tokio::test]
    async fn the_span_and_retry_events_carry_the_documented_fields_and_no_values() {
        use crate::__private::Method;
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};

        static ENDPOINT: Endpoint = Endpoint {
            name: "retrieve_thread",
            method: Method::Get,
            route: "/thread/<id>",
        };
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        let client = Client::builder()
            .api_key("sk_secret_key")
            .base_url(server.uri())
            .initial_backoff(Duration::from_millis(1))
            .build()
            .unwrap();
        let request = Prepared {
            url: Url::parse(&format!("{}/thread/person-42", server.uri())).unwrap(),
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            total_timeout: None,
            retry_safe: true,
        };

        let capture = Capture::default();
        let guard = tracing::subscriber::set_default(capture.clone());
        execute(&client, &ENDPOINT, Ok(request)).await.unwrap();
        drop(guard);

        let spans = capture.0.spans.lock().unwrap();
        let (_, span) = spans
            .iter()
            .find(|(name, _)| *name == "altur.request")
            .expect("the call's span");
        assert_eq!(field(span, "endpoint"), Some("retrieve_thread"));
        assert_eq!(field(span, "method"), Some("GET"));
        assert_eq!(field(span, "route"), Some("/thread/<id>"));
        assert_eq!(field(span, "status"), Some("200"));
        assert_eq!(field(span, "attempts"), Some("2"));
        let latency: u64 = field(span, "latency_ms").unwrap().parse().unwrap();
        assert!(latency < 10_000, "{latency}");

        let events = capture.0.events.lock().unwrap();
        let retry = events
            .iter()
            .find(|fields| field(fields, "message") == Some("retrying"))
            .expect("a retry event");
        assert_eq!(field(retry, "attempt"), Some("1"));
        assert_eq!(field(retry, "status"), Some("503"));
        let delay: u64 = field(retry, "delay_ms").unwrap().parse().unwrap();
        assert!(delay <= 1, "{delay}");

        // hyper's own events name the address; the client's never do.
        let everything = format!("{span:?} {retry:?}");
        assert!(!everything.contains("person-42"), "{everything}");
        assert!(!everything.contains("sk_secret_key"), "{everything}");
        assert!(!everything.contains("127.0.0.1"), "{everything}");
    }

    #[test]
    fn the_future_of_a_call_stays_small() {
        // Every call moves its future at least once, and each nested `async fn`, copied
        // parameter or value kept across an `.await` makes it grow. It is 744 bytes with rustc
        // 1.95 (BENCHMARKS.md has its history), and a hand-written reqwest call's is 584.
        let client = client(1 << 20);
        let future = crate::EndUserApi::retrieve_enduser(&client, uuid::Uuid::nil());
        let size = std::mem::size_of_val(&future);
        assert!(size <= 768, "{size} bytes");
    }

    #[test]
    fn millis_saturates() {
        assert_eq!(millis(Duration::from_millis(1500)), 1500);
        assert_eq!(millis(Duration::MAX), u64::MAX);
    }
}
