//! The shapes a `2xx` response can be returned in, chosen by the macro from the return type.
//!
//! The declared return type alone decides how a body is decoded: `Content-Type` is not
//! consulted. A JSON body labelled `text/plain`, `text/html` or nothing at all decodes as JSON,
//! and a body that is not JSON is an [`Error::Decode`] with the status and the raw body, whatever
//! its label said. The API does not vary its media type, and servers and proxies mislabel JSON
//! often enough that refusing it would only add failures; the decoder is the real check.
//!
//! Every body has already been read within the client's
//! [`max_response_size`](crate::ClientBuilder::max_response_size).

use crate::error::{Error, Result};
use crate::transport::RawResponse;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// Turns a `2xx` response into the method's `Ok` value.
pub trait Decode {
    /// The method's `Ok` type.
    type Output;

    /// The `Accept` header for this shape, when it is not the client's `application/json`.
    const ACCEPT: Option<&'static str> = None;

    #[doc(hidden)]
    fn decode(response: RawResponse) -> Result<Self::Output>;
}

/// `T`: the body as JSON, whatever its `Content-Type`. An empty body is an [`Error::Decode`].
#[derive(Debug)]
pub struct Json<T>(PhantomData<fn() -> T>);

/// `()`: any `2xx`, body ignored (an empty one included).
#[derive(Debug)]
pub struct Unit;

/// `Bytes`: the raw body.
#[derive(Debug)]
pub struct Raw;

/// `Response<T>`: the status and headers with the value decoded by `D`.
#[derive(Debug)]
pub struct WithResponse<D>(PhantomData<fn() -> D>);

impl<T: DeserializeOwned> Decode for Json<T> {
    type Output = T;

    fn decode(response: RawResponse) -> Result<T> {
        serde_json::from_slice(&response.body).map_err(|source| Error::Decode {
            target: std::any::type_name::<T>(),
            status: response.status,
            body: response.body,
            source,
        })
    }
}

impl Decode for Unit {
    type Output = ();

    fn decode(_: RawResponse) -> Result<()> {
        Ok(())
    }
}

impl Decode for Raw {
    type Output = Bytes;

    // A download can be any media type; asking for JSON could get a 406 or a JSON wrapper.
    const ACCEPT: Option<&'static str> = Some("*/*");

    fn decode(response: RawResponse) -> Result<Bytes> {
        Ok(response.body)
    }
}

impl<D: Decode> Decode for WithResponse<D> {
    type Output = crate::Response<D::Output>;

    const ACCEPT: Option<&'static str> = D::ACCEPT;

    fn decode(mut response: RawResponse) -> Result<Self::Output> {
        let status = response.status;
        let headers = std::mem::take(&mut response.headers);
        let value = D::decode(response)?;
        Ok(crate::Response::new(status, headers, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

    fn response(content_type: Option<&'static str>, body: &'static [u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        RawResponse {
            status: StatusCode::OK,
            headers,
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn json_is_decoded_whatever_the_content_type() {
        for content_type in [None, Some("text/html"), Some("application/octet-stream")] {
            let value = Json::<serde_json::Value>::decode(response(content_type, br#"{"a":1}"#));
            assert_eq!(
                value.unwrap(),
                serde_json::json!({"a": 1}),
                "{content_type:?}"
            );
        }
        let error =
            Json::<serde_json::Value>::decode(response(Some("application/json"), b"<html>"))
                .unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        assert_eq!(error.body(), Some(&b"<html>"[..]));
    }

    #[test]
    fn an_empty_body_is_a_decode_error_for_json_and_fine_for_unit_and_bytes() {
        let error = Json::<serde_json::Value>::decode(response(None, b"")).unwrap_err();
        assert!(
            matches!(&error, Error::Decode { source, .. } if source.is_eof()),
            "{error:?}"
        );
        Unit::decode(response(None, b"")).unwrap();
        assert!(Raw::decode(response(None, b"")).unwrap().is_empty());
    }
}
