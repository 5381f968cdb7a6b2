//! An embedded mock Altur server, for examples and tests (feature `mock`).
//!
//! [`MockServer`] is a real HTTP/1.1 server on `127.0.0.1` with an ephemeral port. It serves
//! every endpoint of the Altur API under `/api/v1.0` from memory, checks the
//! `Authorization: api-key <key>` header, refuses requests that break the API's OpenAPI document,
//! and answers errors with the API's documented error model, so a [`Client`] pointed at it
//! behaves as it would against the real API. Every request goes through the same checks, in this
//! order:
//!
//! | request | response |
//! |---|---|
//! | a path outside the known resources (`/enduser`, `/message`, `/thread`, `/call`, `/campaigns`) | `404` `{"error": 404, "message": "not found"}` |
//! | a missing or wrong `Authorization` header | `401`, before anything about the request is looked at |
//! | a request that breaks the OpenAPI document ([below](#the-openapi-document)) | `400` naming the parameter or the JSON pointer at fault |
//! | a method the path does not take | `405` with `Allow` (`GET, PUT` on `/enduser/{id}`) |
//! | a body the API's rules refuse (an empty `content`, a campaign field of the other channel) | `400` |
//! | an unknown id | `404` (`"EndUser not found"`, ...) |
//!
//! Every response is JSON, except recordings (`audio/mpeg`). Campaign routes and their rules
//! (lifecycle transitions, immutable fields, contacts, pagination, idempotent replays) are
//! described on the seeding methods in the campaigns part of [`MockServer`]'s documentation, and
//! [`MockServer::send_webhook`] delivers signed webhook events.
//!
//! EndUsers (`GET /enduser/{id}` returns the stored EndUser), messages, threads and calls:
//!
//! | request | response |
//! |---|---|
//! | `POST /enduser` | `200`, a new EndUser with a random UUID v4 (a missing name is stored empty) |
//! | `PUT /enduser/{id}` | `200`, the EndUser with the fields sent replaced; `404` if unknown |
//! | `POST /message` | the message appended to the thread of the agent and EndUser (created if they have none) and a canned reply from the agent (none when the thread is `active: false`); `404` for an unknown EndUser, `400` for empty `content` |
//! | `GET /message/{thread_id}` | the thread's messages, oldest first; `404` "Thread not found" |
//! | `GET /thread/{id}` | the thread, with its EndUser as stored now; `404` "Thread not found" |
//! | `POST /call` | a `queued` outbound call `cll_<20 characters>` with a new EndUser and thread; `400` for a `phone_number_to` that is not E.164 |
//! | `GET /call/{id}` | the call; `404` "Call not found" |
//! | `GET /call/{id}/recording` | the bytes given to [`MockServer::set_call_recording`], as `audio/mpeg`; `404` "Recording not found" |
//!
//! Errors take the form each family of endpoints documents: `/enduser`, `/message`, `/thread`
//! and `/call` answer the published Error model, whose code is the status as an integer
//! (`{"error": 400, "message": "invalid request body: .."}`), and the campaign endpoints their
//! string codes (`{"error": "INVALID_REQUEST", "message": ..}`). Tests seed state with
//! [`MockServer::insert_thread`], [`MockServer::push_message`], [`MockServer::insert_call`] and
//! [`MockServer::set_call_recording`].
//!
//! # Stubs
//!
//! [`MockServer::when`] stubs one call, for the crate's traits and for any trait declared with
//! `#[altur_api]`, on the same server: `server.when(async |api| api.retrieve_enduser(id).await)`
//! runs that call against a client that records the request instead of sending it, so the stub
//! matches exactly what the call sends and can never disagree with the route. It answers with a
//! value of the call's success type ([`Stub::respond`]), an API error
//! ([`Stub::respond_error`]), or a sequence of [`Reply`]s, possibly delayed or a transport
//! [`Fault`] (a reset, a body cut short, a body that stalls); it can match any
//! arguments or a predicate, answer a limited number of times, and expect a number of requests
//! ([`MockServer::verify`], and when the server is dropped). Stubs take precedence over the
//! stateful behaviour below, the most recent first; [`MockServer::received`] lists the requests a
//! method received. A request that matches no route, neither Altur's nor a stub's, is a `404`
//! with the code `NO_ROUTE` whose message names the nearest routes, so it is never mistaken for
//! a missing resource; a request on a stubbed route that no stub matches (other arguments, or a
//! limit reached) is a `404` with the code `NO_STUB` naming that stub.
//!
//! # The OpenAPI document
//!
//! The mock serves the Altur API as described by the OpenAPI document shipped inside this crate
//! (`openapi/altur.yaml`, read once per process), and only that document. A request is matched
//! to one of its operations as OpenAPI matches paths (a path without templates wins over a
//! templated one, then the method decides), and is checked against it before anything else
//! than the key, stopping at the first violation:
//!
//! - path parameters (percent-decoded, which must give UTF-8), query parameters and header
//!   parameters, read as the type their schema declares (`pageSize=ten` is not an integer) and
//!   held to that schema, its formats (`uuid`) and the `int32`/`int64` ranges included;
//! - query parameters the operation does not declare, and parameters given more than once;
//! - required parameters and request bodies that are missing, and a body sent to an operation
//!   that takes none;
//! - the JSON body against the operation's schema.
//!
//! The refusal is a `400` whose message names the fault, such as ``query parameter `pageSize`: 0
//! is less than the minimum of 1`` or ``invalid request body at /contacts/1/contact: 5 is not of
//! type "string"``, in the error form of the endpoint family: `{"error": 400, "message": ..}`, or
//! on the campaign endpoints the string code the operation's documented `400`s give
//! (`UNKNOWN_ACTION` on `POST /campaigns/{id}/{action}`, `INVALID_REQUEST` elsewhere). A request
//! for a method and path the document has no operation for gets the `404` or `405` of the table
//! above. `Content-Type` is not checked: a body is read as JSON whatever it says.
//!
//! ```
//! use altur_client::mock::MockServer;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start().await;
//! let url = format!("{}/campaigns/1/contacts?pageSize=0", server.base_url());
//! let response = reqwest::Client::new()
//!     .get(url)
//!     .header("Authorization", format!("api-key {}", server.api_key()))
//!     .send()
//!     .await?;
//! assert_eq!(response.status(), 400);
//! let body: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
//! assert_eq!(body["error"], "INVALID_REQUEST");
//! assert_eq!(
//!     body["message"],
//!     "query parameter `pageSize`: 0 is less than the minimum of 1"
//! );
//! # Ok(())
//! # }
//! ```
//!
//! # Documented behaviour, and what the mock assumes
//!
//! The mock follows the Altur documentation where it says something: the `api-key` scheme, the
//! request and response bodies, the two error forms above, the campaign rules and their codes
//! (`INVALID_REQUEST`, `IMMUTABLE_FIELD`, `CAMPAIGN_FINISHED`, `CYCLES_NOT_ENABLED`,
//! `SCHEDULED_MODE_ONLY`, `UNKNOWN_ACTION`, `INVALID_STATUS_TRANSITION` with `current_status`
//! and `valid_targets`, `CONTACT_NOT_DELETABLE`, and the per-contact `INVALID_PHONE_NUMBER` and
//! `MISSING_CONTACT`), the page bounds, and replays of an `Idempotency-Key`. Where the
//! documentation is silent, it makes choices of its own, which the real API may not share:
//!
//! - The `404`s for unknown ids: only "Thread not found" on `GET /message/{thread_id}` is
//!   documented; "EndUser not found", "Thread not found" on `GET /thread/{id}`, "Call not
//!   found" and "Recording not found" are the mock's, as are the codes `CAMPAIGN_NOT_FOUND` and
//!   `CONTACT_NOT_FOUND` and the `404` for paths outside the known resources.
//! - The phone-number rule for campaign contacts: the documented `e164` format of
//!   `phone_number_to` on `POST /call` (`+` and 2 to 15 digits, the first not `0`) is applied to
//!   them too, while the documentation gives no rule of their own.
//! - The `Idempotent-Replayed: true` header on a replayed response: replays are documented,
//!   the header is not.
//! - Which check comes first (the key, then the OpenAPI document, then the method and the
//!   rules of each endpoint), the `400` for a request that breaks the document where an
//!   operation documents no `400` (`GET /campaigns/{id}`, for one), `405` with `Allow`,
//!   `413` for bodies over 4 MiB, `408` for a body that does not arrive in time, the canned
//!   reply of the agent, and the shape of new ids.
//!
//! ```
//! use altur_client::mock::MockServer;
//! use altur_client::{EndUser, EndUserApi};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> altur_client::Result<()> {
//! let server = MockServer::start().await;
//! let id = uuid::Uuid::from_u128(7);
//! server.insert_enduser(EndUser::new(id, "Ada Lovelace"));
//!
//! let client = server.client()?;
//! let user = client.retrieve_enduser(id).await?;
//! assert_eq!(user.display_name, "Ada Lovelace");
//!
//! let missing = client.retrieve_enduser(uuid::Uuid::from_u128(8)).await.unwrap_err();
//! assert_eq!(missing.status(), Some(404));
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, doc(cfg(feature = "mock")))]

mod campaigns;
mod connection;
mod contract;
mod conversations;
mod enduser;
mod service;
mod stubs;
mod webhooks;

pub use stubs::{Fault, ReceivedRequest, Reply, Stub, StubHandle};

use crate::{Client, ClientBuilder, EndUser, Result};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use uuid::Uuid;

/// A mock Altur API on `127.0.0.1`, serving every endpoint from memory.
///
/// Start it inside a Tokio runtime (current-thread or multi-thread); it runs on tasks of that
/// runtime. Dropping it stops the server: it accepts no more connections and closes the open
/// ones, so requests sent afterwards fail.
///
/// `Debug` never shows the API key.
///
/// # Connections
///
/// So that a misbehaving client in a test suite cannot hold the server's tasks and file
/// descriptors forever, every connection is bounded (change the bounds with
/// [`MockServerBuilder`]):
///
/// | bound | default | when it is exceeded |
/// |---|---|---|
/// | [`header_read_timeout`](MockServerBuilder::header_read_timeout): from accepting the connection, or from the end of the previous response, to the end of the next request head | 10 s | the connection is closed; this also closes idle keep-alive connections |
/// | [`body_read_timeout`](MockServerBuilder::body_read_timeout): from the end of the request head to the end of its body | 30 s | `408` `{"error": 408, "message": ..}` with `Connection: close`, then the connection is closed |
/// | [`max_connections`](MockServerBuilder::max_connections): connections open at once | 1024 | further clients wait in the listen backlog until a connection closes |
///
/// The timeouts run on the Tokio clock, so a test that pauses time advances them too.
///
/// ```
/// use altur_client::mock::MockServer;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = MockServer::start().await;
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// assert!(server.base_url().ends_with("/api/v1.0"));
/// assert!(!format!("{server:?}").contains(server.api_key()));
/// # }
/// ```
pub struct MockServer {
    address: SocketAddr,
    state: Arc<State>,
    accept_task: JoinHandle<()>,
    connection_tasks: Arc<Mutex<JoinSet<()>>>,
}

/// Configures a [`MockServer`] before starting it.
///
/// ```
/// use altur_client::mock::MockServer;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = MockServer::builder().api_key("test-key").start().await;
/// assert_eq!(server.api_key(), "test-key");
/// # }
/// ```
#[must_use = "a builder does nothing until `start` is called"]
pub struct MockServerBuilder {
    api_key: Option<String>,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    max_connections: usize,
    check_responses: bool,
}

/// The default of [`MockServerBuilder::header_read_timeout`].
const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The default of [`MockServerBuilder::body_read_timeout`].
const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The default of [`MockServerBuilder::max_connections`].
const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// Timeouts are cut to about a century: hyper adds the header timeout to the current instant,
/// which would overflow (and panic) for durations near `Duration::MAX`.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// What the accept loop, the connections and the [`MockServer`] handle share.
struct State {
    api_key: Box<str>,
    endusers: Mutex<HashMap<Uuid, EndUser>>,
    conversations: Mutex<conversations::Store>,
    campaigns: Mutex<campaigns::Store>,
    requests: AtomicU64,
    connections: AtomicU64,
    /// When the server checks its responses against the OpenAPI document
    /// ([`MockServerBuilder::check_responses`]): the responses that failed.
    response_violations: Option<Mutex<Vec<String>>>,
    /// In the order they were added; the last one that matches answers.
    stubs: Mutex<Vec<Arc<stubs::StubEntry>>>,
    /// Set when the [`MockServer`] is dropped: no connection is added and no request answered
    /// after it.
    stopped: AtomicBool,
    /// The latest requests, for [`MockServer::received`].
    received: Mutex<stubs::RequestLog>,
}

/// Locks `mutex`, also after a thread panicked while holding it: the data (a map of EndUsers, a
/// set of tasks) is never left half-updated.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MockServer {
    /// Starts a server with a random API key of the form `mock_<32 hex digits>`.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// assert!(server.api_key().starts_with("mock_"));
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When called outside a Tokio runtime, or when no loopback port can be bound (see
    /// [`MockServerBuilder::try_start`]).
    pub async fn start() -> MockServer {
        MockServer::builder().start().await
    }

    /// A [`MockServerBuilder`], to choose the API key and the bounds on connections.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::builder().api_key("my-key").start().await;
    /// assert_eq!(server.api_key(), "my-key");
    /// # }
    /// ```
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder {
            api_key: None,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            check_responses: false,
        }
    }

    /// The base URL to give a [`ClientBuilder`]: `http://127.0.0.1:<port>/api/v1.0`.
    ///
    /// ```
    /// use altur_client::Client;
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let client = Client::builder()
    ///     .api_key(server.api_key())
    ///     .base_url(server.base_url())
    ///     .build()?;
    /// assert_eq!(client.base_url(), server.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.address, service::BASE_PATH)
    }

    /// The address the server listens on, for tests that speak raw HTTP.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// assert!(server.address().ip().is_loopback());
    /// assert_ne!(server.address().port(), 0);
    /// # }
    /// ```
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The API key the server accepts.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// let key = server.api_key();
    /// assert_eq!(key.len(), "mock_".len() + 32);
    /// assert!(key["mock_".len()..].bytes().all(|b| b.is_ascii_hexdigit()));
    /// # }
    /// ```
    pub fn api_key(&self) -> &str {
        &self.state.api_key
    }

    /// Stores `user` under its id, replacing and returning the EndUser stored there before.
    ///
    /// ```
    /// use altur_client::EndUser;
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// let id = uuid::Uuid::from_u128(1);
    /// assert_eq!(server.insert_enduser(EndUser::new(id, "Ada")), None);
    /// let previous = server.insert_enduser(EndUser::new(id, "Ada Lovelace"));
    /// assert_eq!(previous.map(|user| user.display_name).as_deref(), Some("Ada"));
    /// # }
    /// ```
    pub fn insert_enduser(&self, user: EndUser) -> Option<EndUser> {
        lock(&self.state.endusers).insert(user.id, user)
    }

    /// Removes the EndUser with this id and returns it; later requests for it get `404`.
    ///
    /// ```
    /// use altur_client::EndUser;
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// let id = uuid::Uuid::from_u128(1);
    /// server.insert_enduser(EndUser::new(id, "Ada"));
    /// assert!(server.remove_enduser(id).is_some());
    /// assert!(server.remove_enduser(id).is_none());
    /// # }
    /// ```
    pub fn remove_enduser(&self, id: Uuid) -> Option<EndUser> {
        lock(&self.state.endusers).remove(&id)
    }

    /// A [`ClientBuilder`] with this server's base URL and key, to adjust before building (for
    /// example `.max_retries(0)`).
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let client = server.client_builder().max_retries(0).build()?;
    /// assert_eq!(client.base_url(), server.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .api_key(self.api_key())
            .base_url(self.base_url())
    }

    /// A [`Client`] with this server's base URL and key, and the other defaults.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use altur_client::{EndUser, EndUserApi, IntegrationType};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let mut user = EndUser::new(uuid::Uuid::from_u128(3), "Ada");
    /// user.integration_type = Some(IntegrationType::Api);
    /// server.insert_enduser(user.clone());
    /// assert_eq!(server.client()?.retrieve_enduser(user.id).await?, user);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`], for example when a key given to
    /// [`MockServerBuilder::api_key`] contains whitespace.
    pub fn client(&self) -> Result<Client> {
        self.client_builder().build()
    }

    /// How many HTTP requests the server has received, whatever their outcome.
    ///
    /// ```
    /// use altur_client::EndUserApi;
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::start().await;
    /// let client = server.client()?;
    /// let _ = client.retrieve_enduser(uuid::Uuid::from_u128(1)).await;
    /// assert_eq!(server.request_count(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn request_count(&self) -> u64 {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// How many TCP connections the server has accepted. Keep-alive is on, so this is lower than
    /// [`request_count`](Self::request_count) when clients reuse connections.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// assert_eq!(server.connection_count(), 0);
    /// # }
    /// ```
    pub fn connection_count(&self) -> u64 {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// The responses so far that did not match the OpenAPI document, when the server checks them
    /// ([`MockServerBuilder::check_responses`]); always empty otherwise.
    #[doc(hidden)]
    pub fn response_violations(&self) -> Vec<String> {
        self.state
            .response_violations
            .as_ref()
            .map(|violations| lock(violations).clone())
            .unwrap_or_default()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Aborting is synchronous: neither task is polled again, even on another worker thread,
        // so nothing is served after the drop. Their sockets close when the runtime drops them.
        // A task may be in the middle of a poll on another thread, the accept task about to add
        // a connection or a connection about to read a request: `stopped`, set first, stops
        // both.
        self.state.stopped.store(true, Ordering::SeqCst);
        self.accept_task.abort();
        lock(&self.connection_tasks).abort_all();
        // As wiremock verifies its expectations: a test whose server answered outside the
        // document fails here, even if it ignored the `500`. Not while unwinding, which would
        // abort the test process.
        if std::thread::panicking() {
            return;
        }
        let violations = self.response_violations();
        if !violations.is_empty() {
            panic!(
                "the mock server answered outside its OpenAPI document:\n{}",
                violations.join("\n")
            );
        }
        if let Some(unmet) = self.unmet_expectations() {
            panic!("unmet expectations of the mock server:\n{unmet}");
        }
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.base_url())
            .field("api_key", &"***")
            .field("endusers", &lock(&self.state.endusers).len())
            .field("request_count", &self.request_count())
            .field("connection_count", &self.connection_count())
            .finish_non_exhaustive()
    }
}

impl MockServerBuilder {
    /// The API key the server accepts. Default: a random `mock_<32 hex digits>`.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::builder().api_key("sk_test").start().await;
    /// assert_eq!(server.api_key(), "sk_test");
    /// # }
    /// ```
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// How long a connection may take to send a complete request head, counted from when it is
    /// accepted or from the end of its previous response; past it, the server closes the
    /// connection. This bounds a client that stalls mid-headers, one that connects and sends
    /// nothing, and an idle keep-alive connection. Default: 10 seconds.
    ///
    /// Durations over a century are taken as a century.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use std::time::Duration;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::builder()
    ///     .header_read_timeout(Duration::from_secs(2))
    ///     .start()
    ///     .await;
    /// assert!(server.address().ip().is_loopback());
    /// # }
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long the server waits for a request body, counted from the end of the request head;
    /// past it, the server answers `408` in the error model
    /// (`{"error": 408, "message": ..}`) and closes the connection. Default: 30 seconds.
    ///
    /// Durations over a century are taken as a century.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    /// use std::time::Duration;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::builder()
    ///     .body_read_timeout(Duration::from_secs(5))
    ///     .start()
    ///     .await;
    /// assert!(server.address().ip().is_loopback());
    /// # }
    /// ```
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How many connections may be open at once; further clients wait in the listen backlog
    /// until one closes. Default: 1024.
    ///
    /// `0` is taken as `1`, and values over Tokio's `Semaphore::MAX_PERMITS` as that maximum.
    ///
    /// ```
    /// use altur_client::EndUserApi;
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let server = MockServer::builder().max_connections(4).start().await;
    /// let missing = server.client()?.retrieve_enduser(uuid::Uuid::nil()).await;
    /// assert_eq!(missing.unwrap_err().status(), Some(404));
    /// # Ok(())
    /// # }
    /// ```
    pub fn max_connections(mut self, max_connections: usize) -> Self {
        self.max_connections = max_connections;
        self
    }

    /// Checks every response to a request for an operation of the OpenAPI document against
    /// what the operation declares (status, media type, JSON schema), for the crate's own tests.
    /// A response that does not match is replaced by a `500` naming the mismatch, and recorded
    /// ([`MockServer::response_violations`]); dropping a server that recorded one panics.
    #[doc(hidden)]
    pub fn check_responses(mut self) -> Self {
        self.check_responses = true;
        self
    }

    /// Starts the server.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::builder().start().await;
    /// assert!(server.api_key().starts_with("mock_"));
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When called outside a Tokio runtime, or when no loopback port can be bound (see
    /// [`try_start`](Self::try_start)).
    pub async fn start(self) -> MockServer {
        match self.try_start().await {
            Ok(server) => server,
            Err(error) => panic!("failed to start the mock Altur server: {error}"),
        }
    }

    /// Starts the server, reporting a failure to bind a loopback port instead of panicking.
    ///
    /// ```
    /// use altur_client::mock::MockServer;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = MockServer::builder().try_start().await?;
    /// assert!(server.address().ip().is_loopback());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// When binding `127.0.0.1:0` fails.
    ///
    /// # Panics
    ///
    /// When called outside a Tokio runtime.
    pub async fn try_start(self) -> io::Result<MockServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let api_key = self
            .api_key
            .unwrap_or_else(|| format!("mock_{:032x}", fastrand::u128(..)));
        let state = Arc::new(State {
            api_key: api_key.into(),
            endusers: Mutex::new(HashMap::new()),
            conversations: Mutex::default(),
            campaigns: Mutex::default(),
            requests: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            response_violations: self.check_responses.then(Mutex::default),
            stubs: Mutex::default(),
            stopped: AtomicBool::new(false),
            received: Mutex::default(),
        });
        let limits = Limits {
            header_read_timeout: self.header_read_timeout.min(LONGEST_TIMEOUT),
            body_read_timeout: self.body_read_timeout.min(LONGEST_TIMEOUT),
            max_connections: self.max_connections.clamp(1, Semaphore::MAX_PERMITS),
        };
        let connection_tasks = Arc::new(Mutex::new(JoinSet::new()));
        let accept_task = tokio::spawn(accept_loop(
            listener,
            Arc::clone(&state),
            Arc::clone(&connection_tasks),
            limits,
        ));
        Ok(MockServer {
            address,
            state,
            accept_task,
            connection_tasks,
        })
    }
}

impl fmt::Debug for MockServerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServerBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("header_read_timeout", &self.header_read_timeout)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("max_connections", &self.max_connections)
            .field("check_responses", &self.check_responses)
            .finish()
    }
}

/// The bounds every connection gets, as [`MockServerBuilder`] set them (already clamped).
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    max_connections: usize,
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    connection_tasks: Arc<Mutex<JoinSet<()>>>,
    limits: Limits,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = http1::Builder::new();
    // Without a timer, hyper ignores `header_read_timeout`. hyper starts it whenever it waits for
    // a request head, so it also bounds a connection that sends nothing and an idle keep-alive
    // one (`tests/mock_server.rs` checks both).
    http.keep_alive(true)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    loop {
        // A slot is taken before accepting, so further clients wait in the listen backlog
        // instead of being accepted and left unserved. The connection's task holds the permit.
        let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
            return; // Only a closed semaphore fails, and this one is never closed.
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Usually out of file descriptors; retrying at once would spin.
                tracing::debug!(%error, "mock server failed to accept a connection");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        state.connections.fetch_add(1, Ordering::SeqCst);
        let stopped = &state.stopped;
        let state = Arc::clone(&state);
        let body_read_timeout = limits.body_read_timeout;
        let (stream, reset) = connection::Connection::new(stream);
        let service = service_fn(move |request| {
            let state = Arc::clone(&state);
            let reset = Arc::clone(&reset);
            async move {
                // A connection task may still be in the middle of a poll, on another worker
                // thread, when the server is dropped: it must not answer what comes after.
                if state.stopped.load(Ordering::SeqCst) {
                    return Err(io::Error::other("the mock server is stopped"));
                }
                let (response, fault) = service::handle(&state, request, body_read_timeout).await;
                connection::body(response, fault).ok_or_else(|| {
                    // An error from the service makes hyper drop the connection, which the flag
                    // turns into a reset.
                    reset.store(true, Ordering::SeqCst);
                    io::Error::other("reset by a stub")
                })
            }
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let mut tasks = lock(&connection_tasks);
        // Checked under the lock the drop takes: a connection accepted while the server was
        // being dropped is either aborted with the others or never served.
        if stopped.load(Ordering::SeqCst) {
            return;
        }
        while tasks.try_join_next().is_some() {}
        tasks.spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "mock server connection failed");
            }
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    #[tokio::test]
    async fn dropping_a_checking_server_with_violations_panics() {
        let server = MockServer::builder().check_responses().start().await;
        assert_eq!(server.response_violations(), Vec::<String>::new());
        let violations = server.state.response_violations.as_ref().expect("checking");
        lock(violations).push("GET /x answered 200, which breaks `x`".to_owned());
        assert_eq!(server.response_violations().len(), 1);
        let panic = catch_unwind(AssertUnwindSafe(|| drop(server))).expect_err("a panic");
        let message = panic.downcast_ref::<String>().expect("a formatted message");
        assert_eq!(
            message,
            "the mock server answered outside its OpenAPI document:\n\
             GET /x answered 200, which breaks `x`"
        );

        // A server that does not check records nothing, and drops quietly.
        let unchecked = MockServer::start().await;
        assert!(unchecked.state.response_violations.is_none());
        assert_eq!(unchecked.response_violations(), Vec::<String>::new());
    }
}
