//! Fault injection: a loopback server that misbehaves on purpose, and what the client makes of
//! it. Every case checks the error's kind, and that the same client still works afterwards.
//!
//! One file though it is long: every case is a hand-made TCP server built from the same few
//! pieces below, and RELIABILITY.md's fault table lists each test of it.
//!
//! Covered elsewhere, in `tests/retries.rs`: retryable statuses, bounded retries, backoff growth,
//! `Retry-After`, connections dropped before a response, a server that never answers, and
//! refused connections.

mod common;

use altur_client::{Bytes, Client, ClientBuilder, Error, Result, altur_api};
use common::{KEY, RawServer, respond};
use serde_json::{Value, json};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

#[altur_api]
trait Faults {
    #[get("/fault/<case>")]
    async fn fault(&self, case: &str) -> Result<Value>;

    #[get("/fault/<case>")]
    async fn fault_unit(&self, case: &str) -> Result<()>;

    #[get("/fault/<case>")]
    async fn fault_bytes(&self, case: &str) -> Result<Bytes>;

    #[head("/fault/<case>")]
    async fn fault_head(&self, case: &str) -> Result<()>;

    #[post("/fault/<case>", data = "<body>")]
    async fn fault_post(&self, case: &str, body: &Value) -> Result<Value>;

    #[get("/healthy")]
    async fn healthy(&self) -> Result<Value>;
}

/// One request as the server read it.
struct Request {
    head: String,
    body: Vec<u8>,
}

impl Request {
    /// The path of the request line, such as `/api/v1.0/fault/reset`.
    fn path(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or("")
    }

    fn method(&self) -> &str {
        self.head.split(' ').next().unwrap_or("")
    }

    /// The value of a header, by case-insensitive name.
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then_some(value.trim())
        })
    }
}

/// Reads a request head and, when it has a `Content-Length`, its body.
async fn read_full_request(stream: &mut TcpStream) -> Request {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break buffer.len(),
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut request = Request {
        head,
        body: buffer[head_end..].to_vec(),
    };
    let length: usize = request
        .header("content-length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    while request.body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => request.body.extend_from_slice(&chunk[..read]),
        }
    }
    request
}

/// A server whose `/healthy` answers `{"ok": true}` and which hands every other request to
/// `fault`, counting them. Every connection serves one request.
async fn faulty<F, Fut>(fault: F) -> (RawServer, Arc<AtomicUsize>)
where
    F: Fn(TcpStream, Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let faults = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&faults);
    let fault = Arc::new(fault);
    let server = RawServer::start(move |_, mut stream| {
        let fault = Arc::clone(&fault);
        let counter = Arc::clone(&counter);
        async move {
            let request = read_full_request(&mut stream).await;
            if request.path().ends_with("/healthy") {
                healthy(&mut stream).await;
            } else {
                counter.fetch_add(1, Ordering::SeqCst);
                fault(stream, request).await;
            }
        }
    })
    .await;
    (server, faults)
}

/// `respond`, on a connection that is not kept alive: every fault server closes the connection
/// after one exchange, and saying so keeps the client from reusing it.
async fn answer(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &str) {
    let mut headers = headers.to_vec();
    headers.push(("connection", "close"));
    respond(stream, status, &headers, body).await;
}

async fn healthy(stream: &mut TcpStream) {
    answer(
        stream,
        "200 OK",
        &[("content-type", "application/json")],
        r#"{"ok":true}"#,
    )
    .await;
}

/// The client is not left broken by a fault: the same client makes a successful call.
async fn assert_still_usable(client: &Client) {
    let value = client
        .healthy()
        .await
        .expect("the same client still works after the fault");
    assert_eq!(value, json!({"ok": true}));
}

fn count(faults: &AtomicUsize) -> usize {
    faults.load(Ordering::SeqCst)
}

/// The error and its sources, for asserting on why a transport error happened.
fn chain(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(error) = source {
        text.push_str(": ");
        text.push_str(&error.to_string());
        source = error.source();
    }
    text
}

fn is_transport(error: &Error) -> bool {
    matches!(error, Error::Transport { .. })
}

fn is_redirect(error: &Error) -> bool {
    matches!(error, Error::Transport { source, .. } if source.is_redirect())
}

/// Closes the connection with a TCP reset instead of an orderly shutdown.
fn reset(stream: TcpStream) {
    // `set_zero_linger` replaces this in tokio 1.50; a zero linger never blocks the drop.
    #[allow(deprecated)]
    stream
        .set_linger(Some(Duration::ZERO))
        .expect("set SO_LINGER");
    drop(stream);
}

async fn write(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes).await;
    let _ = stream.flush().await;
}

// ----- connections that break -----

#[tokio::test]
async fn refused_then_listening_recovers() {
    // `retries.rs` checks that refused connections are connect errors; here the same client
    // recovers once the server is up on that port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}/api/v1.0"))
        .initial_backoff(Duration::from_millis(1))
        .max_retries(1)
        .build()
        .unwrap();
    let error = client.fault("refused").await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(!error.is_timeout());
    assert_eq!(error.status(), None);

    let listener = TcpListener::bind(addr).await.expect("rebind the port");
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        read_full_request(&mut stream).await;
        healthy(&mut stream).await;
    });
    assert_still_usable(&client).await;
    server.await.unwrap();
}

#[tokio::test]
async fn reset_before_the_status_line() {
    let (server, faults) = faulty(|stream, _| async move { reset(stream) }).await;
    let client = server.client(|b| b.max_retries(2));
    let error = client.fault("reset").await.unwrap_err();
    assert!(is_transport(&error), "{error:?}");
    assert!(!error.is_timeout() && !error.is_connect(), "{error:?}");
    assert_eq!(error.status(), None);
    assert_eq!(count(&faults), 3, "a reset GET is retried");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn reset_after_the_status_line() {
    let (server, faults) = faulty(|mut stream, _| async move {
        write(&mut stream, b"HTTP/1.1 200 OK\r\n").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        reset(stream);
    })
    .await;
    let client = server.client(|b| b.max_retries(1));
    let error = client.fault("reset-late").await.unwrap_err();
    assert!(is_transport(&error), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(error.status(), None);
    assert_eq!(count(&faults), 2);
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn reset_in_the_middle_of_the_body() {
    let (server, faults) = faulty(|mut stream, _| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"partial\":",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        reset(stream);
    })
    .await;
    let client = server.client(|b| b.max_retries(1));
    let error = client.fault("reset-body").await.unwrap_err();
    assert!(is_transport(&error), "{error:?}");
    assert_eq!(error.to_string(), "failed to read the response body");
    assert_eq!(count(&faults), 2, "a GET whose body broke off is retried");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn body_cut_short() {
    // `Content-Length` promises 100 bytes; 11 arrive, then an orderly close.
    let (server, faults) = faulty(|mut stream, _| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n{\"partial\":",
        )
        .await;
    })
    .await;
    let client = server.client(|b| b.max_retries(1));
    let error = client.fault("short").await.unwrap_err();
    assert!(is_transport(&error), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(error.to_string(), "failed to read the response body");
    assert_eq!(count(&faults), 2, "a GET whose body broke off is retried");

    // Not retried without an idempotency key, and never half-decoded.
    let error = client.fault_post("short", &json!({})).await.unwrap_err();
    assert_eq!(error.to_string(), "failed to read the response body");
    assert_eq!(count(&faults), 3, "a POST is sent once");
    assert_still_usable(&client).await;
}

// ----- servers that are slow -----

#[tokio::test]
async fn headers_sent_but_the_body_never_finishes() {
    // `retries.rs` covers a server that never answers; here the headers arrive at once and the
    // body stalls, so only the attempt's time limit ends the wait.
    let (server, faults) = faulty(|mut stream, _| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"stalled\":",
        )
        .await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let client = server.client(|b| b.timeout(Duration::from_millis(200)).max_retries(1));
    let started = Instant::now();
    let error = client.fault("stall").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.to_string(), "request timed out");
    assert_eq!(count(&faults), 2, "a timed-out GET is retried");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_trickling_body_is_bounded_by_the_attempt_timeout() {
    // One byte every 50 ms: no single read waits long, but the whole body would take 5 s. The
    // time limit covers the whole attempt, so the call ends after 300 ms.
    let (server, _) = faulty(|mut stream, _| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n",
        )
        .await;
        for _ in 0..100 {
            write(&mut stream, b" ").await;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    let client = server.client(|b| b.timeout(Duration::from_millis(300)).max_retries(0));
    let started = Instant::now();
    let error = client.fault("trickle").await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_5xx_storm_is_retried_a_bounded_number_of_times() {
    let (server, faults) = faulty(|mut stream, _| async move {
        answer(&mut stream, "503 Service Unavailable", &[], "storm").await;
    })
    .await;
    let client = server.client(|b| b.max_retries(3).initial_backoff(Duration::from_millis(20)));
    let started = Instant::now();
    let error = client.fault("storm").await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.body(), Some(&b"storm"[..]));
    assert_eq!(count(&faults), 4, "max_retries + 1 attempts");
    // Equal jitter waits at least half of 20, 40 and 80 ms; at most all of them, plus slack.
    assert!(elapsed >= Duration::from_millis(70), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_still_usable(&client).await;
}

// ----- answers that are not HTTP -----

/// Deterministic noise: xorshift64 from a fixed seed.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

#[tokio::test]
async fn garbage_instead_of_http() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("hello", b"hello\r\n\r\n".to_vec()),
        ("noise", noise(4096)),
        ("nul", vec![0; 64]),
        (
            "bad-status",
            b"HTTP/1.1 abc OK\r\ncontent-length: 0\r\n\r\n".to_vec(),
        ),
        (
            "bad-length",
            b"HTTP/1.1 200 OK\r\ncontent-length: nope\r\n\r\n{}".to_vec(),
        ),
        (
            "no-colon",
            b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n{}".to_vec(),
        ),
        (
            "http-2-preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
        ),
    ];
    let cases = Arc::new(cases);
    let served = Arc::clone(&cases);
    let (server, faults) = faulty(move |mut stream, request| {
        let served = Arc::clone(&served);
        async move {
            let case = request.path().rsplit('/').next().unwrap_or("");
            if let Some((_, bytes)) = served.iter().find(|(name, _)| *name == case) {
                write(&mut stream, bytes).await;
            }
        }
    })
    .await;
    let client = server.client(|b| b.max_retries(1));
    for (index, (case, _)) in cases.iter().enumerate() {
        let error = client.fault(case).await.unwrap_err();
        assert!(is_transport(&error), "{case}: {error:?}");
        assert!(
            !error.is_timeout() && !error.is_connect(),
            "{case}: {error:?}"
        );
        assert_eq!(error.status(), None, "{case}");
        assert_eq!(count(&faults), 2 * (index + 1), "{case}: retried once");
    }
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn endless_headers_are_not_buffered() {
    // The head never ends: the client gives up once it is too large, without reading it all.
    let (sender, mut outcomes) = mpsc::unbounded_channel();
    let (server, _) = faulty(move |mut stream, _| {
        let sender = sender.clone();
        async move {
            let mut sent = 0;
            let line = format!("x-filler: {}\r\n", "a".repeat(1000));
            let complete = loop {
                if sent >= 64 << 20 {
                    break true;
                }
                if stream.write_all(line.as_bytes()).await.is_err() {
                    break false;
                }
                sent += line.len();
            };
            let _ = sender.send((sent, complete));
        }
    })
    .await;
    let client = server.client(|b| b.max_retries(0));
    let error = client.fault("endless-head").await.unwrap_err();
    assert!(is_transport(&error), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    let (sent, complete) = tokio::time::timeout(Duration::from_secs(5), outcomes.recv())
        .await
        .expect("the server sees the connection close")
        .expect("an outcome");
    assert!(!complete, "the client read all {sent} bytes of headers");
    assert_still_usable(&client).await;
}

// ----- bodies the client must judge -----

#[tokio::test]
async fn content_type_is_ignored_the_return_type_decides() {
    let (server, _) = faulty(|mut stream, request| async move {
        let headers: &[(&str, &str)] = match request.path().rsplit('/').next() {
            Some("html") => &[("content-type", "text/html")],
            Some("octets") => &[("content-type", "application/octet-stream")],
            _ => &[],
        };
        answer(&mut stream, "200 OK", headers, r#"{"ok":"anyway"}"#).await;
    })
    .await;
    let client = server.client(|b| b);
    for case in ["html", "octets", "none"] {
        let value = client.fault(case).await.expect(case);
        assert_eq!(value, json!({"ok": "anyway"}), "{case}");
    }
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn json_labelled_body_that_is_not_json_is_a_decode_error() {
    let (server, faults) = faulty(|mut stream, _| async move {
        answer(
            &mut stream,
            "200 OK",
            &[("content-type", "application/json")],
            "<html>captive portal</html>",
        )
        .await;
    })
    .await;
    let client = server.client(|b| b.max_retries(2));
    let error = client.fault("html").await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { status, .. } if status.as_u16() == 200),
        "{error:?}"
    );
    assert_eq!(error.body(), Some(&b"<html>captive portal</html>"[..]));
    assert_eq!(count(&faults), 1, "a decode error is not retried");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn an_empty_200_body() {
    let (server, _) = faulty(|mut stream, request| async move {
        let status = if request.path().ends_with("/no-content") {
            "204 No Content"
        } else {
            "200 OK"
        };
        answer(
            &mut stream,
            status,
            &[("content-type", "application/json")],
            "",
        )
        .await;
    })
    .await;
    let client = server.client(|b| b);
    let error = client.fault("empty").await.unwrap_err();
    match &error {
        Error::Decode {
            target,
            status,
            body,
            source,
            ..
        } => {
            assert!(target.contains("Value"), "{target}");
            assert_eq!(status.as_u16(), 200);
            assert!(body.is_empty());
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    client
        .fault_unit("empty")
        .await
        .expect("`()` ignores the body");
    client
        .fault_unit("no-content")
        .await
        .expect("`()` accepts a 204");
    let bytes = client
        .fault_bytes("empty")
        .await
        .expect("an empty download");
    assert!(bytes.is_empty());
    assert_still_usable(&client).await;
}

// ----- the response-size limit -----

const LIMIT: usize = 1 << 20;
/// What an oversized server offers: 64 times the limit. A client that reads everything before
/// checking gets all of it; one that stops at the limit leaves most of it unsent. What the server
/// does manage to write before it sees the close is what the kernel buffers of both ends hold
/// (about 4 MiB on Linux loopback), hence the bound of 16 times the limit.
const OFFERED: usize = 64 * LIMIT;
const SENT_BOUND: usize = 16 * LIMIT;

/// How far an oversized server got: bytes of body written, and whether it wrote them all.
#[derive(Debug)]
struct Sent {
    bytes: usize,
    complete: bool,
}

/// A server whose `/fault/..` answers 200 (or `status`) with an `OFFERED`-byte body, declared
/// with a `Content-Length` or sent chunked, and which reports how much it managed to send.
async fn oversized(
    status: &'static str,
    chunked: bool,
) -> (RawServer, mpsc::UnboundedReceiver<Sent>) {
    let (sender, outcomes) = mpsc::unbounded_channel();
    let (server, _) = faulty(move |mut stream, _| {
        let sender = sender.clone();
        async move {
            let framing = if chunked {
                "transfer-encoding: chunked".to_owned()
            } else {
                format!("content-length: {OFFERED}")
            };
            let head = format!(
                "HTTP/1.1 {status}\r\n{framing}\r\ncontent-type: application/octet-stream\r\n\r\n"
            );
            write(&mut stream, head.as_bytes()).await;
            let piece = vec![b'x'; 16 * 1024];
            let mut framed = Vec::new();
            if chunked {
                framed.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            }
            framed.extend_from_slice(&piece);
            if chunked {
                framed.extend_from_slice(b"\r\n");
            }
            let mut sent = Sent {
                bytes: 0,
                complete: false,
            };
            while sent.bytes < OFFERED {
                if stream.write_all(&framed).await.is_err() {
                    break;
                }
                sent.bytes += piece.len();
            }
            if sent.bytes >= OFFERED {
                if chunked {
                    let _ = stream.write_all(b"0\r\n\r\n").await;
                }
                sent.complete = true;
            }
            let _ = sender.send(sent);
        }
    })
    .await;
    (server, outcomes)
}

async fn sent(outcomes: &mut mpsc::UnboundedReceiver<Sent>) -> Sent {
    tokio::time::timeout(Duration::from_secs(5), outcomes.recv())
        .await
        .expect("the server sees the connection close")
        .expect("an outcome")
}

fn limited(b: ClientBuilder) -> ClientBuilder {
    b.max_response_size(LIMIT).max_retries(2)
}

#[tokio::test]
async fn a_body_over_the_limit_with_content_length_is_refused_up_front() {
    let (server, mut outcomes) = oversized("200 OK", false).await;
    let client = server.client(limited);
    let error = client.fault_bytes("huge").await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge { limit: LIMIT, status, .. } if status.as_u16() == 200
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("response body is larger than the limit of {LIMIT} bytes")
    );
    let sent = sent(&mut outcomes).await;
    assert!(!sent.complete, "the client read the whole body: {sent:?}");
    assert!(sent.bytes < SENT_BOUND, "{sent:?}");
    assert!(
        tokio::time::timeout(Duration::from_millis(100), outcomes.recv())
            .await
            .is_err(),
        "a body over the limit is not retried"
    );
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_stops_being_read_at_the_limit() {
    let (server, mut outcomes) = oversized("200 OK", true).await;
    let client = server.client(limited);
    let error = client.fault("huge").await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: LIMIT, .. }),
        "{error:?}"
    );
    let sent = sent(&mut outcomes).await;
    assert!(!sent.complete, "the client read the whole body: {sent:?}");
    assert!(sent.bytes < SENT_BOUND, "{sent:?}");
    assert!(
        tokio::time::timeout(Duration::from_millis(100), outcomes.recv())
            .await
            .is_err(),
        "a body over the limit is not retried"
    );
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn the_limit_is_inclusive() {
    let (server, _) = faulty(|mut stream, request| async move {
        let case = request.path().rsplit('/').next().unwrap_or("").to_owned();
        let (length, chunked) = case.split_once('-').unwrap_or(("0", ""));
        let body = vec![b'x'; length.parse().unwrap_or(0)];
        let head = if chunked == "chunked" {
            format!(
                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\
                 connection: close\r\n\r\n{:x}\r\n",
                body.len()
            )
        } else {
            format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            )
        };
        write(&mut stream, head.as_bytes()).await;
        write(&mut stream, &body).await;
        if chunked == "chunked" {
            write(&mut stream, b"\r\n0\r\n\r\n").await;
        }
    })
    .await;
    let client = server.client(|b| b.max_response_size(1000));
    for framing in ["length", "chunked"] {
        let body = client
            .fault_bytes(&format!("1000-{framing}"))
            .await
            .unwrap_or_else(|error| panic!("{framing}: {error:?}"));
        assert_eq!(body.len(), 1000);
        let error = client
            .fault_bytes(&format!("1001-{framing}"))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::ResponseTooLarge { limit: 1000, .. }),
            "{framing}: {error:?}"
        );
    }
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_head_response_is_not_judged_by_its_content_length() {
    // A `HEAD` answer carries the `Content-Length` a `GET` would have, and no body.
    let (server, _) = faulty(|mut stream, request| async move {
        assert_eq!(request.method(), "HEAD");
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000000000\r\nconnection: close\r\n\r\n",
        )
        .await;
    })
    .await;
    let client = server.client(|b| b.max_response_size(1000));
    client.fault_head("big").await.expect("HEAD has no body");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_huge_error_body_is_cut_and_keeps_its_status() {
    let (server, mut outcomes) = oversized("400 Bad Request", true).await;
    let client = server.client(|b| b.max_response_size(1 << 20));
    let error = client.fault("huge-error").await.unwrap_err();
    assert_eq!(error.status(), Some(400), "{error:?}");
    assert_eq!(
        error.body().map(<[u8]>::len),
        Some(64 * 1024),
        "cut at 64 KiB"
    );
    assert!(error.api_error().is_none());
    let sent = sent(&mut outcomes).await;
    assert!(
        !sent.complete,
        "the client read the whole error body: {sent:?}"
    );
    assert_still_usable(&client).await;

    // A smaller response limit cuts error bodies there too.
    let client = server.client(|b| b.max_response_size(1000));
    let error = client.fault("huge-error").await.unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.body().map(<[u8]>::len), Some(1000));
}

#[tokio::test]
async fn a_key_echoed_across_the_cut_is_still_redacted() {
    // The read that crosses the 64 KiB cut ends inside the key: cutting before redacting would
    // leave `test_key_0` at the end of the stored body.
    let (server, _) = faulty(|mut stream, _| async move {
        let cut = 64 * 1024;
        let filler = "a".repeat(cut - 5);
        let body = format!("{filler}{KEY}{}", "b".repeat(10_000));
        let head = format!(
            "HTTP/1.1 500 Internal Server Error\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        write(&mut stream, head.as_bytes()).await;
        let body = body.as_bytes();
        for piece in [&body[..cut - 6], &body[cut - 6..cut + 5], &body[cut + 5..]] {
            write(&mut stream, piece).await;
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    })
    .await;
    let client = server.client(|b| b.max_retries(0));
    let error = client.fault("echo").await.unwrap_err();
    let body = error.body().expect("a body");
    assert_eq!(body.len(), 64 * 1024);
    let text = String::from_utf8_lossy(body);
    assert!(!text.contains(&KEY[..5]), "a prefix of the key leaked");
    assert!(text.ends_with("a***bb"), "{}", &text[text.len() - 20..]);
    assert_still_usable(&client).await;
}

// ----- redirects -----

/// A redirect with `status` to `location`.
async fn redirect(stream: &mut TcpStream, status: &str, location: &str) {
    answer(stream, status, &[("location", location)], "").await;
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_key() {
    let authorized = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&authorized);
    let (server, _) = faulty(move |mut stream, request| {
        let seen = Arc::clone(&seen);
        async move {
            if request.path().ends_with("/moved") {
                redirect(&mut stream, "302 Found", "/api/v1.0/fault/target").await;
            } else {
                if request.header("authorization") == Some(&format!("api-key {KEY}")) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
                answer(&mut stream, "200 OK", &[], r#"{"here":1}"#).await;
            }
        }
    })
    .await;
    let client = server.client(|b| b);
    assert_eq!(client.fault("moved").await.unwrap(), json!({"here": 1}));
    assert_eq!(
        authorized.load(Ordering::SeqCst),
        1,
        "the same origin keeps the key"
    );
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_cross_origin_redirect_drops_the_key() {
    let (heads, mut received) = mpsc::unbounded_channel();
    let (other, _) = faulty(move |mut stream, request| {
        let heads = heads.clone();
        async move {
            let _ = heads.send(request.head);
            answer(&mut stream, "200 OK", &[], r#"{"other":1}"#).await;
        }
    })
    .await;
    let target = format!("{}/fault/elsewhere", other.base_url());
    let (server, _) = faulty(move |mut stream, _| {
        let target = target.clone();
        async move { redirect(&mut stream, "307 Temporary Redirect", &target).await }
    })
    .await;
    let client = server.client(|b| b);
    assert_eq!(client.fault("away").await.unwrap(), json!({"other": 1}));
    let head = received
        .recv()
        .await
        .expect("the other server got the request");
    assert!(head.starts_with("GET /api/v1.0/fault/elsewhere "), "{head}");
    assert!(
        !head.to_ascii_lowercase().contains("authorization"),
        "the key went to another origin: {head}"
    );
    assert!(!head.contains(KEY), "{head}");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn redirects_are_bounded() {
    // `/fault/hop<n>-<total>` redirects to hop n + 1 until it reaches `total`.
    let (server, faults) = faulty(|mut stream, request| async move {
        let case = request.path().rsplit('/').next().unwrap_or("");
        let (hop, total) = case
            .trim_start_matches("hop")
            .split_once('-')
            .map(|(hop, total)| (hop.parse::<u32>().unwrap(), total.parse::<u32>().unwrap()))
            .unwrap();
        if hop < total {
            let next = format!("/api/v1.0/fault/hop{}-{total}", hop + 1);
            redirect(&mut stream, "302 Found", &next).await;
        } else {
            answer(&mut stream, "200 OK", &[], r#"{"hops":true}"#).await;
        }
    })
    .await;
    let client = server.client(|b| b.max_retries(2));
    client
        .fault("hop0-5")
        .await
        .expect("five redirects are followed");
    assert_eq!(count(&faults), 6);

    let error = client.fault("hop0-6").await.unwrap_err();
    assert!(is_redirect(&error), "{error:?}");
    assert_eq!(error.to_string(), "failed to follow a redirect");
    assert!(
        chain(&error).contains("too many redirects"),
        "{}",
        chain(&error)
    );
    assert_eq!(
        count(&faults),
        6 + 6,
        "the sixth redirect is refused, and not retried"
    );

    let client = server.client(|b| b.max_redirects(0));
    let error = client.fault("hop0-1").await.unwrap_err();
    assert!(is_redirect(&error), "{error:?}");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_redirect_loop_is_an_error() {
    let (server, faults) = faulty(|mut stream, request| async move {
        let next = if request.path().ends_with("/ping") {
            "/api/v1.0/fault/pong"
        } else {
            "/api/v1.0/fault/ping"
        };
        redirect(&mut stream, "301 Moved Permanently", next).await;
    })
    .await;
    let client = server.client(|b| b);
    let error = client.fault("ping").await.unwrap_err();
    assert!(is_redirect(&error), "{error:?}");
    assert!(chain(&error).contains("redirect loop"), "{}", chain(&error));
    assert_eq!(count(&faults), 2, "ping, pong, then the loop is seen");
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn redirects_to_other_schemes_or_plain_http_elsewhere_are_refused() {
    let (server, faults) = faulty(|mut stream, request| async move {
        match request.path().rsplit('/').next() {
            Some("ftp") => redirect(&mut stream, "302 Found", "ftp://127.0.0.1/file").await,
            Some("plain") => {
                let location = "http://example.com/api/v1.0/healthy";
                redirect(&mut stream, "302 Found", location).await;
            }
            Some("file") => redirect(&mut stream, "302 Found", "file:///etc/passwd").await,
            _ => answer(&mut stream, "302 Found", &[], "").await,
        }
    })
    .await;
    let client = server.client(|b| b);
    for (case, reason) in [
        ("ftp", "scheme other than http or https"),
        ("plain", "plain http for a host that is not loopback"),
    ] {
        let error = client.fault(case).await.unwrap_err();
        assert!(is_redirect(&error), "{case}: {error:?}");
        assert!(chain(&error).contains(reason), "{case}: {}", chain(&error));
    }
    assert_eq!(count(&faults), 2, "refused redirects are not retried");

    // A `Location` that is not an absolute or relative http URL, or none at all, is not followed:
    // the redirect itself is the answer, an API error with its status.
    for case in ["file", "no-location"] {
        let error = client.fault(case).await.unwrap_err();
        assert_eq!(error.status(), Some(302), "{case}: {error:?}");
    }
    assert_eq!(count(&faults), 4);
    assert_still_usable(&client).await;
}

#[tokio::test]
async fn a_307_resends_the_post_body_and_a_303_turns_it_into_a_get() {
    let (server, _) = faulty(|mut stream, request| async move {
        match request.path().rsplit('/').next() {
            Some("temporary") => {
                redirect(
                    &mut stream,
                    "307 Temporary Redirect",
                    "/api/v1.0/fault/echo",
                )
                .await;
            }
            Some("see-other") => {
                redirect(&mut stream, "303 See Other", "/api/v1.0/fault/echo").await;
            }
            _ => {
                let echo = json!({
                    "method": request.method(),
                    "body": String::from_utf8_lossy(&request.body),
                });
                answer(&mut stream, "200 OK", &[], &echo.to_string()).await;
            }
        }
    })
    .await;
    let client = server.client(|b| b);
    let echo = client
        .fault_post("temporary", &json!({"n": 1}))
        .await
        .unwrap();
    assert_eq!(echo, json!({"method": "POST", "body": r#"{"n":1}"#}));
    let echo = client
        .fault_post("see-other", &json!({"n": 1}))
        .await
        .unwrap();
    assert_eq!(echo, json!({"method": "GET", "body": ""}));
    assert_still_usable(&client).await;
}
