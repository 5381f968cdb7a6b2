//! Code that uses the client, tested without it: fakes build every error a real call returns,
//! and the traits work as values (`&Client`, `Arc<Client>`, boxed fakes, the `Dyn` handles).

mod common;

use common::mock;

use altur_client::models::EndUserData;
use altur_client::{
    ApiError, Client, DynEndUserApi, EndUser, EndUserApi, Error, Result, StatusCode, ThreadsApi,
};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use uuid::Uuid;

/// The code under test: it only knows the trait.
async fn display_name(api: impl EndUserApi, id: Uuid) -> String {
    match api.retrieve_enduser(id).await {
        Ok(user) => user.display_name,
        Err(error) if error.status() == Some(404) => "(unknown)".to_owned(),
        Err(error) if error.is_timeout() => "(try again)".to_owned(),
        Err(error) => format!("(error: {error})"),
    }
}

/// A fake that answers every call with the error it holds.
struct Failing(fn() -> Error);

impl EndUserApi for Failing {
    async fn create_enduser(&self, _: &EndUserData) -> Result<EndUser> {
        Err((self.0)())
    }

    async fn retrieve_enduser(&self, _: Uuid) -> Result<EndUser> {
        Err((self.0)())
    }

    async fn update_enduser(&self, _: Uuid, _: &EndUserData) -> Result<EndUser> {
        Err((self.0)())
    }
}

fn not_found() -> Error {
    Error::api(
        StatusCode::NOT_FOUND,
        ApiError::new(404, "EndUser not found"),
    )
}

fn client_of(address: std::net::SocketAddr, timeout: Duration) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(format!("http://{address}"))
        .timeout(timeout)
        .max_retries(0)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_fakes_api_error_is_the_error_a_real_call_returns() {
    let (_server, client) = mock::start().await;
    let real = client
        .retrieve_enduser(Uuid::from_u128(0x2be9_51e6_7798_47cd_878d_49b2_918a_3bba))
        .await
        .expect_err("no such end user");
    let fake = Error::api(
        StatusCode::from_u16(real.status().expect("a status")).expect("a status code"),
        real.api_error().expect("the error body").clone(),
    );
    assert_eq!(fake.to_string(), real.to_string());
    assert_eq!(fake.status(), real.status());
    assert_eq!(fake.api_error(), real.api_error());
    let decoded: serde_json::Value =
        serde_json::from_slice(fake.body().expect("a body")).expect("JSON");
    let sent: serde_json::Value =
        serde_json::from_slice(real.body().expect("a body")).expect("JSON");
    assert_eq!(decoded, sent);
    assert_eq!(
        display_name(
            &client,
            Uuid::from_u128(0x2be9_51e6_7798_47cd_878d_49b2_918a_3bba)
        )
        .await,
        "(unknown)"
    );
    assert_eq!(
        display_name(
            Failing(not_found),
            Uuid::from_u128(0x2be9_51e6_7798_47cd_878d_49b2_918a_3bba)
        )
        .await,
        "(unknown)"
    );
    let waiting = not_found().with_retry_after(Duration::from_secs(3));
    assert_eq!(waiting.retry_after(), Some(Duration::from_secs(3)));
    assert!(
        Error::timeout()
            .with_retry_after(Duration::from_secs(3))
            .retry_after()
            .is_none()
    );
}

#[tokio::test]
async fn a_fakes_timeout_is_the_error_a_real_call_returns() {
    // Accepts, then never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let client = client_of(address, Duration::from_millis(200));
    let real = client
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("a timeout");
    silent.abort();
    let fake = Error::timeout();
    assert!(real.is_timeout() && fake.is_timeout(), "{real:?}");
    assert!(!real.is_connect() && !fake.is_connect());
    assert_eq!(fake.to_string(), real.to_string());
    assert!(matches!(real, Error::Transport { .. }));
    assert!(matches!(fake, Error::Transport { .. }));
    assert_eq!(
        display_name(Failing(Error::timeout), Uuid::nil()).await,
        "(try again)"
    );
}

#[tokio::test]
async fn a_fakes_connection_failure_is_the_error_a_real_call_returns() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    let real = client_of(address, Duration::from_secs(5))
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("nothing listens");
    let fake = Error::connect();
    assert!(real.is_connect() && fake.is_connect(), "{real:?}");
    assert_eq!(fake.to_string(), real.to_string());
    let Error::Transport { source, .. } = &fake else {
        panic!("a transport error: {fake:?}");
    };
    assert!(source.is_connect() && !source.is_timeout());
    assert!(std::error::Error::source(source).is_none());
}

#[tokio::test]
async fn a_fakes_decode_and_parameter_errors_read_as_real_ones() {
    let body = br#"{"id": "not a uuid"}"#;
    let source = serde_json::from_slice::<EndUser>(body).expect_err("not an EndUser");
    let fake = Error::decode("altur_client::EndUser", StatusCode::OK, &body[..], source);
    assert_eq!(
        fake.to_string(),
        "failed to decode the response body as `altur_client::EndUser`"
    );
    assert_eq!(fake.body(), Some(&body[..]));

    let client = Client::builder()
        .api_key("test-key")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("a client");
    let real = client.retrieve_thread("").await.expect_err("an empty id");
    let Error::InvalidParameter { name, reason, .. } = &real else {
        panic!("refused before sending: {real:?}");
    };
    let fake = Error::invalid_parameter(name, reason.clone());
    assert!(
        matches!(fake, Error::InvalidParameter { name: "id", .. }),
        "{fake:?}"
    );
    assert_eq!(fake.to_string(), real.to_string());
}

#[tokio::test]
async fn references_boxes_and_arcs_of_the_client_are_apis() {
    let (_server, client) = mock::start().await;
    let user = client
        .create_enduser(&EndUserData::new().with_display_name("Ada"))
        .await
        .expect("created");
    assert_eq!(display_name(&client, user.id).await, "Ada");
    assert_eq!(display_name(&&client, user.id).await, "Ada");
    assert_eq!(display_name(Arc::new(client.clone()), user.id).await, "Ada");
    assert_eq!(display_name(Box::new(client.clone()), user.id).await, "Ada");
}

#[tokio::test]
async fn a_dyn_trait_object_holds_the_client_or_a_fake() {
    let (_server, client) = mock::start().await;
    let user = client
        .create_enduser(&EndUserData::new().with_display_name("Ada"))
        .await
        .expect("created");

    // What an application keeps in its shared state.
    let apis: [Arc<dyn DynEndUserApi>; 2] = [Arc::new(client), Arc::new(Failing(not_found))];
    let names: Vec<String> = futures_util::future::join_all(
        apis.iter()
            .map(|api| display_name(Arc::clone(api), user.id)),
    )
    .await;
    assert_eq!(names, ["Ada", "(unknown)"]);

    let shared = Arc::clone(&apis[0]);
    let spawned = tokio::spawn(async move { shared.retrieve_enduser(user.id).await });
    assert_eq!(spawned.await.expect("joined").expect("found"), user);
    let boxed: Box<dyn DynEndUserApi> = Box::new(Failing(not_found));
    assert_eq!(display_name(boxed, user.id).await, "(unknown)");
}
