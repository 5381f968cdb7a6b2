//! The one place that spells out paths into `altur_client`: generated code names nothing else.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// Where the runtime crate lives, `::altur_client` unless `#[altur_api(crate = "..")]` says so.
pub(crate) struct Runtime {
    krate: syn::Path,
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            krate: syn::parse_quote!(::altur_client),
        }
    }
}

impl Runtime {
    pub(crate) fn new(krate: syn::Path) -> Self {
        Runtime { krate }
    }

    pub(crate) fn client(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::Client)
    }

    pub(crate) fn private(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::__private)
    }

    /// [`Self::private`] with every token at `span`, so that an expression which starts with
    /// this path has the span of the user's code it is about, and so do its errors.
    pub(crate) fn private_at(&self, span: Span) -> TokenStream {
        respan(self.private(), span)
    }
}

/// The return type of every generated method: spanned at the user's return type, so that a
/// mismatch between it and what the runtime returns is reported there.
pub(crate) fn future(output: &syn::Type) -> TokenStream {
    quote_spanned! {output.span()=>
        impl ::core::future::Future<Output = #output> + ::core::marker::Send
    }
}

pub(crate) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut respanned =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                tree = TokenTree::Group(respanned);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}
