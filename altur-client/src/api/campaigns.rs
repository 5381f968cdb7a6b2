use crate::Result;
use crate::models::{
    AddContacts, AddContactsResponse, CampaignAction, CampaignCallFilters, CampaignCallList,
    CampaignFilters, CampaignList, CampaignResponse, CampaignUpdate, ContactFilters, ContactList,
    ContactResponse, NewCampaign,
};
use altur_macros::altur_api;

/// Campaign endpoints: `/campaigns`, their lifecycle, contacts and calls.
///
/// Every list comes as a method returning one page and as a function returning a lazy
/// [`Stream`](crate::pagination::Stream) of every item ([`all_campaigns`](crate::pagination::all_campaigns),
/// [`all_campaign_contacts`](crate::pagination::all_campaign_contacts),
/// [`all_campaign_calls`](crate::pagination::all_campaign_calls)). Adding more than
/// [`MAX_CONTACTS_PER_REQUEST`](crate::bulk::MAX_CONTACTS_PER_REQUEST) contacts goes through
/// [`add_contacts_in_batches`](crate::bulk::add_contacts_in_batches).
///
/// ```no_run
/// use altur_client::{CampaignsApi, Client};
/// use altur_client::models::{CampaignAction, CampaignIntegrationType, NewCampaign, NewContact};
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let agent_id = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b".parse().expect("a valid id");
/// let new = NewCampaign::new("Renewals", agent_id, "int_1", CampaignIntegrationType::PhoneCall);
/// let campaign = client.create_campaign(&new, Some("create-renewals")).await?.campaign;
///
/// let contacts = vec![NewContact::new("+5215512345678")];
/// let added = altur_client::bulk::add_contacts_in_batches(
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
#[altur_api(spec = "openapi/altur.yaml")]
pub trait CampaignsApi {
    /// Lists campaigns, one page at a time: `GET /campaigns?agentId=..&status=..&integration=..
    /// &startDate=..&endDate=..&pageSize=..&cursor=..`.
    ///
    /// Pass `None` as `cursor` for the first page, then the page's
    /// [`pagination.next()`](crate::models::CursorPagination::next) until it is `None`; or use
    /// [`all_campaigns`](crate::pagination::all_campaigns). The documentation does not name the paging
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
    /// retries the call on transient failures with the same key. With `None`, the client
    /// generates a UUIDv4 for the call and sends it on every attempt, so the call is still safe
    /// to retry; a client built with `max_retries(0)` sends no key and never retries.
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

    /// Adds up to [`MAX_CONTACTS_PER_REQUEST`](crate::bulk::MAX_CONTACTS_PER_REQUEST) contacts to a
    /// campaign: `POST /campaigns/{id}/contacts`. A contact whose phone number is already in the
    /// campaign is skipped or updated, as `contacts.if_duplicate` says; contacts that cannot be
    /// added get an error in their result, and the others are added.
    ///
    /// The idempotency key works as for [`create_campaign`](Self::create_campaign). For more
    /// contacts, use [`add_contacts_in_batches`](crate::bulk::add_contacts_in_batches).
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
    /// [`pagination.next_after(page_index)`](crate::models::IndexPagination::next_after) until it is
    /// `None`; or use [`all_campaign_contacts`](crate::pagination::all_campaign_contacts). `total_count` is
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
    /// [`all_campaign_calls`](crate::pagination::all_campaign_calls).
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
