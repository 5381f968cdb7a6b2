//! Procedural macros of [`altur-client`](https://docs.rs/altur-client).
//!
//! Use them through `altur_client::altur_api`, which documents the whole grammar; this crate is
//! an implementation detail released in lockstep with `altur-client`.

#![warn(unreachable_pub)]

mod aliases;
mod args;
mod ast;
mod attr;
mod check;
mod companion;
mod errors;
mod expand;
mod route;
mod runtime;
mod spec;

use ast::Api;
use errors::Errors;
use proc_macro::TokenStream;
use spec::Spec;

/// Turns a trait of route-annotated `async fn`s into an HTTP client implemented by
/// `altur_client::Client`. See `altur_client::altur_api` for the grammar.
#[proc_macro_attribute]
pub fn altur_api(args: TokenStream, item: TokenStream) -> TokenStream {
    altur_api_impl(args.into(), item.into()).into()
}

/// `Deserialize` for altur-client's models whose keys have `#[serde(alias)]` spellings, so that
/// a body carrying a key and its alias decodes (the key wins) instead of failing as a duplicate
/// field. Expands to paths inside `altur_client`; not meant for other crates.
#[doc(hidden)]
#[proc_macro_derive(DeserializeWithAliases, attributes(serde))]
pub fn deserialize_with_aliases(input: TokenStream) -> TokenStream {
    aliases::derive(input.into()).into()
}

/// Parse, then check, then expand; every error of every stage is collected and reported at once.
fn altur_api_impl(
    args: proc_macro2::TokenStream,
    input: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let mut errors = Errors::default();
    let args = args::parse(args, &mut errors);
    let spec = args.spec.map(|literal| Spec::load(literal, &mut errors));
    let api = match syn::parse2(input.clone()) {
        Ok(item) => Api::from_syn(item, &mut errors),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let bound = api.as_ref().map(|api| api.check(&mut errors));
    // A route the document does not describe is still a route the macro can implement: with
    // only such errors the expansion is complete, so they are the only errors the user sees.
    let mut contract_errors = Errors::default();
    if let (Some(bound), Some(spec)) = (&bound, &spec) {
        spec.check(bound, &mut contract_errors);
    }
    let tracked = spec.as_ref().map(Spec::track);
    let output = match bound {
        Some(bound) if errors.is_empty() => {
            let expansion = expand::expand(&bound, &args.runtime);
            let contract_errors = contract_errors.to_compile_error();
            quote::quote!(#expansion #contract_errors)
        }
        _ => {
            errors.extend(contract_errors);
            expand::fallback(input, api.as_ref(), &args.runtime, errors)
        }
    };
    quote::quote!(#output #tracked)
}
