//! `/message`, `/thread` and `/call`: conversations kept in memory.

use super::State;
use super::service::{MockRequest, MockResponse};

/// What the mock knows about threads, messages and calls.
#[derive(Debug, Default)]
pub(super) struct Store {}

pub(super) fn route(_state: &State, _request: &MockRequest) -> Option<MockResponse> {
    None
}
