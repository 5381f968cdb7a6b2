//! The embedded mock server against its OpenAPI document, `altur-client/openapi/altur.yaml`: a
//! request that breaks the document is refused with `400` in the error model of its endpoint
//! family, naming the parameter or the JSON pointer at fault, before any handler runs and after
//! the key is checked; a request the document has no operation for keeps its routing.
//!
//! The document has no required query or header parameter, so those two cases are unit tests of
//! the mock's contract module, on a small document of their own. The responses of the servers
//! `common::mock` starts, here and in every other test, are checked against the document too.

mod common;

use altur_client::models::{Campaign, NewCall};
use altur_client::{CallsApi, CampaignsApi};
use common::campaigns::{RawCampaigns, phone_campaign};
use common::{ADA, AGENT, RawResponse, expect_api_error, mock};
use serde_json::{Value, json};

/// Asserts a refusal in the Error model of `/enduser`, `/message`, `/thread` and `/call`.
#[track_caller]
fn assert_refused(response: &RawResponse, message: &str) {
    assert_eq!(response.status, 400, "{response:?}");
    assert_eq!(response.json(), json!({"error": 400, "message": message}));
}

/// Asserts a refusal in the string-code Error model of the campaign endpoints.
#[track_caller]
fn assert_refused_with(response: &RawResponse, code: &str, message: &str) {
    assert_eq!(response.status, 400, "{response:?}");
    assert_eq!(response.json(), json!({"error": code, "message": message}));
}

/// The message of an API error, after asserting its status and code.
#[track_caller]
fn refusal<T: std::fmt::Debug>(result: altur_client::Result<T>, code: &str) -> String {
    let error = expect_api_error(result, 400, code);
    error.api_error().expect("a body").message.clone()
}

#[tokio::test]
async fn path_parameters_outside_their_schema_are_refused() {
    let (server, client) = mock::start().await;
    server.insert_campaign(Campaign::new(1, "A"));
    let get = |path: &'static str| mock::raw(&server, "GET", path, "");

    assert_refused(
        &get("/api/v1.0/enduser/not-a-uuid").await,
        r#"path parameter `id`: "not-a-uuid" is not a "uuid""#,
    );
    assert_refused(
        &get("/api/v1.0/call/%FF%FE").await,
        "path parameter `id`: not valid UTF-8 once percent-decoded",
    );
    for (path, message) in [
        (
            "/api/v1.0/campaigns/-1",
            "path parameter `id`: -1 is less than the minimum of 0",
        ),
        (
            "/api/v1.0/campaigns/1.5",
            r#"path parameter `id`: 1.5 is not of type "integer""#,
        ),
        (
            "/api/v1.0/campaigns/9223372036854775808",
            "path parameter `id`: 9223372036854775808 is outside the range of int64",
        ),
        (
            "/api/v1.0/campaigns/1/contacts/x",
            r#"path parameter `contact_id`: "x" is not of type "integer""#,
        ),
    ] {
        assert_refused_with(&get(path).await, "INVALID_REQUEST", message);
    }
    // The one 400 the document gives `campaign_action` is `UNKNOWN_ACTION`.
    let message = refusal(client.raw_action(1, "stop").await, "UNKNOWN_ACTION");
    assert_eq!(
        message,
        r#"path parameter `action`: "stop" is not one of "activate", "pause", "archive" or "resume""#
    );
    assert_eq!(server.response_violations(), Vec::<String>::new());
}

#[tokio::test]
async fn query_parameters_outside_their_schema_are_refused() {
    let (_server, client) = mock::start().await;
    // No campaign 1: the query is refused before the campaign is looked up.
    for (query, expected) in [
        (
            &[("pageSize", "0")][..],
            "query parameter `pageSize`: 0 is less than the minimum of 1",
        ),
        (
            &[("pageSize", "101")],
            "query parameter `pageSize`: 101 is greater than the maximum of 100",
        ),
        (
            &[("pageSize", "ten")],
            r#"query parameter `pageSize`: "ten" is not of type "integer""#,
        ),
        (
            &[("pageIndex", "-1")],
            "query parameter `pageIndex`: -1 is less than the minimum of 0",
        ),
        (
            &[("pageIndex", "4294967296")],
            "query parameter `pageIndex`: 4294967296 is greater than the maximum of 25000",
        ),
        (
            &[("status", "asleep")],
            r#"query parameter `status`: "asleep" is not one of "ended", "failed", "busy", "no-answer" or "in-progress""#,
        ),
        (
            &[("pageSize", "5"), ("pageSize", "6")],
            "query parameter `pageSize` is given 2 times; it takes one value",
        ),
    ] {
        let message = refusal(client.get_calls(1, query).await, "INVALID_REQUEST");
        assert_eq!(message, expected, "{query:?}");
    }
    for (query, expected) in [
        (
            &[("agentId", "x")][..],
            r#"query parameter `agentId`: "x" is not a "uuid""#,
        ),
        (
            &[("cursor", "")],
            r#"query parameter `cursor`: "" is shorter than 1 character"#,
        ),
        (
            &[("page", "2")],
            "query parameter `page` is not declared by `list_campaigns`; it takes `agentId`, \
             `status`, `integration`, `startDate`, `endDate`, `pageSize`, `cursor`",
        ),
    ] {
        let message = refusal(client.get_campaigns(query).await, "INVALID_REQUEST");
        assert_eq!(message, expected, "{query:?}");
    }
}

#[tokio::test]
async fn unknown_or_undecodable_query_parameters_are_refused() {
    let server = mock::server().await;
    let path = format!("/api/v1.0/enduser/{ADA}");
    assert_refused(
        &mock::raw(&server, "GET", &format!("{path}?verbose=1"), "").await,
        "query parameter `verbose` is not declared by `retrieve_enduser`; it takes none",
    );
    assert_refused_with(
        &mock::raw(&server, "GET", "/api/v1.0/campaigns?status=%FF", "").await,
        "INVALID_REQUEST",
        "query parameter `status`: not valid UTF-8 once percent-decoded",
    );
    assert_refused_with(
        &mock::raw(&server, "GET", "/api/v1.0/campaigns?%FF=1", "").await,
        "INVALID_REQUEST",
        "query parameter `\u{fffd}`: its name is not valid UTF-8 once percent-decoded",
    );
}

#[tokio::test]
async fn header_parameters_outside_their_schema_are_refused() {
    let server = mock::server().await;
    let body = serde_json::to_string(&phone_campaign("A")).expect("a body");
    let post = |headers: &[(&str, &str)]| {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let (server, body) = (&server, &body);
        async move {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()))
                .collect();
            mock::raw_with_headers(server, "POST", "/api/v1.0/campaigns", &headers, body).await
        }
    };
    let long = "k".repeat(256);
    assert_refused_with(
        &post(&[("Idempotency-Key", &long)]).await,
        "INVALID_REQUEST",
        &format!(
            "header `Idempotency-Key`: \"{}... is longer than 255 characters",
            &long[..59]
        ),
    );
    assert_refused_with(
        &post(&[("Idempotency-Key", "a"), ("Idempotency-Key", "b")]).await,
        "INVALID_REQUEST",
        "header `Idempotency-Key` is given 2 times; it takes one value",
    );
    assert_eq!(server.campaign(1), None, "refused before the handler");
    assert_eq!(post(&[("Idempotency-Key", "a")]).await.status, 200);
    assert!(server.campaign(1).is_some());
}

#[tokio::test]
async fn malformed_json_bodies_are_refused() {
    let server = mock::server().await;
    server.insert_enduser(common::ada());
    assert_refused(
        &mock::raw(&server, "POST", "/api/v1.0/enduser", r#"{"display_name": "#).await,
        "invalid request body: not JSON: EOF while parsing a value at line 1 column 17",
    );
    assert_refused(
        &mock::raw(&server, "POST", "/api/v1.0/message", b"\xff").await,
        "invalid request body: not JSON: expected value at line 1 column 1",
    );
    assert_refused(
        &mock::raw(&server, "PUT", &format!("/api/v1.0/enduser/{ADA}"), "").await,
        "invalid request body: a JSON body is required",
    );
    assert_refused_with(
        &mock::raw(&server, "POST", "/api/v1.0/campaigns", "[").await,
        "INVALID_REQUEST",
        "invalid request body: not JSON: EOF while parsing a list at line 1 column 1",
    );
    let deep = "[".repeat(100_000);
    let response = mock::raw(&server, "POST", "/api/v1.0/call", &deep).await;
    assert_refused(
        &response,
        "invalid request body: not JSON: recursion limit exceeded at line 1 column 128",
    );
}

#[tokio::test]
async fn bodies_outside_their_schema_are_refused_naming_the_pointer() {
    let (server, client) = mock::start().await;
    let id = client
        .create_campaign(&phone_campaign("A"), None)
        .await
        .expect("created");
    let id = id.campaign.id;

    let contacts = json!({"contacts": [{"contact": "+5215512345678"}, {"contact": 5}]});
    assert_eq!(
        refusal(
            client.post_contacts(id, &contacts, None).await,
            "INVALID_REQUEST"
        ),
        r#"invalid request body at /contacts/1/contact: 5 is not of type "string""#
    );
    let mut campaign = serde_json::to_value(phone_campaign("B")).expect("a body");
    campaign["retries"] = json!(9);
    assert_eq!(
        refusal(
            client.post_campaign(&campaign, None).await,
            "INVALID_REQUEST"
        ),
        "invalid request body at /retries: 9 is greater than the maximum of 5"
    );
    let error = client
        .start_call(&NewCall::new(AGENT, "abc"))
        .await
        .expect_err("not E.164");
    let body = error.api_error().expect("the Error model");
    assert_eq!(
        (error.status(), body.message.as_str()),
        (
            Some(400),
            r#"invalid request body at /phone_number_to: "abc" does not match "^\+[1-9]\d{1,14}$""#
        )
    );
    let message = json!({"agent_id": AGENT, "content": "hi"});
    assert_refused(
        &mock::raw(&server, "POST", "/api/v1.0/message", message.to_string()).await,
        "invalid request body: fits none of the `anyOf` alternatives: \"end_user_id\" is a \
         required property; or \"enduser_id\" is a required property",
    );
    assert_refused_with(
        &mock::raw(
            &server,
            "POST",
            &format!("/api/v1.0/campaigns/{id}/activate"),
            "{}",
        )
        .await,
        "UNKNOWN_ACTION",
        "unexpected request body: `campaign_action` takes none",
    );

    // Nothing the refused requests asked for happened.
    let contacts = client
        .list_campaign_contacts(id, &Default::default(), 0)
        .await
        .expect("listed");
    assert_eq!(contacts.total_count, Some(0));
    assert_eq!(server.campaign(id + 1), None);
    let status = server.campaign(id).and_then(|campaign| campaign.status);
    assert_eq!(
        status.map(|status| status.to_string()).as_deref(),
        Some("pending")
    );
}

#[tokio::test]
async fn the_key_is_checked_before_the_document() {
    let server = mock::server().await;
    let stranger = mock::client(&server, |builder| builder.api_key("wrong"));
    let error = stranger
        .get_campaigns(&[("page", "2")])
        .await
        .expect_err("no key");
    assert_eq!(error.status(), Some(401), "{error}");
    let refused = stranger.raw_action(1, "stop").await.expect_err("no key");
    assert_eq!(refused.status(), Some(401), "{refused}");
}

#[tokio::test]
async fn requests_without_an_operation_keep_their_routing() {
    let server = mock::server().await;
    // `GET /campaigns/{id}/{action}` and `POST /campaigns/{id}/calls` are not in the document:
    // the handlers answer 405, whatever the query.
    for (method, path, allow) in [
        ("GET", "/api/v1.0/campaigns/1/activate?x=%FF", "POST"),
        ("POST", "/api/v1.0/campaigns/1/calls?pageSize=0", "GET"),
    ] {
        let response = mock::raw(&server, method, path, "not json").await;
        assert_eq!(response.status, 405, "{method} {path}");
        assert_eq!(response.header("allow"), Some(allow), "{method} {path}");
    }
    // An empty segment fills no template: no route, said as such.
    let response = mock::raw(&server, "GET", "/api/v1.0/enduser/?x=1", "").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.json()["error"], "NO_ROUTE");
}

#[tokio::test]
async fn valid_requests_reach_the_handlers() {
    let (server, client) = mock::start().await;
    let value: Value = client
        .get_campaigns(&[("pageSize", "100"), ("status", "active")])
        .await
        .expect("a valid query");
    assert_eq!(value["campaigns"], json!([]));
    let response = mock::raw_with_headers(
        &server,
        "POST",
        "/api/v1.0/campaigns",
        &[("Idempotency-Key", "k")],
        serde_json::to_string(&phone_campaign("A")).expect("a body"),
    )
    .await;
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(server.response_violations(), Vec::<String>::new());
}
