use super::common::{optional_seconds, optional_timestamp, string_or_number};
use super::{DeserializeWithAliases, Thread, Timestamp, string_enum};
use serde::de;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

/// A phone call, as returned by [`CallsApi::start_call`](crate::CallsApi::start_call) and
/// [`CallsApi::retrieve_call`](crate::CallsApi::retrieve_call).
///
/// The API documents no `required` list, so every field but `id` may be missing. The billed time
/// is `billable_duration` on the Call schema but `billed_duration` in webhooks and campaign
/// calls: both are read into [`billable_duration`](Self::billable_duration) (when a body has
/// both, `billable_duration` wins unless it is `null`), which is written back as `billable_duration`. Durations are read from
/// integers, and also from decimals (rounded) and `"MM:SS"` or `"HH:MM:SS"` text, which one page
/// uses for `billed_duration`. Unknown fields are ignored, and unknown enum values decode into
/// `Other`.
///
/// ```
/// use altur_client::models::{Call, CallStatus, CallType};
///
/// let call: Call = serde_json::from_str(
///     r#"{"id": "cll_gBoLtd02pUI50QwXkFjB", "type": "outbound", "status": "in-progress",
///         "created_at": "2023-11-07T05:31:56Z", "duration": 42, "billed_duration": 60}"#,
/// )?;
/// assert_eq!(call.kind, Some(CallType::Outbound));
/// assert_eq!(call.status, Some(CallStatus::InProgress));
/// assert_eq!(call.billable_duration, Some(60));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct Call {
    /// Unique identifier of the call, such as `cll_gBoLtd02pUI50QwXkFjB`.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The thread of the conversation the call belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<Thread>,
    /// Inbound or outbound: the `type` key.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<CallType>,
    /// Where the call is in its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus>,
    /// Who answered the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<AnsweredBy>,
    /// When the call was created.
    #[serde(
        default,
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// When the call was answered.
    #[serde(
        default,
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub started_at: Option<Timestamp>,
    /// When the call ended.
    #[serde(
        default,
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub ended_at: Option<Timestamp>,
    /// How long the call lasted, in seconds.
    #[serde(
        default,
        deserialize_with = "optional_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<u64>,
    /// The billed time in seconds; read from `billable_duration` or `billed_duration`.
    #[serde(
        default,
        alias = "billed_duration",
        deserialize_with = "optional_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub billable_duration: Option<u64>,
    /// The number that called, in E.164. Sent in webhooks and campaign calls; not in the
    /// documented Call schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_from: Option<String>,
    /// The number that was called, in E.164. Sent in webhooks and campaign calls; not in the
    /// documented Call schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_to: Option<String>,
    /// Where to download the recording: absolute in webhooks, relative to the host in campaign
    /// calls. Give it to [`Client::download_recording_url`](crate::Client::download_recording_url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
}

impl Call {
    /// A call with only its id set, for tests and the [mock server](crate::mock).
    ///
    /// ```
    /// use altur_client::models::{Call, CallStatus};
    ///
    /// let mut call = Call::new("cll_123");
    /// call.status = Some(CallStatus::Ended);
    /// call.duration = Some(95);
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Call {
            id: id.into(),
            thread: None,
            kind: None,
            status: None,
            answered_by: None,
            created_at: None,
            started_at: None,
            ended_at: None,
            duration: None,
            billable_duration: None,
            phone_number_from: None,
            phone_number_to: None,
            recording_url: None,
        }
    }
}

string_enum! {
    /// The direction of a [`Call`].
    pub enum CallType {
        /// `inbound`
        Inbound = "inbound",
        /// `outbound`
        Outbound = "outbound",
    }
}

string_enum! {
    /// Where a [`Call`] is in its life. `in_progress` and `no_answer` are read as the documented
    /// `in-progress` and `no-answer`.
    ///
    /// ```
    /// use altur_client::models::CallStatus;
    ///
    /// assert_eq!(CallStatus::from("no-answer"), CallStatus::NoAnswer);
    /// assert_eq!(CallStatus::from("voicemail"), CallStatus::Other("voicemail".to_owned()));
    /// ```
    pub enum CallStatus {
        /// `created`
        Created = "created",
        /// `queued`
        Queued = "queued",
        /// `ringing`
        Ringing = "ringing",
        /// `in-progress`
        InProgress = "in-progress" | "in_progress",
        /// `forwarding`
        Forwarding = "forwarding",
        /// `ended`
        Ended = "ended",
        /// `busy`
        Busy = "busy",
        /// `no-answer`
        NoAnswer = "no-answer" | "no_answer",
        /// `failed`
        Failed = "failed",
    }
}

string_enum! {
    /// Who answered a [`Call`].
    pub enum AnsweredBy {
        /// `human`
        Human = "human",
        /// `machine`: an answering machine or voicemail.
        Machine = "machine",
        /// `unknown`
        Unknown = "unknown",
    }
}

/// The context of a new call's EndUser: free text or a JSON object (the API's
/// `oneOf: [string, object]`).
///
/// ```
/// use altur_client::models::EndUserContext;
///
/// let text = EndUserContext::from("Owes $120 since March");
/// assert_eq!(serde_json::to_string(&text)?, r#""Owes $120 since March""#);
///
/// let object = EndUserContext::try_from(serde_json::json!({"balance": 120, "plan": "pro"}))?;
/// assert_eq!(serde_json::to_string(&object)?, r#"{"balance":120,"plan":"pro"}"#);
///
/// assert!(EndUserContext::try_from(serde_json::json!(42)).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EndUserContext {
    /// Free text.
    Text(String),
    /// A JSON object.
    Object(Map<String, Value>),
}

impl From<&str> for EndUserContext {
    fn from(text: &str) -> Self {
        EndUserContext::Text(text.to_owned())
    }
}

impl From<String> for EndUserContext {
    fn from(text: String) -> Self {
        EndUserContext::Text(text)
    }
}

impl From<Map<String, Value>> for EndUserContext {
    fn from(object: Map<String, Value>) -> Self {
        EndUserContext::Object(object)
    }
}

impl TryFrom<Value> for EndUserContext {
    type Error = serde_json::Error;

    /// A JSON string or object; any other value is an error.
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value {
            Value::String(text) => Ok(EndUserContext::Text(text)),
            Value::Object(object) => Ok(EndUserContext::Object(object)),
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"a string or an object",
            )),
        }
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(value) => de::Unexpected::Bool(*value),
        Value::Number(_) => de::Unexpected::Other("a number"),
        Value::Array(_) => de::Unexpected::Seq,
        Value::String(text) => de::Unexpected::Str(text),
        Value::Object(_) => de::Unexpected::Map,
    }
}

/// The body of [`CallsApi::start_call`](crate::CallsApi::start_call).
///
/// `agent_id` and `phone_number_to` (E.164, such as `+14155550100`) are required; the other
/// fields are sent only when set. Decoding also accepts the agent's former name `chatbot_id`;
/// `agent_id` wins when a body has both.
///
/// ```
/// use altur_client::models::NewCall;
/// use uuid::Uuid;
///
/// let agent_id = Uuid::from_u128(1);
/// let call = NewCall::new(agent_id, "+14155550100")
///     .with_end_user_display_name("Ada Lovelace")
///     .with_end_user_context("Asked for a callback about her invoice")
///     .with_initial_message("Hi Ada, this is Altur calling about your invoice.");
/// assert_eq!(
///     serde_json::to_value(&call)?,
///     serde_json::json!({
///         "agent_id": agent_id,
///         "phone_number_to": "+14155550100",
///         "end_user_display_name": "Ada Lovelace",
///         "end_user_context": "Asked for a callback about her invoice",
///         "initial_message": "Hi Ada, this is Altur calling about your invoice.",
///     }),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, DeserializeWithAliases)]
pub struct NewCall {
    /// The agent that makes the call (formerly chatbot or assistant).
    #[serde(alias = "chatbot_id")]
    pub agent_id: Uuid,
    /// The number to call, in E.164 (`+` and up to 15 digits).
    pub phone_number_to: String,
    /// The display name of the EndUser being called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_user_display_name: Option<String>,
    /// What the agent should know about the EndUser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_user_context: Option<EndUserContext>,
    /// What the agent says when the call is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_message: Option<String>,
}

impl NewCall {
    /// A call from `agent_id` to `phone_number_to`, with no optional field set.
    pub fn new(agent_id: Uuid, phone_number_to: impl Into<String>) -> Self {
        NewCall {
            agent_id,
            phone_number_to: phone_number_to.into(),
            end_user_display_name: None,
            end_user_context: None,
            initial_message: None,
        }
    }

    /// Sets [`end_user_display_name`](Self::end_user_display_name).
    #[must_use]
    pub fn with_end_user_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.end_user_display_name = Some(display_name.into());
        self
    }

    /// Sets [`end_user_context`](Self::end_user_context), from text or a JSON object.
    #[must_use]
    pub fn with_end_user_context(mut self, context: impl Into<EndUserContext>) -> Self {
        self.end_user_context = Some(context.into());
        self
    }

    /// Sets [`initial_message`](Self::initial_message).
    #[must_use]
    pub fn with_initial_message(mut self, message: impl Into<String>) -> Self {
        self.initial_message = Some(message.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn documented() -> Value {
        json!({
            "id": "cll_gBoLtd02pUI50QwXkFjB",
            "thread": {"id": "thr_8Yv2kQ1mZx", "tags": [], "assigned_to": []},
            "type": "outbound",
            "status": "ended",
            "answered_by": "human",
            "created_at": "2023-11-07T05:31:56+00:00",
            "started_at": "2023-11-07T05:32:01+00:00",
            "ended_at": "2023-11-07T05:35:03+00:00",
            "duration": 182,
            "billable_duration": 240,
        })
    }

    #[test]
    fn documented_example_round_trips() {
        let call: Call = serde_json::from_value(documented()).unwrap();
        assert_eq!(call.id, "cll_gBoLtd02pUI50QwXkFjB");
        assert_eq!(call.thread.as_ref().unwrap().id, "thr_8Yv2kQ1mZx");
        assert_eq!(call.kind, Some(CallType::Outbound));
        assert_eq!(call.status, Some(CallStatus::Ended));
        assert_eq!(call.answered_by, Some(AnsweredBy::Human));
        assert_eq!(call.duration, Some(182));
        assert_eq!(call.billable_duration, Some(240));
        assert_eq!(serde_json::to_value(&call).unwrap(), documented());
    }

    #[test]
    fn billed_duration_is_read_as_billable_duration() {
        let mut payload = documented();
        let object = payload.as_object_mut().unwrap();
        object.remove("billable_duration");
        object.insert("billed_duration".into(), json!(240));
        let call: Call = serde_json::from_value(payload).unwrap();
        assert_eq!(call.billable_duration, Some(240));
        assert_eq!(serde_json::to_value(&call).unwrap(), documented());

        let both: Call = serde_json::from_value(
            json!({"id": "c", "billable_duration": 1, "billed_duration": 2}),
        )
        .unwrap();
        assert_eq!(both.billable_duration, Some(1));
    }

    #[test]
    fn webhook_shaped_call() {
        let call: Call = serde_json::from_value(json!({
            "id": "cll_1",
            "type": "inbound",
            "status": "no-answer",
            "answered_by": "voicemail-detector",
            "phone_number_from": "+14155550100",
            "phone_number_to": "+525512345678",
            "started_at": null,
            "ended_at": "",
            "duration": 0,
            "billed_duration": "00:46",
            "recording_url": "https://api.altur.io/api/v1.0/call/cll_1/recording",
            "transcript": [{"sent_by": "assistant", "content": "Hola"}],
        }))
        .unwrap();
        assert_eq!(call.kind, Some(CallType::Inbound));
        assert_eq!(call.status, Some(CallStatus::NoAnswer));
        assert_eq!(
            call.answered_by,
            Some(AnsweredBy::Other("voicemail-detector".into()))
        );
        assert_eq!((call.started_at, call.ended_at), (None, None));
        assert_eq!(call.billable_duration, Some(46));
        assert_eq!(call.phone_number_to.as_deref(), Some("+525512345678"));
        assert!(
            call.recording_url
                .unwrap()
                .ends_with("/call/cll_1/recording")
        );
    }

    #[test]
    fn every_documented_enum_value() {
        let statuses = [
            ("created", CallStatus::Created),
            ("queued", CallStatus::Queued),
            ("ringing", CallStatus::Ringing),
            ("in-progress", CallStatus::InProgress),
            ("forwarding", CallStatus::Forwarding),
            ("ended", CallStatus::Ended),
            ("busy", CallStatus::Busy),
            ("no-answer", CallStatus::NoAnswer),
            ("failed", CallStatus::Failed),
        ];
        for (wire, status) in statuses {
            assert_eq!(
                serde_json::from_value::<CallStatus>(json!(wire)).unwrap(),
                status
            );
            assert_eq!(serde_json::to_value(&status).unwrap(), json!(wire));
        }
        assert_eq!(CallStatus::from("in_progress"), CallStatus::InProgress);
        assert_eq!(CallStatus::InProgress.to_string(), "in-progress");
        for (wire, kind) in [
            ("inbound", CallType::Inbound),
            ("outbound", CallType::Outbound),
        ] {
            assert_eq!(CallType::from(wire), kind);
            assert_eq!(kind.as_str(), wire);
        }
        for (wire, by) in [
            ("human", AnsweredBy::Human),
            ("machine", AnsweredBy::Machine),
            ("unknown", AnsweredBy::Unknown),
        ] {
            assert_eq!(AnsweredBy::from(wire), by);
            assert_eq!(by.as_str(), wire);
        }
    }

    #[test]
    fn durations_in_every_shape() {
        for (value, seconds) in [
            (json!(null), None),
            (json!(""), None),
            (json!(270), Some(270)),
            (json!(12.6), Some(13)),
            (json!("270"), Some(270)),
            (json!("00:46"), Some(46)),
            (json!("4:30"), Some(270)),
            (json!("1:02:03"), Some(3723)),
        ] {
            let call: Call = serde_json::from_value(json!({"id": "c", "duration": value})).unwrap();
            assert_eq!(call.duration, seconds, "{value}");
        }
        for value in [
            json!(-1),
            json!(-0.5),
            json!("1:60"),
            json!("a:b"),
            json!("1::2"),
            json!("1:2:3:4"),
            json!(" : "),
            json!(true),
            json!([1]),
        ] {
            assert!(
                serde_json::from_value::<Call>(json!({"id": "c", "duration": value})).is_err(),
                "{value}"
            );
        }
    }

    #[test]
    fn minimal_call() {
        let call: Call = serde_json::from_value(json!({"id": "c"})).unwrap();
        assert_eq!(call, Call::new("c"));
        assert_eq!(serde_json::to_value(&call).unwrap(), json!({"id": "c"}));
        assert!(serde_json::from_value::<Call>(json!({"status": "queued"})).is_err());
    }

    #[test]
    fn new_call_body() {
        let agent = Uuid::from_u128(1);
        let bare = NewCall::new(agent, "+14155550100");
        assert_eq!(
            serde_json::to_value(&bare).unwrap(),
            json!({"agent_id": agent, "phone_number_to": "+14155550100"})
        );
        let mut context = Map::new();
        context.insert("balance".into(), json!(120));
        let full = bare
            .clone()
            .with_end_user_display_name("Ada")
            .with_end_user_context(context)
            .with_initial_message("Hello");
        let value = serde_json::to_value(&full).unwrap();
        assert_eq!(
            value,
            json!({
                "agent_id": agent,
                "phone_number_to": "+14155550100",
                "end_user_display_name": "Ada",
                "end_user_context": {"balance": 120},
                "initial_message": "Hello",
            })
        );
        assert_eq!(serde_json::from_value::<NewCall>(value).unwrap(), full);
        let old: NewCall =
            serde_json::from_value(json!({"chatbot_id": agent, "phone_number_to": "+14155550100"}))
                .unwrap();
        assert_eq!(old, bare);
        assert!(
            serde_json::from_value::<NewCall>(
                json!({"agent_id": agent, "phone_number_to": "+1", "end_user_context": 5})
            )
            .is_err()
        );
    }

    #[test]
    fn end_user_context_conversions() {
        assert!(EndUserContext::try_from(json!(null)).is_err());
        assert!(EndUserContext::try_from(json!([1])).is_err());
        assert_eq!(
            EndUserContext::try_from(json!("x")).unwrap(),
            EndUserContext::from("x")
        );
        assert_eq!(
            EndUserContext::from(String::from("x")),
            EndUserContext::Text("x".into())
        );
    }
}
