//! The Campaigns resource end to end: every endpoint against the embedded mock server (its rules,
//! pagination streams, idempotent replays, batching) and against a wiremock server that checks
//! the exact requests.

use altur_client::bulk::add_contacts_in_batches;
use altur_client::mock::MockServer;
use altur_client::models::{
    AddContacts, AddContactsResponse, AnsweredBy, CallStatus, Campaign, CampaignAction,
    CampaignCall, CampaignCallContact, CampaignCallFilters, CampaignCallList, CampaignContact,
    CampaignCycles, CampaignCyclesUpdate, CampaignFilters, CampaignIntegrationType, CampaignList,
    CampaignResponse, CampaignStatus, CampaignUpdate, ContactErrorCode, ContactFilters,
    ContactList, ContactResponse, ContactStatus, CursorPagination, CycleMode, IfDuplicate,
    IndexPagination, NewCampaign, NewContact, Scheduling, Timestamp,
};
use altur_client::pagination::Stream;
use altur_client::pagination::{all_campaign_calls, all_campaign_contacts, all_campaigns};
use altur_client::{CampaignsApi, Client, Error, Result, altur_api};
use serde_json::{Value, json};
use std::future::poll_fn;
use std::pin::pin;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

const AGENT: Uuid = Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b);
const OTHER_AGENT: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0002);
const KEY: &str = "test_key_0123456789";

// ---------------------------------------------------------------------------------------------
// Helpers

/// Requests the typed trait cannot express: immutable fields, unknown actions, raw bodies.
#[altur_api]
trait RawCampaigns {
    #[patch("/campaigns/<id>", data = "<body>")]
    async fn patch_campaign(&self, id: u64, body: &Value) -> Result<Value>;

    #[post("/campaigns/<id>/<action>")]
    async fn raw_action(&self, id: u64, action: &str) -> Result<Value>;

    #[get("/campaigns/<id>/<action>")]
    async fn get_action(&self, id: u64, action: &str) -> Result<Value>;

    #[post("/campaigns/<id>/contacts", data = "<body>")]
    async fn post_contacts(
        &self,
        id: u64,
        body: &Value,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<altur_client::Response<Value>>;

    #[post("/campaigns", data = "<body>")]
    async fn post_campaign(
        &self,
        body: &Value,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<altur_client::Response<Value>>;

    #[get("/campaigns?<query..>")]
    async fn get_campaigns(&self, query: &[(&str, &str)]) -> Result<Value>;

    #[get("/campaigns/<id>/contacts?<query..>")]
    async fn get_contacts(&self, id: u64, query: &[(&str, &str)]) -> Result<Value>;

    #[get("/campaigns/<id>/calls?<query..>")]
    async fn get_calls(&self, id: u64, query: &[(&str, &str)]) -> Result<Value>;
}

async fn next<S: Stream>(stream: &mut std::pin::Pin<&mut S>) -> Option<S::Item> {
    poll_fn(|cx| stream.as_mut().poll_next(cx)).await
}

async fn collect<T>(stream: impl Stream<Item = Result<T>>) -> Result<Vec<T>> {
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = next(&mut stream).await {
        items.push(item?);
    }
    Ok(items)
}

fn phone_campaign(name: &str) -> NewCampaign {
    let mut campaign =
        NewCampaign::new(name, AGENT, "int_phone", CampaignIntegrationType::PhoneCall);
    campaign.first_message = Some("Hola, le llamo de Altur.".into());
    campaign
}

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

fn contacts(count: usize) -> Vec<NewContact> {
    (0..count)
        .map(|n| {
            let mut contact = NewContact::new(format!("+52155{n:08}"));
            contact.name = Some(format!("Contact {n}"));
            contact
        })
        .collect()
}

#[track_caller]
fn assert_api_error(result: Result<impl std::fmt::Debug>, status: u16, code: &str) -> Error {
    let error = result.expect_err("an API error");
    assert_eq!(error.status(), Some(status), "{error:?}");
    let body = error.api_error().expect("the error model");
    assert_eq!(
        body.code.as_ref().and_then(|c| c.as_str()),
        Some(code),
        "{error:?}"
    );
    error
}

async fn mock() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = server
        .client_builder()
        .max_retries(0)
        .build()
        .expect("client");
    (server, client)
}

// ---------------------------------------------------------------------------------------------
// Against the mock server

#[tokio::test]
async fn create_retrieve_and_update() -> Result<()> {
    let (server, client) = mock().await;
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

    assert_api_error(
        client.retrieve_campaign(99).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    assert_api_error(
        client.update_campaign(99, &update).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    Ok(())
}

#[tokio::test]
async fn create_refuses_invalid_bodies() {
    let (server, client) = mock().await;
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
        assert_api_error(result, 400, "INVALID_REQUEST");
    }
    for body in [json!({}), json!({"name": "A"}), json!([1]), json!("x")] {
        let result = client.post_campaign(&body, None).await;
        assert_api_error(result, 400, "INVALID_REQUEST");
    }
    assert_eq!(server.campaign(1), None);
    let name_255 = phone_campaign(&"ñ".repeat(255));
    assert!(client.create_campaign(&name_255, None).await.is_ok());
}

#[tokio::test]
async fn update_rules() -> Result<()> {
    let (server, client) = mock().await;
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
        let error = assert_api_error(
            client.patch_campaign(cycling.id, &body).await,
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
    assert_api_error(
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
    assert_api_error(
        client.update_campaign(cycling.id, &schedule_update).await,
        400,
        "SCHEDULED_MODE_ONLY",
    );
    let template_on_phone = CampaignUpdate {
        template: Some("t".into()),
        ..CampaignUpdate::default()
    };
    assert_api_error(
        client.update_campaign(plain.id, &template_on_phone).await,
        400,
        "INVALID_REQUEST",
    );
    assert_api_error(
        client
            .patch_campaign(plain.id, &json!({"retries": "many"}))
            .await,
        400,
        "INVALID_REQUEST",
    );

    assert!(server.set_campaign_status(plain.id, CampaignStatus::Finished));
    let rename = CampaignUpdate {
        name: Some("late".into()),
        ..CampaignUpdate::default()
    };
    assert_api_error(
        client.update_campaign(plain.id, &rename).await,
        409,
        "CAMPAIGN_FINISHED",
    );
    // Also before the immutable-field check: "409 on any PATCH".
    assert_api_error(
        client
            .patch_campaign(plain.id, &json!({"agent_id": AGENT}))
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
    let (server, client) = mock().await;
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
                let error = assert_api_error(result, 409, "INVALID_STATUS_TRANSITION");
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

    let error = assert_api_error(
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
    assert_api_error(
        client.campaign_action(77, Activate).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    Ok(())
}

#[tokio::test]
async fn list_campaigns_filters() -> Result<()> {
    let (server, client) = mock().await;
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
        assert_api_error(result, 400, "INVALID_REQUEST");
    }
    Ok(())
}

#[tokio::test]
async fn all_campaigns_walks_every_page_lazily() -> Result<()> {
    let (server, client) = mock().await;
    for n in 1..=7 {
        server.insert_campaign(Campaign::new(n, format!("c{n}")));
    }
    let before = server.request_count();
    let stream = all_campaigns(&client, CampaignFilters::default().page_size(3));
    let mut stream = pin!(stream);
    assert_eq!(
        server.request_count(),
        before,
        "nothing is fetched up front"
    );
    let first = next(&mut stream).await.expect("an item")?;
    assert_eq!(first.id, 1);
    assert_eq!(server.request_count(), before + 1);
    for _ in 0..2 {
        next(&mut stream).await.expect("an item")?;
    }
    assert_eq!(server.request_count(), before + 1, "page 1 served 3 items");
    assert_eq!(next(&mut stream).await.expect("an item")?.id, 4);
    assert_eq!(server.request_count(), before + 2);
    let mut rest = Vec::new();
    while let Some(item) = next(&mut stream).await {
        rest.push(item?.id);
    }
    assert_eq!(rest, [5, 6, 7]);
    assert_eq!(
        server.request_count(),
        before + 3,
        "no request after the last page"
    );

    let empty = collect(all_campaigns(
        &client,
        CampaignFilters::default().status(CampaignStatus::Finished),
    ))
    .await?;
    assert!(empty.is_empty());
    Ok(())
}

#[tokio::test]
async fn contacts_add_list_retrieve_delete() -> Result<()> {
    let (server, client) = mock().await;
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

    let raw = json!({"contacts": [
        {"contact": 5215512345678_u64},
        {"name": "no phone"},
        {"contact": "+5215500000001", "name": 7},
        {"contact": "+5215500000002", "context": "ok"},
    ]});
    let mixed: AddContactsResponse =
        serde_json::from_value(client.post_contacts(id, &raw, None).await?.into_inner())
            .expect("the documented response");
    assert_eq!((mixed.summary.created, mixed.summary.failed), (1, 3));

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

    assert_api_error(
        client.delete_campaign_contact(id, second).await,
        409,
        "CONTACT_NOT_DELETABLE",
    );
    assert!(server.set_contact_status(id, second, ContactStatus::Failed));
    client.delete_campaign_contact(id, second).await?;
    client.delete_campaign_contact(id, ada_id).await?;
    assert_api_error(
        client.retrieve_campaign_contact(id, ada_id).await,
        404,
        "CONTACT_NOT_FOUND",
    );
    assert_api_error(
        client.delete_campaign_contact(id, ada_id).await,
        404,
        "CONTACT_NOT_FOUND",
    );
    assert_api_error(
        client.retrieve_campaign_contact(id + 1, 1).await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    assert!(!server.set_contact_status(id, 999, ContactStatus::Sent));

    let too_many = AddContacts::new(contacts(1001));
    assert_api_error(
        client.add_campaign_contacts(id, &too_many, None).await,
        400,
        "INVALID_REQUEST",
    );
    assert_api_error(
        client
            .add_campaign_contacts(99, &AddContacts::default(), None)
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
        assert_api_error(client.get_contacts(id, query).await, 400, "INVALID_REQUEST");
    }
    let last_page = client.get_contacts(id, &[("pageIndex", "25000")]).await?;
    assert_eq!(last_page["contacts"], json!([]));
    Ok(())
}

#[tokio::test]
async fn contacts_pages_and_stream() -> Result<()> {
    let (server, client) = mock().await;
    server.insert_campaign(Campaign::new(1, "A"));
    let added = client
        .add_campaign_contacts(1, &AddContacts::new(contacts(25)), None)
        .await?;
    assert_eq!(added.summary.created, 25);

    let ten = ContactFilters::default().page_size(10);
    let first = client.list_campaign_contacts(1, &ten, 0).await?;
    assert_eq!(first.total_count, Some(25));
    assert_eq!(
        first.pagination,
        serde_json::from_value(json!({"has_next": true, "has_previous": false, "next_page": 1}))
            .expect("pagination")
    );
    let third = client.list_campaign_contacts(1, &ten, 2).await?;
    assert_eq!(third.total_count, None, "only computed on the first page");
    assert_eq!(third.contacts.len(), 5);
    assert_eq!(third.pagination.previous_page, Some(1));
    assert_eq!(third.pagination.next_after(2), None);

    let before = server.request_count();
    let stream = all_campaign_contacts(&client, 1, ten.clone());
    let mut stream = pin!(stream);
    assert_eq!(server.request_count(), before);
    let mut seen = Vec::new();
    for _ in 0..10 {
        seen.push(next(&mut stream).await.expect("an item")?.id);
    }
    assert_eq!(server.request_count(), before + 1);
    while let Some(contact) = next(&mut stream).await {
        seen.push(contact?.id);
    }
    assert_eq!(server.request_count(), before + 3);
    let expected: Vec<u64> = (1..=25).collect();
    assert_eq!(seen, expected);

    // Exactly full pages: the last page says there is no next one.
    let five = collect(all_campaign_contacts(
        &client,
        1,
        ContactFilters::default().page_size(5),
    ))
    .await?;
    assert_eq!(five.len(), 25);
    let errors = collect(all_campaign_contacts(&client, 9, ContactFilters::default())).await;
    assert_eq!(errors.unwrap_err().status(), Some(404));
    Ok(())
}

fn call(id: &str, status: CallStatus, by: AnsweredBy, created: &str) -> CampaignCall {
    let mut call = CampaignCall::new(id);
    call.status = Some(status);
    call.answered_by = Some(by);
    call.created_at = Timestamp::parse(created);
    call.duration = Some(60);
    call.billed_duration = Some(60);
    let mut contact = CampaignCallContact::new(1);
    contact.phone_number = Some("+5215512345678".into());
    call.contact = Some(contact);
    call.recording_url = Some(format!("/api/v1.0/call/{id}/recording"));
    call
}

#[tokio::test]
async fn calls_filters_pages_and_stream() -> Result<()> {
    let (server, client) = mock().await;
    server.insert_campaign(Campaign::new(1, "A"));
    let calls = [
        call(
            "call_1",
            CallStatus::Ended,
            AnsweredBy::Human,
            "2025-10-01T10:00:00Z",
        ),
        call(
            "call_2",
            CallStatus::NoAnswer,
            AnsweredBy::Unknown,
            "2025-10-01T11:00:00Z",
        ),
        call(
            "call_3",
            CallStatus::Ended,
            AnsweredBy::Machine,
            "2025-10-02T10:00:00Z",
        ),
        call(
            "call_4",
            CallStatus::Busy,
            AnsweredBy::Unknown,
            "2025-10-03 10:00:00",
        ),
        call(
            "call_5",
            CallStatus::Ended,
            AnsweredBy::Human,
            "2025-10-04T10:00:00-06:00",
        ),
    ];
    for call in &calls {
        assert!(server.insert_campaign_call(1, call.clone()));
    }
    assert!(!server.insert_campaign_call(2, calls[0].clone()));

    let ids = |list: &CampaignCallList| list.calls.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    let everything = client
        .list_campaign_calls(1, &CampaignCallFilters::default(), 0)
        .await?;
    assert_eq!(everything.calls, calls);
    assert_eq!(everything.pagination.page_index, Some(0));
    assert_eq!(everything.pagination.page_size, Some(50));

    let ended = CampaignCallFilters::default().status(CallStatus::Ended);
    assert_eq!(
        ids(&client.list_campaign_calls(1, &ended, 0).await?),
        ["call_1", "call_3", "call_5"]
    );
    let human = CampaignCallFilters::default().answered_by(AnsweredBy::Human);
    assert_eq!(
        ids(&client.list_campaign_calls(1, &human, 0).await?),
        ["call_1", "call_5"]
    );
    let october_1 = CampaignCallFilters::default().period("2025-10-01", "2025-10-01");
    assert_eq!(
        ids(&client.list_campaign_calls(1, &october_1, 0).await?),
        ["call_1", "call_2"]
    );
    let from_the_3rd = CampaignCallFilters {
        start_date: Some("2025-10-03T00:00:00Z".into()),
        ..CampaignCallFilters::default()
    };
    assert_eq!(
        ids(&client.list_campaign_calls(1, &from_the_3rd, 0).await?),
        ["call_4", "call_5"]
    );

    let two = CampaignCallFilters::default().page_size(2);
    let middle = client.list_campaign_calls(1, &two, 1).await?;
    assert_eq!(ids(&middle), ["call_3", "call_4"]);
    assert_eq!(
        (middle.pagination.has_previous, middle.pagination.next_page),
        (true, Some(2))
    );

    let before = server.request_count();
    let streamed = collect(all_campaign_calls(&client, 1, two)).await?;
    assert_eq!(streamed, calls);
    assert_eq!(server.request_count(), before + 3);

    for query in [
        &[("status", "ringing-forever")][..],
        &[("answeredBy", "robot")],
        &[("startDate", "soon")],
        &[("endDate", "2025-13-01")],
        &[("pageSize", "1000")],
    ] {
        assert_api_error(client.get_calls(1, query).await, 400, "INVALID_REQUEST");
    }
    assert_api_error(
        client
            .list_campaign_calls(2, &CampaignCallFilters::default(), 0)
            .await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    Ok(())
}

#[tokio::test]
async fn idempotency_keys_replay_the_original_response() -> Result<()> {
    let (server, client) = mock().await;
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
async fn batches_of_2500_contacts() -> Result<()> {
    let (server, client) = mock().await;
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

/// Sends one raw HTTP/1.1 request and returns the status code.
async fn raw_status(server: &MockServer, method: &str, path: &str, body: &[u8]) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(server.address())
        .await
        .expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: api-key {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.api_key(),
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let text = String::from_utf8_lossy(&response);
    text.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"))
}

#[tokio::test]
async fn garbage_never_breaks_the_mock() {
    let (server, client) = mock().await;
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
                let status = raw_status(&server, method, path, body).await;
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
    let server = MockServer::start().await;
    server.insert_campaign(Campaign::new(1, "A"));
    let stranger = Client::builder()
        .api_key("wrong")
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .expect("client");
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

// ---------------------------------------------------------------------------------------------
// Against wiremock: the exact requests

async fn wiremock_answering(body: Value) -> (wiremock::MockServer, Client) {
    let server = wiremock::MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1.0", server.uri()))
        .initial_backoff(Duration::from_millis(1))
        .build()
        .expect("client");
    (server, client)
}

async fn requests(server: &wiremock::MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

async fn only_request(server: &wiremock::MockServer) -> wiremock::Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[track_caller]
fn assert_request(
    request: &wiremock::Request,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: Option<Value>,
) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), query);
    assert_eq!(
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("api-key {KEY}").as_str())
    );
    match body {
        Some(body) => {
            assert_eq!(request.headers["content-type"], "application/json");
            assert_eq!(request.body_json::<Value>().expect("a JSON body"), body);
        }
        None => assert!(request.body.is_empty(), "{:?}", request.body),
    }
}

fn key_of(request: &wiremock::Request) -> Option<&str> {
    request
        .headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
}

fn campaign_envelope() -> Value {
    json!({"success": true, "campaign": {"id": 42, "name": "A", "status": "active"}})
}

#[tokio::test]
async fn wire_list_campaigns() -> Result<()> {
    let (server, client) = wiremock_answering(json!({
        "total_count": 1,
        "campaigns": [{"id": 42, "name": "A"}],
        "pagination": {"has_next": false, "has_previous": false, "next_cursor": null},
    }))
    .await;
    let filters = CampaignFilters::default()
        .agent_id(AGENT)
        .status(CampaignStatus::Active)
        .integration(CampaignIntegrationType::Whatsapp)
        .period("2025-10-01T00:00:00Z", "2025-10-31")
        .page_size(20);
    let page = client.list_campaigns(&filters, Some("c/1+")).await?;
    assert_eq!(page.campaigns[0].id, 42);
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns",
        Some(&format!(
            "agentId={AGENT}&status=active&integration=whatsapp\
             &startDate=2025-10-01T00%3A00%3A00Z&endDate=2025-10-31&pageSize=20&cursor=c%2F1%2B"
        )),
        None,
    );
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"campaigns": []})))
        .mount(&server)
        .await;
    client
        .list_campaigns(&CampaignFilters::default(), None)
        .await?;
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns",
        None,
        None,
    );
    Ok(())
}

#[tokio::test]
async fn wire_create_campaign() -> Result<()> {
    let (server, client) = wiremock_answering(campaign_envelope()).await;
    let mut new = phone_campaign("A");
    new.retries = Some(1);
    let created = client.create_campaign(&new, Some("5f0c6a1e-key")).await?;
    assert_eq!(created.campaign.id, 42);
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v1.0/campaigns",
        None,
        Some(json!({
            "name": "A",
            "agent_id": AGENT,
            "integration_id": "int_phone",
            "integration_type": "phone_call",
            "retries": 1,
            "first_message": "Hola, le llamo de Altur.",
        })),
    );
    assert_eq!(key_of(&request), Some("5f0c6a1e-key"));

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(campaign_envelope()))
        .mount(&server)
        .await;
    client.create_campaign(&new, None).await?;
    assert_eq!(key_of(&only_request(&server).await), None);
    Ok(())
}

#[tokio::test]
async fn wire_posts_are_retried_only_with_a_key() {
    let server = wiremock::MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(campaign_envelope()))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1.0", server.uri()))
        .initial_backoff(Duration::from_millis(1))
        .build()
        .expect("client");
    let new = phone_campaign("A");
    assert_eq!(
        client
            .create_campaign(&new, None)
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    assert_eq!(requests(&server).await.len(), 1);

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(campaign_envelope()))
        .mount(&server)
        .await;
    client
        .create_campaign(&new, Some("k-1"))
        .await
        .expect("retried");
    let attempts = requests(&server).await;
    assert_eq!(attempts.len(), 2);
    assert!(attempts.iter().all(|r| key_of(r) == Some("k-1")));
    assert_eq!(attempts[0].body, attempts[1].body);
}

#[tokio::test]
async fn wire_retrieve_update_and_actions() -> Result<()> {
    let (server, client) = wiremock_answering(campaign_envelope()).await;
    let response: CampaignResponse = client.retrieve_campaign(42).await?;
    assert_eq!(response.campaign.status, Some(CampaignStatus::Active));
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns/42",
        None,
        None,
    );

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(campaign_envelope()))
        .mount(&server)
        .await;
    let update = CampaignUpdate {
        scheduling: Some(Scheduling {
            tue: Some(altur_client::models::DaySchedule::active("08:00", "12:00")),
            ..Scheduling::default()
        }),
        cycles: Some(CampaignCyclesUpdate {
            cooldown_minutes: Some(90),
            ..CampaignCyclesUpdate::default()
        }),
        ..CampaignUpdate::default()
    };
    client.update_campaign(42, &update).await?;
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        "/api/v1.0/campaigns/42",
        None,
        Some(json!({
            "scheduling": {"tue": {"startTime": "08:00", "stopTime": "12:00", "active": true}},
            "cycles": {"cooldown_minutes": 90},
        })),
    );
    assert_eq!(key_of(&request), None);

    for action in CampaignAction::ALL {
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(campaign_envelope()))
            .mount(&server)
            .await;
        client.campaign_action(42, action).await?;
        let request = only_request(&server).await;
        assert_request(
            &request,
            "POST",
            &format!("/api/v1.0/campaigns/42/{action}"),
            None,
            None,
        );
    }
    Ok(())
}

#[tokio::test]
async fn wire_transition_errors_expose_their_details() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1.0/campaigns/42/activate"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "error": "INVALID_STATUS_TRANSITION",
            "message": "Cannot activate an active campaign",
            "current_status": "active",
            "valid_targets": ["inactive"],
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1.0", server.uri()))
        .build()
        .expect("client");
    let error = assert_api_error(
        client.campaign_action(42, CampaignAction::Activate).await,
        409,
        "INVALID_STATUS_TRANSITION",
    );
    let details = &error.api_error().expect("a body").details;
    assert_eq!(details["current_status"], "active");
    assert_eq!(details["valid_targets"], json!(["inactive"]));
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a POST without a key is not retried"
    );
}

#[tokio::test]
async fn wire_contacts() -> Result<()> {
    let (server, client) = wiremock_answering(json!({
        "success": true,
        "summary": {"created": 1, "updated": 0, "skipped_duplicate": 0, "failed": 0},
        "results": [{"index": 0, "id": "981", "contact": "+5215512345678", "error": null}],
    }))
    .await;
    let mut ada = NewContact::new("+5215512345678");
    ada.context = Some("VIP".into());
    let body = AddContacts::new(vec![ada]).if_duplicate(IfDuplicate::Skip);
    let added = client
        .add_campaign_contacts(42, &body, Some("add-1"))
        .await?;
    assert_eq!(added.results[0].contact_id(), Some(981));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v1.0/campaigns/42/contacts",
        None,
        Some(json!({
            "contacts": [{"contact": "+5215512345678", "context": "VIP"}],
            "if_duplicate": "skip",
        })),
    );
    assert_eq!(key_of(&request), Some("add-1"));

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total_count": 1,
            "contacts": [{"id": 981, "contact": "+5215512345678", "status": "acepted",
                          "billed_duration": "00:46", "last_call_at": "2025-10-03 19:11:39"}],
            "pagination": {"has_next": false, "has_previous": true, "next_page": null,
                           "previous_page": 2},
        })))
        .mount(&server)
        .await;
    let filters = ContactFilters::default()
        .status(ContactStatus::NoAnswer)
        .page_size(100);
    let page: ContactList = client.list_campaign_contacts(42, &filters, 3).await?;
    assert_eq!(page.contacts[0].status, Some(ContactStatus::Accepted));
    assert_eq!(page.contacts[0].billed_duration, Some(46));
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns/42/contacts",
        Some("status=no-answer&pageSize=100&pageIndex=3"),
        None,
    );

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "contact": {"id": 981, "contact": "+5215512345678", "billed_duration": 270},
        })))
        .mount(&server)
        .await;
    let contact: ContactResponse = client.retrieve_campaign_contact(42, 981).await?;
    assert_eq!(contact.contact.billed_duration, Some(270));
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns/42/contacts/981",
        None,
        None,
    );

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("Contact deleted successfully"))
        .mount(&server)
        .await;
    client.delete_campaign_contact(42, 981).await?;
    assert_request(
        &only_request(&server).await,
        "DELETE",
        "/api/v1.0/campaigns/42/contacts/981",
        None,
        None,
    );
    Ok(())
}

#[tokio::test]
async fn wire_list_campaign_calls() -> Result<()> {
    let (server, client) = wiremock_answering(json!({
        "total_count": 1,
        "calls": [{"id": "call_abc123def456", "status": "ended", "billed_duration": 300,
                   "recording_url": "/api/v1.0/call/call_abc123def456/recording"}],
        "pagination": {"page_index": 0, "page_size": 50, "has_next": false,
                       "has_previous": false, "next_page": null, "previous_page": null},
    }))
    .await;
    let filters = CampaignCallFilters::default()
        .status(CallStatus::InProgress)
        .answered_by(AnsweredBy::Human)
        .period("2025-10-01", "2025-10-02")
        .page_size(50);
    let page = client.list_campaign_calls(42, &filters, 0).await?;
    assert_eq!(page.calls[0].billed_duration, Some(300));
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns/42/calls",
        Some(
            "status=in-progress&answeredBy=human&startDate=2025-10-01&endDate=2025-10-02\
             &pageSize=50&pageIndex=0",
        ),
        None,
    );
    Ok(())
}

#[tokio::test]
async fn wire_streams_follow_the_pagination() -> Result<()> {
    let server = wiremock::MockServer::start().await;
    Mock::given(path("/api/v1.0/campaigns"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "campaigns": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}],
            "pagination": {"has_next": true, "next_cursor": "next=1"},
        })))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1.0/campaigns"))
        .and(query_param("cursor", "next=1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "campaigns": [{"id": 3, "name": "c"}],
            // The oldest spelling, and a cursor that must not be followed.
            "pagination": {"has_more": false, "next_cursor": "stale"},
        })))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1.0/campaigns/7/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "contacts": [{"id": 1}],
            "pagination": {"has_next": true, "next_page": 5},
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v1.0/campaigns/7/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "contacts": [{"id": 2}],
            "pagination": {"has_next": false, "next_page": null},
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1.0", server.uri()))
        .build()
        .expect("client");

    let campaigns = collect(all_campaigns(
        &client,
        CampaignFilters::default().page_size(2),
    ))
    .await?;
    assert_eq!(
        campaigns.iter().map(|c| c.id).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let contacts = collect(all_campaign_contacts(&client, 7, ContactFilters::default())).await?;
    assert_eq!(contacts.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 2]);
    let queries: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        [
            Some("pageSize=2".to_owned()),
            Some("pageSize=2&cursor=next%3D1".to_owned()),
            Some("pageIndex=0".to_owned()),
            Some("pageIndex=5".to_owned()),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn wire_batches_get_their_own_keys() -> Result<()> {
    let (server, client) = wiremock_answering(json!({
        "success": true,
        "summary": {"created": 1, "updated": 0, "skipped_duplicate": 0, "failed": 0},
        "results": [{"index": 0, "id": "1"}],
    }))
    .await;
    let input = contacts(2500);
    let combined =
        add_contacts_in_batches(&client, 42, &input, Some(IfDuplicate::Update), "file-abc").await?;
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    let keys: Vec<Option<&str>> = sent.iter().map(key_of).collect();
    assert_eq!(
        keys,
        [Some("file-abc-0"), Some("file-abc-1"), Some("file-abc-2")]
    );
    let mut offset = 0;
    for (request, size) in sent.iter().zip([1000, 1000, 500]) {
        let expected: Vec<Value> = input[offset..offset + size]
            .iter()
            .map(|contact| serde_json::to_value(contact).expect("json"))
            .collect();
        assert_request(
            request,
            "POST",
            "/api/v1.0/campaigns/42/contacts",
            None,
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

// ---------------------------------------------------------------------------------------------
// A hand-written test double: the stream functions are generic over the trait

/// Serves the same page forever, to check that the streams stop on their own.
struct Stuck;

impl CampaignsApi for Stuck {
    async fn list_campaigns(&self, _: &CampaignFilters, _: Option<&str>) -> Result<CampaignList> {
        Ok(CampaignList::new(
            vec![Campaign::new(1, "again")],
            CursorPagination::with_next(Some("same".into())),
        ))
    }
    async fn create_campaign(&self, _: &NewCampaign, _: Option<&str>) -> Result<CampaignResponse> {
        unreachable!()
    }
    async fn retrieve_campaign(&self, _: u64) -> Result<CampaignResponse> {
        unreachable!()
    }
    async fn update_campaign(&self, _: u64, _: &CampaignUpdate) -> Result<CampaignResponse> {
        unreachable!()
    }
    async fn campaign_action(&self, _: u64, _: CampaignAction) -> Result<CampaignResponse> {
        unreachable!()
    }
    async fn add_campaign_contacts(
        &self,
        _: u64,
        contacts: &AddContacts,
        _: Option<&str>,
    ) -> Result<AddContactsResponse> {
        let results = (0..contacts.contacts.len())
            .map(altur_client::models::AddContactResult::new)
            .collect();
        let mut response = AddContactsResponse::new(Default::default(), results);
        response.success = contacts.contacts.len() < 1000;
        Ok(response)
    }
    async fn list_campaign_contacts(
        &self,
        _: u64,
        _: &ContactFilters,
        _: u32,
    ) -> Result<ContactList> {
        // Says there is more, but the page is empty.
        Ok(ContactList::new(
            Vec::new(),
            IndexPagination::with_next(Some(1)),
        ))
    }
    async fn retrieve_campaign_contact(&self, _: u64, _: u64) -> Result<ContactResponse> {
        unreachable!()
    }
    async fn delete_campaign_contact(&self, _: u64, _: u64) -> Result<()> {
        unreachable!()
    }
    async fn list_campaign_calls(
        &self,
        _: u64,
        _: &CampaignCallFilters,
        page_index: u32,
    ) -> Result<CampaignCallList> {
        // Points back at itself after the first page.
        Ok(CampaignCallList::new(
            vec![CampaignCall::new(format!("call_{page_index}"))],
            IndexPagination::with_next(Some(page_index.saturating_add(1).min(1))),
        ))
    }
}

/// The items a stream yields before its first error, and that error.
async fn until_error<T>(stream: impl Stream<Item = Result<T>>) -> (Vec<T>, Option<Error>) {
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = next(&mut stream).await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => return (items, Some(error)),
        }
    }
    (items, None)
}

#[tokio::test]
async fn streams_stop_when_a_server_loops() -> Result<()> {
    let (campaigns, error) = until_error(all_campaigns(&Stuck, CampaignFilters::default())).await;
    assert_eq!(
        campaigns.len(),
        2,
        "the first page, and the one its cursor named"
    );
    assert!(matches!(error, Some(Error::Pagination { .. })), "{error:?}");
    let no_contacts = collect(all_campaign_contacts(&Stuck, 1, ContactFilters::default())).await?;
    assert!(no_contacts.is_empty());
    let (calls, error) = until_error(all_campaign_calls(
        &Stuck,
        1,
        CampaignCallFilters::default(),
    ))
    .await;
    let ids: Vec<String> = calls.into_iter().map(|call| call.id).collect();
    assert_eq!(ids, ["call_0", "call_1"]);
    let error = error.expect("the walk ends with an error");
    assert_eq!(
        error.to_string(),
        "pagination stopped: the server sent 1 as the page after 1"
    );

    let combined = add_contacts_in_batches(&Stuck, 1, &contacts(1500), None, "k").await?;
    assert!(!combined.success, "one batch said it failed");
    let indexes: Vec<usize> = combined.results.iter().map(|r| r.index).collect();
    assert_eq!(indexes, (0..1500).collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn streams_and_batches_can_be_spawned() -> Result<()> {
    let (server, client) = mock().await;
    server.insert_campaign(Campaign::new(1, "A"));
    let task_client = client.clone();
    let added = tokio::spawn(async move {
        add_contacts_in_batches(&task_client, 1, &contacts(3), None, "spawned").await
    })
    .await
    .expect("the task")?;
    assert_eq!(added.summary.created, 3);
    let listed = tokio::spawn(async move {
        collect(all_campaign_contacts(&client, 1, ContactFilters::default())).await
    })
    .await
    .expect("the task")?;
    assert_eq!(listed.len(), 3);
    Ok(())
}
