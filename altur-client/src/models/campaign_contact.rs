//! The contacts of a campaign: adding them, listing them, one contact.

use super::campaign::{IndexPagination, envelope_or_bare};
use super::common::{
    null_as_default, optional_seconds, optional_string_or_number, optional_timestamp,
};
use super::{Timestamp, string_enum};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

string_enum! {
    /// Where a campaign contact is in its lifecycle. Values the API adds later decode into
    /// [`Other`](ContactStatus::Other).
    ///
    /// The documentation disagrees with itself: the English enum spells `acepted` and has
    /// `no-answer`, `busy` and `unreachable`, the newer Spanish one has `accepted` and `answered`.
    /// Every one of them is a variant here; `acepted` and `accepted` both decode into
    /// [`Accepted`](ContactStatus::Accepted), which is sent as `accepted`.
    ///
    /// ```
    /// use altur_client::models::ContactStatus;
    ///
    /// let statuses: Vec<ContactStatus> =
    ///     serde_json::from_str(r#"["acepted", "accepted", "no-answer", "answered", "waiting"]"#)?;
    /// assert_eq!(
    ///     statuses,
    ///     [
    ///         ContactStatus::Accepted,
    ///         ContactStatus::Accepted,
    ///         ContactStatus::NoAnswer,
    ///         ContactStatus::Answered,
    ///         ContactStatus::Other("waiting".into()),
    ///     ]
    /// );
    /// assert_eq!(ContactStatus::Accepted.as_str(), "accepted");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ContactStatus {
        /// `queue`: waiting to be contacted.
        Queue = "queue",
        /// `sending`
        Sending = "sending",
        /// `sent`
        Sent = "sent",
        /// `delivered`
        Delivered = "delivered",
        /// `voicemail`: the call reached a voicemail.
        Voicemail = "voicemail",
        /// `read`
        Read = "read",
        /// `failed`
        Failed = "failed",
        /// `no-answer`
        NoAnswer = "no-answer",
        /// `busy`
        Busy = "busy",
        /// `retrying`
        Retrying = "retrying",
        /// `answered`
        Answered = "answered",
        /// `converted`
        Converted = "converted",
        /// `accepted`, also spelled `acepted` by the English documentation.
        Accepted = "accepted" | "acepted",
        /// `rejected`
        Rejected = "rejected",
        /// `unreachable`
        Unreachable = "unreachable",
    }
}

string_enum! {
    /// What adding a contact whose phone number is already in the campaign does.
    pub enum IfDuplicate {
        /// `skip` (the API's default): keep the existing contact as it is.
        Skip = "skip",
        /// `update`: overwrite its `name`, `context`, `extracted_data` and `f_id`.
        Update = "update",
    }
}

string_enum! {
    /// Why one contact of an add-contacts request failed.
    pub enum ContactErrorCode {
        /// `INVALID_PHONE_NUMBER`
        InvalidPhoneNumber = "INVALID_PHONE_NUMBER",
        /// `MISSING_CONTACT`: the item has no phone number.
        MissingContact = "MISSING_CONTACT",
        /// `SERVER_ERROR`
        ServerError = "SERVER_ERROR",
    }
}

/// A contact to add to a campaign: `{contact, name, context, extracted_data, f_id}`. Only the
/// phone number is required; it is also what makes two contacts duplicates.
///
/// ```
/// use altur_client::models::NewContact;
///
/// let mut contact = NewContact::new("+5215512345678");
/// contact.name = Some("Ada Lovelace".into());
/// contact.f_id = Some("crm-123".into());
/// assert_eq!(
///     serde_json::to_value(&contact)?,
///     serde_json::json!({"contact": "+5215512345678", "name": "Ada Lovelace", "f_id": "crm-123"}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewContact {
    /// The phone number (or WhatsApp number) to contact.
    pub contact: String,
    /// The contact's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the agent should know about the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Data to start the contact's extracted data with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extracted_data: Option<Map<String, Value>>,
    /// Your own id for the contact (for example the id in your CRM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f_id: Option<String>,
}

impl NewContact {
    /// A contact with only its phone number.
    pub fn new(contact: impl Into<String>) -> Self {
        NewContact {
            contact: contact.into(),
            ..NewContact::default()
        }
    }
}

/// The body of [`CampaignsApi::add_campaign_contacts`](crate::CampaignsApi::add_campaign_contacts):
/// up to [`MAX_CONTACTS_PER_REQUEST`](crate::bulk::MAX_CONTACTS_PER_REQUEST) contacts, and what to do
/// with duplicates (unset: the API's default, `skip`).
///
/// ```
/// use altur_client::models::{AddContacts, IfDuplicate, NewContact};
///
/// let body = AddContacts::new(vec![NewContact::new("+5215512345678")])
///     .if_duplicate(IfDuplicate::Update);
/// assert_eq!(
///     serde_json::to_value(&body)?,
///     serde_json::json!({"contacts": [{"contact": "+5215512345678"}], "if_duplicate": "update"}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddContacts {
    /// The contacts, at most 1,000.
    pub contacts: Vec<NewContact>,
    /// What to do with a contact whose phone number is already in the campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_duplicate: Option<IfDuplicate>,
}

impl AddContacts {
    /// A body adding these contacts, leaving duplicates to the API's default (`skip`).
    pub fn new(contacts: Vec<NewContact>) -> Self {
        AddContacts {
            contacts,
            if_duplicate: None,
        }
    }

    /// Sets what to do with duplicates.
    #[must_use]
    pub fn if_duplicate(mut self, if_duplicate: IfDuplicate) -> Self {
        self.if_duplicate = Some(if_duplicate);
        self
    }
}

/// The counts of an add-contacts request: `{created, updated, skipped_duplicate, failed}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AddContactsSummary {
    /// Contacts added.
    #[serde(default)]
    pub created: u64,
    /// Duplicates overwritten (with [`IfDuplicate::Update`]).
    #[serde(default)]
    pub updated: u64,
    /// Duplicates left as they were (with [`IfDuplicate::Skip`]).
    #[serde(default)]
    pub skipped_duplicate: u64,
    /// Contacts that could not be added; their results carry the error.
    #[serde(default)]
    pub failed: u64,
}

impl AddContactsSummary {
    /// Adds the counts of `other` to these, as for two batches of one input.
    ///
    /// ```
    /// use altur_client::models::AddContactsSummary;
    ///
    /// let mut total = AddContactsSummary::default();
    /// let batch: AddContactsSummary =
    ///     serde_json::from_str(r#"{"created": 2, "updated": 0, "skipped_duplicate": 1, "failed": 1}"#)?;
    /// total.add(&batch);
    /// total.add(&batch);
    /// assert_eq!((total.created, total.skipped_duplicate, total.failed), (4, 2, 2));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn add(&mut self, other: &AddContactsSummary) {
        self.created += other.created;
        self.updated += other.updated;
        self.skipped_duplicate += other.skipped_duplicate;
        self.failed += other.failed;
    }

    /// Every contact counted: created, updated, skipped and failed.
    pub fn total(&self) -> u64 {
        self.created + self.updated + self.skipped_duplicate + self.failed
    }
}

/// Why one contact of an add-contacts request failed. The API's per-item `error` decodes from a
/// plain code (`"INVALID_PHONE_NUMBER"`) or an object (`{"code": .., "message": ..}`, where
/// `error` is accepted for `code`); it serializes as the object.
///
/// ```
/// use altur_client::models::{ContactError, ContactErrorCode};
///
/// let plain: ContactError = serde_json::from_str(r#""MISSING_CONTACT""#)?;
/// assert_eq!(plain.code, Some(ContactErrorCode::MissingContact));
/// let object: ContactError =
///     serde_json::from_str(r#"{"code": "INVALID_PHONE_NUMBER", "message": "not E.164"}"#)?;
/// assert_eq!(object.message.as_deref(), Some("not E.164"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ContactError {
    /// The error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ContactErrorCode>,
    /// A human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ContactError {
    /// An error with this code and message, for test doubles and the mock.
    pub fn new(code: ContactErrorCode, message: impl Into<String>) -> Self {
        ContactError {
            code: Some(code),
            message: Some(message.into()),
        }
    }
}

impl<'de> Deserialize<'de> for ContactError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = |value: &Value| match value {
            Value::String(code) => Some(ContactErrorCode::from(code.as_str())),
            Value::Number(code) => Some(ContactErrorCode::Other(code.to_string())),
            _ => None,
        };
        match Value::deserialize(deserializer)? {
            Value::String(text) => Ok(ContactError {
                code: Some(ContactErrorCode::from(text.as_str())),
                message: None,
            }),
            Value::Object(map) => Ok(ContactError {
                code: map.get("code").or_else(|| map.get("error")).and_then(code),
                message: map
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            }),
            other => Err(D::Error::custom(format_args!(
                "invalid contact error: expected a string or an object, found {other}"
            ))),
        }
    }
}

/// What happened to one contact of an add-contacts request: `{index, id, contact, error}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AddContactResult {
    /// The contact's position in the request's `contacts` (in the whole input, for
    /// [`add_contacts_in_batches`](crate::bulk::add_contacts_in_batches)).
    pub index: usize,
    /// The contact's id, as a string (the API documents a string here, while contact ids are
    /// integers elsewhere; a number decodes too). See [`contact_id`](Self::contact_id).
    #[serde(
        default,
        deserialize_with = "optional_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The phone number, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Why the contact was not added; `None` when it was created, updated or skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ContactError>,
}

impl AddContactResult {
    /// A result for the contact at `index`, for test doubles and the mock.
    pub fn new(index: usize) -> Self {
        AddContactResult {
            index,
            id: None,
            contact: None,
            error: None,
        }
    }

    /// The id as the integer that [`retrieve_campaign_contact`] and
    /// [`delete_campaign_contact`] take, when it is one.
    ///
    /// [`retrieve_campaign_contact`]: crate::CampaignsApi::retrieve_campaign_contact
    /// [`delete_campaign_contact`]: crate::CampaignsApi::delete_campaign_contact
    ///
    /// ```
    /// use altur_client::models::AddContactResult;
    ///
    /// let result: AddContactResult = serde_json::from_str(r#"{"index": 0, "id": "981"}"#)?;
    /// assert_eq!(result.contact_id(), Some(981));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn contact_id(&self) -> Option<u64> {
        self.id.as_deref()?.parse().ok()
    }
}

/// What [`CampaignsApi::add_campaign_contacts`](crate::CampaignsApi::add_campaign_contacts)
/// returns: `{success, summary, results}`, one result per contact sent, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AddContactsResponse {
    /// Whether the request succeeded (single contacts can still have failed; see
    /// [`summary`](Self::summary)).
    #[serde(default)]
    pub success: bool,
    /// The counts.
    #[serde(default, deserialize_with = "null_as_default")]
    pub summary: AddContactsSummary,
    /// One result per contact.
    #[serde(default, deserialize_with = "null_as_default")]
    pub results: Vec<AddContactResult>,
}

impl AddContactsResponse {
    /// A response with this summary and these results, for test doubles.
    pub fn new(summary: AddContactsSummary, results: Vec<AddContactResult>) -> Self {
        AddContactsResponse {
            success: true,
            summary,
            results,
        }
    }
}

/// A contact of a campaign, as listing and retrieving contacts return it.
///
/// Decoding is lenient where the documentation disagrees: `billed_duration` is whole seconds read
/// from a number or from `MM:SS` / `HH:MM:SS` text (the English list sends `"00:46"`, the detail
/// and the Spanish list `270`), `last_call_at` a [`Timestamp`] (sent as `"2025-10-03 19:11:39"`,
/// without a zone), and the older `failed_retries` and `voicemail_retries` are kept next to
/// `retries`.
///
/// ```
/// use altur_client::models::{CampaignContact, ContactStatus};
///
/// let contact: CampaignContact = serde_json::from_str(
///     r#"{"id": 981, "contact": "+5215512345678", "status": "acepted",
///         "billed_duration": "00:46", "last_call_at": "2025-10-03 19:11:39"}"#,
/// )?;
/// assert_eq!(contact.status, Some(ContactStatus::Accepted));
/// assert_eq!(contact.billed_duration, Some(46));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CampaignContact {
    /// The contact's id.
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
    /// The phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Where the contact is in its lifecycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ContactStatus>,
    /// What the agent knows about the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Retries made so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Retries after failures (older Spanish documentation, in place of `retries`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_retries: Option<u32>,
    /// Retries after voicemails (older Spanish documentation, in place of `retries`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voicemail_retries: Option<u32>,
    /// Whether a follow-up is scheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_follow_up: Option<bool>,
    /// Calls made to the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_count: Option<u32>,
    /// Billed call time in seconds (`"MM:SS"` text or a number on the wire; sent as a number).
    #[serde(
        default,
        deserialize_with = "optional_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub billed_duration: Option<u64>,
    /// When the contact was last called.
    #[serde(
        default,
        deserialize_with = "optional_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_call_at: Option<Timestamp>,
    /// What the agent extracted from the conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extracted_data: Option<Map<String, Value>>,
    /// Tags assigned to the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl CampaignContact {
    /// A contact with only its id and phone number, for test doubles and the mock.
    pub fn new(id: u64, contact: impl Into<String>) -> Self {
        CampaignContact {
            id,
            f_id: None,
            name: None,
            contact: Some(contact.into()),
            status: None,
            context: None,
            retries: None,
            failed_retries: None,
            voicemail_retries: None,
            has_follow_up: None,
            call_count: None,
            billed_duration: None,
            last_call_at: None,
            extracted_data: None,
            tags: None,
        }
    }
}

/// `{"success": true, "contact": {..}}`, what
/// [`CampaignsApi::retrieve_campaign_contact`](crate::CampaignsApi::retrieve_campaign_contact)
/// returns. A bare contact decodes too, with `success` set to `true`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ContactResponse {
    /// Whether the call succeeded.
    pub success: bool,
    /// The contact.
    pub contact: CampaignContact,
}

impl ContactResponse {
    /// A successful response with this contact, for test doubles.
    pub fn new(contact: CampaignContact) -> Self {
        ContactResponse {
            success: true,
            contact,
        }
    }
}

impl<'de> Deserialize<'de> for ContactResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (success, contact) = envelope_or_bare(deserializer, "contact")?;
        Ok(ContactResponse { success, contact })
    }
}

/// The filters of
/// [`CampaignsApi::list_campaign_contacts`](crate::CampaignsApi::list_campaign_contacts), sent as
/// `status` and `pageSize` (1 to 100, default 50). Unset filters are not sent.
///
/// ```
/// use altur_client::models::{ContactFilters, ContactStatus};
///
/// let filters = ContactFilters::default().status(ContactStatus::Queue).page_size(100);
/// assert_eq!(filters.page_size, Some(100));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactFilters {
    /// Only contacts in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ContactStatus>,
    /// Contacts per page (`pageSize`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl ContactFilters {
    /// Only contacts in this status.
    #[must_use]
    pub fn status(mut self, status: ContactStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Contacts per page, 1 to 100.
    #[must_use]
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }
}

/// One page of
/// [`CampaignsApi::list_campaign_contacts`](crate::CampaignsApi::list_campaign_contacts):
/// `{total_count, contacts, pagination}`. The API computes `total_count` on the first page only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContactList {
    /// How many contacts match (first page only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// This page's contacts.
    #[serde(default, deserialize_with = "null_as_default")]
    pub contacts: Vec<CampaignContact>,
    /// Where the following and preceding pages are.
    #[serde(default, deserialize_with = "null_as_default")]
    pub pagination: IndexPagination,
}

impl ContactList {
    /// A page of contacts, for test doubles.
    pub fn new(contacts: Vec<CampaignContact>, pagination: IndexPagination) -> Self {
        ContactList {
            total_count: None,
            contacts,
            pagination,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The `/en` list page: `billed_duration` as `"MM:SS"`, the `acepted` typo.
    fn english_page() -> Value {
        json!({
            "total_count": 2,
            "contacts": [
                {
                    "f_id": "crm-1",
                    "id": 981,
                    "name": "Ada Lovelace",
                    "contact": "+5215512345678",
                    "status": "acepted",
                    "context": "Debe $1,200 desde marzo",
                    "retries": 1,
                    "has_follow_up": false,
                    "call_count": 2,
                    "billed_duration": "00:46",
                    "last_call_at": "2025-10-03 19:11:39",
                    "extracted_data": {"payment_date": "2025-10-10", "amount": 1200},
                    "tags": ["promesa-de-pago"],
                },
                {"id": 982, "contact": "+5215587654321", "status": "queue"},
            ],
            "pagination": {"has_next": true, "has_previous": false, "next_page": 1,
                           "previous_page": null},
        })
    }

    #[test]
    fn english_page_decodes_leniently_and_reencodes_canonically() {
        let page: ContactList = serde_json::from_value(english_page()).unwrap();
        assert_eq!(page.total_count, Some(2));
        let ada = &page.contacts[0];
        assert_eq!(ada.status, Some(ContactStatus::Accepted));
        assert_eq!(ada.billed_duration, Some(46));
        assert_eq!(
            ada.last_call_at.unwrap().to_string(),
            "2025-10-03T19:11:39+00:00"
        );
        assert_eq!(ada.extracted_data.as_ref().unwrap()["amount"], 1200);
        assert_eq!(page.pagination.next_after(0), Some(1));

        let encoded = serde_json::to_value(&page).unwrap();
        assert_eq!(encoded["contacts"][0]["status"], "accepted");
        assert_eq!(encoded["contacts"][0]["billed_duration"], 46);
        assert_eq!(
            encoded["contacts"][0]["last_call_at"],
            "2025-10-03T19:11:39+00:00"
        );
        assert_eq!(
            encoded["pagination"],
            json!({"has_next": true, "has_previous": false, "next_page": 1})
        );
        let again: ContactList = serde_json::from_value(encoded).unwrap();
        assert_eq!(again, page);
    }

    #[test]
    fn spanish_detail_with_numbers_and_old_retry_fields() {
        let payload = json!({
            "success": true,
            "contact": {
                "id": 981,
                "f_id": 1234,
                "contact": "+5215512345678",
                "status": "accepted",
                "failed_retries": 1,
                "voicemail_retries": 2,
                "billed_duration": 270,
                "last_call_at": "2025-10-03T19:11:39Z",
                "tags": [],
            },
        });
        let response: ContactResponse = serde_json::from_value(payload).unwrap();
        let contact = &response.contact;
        assert_eq!(contact.f_id.as_deref(), Some("1234"));
        assert_eq!(contact.status, Some(ContactStatus::Accepted));
        assert_eq!(contact.retries, None);
        assert_eq!(
            (contact.failed_retries, contact.voicemail_retries),
            (Some(1), Some(2))
        );
        assert_eq!(contact.billed_duration, Some(270));
        let again: ContactResponse =
            serde_json::from_value(serde_json::to_value(&response).unwrap()).unwrap();
        assert_eq!(again, response);
    }

    #[test]
    fn durations_in_every_shape() {
        let duration = |value: Value| {
            serde_json::from_value::<CampaignContact>(json!({"id": 1, "billed_duration": value}))
                .map(|contact| contact.billed_duration)
        };
        assert_eq!(duration(json!("00:46")).unwrap(), Some(46));
        assert_eq!(duration(json!("04:30")).unwrap(), Some(270));
        assert_eq!(duration(json!("1:02:03")).unwrap(), Some(3723));
        assert_eq!(duration(json!("270")).unwrap(), Some(270));
        assert_eq!(duration(json!(270)).unwrap(), Some(270));
        assert_eq!(duration(json!(45.6)).unwrap(), Some(46));
        assert_eq!(duration(json!(null)).unwrap(), None);
        assert_eq!(duration(json!("")).unwrap(), None);
        for bad in [
            json!("00:60"),
            json!("1:2:3:4"),
            json!("ab"),
            json!(-1),
            json!([]),
        ] {
            assert!(duration(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_documented_status() {
        let english = [
            "queue",
            "sending",
            "sent",
            "delivered",
            "voicemail",
            "read",
            "failed",
            "no-answer",
            "busy",
            "retrying",
            "converted",
            "acepted",
            "rejected",
            "unreachable",
        ];
        for status in english.into_iter().chain(["answered", "accepted"]) {
            let decoded = ContactStatus::from(status);
            assert!(!matches!(decoded, ContactStatus::Other(_)), "{status}");
            if status != "acepted" {
                assert_eq!(decoded.as_str(), status);
            }
        }
        assert_eq!(ContactStatus::from("acepted"), ContactStatus::Accepted);
    }

    #[test]
    fn add_contacts_body_and_response() {
        let mut ada = NewContact::new("+5215512345678");
        ada.name = Some("Ada".into());
        ada.context = Some("VIP".into());
        ada.extracted_data = Some(Map::from_iter([("plan".to_owned(), json!("pro"))]));
        ada.f_id = Some("crm-1".into());
        let body = AddContacts::new(vec![ada, NewContact::new("+5215587654321")]);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"contacts": [
                {"contact": "+5215512345678", "name": "Ada", "context": "VIP",
                 "extracted_data": {"plan": "pro"}, "f_id": "crm-1"},
                {"contact": "+5215587654321"},
            ]})
        );

        let payload = json!({
            "success": true,
            "summary": {"created": 1, "updated": 0, "skipped_duplicate": 1, "failed": 2},
            "results": [
                {"index": 0, "id": "981", "contact": "+5215512345678", "error": null},
                {"index": 1, "id": 975, "contact": "+5215587654321"},
                {"index": 2, "contact": "123", "error": {"code": "INVALID_PHONE_NUMBER",
                                                        "message": "invalid"}},
                {"index": 3, "id": null, "error": "MISSING_CONTACT"},
            ],
        });
        let response: AddContactsResponse = serde_json::from_value(payload).unwrap();
        assert_eq!(response.summary.total(), 4);
        let ids: Vec<Option<u64>> = response.results.iter().map(|r| r.contact_id()).collect();
        assert_eq!(ids, [Some(981), Some(975), None, None]);
        assert_eq!(
            response.results[2].error,
            Some(ContactError::new(
                ContactErrorCode::InvalidPhoneNumber,
                "invalid"
            ))
        );
        assert_eq!(
            response.results[3].error.as_ref().unwrap().code,
            Some(ContactErrorCode::MissingContact)
        );
        let encoded = serde_json::to_value(&response).unwrap();
        assert_eq!(encoded["results"][1]["id"], "975");
        assert_eq!(
            encoded["results"][3]["error"],
            json!({"code": "MISSING_CONTACT"})
        );
        let again: AddContactsResponse = serde_json::from_value(encoded).unwrap();
        assert_eq!(again, response);
    }

    #[test]
    fn contact_filters_are_query_pairs() {
        let filters = ContactFilters::default()
            .status(ContactStatus::NoAnswer)
            .page_size(25);
        assert_eq!(
            serde_html_form::to_string(&filters).unwrap(),
            "status=no-answer&pageSize=25"
        );
    }
}
