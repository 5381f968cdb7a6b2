//! What the client sends: method, URL, headers, and how values become path segments.

mod common;

use altur_client::{EndUserApi, Error, Result, altur_api};
use common::wire::{self, answering_json, only_request, requests};
use common::{KEY, USER_ID, client_for};
use serde_json::{Value, json};
use std::fmt;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Clone, Copy)]
enum Action {
    Activate,
    Pause,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Activate => "activate",
            Action::Pause => "pause",
        })
    }
}

#[altur_api]
trait TestApi {
    #[get("/thread/<id>")]
    async fn thread(&self, id: &str) -> Result<Value>;

    #[get("/campaigns/<campaign>/contacts/<contact>")]
    async fn contact(&self, campaign: u64, contact: i32) -> Result<Value>;

    #[get("/campaigns/<id>/<action>")]
    async fn action(&self, id: u64, action: Action) -> Result<Value>;

    #[get("/")]
    async fn root(&self) -> std::result::Result<Value, Error>;
}

#[tokio::test]
async fn retrieve_enduser_sends_the_documented_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1.0/enduser/{USER_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": USER_ID,
            "display_name": "Ada Lovelace",
            "integration_type": "whatsapp",
            "info": "likes engines",
            "unknown_field": [1, 2, 3],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = wire::client(&server, |builder| builder);

    let user = client
        .retrieve_enduser(Uuid::parse_str(USER_ID).unwrap())
        .await
        .expect("the end user");

    assert_eq!(user.id.to_string(), USER_ID);
    assert_eq!(user.display_name, "Ada Lovelace");
    assert_eq!(
        user.integration_type,
        Some(altur_client::IntegrationType::Whatsapp)
    );
    assert_eq!(user.info.as_deref(), Some("likes engines"));

    let request = only_request(&server).await;
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|value| value.to_str().expect("ascii header").to_owned())
    };
    assert_eq!(header("authorization"), Some(format!("api-key {KEY}")));
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(
        header("user-agent"),
        Some(format!("altur-client/{}", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
}

/// The published schema requires `integration` and defines `integration_type`: a server that
/// honours both sends both keys.
#[tokio::test]
async fn retrieve_enduser_decodes_a_body_with_both_integration_keys() {
    let (_server, client) = answering_json(json!({
        "id": USER_ID,
        "display_name": "Ada",
        "integration": "whatsapp",
        "integration_type": "api",
    }))
    .await;

    let user = client
        .retrieve_enduser(Uuid::parse_str(USER_ID).unwrap())
        .await
        .expect("a body with both keys decodes");

    assert_eq!(
        user.integration_type,
        Some(altur_client::IntegrationType::Api)
    );
}

#[tokio::test]
async fn trailing_slash_on_the_base_url_makes_no_difference() {
    let server = wire::server(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    for base in ["/api/v1.0", "/api/v1.0/"] {
        let client = client_for(&format!("{}{base}", server.uri()), |builder| builder);
        client.thread("thr_1").await.expect("a response");
    }
    let sent = requests(&server).await;
    let paths: Vec<&str> = sent.iter().map(|request| request.url.path()).collect();
    assert_eq!(paths, ["/api/v1.0/thread/thr_1", "/api/v1.0/thread/thr_1"]);

    let client = client_for(&server.uri(), |builder| builder);
    client.root().await.expect("a response");
    assert_eq!(requests(&server).await[2].url.path(), "/");
}

#[tokio::test]
async fn user_agent_is_configurable() {
    let server = wire::server(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = wire::client(&server, |builder| builder.user_agent("my-app/1.2"));
    client.thread("t").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.headers.get("user-agent").unwrap(), "my-app/1.2");
}

#[tokio::test]
async fn each_value_is_exactly_one_encoded_segment() {
    let (server, client) = answering_json(json!({})).await;
    let cases = [
        ("a/b", "a%2Fb"),
        ("../../admin", "..%2F..%2Fadmin"),
        ("x?admin=true", "x%3Fadmin%3Dtrue"),
        ("x#frag", "x%23frag"),
        ("50% off", "50%25%20off"),
        ("%2e%2e", "%252e%252e"),
        ("line\r\nbreak", "line%0D%0Abreak"),
        ("caf\u{e9}", "caf%C3%A9"),
        ("...", "..."),
    ];
    for (value, _) in cases {
        client.thread(value).await.expect("a response");
    }
    let sent = requests(&server).await;
    assert_eq!(sent.len(), cases.len());
    for (request, (value, encoded)) in sent.iter().zip(cases) {
        assert_eq!(
            request.url.path(),
            format!("/api/v1.0/thread/{encoded}"),
            "{value:?}"
        );
        assert_eq!(request.url.query(), None, "{value:?}");
        assert_eq!(request.url.fragment(), None, "{value:?}");
    }
}

#[tokio::test]
async fn values_that_would_change_the_path_are_never_sent() {
    let (server, client) = answering_json(json!({})).await;
    for value in ["", ".", ".."] {
        let error = client.thread(value).await.expect_err(value);
        assert!(
            matches!(error, Error::InvalidParameter { name: "id", .. }),
            "{value:?}: {error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("invalid value for parameter `id`"),
            "{error}"
        );
        assert_eq!(error.status(), None);
    }
    let sent = requests(&server).await;
    assert!(sent.is_empty(), "{sent:?}");
}

#[tokio::test]
async fn integers_enums_and_several_placeholders() {
    let (server, client) = answering_json(json!({"ok": true})).await;
    assert_eq!(client.contact(42, -7).await.unwrap(), json!({"ok": true}));
    client.action(42, Action::Activate).await.unwrap();
    client.action(7, Action::Pause).await.unwrap();
    let sent = requests(&server).await;
    let paths: Vec<&str> = sent.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/api/v1.0/campaigns/42/contacts/-7",
            "/api/v1.0/campaigns/42/activate",
            "/api/v1.0/campaigns/7/pause",
        ]
    );
}

/// The futures are `Send` for any implementor, so generic code can spawn them.
fn spawn_lookup<A>(api: A, id: Uuid) -> tokio::task::JoinHandle<Result<altur_client::EndUser>>
where
    A: EndUserApi + Send + Sync + 'static,
{
    tokio::spawn(async move { api.retrieve_enduser(id).await })
}

#[tokio::test]
async fn generated_futures_can_be_spawned_from_generic_code() {
    let (server, client) = answering_json(json!({"id": USER_ID, "display_name": "Ada"})).await;
    let id = Uuid::parse_str(USER_ID).unwrap();
    let handles: Vec<_> = (0..4).map(|_| spawn_lookup(client.clone(), id)).collect();
    for handle in handles {
        assert_eq!(handle.await.unwrap().unwrap().display_name, "Ada");
    }
    assert_eq!(requests(&server).await.len(), 4);
}

/// A test double written by hand with plain `async fn`s satisfies the generated trait.
struct FakeUsers;

impl EndUserApi for FakeUsers {
    async fn create_enduser(
        &self,
        data: &altur_client::models::EndUserData,
    ) -> Result<altur_client::EndUser> {
        let name = data.display_name.clone().unwrap_or_default();
        Ok(altur_client::EndUser::new(Uuid::nil(), name))
    }

    async fn retrieve_enduser(&self, id: Uuid) -> Result<altur_client::EndUser> {
        Ok(altur_client::EndUser::new(id, "fake"))
    }

    async fn update_enduser(
        &self,
        id: Uuid,
        _: &altur_client::models::EndUserData,
    ) -> Result<altur_client::EndUser> {
        Ok(altur_client::EndUser::new(id, "fake"))
    }
}

#[tokio::test]
async fn hand_written_fakes_implement_the_trait() {
    let user = spawn_lookup(FakeUsers, Uuid::nil()).await.unwrap().unwrap();
    assert_eq!(user.display_name, "fake");
}
