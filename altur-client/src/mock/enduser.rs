//! `/enduser`: EndUsers kept in a map.

use super::service::{MockRequest, MockResponse, error, json, method_not_allowed};
use super::{State, lock};
use crate::EndUser;
use crate::models::EndUserData;
use hyper::{Method, StatusCode};
use uuid::Uuid;

pub(super) fn route(state: &State, request: &MockRequest) -> Option<MockResponse> {
    match request.segments.as_slice() {
        [_] if request.method == Method::POST => Some(create(state, request)),
        [_] => Some(method_not_allowed("POST")),
        [_, id] if id.is_empty() => None,
        [_, id] => Some(match request.method {
            Method::GET => retrieve(state, id),
            Method::PUT => update(state, id, request),
            _ => method_not_allowed("GET, PUT"),
        }),
        _ => None,
    }
}

/// `POST /enduser`: both fields are optional, as documented; a missing name is stored empty.
fn create(state: &State, request: &MockRequest) -> MockResponse {
    let data: EndUserData = match request.json() {
        Ok(data) => data,
        Err(response) => return response,
    };
    let mut endusers = lock(&state.endusers);
    let id = loop {
        // A version 4 UUID from `fastrand`, as the `uuid` crate's `v4` feature is not enabled.
        let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
        if !endusers.contains_key(&id) {
            break id;
        }
    };
    let mut user = EndUser::new(id, data.display_name.unwrap_or_default());
    user.info = data.info;
    endusers.insert(id, user.clone());
    json(StatusCode::OK, &user)
}

fn retrieve(state: &State, id: &str) -> MockResponse {
    let Some(id) = parse_id(id) else {
        return invalid_id();
    };
    match lock(&state.endusers).get(&id) {
        Some(user) => json(StatusCode::OK, user),
        None => error(StatusCode::NOT_FOUND, "EndUser not found"),
    }
}

/// `PUT /enduser/{id}`: the fields sent replace the stored ones; the others are kept.
fn update(state: &State, id: &str, request: &MockRequest) -> MockResponse {
    let Some(id) = parse_id(id) else {
        return invalid_id();
    };
    let data: EndUserData = match request.json() {
        Ok(data) => data,
        Err(response) => return response,
    };
    let mut endusers = lock(&state.endusers);
    let Some(user) = endusers.get_mut(&id) else {
        return error(StatusCode::NOT_FOUND, "EndUser not found");
    };
    if let Some(display_name) = data.display_name {
        user.display_name = display_name;
    }
    if let Some(info) = data.info {
        user.info = Some(info);
    }
    json(StatusCode::OK, user)
}

fn parse_id(id: &str) -> Option<Uuid> {
    Uuid::parse_str(id).ok()
}

fn invalid_id() -> MockResponse {
    error(
        StatusCode::BAD_REQUEST,
        "invalid EndUser id: expected a UUID",
    )
}
