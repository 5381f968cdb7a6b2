//! Shared pieces of the benchmark: the loopback server, the variants, and thread pinning.
//!
//! `main.rs` times the variants; `bin/allocs.rs` counts their allocations.

use altur_client::{ApiError, Client, EndUser, EndUserApi};
use bytes::Bytes;
use feignhttp::{Client as _, FeignClientBuilder, feign};
use http_body_util::{BodyExt, Full};
use hyper::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use uuid::Uuid;

pub const API_KEY: &str = "bench-key";
pub const BASE_PATH: &str = "/api/v1.0";
pub const SMALL_ID: Uuid = Uuid::from_u128(0x3f2b8c1e_4a5d_4e6f_8a9b_0c1d2e3f4a5b);
pub const BIG_ID: Uuid = Uuid::from_u128(0x0b16_0000_0000_4000_8000_0000_0000_0064);
pub const MISSING_ID: Uuid = Uuid::from_u128(0x404);
/// The user agent of every variant: altur-client's default.
pub const UA: &str = concat!("altur-client/", "0.1.0");
/// altur-client's defaults, used by the hand-written client too.
pub const TIMEOUT: Duration = Duration::from_secs(30);
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub fn small_user() -> EndUser {
    let mut user = EndUser::new(SMALL_ID, "Ada Lovelace");
    user.integration_type = Some(altur_client::IntegrationType::Whatsapp);
    user.info = Some("prefers mornings; speaks English and French".to_owned());
    user
}

pub fn big_user() -> EndUser {
    let mut user = EndUser::new(BIG_ID, "Charles Babbage");
    user.integration_type = Some(altur_client::IntegrationType::Api);
    let sentence = "Notes about the analytical engine, kept for the agent. ";
    user.info = Some(sentence.repeat(64 * 1024 / sentence.len()));
    user
}

pub const NOT_FOUND_BODY: &str = r#"{"error":404,"message":"EndUser not found"}"#;

/// Which response a case asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Small,
    Big,
    Missing,
}

impl Target {
    pub fn id(self) -> Uuid {
        match self {
            Target::Small => SMALL_ID,
            Target::Big => BIG_ID,
            Target::Missing => MISSING_ID,
        }
    }
}

/// What a call returned, reduced to something cheap to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    User(EndUser),
    NotFound { message: String },
}

/// One listener per variant (so accepts are counted per client), all served by one thread with
/// its own current-thread runtime.
pub struct Server {
    pub addrs: Vec<SocketAddr>,
    pub accepts: Vec<Arc<AtomicUsize>>,
}

struct Bodies {
    small: Bytes,
    big: Bytes,
    missing: Bytes,
    small_path: String,
    big_path: String,
}

pub fn start_server(listeners: usize, core: Option<usize>) -> Server {
    let bodies = Arc::new(Bodies {
        small: serde_json::to_vec(&small_user()).unwrap().into(),
        big: serde_json::to_vec(&big_user()).unwrap().into(),
        missing: Bytes::from_static(NOT_FOUND_BODY.as_bytes()),
        small_path: format!("{BASE_PATH}/enduser/{SMALL_ID}"),
        big_path: format!("{BASE_PATH}/enduser/{BIG_ID}"),
    });
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("server".into())
        .spawn(move || {
            if let Some(core) = core {
                pin_to(core);
            }
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let mut addrs = Vec::new();
                let mut accepts = Vec::new();
                for _ in 0..listeners {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                    addrs.push(listener.local_addr().unwrap());
                    let count = Arc::new(AtomicUsize::new(0));
                    accepts.push(count.clone());
                    let bodies = bodies.clone();
                    tokio::spawn(async move {
                        loop {
                            let (stream, _) = listener.accept().await.unwrap();
                            stream.set_nodelay(true).unwrap();
                            count.fetch_add(1, Ordering::Relaxed);
                            let bodies = bodies.clone();
                            tokio::spawn(async move {
                                let service = hyper::service::service_fn(move |req| {
                                    let bodies = bodies.clone();
                                    async move { Ok::<_, std::convert::Infallible>(respond(&bodies, req)) }
                                });
                                let _ = hyper::server::conn::http1::Builder::new()
                                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                                    .await;
                            });
                        }
                    });
                }
                tx.send(Server { addrs, accepts }).unwrap();
                std::future::pending::<()>().await;
            });
        })
        .unwrap();
    rx.recv().unwrap()
}

fn respond(bodies: &Bodies, req: hyper::Request<hyper::body::Incoming>) -> hyper::Response<Full<Bytes>> {
    let authorized = req
        .headers()
        .get(AUTHORIZATION)
        .is_some_and(|value| value.as_bytes() == b"api-key bench-key");
    let path = req.uri().path();
    let (status, body) = if !authorized {
        (401, Bytes::from_static(br#"{"error":401,"message":"bad key"}"#))
    } else if path == bodies.small_path {
        (200, bodies.small.clone())
    } else if path == bodies.big_path {
        (200, bodies.big.clone())
    } else {
        (404, bodies.missing.clone())
    };
    let mut response = hyper::Response::new(Full::new(body));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Pins the calling thread to one core. Returns false when the kernel refuses.
pub fn pin_to(core: usize) -> bool {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; pid 0 is the calling thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
    }
}

#[derive(Debug)]
pub enum HandError {
    Transport(reqwest::Error),
    Api { status: u16, api_error: Option<ApiError>, body: Bytes },
    Decode(serde_json::Error),
}

/// (A) Hand-written reqwest doing what the generated `retrieve_enduser` does.
pub struct HandWritten {
    http: reqwest::Client,
    base: String,
}

/// The `reqwest::Client` of A, also handed to feignhttp (C): the key and `Accept` as default
/// headers, altur-client's user agent and timeouts.
pub fn reqwest_client() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    let mut auth = HeaderValue::from_str(&format!("api-key {API_KEY}")).unwrap();
    auth.set_sensitive(true);
    headers.insert(AUTHORIZATION, auth);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .default_headers(headers)
        .user_agent(UA)
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .unwrap()
}

impl HandWritten {
    pub fn new(base: &str) -> Self {
        HandWritten { http: reqwest_client(), base: base.trim_end_matches('/').to_owned() }
    }

    pub async fn retrieve_enduser(&self, id: Uuid) -> Result<EndUser, HandError> {
        // A Uuid's hyphenated form is all unreserved characters, so encoding it as a segment
        // leaves it unchanged; the encode is still done, as the generated code does.
        let mut url = String::with_capacity(self.base.len() + 9 + 36);
        url.push_str(&self.base);
        url.push_str("/enduser/");
        let mut buf = uuid::Uuid::encode_buffer();
        let id = id.hyphenated().encode_lower(&mut buf);
        url.extend(percent_encoding_segment(id));
        let response = self.http.get(url).send().await.map_err(HandError::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(HandError::Transport)?;
        if !status.is_success() {
            let api_error = serde_json::from_slice::<ApiError>(&body).ok();
            return Err(HandError::Api { status: status.as_u16(), api_error, body });
        }
        serde_json::from_slice(&body).map_err(HandError::Decode)
    }
}

/// Everything but RFC 3986 `unreserved` is encoded, as altur-client does for path values.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn percent_encoding_segment(text: &str) -> percent_encoding::PercentEncode<'_> {
    percent_encoding::utf8_percent_encode(text, SEGMENT)
}

/// The base URL of C, which feignhttp puts in place of `{base}` on every call.
#[derive(feignhttp::Context)]
pub struct FeignBase {
    #[url_path]
    base: String,
}

/// (C) The peer crate feignhttp: the same endpoint declared with `#[feign]`. The macro turns the
/// trait into a struct holding the `ClientWrapper` (a `reqwest::Client`) and the context. Each
/// call clones the `ClientWrapper` (a reference count), substitutes `{base}` and `{id}` in the
/// URL string without percent-encoding, parses it, and sends `user-agent: Feign HTTP`, which
/// replaces the client's default user agent on the wire.
#[feign(url = "{base}")]
pub trait FeignEndUsers {
    #[get("/enduser/{id}")]
    async fn retrieve_enduser(&self, #[path] id: Uuid) -> feignhttp::Result<EndUser>;
}

impl FeignEndUsers {
    pub fn new(base: &str) -> Self {
        let client = feignhttp::ClientWrapper::with_client(reqwest_client()).unwrap();
        let base = FeignBase { base: base.trim_end_matches('/').to_owned() };
        FeignEndUsersBuilder::build_with_context(client, base).unwrap()
    }
}

/// (D) Raw hyper-util pooled client: the floor.
pub struct RawHyper {
    http: hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, http_body_util::Empty<Bytes>>,
    base: String,
    auth: HeaderValue,
}

impl RawHyper {
    pub fn new(base: &str) -> Self {
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_nodelay(true);
        let http = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(connector);
        let mut auth = HeaderValue::from_str(&format!("api-key {API_KEY}")).unwrap();
        auth.set_sensitive(true);
        RawHyper { http, base: base.to_owned(), auth }
    }

    pub async fn retrieve_enduser(&self, id: Uuid) -> Result<EndUser, HandError> {
        let uri = format!("{}/enduser/{}", self.base, id.hyphenated());
        let request = hyper::Request::get(uri)
            .header(AUTHORIZATION, self.auth.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, HeaderValue::from_static(UA))
            .body(http_body_util::Empty::new())
            .unwrap();
        let response = self.http.request(request).await.map_err(|e| {
            HandError::Api { status: 0, api_error: None, body: Bytes::from(e.to_string()) }
        })?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| HandError::Api { status: 0, api_error: None, body: Bytes::from(e.to_string()) })?
            .to_bytes();
        if !status.is_success() {
            let api_error = serde_json::from_slice::<ApiError>(&body).ok();
            return Err(HandError::Api { status: status.as_u16(), api_error, body });
        }
        serde_json::from_slice(&body).map_err(HandError::Decode)
    }
}

/// The variants, in the order they are listed in the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    A,
    A2,
    /// A plus the per-call observability B does: a debug span, `Instrument`, two clock reads and
    /// three `span.record`s. Not in the brief: here to test where B's extra time goes.
    A3,
    B,
    BRetry,
    C,
    D,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::A, Kind::A2, Kind::A3, Kind::B, Kind::BRetry, Kind::C, Kind::D];

    pub fn label(self) -> &'static str {
        match self {
            Kind::A => "A  hand-written reqwest",
            Kind::A2 => "A2 copy of A (noise)",
            Kind::A3 => "A3 A + B's tracing span and clock",
            Kind::B => "B  altur-client, max_retries(0)",
            Kind::BRetry => "B2 altur-client, default retries (2)",
            Kind::C => "C  feignhttp 0.6.3 (reqwest)",
            Kind::D => "D  raw hyper-util (floor)",
        }
    }
}

#[allow(clippy::large_enum_variant)]
pub enum Variant {
    Hand(HandWritten),
    HandTraced(HandWritten),
    Altur(Client),
    Feign(FeignEndUsers),
    Raw(RawHyper),
}

impl Variant {
    pub fn new(kind: Kind, addr: SocketAddr) -> Self {
        let base = format!("http://{addr}{BASE_PATH}");
        match kind {
            Kind::A | Kind::A2 => Variant::Hand(HandWritten::new(&base)),
            Kind::A3 => Variant::HandTraced(HandWritten::new(&base)),
            Kind::B => Variant::Altur(
                Client::builder().api_key(API_KEY).base_url(&base).max_retries(0).build().unwrap(),
            ),
            Kind::BRetry => {
                Variant::Altur(Client::builder().api_key(API_KEY).base_url(&base).build().unwrap())
            }
            Kind::C => Variant::Feign(FeignEndUsers::new(&base)),
            Kind::D => Variant::Raw(RawHyper::new(&base)),
        }
    }

    /// One call; `Err` is an unexpected failure, described.
    #[inline(never)]
    pub async fn call(&self, target: Target) -> Result<Outcome, String> {
        let id = target.id();
        match self {
            Variant::Hand(hand) => hand_outcome(hand.retrieve_enduser(id).await),
            Variant::HandTraced(hand) => hand_outcome(traced(hand.retrieve_enduser(id)).await),
            Variant::Raw(raw) => hand_outcome(raw.retrieve_enduser(id).await),
            Variant::Feign(feign) => feign_outcome(feign.retrieve_enduser(id).await),
            Variant::Altur(client) => match client.retrieve_enduser(id).await {
                Ok(user) => Ok(Outcome::User(user)),
                // Moves the message out, as `hand_outcome` does, so neither side copies it.
                Err(altur_client::Error::Api { status, api_error: Some(api), .. })
                    if status == 404 =>
                {
                    Ok(Outcome::NotFound { message: api.message })
                }
                Err(error) => Err(format!("{error:?}")),
            },
        }
    }
}

fn hand_outcome(result: Result<EndUser, HandError>) -> Result<Outcome, String> {
    match result {
        Ok(user) => Ok(Outcome::User(user)),
        Err(HandError::Api { status: 404, api_error: Some(api), .. }) => {
            Ok(Outcome::NotFound { message: api.message })
        }
        Err(other) => Err(format!("{other:?}")),
    }
}

/// feignhttp keeps the body of a 4xx/5xx as text in `ErrorKind::Status`; `error_kind()` hands
/// out a clone of it.
fn feign_outcome(result: feignhttp::Result<EndUser>) -> Result<Outcome, String> {
    match result {
        Ok(user) => Ok(Outcome::User(user)),
        Err(error) => match error.error_kind() {
            feignhttp::ErrorKind::Status(status, body) if status == 404 => {
                match serde_json::from_str::<ApiError>(&body) {
                    Ok(api) => Ok(Outcome::NotFound { message: api.message }),
                    Err(_) => Err(format!("{error:?}")),
                }
            }
            _ => Err(format!("{error:?}")),
        },
    }
}

pub fn expected(target: Target) -> Outcome {
    match target {
        Target::Small => Outcome::User(small_user()),
        Target::Big => Outcome::User(big_user()),
        Target::Missing => Outcome::NotFound { message: "EndUser not found".to_owned() },
    }
}

/// What `altur_client::request::execute` wraps around every call, copied.
async fn traced<T>(call: impl Future<Output = Result<T, HandError>>) -> Result<T, HandError> {
    use tracing::Instrument;
    let span = tracing::debug_span!(
        "altur.request",
        endpoint = "retrieve_enduser",
        method = "GET",
        route = "/enduser/<id>",
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    span.record("attempts", 1u32);
    let result = call.instrument(span.clone()).await;
    span.record("status", 200u16);
    span.record("latency_ms", started.elapsed().as_millis() as u64);
    result
}
