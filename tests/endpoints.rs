//! The preconfigured Altur endpoints against a wiremock server: the exact request each one sends
//! (method, path, query, key, idempotency key, body) and what it makes of the documented
//! responses, old spellings included.

mod common;

use altur_client::models::{
    AddContacts, AnsweredBy, CallStatus, CampaignAction, CampaignCallFilters, CampaignCyclesUpdate,
    CampaignFilters, CampaignIntegrationType, CampaignResponse, CampaignStatus, CampaignUpdate,
    ContactFilters, ContactList, ContactResponse, ContactStatus, DaySchedule, EndUserContext,
    EndUserData, IfDuplicate, MessageType, NewCall, NewContact, NewMessage, Scheduling, SentBy,
    Thread,
};
use altur_client::{CallsApi, CampaignsApi, EndUserApi, Error, MessagesApi, Result, ThreadsApi};
use common::campaigns::{campaign_envelope, phone_campaign};
use common::wire::{
    answering, answering_json, assert_request, header, only_request, requests, reset_answering,
};
use common::{ADA, AGENT, PHONE, ada, enduser_json};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::ResponseTemplate;

// ---------------------------------------------------------------------------------------------
// Campaigns and their contacts and calls

#[tokio::test]
async fn wire_list_campaigns() -> Result<()> {
    let (server, client) = answering_json(json!({
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
        &format!(
            "/api/v1.0/campaigns?agentId={AGENT}&status=active&integration=whatsapp\
             &startDate=2025-10-01T00%3A00%3A00Z&endDate=2025-10-31&pageSize=20&cursor=c%2F1%2B"
        ),
        None,
        None,
    );
    reset_answering(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"campaigns": []})),
    )
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
    let (server, client) = answering_json(campaign_envelope()).await;
    let mut new = phone_campaign("A");
    new.retries = Some(1);
    let created = client.create_campaign(&new, Some("5f0c6a1e-key")).await?;
    assert_eq!(created.campaign.id, 42);
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/campaigns",
        Some("5f0c6a1e-key"),
        Some(json!({
            "name": "A",
            "agent_id": AGENT,
            "integration_id": "int_phone",
            "integration_type": "phone_call",
            "retries": 1,
            "first_message": "Hola, le llamo de Altur.",
        })),
    );

    reset_answering(
        &server,
        ResponseTemplate::new(200).set_body_json(campaign_envelope()),
    )
    .await;
    // Without a key, one is generated when the call may be retried (see tests/idempotency.rs).
    client.create_campaign(&new, None).await?;
    let request = only_request(&server).await;
    let generated = header(&request, "idempotency-key").expect("a key");
    assert_eq!(
        Uuid::parse_str(generated).map(|key| key.get_version_num()),
        Ok(4)
    );
    Ok(())
}

#[tokio::test]
async fn wire_retrieve_update_and_actions() -> Result<()> {
    let (server, client) = answering_json(campaign_envelope()).await;
    let response: CampaignResponse = client.retrieve_campaign(42).await?;
    assert_eq!(response.campaign.status, Some(CampaignStatus::Active));
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/campaigns/42",
        None,
        None,
    );

    reset_answering(
        &server,
        ResponseTemplate::new(200).set_body_json(campaign_envelope()),
    )
    .await;
    let update = CampaignUpdate {
        scheduling: Some(Scheduling {
            tue: Some(DaySchedule::active("08:00", "12:00")),
            ..Scheduling::default()
        }),
        cycles: Some(CampaignCyclesUpdate {
            cooldown_minutes: Some(90),
            ..CampaignCyclesUpdate::default()
        }),
        ..CampaignUpdate::default()
    };
    client.update_campaign(42, &update).await?;
    assert_request(
        &only_request(&server).await,
        "PATCH",
        "/api/v1.0/campaigns/42",
        None,
        Some(json!({
            "scheduling": {"tue": {"startTime": "08:00", "stopTime": "12:00", "active": true}},
            "cycles": {"cooldown_minutes": 90},
        })),
    );

    for action in CampaignAction::ALL {
        reset_answering(
            &server,
            ResponseTemplate::new(200).set_body_json(campaign_envelope()),
        )
        .await;
        client.campaign_action(42, action).await?;
        assert_request(
            &only_request(&server).await,
            "POST",
            &format!("/api/v1.0/campaigns/42/{action}"),
            None,
            None,
        );
    }
    Ok(())
}

#[tokio::test]
async fn wire_contacts() -> Result<()> {
    let (server, client) = answering_json(json!({
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
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/campaigns/42/contacts",
        Some("add-1"),
        Some(json!({
            "contacts": [{"contact": "+5215512345678", "context": "VIP"}],
            "if_duplicate": "skip",
        })),
    );

    reset_answering(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "total_count": 1,
            "contacts": [{"id": 981, "contact": "+5215512345678", "status": "acepted",
                          "billed_duration": "00:46", "last_call_at": "2025-10-03 19:11:39"}],
            "pagination": {"has_next": false, "has_previous": true, "next_page": null,
                           "previous_page": 2},
        })),
    )
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
        "/api/v1.0/campaigns/42/contacts?status=no-answer&pageSize=100&pageIndex=3",
        None,
        None,
    );

    reset_answering(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "contact": {"id": 981, "contact": "+5215512345678", "billed_duration": 270},
        })),
    )
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

    reset_answering(
        &server,
        ResponseTemplate::new(200).set_body_string("Contact deleted successfully"),
    )
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
    let (server, client) = answering_json(json!({
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
        "/api/v1.0/campaigns/42/calls?status=in-progress&answeredBy=human&startDate=2025-10-01\
         &endDate=2025-10-02&pageSize=50&pageIndex=0",
        None,
        None,
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// EndUsers, messages, threads and calls

fn thread_json() -> Value {
    json!({
        "id": "thr_8Yv2kQ1mZx",
        "agent": {"id": AGENT, "name": "Sales agent"},
        "end_user": enduser_json(),
        "integration": {"id": "int_1", "type": "api"},
        "updated_at": "2023-11-07T05:31:56Z",
        "active": true,
        "blocked": false,
        "tags": [{"id": "tag_1", "name": "vip", "color": "blue"}],
        "assigned_to": [{"id": "usr_1", "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"}],
    })
}

fn message_json(sent_by: &str, content: &str) -> Value {
    json!({
        "thread_id": "thr_8Yv2kQ1mZx",
        "type": "text",
        "sent_by": sent_by,
        "sent_at": "2023-11-07T05:31:56Z",
        "content": content,
        "read": false,
    })
}

#[tokio::test]
async fn wire_create_enduser() {
    let (server, client) = answering_json(enduser_json()).await;
    let user = client
        .create_enduser(
            &EndUserData::new()
                .with_display_name("Ada Lovelace")
                .with_info("prefers mornings"),
        )
        .await
        .expect("created");
    assert_eq!(user, ada());
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/enduser",
        None,
        Some(json!({"display_name": "Ada Lovelace", "info": "prefers mornings"})),
    );

    let (server, client) = answering_json(enduser_json()).await;
    client
        .create_enduser(&EndUserData::new())
        .await
        .expect("created");
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/enduser",
        None,
        Some(json!({})),
    );
}

#[tokio::test]
async fn wire_update_enduser() {
    let (server, client) = answering_json(enduser_json()).await;
    let user = client
        .update_enduser(ADA, &EndUserData::new().with_info("prefers mornings"))
        .await
        .expect("updated");
    assert_eq!(user.id, ADA);
    assert_request(
        &only_request(&server).await,
        "PUT",
        &format!("/api/v1.0/enduser/{ADA}"),
        None,
        Some(json!({"info": "prefers mornings"})),
    );
}

#[tokio::test]
async fn wire_retrieve_enduser() {
    let (server, client) = answering_json(enduser_json()).await;
    assert_eq!(client.retrieve_enduser(ADA).await.expect("found"), ada());
    assert_request(
        &only_request(&server).await,
        "GET",
        &format!("/api/v1.0/enduser/{ADA}"),
        None,
        None,
    );
}

#[tokio::test]
async fn wire_send_message() {
    let (server, client) = answering_json(json!({
        "thread": thread_json(),
        "messages": [message_json("AI", "It ships today.")],
        "in_response_to": message_json("EU", "Where is my order?"),
    }))
    .await;
    let response = client
        .send_message(&NewMessage::new(AGENT, ADA, "Where is my order?"))
        .await
        .expect("sent");
    assert_eq!(response.thread.id, "thr_8Yv2kQ1mZx");
    assert_eq!(
        response.messages[0].content.as_deref(),
        Some("It ships today.")
    );
    assert_eq!(
        response.in_response_to.map(|message| message.sent_by),
        Some(SentBy::EndUser)
    );
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/message",
        None,
        Some(json!({"agent_id": AGENT, "end_user_id": ADA, "content": "Where is my order?"})),
    );
}

#[tokio::test]
async fn wire_send_message_decodes_the_old_names() {
    let mut old_thread = thread_json();
    let object = old_thread.as_object_mut().expect("an object");
    let agent = object.remove("agent").expect("agent");
    let user = object.remove("end_user").expect("end_user");
    object.insert("chatbot".into(), agent);
    object.insert("enduser".into(), user);
    let (_server, client) = answering_json(json!({
        "thread": old_thread,
        "messages": [message_json("AI", "Hola")],
    }))
    .await;
    let response = client
        .send_message(&NewMessage::new(AGENT, ADA, "Hola"))
        .await
        .expect("sent");
    let expected: Thread = serde_json::from_value(thread_json()).expect("a thread");
    assert_eq!(response.thread, expected);
    assert_eq!(response.in_response_to, None);
}

#[tokio::test]
async fn wire_list_messages() {
    let (server, client) = answering_json(json!([
        message_json("EU", "Where is my order?"),
        message_json("AI", "It ships today."),
        {"thread_id": "thr_8Yv2kQ1mZx", "type": "sticker", "sent_by": "BOT", "sent_at": "soon"},
    ]))
    .await;
    let messages = client
        .list_messages("thr_8Yv2kQ1mZx")
        .await
        .expect("listed");
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[0].sent_by, SentBy::EndUser);
    assert_eq!(messages[2].kind, MessageType::Other("sticker".into()));
    assert_eq!(messages[2].sent_by, SentBy::Other("BOT".into()));
    assert_eq!(messages[2].sent_at_timestamp(), None);
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/message/thr_8Yv2kQ1mZx",
        None,
        None,
    );

    // The id is one encoded segment.
    let (server, client) = answering_json(json!([])).await;
    assert!(
        client
            .list_messages("a b/c?d")
            .await
            .expect("listed")
            .is_empty()
    );
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/message/a%20b%2Fc%3Fd",
        None,
        None,
    );
}

#[tokio::test]
async fn wire_retrieve_thread() {
    // The mixed Spanish example: the old `chatbot` with the new `end_user`.
    let (server, client) = answering_json(json!({
        "id": "hilo_123",
        "chatbot": {"id": AGENT, "name": "Asistente de ventas"},
        "end_user": {"id": ADA, "display_name": "Juana Pérez", "integration_type": "whatsapp"},
        "integration": {"id": 7, "type": "whatsapp"},
        "updated_at": "2024-05-01T10:00:00-06:00",
        "active": false,
        "blocked": false,
        "tags": [{"id": 12, "name": "cliente nuevo", "color": "verde"}],
        "assigned_to": [],
    }))
    .await;
    let thread = client.retrieve_thread("hilo_123").await.expect("found");
    assert_eq!(
        thread.agent.and_then(|agent| agent.name).as_deref(),
        Some("Asistente de ventas")
    );
    assert_eq!(
        thread.end_user.map(|user| user.display_name).as_deref(),
        Some("Juana Pérez")
    );
    assert_eq!(thread.tags[0].id, "12");
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/thread/hilo_123",
        None,
        None,
    );
}

#[tokio::test]
async fn wire_start_call() {
    let (server, client) = answering_json(json!({
        "id": "cll_gBoLtd02pUI50QwXkFjB",
        "type": "outbound",
        "status": "queued",
        "created_at": "2023-11-07T05:31:56Z",
        "started_at": null,
    }))
    .await;
    let call = client
        .start_call(
            &NewCall::new(AGENT, PHONE)
                .with_end_user_display_name("Ada")
                .with_end_user_context(
                    EndUserContext::try_from(json!({"balance": 120, "plan": "pro"}))
                        .expect("an object"),
                )
                .with_initial_message("Hi Ada!"),
        )
        .await
        .expect("started");
    assert_eq!(call.status, Some(CallStatus::Queued));
    assert_eq!(call.started_at, None);
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/call",
        None,
        Some(json!({
            "agent_id": AGENT,
            "phone_number_to": PHONE,
            "end_user_display_name": "Ada",
            "end_user_context": {"balance": 120, "plan": "pro"},
            "initial_message": "Hi Ada!",
        })),
    );

    // Unset optional fields are not sent; text context is a string.
    let (server, client) = answering_json(json!({"id": "cll_2"})).await;
    client
        .start_call(&NewCall::new(AGENT, PHONE).with_end_user_context("VIP"))
        .await
        .expect("started");
    assert_request(
        &only_request(&server).await,
        "POST",
        "/api/v1.0/call",
        None,
        Some(json!({"agent_id": AGENT, "phone_number_to": PHONE, "end_user_context": "VIP"})),
    );
}

#[tokio::test]
async fn wire_retrieve_call() {
    let (server, client) = answering_json(json!({
        "id": "cll_1",
        "thread": thread_json(),
        "type": "inbound",
        "status": "ended",
        "answered_by": "human",
        "created_at": "2023-11-07T05:31:56Z",
        "started_at": "2023-11-07T05:32:01Z",
        "ended_at": "2023-11-07T05:35:03Z",
        "duration": 182,
        "billed_duration": 240,
        "recording_url": "/api/v1.0/call/cll_1/recording",
    }))
    .await;
    let call = client.retrieve_call("cll_1").await.expect("found");
    assert_eq!(call.billable_duration, Some(240));
    assert_eq!(call.answered_by, Some(AnsweredBy::Human));
    assert_eq!(
        call.thread.map(|thread| thread.id).as_deref(),
        Some("thr_8Yv2kQ1mZx")
    );
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/call/cll_1",
        None,
        None,
    );
}

#[tokio::test]
async fn wire_download_recording() {
    let audio = b"ID3\x04\x00\xff\xfb\x90\x00 not utf-8 \xc3\x28".to_vec();
    let (server, client) =
        answering(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg")).await;
    let downloaded = client.download_recording("cll_1").await.expect("audio");
    assert_eq!(downloaded, audio);
    assert_request(
        &only_request(&server).await,
        "GET",
        "/api/v1.0/call/cll_1/recording",
        None,
        None,
    );
}

#[tokio::test]
async fn wire_download_recording_url() {
    let (server, client) =
        answering(ResponseTemplate::new(200).set_body_raw(b"audio".to_vec(), "audio/mpeg")).await;
    let origin = server.uri(); // http://127.0.0.1:<port>
    for url in [
        "/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording".to_owned(),
        format!("{origin}/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording"),
        format!(
            "{}/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            origin.replace("http://", "HTTP://")
        ),
    ] {
        assert_eq!(
            client.download_recording_url(&url).await.expect(&url),
            &b"audio"[..]
        );
        let all = requests(&server).await;
        assert_request(
            all.last().expect("a request"),
            "GET",
            "/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            None,
            None,
        );
    }
    let sent = requests(&server).await.len();
    assert_eq!(sent, 3);

    let port = server.address().port();
    for url in [
        // Another host, even with the API's own path.
        "https://api.altur.io/api/v1.0/call/cll_1/recording".to_owned(),
        format!("http://localhost:{port}/api/v1.0/call/cll_1/recording"),
        format!("http://127.0.0.2:{port}/api/v1.0/call/cll_1/recording"),
        format!(
            "http://127.0.0.1:{}/api/v1.0/call/cll_1/recording",
            port + 1
        ),
        format!("//127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        format!("http://user:pass@127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        format!("http://127.0.0.1:{port}@evil.example/api/v1.0/call/cll_1/recording"),
        // Another scheme.
        format!("https://127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        format!("ws://127.0.0.1:{port}/api/v1.0/call/cll_1/recording"),
        // Dot segments and encodings that would leave the path.
        "/api/v1.0/../v2.0/call/cll_1/recording".to_owned(),
        "/api/v1.0/call/../enduser/cll_1/recording".to_owned(),
        "/api/v1.0/call/%2e%2e/recording".to_owned(),
        "/api/v1.0/call/cll_1%2F..%2F..%2Fenduser/recording".to_owned(),
        format!("{origin}/api/v1.0/call/cll_1/recording/../../../../enduser/x"),
        format!("{origin}/api/v1.0/x/../call/cll_1/recording"),
        "/api/v1.0/call/cll_1\\..\\recording".to_owned(),
        // Queries and fragments.
        "/api/v1.0/call/cll_1/recording?redirect=https://evil.example".to_owned(),
        format!("{origin}/api/v1.0/call/cll_1/recording?token=abc"),
        "/api/v1.0/call/cll_1/recording#t=10".to_owned(),
        // Other paths.
        "/api/v1.0/call/cll_1".to_owned(),
        "/api/v1.0/enduser/cll_1/recording".to_owned(),
        "/call/cll_1/recording".to_owned(),
        "api/v1.0/call/cll_1/recording".to_owned(),
        String::new(),
    ] {
        let error = client.download_recording_url(&url).await.expect_err(&url);
        let Error::InvalidParameter { name, reason, .. } = &error else {
            panic!("{url}: {error:?}");
        };
        assert_eq!(*name, "url");
        assert!(!reason.is_empty(), "{url}");
    }
    assert_eq!(requests(&server).await.len(), sent, "nothing more was sent");
}
