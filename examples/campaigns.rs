//! Runs a phone-call campaign from start to finish against the embedded mock Altur server.
//!
//! ```sh
//! cargo run --example campaigns
//! ```
//!
//! The example creates a campaign, adds 1,200 contacts (two batches of at most 1,000, each with
//! its own idempotency key), activates the campaign, shows the error the API gives for an action
//! the campaign's status does not allow, and walks every contact through the paginated stream.
//! It needs no network and no key. It never talks to the real API, where it would create a real
//! campaign and call real people.
//!
//! Exit status: 0 on success, 1 when a call fails (the error and its causes are printed).

use altur_client::mock::MockServer;
use altur_client::models::{
    CampaignAction, CampaignIntegrationType, ContactFilters, ContactStatus, NewCampaign,
    NewContact, Scheduling,
};
use altur_client::pagination::Stream;
use altur_client::{CampaignsApi, Client};
use std::error::Error as _;
use std::pin::{Pin, pin};
use std::process::ExitCode;
use uuid::Uuid;

const AGENT_ID: Uuid = Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b);

#[tokio::main]
async fn main() -> ExitCode {
    let server = MockServer::start().await;
    println!(
        "Using the embedded mock Altur server at {}",
        server.base_url()
    );
    let result = match server.client() {
        Ok(client) => run(&server, &client).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(server: &MockServer, client: &Client) -> altur_client::Result<()> {
    // 1. Create the campaign. The idempotency key makes a retried creation safe.
    let mut new = NewCampaign::new(
        "October payment reminders",
        AGENT_ID,
        "int_phone_main",
        CampaignIntegrationType::PhoneCall,
    );
    new.description = Some("Remind customers of their October payment".to_owned());
    new.first_message = Some("Hi, this is Altur calling about your October payment.".to_owned());
    new.scheduling = Some(Scheduling::weekdays("09:00", "18:00"));
    new.retries = Some(2);
    let campaign = client
        .create_campaign(&new, Some("example-create-october-reminders"))
        .await?
        .campaign;
    println!(
        "\nCreated campaign {} \"{}\" ({}, timezone {})",
        campaign.id,
        campaign.name,
        campaign
            .status
            .as_ref()
            .map_or("no status", |status| status.as_str()),
        campaign.timezone.as_deref().unwrap_or("not set"),
    );

    // 2. Add 1,200 contacts: more than one request may carry, so they go in two batches.
    let contacts: Vec<NewContact> = (0..1200)
        .map(|n| {
            let mut contact = NewContact::new(format!("+52155{n:08}"));
            contact.name = Some(format!("Customer {n}"));
            contact.context = Some(format!("Owes ${} since October 1st", 100 + n % 7 * 25));
            contact
        })
        .collect();
    let added = altur_client::bulk::add_contacts_in_batches(
        client,
        campaign.id,
        &contacts,
        None,
        "example-october-contacts",
    )
    .await?;
    println!(
        "Added contacts: {} created, {} updated, {} duplicates skipped, {} failed",
        added.summary.created,
        added.summary.updated,
        added.summary.skipped_duplicate,
        added.summary.failed,
    );

    // 3. Activate it; activating again is refused, and the error says why.
    let active = client
        .campaign_action(campaign.id, CampaignAction::Activate)
        .await?
        .campaign;
    println!(
        "Activated: status is now {}",
        active
            .status
            .as_ref()
            .map_or("unknown", |status| status.as_str())
    );
    match client
        .campaign_action(campaign.id, CampaignAction::Activate)
        .await
    {
        Ok(_) => println!("Activated twice?"),
        Err(error) => {
            let details = error.api_error().map(|body| &body.details);
            println!(
                "Activating again is refused ({}): current status {}, valid targets {}",
                error.status().unwrap_or_default(),
                details
                    .and_then(|details| details.get("current_status"))
                    .map_or_else(|| "?".to_owned(), ToString::to_string),
                details
                    .and_then(|details| details.get("valid_targets"))
                    .map_or_else(|| "?".to_owned(), ToString::to_string),
            );
        }
    }

    // The platform now works through the contacts; the mock lets us play that part.
    for result in added.results.iter().take(3) {
        if let Some(id) = result.contact_id() {
            server.set_contact_status(campaign.id, id, ContactStatus::Converted);
        }
    }

    // 4. Walk every contact, 100 per page, fetching each page only when it is needed.
    let all = altur_client::pagination::all_campaign_contacts(
        client,
        campaign.id,
        ContactFilters::default().page_size(100),
    );
    let mut all = pin!(all);
    let (mut count, mut converted) = (0, Vec::new());
    while let Some(contact) = next(&mut all).await {
        let contact = contact?;
        count += 1;
        if contact.status == Some(ContactStatus::Converted) {
            converted.push(contact);
        }
    }
    println!("\nListed {count} contacts through the stream; converted so far:");
    for contact in &converted {
        println!(
            "  #{:<5} {:<12} {:<16} {}",
            contact.id,
            contact.name.as_deref().unwrap_or("(no name)"),
            contact.contact.as_deref().unwrap_or("(no number)"),
            contact.context.as_deref().unwrap_or(""),
        );
    }
    Ok(())
}

/// The stream's next item (what `futures::TryStreamExt::try_next` does, without the dependency).
async fn next<S: Stream>(stream: &mut Pin<&mut S>) -> Option<S::Item> {
    std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await
}
