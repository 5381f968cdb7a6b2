//! Retries: which failures, how many times, how long between, and `Retry-After`.

mod common;

use altur_client::{EndUserApi, Error};
use common::{KEY, RawServer, USER_ID, enduser_json, read_request, respond};
use std::time::{Duration, Instant, SystemTime};
use uuid::Uuid;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id() -> Uuid {
    Uuid::parse_str(USER_ID).unwrap()
}

/// A server that answers `failure` `times` times, then 200 with an EndUser.
async fn failing(failure: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(enduser_json(), "application/json"))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn client(
    server: &MockServer,
    configure: impl FnOnce(altur_client::ClientBuilder) -> altur_client::ClientBuilder,
) -> altur_client::Client {
    configure(
        altur_client::Client::builder()
            .api_key(KEY)
            .base_url(server.uri())
            .initial_backoff(Duration::from_millis(1)),
    )
    .build()
    .expect("client")
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .len()
}

#[tokio::test]
async fn retryable_statuses_are_retried_until_success() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server = failing(ResponseTemplate::new(status), 2).await;
        let user = client(&server, |b| b).retrieve_enduser(id()).await;
        assert_eq!(
            user.expect("success on the third attempt").display_name,
            "Ada Lovelace"
        );
        assert_eq!(requests(&server).await, 3, "{status}");
    }
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_error_is_returned() {
    let server = failing(ResponseTemplate::new(503).set_body_string("busy"), 10).await;
    let error = client(&server, |b| b.max_retries(3))
        .retrieve_enduser(id())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.body(), Some(&b"busy"[..]));
    assert_eq!(requests(&server).await, 4);

    let server = failing(ResponseTemplate::new(503), 10).await;
    let error = client(&server, |b| b.max_retries(0))
        .retrieve_enduser(id())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn other_client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let server = failing(ResponseTemplate::new(status), 10).await;
        let error = client(&server, |b| b)
            .retrieve_enduser(id())
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn backoff_grows_between_attempts() {
    let server = failing(ResponseTemplate::new(500), 2).await;
    let started = Instant::now();
    client(&server, |b| b.initial_backoff(Duration::from_millis(100)))
        .retrieve_enduser(id())
        .await
        .expect("success on the third attempt");
    // Equal jitter waits at least half of 100 ms, then half of 200 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_in_seconds_replaces_the_backoff() {
    let server = failing(
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
    )
    .await;
    let started = Instant::now();
    client(&server, |b| b.initial_backoff(Duration::from_secs(60)))
        .retrieve_enduser(id())
        .await
        .expect("success after waiting");
    let waited = started.elapsed();
    // At least the second asked for, and nowhere near the 30-60 s backoff.
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(20), "{waited:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = failing(
        ResponseTemplate::new(503).insert_header("retry-after", date.as_str()),
        1,
    )
    .await;
    let started = Instant::now();
    client(&server, |b| b.initial_backoff(Duration::from_secs(60)))
        .retrieve_enduser(id())
        .await
        .expect("success after waiting");
    let waited = started.elapsed();
    // The date has a one-second resolution, so the wait is between one and two seconds.
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(20), "{waited:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_over_the_cap_gives_up_at_once_and_says_why() {
    let server = failing(
        ResponseTemplate::new(429).insert_header("retry-after", "120"),
        10,
    )
    .await;
    let started = Instant::now();
    let error = client(&server, |b| b.max_retry_after(Duration::from_secs(60)))
        .retrieve_enduser(id())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(error.to_string().contains("retry after 120 s"), "{error}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let server = RawServer::start(|index, mut stream| async move {
        read_request(&mut stream).await;
        if index >= 2 {
            respond(
                &mut stream,
                "200 OK",
                &[("content-type", "application/json")],
                &enduser_json(),
            )
            .await;
        }
        // Earlier connections close without a response.
    })
    .await;
    let user = server
        .client(|b| b)
        .retrieve_enduser(id())
        .await
        .expect("third attempt answers");
    assert_eq!(user.display_name, "Ada Lovelace");
    assert_eq!(server.connections(), 3);

    let server = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
    })
    .await;
    let error = server
        .client(|b| b.max_retries(1))
        .retrieve_enduser(id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!error.is_timeout());
    assert_eq!(error.status(), None);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn timeouts_are_errors_that_say_so() {
    let server = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        // Hold the connection open without answering.
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let error = server
        .client(|b| b.timeout(Duration::from_millis(200)).max_retries(1))
        .retrieve_enduser(id())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.to_string(), "request timed out");
    assert_eq!(server.connections(), 2, "a timed-out GET is retried once");
}

#[tokio::test]
async fn refused_connections_are_connect_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = altur_client::Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .initial_backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    let error = client.retrieve_enduser(id()).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.to_string(), "failed to connect to the server");
}
