//! Routing and the helpers every resource module answers with: plain functions from a request
//! to a response.

use super::contract::{self, Contract, Operation, Violation};
use super::stubs::{self, Fault};
use super::{State, campaigns, conversations, enduser, lock};
use crate::models::Timestamp;
use crate::{ApiError, ErrorCode};
use bytes::Bytes;
use chrono::{DateTime, SubsecRound, Utc};
use http_body_util::{BodyExt, Limited};
use hyper::header::{ALLOW, AUTHORIZATION, CONNECTION, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Duration;
use std::time::SystemTime;

/// The path prefix of every route, as in the production base URL.
pub(super) const BASE_PATH: &str = "/api/v1.0";

/// Request bodies larger than this are refused with 413, so a test cannot exhaust memory.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// A whole response, its body in memory, so that it can be checked before it is sent.
pub(super) type MockResponse = Response<Bytes>;

/// A request with its body read and its path split, as the resource modules see it.
#[allow(dead_code)] // Read by the resource modules that take queries, headers and bodies.
pub(super) struct MockRequest {
    pub(super) method: Method,
    /// The percent-decoded segments after `/api/v1.0`, such as `["campaigns", "42", "contacts"]`.
    pub(super) segments: Vec<String>,
    /// The decoded query pairs, in order.
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    /// How the resource family spells error codes.
    pub(super) errors: ErrorForm,
}

/// The two forms of the error model the documentation shows, one per resource family.
#[derive(Debug, Clone, Copy)]
pub(super) enum ErrorForm {
    /// `{"error": 400, "message": ..}`: the published Error model, with an integer code, of
    /// `/enduser`, `/message`, `/thread` and `/call`.
    Numeric,
    /// `{"error": "INVALID_REQUEST", "message": ..}`: the string codes documented for the
    /// campaign endpoints.
    Named,
}

impl ErrorForm {
    /// A 400 for a request that does not validate.
    pub(super) fn invalid(self, message: &str) -> MockResponse {
        match self {
            ErrorForm::Numeric => error(StatusCode::BAD_REQUEST, message),
            ErrorForm::Named => {
                error_with_code(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message)
            }
        }
    }

    /// The 400 for a request that breaks the OpenAPI document; in the string-code form, with the
    /// code the operation's documented 400s give.
    fn refusal(self, operation: &Operation, violation: &Violation) -> MockResponse {
        match self {
            ErrorForm::Numeric => error(StatusCode::BAD_REQUEST, violation.message()),
            ErrorForm::Named => error_with_code(
                StatusCode::BAD_REQUEST,
                operation.invalid_request_code(),
                violation.message(),
            ),
        }
    }
}

#[allow(dead_code)] // Read by the resource modules that take queries, headers and bodies.
impl MockRequest {
    /// The first value of a query key.
    pub(super) fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of a query key, for repeated keys.
    pub(super) fn query_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.query
            .iter()
            .filter(move |(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body as JSON, or the 400 to answer with.
    // The error is the response itself, so handlers can `?` it; the mock is not a hot path.
    #[allow(clippy::result_large_err)]
    pub(super) fn json<T: DeserializeOwned>(&self) -> Result<T, MockResponse> {
        serde_json::from_slice(&self.body)
            .map_err(|error| self.invalid(&format!("invalid request body: {error}")))
    }

    /// A 400 for a request that does not validate, in the error form of its resource family.
    pub(super) fn invalid(&self, message: &str) -> MockResponse {
        self.errors.invalid(message)
    }
}

/// Reads the body (up to [`MAX_BODY`], within `body_read_timeout`) and answers. Never panics,
/// whatever the request holds.
pub(super) async fn handle(
    state: &State,
    request: Request<hyper::body::Incoming>,
    body_read_timeout: Duration,
) -> (MockResponse, Option<Fault>) {
    let (parts, body) = request.into_parts();
    let collected = tokio::time::timeout(body_read_timeout, Limited::new(body, MAX_BODY).collect());
    let body = match collected.await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(_)) => {
            state.requests.fetch_add(1, Ordering::SeqCst);
            let response = error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body too large or broken",
            );
            return (response, None);
        }
        Err(_elapsed) => {
            state.requests.fetch_add(1, Ordering::SeqCst);
            let mut response = error(
                StatusCode::REQUEST_TIMEOUT,
                "request body not received in time",
            );
            // The rest of the body may still come; closing is simpler than reading past it.
            response
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
            return (response, None);
        }
    };
    let request = Request::from_parts(parts, body);
    stubs::log(state, &request);
    if let Some(answer) = stubs::answer(state, &request) {
        state.requests.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(answer.delay).await;
        return (answer.response, answer.fault);
    }
    (respond(state, &request), None)
}

/// Answers one request whose body has been read: the routing of [`answer`], and the check of the
/// answer against the OpenAPI document when the server checks responses. (The `408` and `413`
/// of [`handle`] are about the connection, not an operation, and are not checked.)
pub(super) fn respond(state: &State, request: &Request<Bytes>) -> MockResponse {
    state.requests.fetch_add(1, Ordering::SeqCst);
    let Some(path) = request
        .uri()
        .path()
        .strip_prefix(BASE_PATH)
        .filter(|path| path.starts_with('/'))
    else {
        return no_route(state, request);
    };
    let contract = match contract::altur() {
        Ok(contract) => contract,
        Err(broken) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("the mock cannot serve: {broken}"),
            );
        }
    };
    let operation = contract.operation(request.method(), path);
    let (response, refusal) = answer(state, request, path, operation);
    match (&state.response_violations, operation) {
        (Some(violations), Some(operation)) => {
            checked(contract, violations, request, operation, refusal, response)
        }
        _ => response,
    }
}

/// `response` if it matches what `operation` declares (`refusal`: it refuses a request that
/// breaks the document); otherwise a `500` naming the mismatch, also recorded in `violations`.
fn checked(
    contract: &Contract,
    violations: &Mutex<Vec<String>>,
    request: &Request<Bytes>,
    operation: &Operation,
    refusal: bool,
    response: MockResponse,
) -> MockResponse {
    let (status, headers, body) = (response.status(), response.headers(), response.body());
    let Err(violation) = contract.check_response(operation, refusal, status, headers, body) else {
        return response;
    };
    let report = format!(
        "{} {} answered {}, which breaks `{}`: {violation}",
        request.method(),
        request.uri(),
        status.as_u16(),
        operation.id()
    );
    lock(violations).push(report.clone());
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!("the mock's response does not match its OpenAPI document: {report}"),
    )
}

/// Routes a request for `path` (what follows the base path), answering `404` for paths outside
/// the known resources, then `401` without the key, then `400` for a request that breaks
/// `operation` (a refusal, told by the `true` returned with it), then what the handlers answer.
fn answer(
    state: &State,
    request: &Request<Bytes>,
    path: &str,
    operation: Option<&Operation>,
) -> (MockResponse, bool) {
    let segments: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
        .collect();
    type Route = fn(&State, &MockRequest) -> Option<MockResponse>;
    let (route, errors): (Route, ErrorForm) = match segments.first().map(String::as_str) {
        Some("enduser") => (enduser::route, ErrorForm::Numeric),
        Some("message" | "thread" | "call") => (conversations::route, ErrorForm::Numeric),
        Some("campaigns") => (campaigns::route, ErrorForm::Named),
        _ => return (no_route(state, request), false),
    };
    // The key is checked before anything else, so a caller without it learns nothing, not even
    // which parameters an operation takes.
    if !is_authorized(state, request.headers().get(AUTHORIZATION)) {
        let response = error(
            StatusCode::UNAUTHORIZED,
            "missing or invalid API key; send `Authorization: api-key <key>`",
        );
        return (response, false);
    }
    // A path the document does not have is no route, which a 404 must not let pass for a
    // missing resource; a path it has with another method is left to the handlers' `405`.
    if operation.is_none()
        && let Ok(contract) = contract::altur()
        && !contract.has_path(path)
    {
        return (no_route(state, request), false);
    }
    if let Some(operation) = operation
        && let Err(violation) = operation.check_request(path, request)
    {
        return (errors.refusal(operation, &violation), true);
    }
    let query = request
        .uri()
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let mock_request = MockRequest {
        method: request.method().clone(),
        segments,
        query,
        headers: request.headers().clone(),
        body: request.body().clone(),
        errors,
    };
    (route(state, &mock_request).unwrap_or_else(not_found), false)
}

fn is_authorized(state: &State, header: Option<&HeaderValue>) -> bool {
    header
        .and_then(|value| value.as_bytes().strip_prefix(b"api-key "))
        .is_some_and(|key| key == state.api_key.as_bytes())
}

/// How many routes the `404` of a request that matches none suggests.
const SUGGESTED_ROUTES: usize = 3;

/// The `404` of a request that matches no route, neither Altur's nor a stub's: it says so and
/// names the nearest routes, so that it is never mistaken for a missing resource.
fn no_route(state: &State, request: &Request<Bytes>) -> MockResponse {
    let method = request.method().as_str();
    let path = request.uri().path();
    if let Some(stubbed) = stubs::stubbed_route_of(state, request) {
        let message = format!(
            "no stub matches `{method} {path}`: {stubbed} is stubbed for other arguments (or has \
             answered as many times as it may); add a stub for these, or use `any_arguments()`"
        );
        return error_with_code(
            StatusCode::NOT_FOUND,
            ErrorCode::Text("NO_STUB".to_owned()),
            &message,
        );
    }
    let mut routes: Vec<String> = contract::altur()
        .map(|contract| {
            contract
                .routes()
                .into_iter()
                .filter_map(|route| {
                    let (verb, template) = route.split_once(' ')?;
                    Some(format!("{verb} {BASE_PATH}{template}"))
                })
                .collect()
        })
        .unwrap_or_default();
    routes.extend(stubs::stubbed_routes(state));
    routes.sort();
    routes.dedup();
    // Segment by segment: a placeholder fits any segment, a literal costs its edit distance to
    // the segment sent, and each missing or extra segment costs its length.
    let sent: Vec<&str> = path.split('/').collect();
    let mut scored: Vec<(usize, bool, &String)> = routes
        .iter()
        .filter_map(|route| {
            let (verb, template) = route.split_once(' ')?;
            let expected: Vec<&str> = template.split('/').collect();
            let aligned: usize = expected
                .iter()
                .zip(&sent)
                .map(|(expected, sent)| {
                    if expected.starts_with('<') && !sent.is_empty() {
                        0
                    } else {
                        strsim::levenshtein(expected, sent)
                    }
                })
                .sum();
            let (longer, shorter) = if expected.len() > sent.len() {
                (&expected, sent.len())
            } else {
                (&sent, expected.len())
            };
            let unaligned: usize = longer[shorter..]
                .iter()
                .map(|segment| segment.len() + 1)
                .sum();
            Some((aligned + unaligned, verb != method, route))
        })
        .collect();
    scored.sort();
    let nearest: Vec<String> = scored
        .iter()
        .take(SUGGESTED_ROUTES)
        .map(|(_, _, route)| format!("`{route}`"))
        .collect();
    let message = format!(
        "no route matches `{method} {path}`: it is neither an Altur operation nor a stub; the \
         nearest routes are {}",
        nearest.join(", ")
    );
    error_with_code(
        StatusCode::NOT_FOUND,
        ErrorCode::Text("NO_ROUTE".to_owned()),
        &message,
    )
}

pub(super) fn not_found() -> MockResponse {
    error(StatusCode::NOT_FOUND, "not found")
}

/// 405 with the `Allow` header.
pub(super) fn method_not_allowed(allow: &'static str) -> MockResponse {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("method not allowed; this endpoint accepts {allow}"),
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

/// The documented error model with the status as its integer code.
pub(super) fn error(status: StatusCode, message: &str) -> MockResponse {
    json(status, &ApiError::new(i64::from(status.as_u16()), message))
}

/// The error model with a string code, as the newer endpoints send.
pub(super) fn error_with_code(
    status: StatusCode,
    code: impl Into<ErrorCode>,
    message: &str,
) -> MockResponse {
    json(status, &ApiError::new(code, message))
}

pub(super) fn json(status: StatusCode, value: &impl Serialize) -> MockResponse {
    let (status, body) = match serde_json::to_vec(value) {
        Ok(body) => (status, body),
        // Unreachable with the crate's models, but a mock must not panic on it either.
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            br#"{"error":500,"message":"failed to encode the response"}"#.to_vec(),
        ),
    };
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// An E.164 phone number: `+` and 2 to 15 digits, the first not `0`. The API documents
/// `format: e164` for `phone_number_to`; the mock applies the same rule to campaign contacts.
pub(super) fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|digits| {
        (2..=15).contains(&digits.len())
            && digits.bytes().all(|byte| byte.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// The time now, to the millisecond, as the API's timestamps are.
pub(super) fn now() -> Timestamp {
    let now = DateTime::<Utc>::from(SystemTime::now()).trunc_subsecs(3);
    Timestamp::from(now.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EndUser;
    use serde_json::{Value, json};
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::AtomicU64;
    use uuid::Uuid;

    const ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
    const KEY: Option<&[u8]> = Some(b"api-key k3y");

    fn state() -> State {
        let id = Uuid::parse_str(ID).expect("a valid id");
        State {
            api_key: "k3y".into(),
            endusers: Mutex::new(HashMap::from([(id, EndUser::new(id, "Ada"))])),
            conversations: Mutex::default(),
            campaigns: Mutex::default(),
            requests: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            response_violations: Some(Mutex::default()),
            stubs: Mutex::default(),
            stopped: std::sync::atomic::AtomicBool::new(false),
            received: Mutex::default(),
        }
    }

    /// Sends one request, and asserts that the answer is JSON and matches the OpenAPI document.
    fn call(state: &State, method: Method, path: &str, auth: Option<&[u8]>) -> MockResponse {
        let mut request = Request::new(Bytes::new());
        *request.method_mut() = method;
        *request.uri_mut() = path.parse().expect("a valid test path");
        if let Some(auth) = auth {
            let value = HeaderValue::from_bytes(auth).expect("a valid test header");
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        let response = respond(state, &request);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        if let Some(violations) = &state.response_violations {
            assert_eq!(*lock(violations), Vec::<String>::new());
        }
        response
    }

    fn status(state: &State, method: Method, path: &str, auth: Option<&[u8]>) -> u16 {
        call(state, method, path, auth).status().as_u16()
    }

    fn body(state: &State, path: &str) -> Value {
        let response = call(state, Method::GET, path, KEY);
        serde_json::from_slice(response.body()).expect("a JSON body")
    }

    #[test]
    fn routes() {
        let state = state();
        let get = |path: &str| status(&state, Method::GET, path, KEY);
        assert_eq!(get(&format!("/api/v1.0/enduser/{ID}")), 200);
        // `retrieve_enduser` declares no query parameter.
        assert_eq!(get(&format!("/api/v1.0/enduser/{ID}?x=1")), 400);
        let encoded = ID.replace('-', "%2D");
        assert_eq!(get(&format!("/api/v1.0/enduser/{encoded}")), 200);
        assert_eq!(get(&format!("/api/v1.0/enduser/{}", Uuid::nil())), 404);
        for malformed in ["not-a-uuid", "%FF%FE", "%2F", "%", "3f2b8c1e"] {
            assert_eq!(
                get(&format!("/api/v1.0/enduser/{malformed}")),
                400,
                "{malformed}"
            );
        }
        for path in [
            "/",
            "/api/v1.0",
            "/api/v1.0/enduser/",
            &format!("/api/v1.0/enduser/{ID}/"),
            &format!("/api/v1.0/enduser/{ID}/extra"),
            &format!("/enduser/{ID}"),
            &format!("/api/v2.0/enduser/{ID}"),
        ] {
            assert_eq!(get(path), 404, "{path}");
        }
        let path = format!("/api/v1.0/enduser/{ID}");
        for (path, methods, allow) in [
            (
                path.as_str(),
                &[Method::POST, Method::DELETE, Method::HEAD, Method::PATCH][..],
                "GET, PUT",
            ),
            (
                "/api/v1.0/enduser",
                &[Method::GET, Method::PUT, Method::DELETE][..],
                "POST",
            ),
        ] {
            for method in methods {
                let response = call(&state, method.clone(), path, KEY);
                assert_eq!(
                    response.status(),
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
                assert_eq!(response.headers()[ALLOW], allow);
            }
        }
        // PUT and POST are routed; an empty body is not JSON.
        assert_eq!(status(&state, Method::PUT, &path, KEY), 400);
        assert_eq!(status(&state, Method::POST, "/api/v1.0/enduser", KEY), 400);
        assert_eq!(state.requests.load(Ordering::SeqCst), 25);
    }

    #[test]
    fn authorization() {
        let state = state();
        let path = format!("/api/v1.0/enduser/{ID}");
        for auth in [
            None,
            Some(&b""[..]),
            Some(b"k3y"),
            Some(b"api-key"),
            Some(b"api-key "),
            Some(b"api-key k3"),
            Some(b"api-key k3y "),
            Some(b"Bearer k3y"),
            Some(b"api-key \xffk3y"),
        ] {
            assert_eq!(status(&state, Method::GET, &path, auth), 401, "{auth:?}");
        }
        // The key is checked before the id, so a caller without the key learns nothing about ids.
        assert_eq!(
            status(&state, Method::GET, "/api/v1.0/enduser/nope", None),
            401
        );
    }

    #[test]
    fn a_response_outside_the_document_becomes_a_recorded_500() {
        let state = state();
        let contract = contract::altur().expect("the document compiles");
        let path = format!("/enduser/{ID}");
        let operation = contract
            .operation(&Method::GET, &path)
            .expect("retrieve_enduser");
        let mut request = Request::new(Bytes::new());
        *request.uri_mut() = format!("{BASE_PATH}{path}").parse().expect("a valid path");
        let violations = state.response_violations.as_ref().expect("checking");

        let ada = json(StatusCode::OK, &json!({"id": ID, "display_name": "Ada"}));
        let passed = checked(contract, violations, &request, operation, false, ada);
        assert_eq!(passed.status(), StatusCode::OK);
        assert!(lock(violations).is_empty());

        let nameless = json(StatusCode::OK, &json!({"id": ID}));
        let replaced = checked(contract, violations, &request, operation, false, nameless);
        assert_eq!(replaced.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let report = format!(
            "GET /api/v1.0/enduser/{ID} answered 200, which breaks `retrieve_enduser`: response \
             body: \"display_name\" is a required property"
        );
        assert_eq!(lock(violations).as_slice(), std::slice::from_ref(&report));
        let body: Value = serde_json::from_slice(replaced.body()).expect("a JSON body");
        let message = format!("the mock's response does not match its OpenAPI document: {report}");
        assert_eq!(body, json!({"error": 500, "message": message}));

        // A refusal of a broken request only has to be in the error model.
        let refusal = error(StatusCode::BAD_REQUEST, "no");
        let passed = checked(contract, violations, &request, operation, true, refusal);
        assert_eq!(passed.status(), StatusCode::BAD_REQUEST);
        let unrefused = error(StatusCode::CONFLICT, "no");
        let replaced = checked(contract, violations, &request, operation, false, unrefused);
        assert_eq!(replaced.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(lock(violations).len(), 2);
    }

    #[test]
    fn bodies_are_the_documented_models() {
        let state = state();
        assert_eq!(
            body(&state, &format!("/api/v1.0/enduser/{ID}")),
            json!({"id": ID, "display_name": "Ada"})
        );
        assert_eq!(
            body(&state, "/api/v1.0/enduser/x"),
            json!({"error": 400, "message": "path parameter `id`: \"x\" is not a \"uuid\""})
        );
        assert_eq!(
            body(&state, &format!("/api/v1.0/enduser/{}", Uuid::nil())),
            json!({"error": 404, "message": "EndUser not found"})
        );
        let elsewhere = body(&state, "/elsewhere");
        assert_eq!(elsewhere["error"], "NO_ROUTE");
        assert!(
            elsewhere["message"]
                .as_str()
                .is_some_and(|message| message.starts_with("no route matches `GET /elsewhere`")),
            "{elsewhere}"
        );
    }
}
