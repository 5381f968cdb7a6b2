//! Every form of the `#[altur_api]` grammar against a loopback server that records the exact
//! request: method, path, query string, headers and body, and how each return shape decodes.
//! Which of those requests may be retried is in `retries.rs`.

mod common;

use altur_client::{Bytes, Error, Response, Result, altur_api};
use common::wire::{self, answering, header, only_request, requests};
use common::{KEY, RawServer, read_request};
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;
use std::time::Duration;
use uuid::Uuid;
use wiremock::{Request, ResponseTemplate};

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Active,
    Paused,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Filters {
    agent_id: Option<Uuid>,
    status: Vec<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
}

#[derive(Debug, Serialize)]
struct NewCampaign {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    concurrency_limit: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Activate,
    Archive,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Activate => "activate",
            Action::Archive => "archive",
        })
    }
}

#[altur_api]
trait GrammarApi {
    #[get("/campaigns?pageSize=<page_size>&<cursor>&<filters..>&view=full")]
    async fn list(&self, page_size: u32, cursor: Option<&str>, filters: &Filters) -> Result<Value>;

    #[get("/search?tag=<tags>&limit=<limit>")]
    async fn search(&self, tags: &[&str], limit: Option<u8>) -> Result<Value>;

    #[get("/filter?mode=a,b&k=x/y")]
    async fn constants(&self) -> Result<Value>;

    #[post("/campaigns", data = "<campaign>")]
    async fn create(
        &self,
        campaign: &NewCampaign,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<Value>;

    #[put("/enduser/<id>", data = "<data>")]
    async fn update(&self, id: Uuid, data: Value) -> Result<Value>;

    #[patch("/campaigns/<id>", data = "<patch>")]
    async fn patch(
        &self,
        id: u64,
        patch: &Value,
        #[header("Idempotency-Key")] key: Option<String>,
    ) -> Result<()>;

    #[delete("/campaigns/<id>/contacts/<contact_id>")]
    async fn delete_contact(&self, id: u64, contact_id: u64) -> Result<()>;

    #[head("/thread/<id>")]
    async fn thread_exists(&self, id: &str) -> Result<Response<()>>;

    #[get("/call/<id>/recording")]
    async fn recording(&self, id: &str) -> Result<Bytes>;

    #[get("/thread/<id>")]
    async fn thread(&self, id: &str) -> Result<Response<Value>>;

    #[post("/campaigns/<id>/<action>")]
    async fn lifecycle(&self, id: u64, action: Action) -> Result<Value>;

    #[get("/traced", timeout = "200ms")]
    async fn quick(&self, #[header("X-Trace")] trace: u64) -> Result<()>;
}

fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

#[tokio::test]
async fn query_forms_in_route_order() {
    let (server, client) =
        answering(ResponseTemplate::new(200).set_body_json(json!({"campaigns": []}))).await;
    let agent = Uuid::from_u128(1);
    let filters = Filters {
        agent_id: Some(agent),
        status: vec![Status::Active, Status::Paused],
        start_date: None,
    };
    let value = client.list(50, Some("c/1 2"), &filters).await.unwrap();
    assert_eq!(value, json!({"campaigns": []}));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/api/v1.0/campaigns");
    assert_eq!(
        request.url.query(),
        Some(&*format!(
            "pageSize=50&cursor=c%2F1+2&agentId={agent}&status=active&status=paused&view=full"
        ))
    );
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn none_and_empty_values_send_no_pair() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let filters = Filters {
        agent_id: None,
        status: Vec::new(),
        start_date: Some("2025-01-01".into()),
    };
    client.list(10, None, &filters).await.unwrap();
    client.search(&[], None).await.unwrap();
    client.search(&["a&b", "ü"], Some(3)).await.unwrap();
    let all = requests(&server).await;
    let queries: Vec<Option<&str>> = all.iter().map(|request| request.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("pageSize=10&startDate=2025-01-01&view=full"),
            None,
            Some("tag=a%26b&tag=%C3%BC&limit=3"),
        ]
    );
    assert_eq!(all[1].url.as_str().find('?'), None);
}

#[tokio::test]
async fn constant_pairs_are_encoded() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    client.constants().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("mode=a%2Cb&k=x%2Fy"));
}

#[tokio::test]
async fn post_sends_json_and_the_idempotency_key() {
    let (server, client) =
        answering(ResponseTemplate::new(200).set_body_json(json!({"success": true}))).await;
    let campaign = NewCampaign {
        name: "Spring".into(),
        concurrency_limit: None,
    };
    let value = client.create(&campaign, Some("key-1")).await.unwrap();
    assert_eq!(value, json!({"success": true}));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v1.0/campaigns");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "idempotency-key"), Some("key-1"));
    assert_eq!(
        header(&request, "authorization"),
        Some(&*format!("api-key {KEY}"))
    );
    assert_eq!(body_json(&request), json!({"name": "Spring"}));
}

#[tokio::test]
async fn a_none_header_is_not_sent() {
    // A client that never retries: otherwise a `None` idempotency key is generated
    // (tests/idempotency.rs).
    let server = wire::server(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = wire::client(&server, |builder| builder.max_retries(0));
    let campaign = NewCampaign {
        name: "x".into(),
        concurrency_limit: Some(3),
    };
    client.create(&campaign, None).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "idempotency-key"), None);
    assert_eq!(
        body_json(&request),
        json!({"name": "x", "concurrency_limit": 3})
    );
}

#[tokio::test]
async fn put_patch_delete_and_lifecycle_actions() {
    let (server, client) =
        answering(ResponseTemplate::new(200).set_body_json(json!({"ok": 1}))).await;
    let id = Uuid::from_u128(7);
    client
        .update(id, json!({"display_name": "Ada"}))
        .await
        .unwrap();
    client
        .patch(42, &json!({"name": "New"}), None)
        .await
        .unwrap();
    client.delete_contact(42, 9).await.unwrap();
    client.lifecycle(42, Action::Activate).await.unwrap();
    client.lifecycle(42, Action::Archive).await.unwrap();
    let all = requests(&server).await;
    let summary: Vec<(String, String, Option<Value>)> = all
        .iter()
        .map(|request| {
            (
                request.method.to_string(),
                request.url.path().to_owned(),
                (!request.body.is_empty()).then(|| body_json(request)),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "PUT".into(),
                format!("/api/v1.0/enduser/{id}"),
                Some(json!({"display_name": "Ada"}))
            ),
            (
                "PATCH".into(),
                "/api/v1.0/campaigns/42".into(),
                Some(json!({"name": "New"}))
            ),
            (
                "DELETE".into(),
                "/api/v1.0/campaigns/42/contacts/9".into(),
                None
            ),
            (
                "POST".into(),
                "/api/v1.0/campaigns/42/activate".into(),
                None
            ),
            ("POST".into(), "/api/v1.0/campaigns/42/archive".into(), None),
        ]
    );
}

#[tokio::test]
async fn unit_accepts_any_success_and_ignores_the_body() {
    for response in [
        ResponseTemplate::new(204),
        ResponseTemplate::new(200).set_body_string("Contact deleted successfully"),
        ResponseTemplate::new(202).set_body_string("{not json"),
    ] {
        let (_server, client) = answering(response).await;
        client
            .delete_contact(1, 2)
            .await
            .expect("any 2xx is Ok(())");
    }
    let (_server, client) = answering(ResponseTemplate::new(409).set_body_json(json!({
        "error": "CONTACT_NOT_DELETABLE", "message": "contact is in progress"
    })))
    .await;
    let error = client.delete_contact(1, 2).await.unwrap_err();
    assert_eq!(error.status(), Some(409));
}

#[tokio::test]
async fn response_gives_status_and_headers() {
    let (_server, client) = answering(
        ResponseTemplate::new(201)
            .insert_header("x-request-id", "req_123")
            .insert_header("x-ratelimit-remaining", "11")
            .set_body_json(json!({"id": "thr_1"})),
    )
    .await;
    let response = client.thread("thr_1").await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["x-request-id"], "req_123");
    assert_eq!(response.headers()["x-ratelimit-remaining"], "11");
    assert_eq!(response.get_ref()["id"], "thr_1");
    assert_eq!(response.into_inner(), json!({"id": "thr_1"}));
}

#[tokio::test]
async fn head_returns_the_status_and_headers_only() {
    let (server, client) =
        answering(ResponseTemplate::new(200).insert_header("x-exists", "yes")).await;
    let response = client.thread_exists("thr_9").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-exists"], "yes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "HEAD");
    assert_eq!(request.url.path(), "/api/v1.0/thread/thr_9");
}

#[tokio::test]
async fn bytes_are_the_raw_body() {
    let audio: Vec<u8> = (0..=255).rev().collect();
    let (server, client) =
        answering(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg")).await;
    let recording = client.recording("cll_1").await.unwrap();
    assert_eq!(recording, Bytes::from(audio));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v1.0/call/cll_1/recording");
    assert_eq!(header(&request, "accept"), Some("*/*"));
}

#[tokio::test]
async fn headers_with_line_breaks_are_never_sent() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let campaign = NewCampaign {
        name: "x".into(),
        concurrency_limit: None,
    };
    for key in ["a\r\nX-Injected: yes", "a\nb", "tab\u{7f}"] {
        let error = client.create(&campaign, Some(key)).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "key", .. }),
            "{key:?}: {error:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn the_method_timeout_replaces_the_client_timeout() {
    let server = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await;
    let client = server.client(|builder| builder.timeout(Duration::from_secs(60)).max_retries(0));
    // The guard only turns a hang into a failure; the method's own limit is 200 ms.
    let outcome = tokio::time::timeout(Duration::from_secs(20), client.quick(7)).await;
    let error = outcome
        .expect("the 200 ms method timeout fired")
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}
