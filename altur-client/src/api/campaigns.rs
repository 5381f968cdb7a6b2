use crate::pagination::{self, PageOf, Stream};
use crate::{
    AddContacts, AddContactsResponse, AddContactsSummary, Campaign, CampaignAction, CampaignCall,
    CampaignCallFilters, CampaignCallList, CampaignContact, CampaignFilters, CampaignList,
    CampaignResponse, CampaignUpdate, ContactFilters, ContactList, ContactResponse, Error,
    IfDuplicate, IndexPagination, NewCampaign, NewContact, Result,
};
use altur_macros::altur_api;
use std::collections::HashSet;
use std::sync::Arc;

/// Campaign endpoints: `/campaigns`, their lifecycle, contacts and calls.
///
/// Every list comes as a method returning one page and as a function returning a lazy
/// [`Stream`] of every item ([`all_campaigns`](crate::all_campaigns),
/// [`all_campaign_contacts`](crate::all_campaign_contacts),
/// [`all_campaign_calls`](crate::all_campaign_calls)). Adding more than
/// [`MAX_CONTACTS_PER_REQUEST`](crate::MAX_CONTACTS_PER_REQUEST) contacts goes through
/// [`add_contacts_in_batches`](crate::add_contacts_in_batches).
///
/// ```no_run
/// use altur_client::{
///     CampaignAction, CampaignIntegrationType, CampaignsApi, Client, NewCampaign, NewContact,
/// };
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let agent_id = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b".parse().expect("a valid id");
/// let new = NewCampaign::new("Renewals", agent_id, "int_1", CampaignIntegrationType::PhoneCall);
/// let campaign = client.create_campaign(&new, Some("create-renewals")).await?.campaign;
///
/// let contacts = vec![NewContact::new("+5215512345678")];
/// let added = altur_client::add_contacts_in_batches(
///     &client, campaign.id, &contacts, None, "renewals-contacts",
/// )
/// .await?;
/// println!("{} contacts added", added.summary.created);
///
/// client.campaign_action(campaign.id, CampaignAction::Activate).await?;
/// # Ok(())
/// # }
/// ```
///
/// Errors of the newer endpoints carry a string code and extra keys, all in
/// [`ApiError`](crate::ApiError): `error.api_error().and_then(|e| e.code.as_ref()?.as_str())` is
/// the code (`"IMMUTABLE_FIELD"`), and `error.api_error().map(|e| &e.details)` holds `field`,
/// `current_status` and `valid_targets`.
#[altur_api]
pub trait CampaignsApi {
    /// Lists campaigns, one page at a time: `GET /campaigns?agentId=..&status=..&integration=..
    /// &startDate=..&endDate=..&pageSize=..&cursor=..`.
    ///
    /// Pass `None` as `cursor` for the first page, then the page's
    /// [`pagination.next()`](crate::CursorPagination::next) until it is `None`; or use
    /// [`all_campaigns`](crate::all_campaigns). The documentation does not name the paging
    /// parameters; this sends `pageSize` (as the other lists do) and `cursor` (as the older
    /// contacts list does).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when the API refuses a filter (such as
    /// `startDate` without `endDate`) or the cursor, 401 when the key is wrong; and every
    /// transport error.
    #[get("/campaigns?<filters..>&<cursor>")]
    async fn list_campaigns(
        &self,
        filters: &CampaignFilters,
        cursor: Option<&str>,
    ) -> Result<CampaignList>;

    /// Creates a campaign: `POST /campaigns`.
    ///
    /// With an `idempotency_key` (a UUID is a good choice), the API answers a repeated request
    /// with the original response instead of creating a second campaign, and this client
    /// retries the call on transient failures with the same key. Without one, the call is never
    /// retried.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 `INVALID_REQUEST` when the body is
    /// refused (such as fields of the other channel), 401 when the key is wrong; and every
    /// transport error.
    #[post("/campaigns", data = "<campaign>")]
    async fn create_campaign(
        &self,
        campaign: &NewCampaign,
        #[header("Idempotency-Key")] idempotency_key: Option<&str>,
    ) -> Result<CampaignResponse>;

    /// Retrieves a campaign: `GET /campaigns/{id}`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such campaign, 401
    /// when the key is wrong; and every transport error.
    #[get("/campaigns/<id>")]
    async fn retrieve_campaign(&self, id: u64) -> Result<CampaignResponse>;

    /// Updates the fields set in `update`: `PATCH /campaigns/{id}`. Not retried (it carries no
    /// idempotency key).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 409 `CAMPAIGN_FINISHED` for a finished
    /// campaign; 400 `IMMUTABLE_FIELD` (with the field in `details["field"]`),
    /// `CYCLES_NOT_ENABLED`, `SCHEDULED_MODE_ONLY` or `INVALID_REQUEST` when the body is refused;
    /// 404 when there is no such campaign; and every transport error.
    #[patch("/campaigns/<id>", data = "<update>")]
    async fn update_campaign(&self, id: u64, update: &CampaignUpdate) -> Result<CampaignResponse>;

    /// Activates, pauses, resumes or archives a campaign: `POST /campaigns/{id}/{action}`. See
    /// [`CampaignAction`] for the allowed transitions. Not retried.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 409 `INVALID_STATUS_TRANSITION` (with
    /// `current_status` and `valid_targets` in the details) when the campaign's status does not
    /// allow the action, 402 `BILLING_LIMIT_REACHED`, 404 when there is no such campaign; and
    /// every transport error.
    #[post("/campaigns/<id>/<action>")]
    async fn campaign_action(&self, id: u64, action: CampaignAction) -> Result<CampaignResponse>;

    /// Adds up to [`MAX_CONTACTS_PER_REQUEST`](crate::MAX_CONTACTS_PER_REQUEST) contacts to a
    /// campaign: `POST /campaigns/{id}/contacts`. A contact whose phone number is already in the
    /// campaign is skipped or updated, as `contacts.if_duplicate` says; contacts that cannot be
    /// added get an error in their result, and the others are added.
    ///
    /// The idempotency key works as for [`create_campaign`](Self::create_campaign). For more
    /// contacts, use [`add_contacts_in_batches`](crate::add_contacts_in_batches).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when the body is refused (more than
    /// 1,000 contacts), 404 when there is no such campaign; and every transport error.
    #[post("/campaigns/<id>/contacts", data = "<contacts>")]
    async fn add_campaign_contacts(
        &self,
        id: u64,
        contacts: &AddContacts,
        #[header("Idempotency-Key")] idempotency_key: Option<&str>,
    ) -> Result<AddContactsResponse>;

    /// Lists a campaign's contacts, one page at a time:
    /// `GET /campaigns/{id}/contacts?status=..&pageSize=..&pageIndex=..`.
    ///
    /// Pages are 0-based; request `page_index` 0, then
    /// [`pagination.next_after(page_index)`](crate::IndexPagination::next_after) until it is
    /// `None`; or use [`all_campaign_contacts`](crate::all_campaign_contacts). `total_count` is
    /// only computed on the first page, and changing the filters while paging may give gaps or
    /// overlaps.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when a filter, the page size (1 to 100)
    /// or the page index (0 to 25,000) is refused, 404 when there is no such campaign; and every
    /// transport error.
    #[get("/campaigns/<id>/contacts?<filters..>&pageIndex=<page_index>")]
    async fn list_campaign_contacts(
        &self,
        id: u64,
        filters: &ContactFilters,
        page_index: u32,
    ) -> Result<ContactList>;

    /// Retrieves one contact of a campaign: `GET /campaigns/{id}/contacts/{contact_id}`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such campaign or
    /// contact; and every transport error.
    #[get("/campaigns/<id>/contacts/<contact_id>")]
    async fn retrieve_campaign_contact(&self, id: u64, contact_id: u64) -> Result<ContactResponse>;

    /// Deletes a contact from a campaign: `DELETE /campaigns/{id}/contacts/{contact_id}`. Only
    /// contacts in the `queue` or `failed` status can be deleted.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 409 `CONTACT_NOT_DELETABLE` when the
    /// contact is further along, 404 when there is no such campaign or contact; and every
    /// transport error.
    #[delete("/campaigns/<id>/contacts/<contact_id>")]
    async fn delete_campaign_contact(&self, id: u64, contact_id: u64) -> Result<()>;

    /// Lists the calls a campaign made, one page at a time:
    /// `GET /campaigns/{id}/calls?status=..&answeredBy=..&startDate=..&endDate=..&pageSize=..
    /// &pageIndex=..`.
    ///
    /// Paging works as for [`list_campaign_contacts`](Self::list_campaign_contacts); or use
    /// [`all_campaign_calls`](crate::all_campaign_calls).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when a filter, the page size or the
    /// page index is refused, 404 when there is no such campaign; and every transport error.
    #[get("/campaigns/<id>/calls?<filters..>&pageIndex=<page_index>")]
    async fn list_campaign_calls(
        &self,
        id: u64,
        filters: &CampaignCallFilters,
        page_index: u32,
    ) -> Result<CampaignCallList>;
}

/// How many contacts one add-contacts request may carry.
pub const MAX_CONTACTS_PER_REQUEST: usize = 1000;

/// Every campaign matching `filters`, across all pages, as a lazy [`Stream`]: a page is fetched
/// only when the previous one has been consumed, starting from the first page. The stream ends
/// after the page whose pagination has no next cursor (`has_next`/`has_more` false or
/// `next_cursor` null), or after the first error. A misbehaving server cannot make it loop: a
/// next cursor that was already requested ends it with an [`Error::Pagination`].
///
/// Generic over the trait, so it also walks test doubles.
///
/// ```no_run
/// use altur_client::{CampaignFilters, CampaignStatus, Client};
/// use futures_util::TryStreamExt;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let filters = CampaignFilters::default().status(CampaignStatus::Active);
/// let active: Vec<_> = altur_client::all_campaigns(&client, filters).try_collect().await?;
/// println!("{} active campaigns", active.len());
/// # Ok(())
/// # }
/// ```
pub fn all_campaigns<'a, A>(
    api: &'a A,
    filters: CampaignFilters,
) -> impl Stream<Item = Result<Campaign>> + Send + 'a
where
    A: CampaignsApi + Sync + ?Sized,
{
    let filters = Arc::new(filters);
    // A cursor that comes back would repeat the walk forever.
    let mut requested = HashSet::new();
    pagination::items(None::<String>, move |cursor: Option<String>| {
        let repeated = cursor
            .as_ref()
            .is_some_and(|cursor| !requested.insert(cursor.clone()));
        let filters = Arc::clone(&filters);
        async move {
            if repeated {
                return Err(Error::Pagination {
                    reason: "the server sent a next cursor that was already requested".into(),
                });
            }
            let page = api.list_campaigns(&filters, cursor.as_deref()).await?;
            let next = page.pagination.next().map(|next| Some(next.to_owned()));
            Ok(PageOf {
                items: page.campaigns,
                next,
            })
        }
    })
}

/// Every contact of campaign `id` matching `filters`, across all pages, as a lazy [`Stream`]:
/// pages are fetched from index 0 on, each only when the previous one has been consumed. The
/// stream ends after a page without a next one (`has_next` false), after an empty page, or
/// after the first error. A next page that does not move forward, or lies past the last page
/// index the API documents (25,000), ends it with an [`Error::Pagination`].
///
/// ```no_run
/// use altur_client::{Client, ContactFilters, ContactStatus};
/// use futures_util::TryStreamExt;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let filters = ContactFilters::default().status(ContactStatus::Converted).page_size(100);
/// let mut contacts = std::pin::pin!(altur_client::all_campaign_contacts(&client, 42, filters));
/// while let Some(contact) = contacts.try_next().await? {
///     println!("{} {:?}", contact.id, contact.name);
/// }
/// # Ok(())
/// # }
/// ```
pub fn all_campaign_contacts<'a, A>(
    api: &'a A,
    id: u64,
    filters: ContactFilters,
) -> impl Stream<Item = Result<CampaignContact>> + Send + 'a
where
    A: CampaignsApi + Sync + ?Sized,
{
    by_page_index(filters, move |filters, page_index| async move {
        let page = api.list_campaign_contacts(id, &filters, page_index).await?;
        Ok((page.contacts, page.pagination))
    })
}

/// Every call of campaign `id` matching `filters`, across all pages, as a lazy [`Stream`]; it
/// pages as [`all_campaign_contacts`] does.
///
/// ```no_run
/// use altur_client::{AnsweredBy, CampaignCallFilters, Client};
/// use futures_util::TryStreamExt;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let filters = CampaignCallFilters::default().answered_by(AnsweredBy::Human);
/// let calls: Vec<_> = altur_client::all_campaign_calls(&client, 42, filters).try_collect().await?;
/// let billed: u64 = calls.iter().filter_map(|call| call.billed_duration).sum();
/// println!("{} calls, {billed} s billed", calls.len());
/// # Ok(())
/// # }
/// ```
pub fn all_campaign_calls<'a, A>(
    api: &'a A,
    id: u64,
    filters: CampaignCallFilters,
) -> impl Stream<Item = Result<CampaignCall>> + Send + 'a
where
    A: CampaignsApi + Sync + ?Sized,
{
    by_page_index(filters, move |filters, page_index| async move {
        let page = api.list_campaign_calls(id, &filters, page_index).await?;
        Ok((page.calls, page.pagination))
    })
}

/// The largest `pageIndex` the API documents.
const MAX_PAGE_INDEX: u32 = 25_000;

/// Walks a page-index list from page 0: `fetch` returns a page's items and pagination, and the
/// walk stops after a page that says it is the last, or that is empty. A next page that does not
/// move forward, or lies past [`MAX_PAGE_INDEX`], ends it with an [`Error::Pagination`], so a
/// server that keeps announcing more pages cannot make it run forever.
fn by_page_index<T, F, Fetch, Fut>(filters: F, fetch: Fetch) -> impl Stream<Item = Result<T>> + Send
where
    T: Send,
    F: Send + Sync,
    Fetch: Fn(Arc<F>, u32) -> Fut + Send,
    Fut: std::future::Future<Output = Result<(Vec<T>, IndexPagination)>> + Send,
{
    let filters = Arc::new(filters);
    let mut previous: Option<u32> = None;
    pagination::items(0u32, move |page_index| {
        // Checked when the page is requested, so that the page that pointed here was delivered.
        let refused = match previous {
            Some(previous) if page_index <= previous => Some(format!(
                "the server sent {page_index} as the page after {previous}"
            )),
            _ if page_index > MAX_PAGE_INDEX => Some(format!(
                "the server announced page {page_index}, past the last page index the API \
                 documents ({MAX_PAGE_INDEX})"
            )),
            _ => None,
        };
        previous = Some(page_index);
        let page = fetch(Arc::clone(&filters), page_index);
        async move {
            if let Some(reason) = refused {
                return Err(Error::Pagination {
                    reason: reason.into(),
                });
            }
            let (items, pagination) = page.await?;
            let next = if items.is_empty() || !pagination.has_next {
                None
            } else {
                Some(
                    pagination
                        .next_page
                        .unwrap_or_else(|| page_index.saturating_add(1)),
                )
            };
            Ok(PageOf { items, next })
        }
    })
}

/// Adds any number of contacts to campaign `id`, in batches of
/// [`MAX_CONTACTS_PER_REQUEST`], one request after the other, and returns the combined response:
/// `success` when every batch succeeded, the summed [`summary`](AddContactsResponse::summary),
/// and every result with its [`index`](crate::AddContactResult::index) counted in `contacts`
/// (batch 1's first result has index 1000). An empty `contacts` sends nothing.
///
/// # Idempotency
///
/// Batch `i` (from 0) is sent with the `Idempotency-Key` `{idempotency_key}-{i}`: give a key
/// unique to this input, such as a UUID or the name of the file the contacts come from. Each
/// batch is then retried safely on transient failures, and running the whole call again with the
/// same key and input (after a crash or an error) does not add anything twice: the API answers
/// the batches it has seen with their original responses (within its dedup window) and adds the
/// rest.
///
/// # Errors
///
/// The first error of any batch, as for
/// [`CampaignsApi::add_campaign_contacts`]. The batches before it have been added; run the call
/// again with the same key to finish.
///
/// ```no_run
/// use altur_client::{Client, IfDuplicate, NewContact};
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let contacts: Vec<NewContact> = (0..2500)
///     .map(|n| NewContact::new(format!("+52155{n:08}")))
///     .collect();
/// // Three requests, with the keys `import-2025-10-03-0`, `-1` and `-2`.
/// let added = altur_client::add_contacts_in_batches(
///     &client,
///     42,
///     &contacts,
///     Some(IfDuplicate::Update),
///     "import-2025-10-03",
/// )
/// .await?;
/// for failed in added.results.iter().filter(|result| result.error.is_some()) {
///     println!("contact {} failed: {:?}", failed.index, failed.error);
/// }
/// # Ok(())
/// # }
/// ```
pub async fn add_contacts_in_batches<A>(
    api: &A,
    id: u64,
    contacts: &[NewContact],
    if_duplicate: Option<IfDuplicate>,
    idempotency_key: &str,
) -> Result<AddContactsResponse>
where
    A: CampaignsApi + Sync + ?Sized,
{
    let mut combined = AddContactsResponse::new(AddContactsSummary::default(), Vec::new());
    for (batch, chunk) in contacts.chunks(MAX_CONTACTS_PER_REQUEST).enumerate() {
        let body = AddContacts {
            contacts: chunk.to_vec(),
            if_duplicate: if_duplicate.clone(),
        };
        let key = format!("{idempotency_key}-{batch}");
        let response = api.add_campaign_contacts(id, &body, Some(&key)).await?;
        let offset = batch * MAX_CONTACTS_PER_REQUEST;
        combined.success &= response.success;
        combined.summary.add(&response.summary);
        combined
            .results
            .extend(response.results.into_iter().map(|mut result| {
                result.index = result.index.saturating_add(offset);
                result
            }));
    }
    Ok(combined)
}
