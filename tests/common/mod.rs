//! A hand-made HTTP/1.1 server for the faults a well-behaved server cannot produce.

#![allow(dead_code)]

use altur_client::Client;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub const KEY: &str = "test_key_0123456789";
pub const USER_ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";

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

    pub fn client(
        &self,
        configure: impl FnOnce(altur_client::ClientBuilder) -> altur_client::ClientBuilder,
    ) -> Client {
        configure(
            Client::builder()
                .api_key(KEY)
                .base_url(self.base_url())
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .expect("client")
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

pub fn enduser_json() -> String {
    format!(r#"{{"id":"{USER_ID}","display_name":"Ada Lovelace","integration_type":"api"}}"#)
}

/// A response read off a raw connection, for requests the typed client cannot send.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl RawResponse {
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
