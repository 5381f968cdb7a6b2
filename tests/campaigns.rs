//! The Campaigns API of the embedded mock server, through the client: what it stores, the rules
//! it enforces on campaigns, their lifecycle and their contacts, idempotent replays, and that no
//! request breaks it. Paged lists and their streams are in `pagination.rs`, batches in `bulk.rs`,
//! and the exact requests of the endpoints in `endpoints.rs`.

mod common;

use altur_client::models::{
    AddContacts, AddContactsResponse, Campaign, CampaignAction, CampaignContact, CampaignCycles,
    CampaignCyclesUpdate, CampaignFilters, CampaignIntegrationType, CampaignList, CampaignStatus,
    CampaignUpdate, ContactErrorCode, ContactFilters, ContactStatus, CycleMode, IfDuplicate,
    NewCampaign, NewContact, Scheduling,
};
use altur_client::{CampaignsApi, Result};
use common::campaigns::{RawCampaigns, contacts, phone_campaign};
use common::{AGENT, OTHER_AGENT, expect_api_error, mock};
use serde_json::json;

/// A WhatsApp campaign of [`OTHER_AGENT`] with a template.
fn whatsapp_campaign(name: &str) -> NewCampaign {
    let mut campaign = NewCampaign::new(
        name,
        OTHER_AGENT,
        "int_wa",
        CampaignIntegrationType::Whatsapp,
    );
    campaign.template = Some("recordatorio".into());
    campaign
}

#[tokio::test]
async fn create_retrieve_and_update() -> Result<()> {
    let (server, client) = mock::start().await;
    let mut new = phone_campaign("Cobranza octubre");
    new.scheduling = Some(Scheduling::weekdays("09:00", "18:00"));
    new.retries = Some(2);
    let created = client.create_campaign(&new, None).await?;
    assert!(created.success);
    let campaign = created.campaign;
    assert_eq!(campaign.id, 1);
    assert_eq!(campaign.status, Some(CampaignStatus::Pending));
    assert_eq!(campaign.archived, Some(false));
    assert_eq!(campaign.timezone.as_deref(), Some("America/Mexico_City"));
    assert_eq!(campaign.agent.as_ref().map(|agent| agent.id), Some(AGENT));
    assert_eq!(
        campaign.integration.as_ref().and_then(|i| i.id.as_deref()),
        Some("int_phone")
    );
    assert_eq!(campaign.scheduling, new.scheduling);
    assert_eq!(campaign.cycle_enabled, Some(false));
    assert!(campaign.created_at.is_some());

    let second = client
        .create_campaign(&whatsapp_campaign("WA"), None)
        .await?;
    assert_eq!(second.campaign.id, 2);

    let retrieved = client.retrieve_campaign(1).await?;
    assert_eq!(retrieved.campaign, campaign);

    let update = CampaignUpdate {
        name: Some("Cobranza octubre (2)".into()),
        retries: Some(3),
        description: Some("segunda vuelta".into()),
        ..CampaignUpdate::default()
    };
    let updated = client.update_campaign(1, &update).await?.campaign;
    assert_eq!(updated.name, "Cobranza octubre (2)");
    assert_eq!(updated.retries, Some(3));
    assert_eq!(updated.description.as_deref(), Some("segunda vuelta"));
    assert_eq!(updated.first_message, campaign.first_message);
    assert_eq!(server.campaign(1), Some(updated));

    expect_api_error(
        client.retrieve_campaign(99).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    expect_api_error(
        client.update_campaign(99, &update).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    Ok(())
}

#[tokio::test]
async fn create_refuses_invalid_bodies() {
    let (server, client) = mock::start().await;
    let mut wrong_channel = phone_campaign("A");
    wrong_channel.template = Some("t".into());
    let mut first_message_on_whatsapp = whatsapp_campaign("A");
    first_message_on_whatsapp.first_message = Some("hi".into());
    let mut cycles_on_whatsapp = whatsapp_campaign("A");
    cycles_on_whatsapp.cycles = Some(CampaignCycles {
        enabled: Some(true),
        ..CampaignCycles::default()
    });
    let mut schedule_in_cooldown = phone_campaign("A");
    schedule_in_cooldown.cycles = Some(CampaignCycles {
        enabled: Some(true),
        mode: Some(CycleMode::Cooldown),
        schedule_start_date: Some("2025-10-01".into()),
        ..CampaignCycles::default()
    });
    let long_name = phone_campaign(&"x".repeat(256));
    let empty_name = phone_campaign(" ");
    let mut too_many_retries = phone_campaign("A");
    too_many_retries.retries = Some(6);
    let mut no_messages = phone_campaign("A");
    no_messages.message_limit = Some(0);
    let unknown_channel = NewCampaign::new(
        "A",
        AGENT,
        "int",
        CampaignIntegrationType::Other("sms".into()),
    );
    for body in [
        wrong_channel,
        first_message_on_whatsapp,
        cycles_on_whatsapp,
        schedule_in_cooldown,
        long_name,
        empty_name,
        too_many_retries,
        no_messages,
        unknown_channel,
    ] {
        let result = client.create_campaign(&body, None).await;
        expect_api_error(result, 400, "INVALID_REQUEST");
    }
    for body in [json!({}), json!({"name": "A"}), json!([1]), json!("x")] {
        let result = client.post_campaign(&body, None).await;
        expect_api_error(result, 400, "INVALID_REQUEST");
    }
    assert_eq!(server.campaign(1), None);
    let name_255 = phone_campaign(&"ñ".repeat(255));
    assert!(client.create_campaign(&name_255, None).await.is_ok());
}

#[tokio::test]
async fn update_rules() -> Result<()> {
    let (server, client) = mock::start().await;
    let plain = client
        .create_campaign(&phone_campaign("Plain"), None)
        .await?
        .campaign;
    let mut with_cycles = phone_campaign("Cycles");
    with_cycles.cycles = Some(CampaignCycles {
        enabled: Some(true),
        mode: Some(CycleMode::Cooldown),
        max_iterations: Some(2),
        cooldown_minutes: Some(60),
        ..CampaignCycles::default()
    });
    let cycling = client.create_campaign(&with_cycles, None).await?.campaign;
    assert_eq!(cycling.cycle_enabled, Some(true));
    assert_eq!(cycling.cycle_cooldown_minutes, Some(60));

    for (body, field) in [
        (json!({"agent_id": OTHER_AGENT}), "agent_id"),
        (
            json!({"name": "x", "integration_id": "int_2"}),
            "integration_id",
        ),
        (json!({"integration_type": "whatsapp"}), "integration_type"),
        (json!({"cycles": {"enabled": false}}), "cycles.enabled"),
        (json!({"cycles": {"mode": "scheduled"}}), "cycles.mode"),
    ] {
        let error = expect_api_error(
            client.patch_campaign(cycling.id, &body, None).await,
            400,
            "IMMUTABLE_FIELD",
        );
        let details = &error.api_error().expect("a body").details;
        assert_eq!(details["field"], field, "{body}");
    }

    let cycles_update = CampaignUpdate {
        cycles: Some(CampaignCyclesUpdate {
            max_iterations: Some(5),
            filter_statuses: Some(vec![ContactStatus::NoAnswer]),
            ..CampaignCyclesUpdate::default()
        }),
        ..CampaignUpdate::default()
    };
    expect_api_error(
        client.update_campaign(plain.id, &cycles_update).await,
        400,
        "CYCLES_NOT_ENABLED",
    );
    let updated = client
        .update_campaign(cycling.id, &cycles_update)
        .await?
        .campaign;
    assert_eq!(
        updated.cycles.as_ref().and_then(|c| c.max_iterations),
        Some(5)
    );
    assert_eq!(updated.cycle_max_iterations, Some(5));
    assert_eq!(
        updated.cycle_filter_statuses,
        Some(vec![ContactStatus::NoAnswer])
    );

    let schedule_update = CampaignUpdate {
        cycles: Some(CampaignCyclesUpdate {
            schedule_end_date: Some("2025-12-31".into()),
            ..CampaignCyclesUpdate::default()
        }),
        ..CampaignUpdate::default()
    };
    expect_api_error(
        client.update_campaign(cycling.id, &schedule_update).await,
        400,
        "SCHEDULED_MODE_ONLY",
    );
    let template_on_phone = CampaignUpdate {
        template: Some("t".into()),
        ..CampaignUpdate::default()
    };
    expect_api_error(
        client.update_campaign(plain.id, &template_on_phone).await,
        400,
        "INVALID_REQUEST",
    );
    expect_api_error(
        client
            .patch_campaign(plain.id, &json!({"retries": "many"}), None)
            .await,
        400,
        "INVALID_REQUEST",
    );

    assert!(server.set_campaign_status(plain.id, CampaignStatus::Finished));
    let rename = CampaignUpdate {
        name: Some("late".into()),
        ..CampaignUpdate::default()
    };
    expect_api_error(
        client.update_campaign(plain.id, &rename).await,
        409,
        "CAMPAIGN_FINISHED",
    );
    // Also before the immutable-field check: "409 on any PATCH".
    expect_api_error(
        client
            .patch_campaign(plain.id, &json!({"agent_id": AGENT}), None)
            .await,
        409,
        "CAMPAIGN_FINISHED",
    );
    Ok(())
}

#[tokio::test]
async fn lifecycle_transitions() -> Result<()> {
    use CampaignAction::{Activate, Archive, Pause, Resume};
    use CampaignStatus::{Active, Cooldown, Finished, Inactive, Pending, Ready};
    let (server, client) = mock::start().await;
    let id = client
        .create_campaign(&phone_campaign("A"), None)
        .await?
        .campaign
        .id;
    // (from, action, Ok(to) or Err(valid targets))
    // The status after the action, or the valid targets of the 409.
    type Expected = std::result::Result<CampaignStatus, &'static [&'static str]>;
    let table: &[(CampaignStatus, CampaignAction, Expected)] = &[
        (Pending, Activate, Ok(Active)),
        (Ready, Activate, Ok(Active)),
        (Cooldown, Activate, Ok(Active)),
        (Active, Activate, Err(&["inactive"])),
        (Inactive, Activate, Err(&["active"])),
        (Finished, Activate, Err(&[])),
        (Active, Pause, Ok(Inactive)),
        (Cooldown, Pause, Ok(Inactive)),
        (Inactive, Pause, Ok(Inactive)),
        (Pending, Pause, Err(&["active"])),
        (Finished, Pause, Err(&[])),
        (Inactive, Resume, Ok(Active)),
        (Active, Resume, Ok(Active)),
        (Cooldown, Resume, Err(&["active", "inactive"])),
        (Ready, Resume, Err(&["active"])),
        (Finished, Resume, Err(&[])),
    ];
    for (from, action, expected) in table {
        assert!(server.set_campaign_status(id, from.clone()));
        let result = client.campaign_action(id, *action).await;
        match expected {
            Ok(to) => {
                let response = result.unwrap_or_else(|e| panic!("{from} {action}: {e}"));
                assert!(response.success);
                assert_eq!(
                    response.campaign.status.as_ref(),
                    Some(to),
                    "{from} {action}"
                );
            }
            Err(targets) => {
                let error = expect_api_error(result, 409, "INVALID_STATUS_TRANSITION");
                let details = &error.api_error().expect("a body").details;
                assert_eq!(details["current_status"], from.as_str(), "{from} {action}");
                assert_eq!(details["valid_targets"], json!(targets), "{from} {action}");
                assert_eq!(
                    server.campaign(id).and_then(|c| c.status).as_ref(),
                    Some(from)
                );
            }
        }
    }
    for from in [Pending, Active, Inactive, Finished] {
        assert!(server.set_campaign_status(id, from.clone()));
        let archived = client.campaign_action(id, Archive).await?.campaign;
        assert_eq!(archived.archived, Some(true));
        assert_eq!(archived.status, Some(from));
    }

    let error = expect_api_error(
        client.raw_action(id, "restart").await,
        400,
        "UNKNOWN_ACTION",
    );
    assert!(error.to_string().contains("restart"), "{error}");
    assert_eq!(
        client.get_action(id, "pause").await.unwrap_err().status(),
        Some(405)
    );
    assert_eq!(
        client.get_action(id, "restart").await.unwrap_err().status(),
        Some(404)
    );
    expect_api_error(
        client.campaign_action(77, Activate).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    Ok(())
}

#[tokio::test]
async fn list_campaigns_filters() -> Result<()> {
    let (server, client) = mock::start().await;
    for n in 0..4 {
        client
            .create_campaign(&phone_campaign(&format!("phone {n}")), None)
            .await?;
        client
            .create_campaign(&whatsapp_campaign(&format!("wa {n}")), None)
            .await?;
    }
    server.set_campaign_status(3, CampaignStatus::Active);
    server.set_campaign_status(5, CampaignStatus::Active);
    server.set_campaign_status(6, CampaignStatus::Active);

    let ids = |list: &CampaignList| list.campaigns.iter().map(|c| c.id).collect::<Vec<_>>();
    let all = client
        .list_campaigns(&CampaignFilters::default(), None)
        .await?;
    assert_eq!(ids(&all), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(all.total_count, Some(8));
    assert!(!all.pagination.has_next && !all.pagination.has_previous);
    assert_eq!(all.pagination.next(), None);

    let active_phone = CampaignFilters::default()
        .status(CampaignStatus::Active)
        .integration(CampaignIntegrationType::PhoneCall);
    assert_eq!(
        ids(&client.list_campaigns(&active_phone, None).await?),
        [3, 5]
    );
    let other_agent = CampaignFilters::default().agent_id(OTHER_AGENT);
    assert_eq!(
        ids(&client.list_campaigns(&other_agent, None).await?),
        [2, 4, 6, 8]
    );
    let today = CampaignFilters::default().period("2000-01-01", "2999-12-31T23:59:59Z");
    assert_eq!(
        client.list_campaigns(&today, None).await?.total_count,
        Some(8)
    );
    let past = CampaignFilters::default().period("2000-01-01", "2000-01-02");
    assert!(
        client
            .list_campaigns(&past, None)
            .await?
            .campaigns
            .is_empty()
    );

    // Paging through one page at a time, forward and back.
    let three = CampaignFilters::default().page_size(3);
    let first = client.list_campaigns(&three, None).await?;
    assert_eq!(ids(&first), [1, 2, 3]);
    let cursor = first.pagination.next().expect("a next page").to_owned();
    let second = client.list_campaigns(&three, Some(&cursor)).await?;
    assert_eq!(ids(&second), [4, 5, 6]);
    assert!(second.pagination.has_previous);
    let back = second.pagination.previous_cursor.clone().expect("a cursor");
    assert_eq!(
        ids(&client.list_campaigns(&three, Some(&back)).await?),
        [1, 2, 3]
    );

    for query in [
        &[("startDate", "2025-01-01")][..],
        &[("endDate", "2025-01-01")],
        &[("startDate", "yesterday"), ("endDate", "2025-01-01")],
        &[("status", "paused")],
        &[("integration", "sms")],
        &[("agentId", "not-a-uuid")],
        &[("pageSize", "0")],
        &[("pageSize", "101")],
        &[("pageSize", "-1")],
        &[("cursor", "garbage")],
        &[("cursor", "x0000000000000001")],
    ] {
        let result = client.get_campaigns(query).await;
        expect_api_error(result, 400, "INVALID_REQUEST");
    }
    Ok(())
}

#[tokio::test]
async fn contacts_add_list_retrieve_delete() -> Result<()> {
    let (server, client) = mock::start().await;
    let id = client
        .create_campaign(&phone_campaign("A"), None)
        .await?
        .campaign
        .id;
    let mut ada = NewContact::new("+5215512345678");
    ada.name = Some("Ada".into());
    ada.f_id = Some("crm-1".into());
    ada.extracted_data = Some(serde_json::Map::from_iter([("plan".into(), json!("pro"))]));
    let body = AddContacts::new(vec![
        ada.clone(),
        NewContact::new("+5215587654321"),
        NewContact::new("12"),
        // No number: refused in the results, the others are added.
        NewContact::new(""),
        NewContact::new("+5215512345678"),
    ]);
    let added = client.add_campaign_contacts(id, &body, None).await?;
    assert!(added.success);
    assert_eq!(
        (
            added.summary.created,
            added.summary.updated,
            added.summary.skipped_duplicate,
            added.summary.failed
        ),
        (2, 0, 1, 2)
    );
    let indexes: Vec<usize> = added.results.iter().map(|r| r.index).collect();
    assert_eq!(indexes, [0, 1, 2, 3, 4]);
    let ada_id = added.results[0].contact_id().expect("an id");
    assert_eq!(added.results[4].contact_id(), Some(ada_id), "the duplicate");
    let code = |index: usize| {
        added.results[index]
            .error
            .as_ref()
            .and_then(|e| e.code.clone())
    };
    assert_eq!(code(2), Some(ContactErrorCode::InvalidPhoneNumber));
    assert_eq!(code(3), Some(ContactErrorCode::MissingContact));
    assert_eq!(code(0), None);

    let mut renamed = NewContact::new("+5215512345678");
    renamed.name = Some("Ada Lovelace".into());
    let update = AddContacts::new(vec![renamed]).if_duplicate(IfDuplicate::Update);
    let updated = client.add_campaign_contacts(id, &update, None).await?;
    assert_eq!(updated.summary.updated, 1);
    let ada_now = client.retrieve_campaign_contact(id, ada_id).await?;
    assert!(ada_now.success);
    assert_eq!(ada_now.contact.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(ada_now.contact.f_id, None, "update overwrites f_id too");
    assert_eq!(ada_now.contact.status, Some(ContactStatus::Queue));
    assert_eq!(ada_now.contact.call_count, Some(0));

    // An item whose keys have the wrong types refuses the whole request; one without a number
    // is refused in the results (`MISSING_CONTACT`), as the documentation's per-item errors say.
    for (item, pointer) in [
        (json!({"contact": 5215512345678_u64}), "/contacts/1/contact"),
        (
            json!({"contact": "+5215500000001", "name": 7}),
            "/contacts/1/name",
        ),
    ] {
        let raw = json!({"contacts": [{"contact": "+5215500000002"}, item]});
        let error = expect_api_error(
            client.post_contacts(id, &raw, None).await,
            400,
            "INVALID_REQUEST",
        );
        let message = &error.api_error().expect("a body").message;
        assert!(
            message.starts_with(&format!("invalid request body at {pointer}: ")),
            "{message}"
        );
    }
    let raw = json!({"contacts": [
        {"contact": "+5215500000002", "context": "ok"},
        {"name": "no phone"},
    ]});
    let mixed: AddContactsResponse =
        serde_json::from_value(client.post_contacts(id, &raw, None).await?.into_inner())
            .expect("the documented response");
    assert_eq!((mixed.summary.created, mixed.summary.failed), (1, 1));

    let list = client
        .list_campaign_contacts(id, &ContactFilters::default(), 0)
        .await?;
    assert_eq!(list.total_count, Some(3));
    assert_eq!(list.contacts.len(), 3);
    assert!(!list.pagination.has_next);

    let second = added.results[1].contact_id().expect("an id");
    assert!(server.set_contact_status(id, second, ContactStatus::Sent));
    let queued = client
        .list_campaign_contacts(
            id,
            &ContactFilters::default().status(ContactStatus::Queue),
            0,
        )
        .await?;
    assert_eq!(queued.contacts.len(), 2);
    assert!(queued.contacts.iter().all(|c| c.id != second));

    expect_api_error(
        client.delete_campaign_contact(id, second).await,
        409,
        "CONTACT_NOT_DELETABLE",
    );
    assert!(server.set_contact_status(id, second, ContactStatus::Failed));
    client.delete_campaign_contact(id, second).await?;
    client.delete_campaign_contact(id, ada_id).await?;
    expect_api_error(
        client.retrieve_campaign_contact(id, ada_id).await,
        404,
        "CONTACT_NOT_FOUND",
    );
    expect_api_error(
        client.delete_campaign_contact(id, ada_id).await,
        404,
        "CONTACT_NOT_FOUND",
    );
    expect_api_error(
        client.retrieve_campaign_contact(id + 1, 1).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    assert!(!server.set_contact_status(id, 999, ContactStatus::Sent));

    let too_many = AddContacts::new(contacts(1001));
    expect_api_error(
        client.add_campaign_contacts(id, &too_many, None).await,
        400,
        "INVALID_REQUEST",
    );
    expect_api_error(
        client
            .add_campaign_contacts(99, &AddContacts::new(contacts(1)), None)
            .await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    for query in [
        &[("status", "asleep")][..],
        &[("pageSize", "0")],
        &[("pageSize", "101")],
        &[("pageIndex", "25001")],
        &[("pageIndex", "-1")],
    ] {
        expect_api_error(client.get_contacts(id, query).await, 400, "INVALID_REQUEST");
    }
    let last_page = client.get_contacts(id, &[("pageIndex", "25000")]).await?;
    assert_eq!(last_page["contacts"], json!([]));
    Ok(())
}

#[tokio::test]
async fn idempotency_keys_replay_the_original_response() -> Result<()> {
    let (server, client) = mock::start().await;
    let new = phone_campaign("Once");
    let first = client.create_campaign(&new, Some("create-1")).await?;
    let again = client.create_campaign(&new, Some("create-1")).await?;
    assert_eq!(again, first);
    let replayed = client
        .post_campaign(&serde_json::to_value(&new).expect("json"), Some("create-1"))
        .await?;
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    let other = client.create_campaign(&new, Some("create-2")).await?;
    assert_eq!(other.campaign.id, first.campaign.id + 1);
    let unkeyed = client.create_campaign(&new, None).await?;
    assert_eq!(unkeyed.campaign.id, other.campaign.id + 1);
    let list = client
        .list_campaigns(&CampaignFilters::default(), None)
        .await?;
    assert_eq!(list.total_count, Some(3));

    // Errors are not remembered: a corrected request may reuse the key.
    let mut invalid = new.clone();
    invalid.retries = Some(9);
    assert!(
        client
            .create_campaign(&invalid, Some("create-3"))
            .await
            .is_err()
    );
    let fixed = client.create_campaign(&new, Some("create-3")).await?;
    assert_eq!(fixed.campaign.id, 4);

    // Contacts: the key is per path, and replays add nothing.
    let body = AddContacts::new(contacts(3));
    let added = client
        .add_campaign_contacts(1, &body, Some("add-1"))
        .await?;
    assert_eq!(added.summary.created, 3);
    let replay = client
        .add_campaign_contacts(1, &body, Some("add-1"))
        .await?;
    assert_eq!(replay, added);
    let elsewhere = client
        .add_campaign_contacts(2, &body, Some("add-1"))
        .await?;
    assert_eq!(elsewhere.summary.created, 3);
    let fresh = client
        .add_campaign_contacts(1, &body, Some("add-2"))
        .await?;
    assert_eq!(fresh.summary.skipped_duplicate, 3);
    let contacts_of_1 = client
        .list_campaign_contacts(1, &ContactFilters::default(), 0)
        .await?;
    assert_eq!(contacts_of_1.total_count, Some(3));
    assert_eq!(server.campaign(1).map(|c| c.name).as_deref(), Some("Once"));
    Ok(())
}

#[tokio::test]
async fn garbage_never_breaks_the_mock() {
    let (server, client) = mock::start().await;
    server.insert_campaign(Campaign::new(u64::MAX, "last"));
    server.insert_campaign(Campaign::new(1, "first"));
    assert!(server.insert_campaign_contact(1, CampaignContact::new(u64::MAX, "+5215512345678")));
    let paths = [
        "/api/v1.0/campaigns",
        "/api/v1.0/campaigns/",
        "/api/v1.0/campaigns/1",
        "/api/v1.0/campaigns/18446744073709551615",
        "/api/v1.0/campaigns/18446744073709551616",
        "/api/v1.0/campaigns/-1",
        "/api/v1.0/campaigns/%FF",
        "/api/v1.0/campaigns/1/contacts",
        "/api/v1.0/campaigns/1/contacts/18446744073709551615",
        "/api/v1.0/campaigns/1/contacts/x",
        "/api/v1.0/campaigns/1/calls?pageIndex=25000&pageSize=100",
        "/api/v1.0/campaigns/1/contacts?pageIndex=4294967296",
        "/api/v1.0/campaigns?cursor=nffffffffffffffff&pageSize=100",
        "/api/v1.0/campaigns?cursor=p0000000000000000",
        "/api/v1.0/campaigns?cursor=n%C3%A9",
        "/api/v1.0/campaigns/1/activate",
        "/api/v1.0/campaigns/1/%2e%2e",
        "/api/v1.0/campaigns/1/contacts/1/extra",
    ];
    let bodies: [&[u8]; 7] = [
        b"",
        b"{",
        b"null",
        b"[]",
        br#"{"contacts": "many"}"#,
        br#"{"contacts": [null, 1, "x", {"contact": {}}], "if_duplicate": 5}"#,
        br#"{"name": "x", "agent_id": "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b", "integration_id": "i", "integration_type": "phone_call", "cycles": {"mode": 1}}"#,
    ];
    for path in paths {
        for method in ["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD"] {
            for body in bodies {
                let status = mock::raw(&server, method, path, body).await.status;
                assert!(
                    status < 500,
                    "{method} {path} {:?}: {status}",
                    String::from_utf8_lossy(body)
                );
            }
        }
    }
    // Id overflow is an error, not a panic.
    let overflow = client.create_campaign(&phone_campaign("A"), None).await;
    assert_eq!(overflow.unwrap_err().status(), Some(400));
    let contact_overflow = client
        .add_campaign_contacts(1, &AddContacts::new(contacts(1)), None)
        .await
        .expect("a response with a per-item error");
    assert_eq!(contact_overflow.summary.failed, 1);
    assert!(client.retrieve_campaign(1).await.is_ok(), "still serving");
}

#[tokio::test]
async fn campaign_routes_check_the_api_key() {
    let server = mock::server().await;
    server.insert_campaign(Campaign::new(1, "A"));
    let stranger = mock::client(&server, |builder| builder.api_key("wrong"));
    assert_eq!(
        stranger.retrieve_campaign(1).await.unwrap_err().status(),
        Some(401)
    );
    assert_eq!(
        stranger
            .create_campaign(&phone_campaign("A"), Some("k"))
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
}
