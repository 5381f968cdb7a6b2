//! `#[derive(DeserializeWithAliases)]`: `Deserialize` for a struct whose `#[serde(alias)]`
//! spellings may appear in the same body as the field's own key, which serde's derive rejects as
//! a duplicate field.
//!
//! The expansion is serde's own derive, on a private copy of the struct without the aliases
//! (`#[serde(remote)]` makes it build the real struct), run through
//! `__private::deserialize_renamed`, which passes on one spelling of each field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Fields, ItemStruct, Lit, Meta, Token};

pub(crate) fn derive(input: TokenStream) -> TokenStream {
    match syn::parse2::<ItemStruct>(input).and_then(|input| expand(&input)) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

/// A field with its `alias` spellings taken out of its serde attributes.
struct WireField {
    attrs: Vec<Attribute>,
    key: String,
    aliases: Vec<String>,
}

fn expand(input: &ItemStruct) -> syn::Result<TokenStream> {
    let Fields::Named(fields) = &input.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`DeserializeWithAliases` expects named fields",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`DeserializeWithAliases` does not support generics",
        ));
    }
    let mut container_attrs = Vec::new();
    let mut renamed = false;
    for attr in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        for meta in serde_metas(attr)? {
            let path = meta.path();
            if ["rename_all", "from", "try_from", "remote"]
                .iter()
                .any(|unsupported| path.is_ident(unsupported))
            {
                return Err(syn::Error::new_spanned(
                    meta,
                    "`DeserializeWithAliases` does not support this serde attribute",
                ));
            }
            renamed |= path.is_ident("rename");
        }
        container_attrs.push(attr.clone());
    }
    let ident = &input.ident;
    let name = ident.to_string();
    if !renamed {
        // Error messages name the struct, not its private copy.
        container_attrs.push(syn::parse_quote!(#[serde(rename = #name)]));
    }

    let mut wire_fields = Vec::new();
    for field in &fields.named {
        let Some(field_ident) = &field.ident else {
            continue;
        };
        let mut wire = WireField {
            attrs: Vec::new(),
            key: syn::ext::IdentExt::unraw(field_ident).to_string(),
            aliases: Vec::new(),
        };
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("serde"))
        {
            let mut kept: Punctuated<Meta, Token![,]> = Punctuated::new();
            for meta in serde_metas(attr)? {
                match string_value(&meta, "alias")? {
                    Some(alias) => wire.aliases.push(alias),
                    None => {
                        if let Some(rename) = string_value(&meta, "rename")? {
                            wire.key = rename;
                        }
                        kept.push(meta);
                    }
                }
            }
            if !kept.is_empty() {
                wire.attrs.push(syn::parse_quote!(#[serde(#kept)]));
            }
        }
        wire_fields.push((field_ident, &field.ty, wire));
    }

    let wire_ident = format_ident!("__AlturWire{}", ident);
    let wire_defs = wire_fields.iter().map(|(field_ident, ty, wire)| {
        let attrs = &wire.attrs;
        quote!(#(#attrs)* #field_ident: #ty)
    });
    let renamed_keys = wire_fields
        .iter()
        .filter(|(_, _, wire)| !wire.aliases.is_empty())
        .map(|(_, _, wire)| {
            let key = &wire.key;
            let aliases = &wire.aliases;
            quote!(::altur_client::__private::RenamedKey { key: #key, aliases: &[#(#aliases),*] })
        });
    Ok(quote! {
        const _: () = {
            #[derive(::serde::Deserialize)]
            #[serde(remote = #name)]
            #(#container_attrs)*
            struct #wire_ident {
                #(#wire_defs,)*
            }

            #[automatically_derived]
            impl ::altur_client::__private::RenamedKeys for #ident {
                const RENAMED_KEYS: &'static [::altur_client::__private::RenamedKey] =
                    &[#(#renamed_keys),*];
            }

            #[automatically_derived]
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<__D: ::serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    ::altur_client::__private::deserialize_renamed(
                        deserializer,
                        <Self as ::altur_client::__private::RenamedKeys>::RENAMED_KEYS,
                        #wire_ident::deserialize,
                    )
                }
            }
        };
    })
}

fn serde_metas(attr: &Attribute) -> syn::Result<Punctuated<Meta, Token![,]>> {
    attr.parse_args_with(Punctuated::parse_terminated)
}

/// The string of `name = "value"`, when `meta` is that key.
fn string_value(meta: &Meta, name: &str) -> syn::Result<Option<String>> {
    let Meta::NameValue(pair) = meta else {
        return Ok(None);
    };
    if !pair.path.is_ident(name) {
        return Ok(None);
    }
    match &pair.value {
        Expr::Lit(expr) => match &expr.lit {
            Lit::Str(value) => Ok(Some(value.value())),
            _ => Err(syn::Error::new_spanned(&pair.value, "expected a string")),
        },
        _ => Err(syn::Error::new_spanned(&pair.value, "expected a string")),
    }
}
