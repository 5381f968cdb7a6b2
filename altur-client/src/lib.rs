//! A client for the [Altur API](https://docs.altur.io), and `#[altur_api]`: declarative,
//! compile-time checked HTTP clients on reqwest and serde.
//!
//! ```no_run
//! use altur_client::{Client, EndUserApi};
//!
//! # async fn run() -> altur_client::Result<()> {
//! let client = Client::from_env()?; // ALTUR_API_KEY, optional ALTUR_BASE_URL
//! let id = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b".parse().expect("a valid id");
//! let user = client.retrieve_enduser(id).await?;
//! println!("{}", user.display_name);
//! # Ok(())
//! # }
//! ```
//!
//! # Where things are
//!
//! - The client: [`Client`], configured with [`ClientBuilder`]; every call returns
//!   [`Result`], whose [`Error`] holds the API's [`ApiError`] when the API answered one.
//! - The endpoints, one trait per resource, implemented by [`Client`]: [`EndUserApi`],
//!   [`MessagesApi`], [`ThreadsApi`], [`CallsApi`] and [`CampaignsApi`].
//! - [`models`]: every request and response body of the API, in one flat module ([`EndUser`]
//!   and [`IntegrationType`] are also here at the root).
//! - [`pagination`]: every item of a paginated list as a lazy stream.
//! - [`bulk`]: more contacts than one request may carry.
//! - [`webhooks`]: verifying and decoding what Altur sends to your server.
//! - [`mock`] (feature `mock`): an Altur server in your test process.
//! - [`altur_api`]: the attribute the endpoints are declared with, for your own APIs.
//!
//! # Declaring endpoints
//!
//! See [`altur_api`] for the grammar. Routes are checked against the parameters when the crate
//! compiles, and every [`Client`] implements every annotated trait.
//!
//! # Features
//!
//! - `macros` (default): the [`altur_api`] attribute.
//! - `rustls` (default): HTTPS through rustls; no system OpenSSL is needed.
//! - `mock`: [`mock`], an in-process Altur server for examples and tests.

#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets `#[altur_api]` expansions inside this crate name it `::altur_client` like everyone else.
extern crate self as altur_client;

mod api;
mod auth;
pub mod bulk;
mod client;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
pub mod models;
pub mod pagination;
mod recording_url;
mod request;
mod response;
mod transport;
pub mod webhooks;

/// What `#[altur_api]` expansions name, and nothing else. Not a public API: it changes whenever
/// the macro does, which is why the two crates are released in lockstep.
#[doc(hidden)]
pub mod __private {
    pub use crate::models::renamed_keys::{
        RenamedKey, RenamedKeys, deserialize as deserialize_renamed,
    };
    pub use crate::request::{Decode, HeaderArg, Json, PathPart, Raw, Request, Unit, WithResponse};
    pub use crate::transport::{Endpoint, Method, RawResponse};
    pub use reqwest::header::HeaderName;
}

pub use api::{
    CallsApi, CampaignsApi, DynCallsApi, DynCampaignsApi, DynEndUserApi, DynMessagesApi,
    DynThreadsApi, EndUserApi, MessagesApi, ThreadsApi,
};
pub use bytes::Bytes;
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, Error, ErrorCode, Result, TransportError};
pub use models::{EndUser, IntegrationType};
pub use reqwest::StatusCode;
pub use response::Response;

#[cfg(feature = "macros")]
#[doc = include_str!("altur_api.md")]
pub use altur_macros::altur_api;

/// The grammar's examples: rustdoc does not run doctests attached to a re-export.
#[cfg(all(doctest, feature = "macros"))]
#[doc = include_str!("altur_api.md")]
pub struct AlturApiDoctests;

/// The README's examples, compiled as doctests so that they stay true.
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
