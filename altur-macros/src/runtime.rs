//! The one place that spells out paths into `altur_client`, `core` and `std`: generated code
//! names nothing else.

use crate::attr::Method;
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
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

    /// The path of `item`, `::altur_client::__private::Request` and so on.
    pub(crate) fn private(&self, item: Private) -> TokenStream {
        let krate = &self.krate;
        let item = Ident::new(item.name(), Span::call_site());
        quote!(#krate::__private::#item)
    }

    /// [`Self::private`] with every token at `span`, so that an expression which starts with
    /// this path has the span of the user's code it is about, and so do its errors.
    pub(crate) fn private_at(&self, item: Private, span: Span) -> TokenStream {
        respan(self.private(item), span)
    }

    /// The runtime's variant for `method`, `__private::Method::Get` and so on.
    pub(crate) fn method(&self, method: Method) -> TokenStream {
        let enumeration = self.private(Private::Method);
        let variant = Ident::new(method.runtime_name(), Span::call_site());
        quote!(#enumeration::#variant)
    }
}

/// The items of the runtime's hidden module `__private` that generated code names.
#[derive(Clone, Copy)]
pub(crate) enum Private {
    Request,
    Endpoint,
    Method,
    PathPart,
    HeaderName,
    Json,
    Unit,
    Raw,
    WithResponse,
}

impl Private {
    fn name(self) -> &'static str {
        match self {
            Private::Request => "Request",
            Private::Endpoint => "Endpoint",
            Private::Method => "Method",
            Private::PathPart => "PathPart",
            Private::HeaderName => "HeaderName",
            Private::Json => "Json",
            Private::Unit => "Unit",
            Private::Raw => "Raw",
            Private::WithResponse => "WithResponse",
        }
    }
}

/// `&T`, `Box<T>` and `Arc<T>`: the pointers through which a trait's implementation is
/// forwarded.
pub(crate) fn pointers(inner: &Ident) -> [TokenStream; 3] {
    let (boxed, arc) = (boxed(), arc());
    [
        quote!(&#inner),
        quote!(#boxed<#inner>),
        quote!(#arc<#inner>),
    ]
}

pub(crate) fn boxed() -> TokenStream {
    quote!(::std::boxed::Box)
}

pub(crate) fn arc() -> TokenStream {
    quote!(::std::sync::Arc)
}

/// `Pin<Box<dyn Future<Output = ..> + Send + 'call>>`: the future of a call through `dyn`.
pub(crate) fn boxed_future(output: &syn::Type, lifetime: &syn::Lifetime) -> TokenStream {
    let boxed = boxed();
    quote! {
        ::core::pin::Pin<#boxed<
            dyn ::core::future::Future<Output = #output> + ::core::marker::Send + #lifetime
        >>
    }
}

pub(crate) fn duration_from_millis(millis: u64) -> TokenStream {
    quote!(::core::time::Duration::from_millis(#millis))
}

/// The body of a method that is never called: the placeholder implementation emitted with errors.
pub(crate) fn unreachable() -> TokenStream {
    quote!(::core::unreachable!())
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
