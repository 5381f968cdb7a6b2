//! [`Response`]: a decoded value with the status and headers it came with.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A decoded response body together with the response's status and headers, for endpoints
/// whose headers matter (rate limits, request ids). Declare the method as returning
/// `Result<Response<T>>`.
///
/// ```
/// use altur_client::{altur_api, Response, Result};
///
/// #[altur_api]
/// trait ThreadApi {
///     #[get("/thread/<id>")]
///     async fn retrieve_thread(&self, id: &str) -> Result<Response<serde_json::Value>>;
/// }
///
/// # async fn run(client: altur_client::Client) -> Result<()> {
/// let response = client.retrieve_thread("thr_1").await?;
/// let request_id = response.headers().get("x-request-id").cloned();
/// let thread = response.into_inner();
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, value: T) -> Self {
        Response {
            status,
            headers,
            value,
        }
    }

    /// The HTTP status, always a `2xx`.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    /// The decoded body, taking it out of the response.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The decoded body with the headers, for callers that need both after the response.
    pub fn into_parts(self) -> (T, HeaderMap) {
        (self.value, self.headers)
    }
}
