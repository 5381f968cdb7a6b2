//! `/campaigns`: campaigns and their contacts and calls kept in memory, with the documented
//! rules (lifecycle transitions, immutable fields, deletable contacts, page bounds, idempotent
//! replays).

// Handlers return the error response itself, so that they can `?` it; the mock is not a hot path.
#![allow(clippy::result_large_err)]

use super::service::{
    ErrorForm, MockRequest, MockResponse, error_with_code, is_e164, json, method_not_allowed, now,
};
use super::{MockServer, State, lock};
use crate::ApiError;
use crate::models::{
    AddContactResult, AddContactsResponse, AddContactsSummary, Agent, AnsweredBy, CallStatus,
    Campaign, CampaignAction, CampaignCall, CampaignCallList, CampaignContact, CampaignCycles,
    CampaignIntegrationType, CampaignList, CampaignResponse, CampaignStatus, CampaignUpdate,
    ContactError, ContactErrorCode, ContactList, ContactResponse, ContactStatus, CursorPagination,
    CycleMode, IfDuplicate, IndexPagination, Integration, NewCampaign, NewContact, Timestamp,
};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use hyper::header::HeaderValue;
use hyper::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The most contacts one add-contacts request may carry.
const MAX_CONTACTS: usize = crate::bulk::MAX_CONTACTS_PER_REQUEST;
const DEFAULT_PAGE_SIZE: u32 = 50;
const MAX_PAGE_SIZE: u32 = 100;
const MAX_PAGE_INDEX: u32 = 25_000;
const DEFAULT_TIMEZONE: &str = "America/Mexico_City";
const MAX_NAME_CHARS: usize = 255;
/// Set on a response that replays an earlier one with the same `Idempotency-Key`.
const REPLAYED_HEADER: &str = "idempotent-replayed";

/// What the mock knows about campaigns.
#[derive(Debug, Default)]
pub(super) struct Store {
    last_campaign_id: u64,
    last_contact_id: u64,
    campaigns: BTreeMap<u64, Entry>,
    /// The body of every successful `POST` that carried an `Idempotency-Key`, by path and key.
    replays: HashMap<(String, String), Value>,
}

#[derive(Debug)]
struct Entry {
    campaign: Campaign,
    contacts: BTreeMap<u64, CampaignContact>,
    /// In insertion order.
    calls: Vec<CampaignCall>,
}

impl Entry {
    fn new(campaign: Campaign) -> Self {
        Entry {
            campaign,
            contacts: BTreeMap::new(),
            calls: Vec::new(),
        }
    }
}

impl Store {
    fn entry(&self, id: u64) -> Result<&Entry, MockResponse> {
        self.campaigns.get(&id).ok_or_else(campaign_not_found)
    }

    fn entry_mut(&mut self, id: u64) -> Result<&mut Entry, MockResponse> {
        self.campaigns.get_mut(&id).ok_or_else(campaign_not_found)
    }
}

/// A handler's answer: the body of a `200`, or the error response.
type Handled = Result<Value, MockResponse>;

pub(super) fn route(state: &State, request: &MockRequest) -> Option<MockResponse> {
    let segments: Vec<&str> = request.segments.iter().map(String::as_str).collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return None;
    }
    let method = &request.method;
    let mut store = lock(&state.campaigns);
    let store = &mut *store;
    let handled = match segments.as_slice() {
        ["campaigns"] => match *method {
            Method::GET => list_campaigns(store, request),
            Method::POST => return Some(idempotent(store, request, create_campaign)),
            _ => return Some(method_not_allowed("GET, POST")),
        },
        ["campaigns", id] => match *method {
            Method::GET => campaign_id(id).and_then(|id| retrieve_campaign(store, id)),
            Method::PATCH => campaign_id(id).and_then(|id| update_campaign(store, request, id)),
            _ => return Some(method_not_allowed("GET, PATCH")),
        },
        ["campaigns", id, "contacts"] => match *method {
            Method::GET => campaign_id(id).and_then(|id| list_contacts(store, request, id)),
            Method::POST => return Some(idempotent(store, request, add_contacts)),
            _ => return Some(method_not_allowed("GET, POST")),
        },
        ["campaigns", id, "contacts", contact] => match *method {
            Method::GET => ids(id, contact).and_then(|ids| retrieve_contact(store, ids)),
            Method::DELETE => ids(id, contact).and_then(|ids| delete_contact(store, ids)),
            _ => return Some(method_not_allowed("GET, DELETE")),
        },
        ["campaigns", id, "calls"] => match *method {
            Method::GET => campaign_id(id).and_then(|id| list_calls(store, request, id)),
            _ => return Some(method_not_allowed("GET")),
        },
        ["campaigns", id, action] => match (CampaignAction::from_wire(action), method) {
            (Some(action), &Method::POST) => {
                campaign_id(id).and_then(|id| lifecycle(store, id, action))
            }
            (Some(_), _) => return Some(method_not_allowed("POST")),
            (None, &Method::POST) => Err(error_with_code(
                StatusCode::BAD_REQUEST,
                "UNKNOWN_ACTION",
                &format!("unknown action `{action}`; expected activate, pause, resume or archive"),
            )),
            (None, _) => return None,
        },
        _ => return None,
    };
    Some(respond(handled))
}

fn respond(handled: Handled) -> MockResponse {
    match handled {
        Ok(body) => json(StatusCode::OK, &body),
        Err(response) => response,
    }
}

/// Runs a `POST` handler, remembering its successful answer under the request's
/// `Idempotency-Key` (per path) and replaying it for later requests with the same key. Errors are
/// not remembered, so a corrected request can reuse the key.
fn idempotent(
    store: &mut Store,
    request: &MockRequest,
    handler: fn(&mut Store, &MockRequest) -> Handled,
) -> MockResponse {
    let Some(key) = request.header("idempotency-key") else {
        return respond(handler(store, request));
    };
    let scope = (request.segments.join("/"), key.to_owned());
    if let Some(body) = store.replays.get(&scope) {
        let mut response = json(StatusCode::OK, body);
        response
            .headers_mut()
            .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        return response;
    }
    let handled = handler(store, request);
    if let Ok(body) = &handled {
        store.replays.insert(scope, body.clone());
    }
    respond(handled)
}

fn to_body(value: &impl Serialize) -> Handled {
    serde_json::to_value(value).map_err(|_| {
        error_with_code(
            StatusCode::INTERNAL_SERVER_ERROR,
            "SERVER_ERROR",
            "failed to encode the response",
        )
    })
}

fn invalid(message: &str) -> MockResponse {
    ErrorForm::Named.invalid(message)
}

fn campaign_not_found() -> MockResponse {
    error_with_code(
        StatusCode::NOT_FOUND,
        "CAMPAIGN_NOT_FOUND",
        "campaign not found",
    )
}

fn contact_not_found() -> MockResponse {
    error_with_code(
        StatusCode::NOT_FOUND,
        "CONTACT_NOT_FOUND",
        "contact not found",
    )
}

fn campaign_id(text: &str) -> Result<u64, MockResponse> {
    text.parse()
        .map_err(|_| invalid("invalid campaign id: expected an integer"))
}

fn ids(campaign: &str, contact: &str) -> Result<(u64, u64), MockResponse> {
    let campaign = campaign_id(campaign)?;
    let contact = contact
        .parse()
        .map_err(|_| invalid("invalid contact id: expected an integer"))?;
    Ok((campaign, contact))
}

// ---------------------------------------------------------------------------------------------
// Campaigns

fn list_campaigns(store: &Store, request: &MockRequest) -> Handled {
    let agent_id = match request.query("agentId") {
        Some(text) => {
            Some(Uuid::parse_str(text).map_err(|_| invalid("invalid `agentId`: expected a UUID"))?)
        }
        None => None,
    };
    let status = known_enum(request, "status", |status: &CampaignStatus| {
        matches!(status, CampaignStatus::Other(_))
    })?;
    let integration = known_enum(request, "integration", |kind: &CampaignIntegrationType| {
        matches!(kind, CampaignIntegrationType::Other(_))
    })?;
    let period = match (request.query("startDate"), request.query("endDate")) {
        (None, None) => None,
        (Some(start), Some(end)) => Some(period(start, end)?),
        _ => {
            return Err(invalid(
                "`startDate` and `endDate` must be provided together",
            ));
        }
    };
    let page_size = page_size(request)?;
    let matching: Vec<&Campaign> = store
        .campaigns
        .values()
        .map(|entry| &entry.campaign)
        .filter(|campaign| {
            agent_id.is_none_or(|id| campaign.agent.as_ref().is_some_and(|agent| agent.id == id))
                && status
                    .as_ref()
                    .is_none_or(|status| campaign.status.as_ref() == Some(status))
                && integration
                    .as_ref()
                    .is_none_or(|kind| campaign.integration_type.as_ref() == Some(kind))
                && period.is_none_or(|period| in_period(campaign.created_at, period))
        })
        .collect();
    let size = usize::try_from(page_size).unwrap_or(usize::MAX);
    let page: Vec<&Campaign> = match request.query("cursor").map(parse_cursor) {
        None => matching.iter().take(size).copied().collect(),
        Some(Some(Cursor::After(id))) => matching
            .iter()
            .filter(|campaign| campaign.id > id)
            .take(size)
            .copied()
            .collect(),
        Some(Some(Cursor::Before(id))) => {
            let before: Vec<&Campaign> = matching
                .iter()
                .filter(|campaign| campaign.id < id)
                .copied()
                .collect();
            before[before.len().saturating_sub(size)..].to_vec()
        }
        Some(None) => return Err(invalid("invalid `cursor`")),
    };
    let (first, last) = match (page.first(), page.last()) {
        (Some(first), Some(last)) => (first.id, last.id),
        _ => (0, u64::MAX),
    };
    let has_next = matching.iter().any(|campaign| campaign.id > last);
    let has_previous = matching.iter().any(|campaign| campaign.id < first);
    let list = CampaignList {
        total_count: u64::try_from(matching.len()).ok(),
        campaigns: page.into_iter().cloned().collect(),
        pagination: CursorPagination {
            has_next,
            has_previous,
            next_cursor: has_next.then(|| Cursor::After(last).encode()),
            previous_cursor: has_previous.then(|| Cursor::Before(first).encode()),
        },
    };
    to_body(&list)
}

/// An opaque campaign-list cursor: `n` or `p` and the id of the page's last or first campaign, in
/// hexadecimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    After(u64),
    Before(u64),
}

impl Cursor {
    fn encode(self) -> String {
        match self {
            Cursor::After(id) => format!("n{id:016x}"),
            Cursor::Before(id) => format!("p{id:016x}"),
        }
    }
}

fn parse_cursor(text: &str) -> Option<Cursor> {
    let (direction, id) = text.split_at_checked(1)?;
    if id.len() != 16 || !id.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    let id = u64::from_str_radix(id, 16).ok()?;
    match direction {
        "n" => Some(Cursor::After(id)),
        "p" => Some(Cursor::Before(id)),
        _ => None,
    }
}

fn retrieve_campaign(store: &Store, id: u64) -> Handled {
    to_body(&CampaignResponse::new(store.entry(id)?.campaign.clone()))
}

fn create_campaign(store: &mut Store, request: &MockRequest) -> Handled {
    let new: NewCampaign = request.json()?;
    check_name(&new.name)?;
    check_limits(new.retries, new.message_limit)?;
    check_channel(
        &new.integration_type,
        new.first_message.is_some(),
        new.template.is_some() || new.template_alt.is_some(),
        new.cycles.is_some(),
    )?;
    if let Some(cycles) = &new.cycles {
        check_new_cycles(cycles)?;
    }
    let id = store
        .last_campaign_id
        .checked_add(1)
        .ok_or_else(|| invalid("no campaign ids left"))?;
    let cycles = new.cycles.clone();
    let mut campaign = Campaign::new(id, new.name);
    campaign.description = new.description;
    // The first of the documented statuses, and one `activate` accepts: a new campaign can be
    // activated at once.
    campaign.status = Some(CampaignStatus::Pending);
    campaign.archived = Some(false);
    campaign.created_at = Some(now());
    campaign.agent = Some(Agent::new(new.agent_id));
    campaign.integration = Some(Integration {
        id: Some(new.integration_id),
        kind: None,
    });
    campaign.integration_type = Some(new.integration_type);
    campaign.scheduling = new.scheduling;
    campaign.timezone = Some(new.timezone.unwrap_or_else(|| DEFAULT_TIMEZONE.to_owned()));
    campaign.retries = Some(new.retries.unwrap_or(0));
    campaign.message_limit = new.message_limit;
    campaign.first_message = new.first_message;
    campaign.template = new.template;
    campaign.template_alt = new.template_alt;
    campaign.cycles = cycles;
    sync_flat_cycle_fields(&mut campaign);
    store.last_campaign_id = id;
    store.campaigns.insert(id, Entry::new(campaign.clone()));
    to_body(&CampaignResponse::new(campaign))
}

/// The list item's flat `cycle_*` fields, from the `cycles` object.
fn sync_flat_cycle_fields(campaign: &mut Campaign) {
    let cycles = campaign.cycles.clone().unwrap_or_default();
    campaign.cycle_enabled = Some(cycles.enabled.unwrap_or(false));
    campaign.cycle_max_iterations = cycles.max_iterations;
    campaign.cycle_cooldown_minutes = cycles.cooldown_minutes;
    campaign.cycle_filter_statuses = cycles.filter_statuses;
    campaign.cycle_filter_tags = cycles.filter_tags;
}

fn check_name(name: &str) -> Result<(), MockResponse> {
    if name.trim().is_empty() {
        return Err(invalid("`name` must not be empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid("`name` must be at most 255 characters"));
    }
    Ok(())
}

fn check_limits(retries: Option<u32>, message_limit: Option<u32>) -> Result<(), MockResponse> {
    if retries.is_some_and(|retries| retries > 5) {
        return Err(invalid("`retries` must be from 0 to 5"));
    }
    if message_limit.is_some_and(|limit| !(1..=10_000).contains(&limit)) {
        return Err(invalid("`message_limit` must be from 1 to 10000"));
    }
    Ok(())
}

/// Refuses the fields of the other channel.
fn check_channel(
    channel: &CampaignIntegrationType,
    first_message: bool,
    template: bool,
    cycles: bool,
) -> Result<(), MockResponse> {
    match channel {
        CampaignIntegrationType::PhoneCall if template => Err(invalid(
            "`template` and `template_alt` are for whatsapp campaigns only",
        )),
        CampaignIntegrationType::Whatsapp if first_message => {
            Err(invalid("`first_message` is for phone_call campaigns only"))
        }
        CampaignIntegrationType::Whatsapp if cycles => {
            Err(invalid("`cycles` are for phone_call campaigns only"))
        }
        CampaignIntegrationType::Other(other) => Err(invalid(&format!(
            "unknown `integration_type` `{other}`; expected phone_call or whatsapp"
        ))),
        _ => Ok(()),
    }
}

fn check_new_cycles(cycles: &CampaignCycles) -> Result<(), MockResponse> {
    let has_schedule = cycles.schedule.is_some()
        || cycles.schedule_start_date.is_some()
        || cycles.schedule_end_date.is_some();
    match &cycles.mode {
        Some(CycleMode::Cooldown) if has_schedule => Err(invalid(
            "`schedule` fields are rejected when `cycles.mode` is cooldown",
        )),
        Some(CycleMode::Other(other)) => Err(invalid(&format!(
            "unknown `cycles.mode` `{other}`; expected cooldown or scheduled"
        ))),
        _ => Ok(()),
    }
}

fn update_campaign(store: &mut Store, request: &MockRequest, id: u64) -> Handled {
    let entry = store.entry_mut(id)?;
    if entry.campaign.status == Some(CampaignStatus::Finished) {
        return Err(error_with_code(
            StatusCode::CONFLICT,
            "CAMPAIGN_FINISHED",
            "a finished campaign cannot be updated",
        ));
    }
    let raw: Map<String, Value> = request.json()?;
    let immutable = ["agent_id", "integration_id", "integration_type"]
        .into_iter()
        .find(|field| raw.contains_key(*field))
        .map(str::to_owned)
        .or_else(|| {
            let Some(Value::Object(cycles)) = raw.get("cycles") else {
                return None;
            };
            ["enabled", "mode"]
                .into_iter()
                .find(|field| cycles.contains_key(*field))
                .map(|field| format!("cycles.{field}"))
        });
    if let Some(field) = immutable {
        let mut body = ApiError::new(
            "IMMUTABLE_FIELD",
            format!("`{field}` cannot be changed after creation"),
        );
        body.details
            .insert("field".to_owned(), Value::String(field));
        return Err(json(StatusCode::BAD_REQUEST, &body));
    }
    let update: CampaignUpdate = serde_json::from_value(Value::Object(raw))
        .map_err(|error| invalid(&format!("invalid request body: {error}")))?;
    if let Some(name) = &update.name {
        check_name(name)?;
    }
    check_limits(update.retries, update.message_limit)?;
    let campaign = &mut entry.campaign;
    let channel = campaign
        .integration_type
        .clone()
        .unwrap_or(CampaignIntegrationType::PhoneCall);
    check_channel(
        &channel,
        update.first_message.is_some(),
        update.template.is_some() || update.template_alt.is_some(),
        false,
    )?;
    if let Some(changes) = &update.cycles {
        let cycles = campaign
            .cycles
            .as_ref()
            .filter(|cycles| cycles.enabled == Some(true))
            .ok_or_else(|| {
                error_with_code(
                    StatusCode::BAD_REQUEST,
                    "CYCLES_NOT_ENABLED",
                    "this campaign was created without cycles",
                )
            })?;
        let has_schedule = changes.schedule.is_some()
            || changes.schedule_start_date.is_some()
            || changes.schedule_end_date.is_some();
        if has_schedule && cycles.mode != Some(CycleMode::Scheduled) {
            return Err(error_with_code(
                StatusCode::BAD_REQUEST,
                "SCHEDULED_MODE_ONLY",
                "`schedule` fields are only allowed in scheduled mode",
            ));
        }
    }
    apply_update(campaign, update);
    to_body(&CampaignResponse::new(campaign.clone()))
}

fn apply_update(campaign: &mut Campaign, update: CampaignUpdate) {
    fn set<T>(field: &mut Option<T>, value: Option<T>) {
        if value.is_some() {
            *field = value;
        }
    }
    if let Some(name) = update.name {
        campaign.name = name;
    }
    set(&mut campaign.description, update.description);
    set(&mut campaign.timezone, update.timezone);
    set(&mut campaign.retries, update.retries);
    set(&mut campaign.message_limit, update.message_limit);
    set(&mut campaign.first_message, update.first_message);
    set(&mut campaign.template, update.template);
    set(&mut campaign.template_alt, update.template_alt);
    set(&mut campaign.scheduling, update.scheduling);
    if let Some(changes) = update.cycles {
        let cycles = campaign.cycles.get_or_insert_with(CampaignCycles::default);
        set(&mut cycles.max_iterations, changes.max_iterations);
        set(&mut cycles.cooldown_minutes, changes.cooldown_minutes);
        set(&mut cycles.filter_statuses, changes.filter_statuses);
        set(&mut cycles.filter_tags, changes.filter_tags);
        set(&mut cycles.schedule, changes.schedule);
        set(&mut cycles.schedule_start_date, changes.schedule_start_date);
        set(&mut cycles.schedule_end_date, changes.schedule_end_date);
        sync_flat_cycle_fields(campaign);
    }
}

fn lifecycle(store: &mut Store, id: u64, action: CampaignAction) -> Handled {
    use CampaignStatus::{Active, Cooldown, Inactive, Pending, Ready};
    let campaign = &mut store.entry_mut(id)?.campaign;
    let current = campaign.status.clone().unwrap_or(Pending);
    match (action, &current) {
        (CampaignAction::Archive, _) => campaign.archived = Some(true),
        (CampaignAction::Activate, Pending | Ready | Cooldown)
        | (CampaignAction::Resume, Inactive) => campaign.status = Some(Active),
        (CampaignAction::Pause, Active | Cooldown) => campaign.status = Some(Inactive),
        // Documented no-op successes.
        (CampaignAction::Pause, Inactive) | (CampaignAction::Resume, Active) => {}
        _ => {
            let mut body = ApiError::new(
                "INVALID_STATUS_TRANSITION",
                format!("cannot {action} a campaign in status `{current}`"),
            );
            body.details
                .insert("current_status".to_owned(), json!(current.as_str()));
            body.details
                .insert("valid_targets".to_owned(), json!(valid_targets(&current)));
            return Err(json(StatusCode::CONFLICT, &body));
        }
    }
    to_body(&CampaignResponse::new(campaign.clone()))
}

/// The statuses an action can move a campaign in `current` to.
fn valid_targets(current: &CampaignStatus) -> &'static [&'static str] {
    match current {
        CampaignStatus::Pending | CampaignStatus::Ready | CampaignStatus::Inactive => &["active"],
        CampaignStatus::Cooldown => &["active", "inactive"],
        CampaignStatus::Active => &["inactive"],
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------------
// Contacts

fn add_contacts(store: &mut Store, request: &MockRequest) -> Handled {
    #[derive(Deserialize)]
    struct Body {
        contacts: Vec<Value>,
        #[serde(default)]
        if_duplicate: Option<IfDuplicate>,
    }
    let id = match request.segments.get(1) {
        Some(id) => campaign_id(id)?,
        None => return Err(campaign_not_found()),
    };
    let Store {
        campaigns,
        last_contact_id,
        ..
    } = store;
    let entry = campaigns.get_mut(&id).ok_or_else(campaign_not_found)?;
    let body: Body = request.json()?;
    if body.contacts.len() > MAX_CONTACTS {
        return Err(invalid(&format!(
            "at most {MAX_CONTACTS} contacts per request, got {}",
            body.contacts.len()
        )));
    }
    let update = match body.if_duplicate {
        None | Some(IfDuplicate::Skip) => false,
        Some(IfDuplicate::Update) => true,
        Some(IfDuplicate::Other(other)) => {
            return Err(invalid(&format!(
                "unknown `if_duplicate` `{other}`; expected skip or update"
            )));
        }
    };
    let mut summary = AddContactsSummary::default();
    let mut results = Vec::with_capacity(body.contacts.len());
    for (index, item) in body.contacts.into_iter().enumerate() {
        let mut result = AddContactResult::new(index);
        result.contact = item
            .get("contact")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let new = match parse_contact(item) {
            Ok(new) => new,
            Err(error) => {
                result.error = Some(error);
                summary.failed += 1;
                results.push(result);
                continue;
            }
        };
        let existing = entry
            .contacts
            .values_mut()
            .find(|contact| contact.contact.as_deref() == Some(new.contact.as_str()));
        if let Some(existing) = existing {
            result.id = Some(existing.id.to_string());
            if update {
                existing.name = new.name;
                existing.context = new.context;
                existing.extracted_data = new.extracted_data;
                existing.f_id = new.f_id;
                summary.updated += 1;
            } else {
                summary.skipped_duplicate += 1;
            }
        } else if let Some(contact_id) = last_contact_id.checked_add(1) {
            *last_contact_id = contact_id;
            entry
                .contacts
                .insert(contact_id, new_contact(contact_id, new));
            result.id = Some(contact_id.to_string());
            summary.created += 1;
        } else {
            result.error = Some(ContactError::new(
                ContactErrorCode::ServerError,
                "no contact ids left",
            ));
            summary.failed += 1;
        }
        results.push(result);
    }
    to_body(&AddContactsResponse::new(summary, results))
}

/// One item of an add-contacts body, or why it is refused.
fn parse_contact(item: Value) -> Result<NewContact, ContactError> {
    match item.get("contact") {
        None | Some(Value::Null) => {
            return Err(ContactError::new(
                ContactErrorCode::MissingContact,
                "the contact has no phone number",
            ));
        }
        Some(Value::String(phone)) if phone.trim().is_empty() => {
            return Err(ContactError::new(
                ContactErrorCode::MissingContact,
                "the contact has no phone number",
            ));
        }
        Some(Value::String(phone)) if !is_e164(phone) => {
            return Err(ContactError::new(
                ContactErrorCode::InvalidPhoneNumber,
                "expected an E.164 phone number, such as +5215512345678",
            ));
        }
        Some(Value::String(_)) => {}
        Some(_) => {
            return Err(ContactError::new(
                ContactErrorCode::InvalidPhoneNumber,
                "expected the phone number as a string",
            ));
        }
    }
    serde_json::from_value(item).map_err(|error| ContactError {
        code: Some(ContactErrorCode::Other("INVALID_REQUEST".to_owned())),
        message: Some(format!("invalid contact: {error}")),
    })
}

fn new_contact(id: u64, new: NewContact) -> CampaignContact {
    let mut contact = CampaignContact::new(id, new.contact);
    contact.f_id = new.f_id;
    contact.name = new.name;
    contact.context = new.context;
    contact.extracted_data = new.extracted_data;
    contact.status = Some(ContactStatus::Queue);
    contact.retries = Some(0);
    contact.has_follow_up = Some(false);
    contact.call_count = Some(0);
    contact.billed_duration = Some(0);
    contact.tags = Some(Vec::new());
    contact
}

fn list_contacts(store: &Store, request: &MockRequest, id: u64) -> Handled {
    let entry = store.entry(id)?;
    let status = known_enum(request, "status", |status: &ContactStatus| {
        matches!(status, ContactStatus::Other(_))
    })?;
    let (page_size, page_index) = (page_size(request)?, page_index(request)?);
    let matching: Vec<&CampaignContact> = entry
        .contacts
        .values()
        .filter(|contact| {
            status
                .as_ref()
                .is_none_or(|status| contact.status.as_ref() == Some(status))
        })
        .collect();
    let (contacts, mut pagination) = page_of(&matching, page_size, page_index);
    // The contacts list carries neither; the calls list does.
    pagination.page_index = None;
    pagination.page_size = None;
    let list = ContactList {
        // "Only calculated in the first page."
        total_count: (page_index == 0)
            .then(|| u64::try_from(matching.len()).ok())
            .flatten(),
        contacts: contacts.into_iter().cloned().collect(),
        pagination,
    };
    to_body(&list)
}

fn retrieve_contact(store: &Store, (id, contact_id): (u64, u64)) -> Handled {
    let contact = store
        .entry(id)?
        .contacts
        .get(&contact_id)
        .ok_or_else(contact_not_found)?;
    to_body(&ContactResponse::new(contact.clone()))
}

fn delete_contact(store: &mut Store, (id, contact_id): (u64, u64)) -> Handled {
    let contacts = &mut store.entry_mut(id)?.contacts;
    let contact = contacts.get(&contact_id).ok_or_else(contact_not_found)?;
    match &contact.status {
        None | Some(ContactStatus::Queue | ContactStatus::Failed) => {}
        Some(status) => {
            return Err(error_with_code(
                StatusCode::CONFLICT,
                "CONTACT_NOT_DELETABLE",
                &format!(
                    "only contacts in queue or failed status can be deleted; this one is `{status}`"
                ),
            ));
        }
    }
    contacts.remove(&contact_id);
    Ok(json!({"success": true, "message": "Contact deleted successfully"}))
}

// ---------------------------------------------------------------------------------------------
// Calls

fn list_calls(store: &Store, request: &MockRequest, id: u64) -> Handled {
    let entry = store.entry(id)?;
    let status = known_enum(request, "status", |status: &CallStatus| {
        matches!(status, CallStatus::Other(_))
    })?;
    let answered_by = known_enum(request, "answeredBy", |by: &AnsweredBy| {
        matches!(by, AnsweredBy::Other(_))
    })?;
    let start = match request.query("startDate") {
        Some(text) => Some(date_bound(text, false).ok_or_else(|| invalid("invalid `startDate`"))?),
        None => None,
    };
    let end = match request.query("endDate") {
        Some(text) => Some(date_bound(text, true).ok_or_else(|| invalid("invalid `endDate`"))?),
        None => None,
    };
    let (page_size, page_index) = (page_size(request)?, page_index(request)?);
    let matching: Vec<&CampaignCall> = entry
        .calls
        .iter()
        .filter(|call| {
            let created = call.created_at.map(|time| time.as_datetime());
            status
                .as_ref()
                .is_none_or(|status| call.status.as_ref() == Some(status))
                && answered_by
                    .as_ref()
                    .is_none_or(|by| call.answered_by.as_ref() == Some(by))
                && start.is_none_or(|start| created.is_some_and(|created| created >= start))
                && end.is_none_or(|end| created.is_some_and(|created| created <= end))
        })
        .collect();
    let (calls, pagination) = page_of(&matching, page_size, page_index);
    let list = CampaignCallList {
        total_count: u64::try_from(matching.len()).ok(),
        calls: calls.into_iter().cloned().collect(),
        pagination,
    };
    to_body(&list)
}

// ---------------------------------------------------------------------------------------------
// Query parameters

/// A query value that must be one of the documented values of `T`.
fn known_enum<'a, T: From<&'a str>>(
    request: &'a MockRequest,
    key: &str,
    is_unknown: impl Fn(&T) -> bool,
) -> Result<Option<T>, MockResponse> {
    match request.query(key).map(T::from) {
        Some(value) if is_unknown(&value) => Err(invalid(&format!("invalid `{key}`"))),
        value => Ok(value),
    }
}

fn page_size(request: &MockRequest) -> Result<u32, MockResponse> {
    match request.query("pageSize") {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(text) => text
            .parse()
            .ok()
            .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
            .ok_or_else(|| invalid("`pageSize` must be an integer from 1 to 100")),
    }
}

fn page_index(request: &MockRequest) -> Result<u32, MockResponse> {
    match request.query("pageIndex") {
        None => Ok(0),
        Some(text) => text
            .parse()
            .ok()
            .filter(|index| *index <= MAX_PAGE_INDEX)
            .ok_or_else(|| invalid("`pageIndex` must be an integer from 0 to 25000")),
    }
}

/// Page `index` of `items`, `size` items long, with the pagination block of the calls list.
fn page_of<'a, T>(items: &[&'a T], size: u32, index: u32) -> (Vec<&'a T>, IndexPagination) {
    let size_items = usize::try_from(size).unwrap_or(usize::MAX);
    let start = usize::try_from(index)
        .unwrap_or(usize::MAX)
        .saturating_mul(size_items);
    let page = items.iter().skip(start).take(size_items).copied().collect();
    let has_next = start.saturating_add(size_items) < items.len();
    let has_previous = index > 0;
    let pagination = IndexPagination {
        page_index: Some(index),
        page_size: Some(size),
        has_next,
        has_previous,
        next_page: has_next.then(|| index.saturating_add(1)),
        previous_page: has_previous.then(|| index - 1),
    };
    (page, pagination)
}

/// `startDate`/`endDate` of the campaigns list, both required.
fn period(
    start: &str,
    end: &str,
) -> Result<(DateTime<FixedOffset>, DateTime<FixedOffset>), MockResponse> {
    let start = date_bound(start, false).ok_or_else(|| invalid("invalid `startDate`"))?;
    let end = date_bound(end, true).ok_or_else(|| invalid("invalid `endDate`"))?;
    Ok((start, end))
}

fn in_period(
    created_at: Option<Timestamp>,
    (start, end): (DateTime<FixedOffset>, DateTime<FixedOffset>),
) -> bool {
    created_at.is_some_and(|created| {
        let created = created.as_datetime();
        created >= start && created <= end
    })
}

/// An ISO 8601 time, or a date meaning its first (`end` false) or last (`end` true) instant in
/// UTC.
fn date_bound(text: &str, end: bool) -> Option<DateTime<FixedOffset>> {
    if let Some(time) = Timestamp::parse(text) {
        return Some(time.as_datetime());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let time = if end {
        NaiveTime::from_hms_milli_opt(23, 59, 59, 999)?
    } else {
        NaiveTime::MIN
    };
    Some(date.and_time(time).and_utc().fixed_offset())
}

// ---------------------------------------------------------------------------------------------
// Seeding from tests

/// Campaigns: seeding the data the API creates by itself (calls, contact progress, status
/// changes over time).
///
/// The mock serves every `/campaigns` endpoint of [`CampaignsApi`](crate::CampaignsApi) with the
/// documented rules:
///
/// - New campaigns get the next integer id and start `pending` (which `activate` accepts), with
///   the timezone `America/Mexico_City` unless given. Fields of the other channel, `cycles` in
///   `cooldown` mode with `schedule*` fields, a name that is empty or longer than 255
///   characters, `retries` above 5 or a `message_limit` outside 1 to 10000 are a `400
///   INVALID_REQUEST`.
/// - Lifecycle actions follow [`CampaignAction`]'s table; anything else is a `409
///   INVALID_STATUS_TRANSITION` with `current_status` and `valid_targets` (the statuses an
///   action could move the campaign to). An unknown action is a `400 UNKNOWN_ACTION`.
/// - `PATCH` of a finished campaign is a `409 CAMPAIGN_FINISHED`; of `agent_id`,
///   `integration_id`, `integration_type`, `cycles.enabled` or `cycles.mode` a `400
///   IMMUTABLE_FIELD` with `field`; cycle fields of a campaign without cycles a `400
///   CYCLES_NOT_ENABLED`; `schedule*` fields outside scheduled mode a `400 SCHEDULED_MODE_ONLY`.
/// - Adding more than 1,000 contacts, or an item the document's `NewContact` schema refuses
///   (one without `contact`, or with an empty one), is a `400`. Contacts are duplicates when
///   their phone numbers are equal, and are skipped or updated as `if_duplicate` says. Items
///   whose phone number is blank fail with `MISSING_CONTACT`, items whose number is not E.164
///   (`+` and 2 to 15 digits) with `INVALID_PHONE_NUMBER`; the others are still added,
///   `queue`d.
/// - Only contacts in `queue` or `failed` can be deleted; others are a `409
///   CONTACT_NOT_DELETABLE`.
/// - The campaign list pages by an opaque cursor, the contacts and calls lists by page index;
///   `pageSize` is 1 to 100 (default 50) and `pageIndex` 0 to 25,000. The contacts list has
///   `total_count` on its first page only. `startDate` and `endDate` filter on `created_at`, and
///   the campaign list requires them together.
/// - A successful `POST /campaigns` or `POST /campaigns/{id}/contacts` with an
///   `Idempotency-Key` is remembered (per path): a later request with the same key gets the
///   original response again, with the header `Idempotent-Replayed: true`, and changes nothing.
/// - Unknown campaigns and contacts are a `404` (`CAMPAIGN_NOT_FOUND`, `CONTACT_NOT_FOUND`), ids
///   that are not integers a `400`, other methods a `405`.
impl MockServer {
    /// Stores `campaign` under its id, replacing and returning the campaign stored there before
    /// (its contacts and calls are kept). Campaigns created through the API afterwards get
    /// higher ids.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CampaignsApi;
    /// use altur_client::models::{Campaign, CampaignStatus};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let mut campaign = Campaign::new(7, "Renewals");
    /// campaign.status = Some(CampaignStatus::Ready);
    /// assert_eq!(server.insert_campaign(campaign), None);
    /// let found = server.client()?.retrieve_campaign(7).await?.campaign;
    /// assert_eq!(found.status, Some(CampaignStatus::Ready));
    /// # Ok(())
    /// # }
    /// ```
    pub fn insert_campaign(&self, campaign: Campaign) -> Option<Campaign> {
        let mut store = lock(&self.state.campaigns);
        store.last_campaign_id = store.last_campaign_id.max(campaign.id);
        match store.campaigns.get_mut(&campaign.id) {
            Some(entry) => Some(std::mem::replace(&mut entry.campaign, campaign)),
            None => {
                store.campaigns.insert(campaign.id, Entry::new(campaign));
                None
            }
        }
    }

    /// The campaign with this id as the mock holds it now.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::models::Campaign;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// server.insert_campaign(Campaign::new(1, "A"));
    /// assert_eq!(server.campaign(1).map(|campaign| campaign.name).as_deref(), Some("A"));
    /// assert_eq!(server.campaign(2), None);
    /// # }
    /// ```
    pub fn campaign(&self, id: u64) -> Option<Campaign> {
        lock(&self.state.campaigns)
            .campaigns
            .get(&id)
            .map(|entry| entry.campaign.clone())
    }

    /// Sets a campaign's status, as the platform does when a campaign finishes or cools down.
    /// Returns whether the campaign exists.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CampaignsApi;
    /// use altur_client::models::{Campaign, CampaignAction, CampaignStatus};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// server.insert_campaign(Campaign::new(1, "A"));
    /// assert!(server.set_campaign_status(1, CampaignStatus::Finished));
    /// let refused = server.client()?.campaign_action(1, CampaignAction::Activate).await;
    /// assert_eq!(refused.unwrap_err().status(), Some(409));
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_campaign_status(&self, id: u64, status: CampaignStatus) -> bool {
        match lock(&self.state.campaigns).campaigns.get_mut(&id) {
            Some(entry) => {
                entry.campaign.status = Some(status);
                true
            }
            None => false,
        }
    }

    /// Stores `contact` in a campaign under its id, replacing the contact stored there before.
    /// Contacts added through the API afterwards get higher ids. Returns whether the campaign
    /// exists.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CampaignsApi;
    /// use altur_client::models::{Campaign, CampaignContact, ContactStatus};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// server.insert_campaign(Campaign::new(1, "A"));
    /// let mut contact = CampaignContact::new(10, "+5215512345678");
    /// contact.status = Some(ContactStatus::Converted);
    /// contact.billed_duration = Some(46);
    /// assert!(server.insert_campaign_contact(1, contact));
    /// let found = server.client()?.retrieve_campaign_contact(1, 10).await?.contact;
    /// assert_eq!(found.billed_duration, Some(46));
    /// # Ok(())
    /// # }
    /// ```
    pub fn insert_campaign_contact(&self, campaign_id: u64, contact: CampaignContact) -> bool {
        let mut store = lock(&self.state.campaigns);
        store.last_contact_id = store.last_contact_id.max(contact.id);
        match store.campaigns.get_mut(&campaign_id) {
            Some(entry) => {
                entry.contacts.insert(contact.id, contact);
                true
            }
            None => false,
        }
    }

    /// Sets a contact's status, as the platform does while it works through a campaign. Returns
    /// whether the campaign and the contact exist.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CampaignsApi;
    /// use altur_client::models::{Campaign, CampaignContact, ContactStatus};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// server.insert_campaign(Campaign::new(1, "A"));
    /// server.insert_campaign_contact(1, CampaignContact::new(10, "+5215512345678"));
    /// assert!(server.set_contact_status(1, 10, ContactStatus::Sent));
    /// let refused = server.client()?.delete_campaign_contact(1, 10).await;
    /// assert_eq!(refused.unwrap_err().status(), Some(409));
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_contact_status(
        &self,
        campaign_id: u64,
        contact_id: u64,
        status: ContactStatus,
    ) -> bool {
        let mut store = lock(&self.state.campaigns);
        let contact = store
            .campaigns
            .get_mut(&campaign_id)
            .and_then(|entry| entry.contacts.get_mut(&contact_id));
        match contact {
            Some(contact) => {
                contact.status = Some(status);
                true
            }
            None => false,
        }
    }

    /// Appends a call to a campaign's calls, which
    /// [`list_campaign_calls`](crate::CampaignsApi::list_campaign_calls) returns in the order
    /// they were appended. Returns whether the campaign exists.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::CampaignsApi;
    /// use altur_client::models::{Campaign, CampaignCall, CampaignCallFilters};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// server.insert_campaign(Campaign::new(1, "A"));
    /// assert!(server.insert_campaign_call(1, CampaignCall::new("call_1")));
    /// let page = server
    ///     .client()?
    ///     .list_campaign_calls(1, &CampaignCallFilters::default(), 0)
    ///     .await?;
    /// assert_eq!(page.calls[0].id, "call_1");
    /// # Ok(())
    /// # }
    /// ```
    pub fn insert_campaign_call(&self, campaign_id: u64, call: CampaignCall) -> bool {
        match lock(&self.state.campaigns).campaigns.get_mut(&campaign_id) {
            Some(entry) => {
                entry.calls.push(call);
                true
            }
            None => false,
        }
    }
}
