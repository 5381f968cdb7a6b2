//! Messages, threads and calls in the embedded mock server, through the client: a conversation
//! from a new EndUser, what the mock stores and seeds, recordings, and the errors and routes it
//! answers. The exact requests of these endpoints are in `endpoints.rs`.

mod common;

use altur_client::mock::MockServer;
use altur_client::models::{
    Agent, AnsweredBy, Call, CallStatus, CallType, EndUserContext, EndUserData, Message,
    MessageType, NewCall, NewMessage, SentBy, Thread, Timestamp,
};
use altur_client::{Bytes, CallsApi, EndUserApi, Error, ErrorCode, MessagesApi, ThreadsApi};
use common::{ADA, AGENT, OTHER_AGENT, PHONE, ada, assert_api_error, mock};
use serde_json::json;
use uuid::Uuid;

/// A 400 in the published Error model of these endpoints, whose code is an integer.
#[track_caller]
fn assert_invalid_request(error: &Error, message_part: &str) {
    assert_eq!(error.status(), Some(400), "{error}");
    let body = error.api_error().expect("the documented error model");
    assert_eq!(body.code, Some(ErrorCode::Number(400)));
    assert!(body.message.contains(message_part), "{}", body.message);
}

#[tokio::test]
async fn mock_conversation_from_a_new_enduser() {
    let (_server, client) = mock::start().await;
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
    let server = mock::server().await;
    server.insert_enduser(ada());
    let client = mock::client(&server, |builder| builder);

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
            r#"is not a "uuid""#,
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
        let response = mock::raw(&server, "POST", path, body).await;
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
    let server = mock::server().await;
    server.insert_enduser(ada());
    let body = json!({"chatbot_id": AGENT, "end_user_id": ADA, "content": "old client"});
    let response = mock::raw(&server, "POST", "/api/v1.0/message", &body.to_string()).await;
    assert_eq!(response.status, 200);
    let response = response.json();
    assert_eq!(response["thread"]["agent"]["id"], json!(AGENT));
    assert_eq!(response["in_response_to"]["content"], "old client");
}

#[tokio::test]
async fn mock_seeded_threads_and_messages() {
    let server = mock::server().await;
    server.insert_enduser(ada());
    let client = mock::client(&server, |builder| builder);

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
    let (server, client) = mock::start().await;

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
    let raw_audio = mock::raw(
        &server,
        "GET",
        &format!("/api/v1.0/call/{}/recording", call.id),
        "",
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
    let (server, client) = mock::start().await;

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
        let response = mock::raw(&server, "POST", "/api/v1.0/call", &body.to_string()).await;
        assert_eq!(response.status, 400, "{body}");
        assert_eq!(response.json()["error"], 400, "{body}");
    }
    let old = json!({"chatbot_id": AGENT, "phone_number_to": PHONE});
    let response = mock::raw(&server, "POST", "/api/v1.0/call", &old.to_string()).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], "queued");
}

#[tokio::test]
async fn mock_conversation_routes_and_methods() {
    let server = mock::server().await;
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
        let response = mock::raw(&server, method, path, "").await;
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
        // No route: a 404 that says so, never one that reads as a missing resource.
        let response = mock::raw(&server, "GET", path, "").await;
        assert_eq!(response.status, 404, "{path}");
        let body = response.json();
        assert_eq!(body["error"], "NO_ROUTE", "{path}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with(&format!("no route matches `GET {path}`")),
            "{path}: {message}"
        );
    }
    let stranger = mock::client(&server, |builder| builder.api_key("wrong"));
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
