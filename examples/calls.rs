//! Starts a call, retrieves it, and downloads its recording.
//!
//! ```sh
//! cargo run --example calls
//! ```
//!
//! The example runs on the embedded mock Altur server: no network, no key, and no phone rings.
//! The mock queues the call and never completes it, so the example plays the part of the
//! platform by giving the call a (fake, a few bytes long) recording, as
//! [`MockServer::set_call_recording`] lets tests do. Against the real API, build the client with
//! `Client::from_env()` instead, use one of your agents' ids, and wait for the `on_call_end`
//! webhook before downloading the recording.
//!
//! Exit status: 0 on success, 1 when a call fails (the error and its causes are printed).

use altur_client::mock::MockServer;
use altur_client::models::{Call, NewCall};
use altur_client::{CallsApi, Client};
use serde_json::{Map, json};
use std::error::Error as _;
use std::process::ExitCode;
use uuid::Uuid;

/// The agent that makes the call. On the mock, any id is an agent.
const AGENT_ID: Uuid = Uuid::from_u128(0x0b8e7a0e_8f3c_4c47_9d61_4f9b2a9c1d10);

#[tokio::main]
async fn main() -> ExitCode {
    let server = MockServer::start().await;
    println!(
        "Using the embedded mock Altur server at {}",
        server.base_url()
    );
    let result = match server.client() {
        Ok(client) => call(&server, &client).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failure(&error),
    }
}

async fn call(server: &MockServer, client: &Client) -> altur_client::Result<()> {
    // Context is free text or a JSON object.
    let context = Map::from_iter([
        ("invoice".to_owned(), json!("INV-1042")),
        ("balance".to_owned(), json!(120)),
    ]);
    let new_call = NewCall::new(AGENT_ID, "+14155550100")
        .with_end_user_display_name("Ada Lovelace")
        .with_end_user_context(context)
        .with_initial_message("Hi Ada, this is Altur calling about invoice INV-1042.");
    let call = client.start_call(&new_call).await?;
    println!("\nStarted:");
    print_call(&call);

    // What the platform does when the call ends: the mock's stand-in for it.
    server.set_call_recording(&call.id, MockServer::SAMPLE_RECORDING);

    let call = client.retrieve_call(&call.id).await?;
    println!("\nRetrieved:");
    print_call(&call);

    let audio = client.download_recording(&call.id).await?;
    println!(
        "\nDownloaded the recording by call id: {} bytes",
        audio.len()
    );

    // Webhooks and campaign calls carry a `recording_url` instead; it is checked to point at the
    // client's own API before the key is sent with it.
    if let Some(url) = &call.recording_url {
        let again = client.download_recording_url(url).await?;
        println!(
            "Downloaded the recording from {url}: {} bytes, same: {}",
            again.len(),
            again == audio
        );
    }
    let foreign = format!("https://example.com/api/v1.0/call/{}/recording", call.id);
    match client.download_recording_url(&foreign).await {
        Ok(_) => println!("Unexpectedly downloaded from {foreign}"),
        Err(error) => println!("Refused {foreign}:\n  {error}"),
    }
    Ok(())
}

fn print_call(call: &Call) {
    let or_unset = |value: Option<String>| value.unwrap_or_else(|| "(not set)".to_owned());
    println!("  id:             {}", call.id);
    println!(
        "  type:           {}",
        or_unset(call.kind.as_ref().map(ToString::to_string))
    );
    println!(
        "  status:         {}",
        or_unset(call.status.as_ref().map(ToString::to_string))
    );
    println!(
        "  to:             {}",
        or_unset(call.phone_number_to.clone())
    );
    println!(
        "  created at:     {}",
        or_unset(call.created_at.map(|time| time.to_string()))
    );
    println!(
        "  EndUser:        {}",
        or_unset(
            call.thread
                .as_ref()
                .and_then(|thread| thread.end_user.as_ref())
                .map(|user| user.display_name.clone())
        )
    );
    println!("  recording URL:  {}", or_unset(call.recording_url.clone()));
}

/// Prints the error and every error it was caused by.
fn failure(error: &altur_client::Error) -> ExitCode {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
    ExitCode::FAILURE
}
