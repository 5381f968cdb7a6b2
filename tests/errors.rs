//! How failures reach the caller: status kept, bodies kept, API key never included.

mod common;

use altur_client::{Client, EndUserApi, Error, ErrorCode};
use common::{KEY, USER_ID};
use serde_json::json;
use std::error::Error as _;
use uuid::Uuid;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("client");
    (server, client)
}

fn id() -> Uuid {
    Uuid::parse_str(USER_ID).unwrap()
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .len()
}

#[tokio::test]
async fn documented_error_body() {
    let (server, client) = answer(
        ResponseTemplate::new(404)
            .set_body_json(json!({"error": 404, "message": "EndUser not found"})),
    )
    .await;
    let error = client.retrieve_enduser(id()).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let api_error = error.api_error().expect("the documented error model");
    assert_eq!(api_error.code, Some(ErrorCode::Number(404)));
    assert_eq!(api_error.message, "EndUser not found");
    assert_eq!(
        error.to_string(),
        "api returned 404 Not Found: EndUser not found"
    );
    assert!(!error.is_timeout());
    assert_eq!(requests(&server).await, 1, "a 404 is never retried");
}

#[tokio::test]
async fn string_codes_and_extra_keys() {
    let (_server, client) = answer(ResponseTemplate::new(409).set_body_json(json!({
        "error": "INVALID_STATUS_TRANSITION",
        "message": "campaign is finished",
        "current_status": "finished",
        "valid_targets": [],
    })))
    .await;
    let error = client.retrieve_enduser(id()).await.unwrap_err();
    let api_error = error.api_error().unwrap();
    assert_eq!(
        api_error.code.as_ref().and_then(ErrorCode::as_str),
        Some("INVALID_STATUS_TRANSITION")
    );
    assert_eq!(api_error.details["current_status"], "finished");
    assert_eq!(
        error.to_string(),
        "api returned 409 Conflict INVALID_STATUS_TRANSITION: campaign is finished"
    );
}

#[tokio::test]
async fn non_json_error_bodies_keep_the_status_and_the_body() {
    for (status, body) in [
        (401, "<html><body>Unauthorized</body></html>"),
        (400, ""),
        (403, "forbidden"),
    ] {
        let (server, client) = answer(ResponseTemplate::new(status).set_body_string(body)).await;
        let error = client.retrieve_enduser(id()).await.unwrap_err();
        assert_eq!(error.status(), Some(status), "{body}");
        assert!(error.api_error().is_none(), "{body}");
        assert_eq!(error.body(), Some(body.as_bytes()));
        assert!(
            error
                .to_string()
                .starts_with(&format!("api returned {status}")),
            "{error}"
        );
        assert_eq!(requests(&server).await, 1, "{status} is never retried");
    }
}

#[tokio::test]
async fn undecodable_success_is_a_decode_error_that_says_what_failed() {
    let (_server, client) = answer(
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": "not-a-uuid", "display_name": "Ada"})),
    )
    .await;
    let error = client.retrieve_enduser(id()).await.unwrap_err();
    let Error::Decode { target, status, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(target.ends_with("EndUser"), "{target}");
    assert_eq!(status.as_u16(), 200);
    assert_eq!(error.status(), None);
    assert!(error.to_string().contains("EndUser"), "{error}");
    let source = error.source().expect("the JSON error").to_string();
    assert!(
        source.contains("UUID") || source.contains("uuid"),
        "{source}"
    );

    for body in ["", "<html>", "[]", "{\"display_name\": \"Ada\"}"] {
        let (_server, client) = answer(ResponseTemplate::new(200).set_body_string(body)).await;
        let error = client.retrieve_enduser(id()).await.unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{body:?}: {error:?}");
        assert_eq!(error.body(), Some(body.as_bytes()));
    }
}

#[tokio::test]
async fn the_key_never_appears_in_errors_even_when_echoed() {
    let echoed = json!({
        "error": 401,
        "message": format!("invalid key api-key {KEY}"),
        "received": KEY,
    });
    let (_server, client) = answer(ResponseTemplate::new(401).set_body_json(echoed)).await;
    let error = client.retrieve_enduser(id()).await.unwrap_err();
    let shown = [
        error.to_string(),
        format!("{error:?}"),
        String::from_utf8_lossy(error.body().unwrap()).into_owned(),
        format!("{:?}", error.api_error()),
    ];
    for text in &shown {
        assert!(!text.contains(KEY), "{text}");
    }
    assert_eq!(
        error.api_error().unwrap().message,
        "invalid key api-key ***"
    );
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn transport_errors_never_show_the_key() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let error = client.retrieve_enduser(id()).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.status(), None);
    let mut chain = format!("{error} {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(!chain.contains(KEY), "{chain}");
}
