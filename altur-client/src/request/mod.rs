//! [`Request`]: the request an expansion fills in from its parameters, each checked and encoded
//! before anything is sent, then handed to the [transport](crate::transport) as a prepared
//! request; and [`Decode`], which turns the response into the method's value.

mod decode;
mod path;

pub use decode::{Decode, Json, Raw, Unit, WithResponse};
pub use path::PathPart;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::transport::{self, Endpoint, PreparedRequest};
use bytes::Bytes;
use futures_util::FutureExt;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use std::borrow::Cow;
use std::time::Duration;
use uuid::Uuid;

pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The longest header value a parameter may have, in bytes; servers commonly refuse request
/// heads over 8 KiB in all.
pub(crate) const MAX_HEADER_VALUE_LEN: usize = 8 * 1024;

/// A request under construction. Every step is synchronous and copies what it needs, so the
/// future returned by [`send`](Self::send) borrows nothing but the client. The first invalid
/// parameter is kept and returned by `send` without sending anything.
#[derive(Debug)]
pub struct Request<'c> {
    client: &'c Client,
    endpoint: &'static Endpoint,
    url: String,
    /// Where the query starts in `url` (just after `?`), once there is one.
    query_start: Option<usize>,
    headers: HeaderMap,
    body: Option<Bytes>,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    has_idempotency_key: bool,
    /// The method has an `Idempotency-Key` parameter and the caller passed `None`: a key is
    /// generated when the call may be retried.
    wants_idempotency_key: bool,
    error: Option<Error>,
}

impl<'c> Request<'c> {
    /// Starts a request to the client's base URL followed by `path`.
    pub fn new(client: &'c Client, endpoint: &'static Endpoint, path: &[PathPart<'_>]) -> Self {
        let mut url = String::new();
        let error = path::push_url(&mut url, client, path).err();
        Request {
            client,
            endpoint,
            url,
            query_start: None,
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            total_timeout: None,
            has_idempotency_key: false,
            wants_idempotency_key: false,
            error,
        }
    }

    /// Replaces the client's time limit for each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Replaces the client's time limit for the whole call.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Appends constant query text, encoded at expansion time (`key=value&key2=value2`).
    pub fn query_literal(mut self, encoded: &'static str) -> Self {
        if self.error.is_none() {
            let start = self.query_start();
            if self.url.len() > start {
                self.url.push('&');
            }
            self.url.push_str(encoded);
        }
        self
    }

    /// Appends `key=value`: nothing for `None`, the key once per item for sequences.
    pub fn query<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        key: &'static str,
        value: &T,
    ) -> Self {
        self.query_serialized(name, &SinglePair { key, value })
    }

    /// Appends every field of a struct (or entry of a map) as a query pair.
    pub fn query_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.query_serialized(name, value)
    }

    fn query_serialized<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        if self.error.is_some() {
            return self;
        }
        let start = self.query_start();
        let mut encoder = form_urlencoded::Serializer::for_suffix(&mut self.url, start);
        let serialized = value
            .serialize(serde_html_form::ser::Serializer::new(&mut encoder))
            .map(drop);
        encoder.finish();
        if let Err(error) = serialized {
            self.error = Some(Error::InvalidParameter {
                name,
                reason: format!("cannot be sent in a query string: {error}").into(),
            });
        } else if self.url.len() > path::MAX_URL_LEN {
            self.error = Some(Error::InvalidParameter {
                name,
                reason: path::too_long(),
            });
        }
        self
    }

    fn query_start(&mut self) -> usize {
        match self.query_start {
            Some(start) => start,
            None => {
                self.url.push('?');
                let start = self.url.len();
                self.query_start = Some(start);
                start
            }
        }
    }

    /// Sets a header from a parameter; `None` sends no header.
    pub fn header<T: HeaderArg + ?Sized>(
        mut self,
        name: &'static str,
        header: HeaderName,
        value: &T,
    ) -> Self {
        if self.error.is_some() {
            return self;
        }
        match value.to_header_value() {
            None => self.wants_idempotency_key |= header == IDEMPOTENCY_KEY,
            Some(Ok(value)) if value.len() > MAX_HEADER_VALUE_LEN => {
                self.error = Some(Error::InvalidParameter {
                    name,
                    reason: format!(
                        "longer than {MAX_HEADER_VALUE_LEN} bytes, the limit of a header value"
                    )
                    .into(),
                });
            }
            Some(Ok(value)) => {
                self.has_idempotency_key |= header == IDEMPOTENCY_KEY;
                self.headers.insert(header, value);
            }
            Some(Err(())) => {
                self.error = Some(Error::InvalidParameter {
                    name,
                    reason: "not a valid header value (control characters such as CR or LF, or non-ASCII)"
                        .into(),
                });
            }
        }
        self
    }

    /// Sends `value` as the JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        if self.error.is_some() {
            return self;
        }
        match serde_json::to_vec(value) {
            Ok(body) => {
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                self.body = Some(Bytes::from(body));
            }
            Err(error) => {
                self.error = Some(Error::InvalidParameter {
                    name,
                    reason: format!("cannot be serialized as JSON: {error}").into(),
                });
            }
        }
        self
    }

    /// Sends the request and decodes a `2xx` response as `D` says.
    ///
    /// Not an `async fn`: the request is checked and prepared here, so the future holds the
    /// prepared request once rather than also this builder.
    ///
    /// The output is named `T` rather than `D::Output`, so that a type `D` cannot decode (one
    /// that is not `Deserialize`) is reported once, at this bound, and not again where the
    /// future's output is compared with the method's return type.
    pub fn send<T, D: Decode<Output = T>>(self) -> impl Future<Output = Result<T>> + Send + 'c {
        let client = self.client;
        let endpoint = self.endpoint;
        let transport = &client.inner.transport;
        transport::execute(transport, endpoint, self.prepare(D::ACCEPT)).map(move |response| {
            response
                .and_then(D::decode)
                .map_err(|error| transport::redact_decode_error(transport, error))
        })
    }

    fn prepare(self, accept: Option<&'static str>) -> Result<PreparedRequest> {
        let Request {
            client,
            endpoint,
            mut url,
            query_start,
            mut headers,
            body,
            timeout,
            total_timeout,
            mut has_idempotency_key,
            wants_idempotency_key,
            error,
        } = self;
        if let Some(error) = error {
            return Err(error);
        }
        // One key per call, sent unchanged on every attempt, makes the call safe to retry; a
        // call that is never retried gets none, so nothing is sent that was not asked for.
        let generated_idempotency_key = wants_idempotency_key
            && !has_idempotency_key
            && client.inner.transport.retry.max_retries > 0;
        if generated_idempotency_key {
            let key = uuid::Uuid::new_v4().hyphenated().to_string();
            if let Ok(value) = HeaderValue::from_str(&key) {
                headers.insert(IDEMPOTENCY_KEY, value);
                has_idempotency_key = true;
            }
        }
        if query_start == Some(url.len()) {
            // Every query parameter was `None`: send no `?` at all.
            url.pop();
        }
        if let Some(accept) = accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        Ok(PreparedRequest {
            url: path::parse_url(&url)?,
            headers,
            body,
            timeout,
            total_timeout,
            retry_safe: endpoint.method.is_idempotent() || has_idempotency_key,
            generated_idempotency_key,
        })
    }
}

/// `key=value` as a one-entry map, which is the form in which the serializer accepts sequences
/// and `Option`s as values.
struct SinglePair<'a, T: ?Sized> {
    key: &'static str,
    value: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for SinglePair<'_, T> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.value)?;
        map.end()
    }
}

/// Values a `#[header("..")]` parameter can have: strings, integers, `bool`, `Uuid`, references to
/// them, and `Option`s of them (`None` sends no header).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a header value",
    label = "this parameter is sent as a header",
    note = "header parameters are strings, integers, `bool` or `Uuid`, or an `Option` of one"
)]
pub trait HeaderArg {
    /// `None` to send no header, `Some(Err(()))` for a value that cannot be a header value.
    #[allow(clippy::result_unit_err)]
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>>;
}

/// Visible ASCII, spaces and tabs only: `HeaderValue` also takes bytes above 0x7F, which servers
/// would read as Latin-1 rather than the text the caller meant.
fn text_header(text: &str) -> Option<std::result::Result<HeaderValue, ()>> {
    let printable = text
        .bytes()
        .all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte));
    if !printable {
        return Some(Err(()));
    }
    Some(HeaderValue::from_str(text).map_err(|_| ()))
}

impl HeaderArg for str {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        text_header(self)
    }
}

impl HeaderArg for String {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        text_header(self)
    }
}

impl HeaderArg for Cow<'_, str> {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        text_header(self)
    }
}

impl HeaderArg for Uuid {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        text_header(self.hyphenated().encode_lower(&mut Uuid::encode_buffer()))
    }
}

impl HeaderArg for bool {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        Some(Ok(HeaderValue::from_static(if *self {
            "true"
        } else {
            "false"
        })))
    }
}

macro_rules! integer_header_args {
    ($($ty:ty)*) => {$(
        impl HeaderArg for $ty {
            fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
                Some(Ok(HeaderValue::from(*self)))
            }
        }
    )*};
}

integer_header_args!(i16 i32 i64 isize u16 u32 u64 usize);

macro_rules! formatted_header_args {
    ($($ty:ty)*) => {$(
        impl HeaderArg for $ty {
            fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
                text_header(&self.to_string())
            }
        }
    )*};
}

// `HeaderValue` has no `From` for these; they are rare enough that formatting is fine.
formatted_header_args!(i8 u8 i128 u128);

impl<T: HeaderArg + ?Sized> HeaderArg for &T {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        (**self).to_header_value()
    }
}

impl<T: HeaderArg> HeaderArg for Option<T> {
    fn to_header_value(&self) -> Option<std::result::Result<HeaderValue, ()>> {
        self.as_ref()?.to_header_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Json, Unit};
    use crate::transport::Method;
    use serde::Serialize;

    const ENDPOINT: &Endpoint = &Endpoint {
        name: "test",
        method: Method::Get,
        route: "/x",
    };

    fn client() -> Client {
        Client::builder()
            .api_key("k")
            .base_url("https://api.example.com/v1")
            .build()
            .expect("client")
    }

    fn url_of(request: Request<'_>) -> std::result::Result<String, Error> {
        if let Some(error) = request.error {
            return Err(error);
        }
        let mut url = request.url;
        if request.query_start == Some(url.len()) {
            url.pop();
        }
        Ok(path::parse_url(&url)?.into())
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Filters {
        agent_id: Option<&'static str>,
        page_size: u32,
        status: Vec<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        start_date: Option<&'static str>,
    }

    #[test]
    fn query_forms_keep_route_order() {
        let client = client();
        let filters = Filters {
            agent_id: None,
            page_size: 50,
            status: vec!["active", "paused"],
            start_date: Some("2025-01-01"),
        };
        let request = Request::new(&client, ENDPOINT, &[PathPart::Literal("/campaigns")])
            .query_literal("view=full")
            .query("page_index", "pageIndex", &2)
            .query("cursor", "cursor", &None::<&str>)
            .query("tags", "tag", &["a b", "c&d"][..])
            .query_struct("filters", &filters);
        assert_eq!(
            url_of(request).unwrap(),
            "https://api.example.com/v1/campaigns?view=full&pageIndex=2&tag=a+b&tag=c%26d\
             &pageSize=50&status=active&status=paused&startDate=2025-01-01"
        );
    }

    #[test]
    fn no_query_pairs_means_no_question_mark() {
        let client = client();
        let request = Request::new(&client, ENDPOINT, &[PathPart::Literal("/x")])
            .query("a", "a", &None::<u32>)
            .query("b", "b", &Vec::<u32>::new());
        assert_eq!(url_of(request).unwrap(), "https://api.example.com/v1/x");
    }

    #[test]
    fn unsupported_query_values_are_errors() {
        #[derive(Serialize)]
        struct Nested {
            inner: Filters,
        }
        let client = client();
        let request = Request::new(&client, ENDPOINT, &[PathPart::Literal("/x")]).query_struct(
            "nested",
            &Nested {
                inner: Filters {
                    agent_id: None,
                    page_size: 1,
                    status: vec![],
                    start_date: None,
                },
            },
        );
        let error = url_of(request).unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "nested", .. }),
            "{error:?}"
        );
    }

    #[test]
    fn headers_from_parameters() {
        let client = client();
        let header = HeaderName::from_static("x-count");
        let request = Request::new(&client, ENDPOINT, &[])
            .header("count", header.clone(), &7u32)
            .header("key", IDEMPOTENCY_KEY, &Some("abc"))
            .header("none", HeaderName::from_static("x-none"), &None::<String>);
        assert_eq!(request.headers.get("x-count").unwrap(), "7");
        assert_eq!(request.headers.get("idempotency-key").unwrap(), "abc");
        assert!(request.headers.get("x-none").is_none());
        assert!(request.has_idempotency_key);

        let absent =
            Request::new(&client, ENDPOINT, &[]).header("key", IDEMPOTENCY_KEY, &None::<&str>);
        assert!(!absent.has_idempotency_key);
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let client = client();
        for value in ["a\r\nX-Injected: 1", "a\nb", "caf\u{e9}", "nul\0"] {
            let request =
                Request::new(&client, ENDPOINT, &[]).header("key", IDEMPOTENCY_KEY, value);
            let error = url_of(request).unwrap_err();
            assert!(
                matches!(error, Error::InvalidParameter { name: "key", .. }),
                "{value:?}"
            );
            assert!(!error.to_string().contains(value));
        }
    }

    #[test]
    fn json_body_sets_content_type() {
        let client = client();
        let request =
            Request::new(&client, ENDPOINT, &[]).json("body", &serde_json::json!({"a": 1}));
        assert_eq!(request.body.as_deref(), Some(&br#"{"a":1}"#[..]));
        assert_eq!(
            request.headers.get(CONTENT_TYPE).unwrap(),
            "application/json"
        );
    }

    #[test]
    fn unserializable_body_is_an_error() {
        let client = client();
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), "tuple keys are not JSON");
        let request = Request::new(&client, ENDPOINT, &[]).json("body", &map);
        assert!(matches!(
            request.error,
            Some(Error::InvalidParameter { name: "body", .. })
        ));
    }

    #[tokio::test]
    async fn first_error_is_returned_without_sending() {
        let client = client();
        let request = Request::new(&client, ENDPOINT, &[PathPart::param("id", &"..")]).header(
            "key",
            IDEMPOTENCY_KEY,
            "a\nb",
        );
        let error = request.send::<_, Unit>().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "id", .. }),
            "{error:?}"
        );
        let request = Request::new(&client, ENDPOINT, &[]).header("key", IDEMPOTENCY_KEY, "a\nb");
        let error = request.send::<_, Json<()>>().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "key", .. }),
            "{error:?}"
        );
    }
}

/// Property tests: query values always decode back to the pairs sent, in order, and header
/// values are refused or sent unchanged, never with a line break.
#[cfg(test)]
mod properties {
    use super::*;
    use crate::transport::Method;
    use proptest::prelude::*;
    use proptest::test_runner::TestRunner;

    const ENDPOINT: &Endpoint = &Endpoint {
        name: "properties",
        method: Method::Get,
        route: "/x",
    };

    /// Keys come from the route, so they are `'static`; these include every character that
    /// means something in a query string.
    const KEYS: [&str; 8] = [
        "q",
        "a&b",
        "k=v",
        "two words",
        "plus+",
        "hash#",
        "caf\u{e9}",
        "%41",
    ];

    fn text() -> impl Strategy<Value = String> {
        let special = prop_oneof![
            Just("&"),
            Just("="),
            Just("+"),
            Just("#"),
            Just("%"),
            Just("%20"),
            Just("?"),
            Just("/"),
            Just(" "),
            Just("\r\n"),
            Just("\0"),
            Just("a"),
            Just("\u{e9}"),
            Just("\u{1F600}"),
        ];
        prop_oneof![
            any::<String>(),
            prop::collection::vec(special, 0..6).prop_map(|pieces| pieces.concat()),
        ]
    }

    #[derive(Debug, Clone)]
    enum Op {
        Text(&'static str, String),
        Optional(&'static str, Option<String>),
        Sequence(&'static str, Vec<String>),
        Integer(&'static str, i64),
        Pairs(Vec<(String, String)>),
        Literal,
    }

    fn op() -> impl Strategy<Value = Op> {
        let key = || prop::sample::select(&KEYS[..]);
        prop_oneof![
            (key(), text()).prop_map(|(k, v)| Op::Text(k, v)),
            (key(), prop::option::of(text())).prop_map(|(k, v)| Op::Optional(k, v)),
            (key(), prop::collection::vec(text(), 0..4)).prop_map(|(k, v)| Op::Sequence(k, v)),
            (key(), any::<i64>()).prop_map(|(k, v)| Op::Integer(k, v)),
            prop::collection::vec((text(), text()), 0..3).prop_map(Op::Pairs),
            Just(Op::Literal),
        ]
    }

    fn apply<'c>(
        request: Request<'c>,
        op: &Op,
        expected: &mut Vec<(String, String)>,
    ) -> Request<'c> {
        let mut expect = |key: &str, value: &str| expected.push((key.to_owned(), value.to_owned()));
        match op {
            Op::Text(key, value) => {
                expect(key, value);
                request.query("text", key, value.as_str())
            }
            Op::Optional(key, value) => {
                if let Some(value) = value {
                    expect(key, value);
                }
                request.query("optional", key, value)
            }
            Op::Sequence(key, values) => {
                for value in values {
                    expect(key, value);
                }
                request.query("sequence", key, &values[..])
            }
            Op::Integer(key, value) => {
                expect(key, &value.to_string());
                request.query("integer", key, value)
            }
            Op::Pairs(pairs) => {
                for (key, value) in pairs {
                    expect(key, value);
                }
                request.query_struct("pairs", pairs)
            }
            Op::Literal => {
                expect("view", "full");
                request.query_literal("view=full")
            }
        }
    }

    #[test]
    fn query_pairs_decode_to_what_was_sent_in_order() {
        let client = Client::builder()
            .api_key("k")
            .base_url("https://api.example.com/v1")
            .build()
            .expect("client");
        let mut runner = TestRunner::default();
        let strategy = prop::collection::vec(op(), 0..6);
        let result = runner.run(&strategy, |ops| {
            let mut expected = Vec::new();
            let mut request = Request::new(&client, ENDPOINT, &[PathPart::Literal("/x")]);
            for op in &ops {
                request = apply(request, op, &mut expected);
            }
            prop_assert!(request.error.is_none(), "{:?}", request.error);
            let mut url = request.url;
            if request.query_start == Some(url.len()) {
                url.pop();
            }
            let parsed = path::parse_url(&url);
            prop_assert!(parsed.is_ok(), "{url}");
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.as_str(), url.as_str(), "the URL was normalized");
            prop_assert_eq!(parsed.path(), "/v1/x");
            prop_assert_eq!(parsed.fragment(), None);
            if expected.is_empty() {
                prop_assert_eq!(parsed.query(), None);
            }
            let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
            prop_assert_eq!(pairs, expected, "{}", url);
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
    }

    fn header_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[ -~\t\r\n\0\u{7f}\u{80}\u{e9}\u{2028}]{0,16}",
        ]
    }

    fn check_header(text: &str, value: Option<std::result::Result<HeaderValue, ()>>) {
        match value {
            Some(Ok(value)) => {
                let bytes = value.as_bytes();
                assert!(
                    !bytes
                        .iter()
                        .any(|byte| matches!(byte, b'\r' | b'\n' | b'\0')),
                    "{text:?} was accepted as {value:?}"
                );
                assert_eq!(
                    bytes,
                    text.as_bytes(),
                    "an accepted value is sent unchanged"
                );
            }
            Some(Err(())) => assert!(
                text.bytes()
                    .any(|byte| byte != b'\t' && !(b' '..=b'~').contains(&byte)),
                "{text:?} was refused"
            ),
            None => panic!("{text:?} sent no header"),
        }
    }

    #[test]
    fn header_values_are_refused_or_sent_unchanged() {
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:1")
            .build()
            .expect("client");
        let mut runner = TestRunner::default();
        let result = runner.run(&header_text(), |text| {
            check_header(&text, text.to_header_value());
            check_header(&text, text.as_str().to_header_value());
            check_header(&text, Cow::Borrowed(text.as_str()).to_header_value());
            check_header(&text, Some(&text).to_header_value());

            let name = HeaderName::from_static("x-probe");
            let request = Request::new(&client, ENDPOINT, &[]).header("probe", name, &text);
            match (&request.error, request.headers.get("x-probe")) {
                (None, Some(value)) => prop_assert_eq!(value.as_bytes(), text.as_bytes()),
                (Some(Error::InvalidParameter { name: "probe", .. }), None) => {}
                (error, value) => prop_assert!(false, "{error:?} and {value:?}"),
            }
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
    }
}
