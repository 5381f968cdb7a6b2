//! `/message`, `/thread` and `/call`: conversations kept in memory.

use super::service::{
    BASE_PATH, MockRequest, MockResponse, error, is_e164, json, method_not_allowed, now,
};
use super::{MockServer, State, lock};
use crate::EndUser;
use crate::models::{
    Agent, Call, CallStatus, CallType, EndUserContext, Message, MessageResponse, MessageType,
    NewCall, NewMessage, SentBy, Thread, Timestamp,
};
use bytes::Bytes;
use chrono::SecondsFormat;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Response, StatusCode};
use std::collections::HashMap;
use uuid::Uuid;

/// The name the mock gives the agents of the threads it creates.
const AGENT_NAME: &str = "Mock agent";

/// What the mock knows about threads, messages and calls.
#[derive(Debug, Default)]
pub(super) struct Store {
    threads: HashMap<String, StoredThread>,
    /// The thread of each (agent, EndUser) pair, so that messages between them share one.
    pairs: HashMap<(Uuid, Uuid), String>,
    calls: HashMap<String, StoredCall>,
}

#[derive(Debug)]
struct StoredThread {
    thread: Thread,
    /// Oldest first.
    messages: Vec<Message>,
}

#[derive(Debug)]
struct StoredCall {
    call: Call,
    recording: Option<Bytes>,
}

impl Store {
    /// A fresh `<prefix><20 letters and digits>` id that no thread or call has.
    fn new_id(&self, prefix: &str) -> String {
        loop {
            let id: String = std::iter::once(prefix.to_owned())
                .chain(std::iter::repeat_with(|| fastrand::alphanumeric().to_string()).take(20))
                .collect();
            if !self.threads.contains_key(&id) && !self.calls.contains_key(&id) {
                return id;
            }
        }
    }

    /// The thread of `agent_id` and `user`, created if they have none.
    fn thread_for(&mut self, agent_id: Uuid, user: &EndUser, now: Timestamp) -> &mut StoredThread {
        let key = (agent_id, user.id);
        let id = match self.pairs.get(&key) {
            Some(id) if self.threads.contains_key(id) => id.clone(),
            _ => {
                let id = self.new_id("thr_");
                self.pairs.insert(key, id.clone());
                id
            }
        };
        self.threads
            .entry(id.clone())
            .or_insert_with(|| StoredThread {
                thread: new_thread(id, agent_id, user, now),
                messages: Vec::new(),
            })
    }

    fn insert_thread(&mut self, thread: Thread) -> Option<Thread> {
        if let (Some(agent), Some(user)) = (&thread.agent, &thread.end_user) {
            self.pairs.insert((agent.id, user.id), thread.id.clone());
        }
        match self.threads.get_mut(&thread.id) {
            Some(stored) => Some(std::mem::replace(&mut stored.thread, thread)),
            None => {
                self.threads.insert(
                    thread.id.clone(),
                    StoredThread {
                        thread,
                        messages: Vec::new(),
                    },
                );
                None
            }
        }
    }

    fn call_entry(&mut self, id: &str) -> &mut StoredCall {
        self.calls
            .entry(id.to_owned())
            .or_insert_with(|| StoredCall {
                call: Call::new(id),
                recording: None,
            })
    }
}

fn new_thread(id: String, agent_id: Uuid, user: &EndUser, now: Timestamp) -> Thread {
    let mut agent = Agent::new(agent_id);
    agent.name = Some(AGENT_NAME.to_owned());
    let mut thread = Thread::new(id);
    thread.agent = Some(agent);
    thread.end_user = Some(user.clone());
    thread.updated_at = Some(now);
    thread.active = Some(true);
    thread.blocked = Some(false);
    thread
}

pub(super) fn route(state: &State, request: &MockRequest) -> Option<MockResponse> {
    let segments: Vec<&str> = request.segments.iter().map(String::as_str).collect();
    let (get, post) = (
        request.method == Method::GET,
        request.method == Method::POST,
    );
    Some(match segments.as_slice() {
        ["message"] if post => send_message(state, request),
        ["call"] if post => start_call(state, request),
        ["message"] | ["call"] => method_not_allowed("POST"),
        [_, ""] | ["call", "", "recording"] => return None,
        ["message", thread_id] if get => list_messages(state, thread_id),
        ["thread", id] if get => retrieve_thread(state, id),
        ["call", id] if get => retrieve_call(state, id),
        ["call", id, "recording"] if get => recording(state, id),
        ["message" | "thread" | "call", _] | ["call", _, "recording"] => method_not_allowed("GET"),
        _ => return None,
    })
}

fn send_message(state: &State, request: &MockRequest) -> MockResponse {
    let message: NewMessage = match request.json() {
        Ok(message) => message,
        Err(response) => return response,
    };
    if message.content.trim().is_empty() {
        return request.invalid("`content` must not be empty");
    }
    // One lock at a time, always EndUsers before conversations, so that no two requests wait on
    // each other.
    let Some(user) = lock(&state.endusers).get(&message.end_user_id).cloned() else {
        return error(StatusCode::NOT_FOUND, "EndUser not found");
    };
    let now = now();
    let sent_at = now
        .as_datetime()
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut store = lock(&state.conversations);
    let stored = store.thread_for(message.agent_id, &user, now);
    stored.thread.end_user = Some(user.clone());
    stored.thread.updated_at = Some(now);
    let thread_id = stored.thread.id.clone();

    let mut sent = Message::new(&thread_id, MessageType::Text, SentBy::EndUser, &sent_at);
    sent.content = Some(message.content.clone());
    sent.read = Some(true);
    stored.messages.push(sent.clone());

    // An inactive thread is one where the agent does not answer automatically.
    let mut replies = Vec::new();
    if stored.thread.active != Some(false) {
        let mut reply = Message::new(&thread_id, MessageType::Text, SentBy::Ai, &sent_at);
        reply.content = Some(format!(
            "Hello {}! This is the mock Altur agent; I received: \"{}\"",
            user.display_name, message.content
        ));
        reply.read = Some(false);
        stored.messages.push(reply.clone());
        replies.push(reply);
    }
    let mut response = MessageResponse::new(stored.thread.clone());
    response.messages = replies;
    response.in_response_to = Some(sent);
    json(StatusCode::OK, &response)
}

fn list_messages(state: &State, thread_id: &str) -> MockResponse {
    match lock(&state.conversations).threads.get(thread_id) {
        Some(stored) => json(StatusCode::OK, &stored.messages),
        None => error(StatusCode::NOT_FOUND, "Thread not found"),
    }
}

fn retrieve_thread(state: &State, id: &str) -> MockResponse {
    let thread = lock(&state.conversations)
        .threads
        .get(id)
        .map(|stored| stored.thread.clone());
    match thread {
        Some(thread) => json(StatusCode::OK, &with_current_enduser(state, thread)),
        None => error(StatusCode::NOT_FOUND, "Thread not found"),
    }
}

/// The thread with its EndUser as stored now, since EndUsers can be updated after the thread
/// was created.
fn with_current_enduser(state: &State, mut thread: Thread) -> Thread {
    if let Some(user) = &thread.end_user
        && let Some(current) = lock(&state.endusers).get(&user.id)
    {
        thread.end_user = Some(current.clone());
    }
    thread
}

fn start_call(state: &State, request: &MockRequest) -> MockResponse {
    let new_call: NewCall = match request.json() {
        Ok(call) => call,
        Err(response) => return response,
    };
    if !is_e164(&new_call.phone_number_to) {
        return request.invalid("`phone_number_to` must be an E.164 number, such as +14155550100");
    }
    let now = now();

    // The EndUser being called, as the API creates one for a new number.
    let mut user = EndUser::new(
        Uuid::nil(),
        new_call
            .end_user_display_name
            .clone()
            .unwrap_or_else(|| new_call.phone_number_to.clone()),
    );
    user.info = match &new_call.end_user_context {
        None => None,
        Some(EndUserContext::Text(text)) => Some(text.clone()),
        Some(EndUserContext::Object(object)) => serde_json::to_string(object).ok(),
    };
    {
        let mut endusers = lock(&state.endusers);
        user.id = loop {
            let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
            if !endusers.contains_key(&id) {
                break id;
            }
        };
        endusers.insert(user.id, user.clone());
    }

    let mut store = lock(&state.conversations);
    let thread = store
        .thread_for(new_call.agent_id, &user, now)
        .thread
        .clone();
    let mut call = Call::new(store.new_id("cll_"));
    call.thread = Some(thread);
    call.kind = Some(CallType::Outbound);
    call.status = Some(CallStatus::Queued);
    call.created_at = Some(now);
    call.phone_number_to = Some(new_call.phone_number_to);
    store.calls.insert(
        call.id.clone(),
        StoredCall {
            call: call.clone(),
            recording: None,
        },
    );
    json(StatusCode::OK, &call)
}

fn retrieve_call(state: &State, id: &str) -> MockResponse {
    let call = {
        let store = lock(&state.conversations);
        store.calls.get(id).map(|stored| {
            let mut call = stored.call.clone();
            // The thread as it is now, when the mock knows it.
            if let Some(thread) = call
                .thread
                .as_ref()
                .and_then(|thread| store.threads.get(&thread.id))
            {
                call.thread = Some(thread.thread.clone());
            }
            call
        })
    };
    match call {
        Some(mut call) => {
            call.thread = call
                .thread
                .map(|thread| with_current_enduser(state, thread));
            json(StatusCode::OK, &call)
        }
        None => error(StatusCode::NOT_FOUND, "Call not found"),
    }
}

fn recording(state: &State, id: &str) -> MockResponse {
    let recording = match lock(&state.conversations).calls.get(id) {
        None => return error(StatusCode::NOT_FOUND, "Call not found"),
        Some(stored) => stored.recording.clone(),
    };
    let Some(recording) = recording else {
        return error(StatusCode::NOT_FOUND, "Recording not found");
    };
    let mut response = Response::new(recording);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("audio/mpeg"));
    response
}

/// Seeding the conversation routes: threads and their messages, calls and their recordings.
impl MockServer {
    /// A few bytes standing for an MP3 file (an ID3 header, one frame header and a text
    /// marker), to give [`set_call_recording`](Self::set_call_recording) in tests and examples.
    /// It is not playable audio.
    pub const SAMPLE_RECORDING: &'static [u8] =
        b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x64\x00\x00altur mock recording";

    /// Stores `thread` under its id, replacing and returning the thread stored there before (its
    /// messages are kept). When it has both an agent and an EndUser, messages
    /// [sent](crate::MessagesApi::send_message) between them go to this thread.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::ThreadsApi;
    /// use altur_client::models::Thread;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// assert_eq!(server.insert_thread(Thread::new("thr_1")), None);
    /// assert_eq!(server.client()?.retrieve_thread("thr_1").await?.id, "thr_1");
    /// # Ok(())
    /// # }
    /// ```
    pub fn insert_thread(&self, thread: Thread) -> Option<Thread> {
        lock(&self.state.conversations).insert_thread(thread)
    }

    /// Appends `message` to the thread named by its `thread_id`, creating a bare
    /// [`Thread::new`] if there is none; [`list_messages`](crate::MessagesApi::list_messages)
    /// returns messages in the order they were appended.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::MessagesApi;
    /// use altur_client::models::{Message, MessageType, SentBy};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let hello = Message::new("thr_1", MessageType::Text, SentBy::Ai, "2025-01-01T09:00:00Z");
    /// server.push_message(hello.clone());
    /// assert_eq!(server.client()?.list_messages("thr_1").await?, [hello]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn push_message(&self, message: Message) {
        let mut store = lock(&self.state.conversations);
        store
            .threads
            .entry(message.thread_id.clone())
            .or_insert_with(|| StoredThread {
                thread: Thread::new(message.thread_id.clone()),
                messages: Vec::new(),
            })
            .messages
            .push(message);
    }

    /// Stores `call` under its id, replacing and returning the call stored there before (its
    /// recording is kept).
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CallsApi;
    /// use altur_client::models::{Call, CallStatus};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let mut call = Call::new("cll_1");
    /// call.status = Some(CallStatus::Ended);
    /// server.insert_call(call.clone());
    /// assert_eq!(server.client()?.retrieve_call("cll_1").await?, call);
    /// # Ok(())
    /// # }
    /// ```
    pub fn insert_call(&self, call: Call) -> Option<Call> {
        let mut store = lock(&self.state.conversations);
        let stored = store.calls.get_mut(&call.id);
        match stored {
            Some(stored) => Some(std::mem::replace(&mut stored.call, call)),
            None => {
                store.calls.insert(
                    call.id.clone(),
                    StoredCall {
                        call,
                        recording: None,
                    },
                );
                None
            }
        }
    }

    /// Gives the call `call_id` a recording, served as `audio/mpeg` by
    /// [`download_recording`](crate::CallsApi::download_recording), and returns the one it had
    /// before. A call the server does not know is created bare ([`Call::new`]); a call without a
    /// `recording_url` gets the relative one, `/api/v1.0/call/<id>/recording`.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CallsApi;
    /// use altur_client::models::Call;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// server.set_call_recording("cll_1", MockServer::SAMPLE_RECORDING);
    /// let client = server.client()?;
    /// let call = client.retrieve_call("cll_1").await?;
    /// let url = call.recording_url.expect("a recording URL");
    /// assert_eq!(url, "/api/v1.0/call/cll_1/recording");
    /// assert_eq!(client.download_recording_url(&url).await?, MockServer::SAMPLE_RECORDING);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_call_recording(&self, call_id: &str, recording: impl Into<Bytes>) -> Option<Bytes> {
        let mut store = lock(&self.state.conversations);
        let stored = store.call_entry(call_id);
        if stored.call.recording_url.is_none() {
            stored.call.recording_url = Some(format!("{BASE_PATH}/call/{call_id}/recording"));
        }
        stored.recording.replace(recording.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_numbers() {
        for number in ["+14155550100", "+525512345678", "+44", "+123456789012345"] {
            assert!(is_e164(number), "{number}");
        }
        for number in [
            "",
            "+",
            "+1",
            "14155550100",
            "+04155550100",
            "+1 415 555 0100",
            "+1234567890123456",
            "+1415555010a",
            "++14155550100",
        ] {
            assert!(!is_e164(number), "{number}");
        }
    }

    #[test]
    fn ids_have_a_prefix_and_twenty_characters() {
        let store = Store::default();
        let id = store.new_id("cll_");
        assert_eq!(id.len(), 24, "{id}");
        assert!(id.starts_with("cll_"));
        assert!(id[4..].bytes().all(|byte| byte.is_ascii_alphanumeric()));
        assert_ne!(store.new_id("cll_"), id);
    }

    #[test]
    fn sent_at_is_rfc3339_in_milliseconds() {
        let timestamp = now();
        let text = timestamp
            .as_datetime()
            .to_rfc3339_opts(SecondsFormat::Millis, true);
        assert!(text.ends_with('Z') && text.len() == "2025-01-01T00:00:00.000Z".len());
        assert_eq!(Timestamp::parse(&text), Some(timestamp));
    }
}
