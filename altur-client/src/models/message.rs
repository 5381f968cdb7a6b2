use super::DeserializeWithAliases;
use super::common::{null_as_default, optional_string_or_number, string_or_number};
use super::{Thread, Timestamp, string_enum};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A message of a [`Thread`], as listed by
/// [`MessagesApi::list_messages`](crate::MessagesApi::list_messages).
///
/// `sent_at` is kept as the text the API sent: the API types it as a plain string (unlike the
/// `date-time` fields of threads and calls), so a value that is not a timestamp must not make the
/// whole list fail to decode. [`sent_at_timestamp`](Self::sent_at_timestamp) parses it.
/// Unknown fields are ignored, and unknown `type` and `sent_by` values decode into `Other`.
///
/// ```
/// use altur_client::models::{Message, MessageType, SentBy};
///
/// let message: Message = serde_json::from_str(
///     r#"{"thread_id": "thr_1", "type": "text", "sent_by": "EU",
///         "sent_at": "2023-11-07T05:31:56Z", "content": "Hi!", "read": true}"#,
/// )?;
/// assert_eq!(message.kind, MessageType::Text);
/// assert_eq!(message.sent_by, SentBy::EndUser);
/// assert_eq!(message.content.as_deref(), Some("Hi!"));
/// assert_eq!(
///     message.sent_at_timestamp().map(|time| time.to_string()).as_deref(),
///     Some("2023-11-07T05:31:56+00:00"),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// The thread the message belongs to.
    #[serde(deserialize_with = "string_or_number")]
    pub thread_id: String,
    /// What the message carries: the `type` key.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Who wrote the message.
    pub sent_by: SentBy,
    /// When the message was sent, as the API wrote it (RFC 3339 in the documented example);
    /// empty if the API left it out or sent `null`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub sent_at: String,
    /// The message's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The media of an image, audio, video or document message, usually a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// The Altur user who sent the message by hand in the app, if one did.
    #[serde(
        default,
        deserialize_with = "optional_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub sent_by_user: Option<String>,
    /// Whether the message has been read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<bool>,
}

impl Message {
    /// A message with the documented required fields set, for tests and the
    /// [mock server](crate::mock).
    ///
    /// ```
    /// use altur_client::models::{Message, MessageType, SentBy};
    ///
    /// let mut message = Message::new("thr_1", MessageType::Text, SentBy::Ai, "2025-01-01T09:00:00Z");
    /// message.content = Some("Hello!".to_owned());
    /// ```
    pub fn new(
        thread_id: impl Into<String>,
        kind: MessageType,
        sent_by: SentBy,
        sent_at: impl Into<String>,
    ) -> Self {
        Message {
            thread_id: thread_id.into(),
            kind,
            sent_by,
            sent_at: sent_at.into(),
            content: None,
            media: None,
            sent_by_user: None,
            read: None,
        }
    }

    /// [`sent_at`](Self::sent_at) as a [`Timestamp`], or `None` when it is not one of the shapes
    /// [`Timestamp::parse`] accepts.
    pub fn sent_at_timestamp(&self) -> Option<Timestamp> {
        Timestamp::parse(self.sent_at.trim())
    }
}

string_enum! {
    /// What a [`Message`] carries. Values the API adds later decode into
    /// [`Other`](MessageType::Other).
    pub enum MessageType {
        /// `text`
        Text = "text",
        /// `image`
        Image = "image",
        /// `audio`
        Audio = "audio",
        /// `video`
        Video = "video",
        /// `button`
        Button = "button",
        /// `template`
        Template = "template",
        /// `document`
        Document = "document",
    }
}

string_enum! {
    /// Who wrote a [`Message`]. Values the API adds later decode into [`Other`](SentBy::Other).
    ///
    /// ```
    /// use altur_client::models::SentBy;
    ///
    /// assert_eq!(SentBy::from("AI"), SentBy::Ai);
    /// assert_eq!(SentBy::EndUser.as_str(), "EU");
    /// ```
    pub enum SentBy {
        /// `AI`: the agent.
        Ai = "AI",
        /// `EU`: the EndUser.
        EndUser = "EU",
        /// `SYS`: the system.
        System = "SYS",
    }
}

/// The answer to [`MessagesApi::send_message`](crate::MessagesApi::send_message): the thread, the
/// agent's replies and the message they reply to.
///
/// ```
/// use altur_client::models::{MessageResponse, SentBy};
///
/// let response: MessageResponse = serde_json::from_str(
///     r#"{
///         "thread": {"id": "thr_1"},
///         "messages": [{"thread_id": "thr_1", "type": "text", "sent_by": "AI",
///                       "sent_at": "2023-11-07T05:31:57Z", "content": "Hello Ada!"}],
///         "in_response_to": {"thread_id": "thr_1", "type": "text", "sent_by": "EU",
///                            "sent_at": "2023-11-07T05:31:56Z", "content": "Hi"}
///     }"#,
/// )?;
/// assert_eq!(response.thread.id, "thr_1");
/// assert_eq!(response.messages[0].sent_by, SentBy::Ai);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MessageResponse {
    /// The thread the message went to (created if the agent and EndUser had none).
    pub thread: Thread,
    /// The messages sent in response, oldest first; empty when the API sends none (or `null`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub messages: Vec<Message>,
    /// The message that was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_response_to: Option<Message>,
}

impl MessageResponse {
    /// A response with only the thread set.
    pub fn new(thread: Thread) -> Self {
        MessageResponse {
            thread,
            messages: Vec::new(),
            in_response_to: None,
        }
    }
}

/// The body of [`MessagesApi::send_message`](crate::MessagesApi::send_message):
/// `{"agent_id": .., "end_user_id": .., "content": ..}`.
///
/// Old versions of the API named `agent_id` `chatbot_id` and `end_user_id` `enduser_id`.
/// Decoding accepts both, the new name winning when a body has both; encoding writes the new
/// names.
///
/// ```
/// use altur_client::models::NewMessage;
/// use uuid::Uuid;
///
/// let agent_id = Uuid::from_u128(1);
/// let end_user_id = Uuid::from_u128(2);
/// let message = NewMessage::new(agent_id, end_user_id, "Where is my order?");
/// assert_eq!(
///     serde_json::to_value(&message)?,
///     serde_json::json!({
///         "agent_id": agent_id,
///         "end_user_id": end_user_id,
///         "content": "Where is my order?",
///     }),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, DeserializeWithAliases)]
pub struct NewMessage {
    /// The agent receiving the message (`chatbot_id` in old versions of the API).
    #[serde(alias = "chatbot_id")]
    pub agent_id: Uuid,
    /// The EndUser sending it.
    #[serde(alias = "enduser_id")]
    pub end_user_id: Uuid,
    /// The message's text.
    pub content: String,
}

impl NewMessage {
    /// A message from `end_user_id` to `agent_id`.
    pub fn new(agent_id: Uuid, end_user_id: Uuid, content: impl Into<String>) -> Self {
        NewMessage {
            agent_id,
            end_user_id,
            content: content.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::thread::tests::documented as documented_thread;
    use serde_json::{Value, json};

    fn documented() -> Value {
        json!({
            "thread_id": "thr_8Yv2kQ1mZx",
            "type": "text",
            "sent_by": "AI",
            "sent_at": "2023-11-07T05:31:56Z",
            "content": "Hello! How can I help you today?",
            "media": "https://cdn.altur.io/media/hello.png",
            "sent_by_user": "usr_1",
            "read": true,
        })
    }

    #[test]
    fn documented_example_round_trips() {
        let message: Message = serde_json::from_value(documented()).unwrap();
        assert_eq!(message.kind, MessageType::Text);
        assert_eq!(message.sent_by, SentBy::Ai);
        assert_eq!(message.read, Some(true));
        assert_eq!(
            message.sent_at_timestamp(),
            Timestamp::parse("2023-11-07T05:31:56Z")
        );
        assert_eq!(serde_json::to_value(&message).unwrap(), documented());
    }

    #[test]
    fn every_documented_enum_value() {
        for (wire, kind) in [
            ("text", MessageType::Text),
            ("image", MessageType::Image),
            ("audio", MessageType::Audio),
            ("video", MessageType::Video),
            ("button", MessageType::Button),
            ("template", MessageType::Template),
            ("document", MessageType::Document),
            ("sticker", MessageType::Other("sticker".into())),
        ] {
            assert_eq!(
                serde_json::from_value::<MessageType>(json!(wire)).unwrap(),
                kind
            );
            assert_eq!(serde_json::to_value(&kind).unwrap(), json!(wire));
        }
        for (wire, sent_by) in [
            ("AI", SentBy::Ai),
            ("EU", SentBy::EndUser),
            ("SYS", SentBy::System),
            ("AGENT", SentBy::Other("AGENT".into())),
        ] {
            assert_eq!(
                serde_json::from_value::<SentBy>(json!(wire)).unwrap(),
                sent_by
            );
            assert_eq!(serde_json::to_value(&sent_by).unwrap(), json!(wire));
        }
    }

    #[test]
    fn lenient_sent_at_and_unknown_fields() {
        let minimal: Message = serde_json::from_value(json!({
            "thread_id": "t",
            "type": "image",
            "sent_by": "EU",
            "sent_at": "last tuesday",
            "reactions": ["+1"],
        }))
        .unwrap();
        assert_eq!(minimal.sent_at, "last tuesday");
        assert_eq!(minimal.sent_at_timestamp(), None);
        assert_eq!(minimal.content, None);
        for sent_at in [json!(null), json!("")] {
            let message: Message = serde_json::from_value(
                json!({"thread_id": "t", "type": "text", "sent_by": "AI", "sent_at": sent_at}),
            )
            .unwrap();
            assert_eq!(message.sent_at, "");
        }
        let naive: Message = serde_json::from_value(json!({
            "thread_id": 5, "type": "text", "sent_by": "SYS", "sent_at": "2025-10-03 19:11:39",
        }))
        .unwrap();
        assert_eq!(naive.thread_id, "5");
        assert_eq!(
            naive.sent_at_timestamp().unwrap().to_string(),
            "2025-10-03T19:11:39+00:00"
        );
    }

    #[test]
    fn required_fields() {
        for key in ["thread_id", "type", "sent_by"] {
            let mut payload = documented();
            payload.as_object_mut().unwrap().remove(key);
            assert!(serde_json::from_value::<Message>(payload).is_err(), "{key}");
        }
    }

    #[test]
    fn message_response_round_trips() {
        let mut reply = documented();
        reply["content"] = json!("Your order ships today.");
        let mut sent = documented();
        sent["sent_by"] = json!("EU");
        sent["content"] = json!("Where is my order?");
        let payload = json!({
            "thread": documented_thread(),
            "messages": [reply],
            "in_response_to": sent,
        });
        let response: MessageResponse = serde_json::from_value(payload.clone()).unwrap();
        assert_eq!(response.thread.id, "thr_8Yv2kQ1mZx");
        assert_eq!(response.messages.len(), 1);
        assert_eq!(
            response.in_response_to.as_ref().unwrap().sent_by,
            SentBy::EndUser
        );
        let mut expected = payload;
        expected["thread"]["updated_at"] = json!("2023-11-07T05:31:56+00:00");
        assert_eq!(serde_json::to_value(&response).unwrap(), expected);

        let bare: MessageResponse =
            serde_json::from_value(json!({"thread": {"id": "t"}, "messages": null})).unwrap();
        assert_eq!(bare, MessageResponse::new(Thread::new("t")));
    }

    #[test]
    fn new_message_body() {
        let agent = Uuid::from_u128(1);
        let user = Uuid::from_u128(2);
        let body = NewMessage::new(agent, user, "hi");
        let value = serde_json::to_value(&body).unwrap();
        assert_eq!(
            value,
            json!({"agent_id": agent, "end_user_id": user, "content": "hi"})
        );
        let old: NewMessage = serde_json::from_value(
            json!({"chatbot_id": agent, "end_user_id": user, "content": "hi"}),
        )
        .unwrap();
        assert_eq!(old, body);
    }
}
