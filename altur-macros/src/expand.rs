//! Turns a checked [`Api`] into the trait and its implementation for the client. No validation
//! happens here: everything this module sees has passed `ast` and `check`.

use crate::args;
use crate::ast::{Api, Endpoint};
use crate::attr::Method;
use crate::errors::Errors;
use crate::route::RoutePart;
use crate::runtime::{self, Runtime};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Item, TraitItem};

pub(crate) fn altur_api(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(error) => return with_errors(input, error),
    };
    let mut errors = Errors::default();
    let runtime = args::parse(args).unwrap_or_else(|error| {
        errors.push(error);
        Runtime::default()
    });
    let Some(api) = Api::from_syn(item, &mut errors) else {
        return match errors.into_result() {
            Err(error) => with_errors(input, error),
            Ok(()) => input,
        };
    };
    api.check(&mut errors);
    match errors.into_result() {
        // Emitting the user's trait (without our attributes) next to the errors keeps the rest of
        // the crate compiling, so only the real mistakes are reported.
        Err(error) => with_errors(api.item.into_token_stream(), error),
        Ok(()) => expand(&api, &runtime),
    }
}

fn with_errors(item: TokenStream, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote!(#item #errors)
}

fn expand(api: &Api, runtime: &Runtime) -> TokenStream {
    let mut item = api.item.clone();
    item.items = api
        .endpoints
        .iter()
        .map(|endpoint| TraitItem::Verbatim(declaration(endpoint)))
        .collect();
    let trait_ident = &item.ident;
    let client = runtime.client();
    let methods = api
        .endpoints
        .iter()
        .map(|endpoint| implementation(endpoint, runtime));
    quote! {
        #item

        #[automatically_derived]
        impl #trait_ident for #client {
            #(#methods)*
        }
    }
}

/// `fn name(&self, ..) -> impl Future<Output = ..> + Send`: spelled out rather than `async fn` so
/// that the futures are `Send` for every implementor, which generic callers can then spawn.
fn signature(endpoint: &Endpoint) -> TokenStream {
    let ident = &endpoint.sig.ident;
    let generics = &endpoint.sig.generics;
    let where_clause = &generics.where_clause;
    let params = endpoint.params.iter().map(|param| {
        let (ident, ty) = (&param.ident, &param.ty);
        quote!(#ident: #ty)
    });
    let future = runtime::future(&endpoint.output.ty);
    quote! {
        fn #ident #generics (&self, #(#params),*) -> #future #where_clause
    }
}

fn declaration(endpoint: &Endpoint) -> TokenStream {
    let attrs = &endpoint.attrs;
    let signature = signature(endpoint);
    quote! {
        #(#attrs)*
        #signature;
    }
}

fn implementation(endpoint: &Endpoint, runtime: &Runtime) -> TokenStream {
    let private = runtime.private();
    let signature = signature(endpoint);
    let name = endpoint.sig.ident.unraw().to_string();
    let template = &endpoint.route.template;
    let method = match endpoint.method {
        Method::Get => quote!(#private::Method::Get),
    };
    let parts = endpoint.route.parts.iter().map(|part| match part {
        RoutePart::Literal(text) => quote!(#private::PathPart::Literal(#text)),
        RoutePart::Placeholder(placeholder) => {
            let name = &placeholder.name;
            let ident = endpoint
                .params
                .iter()
                .find(|param| param.ident.unraw() == name)
                .map(|param| &param.ident);
            quote_spanned!(ident.span()=> #private::PathPart::param(#name, &#ident))
        }
    });
    let ok = &endpoint.output.ok;
    let send = quote_spanned!(ok.span()=> #private::send_json::<#ok>);
    quote! {
        #signature {
            #send(
                self,
                &#private::Endpoint {
                    name: #name,
                    method: #method,
                    route: #template,
                },
                #private::url(self, &[#(#parts),*]),
            )
        }
    }
}
