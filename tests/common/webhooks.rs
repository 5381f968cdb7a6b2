//! The documented webhook payloads, the secret they are signed with, and receiving them as a
//! receiver would.

use altur_client::Error;
use altur_client::webhooks::{WebhookErrorKind, WebhookEvent, WebhookVerifier};

/// The secret as Altur shows it; it decodes to `secret-key-for-tests`.
pub const SECRET: &str = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";
pub const SECRET_BYTES: &[u8] = b"secret-key-for-tests";

/// The newest `on_call_end` example (`/en` and `/es` pages). The documentation cuts
/// `campaign_user` off after `context`.
pub const CALL_END: &str = r#"{
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

/// The `campaign.status_changed` example, with analytics.
pub const STATUS_CHANGED: &str = r#"{
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

/// The `campaign.cycle_completed` example.
pub const CYCLE_COMPLETED: &str = r#"{
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

/// A verifier of the newest scheme with [`SECRET`].
pub fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET).expect("a valid secret")
}

/// The kind of the webhook error of `result`.
pub fn kind(result: Result<impl std::fmt::Debug, Error>) -> WebhookErrorKind {
    let error = result.expect_err("a webhook error");
    error
        .webhook_kind()
        .unwrap_or_else(|| panic!("not a webhook error: {error:?}"))
}

/// Signs and parses `body` as a receiver would.
pub fn receive(body: &str) -> WebhookEvent {
    let verifier = verifier();
    verifier
        .verify_and_parse(Some(&verifier.sign(body.as_bytes())), body.as_bytes())
        .unwrap_or_else(|error| panic!("{error}: {:?}", std::error::Error::source(&error)))
}
