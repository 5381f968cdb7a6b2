//! The one place that spells out paths into `altur_client`: generated code names nothing else.

use proc_macro2::TokenStream;
use quote::quote;

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
}

pub(crate) fn future(output: &syn::Type) -> TokenStream {
    quote! {
        impl ::core::future::Future<Output = #output> + ::core::marker::Send
    }
}
