//! Stubs on the mock server, keyed by the call they stand for: typed replies, sequences,
//! delays, limits, expectations, the request log, users' own traits, and the `404` of a request
//! that matches no route.

mod common;

use altur_client::mock::{Fault, Reply};
use altur_client::models::EndUserData;
use altur_client::{
    ApiError, Client, EndUser, EndUserApi, Result, StatusCode, ThreadsApi, altur_api,
};
use common::mock;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

fn ada() -> EndUser {
    EndUser::new(Uuid::from_u128(7), "Ada Lovelace")
}

#[tokio::test]
async fn a_stub_answers_its_call_and_nothing_else() {
    let (server, client) = mock::start().await;
    let ada = ada();
    let stub = server
        .when(async |api| api.retrieve_enduser(ada.id).await)
        .respond(ada.clone());
    assert_eq!(client.retrieve_enduser(ada.id).await.expect("stubbed"), ada);
    // Another id is not this call: the server's own behaviour answers, a 404 for an unknown id.
    let other = client
        .retrieve_enduser(Uuid::from_u128(8))
        .await
        .expect_err("not stubbed");
    assert_eq!(other.status(), Some(404));
    assert_eq!(stub.answered(), 1);
}

#[tokio::test]
async fn stubs_take_precedence_over_the_servers_state_and_the_latest_wins() {
    let (server, client) = mock::start().await;
    let stored = ada();
    server.insert_enduser(stored.clone());
    let impostor = EndUser::new(stored.id, "Impostor");
    server
        .when(async |api| api.retrieve_enduser(stored.id).await)
        .respond(impostor.clone());
    assert_eq!(
        client.retrieve_enduser(stored.id).await.expect("stubbed"),
        impostor
    );
    server
        .when(async |api| api.retrieve_enduser(stored.id).await)
        .respond_error(StatusCode::GONE, ApiError::new(410, "gone"));
    let error = client
        .retrieve_enduser(stored.id)
        .await
        .expect_err("latest stub");
    assert_eq!(error.status(), Some(410));
    assert_eq!(error.api_error().expect("the model").message, "gone");
}

#[tokio::test]
async fn any_arguments_and_predicates_widen_or_narrow_a_stub() {
    let (server, client) = mock::start().await;
    server
        .when(async |api| api.retrieve_thread("any").await)
        .any_arguments()
        .respond_error(StatusCode::NOT_FOUND, ApiError::new(404, "no such thread"));
    server
        .when(async |api| api.create_enduser(&EndUserData::new()).await)
        .any_arguments()
        .matching(|request| {
            request
                .json::<EndUserData>()
                .is_ok_and(|data| data.display_name.as_deref() == Some("Ada"))
        })
        .respond(ada());
    for id in ["thr_1", "thr 2/3", "ünïcode"] {
        let error = client.retrieve_thread(id).await.expect_err("stubbed");
        assert_eq!(
            error.api_error().expect("the model").message,
            "no such thread"
        );
    }
    let created = client
        .create_enduser(&EndUserData::new().with_display_name("Ada"))
        .await
        .expect("stubbed");
    assert_eq!(created, ada());
    // The predicate does not hold: the server's own behaviour creates a new EndUser.
    let other = client
        .create_enduser(&EndUserData::new().with_display_name("Grace"))
        .await
        .expect("created by the server");
    assert_eq!(other.display_name, "Grace");
    assert_ne!(other.id, ada().id);
}

#[tokio::test]
async fn a_sequence_tests_retries() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| {
        builder
            .max_retries(2)
            .initial_backoff(Duration::from_millis(1))
    });
    let ada = ada();
    let stub = server
        .when(async |api| api.retrieve_enduser(ada.id).await)
        .replies([
            Reply::status(StatusCode::SERVICE_UNAVAILABLE).header("retry-after", "0"),
            Reply::error(
                StatusCode::SERVICE_UNAVAILABLE,
                &ApiError::new(503, "try again"),
            ),
            Reply::value(&ada),
        ]);
    assert_eq!(
        client
            .retrieve_enduser(ada.id)
            .await
            .expect("third attempt"),
        ada
    );
    assert_eq!(stub.answered(), 3);
    // The last reply repeats.
    assert_eq!(
        client.retrieve_enduser(ada.id).await.expect("repeated"),
        ada
    );
}

#[tokio::test]
async fn a_delay_meets_the_clients_timeout() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| {
        builder.timeout(Duration::from_millis(100))
    });
    let ada = ada();
    server
        .when(async |api| api.retrieve_enduser(ada.id).await)
        .reply(Reply::value(&ada).after(Duration::from_secs(2)));
    let error = client.retrieve_enduser(ada.id).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn times_limits_a_stub_and_expectations_are_checked() {
    let (server, client) = mock::start().await;
    let ada = ada();
    server.insert_enduser(ada.clone());
    let once = server
        .when(async |api| api.retrieve_enduser(ada.id).await)
        .times(1)
        .expect(1)
        .respond_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::new(500, "once"),
        );
    assert_eq!(
        client
            .retrieve_enduser(ada.id)
            .await
            .expect_err("stubbed")
            .status(),
        Some(500)
    );
    assert_eq!(
        client
            .retrieve_enduser(ada.id)
            .await
            .expect("the server's own"),
        ada
    );
    assert_eq!(once.answered(), 1);
    server.verify();

    let twice = server
        .when(async |api| api.retrieve_thread("thr_1").await)
        .expect(2)
        .respond_error(StatusCode::NOT_FOUND, ApiError::new(404, "none"));
    let unmet = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.verify()))
        .expect_err("one expectation is unmet");
    let message = unmet.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains(
            "`retrieve_thread` (GET /api/v1.0/thread/<id>) expected 2 request(s), received 0"
        ),
        "{message}"
    );
    let _ = client.retrieve_thread("thr_1").await;
    let _ = client.retrieve_thread("thr_1").await;
    assert_eq!(twice.answered(), 2);
    server.verify();
}

#[tokio::test]
async fn an_unmet_expectation_fails_the_test_when_the_server_is_dropped() {
    let dropped = tokio::spawn(async {
        let server = mock::server().await;
        server
            .when(async |api| api.retrieve_thread("thr_1").await)
            .expect(1)
            .respond_error(StatusCode::NOT_FOUND, ApiError::new(404, "none"));
        drop(server);
    })
    .await
    .expect_err("the drop panics");
    assert!(dropped.is_panic());
}

#[tokio::test]
async fn the_request_log_has_every_call_of_a_method_without_the_key() {
    let (server, client) = mock::start().await;
    for name in ["Ada", "Grace"] {
        client
            .create_enduser(&EndUserData::new().with_display_name(name))
            .await
            .expect("created");
    }
    let _ = client.retrieve_thread("thr_1").await;
    let sent = server.received(async |api| api.create_enduser(&EndUserData::new()).await);
    let names: Vec<Option<String>> = sent
        .iter()
        .map(|request| {
            request
                .json::<EndUserData>()
                .expect("the model the call sent")
                .display_name
        })
        .collect();
    assert_eq!(names, [Some("Ada".to_owned()), Some("Grace".to_owned())]);
    assert!(
        sent.iter()
            .all(|request| request.header("authorization").is_none())
    );
    assert!(!format!("{sent:?}").contains(server.api_key()));
    let threads = server.received(async |api| api.retrieve_thread("x").await);
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].path(), "/api/v1.0/thread/thr_1");
}

#[tokio::test]
async fn faults_break_the_connection_as_a_real_server_would() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| {
        builder.timeout(Duration::from_millis(300))
    });
    let ada = ada();
    let cases = [
        (Fault::Reset, "thr_reset"),
        (Fault::CloseMidBody, "thr_close"),
        (Fault::StallBody, "thr_stall"),
    ];
    for (fault, id) in cases {
        server
            .when(async |api| api.retrieve_thread(id).await)
            .reply(Reply::fault(fault));
    }
    let reset = client
        .retrieve_thread("thr_reset")
        .await
        .expect_err("reset");
    let closed = client
        .retrieve_thread("thr_close")
        .await
        .expect_err("closed");
    let stalled = client
        .retrieve_thread("thr_stall")
        .await
        .expect_err("stalled");
    for error in [&reset, &closed, &stalled] {
        assert!(
            matches!(error, altur_client::Error::Transport { .. }),
            "{error:?}"
        );
        assert_eq!(error.status(), None);
    }
    assert!(!reset.is_timeout() && !reset.is_connect(), "{reset:?}");
    let altur_client::Error::Transport { source, .. } = &closed else {
        unreachable!("checked above");
    };
    assert!(source.is_body(), "{closed:?}");
    assert!(stalled.is_timeout(), "{stalled:?}");

    // A fault then a value: the client's retries get through.
    let retrying = mock::client(&server, |builder| {
        builder
            .max_retries(1)
            .initial_backoff(Duration::from_millis(1))
    });
    let stub = server
        .when(async |api| api.retrieve_enduser(ada.id).await)
        .replies([Reply::fault(Fault::Reset), Reply::value(&ada)]);
    assert_eq!(
        retrying.retrieve_enduser(ada.id).await.expect("retried"),
        ada
    );
    assert_eq!(stub.answered(), 2);
}

#[tokio::test]
async fn a_raw_reply_stubs_a_method_that_returns_bytes() {
    use altur_client::CallsApi;

    let (server, client) = mock::start().await;
    let audio: &[u8] = b"ID3\x04\x00 not really mp3";
    server
        .when(async |api| api.download_recording("cll_1").await)
        .reply(Reply::raw(StatusCode::OK, "audio/mpeg", audio));
    assert_eq!(
        &client.download_recording("cll_1").await.expect("stubbed")[..],
        audio
    );
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pet {
    pub id: u64,
    pub name: String,
}

/// A user's own API, served by the same mock server as Altur's.
#[altur_api]
pub trait PetsApi {
    #[get("/pets/<id>?<view>")]
    async fn pet(&self, id: u64, view: Option<&str>) -> Result<Pet>;

    #[post("/pets", data = "<pet>")]
    async fn add_pet(&self, pet: &Pet, #[header("Idempotency-Key")] key: &str) -> Result<Pet>;
}

#[tokio::test]
async fn users_own_traits_are_stubbed_on_the_same_server() {
    let (server, client) = mock::start().await;
    let rex = Pet {
        id: 1,
        name: "Rex".to_owned(),
    };
    server
        .when(async |api| api.pet(1, Some("full")).await)
        .respond(rex.clone());
    server
        .when(async |api| api.add_pet(&rex, "key-1").await)
        .respond(rex.clone());
    assert_eq!(client.pet(1, Some("full")).await.expect("stubbed"), rex);
    assert_eq!(client.add_pet(&rex, "key-1").await.expect("stubbed"), rex);
    // Another query value, or another idempotency key, is another call.
    let error = client.pet(1, None).await.expect_err("not stubbed");
    assert_eq!(error.status(), Some(404));
    assert!(
        error
            .api_error()
            .expect("the model")
            .message
            .starts_with("no stub matches `GET /api/v1.0/pets/1`: `pet` (`GET /api/v1.0/pets/<id>`) is stubbed for other arguments"),
        "{error}"
    );
    assert_eq!(
        client
            .add_pet(&rex, "key-2")
            .await
            .expect_err("not stubbed")
            .status(),
        Some(404)
    );
}

#[tokio::test]
async fn a_request_that_matches_no_route_says_so_and_names_the_nearest() {
    let (server, client) = mock::start().await;
    server
        .when(async |api| api.pet(1, None).await)
        .respond(Pet {
            id: 1,
            name: "Rex".to_owned(),
        });
    for (path, nearest) in [
        ("/api/v1.0/pet/1", "`GET /api/v1.0/pets/<id>`"),
        ("/api/v1.0/enduser/7/extra", "`GET /api/v1.0/enduser/<id>`"),
        ("/api/v1.0/campaign", "/api/v1.0/campaigns"),
    ] {
        let response = common::mock::raw(&server, "GET", path, "").await;
        assert_eq!(response.status, 404, "{path}");
        let body = String::from_utf8_lossy(&response.body).into_owned();
        assert!(body.contains("no route matches"), "{path}: {body}");
        assert!(body.contains(nearest), "{path}: {body}");
    }
    // An unknown id on a known route is still a missing resource.
    let missing = client
        .retrieve_enduser(Uuid::from_u128(9))
        .await
        .expect_err("unknown");
    assert!(!missing.to_string().contains("no route"), "{missing}");
}

#[tokio::test]
#[should_panic(expected = "sent no request: it was refused before sending")]
async fn a_call_that_sends_nothing_cannot_be_stubbed() {
    let server = mock::server().await;
    let _ = server.when(async |api: &Client| api.retrieve_thread("").await);
}

#[tokio::test]
async fn a_users_trait_and_a_built_in_one_share_one_server_and_one_client() {
    let server = mock::server().await;
    let client = mock::client(&server, |builder| {
        builder
            .max_retries(2)
            .initial_backoff(Duration::from_millis(1))
    });
    let rex = Pet {
        id: 1,
        name: "Rex".to_owned(),
    };
    let ada = ada();
    let pets = server
        .when(async |api| api.pet(1, None).await)
        .expect(3)
        .replies([
            Reply::fault(Fault::Reset),
            Reply::status(StatusCode::SERVICE_UNAVAILABLE),
            Reply::value(&rex),
        ]);
    let users = server
        .when(async |api| api.retrieve_enduser(ada.id).await)
        .expect(2)
        .replies([Reply::fault(Fault::CloseMidBody), Reply::value(&ada)]);
    assert_eq!(client.pet(1, None).await.expect("third attempt"), rex);
    assert_eq!(
        client
            .retrieve_enduser(ada.id)
            .await
            .expect("second attempt"),
        ada
    );
    assert_eq!((pets.answered(), users.answered()), (3, 2));
    server.verify();
}
