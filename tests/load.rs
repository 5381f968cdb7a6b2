//! Load: thousands of calls through one `Client` against the embedded mock server, 64 at a time.
//! Every call must succeed with the right EndUser, connections must be reused, nothing may hang,
//! and memory must not grow from one round of calls to the next.

use altur_client::mock::MockServer;
use altur_client::{Client, EndUser, EndUserApi};
use futures_util::stream::{self, StreamExt};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Calls per round; the test makes two rounds.
const CALLS: usize = 1_500;
const CONCURRENCY: usize = 64;
/// Distinct EndUsers, so that a response given to the wrong call would be noticed.
const USERS: u128 = 100;
/// More than the calls need by two orders of magnitude: reaching it means something hung.
const DEADLINE: Duration = Duration::from_secs(60);
/// How much the resident set may grow from the end of round 1 to the end of round 2.
///
/// Round 1 warms up what is allocated once (the pool's connections and their buffers, the
/// runtime's workers, the allocator's arenas), so round 2 should end where round 1 ended: it
/// grows by 0.1 to 1.1 MiB in practice (a debug build, 4 workers). 16 MiB is over ten times
/// that noise, and is still below what a per-call leak of 11 KiB or more adds over 1,500 calls:
/// a connection, its buffers or a task per call would fail the test. A leak of a few bytes per
/// call would not; catching that is a job for a heap profiler, not for a test on CI.
const RSS_MARGIN_KIB: u64 = 16 * 1024;

fn user_id(index: usize) -> Uuid {
    Uuid::from_u128(0x0a17_0000 + (index as u128 % USERS))
}

fn name(id: Uuid) -> String {
    format!("User {}", id.as_u128())
}

/// One round: `CALLS` calls, at most `CONCURRENCY` in flight; returns how many succeeded with
/// the EndUser they asked for.
async fn round(client: &Client) -> usize {
    stream::iter(0..CALLS)
        .map(|index| async move {
            let id = user_id(index);
            match client.retrieve_enduser(id).await {
                Ok(user) if user.id == id && user.display_name == name(id) => true,
                Ok(user) => panic!("call {index} asked for {id} and got {user:?}"),
                Err(error) => panic!("call {index} failed: {error:?}"),
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await
}

/// The resident set size in KiB (`VmRSS` of `/proc/self/status`); `None` where there is no
/// `/proc`.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousands_of_calls_through_one_client() {
    let started = Instant::now();
    // Checking each response against the OpenAPI document is part of the load.
    let server = MockServer::builder().check_responses().start().await;
    for index in 0..USERS as usize {
        let id = user_id(index);
        server.insert_enduser(EndUser::new(id, name(id)));
    }
    let client = server.client().expect("client");

    let (first, after_first, second, after_second) = tokio::time::timeout(DEADLINE, async {
        let first = round(&client).await;
        let after_first = resident_kib();
        let second = round(&client).await;
        let after_second = resident_kib();
        (first, after_first, second, after_second)
    })
    .await
    .unwrap_or_else(|_| panic!("the calls did not finish within {DEADLINE:?}"));

    assert_eq!(first, CALLS);
    assert_eq!(second, CALLS);
    assert_eq!(server.request_count(), 2 * CALLS as u64);
    let connections = server.connection_count();
    assert!(
        connections <= 2 * CONCURRENCY as u64,
        "{connections} connections for {} calls, at most {CONCURRENCY} at a time",
        2 * CALLS
    );
    if let (Some(first), Some(second)) = (after_first, after_second) {
        assert!(
            second <= first + RSS_MARGIN_KIB,
            "the resident set grew from {first} KiB to {second} KiB over {CALLS} calls"
        );
    }
    eprintln!(
        "{} calls in {:?} over {connections} connections; resident set {after_first:?} KiB then \
         {after_second:?} KiB",
        2 * CALLS,
        started.elapsed(),
    );
}
