//! Paged lists and the streams over them: the pages of campaigns, contacts and calls as the mock
//! serves them, streams that fetch lazily and follow each kind of pagination, and streams that
//! stop when a server loops. A hostile server's loops over real HTTP are in `hostile.rs`.

mod common;

use altur_client::bulk::add_contacts_in_batches;
use altur_client::models::{
    AddContacts, AddContactsResponse, AnsweredBy, CallStatus, Campaign, CampaignAction,
    CampaignCall, CampaignCallContact, CampaignCallFilters, CampaignCallList, CampaignFilters,
    CampaignList, CampaignResponse, CampaignStatus, CampaignUpdate, ContactFilters, ContactList,
    ContactResponse, CursorPagination, IndexPagination, NewCampaign, Timestamp,
};
use altur_client::pagination::Stream;
use altur_client::pagination::{all_campaign_calls, all_campaign_contacts, all_campaigns};
use altur_client::{CampaignsApi, Error, Result};
use common::campaigns::{RawCampaigns, collect, contacts, next};
use common::{expect_api_error, mock, wire};
use serde_json::json;
use std::pin::pin;
use wiremock::matchers::{path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Against the mock server

#[tokio::test]
async fn all_campaigns_walks_every_page_lazily() -> Result<()> {
    let (server, client) = mock::start().await;
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
async fn contacts_pages_and_stream() -> Result<()> {
    let (server, client) = mock::start().await;
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
    let (server, client) = mock::start().await;
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
        expect_api_error(client.get_calls(1, query).await, 400, "INVALID_REQUEST");
    }
    expect_api_error(
        client
            .list_campaign_calls(2, &CampaignCallFilters::default(), 0)
            .await,
        404,
        "CAMPAIGN_NOT_FOUND",
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Against wiremock: the requests a stream makes

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
    let client = wire::client(&server, |builder| builder);

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
    let queries: Vec<Option<String>> = wire::requests(&server)
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
    let (server, client) = mock::start().await;
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
