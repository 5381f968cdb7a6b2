//! `/enduser`: EndUsers kept in a map.

use super::service::{MockRequest, MockResponse, error, json, method_not_allowed};
use super::{State, lock};
use hyper::{Method, StatusCode};
use uuid::Uuid;

pub(super) fn route(state: &State, request: &MockRequest) -> Option<MockResponse> {
    let [_, id] = request.segments.as_slice() else {
        return None;
    };
    if id.is_empty() {
        return None;
    }
    if request.method != Method::GET {
        return Some(method_not_allowed("GET"));
    }
    let Ok(id) = Uuid::parse_str(id) else {
        return Some(error(
            StatusCode::BAD_REQUEST,
            "invalid EndUser id: expected a UUID",
        ));
    };
    Some(match lock(&state.endusers).get(&id) {
        Some(user) => json(StatusCode::OK, user),
        None => error(StatusCode::NOT_FOUND, "EndUser not found"),
    })
}
