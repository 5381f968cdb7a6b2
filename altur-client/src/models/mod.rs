//! Serde models of the Altur API.

mod common;
mod enduser;

pub use common::Timestamp;
pub(crate) use common::string_enum;
pub use enduser::{EndUser, IntegrationType};
