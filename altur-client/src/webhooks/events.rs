//! The payloads Altur delivers, decoded into types.

use crate::models::DeserializeWithAliases;
use crate::models::string_enum;
use crate::models::{
    AnsweredBy, CallStatus, CallType, CampaignAnalytics, CampaignStatus, Timestamp,
};
use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

const ON_CALL_END: &str = "on_call_end";
const CAMPAIGN_STATUS_CHANGED: &str = "campaign.status_changed";
const CAMPAIGN_CYCLE_COMPLETED: &str = "campaign.cycle_completed";

/// A webhook delivery, decoded by its event name.
///
/// Get one from [`WebhookVerifier::verify_and_parse`](super::WebhookVerifier::verify_and_parse),
/// which checks the signature first. It also implements [`Deserialize`], for bodies whose
/// signature was checked elsewhere; decoding then never looks at a signature.
///
/// The event name is read from `event_type`. The oldest `on_call_end` form has no `event_type`
/// and names the event in `type` instead (which the newer form uses for the call direction), so
/// a `type` that is not `inbound` or `outbound` is read as the event name when `event_type` is
/// absent. Events this version of the crate does not know become [`Unknown`](Self::Unknown);
/// a known event whose payload does not have the documented shape is an error.
///
/// Serializing writes the newest wire form: `on_call_end` gets an `event_type` key whichever
/// form it came in.
///
/// ```
/// use altur_client::webhooks::WebhookEvent;
///
/// let event: WebhookEvent = serde_json::from_str(
///     r#"{"event_type": "on_call_end", "id": "cll_1", "type": "outbound", "duration": 45}"#,
/// )?;
/// match &event {
///     WebhookEvent::CallEnded(call) => assert_eq!(call.duration, Some(45)),
///     other => panic!("unexpected event {other:?}"),
/// }
/// assert_eq!(event.event_type(), Some("on_call_end"));
///
/// let future: WebhookEvent = serde_json::from_str(r#"{"event_type": "call.started", "id": 1}"#)?;
/// assert!(matches!(future, WebhookEvent::Unknown { .. }));
/// assert_eq!(future.event_type(), Some("call.started"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `on_call_end`: a call finished.
    CallEnded(Box<CallEnded>),
    /// `campaign.status_changed`: a campaign moved to another status.
    CampaignStatusChanged(Box<CampaignStatusChanged>),
    /// `campaign.cycle_completed`: a cycle iteration of a campaign finished.
    CampaignCycleCompleted(Box<CampaignCycleCompleted>),
    /// An event this version of the crate does not know, or a JSON object without an event name.
    Unknown {
        /// The event name, when the payload had one.
        event_type: Option<String>,
        /// The whole payload, as sent.
        payload: Value,
    },
}

impl WebhookEvent {
    /// The event name: `on_call_end`, `campaign.status_changed`, … `None` for an
    /// [`Unknown`](Self::Unknown) payload without one.
    ///
    /// ```
    /// use altur_client::webhooks::WebhookEvent;
    ///
    /// let old: WebhookEvent = serde_json::from_str(r#"{"type": "on_call_end", "id": "cll_1"}"#)?;
    /// assert_eq!(old.event_type(), Some("on_call_end"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn event_type(&self) -> Option<&str> {
        match self {
            WebhookEvent::CallEnded(_) => Some(ON_CALL_END),
            WebhookEvent::CampaignStatusChanged(event) => Some(&event.event_type),
            WebhookEvent::CampaignCycleCompleted(event) => Some(&event.event_type),
            WebhookEvent::Unknown { event_type, .. } => event_type.as_deref(),
        }
    }

    /// The delivery's `event_id` (`evt_…`), which Altur documents as the key for idempotent
    /// processing. `on_call_end` has none: use the call's [`id`](CallEnded::id) instead.
    ///
    /// ```
    /// use altur_client::webhooks::WebhookEvent;
    ///
    /// let event: WebhookEvent = serde_json::from_str(
    ///     r#"{"event_id": "evt_1", "event_type": "campaign.archived", "data": {}}"#,
    /// )?;
    /// assert_eq!(event.event_id(), Some("evt_1"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn event_id(&self) -> Option<&str> {
        match self {
            WebhookEvent::CallEnded(_) => None,
            WebhookEvent::CampaignStatusChanged(event) => Some(&event.event_id),
            WebhookEvent::CampaignCycleCompleted(event) => Some(&event.event_id),
            WebhookEvent::Unknown { payload, .. } => payload.get("event_id")?.as_str(),
        }
    }
}

/// The event name of a payload: `event_type`, or else a `type` that is not a call direction.
fn event_name(map: &Map<String, Value>) -> Option<String> {
    if let Some(Value::String(name)) = map.get("event_type") {
        return Some(name.clone());
    }
    match map.get("type") {
        Some(Value::String(name)) if matches!(CallType::from(&**name), CallType::Other(_)) => {
            Some(name.clone())
        }
        _ => None,
    }
}

impl<'de> Deserialize<'de> for WebhookEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Value::Object(mut map) = Value::deserialize(deserializer)? else {
            return Err(de::Error::custom(
                "expected a webhook payload, a JSON object",
            ));
        };
        let event_type = event_name(&map);
        let invalid = |error: serde_json::Error| {
            de::Error::custom(format_args!(
                "invalid `{}` payload: {error}",
                event_type.as_deref().unwrap_or_default()
            ))
        };
        Ok(match event_type.as_deref() {
            Some(ON_CALL_END) => {
                map.remove("event_type");
                if map.get("type").and_then(Value::as_str) == Some(ON_CALL_END) {
                    map.remove("type");
                }
                WebhookEvent::CallEnded(Box::new(
                    CallEnded::deserialize(Value::Object(map)).map_err(invalid)?,
                ))
            }
            Some(CAMPAIGN_STATUS_CHANGED) => WebhookEvent::CampaignStatusChanged(Box::new(
                CampaignStatusChanged::deserialize(Value::Object(map)).map_err(invalid)?,
            )),
            Some(CAMPAIGN_CYCLE_COMPLETED) => WebhookEvent::CampaignCycleCompleted(Box::new(
                CampaignCycleCompleted::deserialize(Value::Object(map)).map_err(invalid)?,
            )),
            _ => WebhookEvent::Unknown {
                event_type,
                payload: Value::Object(map),
            },
        })
    }
}

impl Serialize for WebhookEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Tagged<'a> {
            event_type: &'static str,
            #[serde(flatten)]
            call: &'a CallEnded,
        }

        match self {
            WebhookEvent::CallEnded(call) => Tagged {
                event_type: ON_CALL_END,
                call,
            }
            .serialize(serializer),
            WebhookEvent::CampaignStatusChanged(event) => event.serialize(serializer),
            WebhookEvent::CampaignCycleCompleted(event) => event.serialize(serializer),
            WebhookEvent::Unknown { payload, .. } => payload.serialize(serializer),
        }
    }
}

/// The `on_call_end` payload: a call finished.
///
/// The newest form sends every field below; the oldest one has no direction, phone numbers,
/// times or durations, so those are optional. Renamed keys decode under both names
/// (`billable_duration`, `agent` and `enduser` into `billed_duration`, `assistant` and
/// `end_user`); when a body has both, the field's own name wins unless it is `null`. Unknown
/// fields are ignored, and enum values the API adds later decode into each enum's `Other`.
///
/// ```
/// use altur_client::webhooks::CallEnded;
/// use altur_client::models::{CallStatus, CallType};
///
/// let call: CallEnded = serde_json::from_str(
///     r#"{"id": "cll_1", "type": "inbound", "status": "ended", "billable_duration": 40}"#,
/// )?;
/// assert_eq!(call.kind, Some(CallType::Inbound));
/// assert_eq!(call.status, Some(CallStatus::Ended));
/// assert_eq!(call.billed_duration, Some(40));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct CallEnded {
    /// The call's id, such as `cll_gBoLtd02pUI50QwXkFjB`. It is the same on every retry of
    /// the delivery, so it doubles as the idempotency key.
    pub id: String,
    /// Inbound or outbound: the `type` key of the newest form. (In the oldest form, `type` is
    /// the event name, and this is `None`.)
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CallType>,
    /// The call's final status, usually `ended`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus>,
    /// The calling number, E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_from: Option<String>,
    /// The called number, E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_to: Option<String>,
    /// Who answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<AnsweredBy>,
    /// When the call was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the call started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    /// When the call ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<Timestamp>,
    /// The call's length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u64>,
    /// The billed length in seconds. The Call schema spells it `billable_duration`, which is
    /// accepted too.
    #[serde(
        default,
        alias = "billable_duration",
        skip_serializing_if = "Option::is_none"
    )]
    pub billed_duration: Option<u64>,
    /// Where to download the recording. Absolute here
    /// (`https://api.altur.io/api/v1.0/call/<id>/recording`), while campaign call lists send a
    /// path relative to the API host, so it is kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
    /// What was said, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transcript: Vec<TranscriptMessage>,
    /// The AI agent that made or took the call (`agent` is accepted as an alias).
    #[serde(default, alias = "agent", skip_serializing_if = "Option::is_none")]
    pub assistant: Option<Assistant>,
    /// The person on the other end (`enduser`, the old spelling, is accepted as an alias).
    #[serde(default, alias = "enduser", skip_serializing_if = "Option::is_none")]
    pub end_user: Option<CallEndUser>,
    /// The campaign contact the call was made for (`f_id`, `name`, `contact`, `context`, …), as
    /// sent: the documentation of this object is incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_user: Option<Map<String, Value>>,
}

/// One message of a call [transcript](CallEnded::transcript).
///
/// ```
/// use altur_client::webhooks::{Speaker, TranscriptMessage};
///
/// let message: TranscriptMessage = serde_json::from_str(
///     r#"{"sent_by": "user", "sent_at": "2024-12-19T15:00:10Z", "content": "Yes, who is this?"}"#,
/// )?;
/// assert_eq!(message.sent_by, Speaker::User);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TranscriptMessage {
    /// Who spoke.
    pub sent_by: Speaker,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    /// What was said.
    #[serde(default)]
    pub content: String,
}

/// The AI agent of a call (called "assistant" in the payload).
///
/// Its id is kept as a string: the documented example (`6cy951e6-…`) is not a valid UUID.
///
/// ```
/// use altur_client::webhooks::Assistant;
///
/// let agent: Assistant = serde_json::from_str(r#"{"id": "6cy951e6", "name": "Diana Arroyo"}"#)?;
/// assert_eq!(agent.name.as_deref(), Some("Diana Arroyo"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assistant {
    /// The agent's id, a UUID in the documentation.
    pub id: String,
    /// The agent's internal nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// The name the agent gives on calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The end user of a call, as `on_call_end` describes them (a different shape from
/// [`EndUser`](crate::EndUser)).
///
/// ```
/// use altur_client::webhooks::CallEndUser;
///
/// let user: CallEndUser = serde_json::from_str(
///     r#"{"id": "2be951e6-7798-47cd-878d-49b2918a3bba", "status": "converted",
///         "extracted_data": {"Payment Amount": "1200"}, "tags": ["payment_promise"]}"#,
/// )?;
/// assert_eq!(user.extracted_data["Payment Amount"], "1200");
/// assert_eq!(user.tags, ["payment_promise"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CallEndUser {
    /// The end user's id, a UUID in the documentation.
    pub id: String,
    /// The end user's status, such as `converted` (the possible values are not documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The end user's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The end user's phone number, E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// What the agent knew about the end user: a string in the example, but the API accepts
    /// objects as context elsewhere, so it is kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// What the agent extracted from the conversation, by the names configured in Altur.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extracted_data: Map<String, Value>,
    /// The names of the tags assigned to the end user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// The envelope of the newer events: delivery metadata around an event-specific `data`.
///
/// ```
/// use altur_client::webhooks::CampaignCycleCompleted;
///
/// let event: CampaignCycleCompleted = serde_json::from_str(
///     r#"{"event_id": "evt_5", "event_type": "campaign.cycle_completed",
///         "occurred_at": "2026-06-08T18:00:00.000000-06:00", "api_version": "1.0",
///         "project_id": "prj_8", "data": {"campaign": {"id": 1234, "status": "cooldown"},
///         "cycle_iteration": 2, "next_cycle_at": null}}"#,
/// )?;
/// assert_eq!(event.event_id, "evt_5");
/// assert_eq!(event.data.cycle_iteration, Some(2));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookEnvelope<D> {
    /// The delivery's id (`evt_…`), to process each event once.
    pub event_id: String,
    /// The event name, such as `campaign.status_changed`.
    pub event_type: String,
    /// When the event happened, in the project's time zone.
    #[serde(default)]
    pub occurred_at: Option<Timestamp>,
    /// The payload schema version, `1.0` so far.
    #[serde(default)]
    pub api_version: Option<String>,
    /// The project that owns the resource (`prj_…`).
    #[serde(default)]
    pub project_id: Option<String>,
    /// The event itself.
    pub data: D,
}

/// `campaign.status_changed`: the envelope with [`CampaignStatusChangedData`].
pub type CampaignStatusChanged = WebhookEnvelope<CampaignStatusChangedData>;

/// `campaign.cycle_completed`: the envelope with [`CampaignCycleCompletedData`].
pub type CampaignCycleCompleted = WebhookEnvelope<CampaignCycleCompletedData>;

/// The `data` of `campaign.status_changed`.
///
/// ```
/// use altur_client::models::CampaignStatus;
/// use altur_client::webhooks::CampaignStatusChangedData;
///
/// let data: CampaignStatusChangedData = serde_json::from_str(
///     r#"{"campaign": {"id": 7, "name": "Q2", "status": "inactive", "previous_status": "active"}}"#,
/// )?;
/// assert_eq!(data.campaign.status, CampaignStatus::Inactive);
/// assert_eq!(data.campaign.previous_status, Some(CampaignStatus::Active));
/// assert!(data.analytics.is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignStatusChangedData {
    /// The campaign, with its new [`status`](CampaignSummary::status) and
    /// [`previous_status`](CampaignSummary::previous_status). (The documentation's prose calls
    /// the new status `new_status`; the payload has no such key.)
    pub campaign: CampaignSummary,
    /// The campaign's results, sent only when the new status is `finished`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<CampaignAnalytics>,
}

/// The `data` of `campaign.cycle_completed`.
///
/// ```
/// use altur_client::webhooks::CampaignCycleCompletedData;
///
/// let data: CampaignCycleCompletedData = serde_json::from_str(
///     r#"{"campaign": {"id": 7, "status": "cooldown", "previous_status": null},
///         "cycle_iteration": 2, "next_cycle_at": "2026-06-09T09:00:00.000000-06:00"}"#,
/// )?;
/// assert_eq!(data.cycle_iteration, Some(2));
/// assert!(data.next_cycle_at.is_some());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignCycleCompletedData {
    /// The campaign; its `previous_status` is `null` for this event.
    pub campaign: CampaignSummary,
    /// The iteration that just completed.
    #[serde(default)]
    pub cycle_iteration: Option<u64>,
    /// When the next iteration is scheduled, `None` when no other one is.
    #[serde(default)]
    pub next_cycle_at: Option<Timestamp>,
}

/// The compact campaign object of the campaign events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignSummary {
    /// The campaign's id.
    pub id: u64,
    /// The campaign's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The campaign's status after the event.
    pub status: CampaignStatus,
    /// The status before the transition; `None` when the event is not a transition.
    #[serde(default)]
    pub previous_status: Option<CampaignStatus>,
}

string_enum! {
    /// Who said a [transcript](CallEnded::transcript) message. (Messages of a thread use
    /// [`SentBy`](crate::models::SentBy), with other values.)
    ///
    /// ```
    /// use altur_client::webhooks::Speaker;
    ///
    /// assert_eq!(Speaker::from("assistant"), Speaker::Assistant);
    /// assert_eq!(Speaker::from("tool"), Speaker::Other("tool".into()));
    /// ```
    pub enum Speaker {
        /// `assistant`: the AI agent.
        Assistant = "assistant",
        /// `user`: the end user.
        User = "user",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<WebhookEvent, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn event_name_prefers_event_type_and_skips_directions() {
        let name = |value: Value| event_name(value.as_object().unwrap());
        assert_eq!(
            name(json!({"event_type": "on_call_end", "type": "outbound"})).as_deref(),
            Some("on_call_end")
        );
        assert_eq!(
            name(json!({"type": "on_call_end"})).as_deref(),
            Some("on_call_end")
        );
        assert_eq!(name(json!({"type": "inbound"})), None);
        assert_eq!(name(json!({"type": 3, "event_type": null})), None);
        assert_eq!(name(json!({})), None);
    }

    #[test]
    fn old_form_event_key_is_not_a_direction() {
        let event = parse(json!({"type": "on_call_end", "id": "cll_1"})).unwrap();
        let WebhookEvent::CallEnded(call) = &event else {
            panic!("{event:?}")
        };
        assert_eq!(call.kind, None);
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({"event_type": "on_call_end", "id": "cll_1"})
        );
    }

    #[test]
    fn known_events_with_a_wrong_shape_are_errors() {
        for value in [
            json!({"event_type": "on_call_end"}),
            json!({"event_type": "on_call_end", "id": "cll_1", "duration": "45s"}),
            json!({"event_type": "campaign.status_changed", "event_id": "evt_1", "data": {}}),
            json!({"event_type": "campaign.cycle_completed", "event_id": "evt_1",
                   "data": {"campaign": {"id": "x", "status": "active"}}}),
        ] {
            let error = parse(value.clone()).unwrap_err();
            assert!(error.to_string().starts_with("invalid `"), "{error}");
        }
        for value in [json!([]), json!("on_call_end"), json!(null), json!(1)] {
            assert!(parse(value).is_err());
        }
    }

    #[test]
    fn unknown_events_keep_the_payload() {
        let payload = json!({"event_type": "call.started", "event_id": "evt_9", "x": [1]});
        let event = parse(payload.clone()).unwrap();
        assert_eq!(
            event,
            WebhookEvent::Unknown {
                event_type: Some("call.started".into()),
                payload: payload.clone()
            }
        );
        assert_eq!(event.event_id(), Some("evt_9"));
        assert_eq!(serde_json::to_value(&event).unwrap(), payload);

        let nameless = parse(json!({"hello": "world"})).unwrap();
        assert_eq!(nameless.event_type(), None);
        assert_eq!(nameless.event_id(), None);
    }
}
