//! [`Request`]: what an expansion fills in, from its parameters, before sending.

use super::decode::Decode;
use super::path::{self, PathPart};
use super::{Endpoint, HeaderName};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::{self, Prepared};
use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;
use std::borrow::Cow;
use std::time::Duration;
use uuid::Uuid;

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

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
    has_idempotency_key: bool,
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
            has_idempotency_key: false,
            error,
        }
    }

    /// Replaces the client's time limit for each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
            None => {}
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
    pub async fn send<D: Decode>(self) -> Result<D::Output> {
        let Request {
            client,
            endpoint,
            mut url,
            query_start,
            mut headers,
            body,
            timeout,
            has_idempotency_key,
            error,
        } = self;
        if let Some(error) = error {
            return Err(error);
        }
        if query_start == Some(url.len()) {
            // Every query parameter was `None`: send no `?` at all.
            url.pop();
        }
        if let Some(accept) = D::ACCEPT {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        let prepared = Prepared {
            url: path::parse_url(&url)?,
            headers,
            body,
            timeout,
            retry_safe: endpoint.method.is_idempotent() || has_idempotency_key,
        };
        let response = request::execute(client, endpoint, prepared).await?;
        D::decode(response)
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
    use crate::__private::{Json, Method, Unit};
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
        let error = request.send::<Unit>().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "id", .. }),
            "{error:?}"
        );
        let request = Request::new(&client, ENDPOINT, &[]).header("key", IDEMPOTENCY_KEY, "a\nb");
        let error = request.send::<Json<()>>().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "key", .. }),
            "{error:?}"
        );
    }
}
