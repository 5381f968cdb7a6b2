//! Turns a bound [`Api`](crate::ast::Api) into the trait and its implementation for the
//! client. No validation and no lookup happen here: everything this module sees has passed `ast`
//! and `check`, which bound each placeholder to its parameter.

use crate::ast::{
    Api, BoundApi, BoundBody, BoundEndpoint, BoundHeader, BoundPathPart, BoundQueryPart,
    Declaration, Output, Shape,
};
use crate::errors::Errors;
use crate::runtime::{self, Private, Runtime};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, FnArg, Ident, ItemTrait, Pat, PatWild, ReturnType, Signature, TraitItem};

pub(crate) fn expand(api: &BoundApi<'_>, runtime: &Runtime) -> TokenStream {
    let mut item = api.item.clone();
    item.items = api
        .endpoints
        .iter()
        .map(|endpoint| TraitItem::Verbatim(declaration(endpoint.declaration)))
        .chain(api.provided.iter().cloned().map(TraitItem::Fn))
        .chain([TraitItem::Verbatim(endpoint_list(api, runtime))])
        .collect();
    let trait_ident = &item.ident;
    let client = runtime.client();
    let methods = api
        .endpoints
        .iter()
        .map(|endpoint| implementation(endpoint, runtime));
    let forwarding = forwarding_implementations(api);
    let companion = crate::companion::companion(api);
    quote! {
        #item

        #[automatically_derived]
        impl #trait_ident for #client {
            #(#methods)*
        }

        #forwarding
        #companion
    }
}

/// `impl<T: Trait + ?Sized> Trait for &T`, and the same for `Box<T>` and `Arc<T>`, as std does
/// for `Read` and `Iterator`: `&Client`, `Arc<Client>` and a boxed fake implement the trait, so
/// they can be passed wherever an implementation is expected. Each method returns the inner
/// value's future as it is: no allocation, and `Send` because the trait requires it.
fn forwarding_implementations(api: &BoundApi<'_>) -> TokenStream {
    let trait_ident = &api.item.ident;
    let inner = Ident::new("__AlturApi", Span::mixed_site());
    let methods: Vec<TokenStream> = api
        .endpoints
        .iter()
        .map(|endpoint| forwarding_method(endpoint.declaration))
        .collect();
    runtime::pointers(&inner)
        .into_iter()
        .map(|pointer| {
            quote! {
                #[automatically_derived]
                impl<#inner: #trait_ident + ?::core::marker::Sized> #trait_ident for #pointer {
                    #(#methods)*
                }
            }
        })
        .collect()
}

/// `fn m(&self, a: A) -> .. { (**self).m::<T>(a) }`. The method's type and const parameters
/// are passed explicitly, since a future's type does not tell them.
fn forwarding_method(declaration: &Declaration) -> TokenStream {
    let cfgs = cfg_attributes(&declaration.attrs);
    let signature = signature(declaration);
    let ident = &declaration.sig.ident;
    let arguments: Vec<&Ident> = declaration
        .params
        .iter()
        .map(|param| &param.ident)
        .collect();
    let generics: Vec<&Ident> = declaration
        .sig
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(param) => Some(&param.ident),
            syn::GenericParam::Const(param) => Some(&param.ident),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    let turbofish = (!generics.is_empty()).then(|| quote!(::<#(#generics),*>));
    quote! {
        #(#cfgs)*
        #signature {
            (**self).#ident #turbofish (#(#arguments),*)
        }
    }
}

/// A hidden function listing the trait's routes, so that a test can compare them with a
/// contract (every operation declared once). A function rather than an associated constant:
/// with `where Self: Sized` it keeps the trait dyn-compatible.
fn endpoint_list(api: &BoundApi<'_>, runtime: &Runtime) -> TokenStream {
    let description = runtime.private(Private::Endpoint);
    let endpoints = api.endpoints.iter().map(|endpoint| {
        let cfgs = cfg_attributes(&endpoint.declaration.attrs);
        let literal = endpoint_literal(endpoint, runtime);
        quote!(#(#cfgs)* #literal)
    });
    quote! {
        /// The routes of this trait, in declaration order.
        #[doc(hidden)]
        fn __altur_endpoints() -> &'static [#description]
        where
            Self: ::core::marker::Sized,
        {
            &[#(#endpoints),*]
        }
    }
}

/// `Endpoint { name, method, route }`: what the runtime logs and a contract test reads.
fn endpoint_literal(endpoint: &BoundEndpoint<'_>, runtime: &Runtime) -> TokenStream {
    let description = runtime.private(Private::Endpoint);
    let name = endpoint.declaration.sig.ident.unraw().to_string();
    let method = runtime.method(endpoint.method);
    let template = endpoint.template;
    quote! {
        #description {
            name: #name,
            method: #method,
            route: #template,
        }
    }
}

/// The output when there are errors: the errors, the user's trait without our attributes and,
/// when possible, a placeholder implementation for the client. Without them, every use of the
/// trait or of its methods on the client would be a second, misleading error.
pub(crate) fn fallback(
    input: TokenStream,
    api: Option<&Api>,
    runtime: &Runtime,
    errors: Errors,
) -> TokenStream {
    let errors = errors.to_compile_error();
    let Some(api) = api else {
        return quote!(#input #errors);
    };
    let mut item = api.item.clone();
    for trait_item in &mut item.items {
        if let TraitItem::Fn(method) = trait_item
            && method.default.is_none()
        {
            strip_parameter_patterns(&mut method.sig);
        }
    }
    let placeholder = can_stub(&item).then(|| stub_implementation(&item, runtime));
    quote! {
        #[allow(async_fn_in_trait)]
        #item
        #placeholder
        #errors
    }
}

/// Patterns (other than a name) are only allowed in functions with bodies; they have been
/// reported already, and rustc would report them again on the emitted trait.
fn strip_parameter_patterns(sig: &mut Signature) {
    for input in &mut sig.inputs {
        let FnArg::Typed(typed) = input else { continue };
        typed.attrs.clear();
        match &mut *typed.pat {
            Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                pat.mutability = None;
            }
            pattern => {
                *pattern = Pat::Wild(PatWild {
                    attrs: Vec::new(),
                    underscore_token: syn::Token![_](pattern.span()),
                });
            }
        }
    }
}

/// Whether `impl Trait for Client { fn ..(..) { unreachable!() } }` compiles for this trait
/// whatever is wrong with it: `unreachable!()` has every type but an `impl Trait`.
fn can_stub(item: &ItemTrait) -> bool {
    item.unsafety.is_none()
        && item.generics.params.is_empty()
        && item.generics.where_clause.is_none()
        && item.items.iter().all(|trait_item| match trait_item {
            // Provided methods need no implementation.
            TraitItem::Fn(method) if method.default.is_some() => true,
            TraitItem::Fn(method) => match &method.sig.output {
                ReturnType::Default => true,
                ReturnType::Type(_, ty) => !mentions_impl(ty.to_token_stream()),
            },
            _ => false,
        })
}

fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "impl",
        proc_macro2::TokenTree::Group(group) => mentions_impl(group.stream()),
        _ => false,
    })
}

fn stub_implementation(item: &ItemTrait, runtime: &Runtime) -> TokenStream {
    let trait_ident = &item.ident;
    let client = runtime.client();
    let methods = item.items.iter().filter_map(|trait_item| match trait_item {
        TraitItem::Fn(method) if method.default.is_none() => {
            let cfgs = cfg_attributes(&method.attrs);
            let sig = &method.sig;
            let body = runtime::unreachable();
            Some(quote!(#(#cfgs)* #sig { #body }))
        }
        _ => None,
    });
    quote! {
        #[automatically_derived]
        #[allow(unused_variables)]
        impl #trait_ident for #client {
            #(#methods)*
        }
    }
}

/// Attribute macros see `#[cfg]`s unevaluated, so each one on a method must also be on its
/// implementation, or the implementation would outlive a declaration that is configured out.
pub(crate) fn cfg_attributes(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("cfg"))
}

/// `fn name(&self, ..) -> impl Future<Output = ..> + Send`: spelled out rather than `async fn` so
/// that the futures are `Send` for every implementor, which generic callers can then spawn.
pub(crate) fn signature(declaration: &Declaration) -> TokenStream {
    let ident = &declaration.sig.ident;
    let generics = &declaration.sig.generics;
    let where_clause = &generics.where_clause;
    let params = declaration.params.iter().map(|param| {
        let (ident, ty) = (&param.ident, &param.ty);
        quote!(#ident: #ty)
    });
    let future = runtime::future(&declaration.output.ty);
    quote! {
        fn #ident #generics (&self, #(#params),*) -> #future #where_clause
    }
}

fn declaration(declaration: &Declaration) -> TokenStream {
    let attrs = &declaration.attrs;
    let signature = signature(declaration);
    quote! {
        #(#attrs)*
        #signature;
    }
}

/// One method of the implementation: build the request part by part, then send it.
fn implementation(endpoint: &BoundEndpoint<'_>, runtime: &Runtime) -> TokenStream {
    let cfgs = cfg_attributes(&endpoint.declaration.attrs);
    let signature = signature(endpoint.declaration);
    let request = Ident::new("__altur_request", Span::mixed_site());
    let new_request = new_request(endpoint, runtime);
    let query = query(&endpoint.query);
    let headers = headers(&endpoint.headers, runtime);
    let body = body(endpoint.body.as_ref());
    let options = options(endpoint);
    let send = send(&endpoint.declaration.output, &request, runtime);
    quote! {
        #(#cfgs)*
        #signature {
            let #request = #new_request #query #headers #body #options;
            #send
        }
    }
}

/// `Request::new(self, &Endpoint { .. }, &[path])`.
fn new_request(endpoint: &BoundEndpoint<'_>, runtime: &Runtime) -> TokenStream {
    let request = runtime.private(Private::Request);
    let description = endpoint_literal(endpoint, runtime);
    let path = path(&endpoint.path, runtime);
    quote! {
        #request::new(self, &#description, #path)
    }
}

/// The path's parts in order; a parameter's part is at the parameter, where a missing `Display`
/// is then reported.
fn path(parts: &[BoundPathPart<'_>], runtime: &Runtime) -> TokenStream {
    let parts = parts.iter().map(|part| match part {
        BoundPathPart::Literal(text) => {
            let path_part = runtime.private(Private::PathPart);
            quote!(#path_part::Literal(#text))
        }
        BoundPathPart::Param(param) => {
            let (ident, name) = (&param.ident, param.name());
            let path_part = runtime.private_at(Private::PathPart, ident.span());
            quote_spanned!(ident.span()=> #path_part::param(#name, &#ident))
        }
    });
    quote!(&[#(#parts),*])
}

/// The query in order, with each run of constant pairs encoded into one literal, since their
/// text is known now and needs no work per call.
fn query(parts: &[BoundQueryPart<'_>]) -> TokenStream {
    let mut calls = TokenStream::new();
    let mut constants = String::new();
    for part in parts {
        let call = match part {
            BoundQueryPart::Constant { key, value, .. } => {
                form_urlencoded::Serializer::new(&mut constants).append_pair(key, value);
                continue;
            }
            BoundQueryPart::Param { key, param, .. } => {
                let (ident, name) = (&param.ident, param.name());
                quote_spanned!(ident.span()=> .query(#name, #key, &#ident))
            }
            BoundQueryPart::Struct(param) => {
                let (ident, name) = (&param.ident, param.name());
                quote_spanned!(ident.span()=> .query_struct(#name, &#ident))
            }
        };
        calls.extend(query_literal(std::mem::take(&mut constants)));
        calls.extend(call);
    }
    calls.extend(query_literal(constants));
    calls
}

fn query_literal(encoded: String) -> Option<TokenStream> {
    (!encoded.is_empty()).then(|| quote!(.query_literal(#encoded)))
}

fn headers(headers: &[BoundHeader<'_>], runtime: &Runtime) -> TokenStream {
    headers
        .iter()
        .map(|BoundHeader { param, header }| {
            let (ident, name) = (&param.ident, param.name());
            let lowercase = &header.lowercase;
            let header_name = runtime.private_at(Private::HeaderName, ident.span());
            quote_spanned! {ident.span()=>
                .header(#name, #header_name::from_static(#lowercase), &#ident)
            }
        })
        .collect()
}

fn body(body: Option<&BoundBody<'_>>) -> TokenStream {
    let Some(BoundBody { param, .. }) = body else {
        return TokenStream::new();
    };
    let (ident, name) = (&param.ident, param.name());
    quote_spanned!(ident.span()=> .json(#name, &#ident))
}

/// `timeout` and `total_timeout`.
fn options(endpoint: &BoundEndpoint<'_>) -> TokenStream {
    let timeout = endpoint.timeout_ms.map(|millis| {
        let duration = runtime::duration_from_millis(millis);
        quote!(.timeout(#duration))
    });
    let total_timeout = endpoint.total_timeout_ms.map(|millis| {
        let duration = runtime::duration_from_millis(millis);
        quote!(.total_timeout(#duration))
    });
    quote!(#timeout #total_timeout)
}

/// Sends the request and decodes the response into the `Ok` type. Every token of the call is
/// at the user's `Ok` type, so that an unmet bound on it (not `Deserialize`, a different error
/// type) is reported there rather than at the attribute.
fn send(output: &Output, request: &Ident, runtime: &Runtime) -> TokenStream {
    let span = output.ok.span();
    let decode = runtime::respan(decode_type(&output.shape, runtime), span);
    let request_type = runtime.private_at(Private::Request, span);
    quote_spanned!(span=> #request_type::send::<_, #decode>(#request))
}

fn decode_type(shape: &Shape, runtime: &Runtime) -> TokenStream {
    match shape {
        Shape::Json(ty) => {
            let json = runtime.private(Private::Json);
            quote!(#json<#ty>)
        }
        Shape::Unit => runtime.private(Private::Unit),
        Shape::Raw => runtime.private(Private::Raw),
        Shape::Response(inner) => {
            let with_response = runtime.private(Private::WithResponse);
            let inner = decode_type(inner, runtime);
            quote!(#with_response<#inner>)
        }
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;

    fn expand(args: TokenStream, input: TokenStream) -> syn::File {
        syn::parse2(crate::altur_api_impl(args, input)).expect("the output is valid Rust")
    }

    /// Every `__private::name` the tokens mention.
    fn private_names(tokens: TokenStream, names: &mut Vec<String>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (index, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(group) => private_names(group.stream(), names),
                TokenTree::Ident(ident) if ident == "__private" => {
                    if let Some(TokenTree::Ident(name)) = trees.get(index + 3) {
                        names.push(name.to_string());
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn expansion_calls_only_the_private_runtime() {
        let output = crate::altur_api_impl(
            quote!(),
            quote! {
                pub trait Api {
                    /// Docs.
                    #[get("/a/<id>/b")]
                    async fn m(&self, id: u64) -> Result<()>;

                    #[post("/a?x=1&<page>&<filters..>", data = "<body>", timeout = "1s")]
                    async fn n(
                        &self,
                        page: u32,
                        filters: &Filters,
                        body: &Body,
                        #[header("Idempotency-Key")] key: &str,
                    ) -> Result<Response<Thread>>;

                    #[head("/b")]
                    async fn o(&self) -> Result<Response<()>>;

                    #[delete("/c")]
                    async fn p(&self) -> Result<Bytes>;
                }
            },
        );
        let mut names = Vec::new();
        private_names(output.clone(), &mut names);
        names.sort();
        names.dedup();
        assert_eq!(
            names,
            [
                "Endpoint",
                "HeaderName",
                "Json",
                "Method",
                "PathPart",
                "Raw",
                "Request",
                "Unit",
                "WithResponse"
            ]
        );
        let file: syn::File = syn::parse2(output).expect("valid Rust");
        let impls: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(item) => {
                    let ty = crate::errors::code(&item.self_ty);
                    Some(match &item.trait_ {
                        Some((_, path, _)) => format!("{} for {ty}", crate::errors::code(path)),
                        None => ty,
                    })
                }
                _ => None,
            })
            .collect();
        assert!(matches!(&file.items[0], syn::Item::Trait(_)));
        assert_eq!(
            impls,
            [
                "Api for ::altur_client::Client",
                "Api for &__AlturApi",
                "Api for ::std::boxed::Box<__AlturApi>",
                "Api for ::std::sync::Arc<__AlturApi>",
                "DynApi for __AlturApi",
                "Api for dyn DynApi + '_",
            ]
        );
    }

    #[test]
    fn errors_keep_the_trait_and_a_placeholder_implementation() {
        let file = expand(
            quote!(crate = "renamed"),
            quote! {
                trait Api {
                    #[get("enduser")]
                    async fn m(&self, (a, b): (u8, u8)) -> Result<()>;

                    #[get("/ok")]
                    async fn ok(&self) -> Result<()>;
                }
            },
        );
        let [
            syn::Item::Trait(item),
            syn::Item::Impl(implementation),
            syn::Item::Macro(..),
            syn::Item::Macro(..),
        ] = &file.items[..]
        else {
            panic!("unexpected items: {}", quote!(#file));
        };
        assert_eq!(item.items.len(), 2);
        let signature = quote!(#item).to_string();
        assert!(signature.contains("_ : (u8 , u8)"), "{signature}");
        assert!(!signature.contains("get"), "{signature}");
        let self_ty = &implementation.self_ty;
        assert_eq!(
            quote!(#self_ty).to_string(),
            quote!(renamed::Client).to_string()
        );
    }

    #[test]
    fn traits_that_cannot_be_implemented_get_no_placeholder() {
        for input in [
            quote!(
                trait Api<T> {
                    #[get("/")]
                    async fn m(&self) -> Result<T>;
                }
            ),
            quote!(
                trait Api {
                    const N: u8;
                    #[get("/")]
                    async fn m(&self) -> Result<()>;
                }
            ),
            quote!(
                trait Api {
                    #[get("/")]
                    fn m(&self) -> impl Future<Output = Result<()>>;
                }
            ),
        ] {
            let file = expand(quote!(), input);
            assert!(
                matches!(&file.items[..], [syn::Item::Trait(_), syn::Item::Macro(..)]),
                "{}",
                quote!(#file)
            );
        }
    }

    #[test]
    fn other_items_are_kept_as_they_are() {
        let file = expand(
            quote!(),
            quote!(
                struct Api;
            ),
        );
        assert!(matches!(
            &file.items[..],
            [syn::Item::Struct(_), syn::Item::Macro(..)]
        ));
    }
}
