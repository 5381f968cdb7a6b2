//! The calls of a campaign.

use super::DeserializeWithAliases;
use super::campaign::IndexPagination;
use super::common::{
    null_as_default, optional_seconds, optional_string_or_number, optional_timestamp,
};
use super::{AnsweredBy, CallStatus, CallType, ContactStatus, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A call a campaign made, as
/// [`CampaignsApi::list_campaign_calls`](crate::CampaignsApi::list_campaign_calls) returns it.
///
/// Durations are whole seconds, as on [`Call`](crate::models::Call). The billed time is
/// `billed_duration` here and `billable_duration` on the Call schema; both decode into
/// [`billed_duration`](Self::billed_duration) (when a body has both, `billed_duration` wins
/// unless it is `null`), and durations decode from integers, decimals
/// (rounded) and `"MM:SS"` / `"HH:MM:SS"` text. `recording_url` is relative to the host here
/// (`/api/v1.0/call/{id}/recording`) but absolute in webhooks;
/// [`Client::download_recording_url`](crate::Client::download_recording_url) takes both.
///
/// ```
/// use altur_client::models::{AnsweredBy, CallStatus, CampaignCall};
///
/// let call: CampaignCall = serde_json::from_str(
///     r#"{"id": "call_abc123def456", "type": "outbound", "status": "ended",
///         "answered_by": "human", "duration": 270, "billed_duration": "04:30",
///         "contact": {"id": 981, "name": "Ada", "phone_number": "+5215512345678"},
///         "recording_url": "/api/v1.0/call/call_abc123def456/recording"}"#,
/// )?;
/// assert_eq!(call.status, Some(CallStatus::Ended));
/// assert_eq!(call.answered_by, Some(AnsweredBy::Human));
/// assert_eq!(call.billed_duration, Some(270));
/// assert_eq!(call.contact.map(|contact| contact.id), Some(981));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, DeserializeWithAliases)]
#[non_exhaustive]
pub struct CampaignCall {
    /// The call's id, such as `call_abc123def456`.
    pub id: String,
    /// Inbound or outbound: the `type` key.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<CallType>,
    /// How the call went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus>,
    /// Who answered.
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
    /// The billed time, in seconds (`billable_duration` decodes too).
    #[serde(
        default,
        alias = "billable_duration",
        deserialize_with = "optional_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub billed_duration: Option<u64>,
    /// The campaign contact that was called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<CampaignCallContact>,
    /// What the agent extracted from the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extracted_data: Option<Map<String, Value>>,
    /// Tags assigned during the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Where to download the recording, relative to the host (such as
    /// `/api/v1.0/call/call_abc123def456/recording`); give it to
    /// [`Client::download_recording_url`](crate::Client::download_recording_url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
}

impl CampaignCall {
    /// A call with only its id, for test doubles and the [mock](crate::mock).
    ///
    /// ```
    /// use altur_client::models::{CallStatus, CampaignCall};
    ///
    /// let mut call = CampaignCall::new("call_1");
    /// call.status = Some(CallStatus::Ended);
    /// call.duration = Some(95);
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        CampaignCall {
            id: id.into(),
            kind: None,
            status: None,
            answered_by: None,
            created_at: None,
            started_at: None,
            ended_at: None,
            duration: None,
            billed_duration: None,
            contact: None,
            extracted_data: None,
            tags: None,
            recording_url: None,
        }
    }
}

/// The contact of a [`CampaignCall`]: `{id, f_id, name, phone_number, status}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignCallContact {
    /// The campaign contact's id.
    pub id: u64,
    /// Your own id for the contact.
    #[serde(
        default,
        deserialize_with = "optional_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub f_id: Option<String>,
    /// The contact's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The number that was called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// The contact's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ContactStatus>,
}

impl CampaignCallContact {
    /// A contact with only its id, for test doubles and the mock.
    pub fn new(id: u64) -> Self {
        CampaignCallContact {
            id,
            f_id: None,
            name: None,
            phone_number: None,
            status: None,
        }
    }
}

/// The filters of [`CampaignsApi::list_campaign_calls`](crate::CampaignsApi::list_campaign_calls),
/// sent as `status`, `answeredBy`, `startDate`, `endDate` (ISO 8601) and `pageSize` (1 to 100,
/// default 50). Unset filters are not sent.
///
/// ```
/// use altur_client::models::{AnsweredBy, CallStatus, CampaignCallFilters};
///
/// let filters = CampaignCallFilters::default()
///     .status(CallStatus::Ended)
///     .answered_by(AnsweredBy::Human)
///     .period("2025-10-01T00:00:00Z", "2025-10-31T23:59:59Z");
/// assert_eq!(filters.answered_by, Some(AnsweredBy::Human));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignCallFilters {
    /// Only calls in this status (documented: `ended`, `failed`, `busy`, `no-answer`,
    /// `in-progress`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus>,
    /// Only calls answered by this party (`answeredBy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<AnsweredBy>,
    /// Only calls created from this time on (`startDate`, ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Only calls created up to this time (`endDate`, ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Calls per page (`pageSize`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl CampaignCallFilters {
    /// Only calls in this status.
    #[must_use]
    pub fn status(mut self, status: CallStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only calls answered by this party.
    #[must_use]
    pub fn answered_by(mut self, answered_by: AnsweredBy) -> Self {
        self.answered_by = Some(answered_by);
        self
    }

    /// Only calls created between `start` and `end` (ISO 8601).
    #[must_use]
    pub fn period(mut self, start: impl Into<String>, end: impl Into<String>) -> Self {
        self.start_date = Some(start.into());
        self.end_date = Some(end.into());
        self
    }

    /// Calls per page, 1 to 100.
    #[must_use]
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }
}

/// One page of [`CampaignsApi::list_campaign_calls`](crate::CampaignsApi::list_campaign_calls):
/// `{total_count, calls, pagination}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignCallList {
    /// How many calls match, when the server counted them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// This page's calls.
    #[serde(default, deserialize_with = "null_as_default")]
    pub calls: Vec<CampaignCall>,
    /// Where the following and preceding pages are, with this page's index and size.
    #[serde(default, deserialize_with = "null_as_default")]
    pub pagination: IndexPagination,
}

impl CampaignCallList {
    /// A page of calls, for test doubles.
    pub fn new(calls: Vec<CampaignCall>, pagination: IndexPagination) -> Self {
        CampaignCallList {
            total_count: None,
            calls,
            pagination,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn documented_page() -> Value {
        json!({
            "total_count": 1,
            "calls": [{
                "id": "call_abc123def456",
                "type": "outbound",
                "status": "ended",
                "answered_by": "human",
                "created_at": "2025-10-03T19:10:00+00:00",
                "started_at": "2025-10-03T19:10:05+00:00",
                "ended_at": "2025-10-03T19:14:35+00:00",
                "duration": 270,
                "billed_duration": 300,
                "contact": {
                    "id": 981,
                    "f_id": "crm-1",
                    "name": "Ada Lovelace",
                    "phone_number": "+5215512345678",
                    "status": "converted",
                },
                "extracted_data": {"promise": true},
                "tags": ["promesa-de-pago"],
                "recording_url": "/api/v1.0/call/call_abc123def456/recording",
            }],
            "pagination": {"page_index": 0, "page_size": 50, "has_next": false,
                           "has_previous": false},
        })
    }

    #[test]
    fn documented_page_round_trips() {
        let page: CampaignCallList = serde_json::from_value(documented_page()).unwrap();
        let call = &page.calls[0];
        assert_eq!(call.kind, Some(CallType::Outbound));
        assert_eq!(call.status, Some(CallStatus::Ended));
        assert_eq!(call.billed_duration, Some(300));
        let contact = call.contact.as_ref().unwrap();
        assert_eq!(contact.status, Some(ContactStatus::Converted));
        assert_eq!(page.pagination.page_size, Some(50));
        assert_eq!(page.pagination.next_after(0), None);
        assert_eq!(serde_json::to_value(&page).unwrap(), documented_page());
    }

    #[test]
    fn billable_duration_text_durations_and_unknown_values() {
        let call: CampaignCall = serde_json::from_value(json!({
            "id": "call_1",
            "status": "voicemail-left",
            "answered_by": "fax",
            "duration": "04:30",
            "billable_duration": 300,
            "contact": {"id": 2, "status": "acepted"},
            "recording_url": null,
        }))
        .unwrap();
        assert_eq!(
            call.status,
            Some(CallStatus::Other("voicemail-left".into()))
        );
        assert_eq!(call.answered_by, Some(AnsweredBy::Other("fax".into())));
        assert_eq!(
            (call.duration, call.billed_duration),
            (Some(270), Some(300))
        );
        assert_eq!(call.contact.unwrap().status, Some(ContactStatus::Accepted));
    }

    #[test]
    fn call_filters_are_camel_case_query_pairs() {
        let filters = CampaignCallFilters::default()
            .status(CallStatus::NoAnswer)
            .answered_by(AnsweredBy::Machine)
            .period("2025-10-01", "2025-10-02")
            .page_size(100);
        assert_eq!(
            serde_html_form::to_string(&filters).unwrap(),
            "status=no-answer&answeredBy=machine&startDate=2025-10-01&endDate=2025-10-02\
             &pageSize=100"
        );
    }
}
