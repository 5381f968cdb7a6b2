//! Sending one prepared call: attempts, retries, time limits, size limits, and redaction of
//! what comes back. Below it is reqwest; above it, the request builder that expansions call.

mod redact;
mod response;
mod retry;

pub(crate) use redact::redact_decode_error;
pub(crate) use retry::RetryPolicy;

use crate::auth::ApiKey;
use crate::error::{Error, Result, TransportKind};
use bytes::Bytes;
use futures_util::future::{self, Either};
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};
use response::{Attempt, api_error, receive};
use retry::Decision;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// What the macro knows about an endpoint when it expands, and all that logs, retries and
/// idempotency need to know of it.
#[derive(Debug)]
pub struct Endpoint {
    /// The method name in the trait.
    pub name: &'static str,
    /// The HTTP method of the route attribute.
    pub method: Method,
    /// The route as written, for logs: it names parameters, never their values.
    pub route: &'static str,
}

/// The HTTP methods routes can use, one per route attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `#[get]`
    Get,
    /// `#[post]`
    Post,
    /// `#[put]`
    Put,
    /// `#[patch]`
    Patch,
    /// `#[delete]`
    Delete,
    /// `#[head]`
    Head,
}

impl Method {
    pub(crate) fn as_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once (RFC 9110
    /// 9.2.2), which is what makes a retry safe without an idempotency key.
    pub(crate) fn is_idempotent(self) -> bool {
        match self {
            Method::Get | Method::Put | Method::Delete | Method::Head => true,
            Method::Post | Method::Patch => false,
        }
    }
}

/// What every call of a [`Client`](crate::Client) shares below its URL: the HTTP client, the
/// key, and the policies the [`ClientBuilder`](crate::ClientBuilder) set.
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) api_key: ApiKey,
    pub(crate) retry: RetryPolicy,
    /// The largest `2xx` body read, in bytes; see
    /// [`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size).
    pub(crate) max_response_size: usize,
    /// The time limit of one attempt, which reqwest applies unless a request has its own.
    pub(crate) timeout: Duration,
    /// The time limit of a whole call; see
    /// [`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout).
    pub(crate) total_timeout: Duration,
    /// Set only on the clients a mock stub runs its call against: the request is recorded here
    /// instead of being sent.
    #[cfg(feature = "mock")]
    pub(crate) capture: Option<std::sync::Arc<std::sync::Mutex<Option<CapturedRequest>>>>,
}

/// A request a capturing client recorded instead of sending it, exactly as it would have been
/// sent: what a mock stub matches.
#[cfg(feature = "mock")]
#[derive(Debug, Clone)]
pub(crate) struct CapturedRequest {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) url: Url,
    /// The call's own headers (header parameters), not the client's.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
}

/// Everything about a request that is known before the first attempt.
#[derive(Debug)]
pub(crate) struct PreparedRequest {
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
    /// Whether the client generated the `Idempotency-Key`, the caller having passed none.
    pub(crate) generated_idempotency_key: bool,
}

impl PreparedRequest {
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

/// A `2xx` response, body read, for a [`Decode`](crate::request::Decode) to turn into the
/// method's value. Named by expansions only through `Decode`.
#[derive(Debug)]
pub struct RawResponse {
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
    transport: &'c Transport,
    endpoint: &'static Endpoint,
    prepared: Result<PreparedRequest>,
) -> impl Future<Output = Result<RawResponse>> + Send + 'c {
    let prepared = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return Either::Left(future::ready(Err(error))),
    };
    #[cfg(feature = "mock")]
    if let Some(capture) = &transport.capture {
        let mut headers = prepared.headers;
        if prepared.generated_idempotency_key {
            // A new key is generated for every call, so a stub matches the call without it.
            headers.remove(crate::request::IDEMPOTENCY_KEY);
        }
        let captured = CapturedRequest {
            endpoint,
            url: prepared.url,
            headers,
            body: prepared.body,
        };
        *capture
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(captured);
        let recorded = Error::config("the call was recorded by a mock stub, not sent");
        return Either::Left(future::ready(Err(recorded)));
    }
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
        return Either::Right(Either::Left(attempts(transport, endpoint, prepared, span)));
    }
    let attempts = attempts(transport, endpoint, prepared, span.clone());
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
    transport: &'c Transport,
    endpoint: &'static Endpoint,
    prepared: PreparedRequest,
    span: tracing::Span,
) -> impl Future<Output = Result<RawResponse>> + Send + 'c {
    async move {
        // From the first poll, not from when the future was made.
        let started = Instant::now();
        let deadline =
            started.checked_add(prepared.total_timeout.unwrap_or(transport.total_timeout));
        let policy = &transport.retry;
        let mut attempt: u32 = 0;
        while prepared.retry_safe && attempt < policy.max_retries {
            let copy = prepared.copy(endpoint, attempt_timeout(transport, &prepared, deadline));
            // The outcome lives in this block only, so that it takes no room in the future
            // while the retry waits.
            let delay = {
                let outcome = receive(transport, transport.http.execute(copy)).await;
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
                        return finish(transport, endpoint, outcome, &span, started, attempt + 1);
                    }
                }
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
        let timeout = attempt_timeout(transport, &prepared, deadline);
        let request = prepared.into_request(endpoint, timeout);
        let outcome = receive(transport, transport.http.execute(request)).await;
        finish(transport, endpoint, outcome, &span, started, attempt + 1)
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
    transport: &Transport,
    prepared: &PreparedRequest,
    deadline: Option<Instant>,
) -> Option<Duration> {
    let own = prepared.timeout.unwrap_or(transport.timeout);
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
    transport: &Transport,
    endpoint: &Endpoint,
    outcome: std::result::Result<Attempt, reqwest::Error>,
    span: &tracing::Span,
    started: Instant,
    attempts: u32,
) -> Result<RawResponse> {
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
        }) => Err(api_error(transport, status, body, retry_after)),
        Ok(Attempt::TooLarge { status }) => Err(Error::ResponseTooLarge {
            limit: transport.max_response_size,
            status,
        }),
        // The URL has the filled path, and ids can be personal data.
        Err(source) => Err(Error::from(source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Client;

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
        let request = PreparedRequest {
            url: Url::parse(&format!("{}/thread/person-42", server.uri())).unwrap(),
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            total_timeout: None,
            retry_safe: true,
            generated_idempotency_key: false,
        };

        let capture = Capture::default();
        let guard = tracing::subscriber::set_default(capture.clone());
        execute(&client.inner.transport, &ENDPOINT, Ok(request))
            .await
            .unwrap();
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

    fn client() -> Client {
        Client::builder().api_key("sk_secret_key").build().unwrap()
    }

    #[test]
    fn the_future_of_a_call_stays_small() {
        // Every call moves its future at least once, and each nested `async fn`, copied
        // parameter or value kept across an `.await` makes it grow. It is 744 bytes with rustc
        // 1.95 (BENCHMARKS.md has its history), and a hand-written reqwest call's is 584.
        let client = client();
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
