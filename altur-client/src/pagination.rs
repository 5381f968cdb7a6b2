//! Walking paginated lists lazily, as a [`Stream`] of items.
//!
//! The Altur API pages its lists two ways: by cursor (campaigns) and by page index (campaign
//! contacts and calls). Each list endpoint comes as a method returning one page, and as a
//! function here or on the resource's trait returning every item as a stream, which fetches the
//! next page only when the previous one has been consumed.

use crate::Result;
use futures_util::stream::{self, TryStreamExt};
use std::future::Future;

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
