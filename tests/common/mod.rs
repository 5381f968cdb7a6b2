//! What the test files share: the key and ids they use, a client of a test server, assertions on
//! API errors, and a hand-made HTTP/1.1 server for the faults a well-behaved server cannot
//! produce. The servers the tests start have their own modules: [`wire`] (wiremock, recording
//! every request), [`mock`] (the embedded mock server); [`campaigns`] and [`webhooks`] hold the
//! bodies and fixtures of those resources.
//!
//! Each test binary uses a part of this module, hence `dead_code` is allowed.

#![allow(dead_code)]

pub mod campaigns;
pub mod mock;
pub mod webhooks;
pub mod wire;

use altur_client::{ApiError, Client, ClientBuilder, EndUser, Error, ErrorCode, IntegrationType};
use serde_json::{Value, json};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use uuid::Uuid;

pub const KEY: &str = "test_key_0123456789";
/// [`ADA`] as text, for hand-written bodies.
pub const USER_ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
/// Ada Lovelace, the EndUser the tests look up.
pub const ADA: Uuid = Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b);
/// The agent that talks to her and runs the campaigns.
pub const AGENT: Uuid = Uuid::from_u128(0x0b8e7a0e_8f3c_4c47_9d61_4f9b2a9c1d10);
/// Another agent, with threads and campaigns of its own.
pub const OTHER_AGENT: Uuid = Uuid::from_u128(0x9d7f0c55_1111_4c47_9d61_4f9b2a9c1d10);
/// A phone number calls are made to.
pub const PHONE: &str = "+14155550100";

/// [`ADA`] as the API sends her.
pub fn enduser_json() -> Value {
    json!({"id": USER_ID, "display_name": "Ada Lovelace", "integration_type": "api"})
}

/// [`ADA`] as [`enduser_json`] decodes.
pub fn ada() -> EndUser {
    let mut user = EndUser::new(ADA, "Ada Lovelace");
    user.integration_type = Some(IntegrationType::Api);
    user
}

/// A client of `base_url` with [`KEY`] and a 1 ms backoff, so retries are quick, adjusted by
/// `configure` before it is built.
pub fn client_for(
    base_url: &str,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Client {
    configure(
        Client::builder()
            .api_key(KEY)
            .base_url(base_url)
            .initial_backoff(Duration::from_millis(1)),
    )
    .build()
    .expect("client")
}

/// An address on 127.0.0.1 where nothing listens: a listener was bound there, then dropped.
pub fn closed_address() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("local address")
}

/// Asserts that `error` is an API error with this status, and a body in the documented model
/// with this code and message.
#[track_caller]
pub fn assert_api_error(error: &Error, status: u16, code: impl Into<ErrorCode>, message: &str) {
    let body = api_error_model(error, status, code);
    assert_eq!(body.message, message, "{error}");
}

/// The error of `result`, after asserting that it is an API error with this status, and a body
/// in the documented model with this code.
#[track_caller]
pub fn expect_api_error<T: std::fmt::Debug>(
    result: altur_client::Result<T>,
    status: u16,
    code: impl Into<ErrorCode>,
) -> Error {
    let error = result.expect_err("an API error");
    api_error_model(&error, status, code);
    error
}

#[track_caller]
fn api_error_model(error: &Error, status: u16, code: impl Into<ErrorCode>) -> &ApiError {
    assert_eq!(error.status(), Some(status), "{error:?}");
    let body = error.api_error().expect("the documented error model");
    assert_eq!(body.code, Some(code.into()), "{error:?}");
    body
}

// ---------------------------------------------------------------------------------------------
// A hand-made server

/// A loopback TCP server that hands each accepted connection, with its 0-based index, to `handle`.
pub struct RawServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl RawServer {
    pub async fn start<F, Fut>(handle: F) -> RawServer
    where
        F: Fn(usize, TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let handle = Arc::new(handle);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handle(index, stream));
            }
        });
        RawServer {
            addr,
            connections,
            task,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/api/v1.0", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn client(&self, configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
        client_for(&self.base_url(), configure)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request head (these tests only send bodiless requests) and returns it.
pub async fn read_request(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

pub async fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &str) {
    let mut response = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.flush().await;
}

/// A response read off a raw connection, for requests the typed client cannot send.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A whole response as read up to the end of the connection.
    pub fn parse(response: &[u8]) -> RawResponse {
        let head_end = response
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .expect("a complete head")
            + 4;
        RawResponse::new(&response[..head_end], response[head_end..].to_vec())
    }

    /// A response from its head (status line and headers, with the blank line) and its body.
    pub fn new(head: &[u8], body: Vec<u8>) -> RawResponse {
        let head = String::from_utf8(head.to_vec()).expect("an ASCII head");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|status| status.parse().ok())
            .expect("a status line");
        RawResponse { status, head, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    pub fn json(&self) -> serde_json::Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}
