//! The embedded mock server: a client of it, and raw requests for what the typed client cannot
//! send.

use super::RawResponse;
use altur_client::mock::{MockServer, MockServerBuilder};
use altur_client::{Client, ClientBuilder};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A client of the mock with its key and no retries, so every test sees the first answer and a
/// stopped server fails fast, adjusted by `configure` before it is built.
pub fn client(
    server: &MockServer,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Client {
    configure(server.client_builder().max_retries(0))
        .build()
        .expect("a client for the mock server")
}

/// A builder of a mock server that checks its own responses against the OpenAPI document: one
/// outside it is answered as a `500` naming the mismatch, and dropping the server panics, so the
/// test that drew it fails even if it expected an error.
pub fn builder() -> MockServerBuilder {
    MockServer::builder().check_responses()
}

/// A new mock server that checks its responses, as [`builder`] describes.
pub async fn server() -> MockServer {
    builder().start().await
}

/// A new mock server that checks its responses, and a client of it.
pub async fn start() -> (MockServer, Client) {
    let server = server().await;
    let client = client(&server, |builder| builder);
    (server, client)
}

/// The `Authorization` value the mock accepts.
pub fn authorization(server: &MockServer) -> String {
    format!("api-key {}", server.api_key())
}

/// One request with the mock's key and a JSON `body` (empty for none), on its own connection,
/// which is closed after the response: malformed bodies, old field names, other methods.
pub async fn raw(
    server: &MockServer,
    method: &str,
    path: &str,
    body: impl AsRef<[u8]>,
) -> RawResponse {
    raw_with_headers(server, method, path, &[], body).await
}

/// [`raw`], with more headers after the mock's own (`Host`, `Authorization`, `Content-Type`,
/// `Content-Length`, `Connection`).
pub async fn raw_with_headers(
    server: &MockServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: impl AsRef<[u8]>,
) -> RawResponse {
    let body = body.as_ref();
    let mut stream = TcpStream::connect(server.address())
        .await
        .expect("connected to the mock server");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        authorization(server),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("head sent");
    stream.write_all(body).await.expect("body sent");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .expect("response read");
    RawResponse::parse(&response)
}
