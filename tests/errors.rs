//! How failures reach the caller: status kept, bodies kept and decoded into the documented error
//! model with its details, API key never included.

mod common;

use altur_client::models::CampaignAction;
use altur_client::{CampaignsApi, EndUserApi, Error, ErrorCode, MessagesApi};
use common::wire::{self, answering, requests};
use common::{ADA, KEY, assert_api_error, client_for, closed_address, expect_api_error};
use serde_json::json;
use std::error::Error as _;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn documented_error_body() {
    let (server, client) = answering(
        ResponseTemplate::new(404)
            .set_body_json(json!({"error": 404, "message": "EndUser not found"})),
    )
    .await;
    let error = client.retrieve_enduser(ADA).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let api_error = error.api_error().expect("the documented error model");
    assert_eq!(api_error.code, Some(ErrorCode::Number(404)));
    assert_eq!(api_error.message, "EndUser not found");
    assert_eq!(
        error.to_string(),
        "api returned 404 Not Found: EndUser not found"
    );
    assert!(!error.is_timeout());
    assert_eq!(requests(&server).await.len(), 1, "a 404 is never retried");
}

#[tokio::test]
async fn string_codes_and_extra_keys() {
    let (_server, client) = answering(ResponseTemplate::new(409).set_body_json(json!({
        "error": "INVALID_STATUS_TRANSITION",
        "message": "campaign is finished",
        "current_status": "finished",
        "valid_targets": [],
    })))
    .await;
    let error = client.retrieve_enduser(ADA).await.unwrap_err();
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
        let (server, client) = answering(ResponseTemplate::new(status).set_body_string(body)).await;
        let error = client.retrieve_enduser(ADA).await.unwrap_err();
        assert_eq!(error.status(), Some(status), "{body}");
        assert!(error.api_error().is_none(), "{body}");
        assert_eq!(error.body(), Some(body.as_bytes()));
        assert!(
            error
                .to_string()
                .starts_with(&format!("api returned {status}")),
            "{error}"
        );
        assert_eq!(
            requests(&server).await.len(),
            1,
            "{status} is never retried"
        );
    }
}

#[tokio::test]
async fn undecodable_success_is_a_decode_error_that_says_what_failed() {
    let (_server, client) = answering(
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": "not-a-uuid", "display_name": "Ada"})),
    )
    .await;
    let error = client.retrieve_enduser(ADA).await.unwrap_err();
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
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_string(body)).await;
        let error = client.retrieve_enduser(ADA).await.unwrap_err();
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
    let (_server, client) = answering(ResponseTemplate::new(401).set_body_json(echoed)).await;
    let error = client.retrieve_enduser(ADA).await.unwrap_err();
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
    let client = client_for(&format!("http://{}", closed_address()), |builder| {
        builder.max_retries(0)
    });
    let error = client.retrieve_enduser(ADA).await.unwrap_err();
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

#[tokio::test]
async fn wire_transition_errors_expose_their_details() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1.0/campaigns/42/activate"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "error": "INVALID_STATUS_TRANSITION",
            "message": "Cannot activate an active campaign",
            "current_status": "active",
            "valid_targets": ["inactive"],
        })))
        .mount(&server)
        .await;
    let client = wire::client(&server, |builder| builder);
    let error = expect_api_error(
        client.campaign_action(42, CampaignAction::Activate).await,
        409,
        "INVALID_STATUS_TRANSITION",
    );
    let details = &error.api_error().expect("a body").details;
    assert_eq!(details["current_status"], "active");
    assert_eq!(details["valid_targets"], json!(["inactive"]));
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a POST without a key is not retried"
    );
}

#[tokio::test]
async fn wire_api_errors_keep_the_model() {
    let (_server, client) = answering(
        ResponseTemplate::new(404)
            .set_body_json(json!({"error": 404, "message": "Thread not found"})),
    )
    .await;
    let error = client.list_messages("thr_x").await.expect_err("404");
    assert_api_error(&error, 404, 404, "Thread not found");
}
