//! Campaigns: the campaign as the API returns it, the create and update bodies, lifecycle
//! actions, list filters and the two pagination shapes. Contacts are in `campaign_contact.rs` and
//! calls in `campaign_call.rs`.

use super::DeserializeWithAliases;
use super::common::{null_as_default, optional_timestamp};
use super::{Agent, ContactStatus, Integration, Timestamp, string_enum};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use uuid::Uuid;

string_enum! {
    /// The status of a [`Campaign`]. Values the API adds later decode into
    /// [`Other`](CampaignStatus::Other).
    ///
    /// Archiving is not a status: an archived campaign keeps its status and has
    /// [`Campaign::archived`] set.
    ///
    /// ```
    /// use altur_client::models::CampaignStatus;
    ///
    /// let status: CampaignStatus = serde_json::from_str(r#""cooldown""#)?;
    /// assert_eq!(status, CampaignStatus::Cooldown);
    /// assert_eq!(CampaignStatus::Active.to_string(), "active");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum CampaignStatus {
        /// `pending`: created and not started yet.
        Pending = "pending",
        /// `ready`: can be activated.
        Ready = "ready",
        /// `active`: contacting its contacts.
        Active = "active",
        /// `inactive`: paused.
        Inactive = "inactive",
        /// `cooldown`: waiting between two cycles.
        Cooldown = "cooldown",
        /// `finished`: done; it can no longer be updated.
        Finished = "finished",
    }
}

string_enum! {
    /// The channel of a campaign's integration: `integration_type` in the create body and
    /// `integration` in the list filters.
    ///
    /// ```
    /// use altur_client::models::CampaignIntegrationType;
    ///
    /// assert_eq!(CampaignIntegrationType::PhoneCall.as_str(), "phone_call");
    /// ```
    pub enum CampaignIntegrationType {
        /// `phone_call`
        PhoneCall = "phone_call",
        /// `whatsapp`
        Whatsapp = "whatsapp",
    }
}

string_enum! {
    /// How a campaign with cycles starts its next cycle ([`CampaignCycles::mode`]).
    pub enum CycleMode {
        /// `cooldown`: a set time after the previous cycle ends.
        Cooldown = "cooldown",
        /// `scheduled`: on the cycle schedule.
        Scheduled = "scheduled",
    }
}

/// A lifecycle action, the last segment of `POST /campaigns/{id}/{action}`; its
/// [`Display`](fmt::Display) is the wire value.
///
/// | action | allowed from | effect |
/// |---|---|---|
/// | `activate` | `pending`, `ready`, `cooldown` | status becomes `active` |
/// | `pause` | `active`, `cooldown` (no-op success when `inactive`) | status becomes `inactive` |
/// | `resume` | `inactive` (no-op success when `active`) | status becomes `active` |
/// | `archive` | any | `archived` becomes `true` |
///
/// Any other source status is a `409 INVALID_STATUS_TRANSITION`, whose body names the
/// `current_status` and the `valid_targets`; read them from
/// [`ApiError::details`](crate::ApiError::details):
///
/// ```no_run
/// use altur_client::{CampaignsApi, Client};
/// use altur_client::models::CampaignAction;
///
/// # async fn run(client: Client) -> altur_client::Result<()> {
/// match client.campaign_action(42, CampaignAction::Activate).await {
///     Ok(response) => println!("now {:?}", response.campaign.status),
///     Err(error) if error.status() == Some(409) => {
///         let details = error.api_error().map(|body| &body.details);
///         println!(
///             "cannot activate from {:?}; valid targets: {:?}",
///             details.and_then(|d| d.get("current_status")),
///             details.and_then(|d| d.get("valid_targets")),
///         );
///     }
///     Err(error) => return Err(error),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CampaignAction {
    /// `activate`: start contacting.
    Activate,
    /// `pause`: stop contacting for now.
    Pause,
    /// `resume`: continue after a pause.
    Resume,
    /// `archive`: hide the campaign from the default views.
    Archive,
}

impl CampaignAction {
    /// Every action, in the order of the documentation's table.
    pub const ALL: [CampaignAction; 4] = [
        CampaignAction::Activate,
        CampaignAction::Pause,
        CampaignAction::Resume,
        CampaignAction::Archive,
    ];

    /// The path segment: `activate`, `pause`, `resume` or `archive`.
    ///
    /// ```
    /// use altur_client::models::CampaignAction;
    ///
    /// assert_eq!(CampaignAction::Resume.as_str(), "resume");
    /// assert_eq!(CampaignAction::Archive.to_string(), "archive");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignAction::Activate => "activate",
            CampaignAction::Pause => "pause",
            CampaignAction::Resume => "resume",
            CampaignAction::Archive => "archive",
        }
    }

    /// The action with this wire value, if there is one.
    ///
    /// ```
    /// use altur_client::models::CampaignAction;
    ///
    /// assert_eq!(CampaignAction::from_wire("pause"), Some(CampaignAction::Pause));
    /// assert_eq!(CampaignAction::from_wire("stop"), None);
    /// ```
    pub fn from_wire(value: &str) -> Option<CampaignAction> {
        CampaignAction::ALL
            .into_iter()
            .find(|action| action.as_str() == value)
    }
}

impl fmt::Display for CampaignAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The hours of one day in a [`Scheduling`]: `{"startTime": "09:00", "stopTime": "18:00",
/// "active": true}`. The oldest documentation calls `stopTime` `endTime`; both decode (when a
/// body has both, `stopTime` wins unless it is `null`), and `stopTime` is sent.
///
/// ```
/// use altur_client::models::DaySchedule;
///
/// let old: DaySchedule =
///     serde_json::from_str(r#"{"startTime": "09:00", "endTime": "13:00", "active": true}"#)?;
/// assert_eq!(old, DaySchedule::active("09:00", "13:00"));
/// assert_eq!(
///     serde_json::to_value(&old)?,
///     serde_json::json!({"startTime": "09:00", "stopTime": "13:00", "active": true}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, DeserializeWithAliases)]
pub struct DaySchedule {
    /// When contacting starts, such as `09:00`, in the campaign's timezone.
    #[serde(rename = "startTime", default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// When contacting stops, such as `18:00`. Sent as `stopTime`; `endTime` is accepted.
    #[serde(
        rename = "stopTime",
        alias = "endTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub stop_time: Option<String>,
    /// Whether the campaign contacts anyone on this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl DaySchedule {
    /// An active day from `start` to `stop` (`HH:MM`).
    pub fn active(start: impl Into<String>, stop: impl Into<String>) -> Self {
        DaySchedule {
            start_time: Some(start.into()),
            stop_time: Some(stop.into()),
            active: Some(true),
        }
    }

    /// A day without contacting: `{"active": false}`.
    pub fn inactive() -> Self {
        DaySchedule {
            active: Some(false),
            ..DaySchedule::default()
        }
    }
}

/// When a campaign contacts people, per day of the week (keys `mon` to `sun`). Days left `None`
/// are not sent.
///
/// ```
/// use altur_client::models::{DaySchedule, Scheduling};
///
/// let hours = Scheduling::weekdays("09:00", "18:00");
/// assert_eq!(hours.mon, Some(DaySchedule::active("09:00", "18:00")));
/// assert_eq!(hours.sun, Some(DaySchedule::inactive()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheduling {
    /// Monday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mon: Option<DaySchedule>,
    /// Tuesday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tue: Option<DaySchedule>,
    /// Wednesday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wed: Option<DaySchedule>,
    /// Thursday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thu: Option<DaySchedule>,
    /// Friday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fri: Option<DaySchedule>,
    /// Saturday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sat: Option<DaySchedule>,
    /// Sunday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sun: Option<DaySchedule>,
}

impl Scheduling {
    /// Monday to Friday from `start` to `stop`; Saturday and Sunday inactive.
    pub fn weekdays(start: impl Into<String>, stop: impl Into<String>) -> Self {
        let day = DaySchedule::active(start, stop);
        Scheduling {
            mon: Some(day.clone()),
            tue: Some(day.clone()),
            wed: Some(day.clone()),
            thu: Some(day.clone()),
            fri: Some(day),
            sat: Some(DaySchedule::inactive()),
            sun: Some(DaySchedule::inactive()),
        }
    }
}

/// Repeating a phone-call campaign over its contacts in cycles: the `cycles` object of the create
/// body and of the campaign detail.
///
/// `enabled` and `mode` can be set only when creating the campaign (an update cannot carry them,
/// see [`CampaignCyclesUpdate`]). In `cooldown` mode the `schedule*` fields are rejected.
///
/// ```
/// use altur_client::models::{CampaignCycles, ContactStatus, CycleMode};
///
/// let cycles = CampaignCycles {
///     enabled: Some(true),
///     mode: Some(CycleMode::Cooldown),
///     max_iterations: Some(3),
///     cooldown_minutes: Some(120),
///     filter_statuses: Some(vec![ContactStatus::NoAnswer, ContactStatus::Busy]),
///     ..CampaignCycles::default()
/// };
/// assert_eq!(
///     serde_json::to_value(&cycles)?,
///     serde_json::json!({"enabled": true, "mode": "cooldown", "max_iterations": 3,
///                        "cooldown_minutes": 120, "filter_statuses": ["no-answer", "busy"]}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignCycles {
    /// Whether the campaign runs in cycles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// How the next cycle starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<CycleMode>,
    /// How many cycles to run at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_iterations: Option<u32>,
    /// Minutes between two cycles, in `cooldown` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown_minutes: Option<u32>,
    /// Only contacts in these statuses are contacted again in the next cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_statuses: Option<Vec<ContactStatus>>,
    /// Only contacts with these tags are contacted again in the next cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_tags: Option<Vec<String>>,
    /// The cycle schedule, in `scheduled` mode. Its shape is not documented, so it is kept as
    /// JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Value>,
    /// The first day of the cycle schedule, in `scheduled` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_start_date: Option<String>,
    /// The last day of the cycle schedule, in `scheduled` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_end_date: Option<String>,
}

/// The cycle fields an update may change: every field of [`CampaignCycles`] but the immutable
/// `enabled` and `mode`. Updating them on a campaign without cycles is a `400
/// CYCLES_NOT_ENABLED`; the `schedule*` fields outside `scheduled` mode are a `400
/// SCHEDULED_MODE_ONLY`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignCyclesUpdate {
    /// How many cycles to run at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_iterations: Option<u32>,
    /// Minutes between two cycles, in `cooldown` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown_minutes: Option<u32>,
    /// Only contacts in these statuses are contacted again in the next cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_statuses: Option<Vec<ContactStatus>>,
    /// Only contacts with these tags are contacted again in the next cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_tags: Option<Vec<String>>,
    /// The cycle schedule, in `scheduled` mode (shape not documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Value>,
    /// The first day of the cycle schedule, in `scheduled` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_start_date: Option<String>,
    /// The last day of the cycle schedule, in `scheduled` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_end_date: Option<String>,
}

/// The body of [`CampaignsApi::create_campaign`](crate::CampaignsApi::create_campaign).
///
/// Unset optional fields are not sent. Fields of the other channel are refused with `400
/// INVALID_REQUEST`: `first_message` and `cycles` are for `phone_call` campaigns only, `template`
/// and `template_alt` for `whatsapp` ones.
///
/// ```
/// use altur_client::models::{CampaignIntegrationType, NewCampaign, Scheduling};
///
/// let mut campaign = NewCampaign::new(
///     "October renewals",
///     uuid::Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b),
///     "int_123",
///     CampaignIntegrationType::PhoneCall,
/// );
/// campaign.first_message = Some("Hi, this is Altur calling about your renewal.".into());
/// campaign.scheduling = Some(Scheduling::weekdays("09:00", "18:00"));
/// campaign.retries = Some(2);
///
/// let body = serde_json::to_value(&campaign)?;
/// assert_eq!(body["integration_type"], "phone_call");
/// assert_eq!(body["scheduling"]["mon"]["stopTime"], "18:00");
/// assert!(body.get("template").is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCampaign {
    /// The campaign's name, at most 255 characters.
    pub name: String,
    /// The id of the agent that will own the campaign.
    pub agent_id: Uuid,
    /// The `public_id` of the integration to use; it must belong to the agent.
    pub integration_id: String,
    /// The integration's channel.
    pub integration_type: CampaignIntegrationType,
    /// A free-form description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An IANA timezone for the scheduling; the API defaults to `America/Mexico_City`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// How often an unsuccessful contact is retried, 0 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// A message limit, 1 to 10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_limit: Option<u32>,
    /// What the agent says first (`phone_call` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// The message template (`whatsapp` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The alternative message template (`whatsapp` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_alt: Option<String>,
    /// When the campaign contacts people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling: Option<Scheduling>,
    /// Repeating the campaign in cycles (`phone_call` only; settable only at creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles: Option<CampaignCycles>,
}

impl NewCampaign {
    /// A campaign with the fields every campaign needs, and nothing else set.
    pub fn new(
        name: impl Into<String>,
        agent_id: Uuid,
        integration_id: impl Into<String>,
        integration_type: CampaignIntegrationType,
    ) -> Self {
        NewCampaign {
            name: name.into(),
            agent_id,
            integration_id: integration_id.into(),
            integration_type,
            description: None,
            timezone: None,
            retries: None,
            message_limit: None,
            first_message: None,
            template: None,
            template_alt: None,
            scheduling: None,
            cycles: None,
        }
    }
}

/// The body of [`CampaignsApi::update_campaign`](crate::CampaignsApi::update_campaign): only the
/// fields that are set are sent, and only the mutable ones exist. (`agent_id`,
/// `integration_id`, `integration_type`, `cycles.enabled` and `cycles.mode` are immutable: the API
/// answers `400 IMMUTABLE_FIELD` naming the field in the error's `field` key.) Any update of a
/// finished campaign is a `409 CAMPAIGN_FINISHED`.
///
/// ```
/// use altur_client::models::CampaignUpdate;
///
/// let update = CampaignUpdate {
///     name: Some("October renewals (2nd wave)".into()),
///     retries: Some(3),
///     ..CampaignUpdate::default()
/// };
/// assert_eq!(
///     serde_json::to_value(&update)?,
///     serde_json::json!({"name": "October renewals (2nd wave)", "retries": 3}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignUpdate {
    /// The campaign's name, at most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A free-form description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An IANA timezone for the scheduling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// How often an unsuccessful contact is retried, 0 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// A message limit, 1 to 10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_limit: Option<u32>,
    /// What the agent says first (`phone_call` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// The message template (`whatsapp` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The alternative message template (`whatsapp` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_alt: Option<String>,
    /// When the campaign contacts people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling: Option<Scheduling>,
    /// The mutable cycle settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles: Option<CampaignCyclesUpdate>,
}

/// A campaign's results (`analytics` on the campaign detail, and in the
/// `campaign.status_changed` webhook once the campaign is finished). The keys are camelCase.
/// Counts and rates the documentation does not list (such as the WhatsApp message counts) are
/// kept in [`other`](Self::other).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CampaignAnalytics {
    /// Calls made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<u64>,
    /// Calls a person answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_answered_by_human: Option<u64>,
    /// Calls a machine answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_answered_by_machine: Option<u64>,
    /// Calls answered by something that could not be told apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_answered_by_unknown: Option<u64>,
    /// Share of calls a person answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_answered_by_human_rate: Option<f64>,
    /// Share of calls a machine answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_answered_by_machine_rate: Option<f64>,
    /// Share of calls answered by an unknown party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_answered_by_unknown_rate: Option<f64>,
    /// Contacts in the campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<u64>,
    /// Contacts processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_processed: Option<u64>,
    /// Share of contacts processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_processed_rate: Option<f64>,
    /// Contacts that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_failed: Option<u64>,
    /// Share of contacts that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_failed_rate: Option<f64>,
    /// Contacts that reached voicemail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_voicemail: Option<u64>,
    /// Share of contacts that reached voicemail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_voicemail_rate: Option<f64>,
    /// Contacts that answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_answered: Option<u64>,
    /// Share of contacts that answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_answered_rate: Option<f64>,
    /// Contacts that converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_converted: Option<u64>,
    /// Share of contacts that converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_converted_rate: Option<f64>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A campaign, as the list (`GET /campaigns`), the detail (`GET /campaigns/{id}`), the lifecycle
/// actions and the create and update calls return it.
///
/// Only `id` and `name` are required; every other field is optional because the list item and
/// the detail carry different subsets (the list has flat `cycle_*` fields, the detail a
/// [`cycles`](Self::cycles) object and an [`integration`](Self::integration)) and the documented
/// examples were cut off. Renamed keys of older documentation versions decode into the current
/// field: `concurrency` into `concurrency_limit`, `cycle_cooldown` into `cycle_cooldown_minutes`,
/// `cycle_status_filters` and `cycle_tag_filters` into `cycle_filter_statuses` and
/// `cycle_filter_tags`, `last_iteration_at` into `cycle_last_iteration_at`, and `endTime` into
/// [`DaySchedule::stop_time`]. When a body has both names of a field, the current one wins
/// unless it is `null` and the old one is not. Serializing writes the current names.
///
/// ```
/// use altur_client::models::{Campaign, CampaignStatus};
///
/// let campaign: Campaign = serde_json::from_str(
///     r#"{"id": 42, "name": "Renewals", "status": "active", "concurrency": 5,
///         "created_at": "2025-09-29T15:04:05Z"}"#,
/// )?;
/// assert_eq!(campaign.status, Some(CampaignStatus::Active));
/// assert_eq!(campaign.concurrency_limit, Some(5));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct Campaign {
    /// The campaign's id.
    pub id: u64,
    /// The campaign's name.
    pub name: String,
    /// A free-form description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the campaign is in its lifecycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CampaignStatus>,
    /// Whether the campaign was archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// When the campaign was created.
    #[serde(
        default,
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// The agent that owns the campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<Agent>,
    /// The integration the campaign sends through (on the detail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// The integration's channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_type: Option<CampaignIntegrationType>,
    /// When the campaign contacts people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling: Option<Scheduling>,
    /// The IANA timezone of the scheduling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// How often an unsuccessful contact is retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// The message limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_limit: Option<u32>,
    /// How many contacts are called at once (`concurrency` in the Spanish documentation).
    #[serde(
        default,
        alias = "concurrency",
        skip_serializing_if = "Option::is_none"
    )]
    pub concurrency_limit: Option<u32>,
    /// The message template (`whatsapp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The alternative message template (`whatsapp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_alt: Option<String>,
    /// What the agent says first (`phone_call`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// Whether the campaign runs in cycles (list item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_enabled: Option<bool>,
    /// How many cycles run at most (list item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_max_iterations: Option<u32>,
    /// Minutes between two cycles (list item; `cycle_cooldown` in the oldest documentation).
    #[serde(
        default,
        alias = "cycle_cooldown",
        skip_serializing_if = "Option::is_none"
    )]
    pub cycle_cooldown_minutes: Option<u32>,
    /// Statuses re-contacted by the next cycle (list item; `cycle_status_filters` in the oldest
    /// documentation).
    #[serde(
        default,
        alias = "cycle_status_filters",
        skip_serializing_if = "Option::is_none"
    )]
    pub cycle_filter_statuses: Option<Vec<ContactStatus>>,
    /// Tags re-contacted by the next cycle (list item; `cycle_tag_filters` in the oldest
    /// documentation).
    #[serde(
        default,
        alias = "cycle_tag_filters",
        skip_serializing_if = "Option::is_none"
    )]
    pub cycle_filter_tags: Option<Vec<String>>,
    /// The cycle running now, counting from 1 (list item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_current_iteration: Option<u32>,
    /// When the last cycle started (list item; `last_iteration_at` in the oldest documentation).
    #[serde(
        default,
        alias = "last_iteration_at",
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub cycle_last_iteration_at: Option<Timestamp>,
    /// The cycle settings (detail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles: Option<CampaignCycles>,
    /// The campaign's results so far (detail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<CampaignAnalytics>,
}

impl Campaign {
    /// A campaign with only its id and name, for test doubles and the [mock](crate::mock).
    pub fn new(id: u64, name: impl Into<String>) -> Self {
        Campaign {
            id,
            name: name.into(),
            description: None,
            status: None,
            archived: None,
            created_at: None,
            agent: None,
            integration: None,
            integration_type: None,
            scheduling: None,
            timezone: None,
            retries: None,
            message_limit: None,
            concurrency_limit: None,
            template: None,
            template_alt: None,
            first_message: None,
            cycle_enabled: None,
            cycle_max_iterations: None,
            cycle_cooldown_minutes: None,
            cycle_filter_statuses: None,
            cycle_filter_tags: None,
            cycle_current_iteration: None,
            cycle_last_iteration_at: None,
            cycles: None,
            analytics: None,
        }
    }
}

/// `{"success": true, "campaign": {..}}`: what retrieving, creating, updating and the lifecycle
/// actions return.
///
/// The create and update responses are not documented; a body that is a bare campaign (no
/// `campaign` key) decodes too, with `success` set to `true`. A missing `success` is `true`.
///
/// ```
/// use altur_client::models::CampaignResponse;
///
/// let wrapped: CampaignResponse =
///     serde_json::from_str(r#"{"success": true, "campaign": {"id": 7, "name": "A"}}"#)?;
/// let bare: CampaignResponse = serde_json::from_str(r#"{"id": 7, "name": "A"}"#)?;
/// assert_eq!(wrapped, bare);
/// assert_eq!(bare.campaign.id, 7);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CampaignResponse {
    /// Whether the call succeeded (errors come as [`Error::Api`](crate::Error::Api) instead).
    pub success: bool,
    /// The campaign, after the call.
    pub campaign: Campaign,
}

impl CampaignResponse {
    /// A successful response with this campaign, for test doubles.
    pub fn new(campaign: Campaign) -> Self {
        CampaignResponse {
            success: true,
            campaign,
        }
    }
}

impl<'de> Deserialize<'de> for CampaignResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (success, campaign) = envelope_or_bare(deserializer, "campaign")?;
        Ok(CampaignResponse { success, campaign })
    }
}

/// Decodes `{"success": .., "<key>": T}`, or a bare `T` (then `success` is `true`).
pub(super) fn envelope_or_bare<'de, D, T>(deserializer: D, key: &str) -> Result<(bool, T), D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let mut map = Map::<String, Value>::deserialize(deserializer)?;
    match map.remove(key) {
        Some(inner) => {
            let success = match map.get("success") {
                None | Some(Value::Null) => true,
                Some(Value::Bool(success)) => *success,
                Some(other) => {
                    return Err(D::Error::custom(format_args!(
                        "invalid `success`: expected a boolean, found {other}"
                    )));
                }
            };
            let inner = serde_json::from_value(inner).map_err(D::Error::custom)?;
            Ok((success, inner))
        }
        None => {
            let inner = serde_json::from_value(Value::Object(map)).map_err(D::Error::custom)?;
            Ok((true, inner))
        }
    }
}

/// The filters of [`CampaignsApi::list_campaigns`](crate::CampaignsApi::list_campaigns), sent
/// as camelCase query pairs (`agentId`, `status`, `integration`, `startDate`, `endDate`,
/// `pageSize`). Unset filters are not sent.
///
/// `start_date` and `end_date` (ISO 8601, such as `2025-10-01` or `2025-10-01T00:00:00Z`) must be
/// given together; [`period`](Self::period) sets both.
///
/// ```
/// use altur_client::models::{CampaignFilters, CampaignIntegrationType, CampaignStatus};
///
/// let filters = CampaignFilters::default()
///     .status(CampaignStatus::Active)
///     .integration(CampaignIntegrationType::PhoneCall)
///     .period("2025-10-01", "2025-10-31")
///     .page_size(20);
/// assert_eq!(filters.start_date.as_deref(), Some("2025-10-01"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignFilters {
    /// Only campaigns of this agent (`agentId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<Uuid>,
    /// Only campaigns in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CampaignStatus>,
    /// Only campaigns on this channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<CampaignIntegrationType>,
    /// Only campaigns created from this time on (`startDate`, ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Only campaigns created up to this time (`endDate`, ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Campaigns per page (`pageSize`); the server's default when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl CampaignFilters {
    /// Only campaigns of this agent.
    #[must_use]
    pub fn agent_id(mut self, agent_id: Uuid) -> Self {
        self.agent_id = Some(agent_id);
        self
    }

    /// Only campaigns in this status.
    #[must_use]
    pub fn status(mut self, status: CampaignStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only campaigns on this channel.
    #[must_use]
    pub fn integration(mut self, integration: CampaignIntegrationType) -> Self {
        self.integration = Some(integration);
        self
    }

    /// Only campaigns created between `start` and `end` (ISO 8601), which the API requires
    /// together.
    #[must_use]
    pub fn period(mut self, start: impl Into<String>, end: impl Into<String>) -> Self {
        self.start_date = Some(start.into());
        self.end_date = Some(end.into());
        self
    }

    /// Campaigns per page.
    #[must_use]
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }
}

/// How a cursor-paginated list (campaigns) continues: `{has_next, has_previous, next_cursor,
/// previous_cursor}`. The oldest documentation calls `has_next` `has_more`; both decode, and
/// `has_next` wins when a body has both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct CursorPagination {
    /// Whether a page follows (`has_more` in the oldest documentation).
    #[serde(default, alias = "has_more")]
    pub has_next: bool,
    /// Whether a page precedes.
    #[serde(default)]
    pub has_previous: bool,
    /// The cursor of the following page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// The cursor of the preceding page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_cursor: Option<String>,
}

impl CursorPagination {
    /// A pagination block that points at `next_cursor`, or says this is the last page, for test
    /// doubles.
    pub fn with_next(next_cursor: Option<String>) -> Self {
        CursorPagination {
            has_next: next_cursor.is_some(),
            next_cursor,
            ..CursorPagination::default()
        }
    }

    /// The cursor to request next: `next_cursor` when `has_next` is true and the cursor is not
    /// empty, `None` after the last page.
    ///
    /// ```
    /// use altur_client::models::CursorPagination;
    ///
    /// let last: CursorPagination =
    ///     serde_json::from_str(r#"{"has_next": false, "next_cursor": null}"#)?;
    /// assert_eq!(last.next(), None);
    /// let more: CursorPagination =
    ///     serde_json::from_str(r#"{"has_more": true, "next_cursor": "abc"}"#)?;
    /// assert_eq!(more.next(), Some("abc"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn next(&self) -> Option<&str> {
        self.next_cursor
            .as_deref()
            .filter(|cursor| self.has_next && !cursor.is_empty())
    }
}

/// How a page-index-paginated list (campaign contacts and calls) continues. Contacts send
/// `{has_next, has_previous, next_page, previous_page}`, calls also `page_index` and `page_size`.
/// `has_more` decodes as `has_next`, which wins when a body has both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct IndexPagination {
    /// The 0-based index of this page (calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_index: Option<u32>,
    /// The page size used (calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Whether a page follows.
    #[serde(default, alias = "has_more")]
    pub has_next: bool,
    /// Whether a page precedes.
    #[serde(default)]
    pub has_previous: bool,
    /// The index of the following page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<u32>,
    /// The index of the preceding page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_page: Option<u32>,
}

impl IndexPagination {
    /// A pagination block that points at `next_page`, or says this is the last page, for test
    /// doubles.
    pub fn with_next(next_page: Option<u32>) -> Self {
        IndexPagination {
            has_next: next_page.is_some(),
            next_page,
            ..IndexPagination::default()
        }
    }

    /// The page index to request after page `current`: `None` when `has_next` is false;
    /// otherwise `next_page`, or `current + 1` when the server did not send it. A `next_page`
    /// that does not move forward is `None`, so a walk over the pages always ends.
    ///
    /// ```
    /// use altur_client::models::IndexPagination;
    ///
    /// let page: IndexPagination = serde_json::from_str(r#"{"has_next": true, "next_page": 3}"#)?;
    /// assert_eq!(page.next_after(2), Some(3));
    /// let last: IndexPagination = serde_json::from_str(r#"{"has_next": false}"#)?;
    /// assert_eq!(last.next_after(3), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn next_after(&self, current: u32) -> Option<u32> {
        if !self.has_next {
            return None;
        }
        match self.next_page {
            Some(next) => (next > current).then_some(next),
            None => current.checked_add(1),
        }
    }
}

/// One page of [`CampaignsApi::list_campaigns`](crate::CampaignsApi::list_campaigns):
/// `{total_count, campaigns, pagination}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignList {
    /// How many campaigns match the filters, when the server counted them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// This page's campaigns.
    #[serde(default, deserialize_with = "null_as_default")]
    pub campaigns: Vec<Campaign>,
    /// Where the following and preceding pages are.
    #[serde(default, deserialize_with = "null_as_default")]
    pub pagination: CursorPagination,
}

impl CampaignList {
    /// A page of campaigns, for test doubles.
    pub fn new(campaigns: Vec<Campaign>, pagination: CursorPagination) -> Self {
        CampaignList {
            total_count: None,
            campaigns,
            pagination,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AGENT: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";

    /// A list page in the `/en` form, with every documented field.
    fn english_list() -> Value {
        json!({
            "total_count": 1,
            "campaigns": [{
                "id": 123,
                "name": "Cobranza octubre",
                "description": "Recordatorio de pago",
                "status": "active",
                "created_at": "2025-09-29T15:04:05+00:00",
                "agent": {"id": AGENT, "name": "Sofía"},
                "scheduling": {
                    "mon": {"startTime": "09:00", "stopTime": "18:00", "active": true},
                    "sat": {"startTime": "10:00", "stopTime": "14:00", "active": false},
                },
                "timezone": "America/Mexico_City",
                "retries": 2,
                "archived": false,
                "template": "pago_pendiente",
                "first_message": "Hola, le llamo de Altur.",
                "concurrency_limit": 5,
                "cycle_enabled": true,
                "cycle_max_iterations": 3,
                "cycle_cooldown_minutes": 60,
                "cycle_filter_statuses": ["no-answer", "busy"],
                "cycle_filter_tags": ["vip"],
                "cycle_current_iteration": 1,
                "cycle_last_iteration_at": "2025-10-01T10:00:00+00:00",
            }],
            "pagination": {
                "has_next": true,
                "has_previous": false,
                "next_cursor": "eyJpZCI6MTIzfQ==",
            },
        })
    }

    /// The same page in the oldest Spanish form: `concurrency`, `endTime`, `cycle_cooldown`,
    /// `cycle_status_filters`, `cycle_tag_filters`, `last_iteration_at`, `has_more`, and nulls.
    fn old_spanish_list() -> Value {
        json!({
            "total_count": 1,
            "campaigns": [{
                "id": 123,
                "name": "Cobranza octubre",
                "description": "Recordatorio de pago",
                "status": "active",
                "created_at": "2025-09-29T15:04:05Z",
                "agent": {"id": AGENT, "name": "Sofía"},
                "scheduling": {
                    "mon": {"startTime": "09:00", "endTime": "18:00", "active": true},
                    "sat": {"startTime": "10:00", "endTime": "14:00", "active": false},
                },
                "timezone": "America/Mexico_City",
                "retries": 2,
                "archived": false,
                "template": "pago_pendiente",
                "first_message": "Hola, le llamo de Altur.",
                "concurrency": 5,
                "cycle_enabled": true,
                "cycle_max_iterations": 3,
                "cycle_cooldown": 60,
                "cycle_status_filters": ["no-answer", "busy"],
                "cycle_tag_filters": ["vip"],
                "cycle_current_iteration": 1,
                "last_iteration_at": "2025-10-01 10:00:00",
                "unknown_key": {"kept": false},
            }],
            "pagination": {
                "has_more": true,
                "has_previous": false,
                "next_cursor": "eyJpZCI6MTIzfQ==",
                "previous_cursor": null,
            },
        })
    }

    #[test]
    fn english_list_round_trips() {
        let list: CampaignList = serde_json::from_value(english_list()).unwrap();
        let campaign = &list.campaigns[0];
        assert_eq!(campaign.id, 123);
        assert_eq!(campaign.status, Some(CampaignStatus::Active));
        assert_eq!(campaign.agent.as_ref().unwrap().id.to_string(), AGENT);
        assert_eq!(campaign.concurrency_limit, Some(5));
        assert_eq!(
            campaign.cycle_filter_statuses,
            Some(vec![ContactStatus::NoAnswer, ContactStatus::Busy])
        );
        let monday = campaign.scheduling.as_ref().unwrap().mon.as_ref().unwrap();
        assert_eq!(monday, &DaySchedule::active("09:00", "18:00"));
        assert_eq!(list.pagination.next(), Some("eyJpZCI6MTIzfQ=="));
        assert_eq!(serde_json::to_value(&list).unwrap(), english_list());
    }

    #[test]
    fn old_spanish_names_decode_into_the_current_fields() {
        let old: CampaignList = serde_json::from_value(old_spanish_list()).unwrap();
        let new: CampaignList = serde_json::from_value(english_list()).unwrap();
        assert_eq!(old, new);
        assert_eq!(serde_json::to_value(&old).unwrap(), english_list());
    }

    #[test]
    fn detail_envelope_round_trips() {
        let payload = json!({
            "success": true,
            "campaign": {
                "id": 123,
                "name": "Cobranza octubre",
                "status": "cooldown",
                "created_at": "2025-09-29T15:04:05+00:00",
                "agent": {"id": AGENT, "name": "Sofía"},
                "integration": {"id": "int_9f8e7d"},
                "scheduling": {"fri": {"startTime": "09:00", "stopTime": "17:00", "active": true}},
                "cycles": {
                    "enabled": true,
                    "mode": "scheduled",
                    "max_iterations": 4,
                    "cooldown_minutes": 30,
                    "filter_statuses": ["no-answer", "voicemail"],
                    "filter_tags": ["retry"],
                    "schedule": {"days": ["mon", "thu"], "time": "10:00"},
                    "schedule_start_date": "2025-10-01",
                    "schedule_end_date": "2025-10-31",
                },
                "analytics": {
                    "calls": 120,
                    "callsAnsweredByHuman": 80,
                    "callsAnsweredByHumanRate": 0.6667,
                    "contacts": 100,
                    "contactsConverted": 12,
                    "contactsConvertedRate": 0.12,
                    "messagesRead": 5,
                },
            },
        });
        let response: CampaignResponse = serde_json::from_value(payload.clone()).unwrap();
        assert!(response.success);
        let campaign = &response.campaign;
        assert_eq!(campaign.status, Some(CampaignStatus::Cooldown));
        assert_eq!(
            campaign.integration.as_ref().unwrap().id.as_deref(),
            Some("int_9f8e7d")
        );
        let cycles = campaign.cycles.as_ref().unwrap();
        assert_eq!(cycles.mode, Some(CycleMode::Scheduled));
        let analytics = campaign.analytics.as_ref().unwrap();
        assert_eq!(analytics.calls_answered_by_human, Some(80));
        assert_eq!(analytics.contacts_converted_rate, Some(0.12));
        assert_eq!(analytics.other["messagesRead"], 5);
        assert_eq!(serde_json::to_value(&response).unwrap(), payload);
    }

    #[test]
    fn envelopes_are_lenient() {
        let bare: CampaignResponse =
            serde_json::from_value(json!({"id": 1, "name": "A", "status": "pending"})).unwrap();
        assert!(bare.success);
        assert_eq!(bare.campaign.status, Some(CampaignStatus::Pending));
        let no_success: CampaignResponse =
            serde_json::from_value(json!({"campaign": {"id": 1, "name": "A"}})).unwrap();
        assert_eq!(no_success, bare_campaign(1, "A"));
        let failed: CampaignResponse =
            serde_json::from_value(json!({"success": false, "campaign": {"id": 1, "name": "A"}}))
                .unwrap();
        assert!(!failed.success);
        for malformed in [
            json!({"success": "yes", "campaign": {"id": 1, "name": "A"}}),
            json!({"success": true, "campaign": {"name": "A"}}),
            json!({"success": true}),
            json!([]),
        ] {
            assert!(
                serde_json::from_value::<CampaignResponse>(malformed.clone()).is_err(),
                "{malformed}"
            );
        }
    }

    fn bare_campaign(id: u64, name: &str) -> CampaignResponse {
        CampaignResponse::new(Campaign::new(id, name))
    }

    #[test]
    fn unknown_values_and_nulls() {
        let campaign: Campaign = serde_json::from_value(json!({
            "id": 5,
            "name": "B",
            "status": "archived_forever",
            "integration_type": "sms",
            "cycles": {"mode": "continuous"},
            "created_at": "",
            "scheduling": null,
            "analytics": null,
        }))
        .unwrap();
        assert_eq!(
            campaign.status,
            Some(CampaignStatus::Other("archived_forever".into()))
        );
        assert_eq!(
            campaign.integration_type,
            Some(CampaignIntegrationType::Other("sms".into()))
        );
        assert_eq!(
            campaign.cycles.unwrap().mode,
            Some(CycleMode::Other("continuous".into()))
        );
        assert_eq!(campaign.created_at, None);
        let empty: CampaignList =
            serde_json::from_value(json!({"campaigns": null, "pagination": null})).unwrap();
        assert_eq!(empty, CampaignList::default());
        assert_eq!(empty.pagination.next(), None);
    }

    #[test]
    fn request_bodies_omit_unset_fields() {
        let agent = Uuid::parse_str(AGENT).unwrap();
        let minimal = NewCampaign::new("A", agent, "int_1", CampaignIntegrationType::Whatsapp);
        assert_eq!(
            serde_json::to_value(&minimal).unwrap(),
            json!({"name": "A", "agent_id": AGENT, "integration_id": "int_1",
                   "integration_type": "whatsapp"})
        );
        let mut full = NewCampaign::new("B", agent, "int_2", CampaignIntegrationType::PhoneCall);
        full.description = Some("d".into());
        full.timezone = Some("America/Bogota".into());
        full.retries = Some(2);
        full.message_limit = Some(100);
        full.first_message = Some("Hola".into());
        full.scheduling = Some(Scheduling {
            mon: Some(DaySchedule::active("09:00", "18:00")),
            sun: Some(DaySchedule::inactive()),
            ..Scheduling::default()
        });
        full.cycles = Some(CampaignCycles {
            enabled: Some(true),
            mode: Some(CycleMode::Scheduled),
            schedule: Some(json!({"days": ["mon"]})),
            schedule_start_date: Some("2025-10-01".into()),
            ..CampaignCycles::default()
        });
        let body = json!({
            "name": "B", "agent_id": AGENT, "integration_id": "int_2",
            "integration_type": "phone_call", "description": "d", "timezone": "America/Bogota",
            "retries": 2, "message_limit": 100, "first_message": "Hola",
            "scheduling": {
                "mon": {"startTime": "09:00", "stopTime": "18:00", "active": true},
                "sun": {"active": false},
            },
            "cycles": {"enabled": true, "mode": "scheduled", "schedule": {"days": ["mon"]},
                       "schedule_start_date": "2025-10-01"},
        });
        assert_eq!(serde_json::to_value(&full).unwrap(), body);
        assert_eq!(serde_json::from_value::<NewCampaign>(body).unwrap(), full);

        assert_eq!(
            serde_json::to_value(CampaignUpdate::default()).unwrap(),
            json!({})
        );
        let update = CampaignUpdate {
            cycles: Some(CampaignCyclesUpdate {
                max_iterations: Some(5),
                ..CampaignCyclesUpdate::default()
            }),
            ..CampaignUpdate::default()
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"cycles": {"max_iterations": 5}})
        );
    }

    #[test]
    fn filters_are_camel_case_query_pairs() {
        let agent = Uuid::parse_str(AGENT).unwrap();
        assert_eq!(
            serde_html_form::to_string(CampaignFilters::default()).unwrap(),
            ""
        );
        let filters = CampaignFilters::default()
            .agent_id(agent)
            .status(CampaignStatus::Inactive)
            .integration(CampaignIntegrationType::PhoneCall)
            .period("2025-10-01", "2025-10-31T23:59:59Z")
            .page_size(10);
        assert_eq!(
            serde_html_form::to_string(&filters).unwrap(),
            format!(
                "agentId={AGENT}&status=inactive&integration=phone_call&startDate=2025-10-01\
                 &endDate=2025-10-31T23%3A59%3A59Z&pageSize=10"
            )
        );
    }

    #[test]
    fn actions_display_their_wire_values() {
        let wire: Vec<String> = CampaignAction::ALL
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(wire, ["activate", "pause", "resume", "archive"]);
        for action in CampaignAction::ALL {
            assert_eq!(CampaignAction::from_wire(action.as_str()), Some(action));
        }
        assert_eq!(CampaignAction::from_wire("Activate"), None);
    }

    #[test]
    fn pagination_next() {
        let cursor = |value: Value| {
            serde_json::from_value::<CursorPagination>(value)
                .unwrap()
                .next()
                .map(str::to_owned)
        };
        assert_eq!(
            cursor(json!({"has_next": true, "next_cursor": "c"})),
            Some("c".into())
        );
        assert_eq!(
            cursor(json!({"has_more": true, "next_cursor": "c"})),
            Some("c".into())
        );
        assert_eq!(cursor(json!({"has_next": false, "next_cursor": "c"})), None);
        assert_eq!(cursor(json!({"has_next": true, "next_cursor": null})), None);
        assert_eq!(cursor(json!({"has_next": true, "next_cursor": ""})), None);
        assert_eq!(cursor(json!({})), None);

        let index = |value: Value, current| {
            serde_json::from_value::<IndexPagination>(value)
                .unwrap()
                .next_after(current)
        };
        assert_eq!(index(json!({"has_next": true, "next_page": 1}), 0), Some(1));
        assert_eq!(index(json!({"has_next": true}), 4), Some(5));
        assert_eq!(
            index(json!({"has_more": true, "next_page": null}), 0),
            Some(1)
        );
        assert_eq!(index(json!({"has_next": false, "next_page": 1}), 0), None);
        assert_eq!(index(json!({"has_next": true, "next_page": 2}), 2), None);
        assert_eq!(index(json!({"has_next": true}), u32::MAX), None);
    }
}
