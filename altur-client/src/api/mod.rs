//! The Altur endpoints, declared with `#[altur_api]` and implemented by [`Client`](crate::Client).

mod enduser;

pub use enduser::EndUserApi;
