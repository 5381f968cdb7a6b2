//! Creates an EndUser, sends messages to an agent as that EndUser, and lists the thread.
//!
//! ```sh
//! cargo run --example messages
//! ```
//!
//! The example runs on the embedded mock Altur server: no network, no key, nothing to set up.
//! The mock answers every message with a canned reply from its "Mock agent". Against the real
//! API, build the client with `Client::from_env()` instead and use one of your agents' ids.
//!
//! Exit status: 0 on success, 1 when a call fails (the error and its causes are printed).

use altur_client::mock::MockServer;
use altur_client::models::{EndUserData, Message, NewMessage, SentBy};
use altur_client::{Client, EndUserApi, MessagesApi, ThreadsApi};
use std::error::Error as _;
use std::process::ExitCode;
use uuid::Uuid;

/// The agent the messages go to. On the mock, any id is an agent.
const AGENT_ID: Uuid = Uuid::from_u128(0x0b8e7a0e_8f3c_4c47_9d61_4f9b2a9c1d10);

#[tokio::main]
async fn main() -> ExitCode {
    let server = MockServer::start().await;
    println!(
        "Using the embedded mock Altur server at {}",
        server.base_url()
    );
    let result = match server.client() {
        Ok(client) => converse(&client).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failure(&error),
    }
}

async fn converse(client: &Client) -> altur_client::Result<()> {
    let user = client
        .create_enduser(
            &EndUserData::new()
                .with_display_name("Ada Lovelace")
                .with_info("Ordered an Analytical Engine on 2025-10-01."),
        )
        .await?;
    println!("\nCreated EndUser {} ({})", user.id, user.display_name);

    let mut thread_id = None;
    for text in [
        "Hi! Where is my order?",
        "Thanks. Can you deliver it on Friday?",
    ] {
        let response = client
            .send_message(&NewMessage::new(AGENT_ID, user.id, text))
            .await?;
        println!("\nSent to thread {}:", response.thread.id);
        if let Some(sent) = &response.in_response_to {
            print_message(sent);
        }
        for reply in &response.messages {
            print_message(reply);
        }
        thread_id = Some(response.thread.id);
    }

    let Some(thread_id) = thread_id else {
        return Ok(());
    };
    let thread = client.retrieve_thread(&thread_id).await?;
    println!(
        "\nThread {}: agent {}, EndUser {}, active: {}",
        thread.id,
        thread
            .agent
            .as_ref()
            .and_then(|agent| agent.name.as_deref())
            .unwrap_or("(unnamed)"),
        thread
            .end_user
            .as_ref()
            .map_or("(unknown)", |user| user.display_name.as_str()),
        thread
            .active
            .map_or("(not said)", |active| if active { "yes" } else { "no" }),
    );

    let history = client.list_messages(&thread_id).await?;
    println!(
        "\nThe whole thread, oldest first ({} messages):",
        history.len()
    );
    for message in &history {
        print_message(message);
    }
    Ok(())
}

fn print_message(message: &Message) {
    let author = match &message.sent_by {
        SentBy::Ai => "agent",
        SentBy::EndUser => "EndUser",
        SentBy::System => "system",
        other => other.as_str(),
    };
    println!(
        "  [{}] {author:>7}: {}",
        message.sent_at,
        message.content.as_deref().unwrap_or("(no text)")
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
