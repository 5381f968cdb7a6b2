//! The dyn-compatible companion of a trait: `DynUsers` for `Users`, implemented by every
//! `Send + Sync` implementation of `Users`, so that `Arc<dyn DynUsers>` holds the client or a
//! fake, and itself implements `Users` by boxing each call's future.
//!
//! The companion's own methods are hidden and carry a prefix: a second trait with the same
//! method names would make every call ambiguous wherever both traits are in scope. Calls go
//! through `Users`, which `dyn DynUsers` implements.

use crate::ast::{BoundApi, Declaration};
use crate::runtime;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{GenericParam, Ident, Lifetime, Type};

/// The companion, or nothing when the trait cannot have one: a method with type or const
/// parameters, or an `impl Trait` argument, cannot be called through `dyn`, and a supertrait
/// would have to be implemented by the trait object too.
pub(crate) fn companion(api: &BoundApi<'_>) -> TokenStream {
    let item = api.item;
    let dyn_compatible = item.supertraits.is_empty()
        && api.endpoints.iter().all(|endpoint| {
            let declaration = endpoint.declaration;
            declaration
                .sig
                .generics
                .params
                .iter()
                .all(|param| matches!(param, GenericParam::Lifetime(_)))
                && !declaration
                    .params
                    .iter()
                    .any(|param| mentions_impl_trait(&param.ty))
        });
    if !dyn_compatible {
        return TokenStream::new();
    }
    let vis = &item.vis;
    let trait_ident = &item.ident;
    let companion = format_ident!("Dyn{}", trait_ident);
    let inner = Ident::new("__AlturApi", Span::mixed_site());
    let send = quote!(::core::marker::Send);
    let sync = quote!(::core::marker::Sync);
    let declarations = api
        .endpoints
        .iter()
        .map(|endpoint| erased_declaration(endpoint.declaration));
    let erasures = api
        .endpoints
        .iter()
        .map(|endpoint| erased_implementation(endpoint.declaration, trait_ident));
    let calls = api
        .endpoints
        .iter()
        .map(|endpoint| object_method(endpoint.declaration, &companion));
    let doc = format!(
        "[`{trait_ident}`] as a trait object: `Arc<dyn {companion}>` holds any `Send + Sync` \
         implementation of [`{trait_ident}`] (the client, a fake), and implements \
         [`{trait_ident}`] itself, so its methods are called as usual.\n\n\
         Each call through it boxes its future: one allocation more than a call on the \
         implementation itself. Implemented for every implementation of \
         [`{trait_ident}`]; its own methods are not meant to be called or implemented."
    );
    quote! {
        #[doc = #doc]
        #vis trait #companion: #send + #sync {
            #(#declarations)*
        }

        #[automatically_derived]
        impl<#inner: #trait_ident + #send + #sync> #companion for #inner {
            #(#erasures)*
        }

        #[automatically_derived]
        impl #trait_ident for dyn #companion + '_ {
            #(#calls)*
        }
    }
}

/// `__altur_name`: the erased method never shares a name with the user's.
fn erased_name(declaration: &Declaration) -> Ident {
    format_ident!("__altur_{}", declaration.sig.ident)
}

/// The lifetime of the boxed future: every borrowed argument outlives it.
fn call_lifetime(declaration: &Declaration) -> Lifetime {
    let taken: Vec<String> = declaration
        .sig
        .generics
        .lifetimes()
        .map(|param| param.lifetime.ident.to_string())
        .collect();
    let name = (0..)
        .map(|index| match index {
            0 => "call".to_owned(),
            _ => format!("call{index}"),
        })
        .find(|name| !taken.contains(name))
        .unwrap_or_default();
    Lifetime::new(&format!("'{name}"), Span::call_site())
}

/// `fn __altur_name<'call, 'a>(&'call self, id: &'call str) -> Pin<Box<dyn Future + Send + 'call>>
/// where 'a: 'call`.
fn erased_signature(declaration: &Declaration) -> TokenStream {
    let name = erased_name(declaration);
    let call = call_lifetime(declaration);
    let declared: Vec<&syn::LifetimeParam> = declaration.sig.generics.lifetimes().collect();
    let outlive = declared.iter().map(|param| &param.lifetime);
    let params = declaration.params.iter().map(|param| {
        let mut ty = param.ty.clone();
        NameElidedLifetimes(&call).visit_type_mut(&mut ty);
        let ident = &param.ident;
        quote!(#ident: #ty)
    });
    let where_clause = &declaration.sig.generics.where_clause;
    let predicates = where_clause
        .as_ref()
        .map(|clause| clause.predicates.iter().collect::<Vec<_>>())
        .unwrap_or_default();
    let future = runtime::boxed_future(&declaration.output.ty, &call);
    quote! {
        fn #name<#call, #(#declared),*>(&#call self, #(#params),*) -> #future
        where
            #(#outlive: #call,)*
            #(#predicates,)*
    }
}

fn erased_declaration(declaration: &Declaration) -> TokenStream {
    let cfgs = crate::expand::cfg_attributes(&declaration.attrs);
    let signature = erased_signature(declaration);
    quote!(#(#cfgs)* #[doc(hidden)] #signature;)
}

fn erased_implementation(declaration: &Declaration, trait_ident: &Ident) -> TokenStream {
    let cfgs = crate::expand::cfg_attributes(&declaration.attrs);
    let signature = erased_signature(declaration);
    let ident = &declaration.sig.ident;
    let arguments = declaration.params.iter().map(|param| &param.ident);
    let boxed = runtime::boxed();
    quote! {
        #(#cfgs)*
        #signature {
            #boxed::pin(<Self as #trait_ident>::#ident(self, #(#arguments),*))
        }
    }
}

/// The trait object's implementation of one method: the erased call, awaited in an `async`
/// block. The boxed future lives as long as the shortest of the borrows, which an
/// `impl Future` cannot name; the block's type holds each borrow with its own lifetime.
fn object_method(declaration: &Declaration, erased: &Ident) -> TokenStream {
    let cfgs = crate::expand::cfg_attributes(&declaration.attrs);
    let signature = crate::expand::signature(declaration);
    let name = erased_name(declaration);
    let arguments = declaration.params.iter().map(|param| &param.ident);
    quote! {
        #(#cfgs)*
        #signature {
            async move { #erased::#name(self, #(#arguments),*).await }
        }
    }
}

/// Gives every elided lifetime of a type (`&T`, `'_`) the call's lifetime, so that the boxed
/// future may hold the borrow.
struct NameElidedLifetimes<'a>(&'a Lifetime);

impl VisitMut for NameElidedLifetimes<'_> {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.0.clone());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.0.clone();
        }
    }

    // A function pointer or a `dyn Fn` has lifetimes of its own.
    fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }
}

fn mentions_impl_trait(ty: &Type) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_type(&mut finder, ty);
    finder.0
}
