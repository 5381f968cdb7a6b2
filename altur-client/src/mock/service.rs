//! Routing and responses of the mock server: plain functions from a request to a response.

use super::{State, lock};
use crate::ApiError;
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use std::sync::atomic::Ordering;
use uuid::Uuid;

/// The path prefix of every route, as in the production base URL.
pub(super) const BASE_PATH: &str = "/api/v1.0";

const ENDUSER_PREFIX: &str = "/api/v1.0/enduser/";

/// Answers one request. Never panics, whatever the request holds.
pub(super) fn respond<B>(state: &State, request: &Request<B>) -> Response<Full<Bytes>> {
    state.requests.fetch_add(1, Ordering::SeqCst);

    let Some(segment) = enduser_segment(request.uri().path()) else {
        return error(StatusCode::NOT_FOUND, "not found");
    };
    if request.method() != Method::GET {
        let mut response = error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed; this endpoint accepts GET",
        );
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET"));
        return response;
    }
    if !is_authorized(state, request.headers().get(AUTHORIZATION)) {
        return error(
            StatusCode::UNAUTHORIZED,
            "missing or invalid API key; send `Authorization: api-key <key>`",
        );
    }
    let Some(id) = parse_id(segment) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid EndUser id: expected a UUID",
        );
    };
    match lock(&state.endusers).get(&id) {
        Some(user) => json(StatusCode::OK, user),
        None => error(StatusCode::NOT_FOUND, "EndUser not found"),
    }
}

/// The raw `{id}` of `/api/v1.0/enduser/{id}`, when the path is exactly that with a non-empty id.
fn enduser_segment(path: &str) -> Option<&str> {
    path.strip_prefix(ENDUSER_PREFIX)
        .filter(|segment| !segment.is_empty() && !segment.contains('/'))
}

fn is_authorized(state: &State, header: Option<&HeaderValue>) -> bool {
    header
        .and_then(|value| value.as_bytes().strip_prefix(b"api-key "))
        .is_some_and(|key| key == state.api_key.as_bytes())
}

fn parse_id(segment: &str) -> Option<Uuid> {
    let decoded = percent_decode_str(segment).decode_utf8().ok()?;
    Uuid::parse_str(&decoded).ok()
}

fn error(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    json(status, &ApiError::new(i64::from(status.as_u16()), message))
}

fn json(status: StatusCode, value: &impl Serialize) -> Response<Full<Bytes>> {
    let (status, body) = match serde_json::to_vec(value) {
        Ok(body) => (status, body),
        // Unreachable with the crate's models, but a mock must not panic on it either.
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            br#"{"error":500,"message":"failed to encode the response"}"#.to_vec(),
        ),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EndUser;
    use http_body_util::BodyExt;
    use serde_json::{Value, json};
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::AtomicU64;

    const ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
    const KEY: Option<&[u8]> = Some(b"api-key k3y");

    fn state() -> State {
        let id = Uuid::parse_str(ID).expect("a valid id");
        State {
            api_key: "k3y".into(),
            endusers: Mutex::new(HashMap::from([(id, EndUser::new(id, "Ada"))])),
            requests: AtomicU64::new(0),
            connections: AtomicU64::new(0),
        }
    }

    fn call(
        state: &State,
        method: Method,
        path: &str,
        auth: Option<&[u8]>,
    ) -> Response<Full<Bytes>> {
        let mut request = Request::new(());
        *request.method_mut() = method;
        *request.uri_mut() = path.parse().expect("a valid test path");
        if let Some(auth) = auth {
            let value = HeaderValue::from_bytes(auth).expect("a valid test header");
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        let response = respond(state, &request);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        response
    }

    fn status(state: &State, method: Method, path: &str, auth: Option<&[u8]>) -> u16 {
        call(state, method, path, auth).status().as_u16()
    }

    async fn body(state: &State, path: &str) -> Value {
        let response = call(state, Method::GET, path, KEY);
        let bytes = match response.into_body().collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(never) => match never {},
        };
        serde_json::from_slice(&bytes).expect("a JSON body")
    }

    #[test]
    fn routes() {
        let state = state();
        let get = |path: &str| status(&state, Method::GET, path, KEY);
        assert_eq!(get(&format!("/api/v1.0/enduser/{ID}")), 200);
        assert_eq!(get(&format!("/api/v1.0/enduser/{ID}?x=1")), 200);
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
            "/api/v1.0/enduser",
            "/api/v1.0/enduser/",
            &format!("/api/v1.0/enduser/{ID}/"),
            &format!("/api/v1.0/enduser/{ID}/extra"),
            &format!("/enduser/{ID}"),
            &format!("/api/v2.0/enduser/{ID}"),
        ] {
            assert_eq!(get(path), 404, "{path}");
        }
        let path = format!("/api/v1.0/enduser/{ID}");
        for method in [Method::POST, Method::PUT, Method::DELETE, Method::HEAD] {
            let response = call(&state, method.clone(), &path, KEY);
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method}"
            );
            assert_eq!(response.headers()[ALLOW], "GET");
        }
        assert_eq!(state.requests.load(Ordering::SeqCst), 21);
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

    #[tokio::test]
    async fn bodies_are_the_documented_models() {
        let state = state();
        assert_eq!(
            body(&state, &format!("/api/v1.0/enduser/{ID}")).await,
            json!({"id": ID, "display_name": "Ada"})
        );
        assert_eq!(
            body(&state, "/api/v1.0/enduser/x").await,
            json!({"error": 400, "message": "invalid EndUser id: expected a UUID"})
        );
        assert_eq!(
            body(&state, &format!("/api/v1.0/enduser/{}", Uuid::nil())).await,
            json!({"error": 404, "message": "EndUser not found"})
        );
        assert_eq!(
            body(&state, "/elsewhere").await,
            json!({"error": 404, "message": "not found"})
        );
    }
}
