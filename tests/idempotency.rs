//! Idempotency keys the client generates: a POST whose method has an `Idempotency-Key`
//! parameter, called with `None`, gets one UUIDv4 per call, sent unchanged on every attempt, so
//! that it can be retried; a key the caller passes always wins; a client that never retries
//! adds none.

mod common;

use altur_client::mock::Reply;
use altur_client::models::{CampaignResponse, NewCampaign};
use altur_client::{CampaignsApi, StatusCode};
use common::campaigns::{campaign_envelope, phone_campaign};
use common::mock;
use std::time::Duration;
use uuid::Uuid;

fn campaign() -> NewCampaign {
    phone_campaign("A")
}

fn created() -> CampaignResponse {
    serde_json::from_value(campaign_envelope()).expect("the documented envelope")
}

fn keys(server: &altur_client::mock::MockServer) -> Vec<Option<String>> {
    server
        .received(async |api| api.create_campaign(&campaign(), None).await)
        .iter()
        .map(|request| request.header("idempotency-key").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_generated_key_is_sent_unchanged_on_every_attempt_of_one_call() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| {
        builder
            .max_retries(2)
            .initial_backoff(Duration::from_millis(1))
    });
    // The stub is written without a key, and matches calls whatever key they generate.
    server
        .when(async |api| api.create_campaign(&campaign(), None).await)
        .replies([
            Reply::status(StatusCode::SERVICE_UNAVAILABLE),
            Reply::value(&created()),
        ]);
    client
        .create_campaign(&campaign(), None)
        .await
        .expect("retried with its key");
    client
        .create_campaign(&campaign(), None)
        .await
        .expect("a second call");
    let keys = keys(&server);
    assert_eq!(keys.len(), 3, "{keys:?}");
    let parsed: Vec<Uuid> = keys
        .iter()
        .map(|key| Uuid::parse_str(key.as_deref().expect("a key")).expect("a UUID"))
        .collect();
    assert!(
        parsed.iter().all(|key| key.get_version_num() == 4),
        "{parsed:?}"
    );
    assert_eq!(parsed[0], parsed[1], "both attempts of the first call");
    assert_ne!(parsed[1], parsed[2], "each call has its own key");
}

#[tokio::test]
async fn a_key_the_caller_passes_always_wins() {
    let (server, client) = mock::start().await;
    server
        .when(async |api| api.create_campaign(&campaign(), None).await)
        .any_arguments()
        .respond(created());
    client
        .create_campaign(&campaign(), Some("mine-1"))
        .await
        .expect("created");
    assert_eq!(keys(&server), [Some("mine-1".to_owned())]);
}

#[tokio::test]
async fn a_client_that_never_retries_adds_no_key_and_does_not_retry() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| builder.max_retries(0));
    server
        .when(async |api| api.create_campaign(&campaign(), None).await)
        .replies([
            Reply::status(StatusCode::SERVICE_UNAVAILABLE),
            Reply::value(&created()),
        ]);
    let error = client
        .create_campaign(&campaign(), None)
        .await
        .expect_err("not retried");
    assert_eq!(error.status(), Some(503));
    assert_eq!(keys(&server), [None]);
}
