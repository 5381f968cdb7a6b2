use super::common::{
    null_as_default, optional_string_or_number, optional_timestamp, string_or_number,
};
use super::{DeserializeWithAliases, EndUser, IntegrationType, Timestamp};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A conversation between an agent and an EndUser, as returned by
/// [`ThreadsApi::retrieve_thread`](crate::ThreadsApi::retrieve_thread) and inside a
/// [`MessageResponse`](crate::models::MessageResponse) or a [`Call`](crate::models::Call).
///
/// The API documents no `required` list, so every field but `id` may be missing. Older versions
/// of the API call `agent` `chatbot` and `end_user` `enduser` (one Spanish example mixes
/// `chatbot` with `end_user`): every spelling is accepted, and when a body has both, the new one
/// wins unless it is `null` and the old one is not. Serializing always writes the new names.
/// Unknown fields are ignored.
///
/// ```
/// use altur_client::models::Thread;
///
/// let thread: Thread = serde_json::from_str(
///     r#"{
///         "id": "thr_8Yv2",
///         "chatbot": {"id": "0b8e7a0e-8f3c-4c47-9d61-4f9b2a9c1d10", "name": "Sofía"},
///         "end_user": {"id": "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b", "display_name": "Ada"},
///         "updated_at": "2023-11-07T05:31:56Z",
///         "active": true
///     }"#,
/// )?;
/// assert_eq!(thread.agent.and_then(|agent| agent.name).as_deref(), Some("Sofía"));
/// assert_eq!(thread.end_user.map(|user| user.display_name).as_deref(), Some("Ada"));
/// assert_eq!(thread.active, Some(true));
/// assert!(thread.tags.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct Thread {
    /// Unique identifier of the thread (a string or a number on the wire, kept as text).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The agent (formerly chatbot) taking part; read from `agent` or `chatbot`.
    #[serde(default, alias = "chatbot", skip_serializing_if = "Option::is_none")]
    pub agent: Option<Agent>,
    /// The EndUser taking part; read from `end_user` or `enduser`.
    #[serde(default, alias = "enduser", skip_serializing_if = "Option::is_none")]
    pub end_user: Option<EndUser>,
    /// The integration (channel) the thread runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// When the thread last changed.
    #[serde(
        default,
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<Timestamp>,
    /// Whether the agent answers automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Whether the thread is blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<bool>,
    /// Tags put on the thread; empty when the API sends none (or `null`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<Tag>,
    /// The Altur users the thread is assigned to; empty when the API sends none (or `null`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub assigned_to: Vec<AssignedUser>,
}

impl Thread {
    /// A thread with only its id set, for tests and the [mock server](crate::mock).
    pub fn new(id: impl Into<String>) -> Self {
        Thread {
            id: id.into(),
            agent: None,
            end_user: None,
            integration: None,
            updated_at: None,
            active: None,
            blocked: None,
            tags: Vec::new(),
            assigned_to: Vec::new(),
        }
    }
}

/// The agent (formerly chatbot or assistant) of a [`Thread`]: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Agent {
    /// Unique identifier of the agent, the `agent_id` of
    /// [`NewMessage`](crate::models::NewMessage) and [`NewCall`](crate::models::NewCall).
    pub id: Uuid,
    /// The agent's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Agent {
    /// An agent with only its id set.
    pub fn new(id: Uuid) -> Self {
        Agent { id, name: None }
    }
}

/// The integration (channel) of a [`Thread`]: `{id, type}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Integration {
    /// Unique identifier of the integration (a string or a number on the wire, kept as text).
    #[serde(
        default,
        deserialize_with = "optional_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The channel: the `type` key.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<IntegrationType>,
}

impl Integration {
    /// An integration of the given channel, without an id.
    pub fn new(kind: IntegrationType) -> Self {
        Integration {
            id: None,
            kind: Some(kind),
        }
    }
}

/// A tag on a [`Thread`]: `{id, name, color}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tag {
    /// Unique identifier of the tag (a string or a number on the wire, kept as text).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The tag's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The tag's color, such as `blue`. The API's list of colors was not published, so this is
    /// the text as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

impl Tag {
    /// A tag with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Tag {
            id: id.into(),
            name: Some(name.into()),
            color: None,
        }
    }
}

/// An Altur user (a person using the Altur app) a [`Thread`] is assigned to:
/// `{id, email, first_name, last_name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssignedUser {
    /// Unique identifier of the user (a string or a number on the wire, kept as text).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The user's email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The user's last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

impl AssignedUser {
    /// A user with only its id set.
    pub fn new(id: impl Into<String>) -> Self {
        AssignedUser {
            id: id.into(),
            email: None,
            first_name: None,
            last_name: None,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use serde_json::{Value, json};

    const AGENT: &str = "0b8e7a0e-8f3c-4c47-9d61-4f9b2a9c1d10";
    const USER: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";

    /// The `/en` example: every documented field, new names.
    pub(in crate::models) fn documented() -> Value {
        json!({
            "id": "thr_8Yv2kQ1mZx",
            "agent": {"id": AGENT, "name": "Sales agent"},
            "end_user": {
                "id": USER,
                "display_name": "Ada Lovelace",
                "integration_type": "api",
                "info": "prefers mornings",
            },
            "integration": {"id": "int_42", "type": "api"},
            "updated_at": "2023-11-07T05:31:56Z",
            "active": true,
            "blocked": false,
            "tags": [{"id": "tag_1", "name": "vip", "color": "blue"}],
            "assigned_to": [{
                "id": "usr_1",
                "email": "grace@example.com",
                "first_name": "Grace",
                "last_name": "Hopper",
            }],
        })
    }

    #[test]
    fn documented_example_round_trips() {
        let payload = documented();
        let thread: Thread = serde_json::from_value(payload.clone()).unwrap();
        assert_eq!(thread.id, "thr_8Yv2kQ1mZx");
        let agent = thread.agent.clone().unwrap();
        assert_eq!(agent.id, Uuid::parse_str(AGENT).unwrap());
        assert_eq!(agent.name.as_deref(), Some("Sales agent"));
        assert_eq!(
            thread.end_user.as_ref().unwrap().info.as_deref(),
            Some("prefers mornings")
        );
        let integration = thread.integration.clone().unwrap();
        assert_eq!(integration.id.as_deref(), Some("int_42"));
        assert_eq!(integration.kind, Some(IntegrationType::Api));
        assert_eq!(
            thread.updated_at.unwrap().to_string(),
            "2023-11-07T05:31:56+00:00"
        );
        assert_eq!((thread.active, thread.blocked), (Some(true), Some(false)));
        assert_eq!(thread.tags[0].color.as_deref(), Some("blue"));
        assert_eq!(thread.assigned_to[0].last_name.as_deref(), Some("Hopper"));

        let mut expected = payload;
        expected["updated_at"] = json!("2023-11-07T05:31:56+00:00");
        assert_eq!(serde_json::to_value(&thread).unwrap(), expected);
    }

    #[test]
    fn old_names_are_read_and_new_names_written() {
        let mut old = documented();
        let object = old.as_object_mut().unwrap();
        let agent = object.remove("agent").unwrap();
        let user = object.remove("end_user").unwrap();
        object.insert("chatbot".into(), agent);
        object.insert("enduser".into(), user);
        let from_old: Thread = serde_json::from_value(old).unwrap();
        let from_new: Thread = serde_json::from_value(documented()).unwrap();
        assert_eq!(from_old, from_new);
        let written = serde_json::to_value(&from_old).unwrap();
        assert!(written.get("agent").is_some() && written.get("end_user").is_some());
        assert!(written.get("chatbot").is_none() && written.get("enduser").is_none());
    }

    #[test]
    fn mixed_spanish_example() {
        // The Spanish page mixes the old `chatbot` with the new `end_user`, with numeric tag ids.
        let thread: Thread = serde_json::from_value(json!({
            "id": "hilo_123",
            "chatbot": {"id": AGENT, "name": "Asistente de ventas"},
            "end_user": {"id": USER, "display_name": "Juana Pérez", "integration_type": "whatsapp"},
            "integration": {"id": 7, "type": "whatsapp"},
            "updated_at": "2024-05-01T10:00:00-06:00",
            "active": false,
            "blocked": false,
            "tags": [{"id": 12, "name": "cliente nuevo", "color": "verde"}],
            "assigned_to": null,
        }))
        .unwrap();
        assert_eq!(
            thread.agent.unwrap().name.as_deref(),
            Some("Asistente de ventas")
        );
        assert_eq!(
            thread.end_user.unwrap().integration_type,
            Some(IntegrationType::Whatsapp)
        );
        assert_eq!(thread.integration.unwrap().id.as_deref(), Some("7"));
        assert_eq!(
            thread.tags,
            [{
                let mut tag = Tag::new("12", "cliente nuevo");
                tag.color = Some("verde".into());
                tag
            }]
        );
        assert!(thread.assigned_to.is_empty());
    }

    #[test]
    fn both_spellings_prefer_the_new_one() {
        let other = "9d7f0c55-1111-4c47-9d61-4f9b2a9c1d10";
        let thread: Thread = serde_json::from_value(json!({
            "id": "t",
            "agent": {"id": AGENT},
            "chatbot": {"id": other},
            "end_user": null,
            "enduser": {"id": USER, "display_name": "Ada"},
        }))
        .unwrap();
        assert_eq!(thread.agent.unwrap().id, Uuid::parse_str(AGENT).unwrap());
        assert_eq!(thread.end_user.unwrap().display_name, "Ada");
    }

    #[test]
    fn minimal_and_unknown_fields() {
        let thread: Thread = serde_json::from_value(json!({
            "id": "t",
            "updated_at": "",
            "integration": {"type": "telegram", "id": null},
            "channel_metadata": {"x": 1},
        }))
        .unwrap();
        let mut expected = Thread::new("t");
        expected.integration = Some(Integration::new(IntegrationType::Other("telegram".into())));
        assert_eq!(thread, expected);
        assert_eq!(
            serde_json::to_value(&thread).unwrap(),
            json!({"id": "t", "integration": {"type": "telegram"}, "tags": [], "assigned_to": []})
        );
    }

    #[test]
    fn malformed_payloads_fail() {
        for payload in [
            json!({}),
            json!({"id": true}),
            json!({"id": "t", "updated_at": "yesterday"}),
            json!({"id": "t", "agent": {"id": "not-a-uuid"}}),
            json!({"id": "t", "tags": "vip"}),
        ] {
            assert!(
                serde_json::from_value::<Thread>(payload.clone()).is_err(),
                "{payload}"
            );
        }
    }
}
