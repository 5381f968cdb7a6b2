//! Receiving webhooks: the signature schemes, every documented payload, and delivery from the
//! mock server.

use altur_client::Error;
use altur_client::mock::MockServer;
use altur_client::models::{AnsweredBy, CallStatus, CallType, CampaignStatus, Timestamp};
use altur_client::webhooks::{
    SIGNATURE_HEADER, SignatureScheme, Speaker, WebhookErrorKind, WebhookEvent, WebhookVerifier,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use wiremock::http::{HeaderMap, HeaderName, HeaderValue};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

/// The secret as Altur shows it; it decodes to `secret-key-for-tests`.
const SECRET: &str = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";
const SECRET_BYTES: &[u8] = b"secret-key-for-tests";
const LEGACY_SECRET: &str = "legacy-secret";

/// A short body and its signatures, computed once with Python's `hmac` and `base64`:
/// `base64.b64encode(hmac.new(b"secret-key-for-tests", BODY, hashlib.sha256).digest())` and
/// `hmac.new(b"legacy-secret", BODY, hashlib.sha256).hexdigest()`.
const SHORT_BODY: &[u8] =
    br#"{"event_type":"on_call_end","id":"cll_gBoLtd02pUI50QwXkFjB","status":"ended"}"#;
const SHORT_BODY_BASE64: &str = "cSBKCWl6PdaL6WwULTGO4zr0ds33Gw4GelSMUMZDL9Q=";
const SHORT_BODY_HEX: &str = "0b72575e88abd9e58f8a35f1f01fcd384c46c74b8134649097a75f359e13385b";

/// The newest `on_call_end` example (`/en` and `/es` pages). The documentation cuts
/// `campaign_user` off after `context`.
const CALL_END: &str = r#"{
  "event_type": "on_call_end",
  "id": "cll_gBoLtd02pUI50QwXkFjB",
  "type": "outbound",
  "status": "ended",
  "phone_number_from": "+000000000000",
  "phone_number_to": "+000000000000",
  "answered_by": "human",
  "created_at": "2024-12-19T15:00:10Z",
  "started_at": "2024-12-19T15:00:10Z",
  "ended_at": "2024-12-19T15:00:10Z",
  "duration": 45,
  "billed_duration": 45,
  "recording_url": "https://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
  "transcript": [
    {
      "sent_by": "assistant",
      "sent_at": "2024-12-19T15:00:00Z",
      "content": "Hello am I speaking with Sofía?"
    },
    {
      "sent_by": "user",
      "sent_at": "2024-12-19T15:00:10Z",
      "content": "Yes, who is this?"
    }
  ],
  "assistant": {
    "id": "6cy951e6-9877-4d7c-88d7-56b4948d3cce",
    "nickname": "DebtCollectorBot",
    "name": "Diana Arroyo"
  },
  "end_user": {
    "id": "2be951e6-7798-47cd-878d-49b2918a3bba",
    "status": "converted",
    "display_name": "John Doe",
    "phone_number": "+521234567890",
    "context": "Customer data...",
    "extracted_data": {
      "Payment Amount": "1200",
      "Payment Date": "2024-12-26",
      "Payment Medium": "app"
    },
    "tags": ["payment_promise", "call_later"]
  },
  "campaign_user": {
    "f_id": "user_12345",
    "name": "John Doe",
    "contact": "+521234567890",
    "context": "Customer data for campaign"
  }
}"#;

/// The oldest `on_call_end` example, as published: a comma is missing after `"2024-12-26"`.
const OLD_CALL_END_AS_PUBLISHED: &str = r#"{
  "type": "on_call_end",
  "id": "cll_gBoLtd02pUI50QwXkFjB",
  "status": "ended",
  "answered_by": "human",
  "transcript": [
    {
      "sent_by": "assistant",
      "sent_at": "2024-12-19T15:00:00Z",
      "content": "Hello am I speaking with Sofía?"
    },
    {
      "sent_by": "user",
      "sent_at": "2024-12-19T15:00:10Z",
      "content": "Yes, who is this?"
    }
  ],
  "recording_url": "https://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
  "assistant": {
    "id": "6cy951e6-9877-4d7c-88d7-56b4948d3cce",
    "nickname": "DebtCollectorBot",
    "name": "Diana Arroyo"
  },
  "end_user": {
    "id": "2be951e6-7798-47cd-878d-49b2918a3bba",
    "status": "converted",
    "display_name": "John Doe",
    "phone_number": "+521234567890",
    "context": "Customer data...",
    "extracted_data": {
      "Payment Amount": "1200",
      "Payment Date": "2024-12-26"
      "Payment Medium": "app"
    }
  }
}"#;

const STATUS_CHANGED: &str = r#"{
  "event_id": "evt_3kQpZ7tA9bN2cV1hX0sR",
  "event_type": "campaign.status_changed",
  "occurred_at": "2026-06-08T14:23:15.482000-06:00",
  "api_version": "1.0",
  "project_id": "prj_8YqL3mZxR1tV0nKfH9bA",
  "data": {
    "campaign": {
      "id": 1234,
      "name": "Q2 Reactivation",
      "status": "finished",
      "previous_status": "cooldown"
    },
    "analytics": {
      "calls": 1820,
      "callsAnsweredByHuman": 945,
      "callsAnsweredByMachine": 612,
      "callsAnsweredByUnknown": 263,
      "callsAnsweredByHumanRate": 0.519,
      "callsAnsweredByMachineRate": 0.336,
      "callsAnsweredByUnknownRate": 0.144,
      "contacts": 2000,
      "contactsProcessed": 1820,
      "contactsProcessedRate": 0.91,
      "contactsFailed": 80,
      "contactsFailedRate": 0.04,
      "contactsVoicemail": 612,
      "contactsVoicemailRate": 0.306,
      "contactsAnswered": 945,
      "contactsAnsweredRate": 0.4725,
      "contactsConverted": 312,
      "contactsConvertedRate": 0.156
    }
  }
}"#;

const CYCLE_COMPLETED: &str = r#"{
  "event_id": "evt_5tH9aB2nQ8vR3mZ1cP0k",
  "event_type": "campaign.cycle_completed",
  "occurred_at": "2026-06-08T18:00:00.000000-06:00",
  "api_version": "1.0",
  "project_id": "prj_8YqL3mZxR1tV0nKfH9bA",
  "data": {
    "campaign": {
      "id": 1234,
      "name": "Q2 Reactivation",
      "status": "cooldown",
      "previous_status": null
    },
    "cycle_iteration": 2,
    "next_cycle_at": "2026-06-09T09:00:00.000000-06:00"
  }
}"#;

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET).expect("a valid secret")
}

/// The new scheme, computed without the crate: base64(HMAC-SHA256(base64-decoded secret, body)).
fn independent_signature(key: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(body);
    BASE64.encode(mac.finalize().into_bytes())
}

fn kind(result: Result<impl std::fmt::Debug, Error>) -> WebhookErrorKind {
    let error = result.expect_err("a webhook error");
    error
        .webhook_kind()
        .unwrap_or_else(|| panic!("not a webhook error: {error:?}"))
}

/// Signs and parses `body` as a receiver would.
fn receive(body: &str) -> WebhookEvent {
    let verifier = verifier();
    verifier
        .verify_and_parse(Some(&verifier.sign(body.as_bytes())), body.as_bytes())
        .unwrap_or_else(|error| panic!("{error}: {:?}", std::error::Error::source(&error)))
}

/// Serializing and decoding again gives the same event, and keeps every key of the fixture
/// (timestamps are re-written in RFC 3339, so the JSON is not compared byte for byte).
fn assert_round_trips(event: &WebhookEvent, fixture: &str) {
    let value = serde_json::to_value(event).expect("serializable");
    let again: WebhookEvent = serde_json::from_value(value.clone()).expect("decodable");
    assert_eq!(&again, event);
    let fixture: Value = serde_json::from_str(fixture).expect("valid JSON");
    assert_same_keys(&value, &fixture, "$");
}

fn assert_same_keys(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            let keys = |map: &serde_json::Map<String, Value>| {
                let mut keys: Vec<String> = map.keys().cloned().collect();
                keys.sort();
                keys
            };
            assert_eq!(keys(actual), keys(expected), "keys at {at}");
            for (key, value) in expected {
                assert_same_keys(&actual[key], value, &format!("{at}.{key}"));
            }
        }
        (Value::Array(actual), Value::Array(expected)) => {
            assert_eq!(actual.len(), expected.len(), "length at {at}");
            for (index, (actual, expected)) in actual.iter().zip(expected).enumerate() {
                assert_same_keys(actual, expected, &format!("{at}[{index}]"));
            }
        }
        (Value::String(actual), Value::String(expected)) if actual != expected => {
            // Only timestamps may change their spelling.
            assert_eq!(
                Timestamp::parse(actual),
                Timestamp::parse(expected),
                "at {at}"
            );
            assert!(Timestamp::parse(actual).is_some(), "{actual} at {at}");
        }
        (actual, expected) => assert_eq!(actual, expected, "at {at}"),
    }
}

fn time(text: &str) -> Option<Timestamp> {
    Some(Timestamp::parse(text).expect("a valid timestamp"))
}

// ---------------------------------------------------------------------------------------------
// Payloads

#[test]
fn newest_on_call_end() {
    let event = receive(CALL_END);
    assert_eq!(event.event_type(), Some("on_call_end"));
    assert_eq!(event.event_id(), None);
    let WebhookEvent::CallEnded(call) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(call.id, "cll_gBoLtd02pUI50QwXkFjB");
    assert_eq!(call.kind, Some(CallType::Outbound));
    assert_eq!(call.status, Some(CallStatus::Ended));
    assert_eq!(call.answered_by, Some(AnsweredBy::Human));
    assert_eq!(call.phone_number_from.as_deref(), Some("+000000000000"));
    assert_eq!(call.created_at, time("2024-12-19T15:00:10Z"));
    assert_eq!(call.ended_at, time("2024-12-19T15:00:10+00:00"));
    assert_eq!((call.duration, call.billed_duration), (Some(45), Some(45)));
    assert_eq!(
        call.recording_url.as_deref(),
        Some("https://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording")
    );
    assert_eq!(call.transcript.len(), 2);
    assert_eq!(call.transcript[0].sent_by, Speaker::Assistant);
    assert_eq!(
        call.transcript[0].content,
        "Hello am I speaking with Sofía?"
    );
    assert_eq!(call.transcript[1].sent_by, Speaker::User);
    assert_eq!(call.transcript[1].sent_at, time("2024-12-19T15:00:10Z"));

    // The documented assistant id is not a valid UUID; it is kept as sent.
    let assistant = call.assistant.as_ref().expect("an assistant");
    assert_eq!(assistant.id, "6cy951e6-9877-4d7c-88d7-56b4948d3cce");
    assert_eq!(assistant.nickname.as_deref(), Some("DebtCollectorBot"));

    let user = call.end_user.as_ref().expect("an end user");
    assert_eq!(user.status.as_deref(), Some("converted"));
    assert_eq!(user.context, Some(json!("Customer data...")));
    assert_eq!(user.extracted_data["Payment Medium"], "app");
    assert_eq!(user.tags, ["payment_promise", "call_later"]);
    let campaign_user = call.campaign_user.as_ref().expect("a campaign user");
    assert_eq!(campaign_user["f_id"], "user_12345");

    assert_round_trips(&event, CALL_END);
}

#[test]
fn oldest_on_call_end_with_the_missing_comma_restored() {
    let fixed = OLD_CALL_END_AS_PUBLISHED.replace(
        r#""Payment Date": "2024-12-26""#,
        r#""Payment Date": "2024-12-26","#,
    );
    let event = receive(&fixed);
    assert_eq!(event.event_type(), Some("on_call_end"));
    let WebhookEvent::CallEnded(call) = &event else {
        panic!("{event:?}")
    };
    // `type` was the event name, not a direction.
    assert_eq!(call.kind, None);
    assert_eq!(call.status, Some(CallStatus::Ended));
    assert_eq!(call.transcript.len(), 2);
    assert_eq!(call.phone_number_from, None);
    assert_eq!(call.duration, None);
    assert_eq!(
        call.end_user.as_ref().map(|user| user.extracted_data.len()),
        Some(3)
    );

    // Serializing writes the newest form.
    let value = serde_json::to_value(&event).unwrap();
    assert_eq!(value["event_type"], "on_call_end");
    assert_eq!(value.get("type"), None);
    assert_eq!(
        serde_json::from_value::<WebhookEvent>(value).unwrap(),
        event
    );
}

#[test]
fn oldest_on_call_end_as_published_is_a_malformed_body() {
    let verifier = verifier();
    let body = OLD_CALL_END_AS_PUBLISHED.as_bytes();
    let error = verifier
        .verify_and_parse(Some(&verifier.sign(body)), body)
        .unwrap_err();
    assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::MalformedBody));
    assert_eq!(error.to_string(), "malformed webhook body");
    let source = std::error::Error::source(&error).expect("the JSON error");
    assert!(source.to_string().contains("line 33"), "{source}");
}

#[test]
fn billable_duration_is_an_alias() {
    let event = receive(r#"{"event_type":"on_call_end","id":"cll_1","billable_duration":12}"#);
    let WebhookEvent::CallEnded(call) = event else {
        panic!()
    };
    assert_eq!(call.billed_duration, Some(12));
}

#[test]
fn unknown_enum_values_are_kept() {
    let event = receive(
        r#"{"event_type":"on_call_end","id":"cll_1","type":"web","status":"transferred",
            "answered_by":"ivr","transcript":[{"sent_by":"tool","content":"lookup"}]}"#,
    );
    let WebhookEvent::CallEnded(call) = event else {
        panic!()
    };
    assert_eq!(call.kind, Some(CallType::Other("web".into())));
    assert_eq!(call.status, Some(CallStatus::Other("transferred".into())));
    assert_eq!(call.answered_by, Some(AnsweredBy::Other("ivr".into())));
    assert_eq!(call.transcript[0].sent_by, Speaker::Other("tool".into()));
}

#[test]
fn campaign_status_changed_with_analytics() {
    let event = receive(STATUS_CHANGED);
    assert_eq!(event.event_id(), Some("evt_3kQpZ7tA9bN2cV1hX0sR"));
    let WebhookEvent::CampaignStatusChanged(changed) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(changed.event_type, "campaign.status_changed");
    assert_eq!(
        changed.occurred_at,
        time("2026-06-08T14:23:15.482000-06:00")
    );
    assert_eq!(changed.api_version.as_deref(), Some("1.0"));
    assert_eq!(
        changed.project_id.as_deref(),
        Some("prj_8YqL3mZxR1tV0nKfH9bA")
    );
    let campaign = &changed.data.campaign;
    assert_eq!(campaign.id, 1234);
    assert_eq!(campaign.name.as_deref(), Some("Q2 Reactivation"));
    assert_eq!(campaign.status, CampaignStatus::Finished);
    assert_eq!(campaign.previous_status, Some(CampaignStatus::Cooldown));
    let analytics = changed.data.analytics.as_ref().expect("analytics");
    assert_eq!(analytics.calls, Some(1820));
    assert_eq!(analytics.calls_answered_by_unknown, Some(263));
    assert_eq!(analytics.contacts_answered_rate, Some(0.4725));
    assert_eq!(analytics.contacts_converted_rate, Some(0.156));
    assert!(analytics.other.is_empty(), "{:?}", analytics.other);

    assert_round_trips(&event, STATUS_CHANGED);
}

#[test]
fn campaign_status_changed_without_analytics() {
    let body = json!({
        "event_id": "evt_1", "event_type": "campaign.status_changed",
        "occurred_at": "2026-06-08T14:23:15.482000-06:00", "api_version": "1.0",
        "project_id": "prj_1",
        "data": {"campaign": {"id": 7, "name": "Q3", "status": "inactive", "previous_status": "active"}},
    })
    .to_string();
    let event = receive(&body);
    let WebhookEvent::CampaignStatusChanged(changed) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(changed.data.analytics, None);
    assert_eq!(changed.data.campaign.status, CampaignStatus::Inactive);
    assert_round_trips(&event, &body);
}

#[test]
fn campaign_cycle_completed() {
    let event = receive(CYCLE_COMPLETED);
    assert_eq!(event.event_id(), Some("evt_5tH9aB2nQ8vR3mZ1cP0k"));
    let WebhookEvent::CampaignCycleCompleted(completed) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(completed.data.campaign.status, CampaignStatus::Cooldown);
    assert_eq!(completed.data.campaign.previous_status, None);
    assert_eq!(completed.data.cycle_iteration, Some(2));
    assert_eq!(
        completed.data.next_cycle_at,
        time("2026-06-09T09:00:00-06:00")
    );
    assert_round_trips(&event, CYCLE_COMPLETED);

    let last = CYCLE_COMPLETED
        .replace(r#""cycle_iteration": 2"#, r#""cycle_iteration": null"#)
        .replace(
            r#""next_cycle_at": "2026-06-09T09:00:00.000000-06:00""#,
            r#""next_cycle_at": null"#,
        );
    let event = receive(&last);
    let WebhookEvent::CampaignCycleCompleted(completed) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(completed.data.cycle_iteration, None);
    assert_eq!(completed.data.next_cycle_at, None);
    assert_round_trips(&event, &last);
}

#[test]
fn unknown_events_are_kept_whole() {
    let body =
        r#"{"event_id":"evt_7","event_type":"campaign.archived","data":{"campaign":{"id":1}}}"#;
    let event = receive(body);
    assert_eq!(
        event,
        WebhookEvent::Unknown {
            event_type: Some("campaign.archived".into()),
            payload: serde_json::from_str(body).unwrap(),
        }
    );
    assert_eq!(event.event_id(), Some("evt_7"));
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        serde_json::from_str::<Value>(body).unwrap()
    );

    let nameless = receive(r#"{"id":"cll_1","type":"outbound"}"#);
    assert!(matches!(
        nameless,
        WebhookEvent::Unknown {
            event_type: None,
            ..
        }
    ));
}

#[test]
fn bodies_that_are_not_payloads_are_malformed() {
    let verifier = verifier();
    for body in [
        &b""[..],
        b"[]",
        b"\"on_call_end\"",
        b"null",
        b"{\"event_type\":\"on_call_end\"}",
        b"{\"event_type\":\"campaign.status_changed\",\"event_id\":\"evt_1\",\"data\":[]}",
        b"\xff\xfe{}",
        b"{} trailing",
    ] {
        assert_eq!(
            kind(verifier.verify_and_parse(Some(&verifier.sign(body)), body)),
            WebhookErrorKind::MalformedBody,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Signatures

#[test]
fn new_scheme_matches_independent_computations() {
    let verifier = verifier();
    assert_eq!(verifier.scheme(), SignatureScheme::Base64);
    assert_eq!(verifier.sign(SHORT_BODY), SHORT_BODY_BASE64);
    assert_eq!(
        independent_signature(SECRET_BYTES, SHORT_BODY),
        SHORT_BODY_BASE64
    );
    verifier.verify(SHORT_BODY_BASE64, SHORT_BODY).unwrap();

    for fixture in [CALL_END, STATUS_CHANGED, CYCLE_COMPLETED] {
        let signature = independent_signature(SECRET_BYTES, fixture.as_bytes());
        assert_eq!(verifier.sign(fixture.as_bytes()), signature);
        verifier
            .verify_and_parse(Some(&signature), fixture.as_bytes())
            .unwrap();
    }
}

#[test]
fn secret_padding_is_optional() {
    let unpadded = WebhookVerifier::new(SECRET.trim_end_matches('=')).unwrap();
    unpadded.verify(SHORT_BODY_BASE64, SHORT_BODY).unwrap();
    let verifier = verifier();
    verifier
        .verify(SHORT_BODY_BASE64.trim_end_matches('='), SHORT_BODY)
        .unwrap();
}

#[test]
fn a_tampered_body_is_rejected() {
    let verifier = verifier();
    let body = CALL_END.as_bytes();
    let signature = verifier.sign(body);
    for index in [0, body.len() / 2, body.len() - 1] {
        let mut tampered = body.to_vec();
        tampered[index] ^= 0x01;
        assert_eq!(
            kind(verifier.verify_and_parse(Some(&signature), &tampered)),
            WebhookErrorKind::InvalidSignature,
            "byte {index}"
        );
    }
    let mut longer = body.to_vec();
    longer.push(b'\n');
    assert_eq!(
        kind(verifier.verify(&signature, &longer)),
        WebhookErrorKind::InvalidSignature
    );
}

#[test]
fn every_single_bit_flip_is_caught() {
    let verifier = verifier();
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    for index in 0..SHORT_BODY.len() {
        for bit in 0..8 {
            let mut tampered = SHORT_BODY.to_vec();
            tampered[index] ^= 1 << bit;
            assert!(verifier.verify(SHORT_BODY_BASE64, &tampered).is_err());
            assert!(legacy.verify(SHORT_BODY_HEX, &tampered).is_err());
        }
    }
    let tag = BASE64.decode(SHORT_BODY_BASE64).unwrap();
    for index in 0..tag.len() {
        for bit in 0..8 {
            let mut tampered = tag.clone();
            tampered[index] ^= 1 << bit;
            assert!(
                verifier
                    .verify(&BASE64.encode(&tampered), SHORT_BODY)
                    .is_err()
            );
        }
    }
}

#[test]
fn arbitrary_header_values_never_panic() {
    let verifier = verifier();
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    let mut values: Vec<String> = [
        "=",
        "==",
        "===",
        "A",
        "AA",
        "AAA",
        "AAAA=",
        "é",
        "sha256=abc",
        "\u{0}",
        "🦀🦀🦀🦀",
        "0x00",
        "+/+/",
        "-_-_",
    ]
    .iter()
    .map(|value| value.to_string())
    .collect();
    values.extend((0..70).map(|len| BASE64.encode(vec![0xa5; len])));
    values.extend((0..70).map(|len| "f".repeat(len)));
    values.push("A".repeat(100_000));
    for value in &values {
        for verifier in [&verifier, &legacy] {
            let error = verifier.verify(value, SHORT_BODY).unwrap_err();
            assert!(error.webhook_kind().is_some(), "{value}");
        }
    }
}

#[test]
fn a_tampered_signature_is_rejected() {
    let verifier = verifier();
    let signature = verifier.sign(SHORT_BODY);
    let mut bytes = BASE64.decode(&signature).unwrap();
    bytes[0] ^= 0x80;
    let flipped = BASE64.encode(&bytes);
    assert_eq!(
        kind(verifier.verify(&flipped, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
    for bad in [
        "not base64!",
        "cSBKCWl6PdaL6WwULTGO4zr0 ds33Gw4GelSMUMZDL9Q=",
    ] {
        assert_eq!(
            kind(verifier.verify(bad, SHORT_BODY)),
            WebhookErrorKind::InvalidSignature,
            "{bad}"
        );
    }
}

#[test]
fn a_signature_of_the_wrong_length_is_rejected() {
    let verifier = verifier();
    let tag = BASE64.decode(SHORT_BODY_BASE64).unwrap();
    let short = BASE64.encode(&tag[..31]);
    let mut long = tag.clone();
    long.push(0);
    let long = BASE64.encode(&long);
    for signature in [short, long, "AA==".to_owned()] {
        let error = verifier.verify(&signature, SHORT_BODY).unwrap_err();
        assert_eq!(
            error.webhook_kind(),
            Some(WebhookErrorKind::InvalidSignature),
            "{signature}"
        );
    }
}

#[test]
fn a_missing_signature_is_its_own_error() {
    let verifier = verifier();
    assert_eq!(
        kind(verifier.verify_and_parse(None, SHORT_BODY)),
        WebhookErrorKind::MissingSignature
    );
    for empty in ["", "   ", "\t"] {
        assert_eq!(
            kind(verifier.verify_and_parse(Some(empty), SHORT_BODY)),
            WebhookErrorKind::MissingSignature
        );
    }
    let headers = HeaderMap::new();
    assert_eq!(
        kind(verifier.verify_request(&headers, SHORT_BODY)),
        WebhookErrorKind::MissingSignature
    );
}

#[test]
fn the_signature_is_checked_before_the_body_is_parsed() {
    let verifier = verifier();
    assert_eq!(
        kind(verifier.verify_and_parse(Some(SHORT_BODY_BASE64), b"{not json")),
        WebhookErrorKind::InvalidSignature
    );
    assert_eq!(
        kind(verifier.verify_and_parse(None, b"{not json")),
        WebhookErrorKind::MissingSignature
    );
}

#[test]
fn a_wrong_secret_is_rejected() {
    let other = WebhookVerifier::new("b3RoZXItc2VjcmV0").unwrap();
    assert_eq!(
        kind(other.verify(SHORT_BODY_BASE64, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
    // The raw text of the base64 secret is another key.
    let raw = independent_signature(SECRET.as_bytes(), SHORT_BODY);
    assert_eq!(
        kind(verifier().verify(&raw, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
}

#[test]
fn unusable_secrets_are_refused_when_building() {
    for secret in [
        "",
        "not base64!",
        "c2VjcmV0\n",
        " c2VjcmV0",
        "=",
        "c2Vj*mV0",
    ] {
        assert_eq!(
            kind(WebhookVerifier::new(secret)),
            WebhookErrorKind::InvalidSecret,
            "{secret:?}"
        );
    }
    assert_eq!(
        kind(WebhookVerifier::legacy_hex("")),
        WebhookErrorKind::InvalidSecret
    );
    // Any text is a legacy key.
    WebhookVerifier::legacy_hex("not base64!").unwrap();
    let whitespace = WebhookVerifier::new("c2VjcmV0\n").unwrap_err();
    let reason = std::error::Error::source(&whitespace).unwrap().to_string();
    assert!(reason.contains("whitespace"), "{reason}");
}

#[test]
fn the_legacy_hex_scheme() {
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    assert_eq!(legacy.scheme(), SignatureScheme::LegacyHex);
    assert_eq!(legacy.sign(SHORT_BODY), SHORT_BODY_HEX);
    legacy.verify(SHORT_BODY_HEX, SHORT_BODY).unwrap();
    legacy
        .verify(&SHORT_BODY_HEX.to_uppercase(), SHORT_BODY)
        .unwrap();
    let event = legacy
        .verify_and_parse(Some(SHORT_BODY_HEX), SHORT_BODY)
        .unwrap();
    assert_eq!(event.event_type(), Some("on_call_end"));

    let mut wrong = SHORT_BODY_HEX.to_owned();
    wrong.replace_range(..1, "1");
    let new_scheme = independent_signature(LEGACY_SECRET.as_bytes(), SHORT_BODY);
    for bad in [
        wrong.as_str(),
        &SHORT_BODY_HEX[..62],
        &SHORT_BODY_HEX[..63],
        "zz",
        &new_scheme,
    ] {
        assert_eq!(
            kind(legacy.verify(bad, SHORT_BODY)),
            WebhookErrorKind::InvalidSignature,
            "{bad}"
        );
    }
    // The same secret under the other scheme does not verify.
    assert_eq!(
        kind(verifier().verify(SHORT_BODY_HEX, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
    let same_key = WebhookVerifier::with_scheme(LEGACY_SECRET, SignatureScheme::LegacyHex).unwrap();
    same_key.verify(SHORT_BODY_HEX, SHORT_BODY).unwrap();
}

#[test]
fn whitespace_around_the_header_value_is_ignored() {
    let verifier = verifier();
    for padded in [
        format!(" {SHORT_BODY_BASE64}"),
        format!("{SHORT_BODY_BASE64} "),
        format!("\t{SHORT_BODY_BASE64}\t "),
    ] {
        verifier.verify(&padded, SHORT_BODY).unwrap();
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        format!("  {SHORT_BODY_BASE64}  ").parse().unwrap(),
    );
    verifier.verify_request(&headers, SHORT_BODY).unwrap();
}

#[test]
fn the_header_is_found_whatever_its_case() {
    let verifier = verifier();
    for name in [
        "X-Altur-Signature",
        "x-altur-signature",
        "X-ALTUR-SIGNATURE",
    ] {
        let mut headers = HeaderMap::new();
        let name: HeaderName = name.parse().unwrap();
        headers.insert(name, SHORT_BODY_BASE64.parse().unwrap());
        verifier.verify_request(&headers, SHORT_BODY).unwrap();
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        HeaderValue::from_bytes(b"caf\xe9").unwrap(),
    );
    assert_eq!(
        kind(verifier.verify_request(&headers, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
}

#[test]
fn a_reserialized_body_fails_unless_the_compact_fallback_is_on() {
    let verifier = verifier();
    let value: Value = serde_json::from_slice(SHORT_BODY).unwrap();
    let spaced = serde_json::to_string_pretty(&value).unwrap();
    assert_ne!(spaced.as_bytes(), SHORT_BODY);
    assert_eq!(
        kind(verifier.verify(SHORT_BODY_BASE64, spaced.as_bytes())),
        WebhookErrorKind::InvalidSignature
    );

    let lenient = verifier.clone().compact_json_fallback(true);
    lenient
        .verify_and_parse(Some(SHORT_BODY_BASE64), spaced.as_bytes())
        .unwrap();
    // Only whitespace between tokens is forgiven, not whitespace inside strings or content.
    let inside = String::from_utf8_lossy(SHORT_BODY).replace("ended", "end ed");
    let changed = String::from_utf8_lossy(SHORT_BODY).replace("ended", "ringing");
    for body in [inside, changed] {
        assert_eq!(
            kind(lenient.verify(SHORT_BODY_BASE64, body.as_bytes())),
            WebhookErrorKind::InvalidSignature,
            "{body}"
        );
    }
}

#[test]
fn the_secret_never_shows() {
    let verifier = verifier();
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    let decoded = String::from_utf8_lossy(SECRET_BYTES).into_owned();
    let mut errors = vec![
        verifier.verify_and_parse(None, SHORT_BODY).unwrap_err(),
        verifier.verify("AAAA", SHORT_BODY).unwrap_err(),
        verifier.verify(SHORT_BODY_HEX, SHORT_BODY).unwrap_err(),
        legacy.verify(SHORT_BODY_BASE64, SHORT_BODY).unwrap_err(),
        WebhookVerifier::new(&format!("{SECRET}!")).unwrap_err(),
        WebhookVerifier::new(&format!("{SECRET}\n")).unwrap_err(),
    ];
    errors.push(
        verifier
            .verify_and_parse(Some(&verifier.sign(b"[1]")), b"[1]")
            .unwrap_err(),
    );
    for error in &errors {
        let mut shown = format!("{error} {error:?}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            shown.push_str(&format!(" {cause} {cause:?}"));
            source = cause.source();
        }
        for secret in [
            SECRET,
            SECRET.trim_end_matches('='),
            &decoded,
            LEGACY_SECRET,
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    for debug in [format!("{verifier:?}"), format!("{legacy:?}")] {
        assert!(
            !debug.contains(SECRET) && !debug.contains(&decoded),
            "{debug}"
        );
        assert!(!debug.contains(LEGACY_SECRET), "{debug}");
    }
}

#[test]
fn verifiers_clone_and_share_across_threads() {
    let verifier = verifier();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let verifier = verifier.clone();
            std::thread::spawn(move || verifier.verify(SHORT_BODY_BASE64, SHORT_BODY).is_ok())
        })
        .collect();
    for handle in handles {
        assert!(handle.join().unwrap());
    }
}

// ---------------------------------------------------------------------------------------------
// Delivery from the mock server

#[tokio::test]
async fn send_webhook_delivers_a_request_the_verifier_accepts() {
    let altur = MockServer::start().await;
    let receiver = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks/altur"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&receiver)
        .await;
    let url = format!("{}/webhooks/altur", receiver.uri());
    let verifier = verifier();

    let fixture: Value = serde_json::from_str(CALL_END).unwrap();
    assert_eq!(
        altur.send_webhook(&url, &verifier, &fixture).await.unwrap(),
        200
    );
    // A decoded event can be sent back as well.
    let event = receive(STATUS_CHANGED);
    assert_eq!(
        altur.send_webhook(&url, &verifier, &event).await.unwrap(),
        200
    );

    let requests = receiver.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    // The body is compact JSON, as Altur signs it.
    assert_eq!(requests[0].body, serde_json::to_vec(&fixture).unwrap());
    let delivered = verifier
        .verify_request(&requests[0].headers, &requests[0].body)
        .unwrap();
    assert_eq!(delivered, receive(CALL_END));
    let signature = requests[0].headers[SIGNATURE_HEADER].to_str().unwrap();
    assert_eq!(
        signature,
        independent_signature(SECRET_BYTES, &requests[0].body)
    );
    assert_eq!(
        verifier
            .verify_request(&requests[1].headers, &requests[1].body)
            .unwrap(),
        event
    );
    // Another secret refuses the delivery.
    let other = WebhookVerifier::new("b3RoZXItc2VjcmV0").unwrap();
    assert_eq!(
        kind(other.verify_request(&requests[0].headers, &requests[0].body)),
        WebhookErrorKind::InvalidSignature
    );
}

#[tokio::test]
async fn send_webhook_signs_in_the_verifiers_scheme_and_reports_the_status() {
    let altur = MockServer::start().await;
    let receiver = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&receiver)
        .await;
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    let event = json!({"type": "on_call_end", "id": "cll_1"});
    let status = altur
        .send_webhook(&receiver.uri(), &legacy, &event)
        .await
        .unwrap();
    assert_eq!(status, 503);

    let requests = receiver.received_requests().await.unwrap();
    let signature = requests[0].headers[SIGNATURE_HEADER].to_str().unwrap();
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    legacy
        .verify_request(&requests[0].headers, &requests[0].body)
        .unwrap();
}

#[tokio::test]
async fn send_webhook_reports_transport_errors() {
    let altur = MockServer::start().await;
    let verifier = verifier();
    // Bind then drop a listener: nothing accepts on that port any more.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let error = altur
        .send_webhook(&format!("http://{closed}/hook"), &verifier, &json!({}))
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");

    let error = altur
        .send_webhook("not a url", &verifier, &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}
