//! [`Client`] and its [`ClientBuilder`].

use crate::auth::ApiKey;
use crate::error::{Error, Result};
use crate::transport::{RetryPolicy, Transport};
use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// The production base URL of the Altur API.
pub const DEFAULT_BASE_URL: &str = "https://api.altur.io/api/v1.0";

const DEFAULT_USER_AGENT: &str = concat!("altur-client/", env!("CARGO_PKG_VERSION"));
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// JSON bodies are a few kilobytes; this leaves room for `Bytes` downloads such as call
/// recordings (an hour of 128 kbit/s audio is about 55 MiB) while bounding what one call holds.
const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS: usize = 5;
/// Room for three attempts at the default 30 s each with their backoff, so that the default
/// limit ends only calls that something keeps stretching.
const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(120);

/// A client of the Altur API. It implements every `#[altur_api]` trait, including the
/// preconfigured ones such as [`EndUserApi`](crate::EndUserApi).
///
/// Cloning is cheap and clones share one connection pool, so build one client and pass clones
/// around. The API key is never shown by `Debug`.
///
/// ```no_run
/// use altur_client::{Client, EndUserApi};
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::new("my-api-key")?;
/// let id = uuid::Uuid::parse_str("3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b").expect("a valid id");
/// let user = client.retrieve_enduser(id).await?;
/// println!("{}", user.display_name);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// The base URL without its trailing slash, so that routes (which start with `/`) append.
    pub(crate) base_url: Box<str>,
    pub(crate) transport: Transport,
}

impl Client {
    /// A client like this one whose calls are recorded in `capture` instead of being sent: a
    /// mock stub runs the call it stands for against it, so that it matches exactly what this
    /// client sends.
    #[cfg(feature = "mock")]
    pub(crate) fn capturing(
        &self,
        capture: Arc<std::sync::Mutex<Option<crate::transport::CapturedRequest>>>,
    ) -> Client {
        let transport = &self.inner.transport;
        Client {
            inner: Arc::new(Inner {
                base_url: self.inner.base_url.clone(),
                transport: Transport {
                    http: transport.http.clone(),
                    api_key: transport.api_key.clone(),
                    retry: transport.retry.clone(),
                    max_response_size: transport.max_response_size,
                    timeout: transport.timeout,
                    total_timeout: transport.total_timeout,
                    capture: Some(capture),
                },
            }),
        }
    }

    /// A [`ClientBuilder`] with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client for the production API with the given key and the defaults.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`].
    pub fn new(api_key: impl Into<String>) -> Result<Client> {
        Client::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: the key from `ALTUR_API_KEY` and, when set,
    /// the base URL from `ALTUR_BASE_URL`.
    ///
    /// # Errors
    ///
    /// When `ALTUR_API_KEY` is not set or not Unicode, and as [`ClientBuilder::build`].
    pub fn from_env() -> Result<Client> {
        let api_key = std::env::var("ALTUR_API_KEY")
            .map_err(|_| Error::config("the environment variable `ALTUR_API_KEY` is not set"))?;
        let mut builder = Client::builder().api_key(api_key);
        if let Some(base_url) = std::env::var_os("ALTUR_BASE_URL") {
            let base_url = base_url.into_string().map_err(|_| {
                Error::config("the environment variable `ALTUR_BASE_URL` is not Unicode")
            })?;
            builder = builder.base_url(base_url);
        }
        builder.build()
    }

    /// The base URL every route is appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.transport.api_key)
            .field("max_retries", &self.inner.transport.retry.max_retries)
            .field("max_response_size", &self.inner.transport.max_response_size)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Setters never fail; [`build`](Self::build) reports what is wrong.
///
/// The defaults suit the Altur API:
///
/// | setting | default |
/// |---|---|
/// | [`base_url`](Self::base_url) | [`DEFAULT_BASE_URL`] |
/// | [`timeout`](Self::timeout) (each attempt, body included) | 30 s |
/// | [`total_timeout`](Self::total_timeout) (the whole call, retries and waits included) | 2 min |
/// | [`connect_timeout`](Self::connect_timeout) | 10 s |
/// | [`max_retries`](Self::max_retries) | 2 |
/// | [`initial_backoff`](Self::initial_backoff) | 200 ms |
/// | [`max_retry_after`](Self::max_retry_after) | 60 s |
/// | [`max_response_size`](Self::max_response_size) | 64 MiB |
/// | [`max_redirects`](Self::max_redirects) | 5 |
///
/// # Redirects
///
/// Redirects are followed, at most [`max_redirects`](Self::max_redirects) of them per attempt,
/// under the same rules as the base URL: the target must be `https://`, or plain `http://` to a
/// loopback host when no earlier URL of the chain was `https://` (so `https` is never downgraded).
/// A redirect that breaks a rule, goes to another scheme, or comes back to a URL already
/// visited fails the call with an [`Error::Transport`] whose source says why; it is not
/// retried. A `3xx` without a `Location`, or with one that is not a URL with a host (such as
/// `file:`), is not followed: it is an [`Error::Api`] with that status. The API key is only sent
/// to the origin (scheme, host and port) of the base URL: a redirect to any other origin is
/// followed without `Authorization`. A `307` or `308` resends the request body; a `301`, `302`
/// or `303` after a `POST` becomes a `GET` without one. The [`timeout`](Self::timeout) of an
/// attempt covers all of its redirects.
///
/// ```
/// use std::time::Duration;
///
/// let client = altur_client::Client::builder()
///     .api_key("my-api-key")
///     .base_url("https://api.altur.io/api/v1.0/")
///     .timeout(Duration::from_secs(10))
///     .max_retries(3)
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.altur.io/api/v1.0");
/// # Ok::<(), altur_client::Error>(())
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    max_response_size: usize,
    max_redirects: usize,
    total_timeout: Duration,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("base_url", &without_userinfo(&self.base_url))
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.retry.max_retries)
            .field("initial_backoff", &self.retry.initial_backoff)
            .field("max_retry_after", &self.retry.max_retry_after)
            .field("max_response_size", &self.max_response_size)
            .field("max_redirects", &self.max_redirects)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with the defaults (see the [table](Self)) and no key.
    pub fn new() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy {
                max_retries: DEFAULT_MAX_RETRIES,
                initial_backoff: DEFAULT_INITIAL_BACKOFF,
                max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            },
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
        }
    }

    /// The API key, sent as `Authorization: api-key <key>`. Required; the builder does not read
    /// the environment (see [`Client::from_env`]).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The base URL routes are appended to. Default: [`DEFAULT_BASE_URL`]. With or without a
    /// trailing slash, requests are the same. Must be `https://`, except for loopback hosts.
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        base_url.as_ref().clone_into(&mut self.base_url);
        self
    }

    /// The time limit of one attempt, from sending the request to the end of the response body.
    /// Default: 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit of a whole call: every attempt, every backoff and every `Retry-After` wait
    /// included. Default: 2 min, room for three attempts at the default 30 s
    /// [`timeout`](Self::timeout) with their backoff.
    ///
    /// An attempt still running when the limit is reached ends with an [`Error::Transport`]
    /// whose [`is_timeout`](Error::is_timeout) is true, and a retry whose wait would reach the
    /// limit is not started: the call ends with the error of its last attempt instead (as when
    /// `Retry-After` is over [`max_retry_after`](Self::max_retry_after)). So a server that drips
    /// its bytes or asks to wait again and again cannot stretch a call past it.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let client = altur_client::Client::builder()
    ///     .api_key("my-api-key")
    ///     .timeout(Duration::from_secs(5))
    ///     .total_timeout(Duration::from_secs(12))
    ///     .build()?;
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// The time limit for establishing a connection. Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times an idempotent request is retried after a retryable failure: 408, 429,
    /// 500, 502, 503, 504, a failed connection or a timeout. Default: 2. A `4xx` other than 408
    /// and 429 is never retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// The first backoff delay; each retry doubles it (up to 8 s), with random jitter between half
    /// and all of it. Default: 200 ms. A `Retry-After` header replaces the backoff.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.retry.initial_backoff = delay;
        self
    }

    /// The longest `Retry-After` the client waits for. When the server asks for longer, the call
    /// fails at once with the server's error (its [`Error::retry_after`] says how long it asked).
    /// Default: 60 s.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.retry.max_retry_after = limit;
        self
    }

    /// The largest response body the client reads, in bytes. Default: 64 MiB.
    ///
    /// JSON bodies of the Altur API are a few kilobytes; the default leaves room for
    /// [`Bytes`](crate::Bytes) downloads such as call recordings (an hour of 128 kbit/s audio is
    /// about 55 MiB) while bounding the memory one call can take. Lower it when the client only
    /// handles JSON.
    ///
    /// A `2xx` body over the limit fails the call with [`Error::ResponseTooLarge`], and is never
    /// buffered whole: a larger `Content-Length` is refused before the body is read, and a body
    /// without one (chunked) is read only until it passes the limit. The connection is then
    /// closed, and the call is not retried, since the next attempt would get the same body.
    ///
    /// The body of an error response (not `2xx`) is kept only up to 64 KiB, or this limit when it
    /// is smaller: the [`Error::Api`] still has the status and `Retry-After`, is retried as its
    /// status says, and its [`body`](Error::body) is cut at that length.
    ///
    /// ```
    /// let client = altur_client::Client::builder()
    ///     .api_key("my-api-key")
    ///     .max_response_size(1024 * 1024) // JSON only: 1 MiB is plenty
    ///     .build()?;
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// How many redirects one attempt follows before it fails. Default: 5. With `0`, any
    /// redirect fails the call. See [Redirects](Self#redirects) for the other rules.
    pub fn max_redirects(mut self, max_redirects: usize) -> Self {
        self.max_redirects = max_redirects;
        self
    }

    /// The `User-Agent` header. Default: `altur-client/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no key was given, the key is empty, longer than 1024 bytes, holds a
    /// backslash (which escaping writes, so redaction could not tell an escape from the key), or
    /// cannot be sent in a header (whitespace, CR/LF, control or non-ASCII characters), the base
    /// URL does not parse, has a query, fragment or credentials, or uses plain `http://` for a
    /// host that is not loopback, the user agent is not a valid header value, or the TLS backend
    /// cannot be initialized.
    pub fn build(self) -> Result<Client> {
        let api_key =
            ApiKey::new(self.api_key.ok_or_else(|| {
                Error::config("no API key; set one with `ClientBuilder::api_key`")
            })?)?;
        let base_url = parse_base_url(&self.base_url)?;
        let user_agent = HeaderValue::try_from(self.user_agent)
            .map_err(|_| Error::config("the user agent is not a valid header value"))?;

        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, api_key.authorization()?);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(redirect_policy(self.max_redirects));
        if base_url.starts_with("http:") {
            // Plain http is allowed only because it stays on this machine; a proxy from the
            // environment would carry it, and the key in clear text, somewhere else.
            http = http.no_proxy();
        }
        let http = http.build().map_err(|error| {
            Error::config_with_source("failed to initialize the HTTP client", error)
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                transport: Transport {
                    http,
                    api_key,
                    retry: self.retry,
                    max_response_size: self.max_response_size,
                    timeout: self.timeout,
                    total_timeout: self.total_timeout,
                    #[cfg(feature = "mock")]
                    capture: None,
                },
            }),
        })
    }
}

/// Follows redirects under the base URL's rules; reqwest itself removes `Authorization` (and
/// cookies) whenever the scheme, host or port changes.
fn redirect_policy(max_redirects: usize) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        match check_redirect(attempt.url(), attempt.previous(), max_redirects) {
            Ok(()) => attempt.follow(),
            Err(reason) => attempt.error(reason),
        }
    })
}

/// Whether to follow a redirect to `next`, after `previous` (every URL requested so far, the
/// original first), and if not, why.
fn check_redirect(
    next: &Url,
    previous: &[Url],
    max_redirects: usize,
) -> std::result::Result<(), &'static str> {
    if previous.len() > max_redirects {
        return Err("too many redirects");
    }
    match next.scheme() {
        "https" => {}
        "http" if previous.iter().any(|url| url.scheme() == "https") => {
            return Err("refused a redirect from https to plain http");
        }
        "http" if is_loopback(next) => {}
        "http" => return Err("refused a redirect to plain http for a host that is not loopback"),
        _ => return Err("refused a redirect to a scheme other than http or https"),
    }
    if previous.contains(next) {
        return Err("redirect loop");
    }
    Ok(())
}

fn parse_base_url(base_url: &str) -> Result<Box<str>> {
    let url = Url::parse(base_url)
        .map_err(|error| Error::config_with_source("the base URL does not parse", error))?;
    if url.cannot_be_a_base() {
        return Err(Error::config("the base URL cannot have paths appended"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "the base URL must not have a query or a fragment",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config("the base URL must not contain credentials"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::config(
                "the base URL must use https (plain http is only allowed for loopback hosts)",
            ));
        }
        _ => return Err(Error::config("the base URL must use https")),
    }
    Ok(url.as_str().trim_end_matches('/').into())
}

/// `url` with any `user:password@` replaced by `***@`, for printing a URL that `build` may not
/// have checked yet. Works on text, so that it also covers URLs that do not parse.
fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]).into(),
        None => url.into(),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(base_url: &str) -> Result<Client> {
        Client::builder()
            .api_key("test-key")
            .base_url(base_url)
            .build()
    }

    #[test]
    fn client_is_cheap_to_share() {
        fn assert_bounds<T: Clone + Send + Sync + 'static>() {}
        assert_bounds::<Client>();
        let client = build(DEFAULT_BASE_URL).unwrap();
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.inner, &clone.inner));
    }

    #[test]
    fn trailing_slash_is_normalized() {
        for base in [
            "https://api.altur.io/api/v1.0",
            "https://api.altur.io/api/v1.0/",
        ] {
            assert_eq!(
                build(base).unwrap().base_url(),
                "https://api.altur.io/api/v1.0"
            );
        }
        assert_eq!(
            build("https://example.com").unwrap().base_url(),
            "https://example.com"
        );
        assert_eq!(
            build("https://example.com/").unwrap().base_url(),
            "https://example.com"
        );
    }

    #[test]
    fn loopback_http_only() {
        for base in [
            "http://127.0.0.1:8080",
            "http://127.8.9.10/api",
            "http://localhost:1/",
            "http://[::1]:9/",
        ] {
            assert!(build(base).is_ok(), "{base}");
        }
        for base in [
            "http://api.altur.io/api/v1.0",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://127.0.0.1",
        ] {
            let error = build(base).unwrap_err();
            assert!(error.to_string().contains("https"), "{base}: {error}");
        }
    }

    #[test]
    fn malformed_base_urls() {
        for base in [
            "not a url",
            "",
            "https://api.altur.io/v1?x=1",
            "https://api.altur.io/v1#frag",
            "https://user:pass@api.altur.io",
            "mailto:someone@example.com",
        ] {
            assert!(matches!(build(base), Err(Error::Config { .. })), "{base}");
        }
    }

    #[test]
    fn key_is_required_and_checked() {
        let error = Client::builder().build().unwrap_err();
        assert!(error.to_string().contains("no API key"), "{error}");
        assert!(Client::new("").is_err());
        assert!(Client::new("abc\r\nX-Injected: 1").is_err());
        assert!(Client::new("valid-key_123").is_ok());
    }

    #[test]
    fn user_agent_is_checked() {
        let error = Client::builder()
            .api_key("k")
            .user_agent("bad\nagent")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("user agent"), "{error}");
    }

    fn url(url: &str) -> Url {
        Url::parse(url).unwrap()
    }

    fn urls(urls: &[&str]) -> Vec<Url> {
        urls.iter().copied().map(url).collect()
    }

    #[test]
    fn redirects_follow_the_base_url_rules() {
        let https = urls(&["https://api.altur.io/a"]);
        let loopback = urls(&["http://127.0.0.1:8080/a"]);
        for (next, previous) in [
            ("https://api.altur.io/b", &https),
            ("https://cdn.example.com/recording.mp3", &https),
            ("http://127.0.0.1:8080/b", &loopback),
            ("http://localhost:9000/b", &loopback),
            ("https://api.altur.io/b", &loopback),
        ] {
            assert_eq!(check_redirect(&url(next), previous, 5), Ok(()), "{next}");
        }
        for (next, previous, reason) in [
            ("http://api.altur.io/b", &https, "from https to plain http"),
            ("http://127.0.0.1/b", &https, "from https to plain http"),
            (
                "http://example.com/b",
                &loopback,
                "host that is not loopback",
            ),
            (
                "ftp://127.0.0.1/b",
                &loopback,
                "scheme other than http or https",
            ),
            (
                "file:///etc/passwd",
                &https,
                "scheme other than http or https",
            ),
            ("https://api.altur.io/a", &https, "redirect loop"),
        ] {
            let refused = check_redirect(&url(next), previous, 5).unwrap_err();
            assert!(refused.contains(reason), "{next}: {refused}");
        }
    }

    #[test]
    fn a_downgrade_anywhere_in_the_chain_is_refused() {
        let chain = urls(&["http://127.0.0.1/a", "https://api.altur.io/b"]);
        assert!(check_redirect(&url("http://127.0.0.1/c"), &chain, 5).is_err());
    }

    #[test]
    fn redirects_are_counted() {
        let next = url("https://api.altur.io/next");
        let chain: Vec<Url> = (0..6)
            .map(|hop| url(&format!("https://api.altur.io/{hop}")))
            .collect();
        assert_eq!(check_redirect(&next, &chain[..5], 5), Ok(()));
        assert_eq!(
            check_redirect(&next, &chain[..6], 5),
            Err("too many redirects")
        );
        assert_eq!(
            check_redirect(&next, &chain[..1], 0),
            Err("too many redirects")
        );
    }

    #[test]
    fn limits_have_documented_defaults_and_are_configurable() {
        let builder = ClientBuilder::new();
        assert_eq!(builder.max_response_size, 64 * 1024 * 1024);
        assert_eq!(builder.max_redirects, 5);
        let client = builder
            .api_key("k")
            .max_response_size(1234)
            .max_redirects(1)
            .build()
            .unwrap();
        assert_eq!(client.inner.transport.max_response_size, 1234);
        assert!(format!("{client:?}").contains("max_response_size: 1234"));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let builder = Client::builder().api_key("super-secret-key");
        assert!(!format!("{builder:?}").contains("super-secret-key"));
        let client = builder.build().unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("super-secret-key"), "{debug}");
        assert!(debug.contains("api.altur.io"), "{debug}");
    }
}
