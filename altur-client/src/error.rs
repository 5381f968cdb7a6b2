//! The crate's one error type, and the API's documented error body.

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when building a [`Client`](crate::Client) or calling an endpoint.
///
/// No variant ever holds the API key: it is not part of any URL, and if a server echoes it back in
/// an error body, it is replaced by `***` before the body is stored.
///
/// # Example
///
/// ```no_run
/// use altur_client::{Client, EndUserApi, Error};
///
/// # async fn run(id: uuid::Uuid) -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// match client.retrieve_enduser(id).await {
///     Ok(user) => println!("{}", user.display_name),
///     Err(error) if error.status() == Some(404) => println!("no such end user"),
///     Err(error) if error.is_timeout() => println!("Altur did not answer in time"),
///     Err(error) => return Err(error),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status outside `2xx`.
    #[error("{}", DisplayApi { status: *status, api_error: api_error.as_deref(), retry_after: *retry_after })]
    #[non_exhaustive]
    Api {
        /// The HTTP status, kept whatever the body was.
        status: StatusCode,
        /// The body decoded as the documented error model, when it was one.
        api_error: Option<Box<ApiError>>,
        /// The raw body, whether or not it was JSON. At most 64 KiB (or
        /// [`max_response_size`](crate::ClientBuilder::max_response_size) when smaller): a
        /// longer body is cut there, and a cut body does not decode into `api_error`.
        body: Bytes,
        /// How long the server asked the client to wait, from `Retry-After`.
        retry_after: Option<Duration>,
    },

    /// The API answered `2xx` with a body larger than
    /// [`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size). The body was
    /// not read past the limit, the connection was closed, and the call was not retried.
    ///
    /// ```no_run
    /// use altur_client::{Bytes, Client, Error, Result, altur_api};
    ///
    /// #[altur_api]
    /// trait Recordings {
    ///     #[get("/call/<id>/recording")]
    ///     async fn recording(&self, id: &str) -> Result<Bytes>;
    /// }
    ///
    /// # async fn run() -> Result<()> {
    /// let client = Client::builder().api_key("my-api-key").max_response_size(8 << 20).build()?;
    /// match client.recording("call_1").await {
    ///     Ok(audio) => println!("{} bytes", audio.len()),
    ///     Err(Error::ResponseTooLarge { limit, .. }) => println!("longer than {limit} bytes"),
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[error("response body is larger than the limit of {limit} bytes")]
    #[non_exhaustive]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The HTTP status of the response, a `2xx`.
        status: StatusCode,
    },

    /// The request could not be sent or the response could not be received: connection failures,
    /// timeouts, broken bodies, responses that are not HTTP, and redirects that were refused
    /// (see [`ClientBuilder`](crate::ClientBuilder#redirects)).
    #[error(transparent)]
    #[non_exhaustive]
    Transport {
        /// What failed, with the HTTP client's own error as its source.
        source: TransportError,
    },

    /// The API answered `2xx` with a body that is not the expected JSON.
    #[error("failed to decode the response body as `{target}`")]
    #[non_exhaustive]
    Decode {
        /// The Rust type the body should have decoded into.
        target: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// The raw body.
        body: Bytes,
        /// What the JSON decoder found wrong, with line and column.
        source: serde_json::Error,
    },

    /// A stream of every page ([`all_campaigns`](crate::pagination::all_campaigns) and the like) stopped
    /// because the server's pagination would never end: a cursor that came back, a page index
    /// that did not move forward, or one past the last the API documents. The items before it
    /// were all delivered.
    #[error("pagination stopped: {reason}")]
    #[non_exhaustive]
    Pagination {
        /// What the server did.
        reason: Cow<'static, str>,
    },

    /// A parameter's value cannot be sent as asked: a path value that is not one segment, a
    /// header value with CR/LF, a query or body that does not serialize. Nothing was sent.
    #[error("invalid value for parameter `{name}`: {reason}")]
    #[non_exhaustive]
    InvalidParameter {
        /// The parameter's name in the method.
        name: &'static str,
        /// Why the value was refused.
        reason: Cow<'static, str>,
    },

    /// The client configuration is invalid: see [`ClientBuilder::build`](crate::ClientBuilder::build).
    #[error("invalid client configuration: {reason}")]
    #[non_exhaustive]
    Config {
        /// What is wrong.
        reason: Cow<'static, str>,
        /// The underlying error, if any.
        source: Option<BoxError>,
    },

    /// A webhook was refused by [`WebhookVerifier`](crate::webhooks::WebhookVerifier), or the
    /// verifier could not be built: see [`WebhookErrorKind`].
    /// Neither the message nor the source ever contains the webhook secret.
    #[error("{kind}")]
    #[non_exhaustive]
    Webhook {
        /// What was wrong.
        kind: WebhookErrorKind,
        /// The detail: why the signature or secret was refused, or the JSON decoding error of a
        /// malformed body.
        source: Option<BoxError>,
    },
}

impl Error {
    /// The HTTP status of an [`Error::Api`], `None` for every other kind.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(status.as_u16()),
            _ => None,
        }
    }

    /// The API's error body, when the server sent the documented error model.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api { api_error, .. } => api_error.as_deref(),
            _ => None,
        }
    }

    /// The raw response body of an [`Error::Api`] or [`Error::Decode`].
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// How long the server asked to wait before retrying (`Retry-After`), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the request timed out (connecting, waiting for the response or reading its body).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source } if source.is_timeout())
    }

    /// Whether the connection to the server could not be established.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source } if source.is_connect())
    }

    /// The error of a call the API answered with `status` and the error body `api_error`, as a
    /// real call returns it: [`Error::Api`], with the body as the server would have sent it.
    /// For fakes and stubs that stand in for the client.
    ///
    /// ```
    /// use altur_client::{ApiError, Error, StatusCode};
    ///
    /// let error = Error::api(StatusCode::NOT_FOUND, ApiError::new(404, "no such end user"))
    ///     .with_retry_after(std::time::Duration::from_secs(2));
    /// assert_eq!(error.status(), Some(404));
    /// assert_eq!(error.api_error().map(|body| body.message.as_str()), Some("no such end user"));
    /// assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(2)));
    /// ```
    pub fn api(status: StatusCode, api_error: ApiError) -> Self {
        let body = serde_json::to_vec(&api_error)
            .map(Bytes::from)
            .unwrap_or_default();
        Error::Api {
            status,
            api_error: Some(Box::new(api_error)),
            body,
            retry_after: None,
        }
    }

    /// This error with the wait a server asked for (`Retry-After`), when it is an
    /// [`Error::Api`]; any other error is returned as it is.
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        if let Error::Api { retry_after, .. } = &mut self {
            *retry_after = Some(wait);
        }
        self
    }

    /// The error of a call that timed out, as a real call returns it ([`Error::Transport`],
    /// [`is_timeout`](Self::is_timeout)). For fakes and stubs.
    ///
    /// ```
    /// let error = altur_client::Error::timeout();
    /// assert!(error.is_timeout());
    /// assert_eq!(error.to_string(), "request timed out");
    /// ```
    pub fn timeout() -> Self {
        Error::Transport {
            source: TransportError::simulated(TransportKind::Timeout),
        }
    }

    /// The error of a call that could not connect to the server ([`Error::Transport`],
    /// [`is_connect`](Self::is_connect)). For fakes and stubs.
    ///
    /// ```
    /// let error = altur_client::Error::connect();
    /// assert!(error.is_connect());
    /// ```
    pub fn connect() -> Self {
        Error::Transport {
            source: TransportError::simulated(TransportKind::Connect),
        }
    }

    /// The error of a call whose `2xx` body did not decode into `target`, the Rust type the
    /// method returns: [`Error::Decode`] with JSON's own error. For fakes and stubs.
    ///
    /// ```
    /// use altur_client::{EndUser, Error, StatusCode};
    ///
    /// let body = br#"{"id": 7}"#;
    /// let source = serde_json::from_slice::<EndUser>(body).unwrap_err();
    /// let error = Error::decode("EndUser", StatusCode::OK, body.to_vec(), source);
    /// assert_eq!(error.body(), Some(&body[..]));
    /// ```
    pub fn decode(
        target: &'static str,
        status: StatusCode,
        body: impl Into<Bytes>,
        source: serde_json::Error,
    ) -> Self {
        Error::Decode {
            target,
            status,
            body: body.into(),
            source,
        }
    }

    /// The error of a call refused before anything was sent because the value of the parameter
    /// `name` cannot be sent ([`Error::InvalidParameter`]). For fakes and stubs.
    ///
    /// ```
    /// let error = altur_client::Error::invalid_parameter("id", "is empty");
    /// assert_eq!(error.to_string(), "invalid value for parameter `id`: is empty");
    /// ```
    pub fn invalid_parameter(name: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }

    /// Why a webhook was refused, for an [`Error::Webhook`]; `None` for every other kind.
    ///
    /// ```
    /// use altur_client::webhooks::{WebhookErrorKind, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let error = verifier.verify_and_parse(None, b"{}").unwrap_err();
    /// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::MissingSignature));
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    pub fn webhook_kind(&self) -> Option<WebhookErrorKind> {
        match self {
            Error::Webhook { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    pub(crate) fn config(reason: impl Into<Cow<'static, str>>) -> Self {
        Error::Config {
            reason: reason.into(),
            source: None,
        }
    }

    pub(crate) fn config_with_source(
        reason: impl Into<Cow<'static, str>>,
        source: impl Into<BoxError>,
    ) -> Self {
        Error::Config {
            reason: reason.into(),
            source: Some(source.into()),
        }
    }
}

impl From<reqwest::Error> for Error {
    /// The URL is left out: it has the filled path, and ids can be personal data.
    fn from(source: reqwest::Error) -> Self {
        Error::Transport {
            source: TransportError::from(source),
        }
    }
}

/// Why a request could not be sent or its response not received: the source of
/// [`Error::Transport`]. Its own source, when there is one, is the HTTP client's error, without
/// the URL.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    /// `None` for the errors fakes build with [`Error::timeout`] and [`Error::connect`].
    source: Option<reqwest::Error>,
}

impl TransportError {
    fn simulated(kind: TransportKind) -> Self {
        TransportError { kind, source: None }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportKind::Timeout
    }

    /// Whether the connection to the server could not be established.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportKind::Connect
    }

    /// Whether a redirect was refused (see [`ClientBuilder`](crate::ClientBuilder#redirects)).
    pub fn is_redirect(&self) -> bool {
        self.kind == TransportKind::Redirect
    }

    /// Whether the response body broke off while it was read.
    pub fn is_body(&self) -> bool {
        self.kind == TransportKind::Body
    }
}

impl From<reqwest::Error> for TransportError {
    /// The URL is left out: it has the filled path, and ids can be personal data.
    fn from(source: reqwest::Error) -> Self {
        TransportError {
            kind: TransportKind::of(&source),
            source: Some(source.without_url()),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportKind::Timeout => "request timed out",
            TransportKind::Connect => "failed to connect to the server",
            TransportKind::Body => "failed to read the response body",
            TransportKind::Redirect => "failed to follow a redirect",
            TransportKind::Builder => "failed to build the request",
            TransportKind::HeadTooLarge => "the response head is too large",
            TransportKind::InvalidResponse => "the response is not valid HTTP",
            TransportKind::Request => "failed to send the request",
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// What kind of transport failure a `reqwest::Error` is, for messages and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportKind {
    Timeout,
    Connect,
    Body,
    Redirect,
    /// The request could not be built; nothing was sent.
    Builder,
    /// The status line and headers passed hyper's limit.
    HeadTooLarge,
    /// The server answered with something that is not an HTTP response.
    InvalidResponse,
    Request,
}

impl TransportKind {
    pub(crate) fn of(source: &reqwest::Error) -> Self {
        if let Some(parse) = hyper_error(source).filter(|error| error.is_parse()) {
            // `is_parse_too_large` exists only with hyper's server half; its text is stable.
            return if parse.to_string().contains("too large") {
                TransportKind::HeadTooLarge
            } else {
                TransportKind::InvalidResponse
            };
        }
        if source.is_timeout() {
            TransportKind::Timeout
        } else if source.is_connect() {
            TransportKind::Connect
        } else if source.is_body() || source.is_decode() {
            // reqwest reports a body that broke off while being read as a decode error; the
            // client decodes JSON itself, so a reqwest decode error is always a body error.
            TransportKind::Body
        } else if source.is_redirect() {
            TransportKind::Redirect
        } else if source.is_builder() {
            TransportKind::Builder
        } else {
            TransportKind::Request
        }
    }

    /// Whether the failure may be gone on the next attempt. A refused redirect or a request that
    /// could not be built would fail the same way again.
    pub(crate) fn is_transient(self) -> bool {
        !matches!(self, TransportKind::Redirect | TransportKind::Builder)
    }

    /// One word for logs; unlike the error's own text, it never has the URL.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TransportKind::Timeout => "timeout",
            TransportKind::Connect => "connect",
            TransportKind::Body => "body",
            TransportKind::Redirect => "redirect",
            TransportKind::Builder => "builder",
            TransportKind::HeadTooLarge => "head_too_large",
            TransportKind::InvalidResponse => "invalid_response",
            TransportKind::Request => "request",
        }
    }
}

/// The hyper error under a reqwest one, if there is one.
fn hyper_error(error: &reqwest::Error) -> Option<&hyper::Error> {
    let mut source = std::error::Error::source(error);
    while let Some(error) = source {
        if let Some(hyper) = error.downcast_ref::<hyper::Error>() {
            return Some(hyper);
        }
        source = error.source();
    }
    None
}

/// Why a webhook was refused: the kind of an [`Error::Webhook`], from
/// [`Error::webhook_kind`]. Also at `altur_client::webhooks::WebhookErrorKind`.
///
/// ```
/// use altur_client::webhooks::{WebhookErrorKind, WebhookVerifier};
///
/// let verifier = WebhookVerifier::new("c2VjcmV0")?;
/// let error = verifier.verify_and_parse(Some("bm90IGl0"), b"{}").unwrap_err();
/// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::InvalidSignature));
/// assert_eq!(error.to_string(), "invalid webhook signature");
/// # Ok::<(), altur_client::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookErrorKind {
    /// The request has no `X-Altur-Signature` header, or an empty one. Answer `401`.
    MissingSignature,
    /// The signature is not in the scheme's encoding, has the wrong length, or does not match
    /// the body: the request did not come from Altur with this secret, or was altered. Answer
    /// `401`.
    InvalidSignature,
    /// The secret given to [`WebhookVerifier`](crate::webhooks::WebhookVerifier) cannot be used: empty, or not base64 for the
    /// newer scheme. A configuration error, not the sender's.
    InvalidSecret,
    /// The signature matched but the body is not a webhook payload: not a JSON object, or a
    /// known event without its documented shape. Answer `400`.
    MalformedBody,
}

impl fmt::Display for WebhookErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WebhookErrorKind::MissingSignature => "missing webhook signature",
            WebhookErrorKind::InvalidSignature => "invalid webhook signature",
            WebhookErrorKind::InvalidSecret => "invalid webhook secret",
            WebhookErrorKind::MalformedBody => "malformed webhook body",
        })
    }
}

struct DisplayApi<'a> {
    status: StatusCode,
    api_error: Option<&'a ApiError>,
    retry_after: Option<Duration>,
}

impl fmt::Display for DisplayApi<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "api returned {}", self.status)?;
        if let Some(api_error) = self.api_error {
            if let Some(ErrorCode::Text(code)) = &api_error.code {
                write!(f, " {}", Escaped(code))?;
            }
            if !api_error.message.is_empty() {
                write!(f, ": {}", Escaped(&api_error.message))?;
            }
        }
        if let Some(retry_after) = self.retry_after {
            // Whole seconds, rounded up, so that waiting that long is always enough.
            let seconds = retry_after
                .as_secs()
                .saturating_add(u64::from(retry_after.subsec_nanos() > 0));
            write!(f, " (the server asked to retry after {seconds} s)")?;
        }
        Ok(())
    }
}

/// Server text written so that it stays on one line and cannot steer a terminal: control
/// characters, line and paragraph separators and bidirectional overrides are written as escapes
/// (`\n`, `\u{1b}`), everything else as is.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl Escaped<'_> {
    /// Whether `c` is written as an escape.
    pub(crate) fn needs_escape(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(Self::needs_escape) {
            f.write_str(&rest[..at])?;
            let mut chars = rest[at..].chars();
            if let Some(c) = chars.next() {
                match c {
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    c => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                }
            }
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

/// The API's error body: `{"error": 123, "message": "..."}` in the published spec, with string codes
/// (`"INVALID_STATUS_TRANSITION"`) and extra keys (`field`, `current_status`, `valid_targets`) on
/// newer endpoints.
///
/// Decoding is lenient: `error` may be an integer or a string (`code` is accepted as its alias),
/// a nested `{"error": {"code": .., "message": ..}}` is unwrapped, and any other key lands in
/// [`details`](Self::details). At least a code or a message must be present.
///
/// ```
/// use altur_client::{ApiError, ErrorCode};
///
/// let old: ApiError = serde_json::from_str(r#"{"error": 404, "message": "EndUser not found"}"#)?;
/// assert_eq!(old.code, Some(ErrorCode::Number(404)));
///
/// let new: ApiError = serde_json::from_str(
///     r#"{"error": "INVALID_STATUS_TRANSITION", "message": "no", "current_status": "active"}"#,
/// )?;
/// assert_eq!(new.code.as_ref().and_then(ErrorCode::as_str), Some("INVALID_STATUS_TRANSITION"));
/// assert_eq!(new.details["current_status"], "active");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The `error` key: an integer in the published spec, a string on newer endpoints.
    pub code: Option<ErrorCode>,
    /// A human-readable description. Empty when the server sent only a code.
    pub message: String,
    /// Every other key of the body.
    pub details: Map<String, Value>,
}

impl ApiError {
    /// An error body with a code and a message, as the mock server sends them.
    pub fn new(code: impl Into<ErrorCode>, message: impl Into<String>) -> Self {
        ApiError {
            code: Some(code.into()),
            message: message.into(),
            details: Map::new(),
        }
    }
}

impl<'de> Deserialize<'de> for ApiError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = Map::deserialize(deserializer)?;
        if let Some(Value::Object(nested)) = map.get("error") {
            let mut nested = nested.clone();
            map.remove("error");
            for (key, value) in map {
                nested.entry(key).or_insert(value);
            }
            map = nested;
        }
        let code = ["error", "code"].iter().find_map(|key| {
            let code = ErrorCode::from_value(map.get(*key)?)?;
            map.remove(*key);
            Some(code)
        });
        let message = match map.get("message") {
            Some(Value::String(message)) => {
                let message = message.clone();
                map.remove("message");
                Some(message)
            }
            _ => None,
        };
        if code.is_none() && message.is_none() {
            return Err(de::Error::custom(
                "expected an error object with an `error` code or a `message`",
            ));
        }
        Ok(ApiError {
            code,
            message: message.unwrap_or_default(),
            details: map,
        })
    }
}

impl Serialize for ApiError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(code) = &self.code {
            map.serialize_entry("error", code)?;
        }
        map.serialize_entry("message", &self.message)?;
        for (key, value) in &self.details {
            if key != "error" && key != "message" {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// The code of an [`ApiError`]: an integer in the published spec, a string on newer endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ErrorCode {
    /// An integer code, such as `400`.
    Number(i64),
    /// A string code, such as `"IMMUTABLE_FIELD"`.
    Text(String),
}

impl ErrorCode {
    /// The code as a string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ErrorCode::Text(code) => Some(code),
            ErrorCode::Number(_) => None,
        }
    }

    /// The code as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            ErrorCode::Number(code) => Some(*code),
            ErrorCode::Text(_) => None,
        }
    }

    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Number(number) => number.as_i64().map(ErrorCode::Number),
            Value::String(text) => Some(ErrorCode::Text(text.clone())),
            _ => None,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Number(code) => write!(f, "{code}"),
            ErrorCode::Text(code) => f.write_str(code),
        }
    }
}

impl From<i64> for ErrorCode {
    fn from(code: i64) -> Self {
        ErrorCode::Number(code)
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        ErrorCode::Text(code.to_owned())
    }
}

impl From<String> for ErrorCode {
    fn from(code: String) -> Self {
        ErrorCode::Text(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Option<ApiError> {
        serde_json::from_value(value).ok()
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static + std::error::Error>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn error_stays_small() {
        assert!(
            std::mem::size_of::<Error>() <= 96,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn integer_and_string_codes() {
        let old = parse(json!({"error": 123, "message": "bad"})).unwrap();
        assert_eq!(old.code, Some(ErrorCode::Number(123)));
        assert_eq!(old.message, "bad");
        assert!(old.details.is_empty());

        let new = parse(json!({
            "error": "IMMUTABLE_FIELD",
            "message": "agent_id cannot change",
            "field": "agent_id",
        }))
        .unwrap();
        assert_eq!(
            new.code.as_ref().and_then(ErrorCode::as_str),
            Some("IMMUTABLE_FIELD")
        );
        assert_eq!(new.details.get("field"), Some(&json!("agent_id")));
    }

    #[test]
    fn lenient_shapes() {
        let with_code = parse(json!({"code": "X", "message": "m"})).unwrap();
        assert_eq!(with_code.code, Some(ErrorCode::Text("X".into())));

        let nested = parse(json!({
            "success": false,
            "error": {"code": "INVALID_STATUS_TRANSITION", "message": "no", "valid_targets": ["pause"]},
        }))
        .unwrap();
        assert_eq!(
            nested.code,
            Some(ErrorCode::Text("INVALID_STATUS_TRANSITION".into()))
        );
        assert_eq!(nested.message, "no");
        assert_eq!(nested.details["valid_targets"], json!(["pause"]));
        assert_eq!(nested.details["success"], json!(false));

        let message_only = parse(json!({"message": "boom"})).unwrap();
        assert_eq!(message_only.code, None);

        let code_only = parse(json!({"error": 401})).unwrap();
        assert_eq!(code_only.message, "");
    }

    #[test]
    fn not_an_error_body() {
        assert!(parse(json!({"id": 1})).is_none());
        assert!(parse(json!([1, 2])).is_none());
        assert!(parse(json!({"message": 5})).is_none());
        assert!(serde_json::from_str::<ApiError>("<html>").is_err());
    }

    #[test]
    fn serializes_as_the_documented_model() {
        let mut error = ApiError::new("INVALID_STATUS_TRANSITION", "cannot pause");
        error
            .details
            .insert("current_status".into(), json!("draft"));
        let value = serde_json::to_value(&error).unwrap();
        assert_eq!(
            value,
            json!({"error": "INVALID_STATUS_TRANSITION", "message": "cannot pause", "current_status": "draft"})
        );
        assert_eq!(parse(value), Some(error));
    }

    #[test]
    fn api_error_display() {
        let error = Error::Api {
            status: StatusCode::NOT_FOUND,
            api_error: Some(Box::new(ApiError::new(404, "EndUser not found"))),
            body: Bytes::new(),
            retry_after: None,
        };
        assert_eq!(
            error.to_string(),
            "api returned 404 Not Found: EndUser not found"
        );
        assert_eq!(error.status(), Some(404));

        let error = Error::Api {
            status: StatusCode::TOO_MANY_REQUESTS,
            api_error: Some(Box::new(ApiError::new("RATE_LIMITED", "slow down"))),
            body: Bytes::new(),
            retry_after: Some(Duration::from_secs(120)),
        };
        assert_eq!(
            error.to_string(),
            "api returned 429 Too Many Requests RATE_LIMITED: slow down \
             (the server asked to retry after 120 s)"
        );

        let error = Error::Api {
            status: StatusCode::BAD_GATEWAY,
            api_error: None,
            body: Bytes::from_static(b"<html>bad gateway</html>"),
            retry_after: None,
        };
        assert_eq!(error.to_string(), "api returned 502 Bad Gateway");
        assert_eq!(error.body(), Some(&b"<html>bad gateway</html>"[..]));
        assert!(!error.is_timeout());
    }

    #[test]
    fn response_too_large_display() {
        let error = Error::ResponseTooLarge {
            limit: 1024,
            status: StatusCode::OK,
        };
        assert_eq!(
            error.to_string(),
            "response body is larger than the limit of 1024 bytes"
        );
        assert_eq!(error.status(), None);
        assert_eq!(error.body(), None);
        assert!(!error.is_timeout() && !error.is_connect());
    }
}
