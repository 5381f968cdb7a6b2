//! The crate against its OpenAPI document, `altur-client/openapi/altur.yaml`: every operation of
//! the document has a model here, every example the document gives, of a request, a response or
//! a webhook, decodes into the model the crate uses for it, the request bodies the crate sends
//! validate against the document's schemas, and its query structs send only declared keys.

use altur_client::models::{
    AddContacts, AddContactsResponse, AnsweredBy, Call, CallStatus, CampaignCallFilters,
    CampaignCallList, CampaignFilters, CampaignIntegrationType, CampaignList, CampaignResponse,
    CampaignStatus, CampaignUpdate, ContactFilters, ContactList, ContactResponse, ContactStatus,
    EndUserContext, EndUserData, IfDuplicate, Message, MessageResponse, NewCall, NewCampaign,
    NewContact, NewMessage, Thread,
};
use altur_client::webhooks::WebhookEvent;
use altur_client::{ApiError, EndUser};
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;
use uuid::Uuid;

fn document() -> Value {
    let text = include_str!("../altur-client/openapi/altur.yaml");
    serde_norway::from_str(text).expect("the document is YAML")
}

/// `value`, or what its `$ref` (a pointer into the document) names.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("an external $ref: {reference}"));
            let target = document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("a dangling $ref: {reference}"));
            resolve(document, target)
        }
        None => value,
    }
}

/// Every example of a JSON media type: `example`, and each of `examples`.
fn examples(document: &Value, media: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    if let Some(example) = media.get("example") {
        found.push(("example".to_owned(), example.clone()));
    }
    if let Some(Value::Object(named)) = media.get("examples") {
        for (name, example) in named {
            if let Some(value) = resolve(document, example).get("value") {
                found.push((name.clone(), value.clone()));
            }
        }
    }
    found
}

type Decoder = fn(&Value) -> Result<(), String>;

fn decodes<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(value.clone())
        .map(drop)
        .map_err(|error| error.to_string())
}

fn anything(_: &Value) -> Result<(), String> {
    Ok(())
}

/// The model of each operation's `2xx` body, and of its request body when it has one.
fn models(operation_id: &str) -> Option<(Option<Decoder>, Option<Decoder>)> {
    let (response, request): (Option<Decoder>, Option<Decoder>) = match operation_id {
        "create_enduser" => (Some(decodes::<EndUser>), Some(decodes::<EndUserData>)),
        "retrieve_enduser" => (Some(decodes::<EndUser>), None),
        "update_enduser" => (Some(decodes::<EndUser>), Some(decodes::<EndUserData>)),
        "send_message" => (
            Some(decodes::<MessageResponse>),
            Some(decodes::<NewMessage>),
        ),
        "list_messages" => (Some(decodes::<Vec<Message>>), None),
        "retrieve_thread" => (Some(decodes::<Thread>), None),
        "start_call" => (Some(decodes::<Call>), Some(decodes::<NewCall>)),
        "retrieve_call" => (Some(decodes::<Call>), None),
        // A binary body: the crate returns it as bytes.
        "download_recording" => (None, None),
        "list_campaigns" => (Some(decodes::<CampaignList>), None),
        "create_campaign" => (
            Some(decodes::<CampaignResponse>),
            Some(decodes::<NewCampaign>),
        ),
        "retrieve_campaign" | "campaign_action" => (Some(decodes::<CampaignResponse>), None),
        "update_campaign" => (
            Some(decodes::<CampaignResponse>),
            Some(decodes::<CampaignUpdate>),
        ),
        "add_campaign_contacts" => (
            Some(decodes::<AddContactsResponse>),
            Some(decodes::<AddContacts>),
        ),
        "list_campaign_contacts" => (Some(decodes::<ContactList>), None),
        "retrieve_campaign_contact" => (Some(decodes::<ContactResponse>), None),
        // `Result<()>`: any 2xx body.
        "delete_campaign_contact" => (Some(anything), None),
        "list_campaign_calls" => (Some(decodes::<CampaignCallList>), None),
        _ => return None,
    };
    Some((response, request))
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[test]
fn every_operation_has_its_models_and_every_example_decodes() {
    let document = document();
    let paths = document["paths"].as_object().expect("paths");
    let mut operations = BTreeSet::new();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation["operationId"].as_str().expect("an operationId");
            operations.insert(id.to_owned());
            let Some((response, request)) = models(id) else {
                failures.push(format!("{method} {path}: no model for `{id}`"));
                continue;
            };
            let responses = operation["responses"].as_object().expect("responses");
            for (status, answer) in responses {
                let answer = resolve(&document, answer);
                let Some(media) = answer.pointer("/content/application~1json") else {
                    continue;
                };
                let decoder: Decoder = if status.starts_with('2') {
                    match response {
                        Some(decoder) => decoder,
                        None => continue,
                    }
                } else {
                    decodes::<ApiError>
                };
                for (name, example) in examples(&document, media) {
                    checked += 1;
                    if let Err(error) = decoder(&example) {
                        failures.push(format!("{id} {status} example `{name}`: {error}"));
                    }
                }
            }
            if let (Some(decoder), Some(body)) = (request, operation.get("requestBody")) {
                let body = resolve(&document, body);
                if let Some(media) = body.pointer("/content/application~1json") {
                    for (name, example) in examples(&document, media) {
                        checked += 1;
                        if let Err(error) = decoder(&example) {
                            failures.push(format!("{id} request example `{name}`: {error}"));
                        }
                    }
                }
            }
        }
    }
    assert_eq!(operations.len(), 19, "{operations:?}");
    assert!(checked > 30, "only {checked} examples were found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_webhook_example_decodes_into_its_event() {
    let document = document();
    let webhooks = document["webhooks"].as_object().expect("webhooks");
    assert_eq!(webhooks.len(), 3, "{:?}", webhooks.keys());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, item) in webhooks {
        let operation = &item["post"];
        let body = resolve(&document, &operation["requestBody"]);
        let media = body
            .pointer("/content/application~1json")
            .expect("a JSON payload");
        for (example_name, example) in examples(&document, media) {
            checked += 1;
            match serde_json::from_value::<WebhookEvent>(example) {
                Ok(WebhookEvent::Unknown { .. }) => {
                    failures.push(format!(
                        "{name} `{example_name}`: decoded as an unknown event"
                    ));
                }
                Ok(_) => {}
                Err(error) => failures.push(format!("{name} `{example_name}`: {error}")),
            }
        }
    }
    assert!(checked >= 3, "only {checked} webhook examples were found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// Requests the crate builds, against the document's schemas

/// The JSON Schema of `operation_id`'s request body, with the document's components beside it so
/// that its `$ref`s resolve.
fn request_schema(document: &Value, operation_id: &str) -> jsonschema::Validator {
    let operation = operations(document)
        .into_iter()
        .find(|(_, _, operation)| operation["operationId"] == operation_id)
        .map(|(_, _, operation)| operation)
        .unwrap_or_else(|| panic!("no operation `{operation_id}`"));
    let body = resolve(document, &operation["requestBody"]);
    let mut schema = body
        .pointer("/content/application~1json/schema")
        .unwrap_or_else(|| panic!("`{operation_id}` has no JSON request schema"))
        .clone();
    schema["components"] = document["components"].clone();
    jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|error| panic!("the schema of `{operation_id}`: {error}"))
}

/// Every operation of the document: method, path, operation.
fn operations(document: &Value) -> Vec<(&'static str, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method, path.clone(), operation.clone()));
            }
        }
    }
    found
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,.¿?ñé]{1,40}"
}

fn phone() -> impl Strategy<Value = String> {
    "\\+[1-9][0-9]{7,13}"
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn end_user_data() -> impl Strategy<Value = EndUserData> {
    (option::of(text()), option::of(text())).prop_map(|(name, info)| {
        let mut data = EndUserData::new();
        data.display_name = name;
        data.info = info;
        data
    })
}

fn new_message() -> impl Strategy<Value = NewMessage> {
    (uuid(), uuid(), text())
        .prop_map(|(agent, user, content)| NewMessage::new(agent, user, content))
}

fn new_call() -> impl Strategy<Value = NewCall> {
    let context = prop_oneof![
        text().prop_map(EndUserContext::Text),
        (text(), any::<i32>()).prop_map(|(plan, balance)| {
            EndUserContext::try_from(serde_json::json!({"plan": plan, "balance": balance}))
                .expect("an object")
        }),
    ];
    (
        uuid(),
        phone(),
        option::of(text()),
        option::of(context),
        option::of(text()),
    )
        .prop_map(|(agent, phone, name, context, first)| {
            let mut call = NewCall::new(agent, phone);
            call.end_user_display_name = name;
            call.end_user_context = context;
            call.initial_message = first;
            call
        })
}

fn new_campaign() -> impl Strategy<Value = NewCampaign> {
    (
        text(),
        uuid(),
        any::<bool>(),
        option::of(0u32..=5),
        option::of(1u32..=10_000),
        option::of(text()),
        option::of(prop::sample::select(vec!["America/Mexico_City", "UTC"])),
    )
        .prop_map(
            |(name, agent, phone_call, retries, limit, words, timezone)| {
                let kind = if phone_call {
                    CampaignIntegrationType::PhoneCall
                } else {
                    CampaignIntegrationType::Whatsapp
                };
                let mut campaign = NewCampaign::new(name, agent, "int_1", kind);
                campaign.retries = retries;
                campaign.message_limit = limit;
                campaign.timezone = timezone.map(str::to_owned);
                campaign.description = words.clone();
                if phone_call {
                    campaign.first_message = words;
                } else {
                    campaign.template = words;
                }
                campaign
            },
        )
}

fn campaign_update() -> impl Strategy<Value = CampaignUpdate> {
    (
        option::of(text()),
        option::of(text()),
        option::of(0u32..=5),
        option::of(1u32..=10_000),
    )
        .prop_map(|(name, description, retries, limit)| CampaignUpdate {
            name,
            description,
            retries,
            message_limit: limit,
            ..CampaignUpdate::default()
        })
}

fn add_contacts() -> impl Strategy<Value = AddContacts> {
    let contact =
        (phone(), option::of(text()), option::of(text())).prop_map(|(phone, name, f_id)| {
            let mut contact = NewContact::new(phone);
            contact.name = name;
            contact.f_id = f_id;
            contact
        });
    let duplicate = option::of(prop_oneof![
        Just(IfDuplicate::Skip),
        Just(IfDuplicate::Update)
    ]);
    (prop::collection::vec(contact, 1..5), duplicate).prop_map(|(contacts, if_duplicate)| {
        let mut body = AddContacts::new(contacts);
        body.if_duplicate = if_duplicate;
        body
    })
}

/// Runs `strategy`'s values, serialized as the client sends them, through the request schema of
/// `operation_id`.
fn validates<T: serde::Serialize + std::fmt::Debug>(
    document: &Value,
    operation_id: &str,
    strategy: impl Strategy<Value = T>,
) {
    let validator = request_schema(document, operation_id);
    let mut runner = TestRunner::default();
    let result = runner.run(&strategy, |body| {
        let json = serde_json::to_value(&body).expect("a request body serializes");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|error| format!("{error} at {}", error.instance_path()))
            .collect();
        prop_assert!(errors.is_empty(), "{operation_id}: {json}: {errors:?}");
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

#[test]
fn request_bodies_the_client_sends_validate_against_the_document() {
    let document = document();
    validates(&document, "create_enduser", end_user_data());
    validates(&document, "update_enduser", end_user_data());
    validates(&document, "send_message", new_message());
    validates(&document, "start_call", new_call());
    validates(&document, "create_campaign", new_campaign());
    validates(&document, "update_campaign", campaign_update());
    validates(&document, "add_campaign_contacts", add_contacts());
}

/// Keys of a query struct, every field set, as the client encodes them.
fn query_keys<T: serde::Serialize>(filters: &T) -> BTreeSet<String> {
    let encoded = serde_html_form::to_string(filters).expect("filters encode");
    url::form_urlencoded::parse(encoded.as_bytes())
        .map(|(key, _)| key.into_owned())
        .collect()
}

fn declared_query_keys(document: &Value, operation_id: &str) -> BTreeSet<String> {
    let (_, _, operation) = operations(document)
        .into_iter()
        .find(|(_, _, operation)| operation["operationId"] == operation_id)
        .unwrap_or_else(|| panic!("no operation `{operation_id}`"));
    let parameters = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    parameters
        .iter()
        .map(|parameter| resolve(document, parameter))
        .filter(|parameter| parameter["in"] == "query")
        .map(|parameter| parameter["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[test]
fn query_structs_send_only_keys_their_operation_declares() {
    let document = document();
    let agent = Uuid::from_u128(1);
    let cases = [
        (
            "list_campaigns",
            query_keys(
                &CampaignFilters::default()
                    .agent_id(agent)
                    .status(CampaignStatus::Active)
                    .integration(CampaignIntegrationType::PhoneCall)
                    .period("2025-01-01", "2025-12-31")
                    .page_size(50),
            ),
        ),
        (
            "list_campaign_contacts",
            query_keys(
                &ContactFilters::default()
                    .status(ContactStatus::Converted)
                    .page_size(50),
            ),
        ),
        (
            "list_campaign_calls",
            query_keys(
                &CampaignCallFilters::default()
                    .status(CallStatus::Ended)
                    .answered_by(AnsweredBy::Human)
                    .period("2025-01-01", "2025-12-31")
                    .page_size(50),
            ),
        ),
    ];
    for (operation_id, sent) in cases {
        let declared = declared_query_keys(&document, operation_id);
        assert!(!sent.is_empty(), "{operation_id}: no key encoded");
        let undeclared: Vec<_> = sent.difference(&declared).collect();
        assert!(
            undeclared.is_empty(),
            "{operation_id} sends {undeclared:?}, which the document does not declare ({declared:?})"
        );
    }
}

/// `/campaigns/{}/contacts` for `/campaigns/<id>/contacts?<filters..>` and for
/// `/campaigns/{id}/contacts`: parameters compare by position, whatever their names.
fn path_shape(route: &str) -> String {
    let path = route.split('?').next().unwrap_or_default();
    path.split('/')
        .map(|segment| {
            let is_parameter = (segment.starts_with('<') && segment.ends_with('>'))
                || (segment.starts_with('{') && segment.ends_with('}'));
            if is_parameter { "{}" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_operation_is_declared_by_exactly_one_method_of_the_crate() {
    use altur_client::{CallsApi, CampaignsApi, Client, EndUserApi, MessagesApi, ThreadsApi};

    let declared = [
        <Client as EndUserApi>::__altur_endpoints(),
        <Client as MessagesApi>::__altur_endpoints(),
        <Client as ThreadsApi>::__altur_endpoints(),
        <Client as CallsApi>::__altur_endpoints(),
        <Client as CampaignsApi>::__altur_endpoints(),
    ];
    let mut by_operation: std::collections::BTreeMap<(String, String), Vec<&str>> =
        Default::default();
    for endpoint in declared.iter().flat_map(|endpoints| endpoints.iter()) {
        let method = format!("{:?}", endpoint.method).to_ascii_lowercase();
        by_operation
            .entry((method, path_shape(endpoint.route)))
            .or_default()
            .push(endpoint.name);
    }
    let document = document();
    let mut problems = Vec::new();
    let mut documented = BTreeSet::new();
    for (method, path, operation) in operations(&document) {
        let key = (method.to_owned(), path_shape(&path));
        let id = operation["operationId"]
            .as_str()
            .unwrap_or("(no operationId)");
        match by_operation.get(&key).map(Vec::as_slice) {
            None | Some([]) => problems.push(format!(
                "{id} ({} {path}) has no method",
                method.to_ascii_uppercase()
            )),
            Some([_]) => {}
            Some(methods) => problems.push(format!(
                "{id} ({} {path}) is declared by {} methods: {methods:?}",
                method.to_ascii_uppercase(),
                methods.len()
            )),
        }
        documented.insert(key);
    }
    for (key, methods) in &by_operation {
        if !documented.contains(key) {
            problems.push(format!(
                "{methods:?} declare {} {}, which the document does not have",
                key.0.to_ascii_uppercase(),
                key.1
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(by_operation.len(), 19, "the Altur API has 19 operations");
}
