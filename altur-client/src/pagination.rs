//! Walking paginated lists lazily, as a [`Stream`] of items.
//!
//! The Altur API pages its lists two ways: by cursor (campaigns) and by page index (campaign
//! contacts and calls). Each list endpoint comes as a method of its trait returning one page, and
//! as a function here returning every item as a stream ([`all_campaigns`],
//! [`all_campaign_contacts`], [`all_campaign_calls`]), which fetches the next page only when the
//! previous one has been consumed. [`items`] walks any other paginated list the same way.

use crate::models::{
    Campaign, CampaignCall, CampaignCallFilters, CampaignContact, CampaignFilters, ContactFilters,
    IndexPagination,
};
use crate::{CampaignsApi, Error, Result};
use futures_util::stream::{self, TryStreamExt};
use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

pub use futures_core::Stream;

/// One fetched page: its items, and what to fetch next (`None` after the last page).
#[derive(Debug)]
pub struct PageOf<T, Next> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// The request for the following page, if there is one.
    pub next: Option<Next>,
}

/// Every item of every page, fetching pages lazily: `fetch(first)` gives the first page and the
/// request for the next one, and so on until a page says there is no next. The stream ends after
/// the first error.
///
/// ```
/// use altur_client::pagination::{PageOf, Stream, items};
/// use futures_util::TryStreamExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> altur_client::Result<()> {
/// // Three pages of two numbers, keyed by page index.
/// let all = items(0u32, |page| async move {
///     let next = (page < 2).then_some(page + 1);
///     Ok(PageOf { items: vec![page * 2, page * 2 + 1], next })
/// });
/// let collected: Vec<u32> = all.try_collect().await?;
/// assert_eq!(collected, [0, 1, 2, 3, 4, 5]);
/// # Ok(())
/// # }
/// ```
pub fn items<T, Next, F, Fut>(first: Next, mut fetch: F) -> impl Stream<Item = Result<T>> + Send
where
    T: Send,
    Next: Send,
    F: FnMut(Next) -> Fut + Send,
    Fut: Future<Output = Result<PageOf<T, Next>>> + Send,
{
    stream::try_unfold(Some(first), move |next| {
        let page = next.map(&mut fetch);
        async move {
            match page {
                None => Ok::<_, crate::Error>(None),
                Some(page) => {
                    let PageOf { items, next } = page.await?;
                    Ok(Some((stream::iter(items.into_iter().map(Ok)), next)))
                }
            }
        }
    })
    .try_flatten()
}

// The Altur lists, every page.

/// Every campaign matching `filters`, across all pages, as a lazy [`Stream`]: a page is fetched
/// only when the previous one has been consumed, starting from the first page. The stream ends
/// after the page whose pagination has no next cursor (`has_next`/`has_more` false or
/// `next_cursor` null), or after the first error. A misbehaving server cannot make it loop: a
/// next cursor that was already requested ends it with an [`Error::Pagination`].
///
/// Generic over the trait, so it also walks test doubles.
///
/// ```no_run
/// use altur_client::Client;
/// use altur_client::models::{CampaignFilters, CampaignStatus};
/// use futures_util::TryStreamExt;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let filters = CampaignFilters::default().status(CampaignStatus::Active);
/// let active: Vec<_> = altur_client::pagination::all_campaigns(&client, filters).try_collect().await?;
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
    items(None::<String>, move |cursor: Option<String>| {
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
/// use altur_client::Client;
/// use altur_client::models::{ContactFilters, ContactStatus};
/// use futures_util::TryStreamExt;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let filters = ContactFilters::default().status(ContactStatus::Converted).page_size(100);
/// let mut contacts = std::pin::pin!(altur_client::pagination::all_campaign_contacts(&client, 42, filters));
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
/// use altur_client::Client;
/// use altur_client::models::{AnsweredBy, CampaignCallFilters};
/// use futures_util::TryStreamExt;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let filters = CampaignCallFilters::default().answered_by(AnsweredBy::Human);
/// let calls: Vec<_> = altur_client::pagination::all_campaign_calls(&client, 42, filters).try_collect().await?;
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
    items(0u32, move |page_index| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn pages_are_fetched_only_when_needed() {
        let fetched = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&fetched);
        let all = items(0u32, move |page| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok(PageOf {
                    items: vec![page; 3],
                    next: (page < 9).then_some(page + 1),
                })
            }
        });
        let mut all = std::pin::pin!(all);
        assert_eq!(fetched.load(Ordering::SeqCst), 0);
        for _ in 0..4 {
            all.try_next().await.unwrap();
        }
        assert_eq!(fetched.load(Ordering::SeqCst), 2);
        let rest: Vec<u32> = all.try_collect().await.unwrap();
        assert_eq!(rest.len(), 26);
        assert_eq!(fetched.load(Ordering::SeqCst), 10);
    }

    #[tokio::test]
    async fn empty_pages_and_errors() {
        let empty: Vec<u8> = items((), |()| async {
            Ok(PageOf {
                items: Vec::<u8>::new(),
                next: None,
            })
        })
        .try_collect()
        .await
        .unwrap();
        assert!(empty.is_empty());

        let failing = items(0u8, |page| async move {
            if page == 1 {
                return Err(Error::config("boom"));
            }
            Ok(PageOf {
                items: vec![page],
                next: Some(page + 1),
            })
        });
        let mut failing = std::pin::pin!(failing);
        assert_eq!(failing.try_next().await.unwrap(), Some(0));
        assert!(failing.try_next().await.is_err());
    }
}
