//! A wiremock server that answers as told and records every request, a client of it, and
//! assertions on what the client sent.

use super::{KEY, client_for};
use altur_client::{Client, ClientBuilder};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A wiremock server that answers every request with `response`.
pub async fn server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Forgets what `server` received and was told, and answers every request with `response` from
/// now on.
pub async fn reset_answering(server: &MockServer, response: ResponseTemplate) {
    server.reset().await;
    Mock::given(any())
        .respond_with(response)
        .mount(server)
        .await;
}

/// A client of the API root (`/api/v1.0`) of a wiremock server, as [`client_for`] builds it.
pub fn client(
    server: &MockServer,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Client {
    client_for(&format!("{}/api/v1.0", server.uri()), configure)
}

/// A wiremock server that answers every request with `response`, and a client of it.
pub async fn answering(response: ResponseTemplate) -> (MockServer, Client) {
    let server = server(response).await;
    let client = client(&server, |builder| builder);
    (server, client)
}

/// A wiremock server that answers every request `200` with `body` as JSON, and a client of it.
pub async fn answering_json(body: Value) -> (MockServer, Client) {
    answering(ResponseTemplate::new(200).set_body_json(body)).await
}

/// Every request the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The one request the server received; fails if there were more or none.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

/// The value of a request header.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header"))
}

/// Asserts a request of an Altur endpoint part by part: the method; the path and query
/// (`target`, as in the request line); the test key; `Accept` (any media type for a recording
/// download, JSON for everything else); the `Idempotency-Key` or none; and the exact JSON body
/// with its `Content-Type`, or no body and no `Content-Type`.
#[track_caller]
pub fn assert_request(
    request: &Request,
    method: &str,
    target: &str,
    key: Option<&str>,
    body: Option<Value>,
) {
    assert_eq!(request.method.as_str(), method);
    let sent = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    assert_eq!(sent, target);
    assert_eq!(
        header(request, "authorization"),
        Some(format!("api-key {KEY}").as_str())
    );
    let accept = if request.url.path().ends_with("/recording") {
        "*/*"
    } else {
        "application/json"
    };
    assert_eq!(header(request, "accept"), Some(accept));
    assert_eq!(header(request, "idempotency-key"), key);
    match body {
        Some(body) => {
            assert_eq!(header(request, "content-type"), Some("application/json"));
            assert_eq!(request.body_json::<Value>().expect("a JSON body"), body);
        }
        None => {
            assert_eq!(header(request, "content-type"), None);
            assert!(request.body.is_empty(), "{:?}", request.body);
        }
    }
}
