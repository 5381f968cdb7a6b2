//! Procedural macros of [`altur-client`](https://docs.rs/altur-client).
//!
//! Use them through `altur_client::altur_api`, which documents the whole grammar; this crate is
//! an implementation detail released in lockstep with `altur-client`.

#![warn(unreachable_pub)]

mod args;
mod ast;
mod attr;
mod check;
mod errors;
mod expand;
mod route;
mod runtime;

use proc_macro::TokenStream;

/// Turns a trait of route-annotated `async fn`s into an HTTP client implemented by
/// `altur_client::Client`. See `altur_client::altur_api` for the grammar.
#[proc_macro_attribute]
pub fn altur_api(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::altur_api(args.into(), item.into()).into()
}
