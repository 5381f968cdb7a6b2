//! Receiving an Altur webhook: check `X-Altur-Signature`, then decode the event.
//!
//! Runs as is, with no environment and no network: it signs a sample `on_call_end` body as
//! Altur would, verifies it, prints the event, and shows a tampered copy being refused.
//!
//! ```sh
//! cargo run --example webhooks
//! ```

use altur_client::webhooks::{SIGNATURE_HEADER, WebhookEvent, WebhookVerifier};
use altur_client::{Error, Result};

/// A sample secret, base64 as Altur shows it. Real code reads it from the environment or a
/// secret store.
const SECRET: &str = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";

/// The body as sent: compact JSON, signed byte for byte.
const BODY: &str = concat!(
    r#"{"event_type":"on_call_end","id":"cll_gBoLtd02pUI50QwXkFjB","type":"outbound","#,
    r#""status":"ended","phone_number_from":"+000000000000","phone_number_to":"+521234567890","#,
    r#""answered_by":"human","created_at":"2024-12-19T15:00:10Z","#,
    r#""started_at":"2024-12-19T15:00:10Z","ended_at":"2024-12-19T15:00:55Z","duration":45,"#,
    r#""billed_duration":45,"#,
    r#""recording_url":"https://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording","#,
    r#""transcript":[{"sent_by":"assistant","sent_at":"2024-12-19T15:00:10Z","#,
    r#""content":"Hello am I speaking with Sofía?"},"#,
    r#"{"sent_by":"user","sent_at":"2024-12-19T15:00:14Z","content":"Yes, who is this?"}],"#,
    r#""end_user":{"id":"2be951e6-7798-47cd-878d-49b2918a3bba","status":"converted","#,
    r#""display_name":"John Doe","extracted_data":{"Payment Amount":"1200"},"#,
    r#""tags":["payment_promise"]}}"#,
);

/// What a handler does with a request, whatever the web framework: returns the status to answer.
/// `signature` is the `X-Altur-Signature` header's value, `body` the raw request body. (With the
/// `http` crate's `HeaderMap`, as in axum, call `verify_request(&headers, &body)` instead.)
fn handle(verifier: &WebhookVerifier, signature: Option<&str>, body: &[u8]) -> u16 {
    match verifier.verify_and_parse(signature, body) {
        Ok(WebhookEvent::CallEnded(call)) => {
            println!("call {} ended", call.id);
            if let Some(user) = &call.end_user {
                println!(
                    "  end user: {}",
                    user.display_name.as_deref().unwrap_or("?")
                );
                println!("  extracted: {:?}", user.extracted_data);
            }
            println!(
                "  answered by {}, {} s",
                call.answered_by
                    .as_ref()
                    .map_or("?", |answered_by| answered_by.as_str()),
                call.duration.unwrap_or_default()
            );
            for message in &call.transcript {
                println!("  {}: {}", message.sent_by, message.content);
            }
            200
        }
        Ok(other) => {
            println!("event {:?} acknowledged", other.event_type());
            200
        }
        Err(error) => {
            println!("refused: {}", describe(&error));
            if error.webhook_kind().is_some() {
                401
            } else {
                500
            }
        }
    }
}

/// The error and its causes on one line.
fn describe(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn main() -> Result<()> {
    let verifier = WebhookVerifier::new(SECRET)?;
    println!("{verifier:?}");

    // What Altur sends: the body and its signature.
    let signature = verifier.sign(BODY.as_bytes());
    println!("{SIGNATURE_HEADER}: {signature}");
    let status = handle(&verifier, Some(&signature), BODY.as_bytes());
    assert_eq!(status, 200);

    // The same signature over a body someone altered: refused before anything is parsed.
    let tampered = BODY.replace(r#""duration":45"#, r#""duration":4500"#);
    let status = handle(&verifier, Some(&signature), tampered.as_bytes());
    assert_eq!(status, 401);

    // No signature at all.
    let status = handle(&verifier, None, BODY.as_bytes());
    assert_eq!(status, 401);
    Ok(())
}
