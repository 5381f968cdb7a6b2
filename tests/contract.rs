//! The crate against its OpenAPI document, `altur-client/openapi/altur.yaml`: every operation of
//! the document has a model here, and every example the document gives, of a request, a
//! response or a webhook, decodes into the model the crate uses for it.

use altur_client::models::{
    AddContacts, AddContactsResponse, Call, CampaignCallList, CampaignList, CampaignResponse,
    CampaignUpdate, ContactList, ContactResponse, EndUserData, Message, MessageResponse, NewCall,
    NewCampaign, NewMessage, Thread,
};
use altur_client::webhooks::WebhookEvent;
use altur_client::{ApiError, EndUser};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;

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
