//! EndUser writes, Messages, Threads and Calls end to end: every endpoint against the embedded
//! mock server (its state and its rules) and against a wiremock server that checks the exact
//! requests.

mod common;

use altur_client::mock::MockServer;
use altur_client::models::{
    Agent, AnsweredBy, Call, CallStatus, CallType, EndUserContext, EndUserData, Message,
    MessageType, NewCall, NewMessage, SentBy, Thread, Timestamp,
};
use altur_client::{
    Bytes, CallsApi, Client, EndUser, EndUserApi, Error, ErrorCode, IntegrationType, MessagesApi,
    ThreadsApi,
};
use common::RawResponse;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

const KEY: &str = "test_key_conversations";
const AGENT: Uuid = Uuid::from_u128(0x0b8e7a0e_8f3c_4c47_9d61_4f9b2a9c1d10);
const OTHER_AGENT: Uuid = Uuid::from_u128(0x9d7f0c55_1111_4c47_9d61_4f9b2a9c1d10);
const ADA: Uuid = Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b);
const PHONE: &str = "+14155550100";

// ---------------------------------------------------------------------------------------------
// Helpers

fn client(server: &MockServer) -> Client {
    server
        .client_builder()
        .max_retries(0)
        .build()
        .expect("a client for the mock server")
}

#[track_caller]
fn assert_api_error(error: &Error, status: u16, code: impl Into<ErrorCode>, message: &str) {
    assert_eq!(error.status(), Some(status), "{error}");
    let body = error.api_error().expect("the documented error model");
    assert_eq!(body.code, Some(code.into()), "{error}");
    assert_eq!(body.message, message);
}

/// A 400 in the published Error model of these endpoints, whose code is an integer.
#[track_caller]
fn assert_invalid_request(error: &Error, message_part: &str) {
    assert_eq!(error.status(), Some(400), "{error}");
    let body = error.api_error().expect("the documented error model");
    assert_eq!(body.code, Some(ErrorCode::Number(400)));
    assert!(body.message.contains(message_part), "{}", body.message);
}

/// One request with an optional body on its own connection, for what the typed client cannot
/// send: malformed bodies, old field names, other methods.
async fn raw(server: &MockServer, method: &str, path: &str, body: Option<&str>) -> RawResponse {
    let mut stream = TcpStream::connect(server.address())
        .await
        .expect("connected to the mock server");
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: api-key {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.api_key(),
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("request sent");
    let mut buffer = Vec::new();
    stream
        .read_to_end(&mut buffer)
        .await
        .expect("response read");
    let head_end = buffer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a complete head")
        + 4;
    RawResponse::new(&buffer[..head_end], buffer[head_end..].to_vec())
}

fn ada() -> EndUser {
    let mut user = EndUser::new(ADA, "Ada Lovelace");
    user.integration_type = Some(IntegrationType::Api);
    user
}

// ---------------------------------------------------------------------------------------------
// Against the embedded mock

#[tokio::test]
async fn mock_conversation_from_a_new_enduser() {
    let server = MockServer::start().await;
    let client = client(&server);
    let user = client
        .create_enduser(&EndUserData::new().with_display_name("Ada"))
        .await
        .expect("created");

    let first = client
        .send_message(&NewMessage::new(AGENT, user.id, "Where is my order?"))
        .await
        .expect("sent");
    let thread = first.thread.clone();
    assert!(thread.id.starts_with("thr_"), "{}", thread.id);
    assert_eq!(thread.agent.as_ref().map(|agent| agent.id), Some(AGENT));
    assert_eq!(thread.end_user.as_ref(), Some(&user));
    assert_eq!((thread.active, thread.blocked), (Some(true), Some(false)));
    let sent = first.in_response_to.clone().expect("the sent message");
    assert_eq!(sent.sent_by, SentBy::EndUser);
    assert_eq!(sent.kind, MessageType::Text);
    assert_eq!(sent.content.as_deref(), Some("Where is my order?"));
    assert_eq!(sent.thread_id, thread.id);
    assert!(sent.sent_at_timestamp().is_some(), "{}", sent.sent_at);
    assert_eq!(first.messages.len(), 1);
    let reply = &first.messages[0];
    assert_eq!(reply.sent_by, SentBy::Ai);
    assert!(
        reply
            .content
            .as_deref()
            .is_some_and(|text| text.contains("Where is my order?")),
        "{reply:?}"
    );

    // The same agent and EndUser share the thread; another agent gets its own.
    let second = client
        .send_message(&NewMessage::new(AGENT, user.id, "Any news?"))
        .await
        .expect("sent");
    assert_eq!(second.thread.id, thread.id);
    let elsewhere = client
        .send_message(&NewMessage::new(OTHER_AGENT, user.id, "Hello?"))
        .await
        .expect("sent");
    assert_ne!(elsewhere.thread.id, thread.id);

    let history = client.list_messages(&thread.id).await.expect("listed");
    let lines: Vec<(SentBy, &str)> = history
        .iter()
        .map(|message| {
            (
                message.sent_by.clone(),
                message.content.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], (SentBy::EndUser, "Where is my order?"));
    assert_eq!(lines[1].0, SentBy::Ai);
    assert_eq!(lines[2], (SentBy::EndUser, "Any news?"));
    assert_eq!(lines[3].0, SentBy::Ai);
    assert_eq!(history[0], sent);
    assert_eq!(&history[1], reply);
    let times: Vec<Timestamp> = history
        .iter()
        .map(|message| message.sent_at_timestamp().expect("RFC 3339"))
        .collect();
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "{times:?}");

    // The thread shows the EndUser as it is now.
    client
        .update_enduser(user.id, &EndUserData::new().with_display_name("Ada L."))
        .await
        .expect("updated");
    let retrieved = client
        .retrieve_thread(&thread.id)
        .await
        .expect("the thread");
    assert_eq!(retrieved.id, thread.id);
    assert_eq!(
        retrieved.end_user.map(|user| user.display_name).as_deref(),
        Some("Ada L.")
    );
    assert!(retrieved.updated_at >= thread.updated_at);
}

#[tokio::test]
async fn mock_message_errors() {
    let server = MockServer::start().await;
    server.insert_enduser(ada());
    let client = client(&server);

    let error = client
        .send_message(&NewMessage::new(AGENT, Uuid::nil(), "hi"))
        .await
        .expect_err("no such EndUser");
    assert_api_error(&error, 404, 404, "EndUser not found");

    let error = client
        .send_message(&NewMessage::new(AGENT, ADA, "  "))
        .await
        .expect_err("empty content");
    assert_invalid_request(&error, "content");

    for missing in ["thr_missing", "a b/c", ".hidden"] {
        let error = client.list_messages(missing).await.expect_err("no thread");
        assert_api_error(&error, 404, 404, "Thread not found");
        let error = client
            .retrieve_thread(missing)
            .await
            .expect_err("no thread");
        assert_api_error(&error, 404, 404, "Thread not found");
    }
    let error = client.list_messages("..").await.expect_err("refused");
    assert!(
        matches!(
            error,
            Error::InvalidParameter {
                name: "thread_id",
                ..
            }
        ),
        "{error:?}"
    );

    let path = "/api/v1.0/message";
    for (body, part) in [
        ("", "invalid request body"),
        ("[]", "invalid request body"),
        (
            r#"{"agent_id": "x", "end_user_id": "y", "content": "z"}"#,
            "UUID",
        ),
        (
            &format!(r#"{{"agent_id": "{AGENT}", "content": "z"}}"#),
            "end_user_id",
        ),
        (
            &format!(r#"{{"agent_id": "{AGENT}", "end_user_id": "{ADA}"}}"#),
            "content",
        ),
    ] {
        let response = raw(&server, "POST", path, Some(body)).await;
        assert_eq!(response.status, 400, "{body}");
        let error = response.json();
        assert_eq!(error["error"], 400, "{body}");
        assert!(
            error["message"].as_str().is_some_and(|m| m.contains(part)),
            "{body}: {error}"
        );
    }
    // Nothing was stored by the refused requests.
    assert!(client.list_messages("thr_missing").await.is_err());
}

#[tokio::test]
async fn mock_accepts_the_old_chatbot_id() {
    let server = MockServer::start().await;
    server.insert_enduser(ada());
    let body = json!({"chatbot_id": AGENT, "end_user_id": ADA, "content": "old client"});
    let response = raw(
        &server,
        "POST",
        "/api/v1.0/message",
        Some(&body.to_string()),
    )
    .await;
    assert_eq!(response.status, 200);
    let response = response.json();
    assert_eq!(response["thread"]["agent"]["id"], json!(AGENT));
    assert_eq!(response["in_response_to"]["content"], "old client");
}

#[tokio::test]
async fn mock_seeded_threads_and_messages() {
    let server = MockServer::start().await;
    server.insert_enduser(ada());
    let client = client(&server);

    let mut thread = Thread::new("thr_seeded");
    let mut agent = Agent::new(AGENT);
    agent.name = Some("Sofía".to_owned());
    thread.agent = Some(agent);
    thread.end_user = Some(ada());
    thread.active = Some(false);
    assert_eq!(server.insert_thread(thread.clone()), None);
    assert_eq!(
        client.retrieve_thread("thr_seeded").await.expect("found"),
        thread
    );

    let mut hello = Message::new(
        "thr_seeded",
        MessageType::Template,
        SentBy::System,
        "2025-01-01T09:00:00Z",
    );
    hello.content = Some("Bienvenida".to_owned());
    server.push_message(hello.clone());
    assert_eq!(
        client.list_messages("thr_seeded").await.expect("listed"),
        [hello.clone()]
    );

    // The agent and EndUser of the seeded thread share it; it is inactive, so nobody replies.
    let response = client
        .send_message(&NewMessage::new(AGENT, ADA, "Hola"))
        .await
        .expect("sent");
    assert_eq!(response.thread.id, "thr_seeded");
    assert!(response.messages.is_empty());
    let history = client.list_messages("thr_seeded").await.expect("listed");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0], hello);
    assert_eq!(history[1].content.as_deref(), Some("Hola"));

    // Replacing the thread keeps its messages.
    let replaced = server.insert_thread(Thread::new("thr_seeded"));
    assert_eq!(replaced.map(|thread| thread.active), Some(Some(false)));
    assert_eq!(
        client
            .list_messages("thr_seeded")
            .await
            .expect("listed")
            .len(),
        2
    );

    // Pushing to an unknown thread creates it bare.
    server.push_message(Message::new("thr_new", MessageType::Text, SentBy::Ai, ""));
    assert_eq!(
        client.retrieve_thread("thr_new").await.expect("created"),
        Thread::new("thr_new")
    );
}

#[tokio::test]
async fn mock_calls_and_recordings() {
    let server = MockServer::start().await;
    let client = client(&server);

    let context = EndUserContext::try_from(json!({"balance": 120})).expect("an object");
    let call = client
        .start_call(
            &NewCall::new(AGENT, PHONE)
                .with_end_user_display_name("Ada")
                .with_end_user_context(context)
                .with_initial_message("Hi Ada!"),
        )
        .await
        .expect("started");
    assert!(
        call.id.starts_with("cll_") && call.id.len() == 24,
        "{}",
        call.id
    );
    assert_eq!(call.status, Some(CallStatus::Queued));
    assert_eq!(call.kind, Some(CallType::Outbound));
    assert_eq!(call.phone_number_to.as_deref(), Some(PHONE));
    assert!(call.created_at.is_some());
    assert_eq!(call.recording_url, None);
    let thread = call.thread.clone().expect("a thread");
    assert_eq!(thread.agent.map(|agent| agent.id), Some(AGENT));
    let user = thread.end_user.expect("the EndUser called");
    assert_eq!(user.display_name, "Ada");
    assert_eq!(user.info.as_deref(), Some(r#"{"balance":120}"#));
    assert_eq!(
        client.retrieve_enduser(user.id).await.expect("stored"),
        user
    );
    assert_eq!(client.retrieve_call(&call.id).await.expect("found"), call);

    let unnamed = client
        .start_call(&NewCall::new(AGENT, PHONE))
        .await
        .expect("started");
    assert_ne!(unnamed.id, call.id);
    let unnamed_user = unnamed.thread.and_then(|thread| thread.end_user);
    assert_eq!(
        unnamed_user.map(|user| user.display_name).as_deref(),
        Some(PHONE)
    );

    let error = client
        .download_recording(&call.id)
        .await
        .expect_err("no recording yet");
    assert_api_error(&error, 404, 404, "Recording not found");

    assert_eq!(
        server.set_call_recording(&call.id, MockServer::SAMPLE_RECORDING),
        None
    );
    let audio = client
        .download_recording(&call.id)
        .await
        .expect("recording");
    assert_eq!(audio, MockServer::SAMPLE_RECORDING);
    let raw_audio = raw(
        &server,
        "GET",
        &format!("/api/v1.0/call/{}/recording", call.id),
        None,
    )
    .await;
    assert_eq!(raw_audio.status, 200);
    assert_eq!(raw_audio.header("content-type"), Some("audio/mpeg"));
    assert_eq!(raw_audio.body, MockServer::SAMPLE_RECORDING);

    let recording_url = client
        .retrieve_call(&call.id)
        .await
        .expect("found")
        .recording_url
        .expect("set with the recording");
    assert_eq!(
        recording_url,
        format!("/api/v1.0/call/{}/recording", call.id)
    );
    assert_eq!(
        client
            .download_recording_url(&recording_url)
            .await
            .expect("relative"),
        MockServer::SAMPLE_RECORDING
    );
    let absolute = format!("{}/call/{}/recording", server.base_url(), call.id);
    assert_eq!(
        client
            .download_recording_url(&absolute)
            .await
            .expect("absolute"),
        MockServer::SAMPLE_RECORDING
    );

    // A recording URL of the production API is not this client's API: nothing is sent.
    let before = server.request_count();
    let production = format!("https://api.altur.io/api/v1.0/call/{}/recording", call.id);
    let error = client
        .download_recording_url(&production)
        .await
        .expect_err("another origin");
    assert!(
        matches!(error, Error::InvalidParameter { name: "url", .. }),
        "{error:?}"
    );
    assert_eq!(server.request_count(), before);

    let replaced = server.set_call_recording(&call.id, Bytes::from_static(b"v2"));
    assert_eq!(replaced.as_deref(), Some(MockServer::SAMPLE_RECORDING));
    assert_eq!(
        client.download_recording(&call.id).await.expect("v2"),
        &b"v2"[..]
    );
}

#[tokio::test]
async fn mock_seeded_calls_and_errors() {
    let server = MockServer::start().await;
    let client = client(&server);

    let mut ended = Call::new("cll_seeded");
    ended.kind = Some(CallType::Inbound);
    ended.status = Some(CallStatus::Ended);
    ended.answered_by = Some(AnsweredBy::Machine);
    ended.duration = Some(31);
    ended.billable_duration = Some(60);
    assert_eq!(server.insert_call(ended.clone()), None);
    assert_eq!(
        client.retrieve_call("cll_seeded").await.expect("found"),
        ended
    );

    // A recording for an unknown call creates it.
    server.set_call_recording("cll_only_audio", &b"\x00\xff"[..]);
    assert_eq!(
        client
            .download_recording("cll_only_audio")
            .await
            .expect("audio"),
        &b"\x00\xff"[..]
    );
    let bare = client
        .retrieve_call("cll_only_audio")
        .await
        .expect("created");
    assert_eq!(
        bare.recording_url.as_deref(),
        Some("/api/v1.0/call/cll_only_audio/recording")
    );

    for id in ["cll_missing", "a b", "%"] {
        let error = client.retrieve_call(id).await.expect_err("no call");
        assert_api_error(&error, 404, 404, "Call not found");
        let error = client.download_recording(id).await.expect_err("no call");
        assert_api_error(&error, 404, 404, "Call not found");
    }

    for number in ["4155550100", "+0123", "+1 415 555 0100", ""] {
        let error = client
            .start_call(&NewCall::new(AGENT, number))
            .await
            .expect_err("not E.164");
        assert_invalid_request(&error, "phone_number_to");
    }
    for body in [
        json!({"phone_number_to": PHONE}),
        json!({"agent_id": AGENT}),
        json!({"agent_id": AGENT, "phone_number_to": PHONE, "end_user_context": 5}),
    ] {
        let response = raw(&server, "POST", "/api/v1.0/call", Some(&body.to_string())).await;
        assert_eq!(response.status, 400, "{body}");
        assert_eq!(response.json()["error"], 400, "{body}");
    }
    let old = json!({"chatbot_id": AGENT, "phone_number_to": PHONE});
    let response = raw(&server, "POST", "/api/v1.0/call", Some(&old.to_string())).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], "queued");
}

#[tokio::test]
async fn mock_conversation_routes_and_methods() {
    let server = MockServer::start().await;
    server.set_call_recording("cll_1", MockServer::SAMPLE_RECORDING);
    server.insert_thread(Thread::new("thr_1"));
    for (method, path, allow) in [
        ("GET", "/api/v1.0/message", "POST"),
        ("PUT", "/api/v1.0/message", "POST"),
        ("POST", "/api/v1.0/message/thr_1", "GET"),
        ("DELETE", "/api/v1.0/message/thr_1", "GET"),
        ("POST", "/api/v1.0/thread/thr_1", "GET"),
        ("PATCH", "/api/v1.0/thread/thr_1", "GET"),
        ("GET", "/api/v1.0/call", "POST"),
        ("DELETE", "/api/v1.0/call/cll_1", "GET"),
        ("POST", "/api/v1.0/call/cll_1/recording", "GET"),
    ] {
        let response = raw(&server, method, path, None).await;
        assert_eq!(response.status, 405, "{method} {path}");
        assert_eq!(response.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(response.json()["error"], 405);
    }
    for path in [
        "/api/v1.0/thread",
        "/api/v1.0/thread/",
        "/api/v1.0/message/",
        "/api/v1.0/call/",
        "/api/v1.0/call//recording",
        "/api/v1.0/call/cll_1/recording/",
        "/api/v1.0/call/cll_1/transcript",
        "/api/v1.0/thread/thr_1/messages",
        "/api/v1.0/message/thr_1/extra",
    ] {
        let response = raw(&server, "GET", path, None).await;
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.json(),
            json!({"error": 404, "message": "not found"}),
            "{path}"
        );
    }
    let stranger = Client::builder()
        .api_key("wrong")
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .expect("a client");
    for error in [
        stranger.retrieve_thread("thr_1").await.expect_err("401"),
        stranger.download_recording("cll_1").await.expect_err("401"),
        stranger
            .start_call(&NewCall::new(AGENT, PHONE))
            .await
            .expect_err("401"),
    ] {
        assert_eq!(error.status(), Some(401), "{error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Against wiremock: the exact requests

async fn wiremock_answering(response: ResponseTemplate) -> (wiremock::MockServer, Client) {
    let server = wiremock::MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1.0", server.uri()))
        .initial_backoff(Duration::from_millis(1))
        .build()
        .expect("client");
    (server, client)
}

async fn wiremock_json(body: Value) -> (wiremock::MockServer, Client) {
    wiremock_answering(ResponseTemplate::new(200).set_body_json(body)).await
}

async fn requests(server: &wiremock::MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

async fn only_request(server: &wiremock::MockServer) -> wiremock::Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

/// Method, raw path, no query, the key, and the exact JSON body (or none).
#[track_caller]
fn assert_request(request: &wiremock::Request, method: &str, path: &str, body: Option<Value>) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), None);
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    assert_eq!(
        header("authorization"),
        Some(format!("api-key {KEY}").as_str())
    );
    // Downloads accept any media type; everything else asks for JSON.
    let accept = if path.ends_with("/recording") {
        "*/*"
    } else {
        "application/json"
    };
    assert_eq!(header("accept"), Some(accept));
    assert_eq!(header("idempotency-key"), None);
    match body {
        Some(body) => {
            assert_eq!(header("content-type"), Some("application/json"));
            assert_eq!(request.body_json::<Value>().expect("a JSON body"), body);
        }
        None => {
            assert_eq!(header("content-type"), None);
            assert!(request.body.is_empty(), "{:?}", request.body);
        }
    }
}

fn enduser_json() -> Value {
    json!({"id": ADA, "display_name": "Ada Lovelace", "integration_type": "api"})
}

fn thread_json() -> Value {
    json!({
        "id": "thr_8Yv2kQ1mZx",
        "agent": {"id": AGENT, "name": "Sales agent"},
        "end_user": enduser_json(),
        "integration": {"id": "int_1", "type": "api"},
        "updated_at": "2023-11-07T05:31:56Z",
        "active": true,
        "blocked": false,
        "tags": [{"id": "tag_1", "name": "vip", "color": "blue"}],
        "assigned_to": [{"id": "usr_1", "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"}],
    })
}

fn message_json(sent_by: &str, content: &str) -> Value {
    json!({
        "thread_id": "thr_8Yv2kQ1mZx",
        "type": "text",
        "sent_by": sent_by,
        "sent_at": "2023-11-07T05:31:56Z",
        "content": content,
        "read": false,
    })
}

#[tokio::test]
async fn wire_create_enduser() {
    let (server, client) = wiremock_json(enduser_json()).await;
    let user = client
        .create_enduser(
            &EndUserData::new()
                .with_display_name("Ada Lovelace")
                .with_info("prefers mornings"),
        )
        .await
        .expect("created");
    assert_eq!(user, ada());
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/enduser",
        Some(json!({"display_name": "Ada Lovelace", "info": "prefers mornings"})),
    );

    let (server, client) = wiremock_json(enduser_json()).await;
    client
        .create_enduser(&EndUserData::new())
        .await
        .expect("created");
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/enduser",
        Some(json!({})),
    );
}

#[tokio::test]
async fn wire_update_enduser() {
    let (server, client) = wiremock_json(enduser_json()).await;
    let user = client
        .update_enduser(ADA, &EndUserData::new().with_info("prefers mornings"))
        .await
        .expect("updated");
    assert_eq!(user.id, ADA);
    assert_request(
        &only_request(&server).await,
        "PUT",
        &format!("/api/v1.0/enduser/{ADA}"),
        Some(json!({"info": "prefers mornings"})),
    );
}

#[tokio::test]
async fn wire_retrieve_enduser() {
    let (server, client) = wiremock_json(enduser_json()).await;
    assert_eq!(client.retrieve_enduser(ADA).await.expect("found"), ada());
    assert_request(
        &only_request(&server).await,
        "GET",
        &format!("/api/v1.0/enduser/{ADA}"),
        None,
    );
}

#[tokio::test]
async fn wire_send_message() {
    let (server, client) = wiremock_json(json!({
        "thread": thread_json(),
        "messages": [message_json("AI", "It ships today.")],
        "in_response_to": message_json("EU", "Where is my order?"),
    }))
    .await;
    let response = client
        .send_message(&NewMessage::new(AGENT, ADA, "Where is my order?"))
        .await
        .expect("sent");
    assert_eq!(response.thread.id, "thr_8Yv2kQ1mZx");
    assert_eq!(
        response.messages[0].content.as_deref(),
        Some("It ships today.")
    );
    assert_eq!(
        response.in_response_to.map(|message| message.sent_by),
        Some(SentBy::EndUser)
    );
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/message",
        Some(json!({"agent_id": AGENT, "end_user_id": ADA, "content": "Where is my order?"})),
    );
}

#[tokio::test]
async fn wire_send_message_decodes_the_old_names() {
    let mut old_thread = thread_json();
    let object = old_thread.as_object_mut().expect("an object");
    let agent = object.remove("agent").expect("agent");
    let user = object.remove("end_user").expect("end_user");
    object.insert("chatbot".into(), agent);
    object.insert("enduser".into(), user);
    let (_server, client) = wiremock_json(json!({
        "thread": old_thread,
        "messages": [message_json("AI", "Hola")],
    }))
    .await;
    let response = client
        .send_message(&NewMessage::new(AGENT, ADA, "Hola"))
        .await
        .expect("sent");
    let expected: Thread = serde_json::from_value(thread_json()).expect("a thread");
    assert_eq!(response.thread, expected);
    assert_eq!(response.in_response_to, None);
}

#[tokio::test]
async fn wire_list_messages() {
    let (server, client) = wiremock_json(json!([
        message_json("EU", "Where is my order?"),
        message_json("AI", "It ships today."),
        {"thread_id": "thr_8Yv2kQ1mZx", "type": "sticker", "sent_by": "BOT", "sent_at": "soon"},
    ]))
    .await;
    let messages = client
        .list_messages("thr_8Yv2kQ1mZx")
        .await
        .expect("listed");
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[0].sent_by, SentBy::EndUser);
    assert_eq!(messages[2].kind, MessageType::Other("sticker".into()));
    assert_eq!(messages[2].sent_by, SentBy::Other("BOT".into()));
    assert_eq!(messages[2].sent_at_timestamp(), None);
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/message/thr_8Yv2kQ1mZx",
        None,
    );

    // The id is one encoded segment.
    let (server, client) = wiremock_json(json!([])).await;
    assert!(
        client
            .list_messages("a b/c?d")
            .await
            .expect("listed")
            .is_empty()
    );
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/message/a%20b%2Fc%3Fd",
        None,
    );
}

#[tokio::test]
async fn wire_retrieve_thread() {
    // The mixed Spanish example: the old `chatbot` with the new `end_user`.
    let (server, client) = wiremock_json(json!({
        "id": "hilo_123",
        "chatbot": {"id": AGENT, "name": "Asistente de ventas"},
        "end_user": {"id": ADA, "display_name": "Juana Pérez", "integration_type": "whatsapp"},
        "integration": {"id": 7, "type": "whatsapp"},
        "updated_at": "2024-05-01T10:00:00-06:00",
        "active": false,
        "blocked": false,
        "tags": [{"id": 12, "name": "cliente nuevo", "color": "verde"}],
        "assigned_to": [],
    }))
    .await;
    let thread = client.retrieve_thread("hilo_123").await.expect("found");
    assert_eq!(
        thread.agent.and_then(|agent| agent.name).as_deref(),
        Some("Asistente de ventas")
    );
    assert_eq!(
        thread.end_user.map(|user| user.display_name).as_deref(),
        Some("Juana Pérez")
    );
    assert_eq!(thread.tags[0].id, "12");
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/thread/hilo_123",
        None,
    );
}

#[tokio::test]
async fn wire_start_call() {
    let (server, client) = wiremock_json(json!({
        "id": "cll_gBoLtd02pUI50QwXkFjB",
        "type": "outbound",
        "status": "queued",
        "created_at": "2023-11-07T05:31:56Z",
        "started_at": null,
    }))
    .await;
    let call = client
        .start_call(
            &NewCall::new(AGENT, PHONE)
                .with_end_user_display_name("Ada")
                .with_end_user_context(
                    EndUserContext::try_from(json!({"balance": 120, "plan": "pro"}))
                        .expect("an object"),
                )
                .with_initial_message("Hi Ada!"),
        )
        .await
        .expect("started");
    assert_eq!(call.status, Some(CallStatus::Queued));
    assert_eq!(call.started_at, None);
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/call",
        Some(json!({
            "agent_id": AGENT,
            "phone_number_to": PHONE,
            "end_user_display_name": "Ada",
            "end_user_context": {"balance": 120, "plan": "pro"},
            "initial_message": "Hi Ada!",
        })),
    );

    // Unset optional fields are not sent; text context is a string.
    let (server, client) = wiremock_json(json!({"id": "cll_2"})).await;
    client
        .start_call(&NewCall::new(AGENT, PHONE).with_end_user_context("VIP"))
        .await
        .expect("started");
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/call",
        Some(json!({"agent_id": AGENT, "phone_number_to": PHONE, "end_user_context": "VIP"})),
    );
}

#[tokio::test]
async fn wire_start_call_is_not_retried() {
    let (server, client) = wiremock_answering(ResponseTemplate::new(503)).await;
    let error = client
        .start_call(&NewCall::new(AGENT, PHONE))
        .await
        .expect_err("unavailable");
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn wire_retrieve_call() {
    let (server, client) = wiremock_json(json!({
        "id": "cll_1",
        "thread": thread_json(),
        "type": "inbound",
        "status": "ended",
        "answered_by": "human",
        "created_at": "2023-11-07T05:31:56Z",
        "started_at": "2023-11-07T05:32:01Z",
        "ended_at": "2023-11-07T05:35:03Z",
        "duration": 182,
        "billed_duration": 240,
        "recording_url": "/api/v1.0/call/cll_1/recording",
    }))
    .await;
    let call = client.retrieve_call("cll_1").await.expect("found");
    assert_eq!(call.billable_duration, Some(240));
    assert_eq!(call.answered_by, Some(AnsweredBy::Human));
    assert_eq!(
        call.thread.map(|thread| thread.id).as_deref(),
        Some("thr_8Yv2kQ1mZx")
    );
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/call/cll_1",
        None,
    );
}

#[tokio::test]
async fn wire_download_recording() {
    let audio = b"ID3\x04\x00\xff\xfb\x90\x00 not utf-8 \xc3\x28".to_vec();
    let (server, client) =
        wiremock_answering(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
            .await;
    let downloaded = client.download_recording("cll_1").await.expect("audio");
    assert_eq!(downloaded, audio);
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/call/cll_1/recording",
        None,
    );
}

#[tokio::test]
async fn wire_download_recording_url() {
    let (server, client) = wiremock_answering(
        ResponseTemplate::new(200).set_body_raw(b"audio".to_vec(), "audio/mpeg"),
    )
    .await;
    let origin = server.uri(); // http://127.0.0.1:<port>
    for url in [
        "/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording".to_owned(),
        format!("{origin}/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording"),
        format!(
            "{}/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            origin.replace("http://", "HTTP://")
        ),
    ] {
        assert_eq!(
            client.download_recording_url(&url).await.expect(&url),
            &b"audio"[..]
        );
        let all = requests(&server).await;
        assert_request(
            all.last().expect("a request"),
            "GET",
            "/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            None,
        );
    }
    let sent = requests(&server).await.len();
    assert_eq!(sent, 3);

    let port = server.address().port();
    for url in [
        // Another host, even with the API's own path.
        "https://api.altur.io/api/v1.0/call/cll_1/recording".to_owned(),
        format!("http://localhost:{port}/api/v1.0/call/cll_1/recording"),
        format!("http://127.0.0.2:{port}/api/v1.0/call/cll_1/recording"),
        format!(
            "http://127.0.0.1:{}/api/v1.0/call/cll_1/recording",
            port + 1
        ),
        format!("//127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        format!("http://user:pass@127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        format!("http://127.0.0.1:{port}@evil.example/api/v1.0/call/cll_1/recording"),
        // Another scheme.
        format!("https://127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        format!("ws://127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        // Dot segments and encodings that would leave the path.
        "/api/v1.0/../v2.0/call/cll_1/recording".to_owned(),
        "/api/v1.0/call/../enduser/cll_1/recording".to_owned(),
        "/api/v1.0/call/%2e%2e/recording".to_owned(),
        "/api/v1.0/call/cll_1%2F..%2F..%2Fenduser/recording".to_owned(),
        format!("{origin}/api/v1.0/call/cll_1/recording/../../../../enduser/x"),
        format!("{origin}/api/v1.0/x/../call/cll_1/recording"),
        "/api/v1.0/call/cll_1\\..\\recording".to_owned(),
        // Queries and fragments.
        "/api/v1.0/call/cll_1/recording?redirect=https://evil.example".to_owned(),
        format!("{origin}/api/v1.0/call/cll_1/recording?token=abc"),
        "/api/v1.0/call/cll_1/recording#t=10".to_owned(),
        // Other paths.
        "/api/v1.0/call/cll_1".to_owned(),
        "/api/v1.0/enduser/cll_1/recording".to_owned(),
        "/call/cll_1/recording".to_owned(),
        "api/v1.0/call/cll_1/recording".to_owned(),
        String::new(),
    ] {
        let error = client.download_recording_url(&url).await.expect_err(&url);
        let Error::InvalidParameter { name, reason, .. } = &error else {
            panic!("{url}: {error:?}");
        };
        assert_eq!(*name, "url");
        assert!(!reason.is_empty(), "{url}");
    }
    assert_eq!(requests(&server).await.len(), sent, "nothing more was sent");
}

#[tokio::test]
async fn wire_api_errors_keep_the_model() {
    let (_server, client) = wiremock_answering(
        ResponseTemplate::new(404)
            .set_body_json(json!({"error": 404, "message": "Thread not found"})),
    )
    .await;
    let error = client.list_messages("thr_x").await.expect_err("404");
    assert_api_error(&error, 404, 404, "Thread not found");
}
