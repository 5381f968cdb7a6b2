//! Stubs keyed by the method they stand for: [`MockServer::when`] runs a call against a client
//! that records the request instead of sending it, so a stub matches exactly what that call
//! sends, and is typed by what the call returns.

use super::service::{MockResponse, json};
use super::{MockServer, State, lock};
use crate::transport::{CapturedRequest, Method as RouteMethod};
use crate::{ApiError, Client, Result};
use bytes::Bytes;
use futures_util::FutureExt;
use hyper::header::{AUTHORIZATION, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The requests a server keeps for [`MockServer::received`], and the bytes of their bodies;
/// older ones are dropped first, so that neither a long load test nor large bodies (up to
/// 4 MiB each) grow the log without bound.
const MAX_LOGGED_REQUESTS: usize = 10_000;
const MAX_LOGGED_BODY_BYTES: usize = 64 << 20;

/// The latest requests a server received, oldest first.
#[derive(Default)]
pub(super) struct RequestLog {
    requests: VecDeque<ReceivedRequest>,
    body_bytes: usize,
}

impl RequestLog {
    fn push(&mut self, request: ReceivedRequest) {
        self.body_bytes += request.body.len();
        self.requests.push_back(request);
        while self.requests.len() > MAX_LOGGED_REQUESTS
            || (self.body_bytes > MAX_LOGGED_BODY_BYTES && self.requests.len() > 1)
        {
            if let Some(dropped) = self.requests.pop_front() {
                self.body_bytes -= dropped.body.len();
            }
        }
    }
}

/// A request the mock server received, as it arrived, without its `Authorization` header: what
/// [`MockServer::received`] lists and what a predicate of [`Stub::matching`] sees.
#[derive(Clone)]
pub struct ReceivedRequest {
    method: hyper::Method,
    path: String,
    query: Option<String>,
    headers: hyper::HeaderMap,
    body: Bytes,
}

impl ReceivedRequest {
    pub(super) fn new(request: &Request<Bytes>) -> Self {
        let mut headers = request.headers().clone();
        headers.remove(AUTHORIZATION);
        ReceivedRequest {
            method: request.method().clone(),
            path: request.uri().path().to_owned(),
            query: request.uri().query().map(str::to_owned),
            headers,
            body: request.body().clone(),
        }
    }

    /// The method, `"GET"` and so on.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The path as sent, percent-encoded, with the base URL's path: `/api/v1.0/enduser/..`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string as sent, without the `?`.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The decoded query pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .map(|query| {
                form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A header's value, when it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body decoded from JSON, typically into the model the call sent.
    ///
    /// # Errors
    ///
    /// When the body is not JSON of `T`.
    pub fn json<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish_non_exhaustive()
    }
}

/// A transport fault a stub answers with instead of a whole response, to test how the code
/// under test handles a broken connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The connection is reset (a TCP RST) before any response is sent.
    Reset,
    /// The status line, the headers and half of the body are sent, then the connection is
    /// closed: the body is shorter than its `Content-Length`.
    CloseMidBody,
    /// The status line, the headers and half of the body are sent, then nothing more: the
    /// client's timeout has to end the call.
    StallBody,
}

/// One answer of a stub: a value, an API error, a bare status or a [`Fault`], possibly after a
/// delay.
/// `T` is the success type of the stubbed method, so a value of another type does not compile.
pub struct Reply<T> {
    status: StatusCode,
    body: Bytes,
    headers: Vec<(HeaderName, HeaderValue)>,
    delay: Duration,
    fault: Option<Fault>,
    output: PhantomData<fn() -> T>,
}

impl<T: Serialize> Reply<T> {
    /// `200` with `value` as JSON, as the API would send it.
    pub fn value(value: &T) -> Self {
        let response = json(StatusCode::OK, value);
        Reply::from_response(response)
    }
}

impl<T> Reply<T> {
    /// `status` with `error` as the body, in Altur's error model.
    pub fn error(status: StatusCode, error: &ApiError) -> Self {
        Reply::from_response(json(status, error))
    }

    /// `status` with `body` as it is, of the media type `content_type`: the success of a method
    /// that returns `Bytes` (an audio recording), or a body that is not JSON. A `content_type`
    /// that is not a valid header value is left out.
    pub fn raw(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Self {
        Reply::status(status)
            .header("content-type", content_type)
            .with_body(body.into())
    }

    fn with_body(mut self, body: Bytes) -> Self {
        self.body = body;
        self
    }

    /// `status` with an empty body: a `503` with no error model, a `204`.
    pub fn status(status: StatusCode) -> Self {
        Reply {
            status,
            body: Bytes::new(),
            headers: Vec::new(),
            delay: Duration::ZERO,
            fault: None,
            output: PhantomData,
        }
    }

    /// The connection breaks as `fault` says, instead of carrying a whole response. The part of
    /// a response that [`Fault::CloseMidBody`] and [`Fault::StallBody`] send is a `200` with a
    /// JSON body.
    pub fn fault(fault: Fault) -> Self {
        let mut reply = Reply::from_response(json(
            StatusCode::OK,
            &serde_json::json!({"message": "this body never arrives whole"}),
        ));
        reply.fault = Some(fault);
        reply
    }

    /// The same answer, sent `delay` after the request arrived.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same answer with a header, such as `Retry-After`. A name or value that is not a
    /// valid header is left out.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.push((name, value));
        }
        self
    }

    fn from_response(response: MockResponse) -> Self {
        let (parts, body) = response.into_parts();
        Reply {
            status: parts.status,
            body,
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            delay: Duration::ZERO,
            fault: None,
            output: PhantomData,
        }
    }

    fn erase(self) -> ErasedReply {
        ErasedReply {
            status: self.status,
            body: self.body,
            headers: self.headers,
            delay: self.delay,
            fault: self.fault,
        }
    }
}

impl<T> fmt::Debug for Reply<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("delay", &self.delay)
            .field("fault", &self.fault)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
struct ErasedReply {
    status: StatusCode,
    body: Bytes,
    headers: Vec<(HeaderName, HeaderValue)>,
    delay: Duration,
    fault: Option<Fault>,
}

/// What a stub matches besides the method and route of its call.
enum Arguments {
    /// The same path, query, call headers and body as the recorded call.
    Same,
    /// Any values of the parameters.
    Any,
}

type Predicate = Arc<dyn Fn(&ReceivedRequest) -> bool + Send + Sync>;

/// A stub being built by [`MockServer::when`]. It answers nothing until it is given its reply
/// with [`respond`](Self::respond), [`respond_error`](Self::respond_error),
/// [`reply`](Self::reply) or [`replies`](Self::replies).
#[must_use = "a stub answers nothing until it is given a reply: call `respond`, `respond_error`, `reply` or `replies`"]
pub struct Stub<'s, T> {
    server: &'s MockServer,
    call: CapturedRequest,
    /// The path of the client's base URL, which the route follows.
    base_path: String,
    arguments: Arguments,
    predicate: Option<Predicate>,
    limit: Option<usize>,
    expected: Option<usize>,
    output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Stub<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("method", &self.call.endpoint.name)
            .field("route", &self.call.endpoint.route)
            .finish_non_exhaustive()
    }
}

impl<'s, T> Stub<'s, T> {
    /// Matches every call of the method, whatever its arguments.
    pub fn any_arguments(mut self) -> Self {
        self.arguments = Arguments::Any;
        self
    }

    /// Matches only the requests for which `predicate` holds, in addition to the method and
    /// (unless [`any_arguments`](Self::any_arguments)) its arguments.
    pub fn matching(
        mut self,
        predicate: impl Fn(&ReceivedRequest) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.predicate = Some(Arc::new(predicate));
        self
    }

    /// Answers at most `count` requests; later ones are answered as if the stub were not there.
    pub fn times(mut self, count: usize) -> Self {
        self.limit = Some(count);
        self
    }

    /// Expects exactly `count` matching requests, checked by [`MockServer::verify`] and when the
    /// server is dropped.
    pub fn expect(mut self, count: usize) -> Self {
        self.expected = Some(count);
        self
    }

    /// Answers `status` with `error` as the body.
    pub fn respond_error(self, status: StatusCode, error: ApiError) -> StubHandle {
        self.replies([Reply::error(status, &error)])
    }

    /// Answers with `reply`.
    pub fn reply(self, reply: Reply<T>) -> StubHandle {
        self.replies([reply])
    }

    /// Answers with each reply in turn, then with the last one: `[503, 503, value]` for a
    /// call that succeeds on its third attempt. No replies at all answer `204 No Content`.
    pub fn replies(self, replies: impl IntoIterator<Item = Reply<T>>) -> StubHandle {
        let replies: Vec<ErasedReply> = replies.into_iter().map(Reply::erase).collect();
        let replies = if replies.is_empty() {
            vec![Reply::<()>::status(StatusCode::NO_CONTENT).erase()]
        } else {
            replies
        };
        let entry = Arc::new(StubEntry {
            name: self.call.endpoint.name,
            method: self.call.endpoint.method,
            route: format!("{}{}", self.base_path, route_path(self.call.endpoint.route)),
            call: self.call,
            arguments: self.arguments,
            predicate: self.predicate,
            limit: self.limit,
            expected: self.expected,
            replies,
            answered: Mutex::new(0),
        });
        lock(&self.server.state.stubs).push(Arc::clone(&entry));
        StubHandle { entry }
    }
}

impl<T: Serialize> Stub<'_, T> {
    /// Answers `200` with `value` as JSON.
    pub fn respond(self, value: T) -> StubHandle {
        self.replies([Reply::value(&value)])
    }
}

/// A stub in place on its server: how many requests it answered.
#[derive(Debug, Clone)]
pub struct StubHandle {
    entry: Arc<StubEntry>,
}

impl StubHandle {
    /// How many requests the stub has answered.
    pub fn answered(&self) -> usize {
        *lock(&self.entry.answered)
    }
}

pub(super) struct StubEntry {
    name: &'static str,
    method: RouteMethod,
    /// The route's path with the base URL's path: `/api/v1.0/enduser/<id>`.
    route: String,
    call: CapturedRequest,
    arguments: Arguments,
    predicate: Option<Predicate>,
    limit: Option<usize>,
    expected: Option<usize>,
    replies: Vec<ErasedReply>,
    answered: Mutex<usize>,
}

impl fmt::Debug for StubEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StubEntry")
            .field("name", &self.name)
            .field("route", &self.route)
            .finish_non_exhaustive()
    }
}

impl StubEntry {
    fn matches(&self, request: &Request<Bytes>, received: &ReceivedRequest) -> bool {
        if request.method().as_str() != self.method.as_str() {
            return false;
        }
        let arguments = match self.arguments {
            Arguments::Same => self.same_call(request),
            Arguments::Any => route_matches(&self.route, request.uri().path()),
        };
        arguments
            && self
                .predicate
                .as_ref()
                .is_none_or(|predicate| predicate(received))
    }

    fn same_call(&self, request: &Request<Bytes>) -> bool {
        let call = &self.call;
        let headers_match = call.headers.iter().all(|(name, value)| {
            request
                .headers()
                .get_all(name)
                .iter()
                .any(|sent| sent == value)
        });
        request.uri().path() == call.url.path()
            && request.uri().query() == call.url.query()
            && headers_match
            && same_body(call.body.as_deref().unwrap_or_default(), request.body())
    }

    /// The next reply, and counts the request; `None` once the stub has answered its limit.
    fn next_reply(&self) -> Option<ErasedReply> {
        let mut answered = lock(&self.answered);
        if self.limit.is_some_and(|limit| *answered >= limit) {
            return None;
        }
        let index = (*answered).min(self.replies.len() - 1);
        *answered += 1;
        self.replies.get(index).cloned()
    }

    /// `Some(message)` when the stub expected another number of requests.
    fn unmet(&self) -> Option<String> {
        let expected = self.expected?;
        let answered = *lock(&self.answered);
        (answered != expected).then(|| {
            format!(
                "`{}` ({} {}) expected {expected} request(s), received {answered}",
                self.name,
                self.method.as_str(),
                self.route
            )
        })
    }
}

/// JSON bodies compare as JSON, whatever the order of their keys; others byte for byte.
fn same_body(expected: &[u8], sent: &[u8]) -> bool {
    if expected == sent {
        return true;
    }
    match (
        serde_json::from_slice::<serde_json::Value>(expected),
        serde_json::from_slice::<serde_json::Value>(sent),
    ) {
        (Ok(expected), Ok(sent)) => expected == sent,
        _ => false,
    }
}

/// The path of a route template: `/enduser/<id>` of `/enduser/<id>?view=full`.
fn route_path(route: &str) -> &str {
    route.split_once('?').map_or(route, |(path, _)| path)
}

/// Whether `path` fits `route`, each `<placeholder>` taking one non-empty segment.
pub(super) fn route_matches(route: &str, path: &str) -> bool {
    let expected: Vec<&str> = route.split('/').collect();
    let sent: Vec<&str> = path.split('/').collect();
    expected.len() == sent.len()
        && expected.iter().zip(&sent).all(|(expected, sent)| {
            if expected.starts_with('<') && expected.ends_with('>') {
                !sent.is_empty()
            } else {
                expected == sent
            }
        })
}

/// A stub's answer to a request.
pub(super) struct StubAnswer {
    pub(super) response: MockResponse,
    pub(super) delay: Duration,
    pub(super) fault: Option<Fault>,
}

/// The answer of the most recently added stub that matches `request` and has not reached its
/// limit, if there is one.
pub(super) fn answer(state: &State, request: &Request<Bytes>) -> Option<StubAnswer> {
    let stubs: Vec<Arc<StubEntry>> = lock(&state.stubs).clone();
    let received = ReceivedRequest::new(request);
    stubs
        .iter()
        .rev()
        .filter(|stub| stub.matches(request, &received))
        .find_map(|stub| stub.next_reply())
        .map(|reply| {
            let mut response = Response::new(reply.body);
            *response.status_mut() = reply.status;
            for (name, value) in reply.headers {
                response.headers_mut().append(name, value);
            }
            StubAnswer {
                response,
                delay: reply.delay,
                fault: reply.fault,
            }
        })
}

/// Keeps `request` in the server's log.
pub(super) fn log(state: &State, request: &Request<Bytes>) {
    lock(&state.received).push(ReceivedRequest::new(request));
}

/// The method name and route of a stub whose route fits the request, though its arguments or
/// predicate do not (or it has answered its limit).
pub(super) fn stubbed_route_of(state: &State, request: &Request<Bytes>) -> Option<String> {
    lock(&state.stubs)
        .iter()
        .rev()
        .find(|stub| {
            request.method().as_str() == stub.method.as_str()
                && route_matches(&stub.route, request.uri().path())
        })
        .map(|stub| {
            format!(
                "`{}` (`{} {}`)",
                stub.name,
                stub.method.as_str(),
                stub.route
            )
        })
}

/// Every stubbed route, as `GET /api/v1.0/enduser/<id>`, for the message of a request that
/// matched no route.
pub(super) fn stubbed_routes(state: &State) -> Vec<String> {
    lock(&state.stubs)
        .iter()
        .map(|stub| format!("{} {}", stub.method.as_str(), stub.route))
        .collect()
}

impl MockServer {
    /// Starts a stub for the call `call` makes: the async closure is run against a client of
    /// this server that records the request instead of sending it, so the stub matches exactly what
    /// that call sends (its path, query, header parameters and body), and its reply has the
    /// call's success type. Stubs take precedence over the server's own behaviour; the most
    /// recently added matching stub answers.
    ///
    /// Works for every trait declared with `#[altur_api]`, the crate's and your own, on the
    /// same server.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// use altur_client::mock::{MockServer, Reply};
    /// use altur_client::{ApiError, EndUser, EndUserApi, StatusCode};
    /// use uuid::Uuid;
    ///
    /// let server = MockServer::start().await;
    /// let ada = EndUser::new(Uuid::from_u128(7), "Ada Lovelace");
    /// // The general case first: the most recently added stub that matches answers.
    /// server
    ///     .when(async |api| api.retrieve_enduser(Uuid::nil()).await)
    ///     .any_arguments()
    ///     .respond_error(StatusCode::NOT_FOUND, ApiError::new(404, "EndUser not found"));
    /// server
    ///     .when(async |api| api.retrieve_enduser(ada.id).await)
    ///     .respond(ada.clone());
    ///
    /// let client = server.client()?;
    /// assert_eq!(client.retrieve_enduser(ada.id).await?, ada);
    /// let missing = client.retrieve_enduser(Uuid::from_u128(8)).await.unwrap_err();
    /// assert_eq!(missing.status(), Some(404));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When `call` sends no request (it calls no route, or its arguments are refused before
    /// sending, as an empty path value is): a stub for it could never match.
    pub fn when<T>(&self, call: impl AsyncFnOnce(&Client) -> Result<T>) -> Stub<'_, T> {
        let (call, base_path) = self.record(call);
        Stub {
            server: self,
            call,
            base_path,
            arguments: Arguments::Same,
            predicate: None,
            limit: None,
            expected: None,
            output: PhantomData,
        }
    }

    /// The requests this server received for the method `call` calls, whatever their
    /// arguments, oldest first (the server keeps its last 10,000 requests, and at most 64 MiB of
    /// their bodies). `call` is only
    /// recorded, as by [`when`](Self::when).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// use altur_client::mock::MockServer;
    /// use altur_client::EndUserApi;
    /// use altur_client::models::EndUserData;
    ///
    /// let server = MockServer::start().await;
    /// let client = server.client()?;
    /// client.create_enduser(&EndUserData::new().with_display_name("Ada")).await?;
    /// let sent = server.received(async |api| api.create_enduser(&EndUserData::new()).await);
    /// assert_eq!(sent.len(), 1);
    /// let data: EndUserData = sent[0].json().expect("the body the call sent");
    /// assert_eq!(data.display_name.as_deref(), Some("Ada"));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When `call` sends no request, as for [`when`](Self::when).
    pub fn received<T>(
        &self,
        call: impl AsyncFnOnce(&Client) -> Result<T>,
    ) -> Vec<ReceivedRequest> {
        let (call, base_path) = self.record(call);
        let route = format!("{base_path}{}", route_path(call.endpoint.route));
        lock(&self.state.received)
            .requests
            .iter()
            .filter(|request| {
                request.method() == call.endpoint.method.as_str()
                    && route_matches(&route, request.path())
            })
            .cloned()
            .collect()
    }

    /// Checks every expectation set with [`Stub::expect`].
    ///
    /// # Panics
    ///
    /// With a message naming each unmet expectation.
    pub fn verify(&self) {
        if let Some(unmet) = self.unmet_expectations() {
            panic!("unmet expectations of the mock server:\n{unmet}");
        }
    }

    pub(super) fn unmet_expectations(&self) -> Option<String> {
        let unmet: Vec<String> = lock(&self.state.stubs)
            .iter()
            .filter_map(|stub| stub.unmet())
            .collect();
        (!unmet.is_empty()).then(|| unmet.join("\n"))
    }

    /// Runs `call` against a client that records its request, and returns it with the path of
    /// the base URL.
    fn record<T>(&self, call: impl AsyncFnOnce(&Client) -> Result<T>) -> (CapturedRequest, String) {
        let client = match self.client() {
            Ok(client) => client,
            Err(error) => panic!("a client of the mock server: {error}"),
        };
        let sink = Arc::new(Mutex::new(None));
        let recording = client.capturing(Arc::clone(&sink));
        // The recording client answers at once, without awaiting anything.
        let outcome = call(&recording).now_or_never();
        let captured = lock(&sink).take();
        match (captured, outcome) {
            (Some(captured), _) => {
                let base_path = url::Url::parse(client.base_url())
                    .map(|url| url.path().trim_end_matches('/').to_owned())
                    .unwrap_or_default();
                (captured, base_path)
            }
            (None, Some(Err(error))) => panic!(
                "the call given to the mock server sent no request: it was refused before \
                 sending ({error})"
            ),
            (None, _) => panic!(
                "the call given to the mock server sent no request; pass a call of an \
                 `#[altur_api]` method, as in `async |api| api.retrieve_enduser(id).await`"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body_len: usize) -> ReceivedRequest {
        ReceivedRequest::new(&Request::new(Bytes::from(vec![b'x'; body_len])))
    }

    #[test]
    fn the_log_is_bounded_in_requests_and_in_body_bytes() {
        let mut log = RequestLog::default();
        for _ in 0..MAX_LOGGED_REQUESTS + 5 {
            log.push(request(1));
        }
        assert_eq!(log.requests.len(), MAX_LOGGED_REQUESTS);
        assert_eq!(log.body_bytes, MAX_LOGGED_REQUESTS);

        let mut log = RequestLog::default();
        let large = 4 << 20;
        for _ in 0..40 {
            log.push(request(large));
        }
        assert_eq!(log.requests.len(), MAX_LOGGED_BODY_BYTES / large);
        assert_eq!(log.body_bytes, MAX_LOGGED_BODY_BYTES);
        // One body larger than the whole budget is still kept, alone.
        log.push(request(MAX_LOGGED_BODY_BYTES + 1));
        assert_eq!(log.requests.len(), 1);
    }
}
