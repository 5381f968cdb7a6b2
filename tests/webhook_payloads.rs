//! Decoding the documented webhook payloads: every event, its old spellings, unknown values and
//! events kept, and bodies that are not payloads.

mod common;

use altur_client::models::{AnsweredBy, CallStatus, CallType, CampaignStatus, Timestamp};
use altur_client::webhooks::{Speaker, WebhookErrorKind, WebhookEvent};
use common::webhooks::{CALL_END, CYCLE_COMPLETED, STATUS_CHANGED, kind, receive, verifier};
use serde_json::{Value, json};

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
