//! The embedded mock server itself, driven through the real `Client` and through raw HTTP/1.1:
//! its keys, its EndUser routes, keep-alive, stopping, and the bounds on what a client may hold.
//! Its Campaigns are in `campaigns.rs`; its messages, threads and calls in `conversations.rs`.

mod common;

use altur_client::mock::MockServer;
use altur_client::models::EndUserData;
use altur_client::{EndUser, EndUserApi, Error, ErrorCode, IntegrationType};
use common::{ADA, RawResponse, assert_api_error, mock};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

/// Ada on WhatsApp, with her preferences.
fn ada() -> EndUser {
    let mut user = EndUser::new(ADA, "Ada Lovelace");
    user.integration_type = Some(IntegrationType::Whatsapp);
    user.info = Some("prefers mornings".to_owned());
    user
}

/// Sends one request on `stream` and reads one response, framed by its `Content-Length`.
async fn exchange(
    stream: &mut TcpStream,
    method: &str,
    path: &str,
    authorization: Option<&str>,
) -> RawResponse {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if let Some(authorization) = authorization {
        request.push_str(&format!("Authorization: {authorization}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("request sent");
    read_response(stream).await
}

/// Reads one response from `stream`, framed by its `Content-Length`.
async fn read_response(stream: &mut TcpStream) -> RawResponse {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        read_more(stream, &mut buffer).await;
    };
    let mut response = RawResponse::new(&buffer[..head_end], Vec::new());
    let length: usize = response
        .header("content-length")
        .and_then(|length| length.parse().ok())
        .expect("a Content-Length");
    while buffer.len() < head_end + length {
        read_more(stream, &mut buffer).await;
    }
    response.body = buffer[head_end..head_end + length].to_vec();
    response
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) {
    let mut chunk = [0; 4096];
    let read = stream.read(&mut chunk).await.expect("response read");
    assert_ne!(read, 0, "the server closed the connection mid-response");
    buffer.extend_from_slice(&chunk[..read]);
}

#[tokio::test(flavor = "multi_thread")]
async fn retrieves_an_inserted_enduser() {
    let server = mock::server().await;
    assert_eq!(server.insert_enduser(ada()), None);

    let user = mock::client(&server, |builder| builder)
        .retrieve_enduser(ADA)
        .await
        .expect("the EndUser");
    assert_eq!(user, ada());
    assert_eq!(user.display_name, "Ada Lovelace");
    assert_eq!(user.integration_type, Some(IntegrationType::Whatsapp));
    assert_eq!(user.info.as_deref(), Some("prefers mornings"));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn works_on_a_current_thread_runtime_with_the_default_client() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let client = server.client().expect("a client");
    assert_eq!(client.base_url(), server.base_url());
    assert_eq!(
        client.retrieve_enduser(ADA).await.expect("the EndUser"),
        ada()
    );
}

#[tokio::test]
async fn replaced_and_removed_endusers() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let mut renamed = ada();
    renamed.display_name = "Augusta Ada King".to_owned();
    assert_eq!(server.insert_enduser(renamed.clone()), Some(ada()));

    let client = mock::client(&server, |builder| builder);
    assert_eq!(client.retrieve_enduser(ADA).await.expect("found"), renamed);
    assert_eq!(server.remove_enduser(ADA), Some(renamed));
    let error = client.retrieve_enduser(ADA).await.expect_err("removed");
    assert_api_error(&error, 404, 404, "EndUser not found");
}

#[tokio::test]
async fn unknown_id_is_404() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let error = mock::client(&server, |builder| builder)
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("no such EndUser");
    assert_api_error(&error, 404, 404, "EndUser not found");
    assert_eq!(
        error.to_string(),
        "api returned 404 Not Found: EndUser not found"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_or_missing_key_is_401() {
    let server = mock::server().await;
    server.insert_enduser(ada());

    let stranger = mock::client(&server, |builder| builder.api_key("not-the-key"));
    let error = stranger.retrieve_enduser(ADA).await.expect_err("wrong key");
    assert_eq!(error.status(), Some(401), "{error}");
    assert_eq!(
        error.api_error().and_then(|body| body.code.clone()),
        Some(ErrorCode::Number(401))
    );

    let path = format!("/api/v1.0/enduser/{ADA}");
    let missing = exchange(&mut connect(&server).await, "GET", &path, None).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json()["error"], 401);
    let key_alone = exchange(
        &mut connect(&server).await,
        "GET",
        &path,
        Some(server.api_key()),
    )
    .await;
    assert_eq!(key_alone.status, 401);
}

#[tokio::test]
async fn chosen_key() {
    let server = mock::builder().api_key("sk_test_123").start().await;
    assert_eq!(server.api_key(), "sk_test_123");
    server.insert_enduser(ada());
    assert_eq!(
        mock::client(&server, |builder| builder)
            .retrieve_enduser(ADA)
            .await
            .expect("found"),
        ada()
    );
}

#[tokio::test]
async fn malformed_id_is_400() {
    let server = mock::server().await;
    for id in ["not-a-uuid", "3f2b8c1e", "%FF", "%2F"] {
        let response = mock::raw(&server, "GET", &format!("/api/v1.0/enduser/{id}"), "").await;
        assert_eq!(response.status, 400, "{id}");
        let body = response.json();
        assert_eq!(body["error"], 400, "{id}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn percent_encoded_id_is_decoded() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let encoded = ADA.to_string().replace('-', "%2d");
    let response = mock::raw(&server, "GET", &format!("/api/v1.0/enduser/{encoded}"), "").await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.json(),
        json!({
            "id": ADA.to_string(),
            "display_name": "Ada Lovelace",
            "integration_type": "whatsapp",
            "info": "prefers mornings",
        })
    );
}

#[tokio::test]
async fn other_paths_are_404_and_other_methods_405() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    for path in [
        "/".to_owned(),
        "/api/v1.0/enduser/".to_owned(),
        format!("/enduser/{ADA}"),
        format!("/api/v1.0/threads/{ADA}"),
        format!("/api/v1.0/enduser/{ADA}/extra"),
    ] {
        // No route: a 404 that says so, never one that reads as a missing resource.
        let response = mock::raw(&server, "GET", &path, "").await;
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(response.json()["error"], "NO_ROUTE", "{path}");
    }
    for (path, methods, allow) in [
        (
            format!("/api/v1.0/enduser/{ADA}"),
            &["POST", "DELETE", "PATCH"][..],
            "GET, PUT",
        ),
        (
            "/api/v1.0/enduser".to_owned(),
            &["GET", "PUT", "DELETE", "PATCH"][..],
            "POST",
        ),
    ] {
        for method in methods {
            let response = mock::raw(&server, method, &path, "").await;
            assert_eq!(response.status, 405, "{method} {path}");
            assert_eq!(response.header("allow"), Some(allow));
            assert_eq!(response.json()["error"], 405);
        }
    }
}

#[tokio::test]
async fn creates_and_updates_endusers() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| builder);

    let created = client
        .create_enduser(&EndUserData::new().with_display_name("Ada"))
        .await
        .expect("created");
    assert_eq!(created.display_name, "Ada");
    assert_eq!(created.info, None);
    assert_eq!(created.id.get_version_num(), 4);
    assert_eq!(
        client.retrieve_enduser(created.id).await.expect("stored"),
        created
    );

    let blank = client
        .create_enduser(&EndUserData::new())
        .await
        .expect("created without fields");
    assert_eq!(blank.display_name, "");
    assert_ne!(blank.id, created.id);

    let updated = client
        .update_enduser(
            created.id,
            &EndUserData::new().with_info("prefers mornings"),
        )
        .await
        .expect("updated");
    assert_eq!(updated.display_name, "Ada");
    assert_eq!(updated.info.as_deref(), Some("prefers mornings"));
    let renamed = client
        .update_enduser(
            created.id,
            &EndUserData::new().with_display_name("Ada Lovelace"),
        )
        .await
        .expect("renamed");
    assert_eq!(renamed.display_name, "Ada Lovelace");
    assert_eq!(renamed.info.as_deref(), Some("prefers mornings"));
    assert_eq!(
        client.retrieve_enduser(created.id).await.expect("stored"),
        renamed
    );

    let error = client
        .update_enduser(Uuid::nil(), &EndUserData::new().with_info("x"))
        .await
        .expect_err("no such EndUser");
    assert_api_error(&error, 404, 404, "EndUser not found");
}

#[tokio::test]
async fn enduser_bodies_are_validated() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    for (method, path) in [
        ("POST", "/api/v1.0/enduser".to_owned()),
        ("PUT", format!("/api/v1.0/enduser/{ADA}")),
    ] {
        let response = mock::raw(&server, method, &path, "").await;
        assert_eq!(response.status, 400, "{method}");
        // The published Error model of `/enduser`: an integer code, as in `{"error": 123}`.
        assert_eq!(response.json()["error"], 400, "{method}");
        assert!(response.json()["message"].is_string(), "{method}");
    }
    let response = mock::raw(&server, "PUT", "/api/v1.0/enduser/nope", "").await;
    assert_eq!(response.status, 400);
    // The path is checked before the body.
    assert_eq!(
        response.json()["message"],
        r#"path parameter `id`: "nope" is not a "uuid""#
    );
    assert_eq!(
        mock::client(&server, |builder| builder)
            .retrieve_enduser(ADA)
            .await
            .expect("unchanged"),
        ada()
    );
}

#[tokio::test]
async fn keep_alive_and_counters() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let auth = mock::authorization(&server);
    let path = format!("/api/v1.0/enduser/{ADA}");

    let mut stream = TcpStream::connect(server.address())
        .await
        .expect("connected");
    assert_eq!(
        exchange(&mut stream, "GET", &path, Some(&auth))
            .await
            .status,
        200
    );
    assert_eq!(
        exchange(&mut stream, "GET", "/nowhere", Some(&auth))
            .await
            .status,
        404
    );
    assert_eq!(exchange(&mut stream, "GET", &path, None).await.status, 401);
    assert_eq!(server.connection_count(), 1);
    assert_eq!(server.request_count(), 3);

    assert_eq!(mock::raw(&server, "GET", &path, "").await.status, 200);
    assert_eq!(server.connection_count(), 2);
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn debug_hides_the_key() {
    let server = mock::server().await;
    let debug = format!("{server:?}");
    assert!(!debug.contains(server.api_key()), "{debug}");
    assert!(debug.contains(&server.base_url()), "{debug}");

    let chosen = MockServer::builder().api_key("sk_live_secret");
    assert!(!format!("{chosen:?}").contains("sk_live_secret"));
    let chosen = chosen.start().await;
    assert!(!format!("{chosen:?}").contains("sk_live_secret"));
}

#[tokio::test]
async fn servers_are_independent() {
    let first = mock::server().await;
    let second = mock::server().await;
    assert_ne!(first.address().port(), second.address().port());
    assert_ne!(first.base_url(), second.base_url());
    assert_ne!(first.api_key(), second.api_key());
    for server in [&first, &second] {
        let key = server.api_key();
        let hex = key.strip_prefix("mock_").expect("a `mock_` key");
        assert_eq!(hex.len(), 32, "{key}");
        assert!(hex.bytes().all(|byte| byte.is_ascii_hexdigit()), "{key}");
        assert_eq!(
            server.base_url(),
            format!("http://127.0.0.1:{}/api/v1.0", server.address().port())
        );
    }

    first.insert_enduser(ada());
    mock::client(&first, |builder| builder)
        .retrieve_enduser(ADA)
        .await
        .expect("found");
    let error = mock::client(&second, |builder| builder)
        .retrieve_enduser(ADA)
        .await
        .expect_err("only the first server knows Ada");
    assert_eq!(error.status(), Some(404));
}

async fn stops_when_dropped() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let fresh = mock::client(&server, |builder| builder);
    let pooled = mock::client(&server, |builder| builder);
    pooled
        .retrieve_enduser(ADA)
        .await
        .expect("served while running");
    drop(server);

    for client in [fresh, pooled] {
        let error = client
            .retrieve_enduser(ADA)
            .await
            .expect_err("the server is gone");
        assert_eq!(error.status(), None, "{error}");
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    }
}

#[tokio::test]
async fn stops_when_dropped_on_a_current_thread_runtime() {
    stops_when_dropped().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stops_when_dropped_on_a_multi_thread_runtime() {
    stops_when_dropped().await;
}

#[test]
fn dropping_after_the_runtime_is_gone_does_not_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime.block_on(mock::server());
    drop(runtime);
    drop(server);
}

/// The read timeouts of the servers in the timeout tests: short, so the tests are quick.
const SHORT: Duration = Duration::from_millis(200);
/// The longest any wait in the timeout tests may take: far beyond `SHORT`, so reaching it means
/// the server never acted, and the test fails instead of hanging.
const GUARD: Duration = Duration::from_secs(10);

async fn server_with_short_timeouts() -> MockServer {
    mock::builder()
        .header_read_timeout(SHORT)
        .body_read_timeout(SHORT)
        .start()
        .await
}

async fn connect(server: &MockServer) -> TcpStream {
    TcpStream::connect(server.address())
        .await
        .expect("connected to the mock server")
}

async fn send(stream: &mut TcpStream, bytes: &str) {
    stream.write_all(bytes.as_bytes()).await.expect("sent");
}

/// Reads until the server closes the connection (end of file, or an error such as a reset);
/// returns how long that took and what was received before. Panics after [`GUARD`].
async fn wait_for_close(stream: &mut TcpStream) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let mut received = Vec::new();
    let closed = tokio::time::timeout(GUARD, async {
        let mut chunk = [0; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(read) => received.extend_from_slice(&chunk[..read]),
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the server kept the connection open for {GUARD:?}"
    );
    (started.elapsed(), received)
}

/// A GET the server answers `200`, on a new connection: the server still serves.
async fn assert_still_serving(server: &MockServer) {
    server.insert_enduser(ada());
    let path = format!("/api/v1.0/enduser/{ADA}");
    let response = tokio::time::timeout(GUARD, mock::raw(server, "GET", &path, ""))
        .await
        .expect("a response in time");
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn a_connection_stalled_mid_headers_is_closed() {
    let server = server_with_short_timeouts().await;
    let mut stream = connect(&server).await;
    send(
        &mut stream,
        "GET /api/v1.0/enduser/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz",
    )
    .await;
    let (waited, _) = wait_for_close(&mut stream).await;
    // Closed by the timeout, not at once (as it would be for a malformed head).
    assert!(waited >= SHORT / 2, "closed after {waited:?}");
    assert_still_serving(&server).await;
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let server = server_with_short_timeouts().await;
    let mut stream = connect(&server).await;
    let (waited, received) = wait_for_close(&mut stream).await;
    assert!(waited >= SHORT / 2, "closed after {waited:?}");
    assert!(received.is_empty(), "{received:?}");
    assert_eq!(server.request_count(), 0);
    assert_still_serving(&server).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let server = server_with_short_timeouts().await;
    server.insert_enduser(ada());
    let auth = mock::authorization(&server);
    let path = format!("/api/v1.0/enduser/{ADA}");
    let mut stream = connect(&server).await;
    // The timeout restarts after each response, so requests spaced by less than it are served
    // on the same connection...
    for _ in 0..3 {
        let response =
            tokio::time::timeout(GUARD, exchange(&mut stream, "GET", &path, Some(&auth)))
                .await
                .expect("a response in time");
        assert_eq!(response.status, 200);
        tokio::time::sleep(SHORT / 4).await;
    }
    // ...and a connection left idle after them is closed.
    let (_, received) = wait_for_close(&mut stream).await;
    assert!(received.is_empty(), "{received:?}");
    assert_eq!(server.connection_count(), 1);
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn a_body_that_never_finishes_is_answered_408() {
    let server = server_with_short_timeouts().await;
    let mut stream = connect(&server).await;
    let head = format!(
        "POST /api/v1.0/enduser HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n",
        mock::authorization(&server)
    );
    send(&mut stream, &head).await;
    send(&mut stream, r#"{"display_name": "Ad"#).await;
    let started = Instant::now();
    let response = tokio::time::timeout(GUARD, read_response(&mut stream))
        .await
        .expect("a response in time");
    assert!(started.elapsed() >= SHORT / 2, "{:?}", started.elapsed());
    assert_eq!(response.status, 408);
    assert_eq!(
        response.json(),
        json!({"error": 408, "message": "request body not received in time"})
    );
    assert_eq!(response.header("connection"), Some("close"));
    wait_for_close(&mut stream).await;
    assert_eq!(server.request_count(), 1);
    assert_still_serving(&server).await;
}

#[tokio::test]
async fn connections_over_the_limit_wait_until_stalled_ones_time_out() {
    // Longer than `SHORT`: the test must see the third client kept waiting before the stalled
    // connections time out, even on a slow machine.
    let timeout = Duration::from_millis(600);
    let server = mock::builder()
        .max_connections(2)
        .header_read_timeout(timeout)
        .start()
        .await;
    server.insert_enduser(ada());
    let mut stalled = [connect(&server).await, connect(&server).await];
    tokio::time::timeout(GUARD, async {
        while server.connection_count() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("both stalled connections accepted");

    let started = Instant::now();
    let mut waiting = connect(&server).await;
    let request = format!(
        "GET /api/v1.0/enduser/{ADA} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\n\r\n",
        mock::authorization(&server)
    );
    send(&mut waiting, &request).await;
    // Both slots are taken: the request waits in the listen backlog, unanswered.
    let mut byte = [0; 1];
    let early = tokio::time::timeout(timeout / 3, waiting.peek(&mut byte)).await;
    assert!(early.is_err(), "served over the limit: {early:?}");
    assert_eq!(server.connection_count(), 2);

    // Once the stalled connections time out, it is accepted and served.
    let response = tokio::time::timeout(GUARD, read_response(&mut waiting))
        .await
        .expect("served once a slot is free");
    assert_eq!(response.status, 200);
    assert!(started.elapsed() >= timeout / 2, "{:?}", started.elapsed());
    for stream in &mut stalled {
        wait_for_close(stream).await;
    }
    assert_eq!(server.connection_count(), 3);
    assert_still_serving(&server).await;
}
