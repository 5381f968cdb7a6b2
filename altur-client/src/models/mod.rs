//! Serde models of the Altur API.

mod enduser;

pub use enduser::{EndUser, IntegrationType};
