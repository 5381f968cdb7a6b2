//! `/campaigns`: campaigns and their contacts and calls kept in memory.

use super::State;
use super::service::{MockRequest, MockResponse};

/// What the mock knows about campaigns.
#[derive(Debug, Default)]
pub(super) struct Store {}

pub(super) fn route(_state: &State, _request: &MockRequest) -> Option<MockResponse> {
    None
}
