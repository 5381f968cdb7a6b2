//! Work larger than one request allows, split into requests the API accepts.

use crate::models::{
    AddContacts, AddContactsResponse, AddContactsSummary, IfDuplicate, NewContact,
};
use crate::{CampaignsApi, Result};

/// How many contacts one add-contacts request may carry.
pub const MAX_CONTACTS_PER_REQUEST: usize = 1000;

/// Adds any number of contacts to campaign `id`, in batches of
/// [`MAX_CONTACTS_PER_REQUEST`], one request after the other, and returns the combined response:
/// `success` when every batch succeeded, the summed [`summary`](AddContactsResponse::summary),
/// and every result with its [`index`](crate::models::AddContactResult::index) counted in `contacts`
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
/// use altur_client::Client;
/// use altur_client::models::{IfDuplicate, NewContact};
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let contacts: Vec<NewContact> = (0..2500)
///     .map(|n| NewContact::new(format!("+52155{n:08}")))
///     .collect();
/// // Three requests, with the keys `import-2025-10-03-0`, `-1` and `-2`.
/// let added = altur_client::bulk::add_contacts_in_batches(
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
