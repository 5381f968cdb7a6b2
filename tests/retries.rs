//! Retries: which failures and which requests are retried, how many times, how long between,
//! and `Retry-After`. Every `GET`, `HEAD`, `PUT` and `DELETE` may be retried; a `POST` or `PATCH`
//! only with an `Idempotency-Key`, with the same key and body.

mod common;

use altur_client::models::{CampaignAction, EndUserData, NewCall};
use altur_client::{CallsApi, CampaignsApi, EndUserApi, Error};
use common::campaigns::{RawCampaigns, campaign_envelope, phone_campaign};
use common::{
    ADA, AGENT, PHONE, RawServer, client_for, closed_address, enduser_json, read_request, respond,
    wire,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant, SystemTime};
use uuid::Uuid;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Makes `server` answer `failure` `times` times, then `success`.
async fn fail_then(
    server: &MockServer,
    failure: ResponseTemplate,
    times: u64,
    success: ResponseTemplate,
) {
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(success)
        .with_priority(2)
        .mount(server)
        .await;
}

/// A server that answers `failure` `times` times, then 200 with an EndUser.
async fn failing(failure: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    let success = ResponseTemplate::new(200).set_body_json(enduser_json());
    fail_then(&server, failure, times, success).await;
    server
}

// ---------------------------------------------------------------------------------------------
// Which failures, how many times, how long between

#[tokio::test]
async fn retryable_statuses_are_retried_until_success() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server = failing(ResponseTemplate::new(status), 2).await;
        let user = wire::client(&server, |b| b).retrieve_enduser(ADA).await;
        assert_eq!(
            user.expect("success on the third attempt").display_name,
            "Ada Lovelace"
        );
        assert_eq!(wire::requests(&server).await.len(), 3, "{status}");
    }
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_error_is_returned() {
    let server = failing(ResponseTemplate::new(503).set_body_string("busy"), 10).await;
    let error = wire::client(&server, |b| b.max_retries(3))
        .retrieve_enduser(ADA)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.body(), Some(&b"busy"[..]));
    assert_eq!(wire::requests(&server).await.len(), 4);

    let server = failing(ResponseTemplate::new(503), 10).await;
    let error = wire::client(&server, |b| b.max_retries(0))
        .retrieve_enduser(ADA)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(wire::requests(&server).await.len(), 1);
}

#[tokio::test]
async fn other_client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let server = failing(ResponseTemplate::new(status), 10).await;
        let error = wire::client(&server, |b| b)
            .retrieve_enduser(ADA)
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(wire::requests(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn backoff_grows_between_attempts() {
    let server = failing(ResponseTemplate::new(500), 2).await;
    let started = Instant::now();
    wire::client(&server, |b| b.initial_backoff(Duration::from_millis(100)))
        .retrieve_enduser(ADA)
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
    wire::client(&server, |b| b.initial_backoff(Duration::from_secs(60)))
        .retrieve_enduser(ADA)
        .await
        .expect("success after waiting");
    let waited = started.elapsed();
    // At least the second asked for, and nowhere near the 30-60 s backoff.
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(20), "{waited:?}");
    assert_eq!(wire::requests(&server).await.len(), 2);
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
    wire::client(&server, |b| b.initial_backoff(Duration::from_secs(60)))
        .retrieve_enduser(ADA)
        .await
        .expect("success after waiting");
    let waited = started.elapsed();
    // The date has a one-second resolution, so the wait is between one and two seconds.
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(20), "{waited:?}");
    assert_eq!(wire::requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_over_the_cap_gives_up_at_once_and_says_why() {
    let server = failing(
        ResponseTemplate::new(429).insert_header("retry-after", "120"),
        10,
    )
    .await;
    let started = Instant::now();
    let error = wire::client(&server, |b| b.max_retry_after(Duration::from_secs(60)))
        .retrieve_enduser(ADA)
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(error.to_string().contains("retry after 120 s"), "{error}");
    assert_eq!(wire::requests(&server).await.len(), 1);
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
                &enduser_json().to_string(),
            )
            .await;
        }
        // Earlier connections close without a response.
    })
    .await;
    let user = server
        .client(|b| b)
        .retrieve_enduser(ADA)
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
        .retrieve_enduser(ADA)
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
        .retrieve_enduser(ADA)
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.to_string(), "request timed out");
    assert_eq!(server.connections(), 2, "a timed-out GET is retried once");
}

#[tokio::test]
async fn refused_connections_are_connect_errors() {
    let client = client_for(&format!("http://{}", closed_address()), |builder| builder);
    let error = client.retrieve_enduser(ADA).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.to_string(), "failed to connect to the server");
}

// ---------------------------------------------------------------------------------------------
// Which requests: methods and idempotency keys

#[tokio::test]
async fn post_without_an_idempotency_key_is_never_retried() {
    // A method with an `Idempotency-Key` parameter called with `None` on a client that never
    // retries: no key is generated, and nothing is retried.
    let server = failing(ResponseTemplate::new(503), 2).await;
    let error = wire::client(&server, |b| b.max_retries(0))
        .post_campaign(&json!({"name": "x"}), None)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    let requests = wire::requests(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(wire::header(&requests[0], "idempotency-key"), None);

    // A method without one (a lifecycle action).
    let server = failing(ResponseTemplate::new(503), 2).await;
    let error = wire::client(&server, |b| b)
        .campaign_action(1, CampaignAction::Activate)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(wire::requests(&server).await.len(), 1);
}

#[tokio::test]
async fn post_with_a_generated_key_is_retried_with_that_key() {
    let server = failing(ResponseTemplate::new(503), 2).await;
    wire::client(&server, |b| b)
        .post_campaign(&json!({"name": "Spring"}), None)
        .await
        .unwrap();
    let requests = wire::requests(&server).await;
    assert_eq!(requests.len(), 3);
    let keys: Vec<Option<&str>> = requests
        .iter()
        .map(|request| wire::header(request, "idempotency-key"))
        .collect();
    let first = keys[0].expect("a generated key");
    assert_eq!(
        uuid::Uuid::parse_str(first).map(|key| key.get_version_num()),
        Ok(4)
    );
    assert!(keys.iter().all(|key| *key == Some(first)), "{keys:?}");
}

#[tokio::test]
async fn post_and_patch_with_a_key_are_retried_with_the_same_key_and_body() {
    let server = failing(ResponseTemplate::new(503), 2).await;
    let campaign = json!({"name": "Spring", "concurrency_limit": 2});
    wire::client(&server, |b| b)
        .post_campaign(&campaign, Some("idem-7"))
        .await
        .unwrap();
    let all = wire::requests(&server).await;
    assert_eq!(all.len(), 3);
    for request in &all {
        assert_eq!(wire::header(request, "idempotency-key"), Some("idem-7"));
        assert_eq!(request.body_json::<Value>().expect("a JSON body"), campaign);
    }

    let server = failing(ResponseTemplate::new(503), 2).await;
    wire::client(&server, |b| b)
        .patch_campaign(5, &json!({"name": "n"}), Some("idem-8".into()))
        .await
        .unwrap();
    let all = wire::requests(&server).await;
    assert_eq!(all.len(), 3);
    assert!(
        all.iter()
            .all(|request| wire::header(request, "idempotency-key") == Some("idem-8"))
    );
}

#[tokio::test]
async fn put_and_delete_are_retried_without_a_key() {
    let server = failing(ResponseTemplate::new(503), 2).await;
    wire::client(&server, |b| b)
        .update_enduser(Uuid::nil(), &EndUserData::new())
        .await
        .unwrap();
    assert_eq!(wire::requests(&server).await.len(), 3);
    let server = failing(ResponseTemplate::new(503), 2).await;
    wire::client(&server, |b| b)
        .delete_campaign_contact(1, 2)
        .await
        .unwrap();
    assert_eq!(wire::requests(&server).await.len(), 3);
}

#[tokio::test]
async fn post_without_a_key_is_not_retried_after_a_dropped_connection() {
    let server = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
    })
    .await;
    let error = server
        .client(|builder| builder)
        .campaign_action(1, CampaignAction::Activate)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn wire_posts_are_retried_only_with_a_key() {
    let server = MockServer::start().await;
    let envelope = || ResponseTemplate::new(200).set_body_json(campaign_envelope());
    fail_then(&server, ResponseTemplate::new(503), 1, envelope()).await;
    let client = wire::client(&server, |b| b);
    let new = phone_campaign("A");
    // Without a key, on a client that never retries: no key, one attempt.
    assert_eq!(
        wire::client(&server, |b| b.max_retries(0))
            .create_campaign(&new, None)
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    assert_eq!(wire::requests(&server).await.len(), 1);

    server.reset().await;
    fail_then(&server, ResponseTemplate::new(503), 1, envelope()).await;
    client
        .create_campaign(&new, Some("k-1"))
        .await
        .expect("retried");
    let attempts = wire::requests(&server).await;
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|r| wire::header(r, "idempotency-key") == Some("k-1"))
    );
    assert_eq!(attempts[0].body, attempts[1].body);
}

#[tokio::test]
async fn wire_start_call_is_not_retried() {
    let (server, client) = wire::answering(ResponseTemplate::new(503)).await;
    let error = client
        .start_call(&NewCall::new(AGENT, PHONE))
        .await
        .expect_err("unavailable");
    assert_eq!(error.status(), Some(503));
    assert_eq!(wire::requests(&server).await.len(), 1);
}
