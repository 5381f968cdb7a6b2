//! Adding contacts in batches: a large input split into requests of 1,000 contacts, each with
//! its own idempotency key, whose answers combine into one, and replayed whole under the same key.

mod common;

use altur_client::Result;
use altur_client::bulk::add_contacts_in_batches;
use altur_client::models::{Campaign, ContactFilters, IfDuplicate};
use altur_client::pagination::all_campaign_contacts;
use common::campaigns::{collect, contacts};
use common::{mock, wire};
use serde_json::{Value, json};

#[tokio::test]
async fn batches_of_2500_contacts() -> Result<()> {
    let (server, client) = mock::start().await;
    server.insert_campaign(Campaign::new(1, "Batches"));
    let input = contacts(2500);
    let before = server.request_count();
    let added = add_contacts_in_batches(&client, 1, &input, None, "import-1").await?;
    assert_eq!(server.request_count(), before + 3);
    assert!(added.success);
    assert_eq!(added.summary.created, 2500);
    let indexes: Vec<usize> = added.results.iter().map(|result| result.index).collect();
    assert_eq!(indexes, (0..2500).collect::<Vec<_>>());
    for (result, contact) in added.results.iter().zip(&input) {
        assert_eq!(result.contact.as_deref(), Some(contact.contact.as_str()));
    }
    let ids: Vec<u64> = added
        .results
        .iter()
        .filter_map(|r| r.contact_id())
        .collect();
    assert_eq!(ids, (1..=2500).collect::<Vec<_>>());

    // Running it again with the same key replays every batch and adds nothing.
    let rerun = add_contacts_in_batches(&client, 1, &input, None, "import-1").await?;
    assert_eq!(rerun, added);
    // A new key sees duplicates, and updates them when asked.
    let updated =
        add_contacts_in_batches(&client, 1, &input, Some(IfDuplicate::Update), "import-2").await?;
    assert_eq!(updated.summary.updated, 2500);
    let listed = collect(all_campaign_contacts(
        &client,
        1,
        ContactFilters::default().page_size(100),
    ))
    .await?;
    assert_eq!(listed.len(), 2500);

    let before = server.request_count();
    let nothing = add_contacts_in_batches(&client, 1, &[], None, "import-3").await?;
    assert_eq!(nothing.results.len(), 0);
    assert!(nothing.success);
    assert_eq!(
        server.request_count(),
        before,
        "an empty input sends nothing"
    );

    let missing = add_contacts_in_batches(&client, 2, &input, None, "import-4").await;
    assert_eq!(missing.unwrap_err().status(), Some(404));
    Ok(())
}

#[tokio::test]
async fn wire_batches_get_their_own_keys() -> Result<()> {
    let (server, client) = wire::answering_json(json!({
        "success": true,
        "summary": {"created": 1, "updated": 0, "skipped_duplicate": 0, "failed": 0},
        "results": [{"index": 0, "id": "1"}],
    }))
    .await;
    let input = contacts(2500);
    let combined =
        add_contacts_in_batches(&client, 42, &input, Some(IfDuplicate::Update), "file-abc").await?;
    let sent = wire::requests(&server).await;
    assert_eq!(sent.len(), 3);
    let mut offset = 0;
    for (batch, (request, size)) in sent.iter().zip([1000, 1000, 500]).enumerate() {
        let expected: Vec<Value> = input[offset..offset + size]
            .iter()
            .map(|contact| serde_json::to_value(contact).expect("json"))
            .collect();
        wire::assert_request(
            request,
            "POST",
            "/api/v1.0/campaigns/42/contacts",
            Some(&format!("file-abc-{batch}")),
            Some(json!({"contacts": expected, "if_duplicate": "update"})),
        );
        offset += size;
    }
    // Each response's result 0 is its batch's first contact: 0, 1000, 2000 in the input.
    let indexes: Vec<usize> = combined.results.iter().map(|r| r.index).collect();
    assert_eq!(indexes, [0, 1000, 2000]);
    assert_eq!(combined.summary.created, 3);
    Ok(())
}
