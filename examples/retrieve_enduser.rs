//! Retrieves an EndUser and prints it.
//!
//! ```sh
//! cargo run --example retrieve_enduser
//! ALTUR_API_KEY=... cargo run --example retrieve_enduser -- <enduser-id>
//! ```
//!
//! Without arguments and without `ALTUR_API_KEY`, the example starts the embedded mock Altur
//! server, stores an EndUser in it and retrieves it through the client: no network, no key.
//!
//! With `ALTUR_API_KEY` set and an EndUser id as the one argument, it retrieves that EndUser from
//! the Altur API (or from `ALTUR_BASE_URL` when that is set). A key without an id, or an id
//! without a key, is a usage error rather than a silent fallback to the mock, so the example never
//! pretends to have called the API.
//!
//! Exit status: 0 on success, 1 when the call fails (the error and its causes are printed),
//! 2 on a usage error, including an id that is not a UUID. The key is never printed.

use altur_client::mock::MockServer;
use altur_client::{Client, EndUser, EndUserApi, IntegrationType};
use std::error::Error as _;
use std::process::ExitCode;
use uuid::Uuid;

const USAGE: &str = "\
usage: retrieve_enduser                 retrieve a sample EndUser from the embedded mock server
       retrieve_enduser <enduser-id>    retrieve an EndUser from the Altur API

The second form reads the API key from ALTUR_API_KEY (required) and the base URL from
ALTUR_BASE_URL (optional, default https://api.altur.io/api/v1.0).";

const SAMPLE_ID: Uuid = Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b);

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let has_key = std::env::var_os("ALTUR_API_KEY").is_some();
    match (args.as_slice(), has_key) {
        ([], false) => from_mock().await,
        ([id], true) => match Uuid::parse_str(id) {
            Ok(id) => from_api(id).await,
            Err(error) => usage_error(&format!("`{id}` is not an EndUser id (a UUID): {error}")),
        },
        ([], true) => usage_error("ALTUR_API_KEY is set, but no EndUser id was given"),
        ([_], false) => usage_error("an EndUser id was given, but ALTUR_API_KEY is not set"),
        _ => usage_error("expected at most one argument, the EndUser id"),
    }
}

async fn from_mock() -> ExitCode {
    let server = MockServer::start().await;
    server.insert_enduser(EndUser {
        id: SAMPLE_ID,
        display_name: "Ada Lovelace".to_owned(),
        integration_type: Some(IntegrationType::Whatsapp),
        info: Some(
            "Prefers to be contacted in the morning; asks about the Analytical Engine.".to_owned(),
        ),
    });
    println!(
        "Using the embedded mock Altur server at {}",
        server.base_url()
    );
    match server.client() {
        Ok(client) => retrieve(&client, SAMPLE_ID).await,
        Err(error) => failure(&error),
    }
}

async fn from_api(id: Uuid) -> ExitCode {
    match Client::from_env() {
        Ok(client) => {
            println!("Using the Altur API at {}", client.base_url());
            retrieve(&client, id).await
        }
        Err(error) => failure(&error),
    }
}

async fn retrieve(client: &Client, id: Uuid) -> ExitCode {
    match client.retrieve_enduser(id).await {
        Ok(user) => {
            print_enduser(&user);
            ExitCode::SUCCESS
        }
        Err(error) => failure(&error),
    }
}

fn print_enduser(user: &EndUser) {
    println!();
    println!("EndUser {}", user.id);
    println!("  display name:      {}", user.display_name);
    println!(
        "  integration type:  {}",
        user.integration_type
            .as_ref()
            .map_or("(not set)", IntegrationType::as_str)
    );
    println!(
        "  info:              {}",
        user.info.as_deref().unwrap_or("(not set)")
    );
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

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
