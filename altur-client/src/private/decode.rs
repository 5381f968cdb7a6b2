//! The shapes a `2xx` response can be returned in, chosen by the macro from the return type.

use crate::error::{Error, Result};
use crate::request::Response;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// Turns a `2xx` response into the method's `Ok` value.
pub trait Decode {
    type Output;

    /// The `Accept` header for this shape, when it is not the client's `application/json`.
    const ACCEPT: Option<&'static str> = None;

    #[doc(hidden)]
    #[allow(private_interfaces)]
    fn decode(response: Response) -> Result<Self::Output>;
}

/// `T`: the body as JSON.
#[derive(Debug)]
pub struct Json<T>(PhantomData<fn() -> T>);

/// `()`: any `2xx`, body ignored.
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

    #[allow(private_interfaces)]
    fn decode(response: Response) -> Result<T> {
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

    #[allow(private_interfaces)]
    fn decode(_: Response) -> Result<()> {
        Ok(())
    }
}

impl Decode for Raw {
    type Output = Bytes;

    // A download can be any media type; asking for JSON could get a 406 or a JSON wrapper.
    const ACCEPT: Option<&'static str> = Some("*/*");

    #[allow(private_interfaces)]
    fn decode(response: Response) -> Result<Bytes> {
        Ok(response.body)
    }
}

impl<D: Decode> Decode for WithResponse<D> {
    type Output = crate::Response<D::Output>;

    const ACCEPT: Option<&'static str> = D::ACCEPT;

    #[allow(private_interfaces)]
    fn decode(mut response: Response) -> Result<Self::Output> {
        let status = response.status;
        let headers = std::mem::take(&mut response.headers);
        let value = D::decode(response)?;
        Ok(crate::Response::new(status, headers, value))
    }
}
