//! The small runtime that `#[altur_api]` expansions call. Not a public API: it changes whenever
//! the macro does, which is why the two crates are released in lockstep.

mod call;
mod decode;
mod path;

pub use crate::models::renamed_keys::{
    RenamedKey, RenamedKeys, deserialize as deserialize_renamed,
};
pub use call::{HeaderArg, Request};
pub use decode::{Decode, Json, Raw, Unit, WithResponse};
pub use path::PathPart;
pub use reqwest::header::HeaderName;

/// What the macro knows about an endpoint at expansion time.
#[derive(Debug)]
pub struct Endpoint {
    /// The method name in the trait.
    pub name: &'static str,
    pub method: Method,
    /// The route as written, for logs: it names parameters, never their values.
    pub route: &'static str,
}

/// The HTTP methods routes can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
}

impl Method {
    pub(crate) fn as_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once (RFC 9110
    /// 9.2.2), which is what makes a retry safe without an idempotency key.
    pub(crate) fn is_idempotent(self) -> bool {
        match self {
            Method::Get | Method::Put | Method::Delete | Method::Head => true,
            Method::Post | Method::Patch => false,
        }
    }
}
