//! Arguments of the attribute itself: `#[altur_api(crate = "path")]`.

use crate::check::did_you_mean;
use crate::errors::{Errors, code};
use crate::runtime::Runtime;
use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;

const KEYS: &[&str] = &["crate"];

/// The runtime the expansion names. When the arguments have errors (recorded in `errors`), the
/// default one, which is right in most crates, so that the fallback output is too.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Runtime {
    let mut krate: Option<syn::Path> = None;
    let parser = syn::meta::parser(|meta: ParseNestedMeta| {
        if meta.path.is_ident("crate") {
            if krate.is_some() {
                return Err(meta.error("duplicate `crate` argument"));
            }
            krate = Some(crate_path(&meta)?);
            Ok(())
        } else {
            let key = code(&meta.path);
            let hint = match did_you_mean(&key, KEYS.iter().copied()) {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None => "expected `crate = \"path\"`".to_owned(),
            };
            Err(meta.error(format_args!(
                "unknown `#[altur_api]` argument `{key}`; {hint}"
            )))
        }
    });
    match syn::parse::Parser::parse2(parser, args) {
        Ok(()) => krate.map(Runtime::new).unwrap_or_default(),
        Err(error) => {
            errors.push(error);
            Runtime::default()
        }
    }
}

fn crate_path(meta: &ParseNestedMeta) -> syn::Result<syn::Path> {
    let literal: syn::LitStr = meta.value()?.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            "expected a string literal, as in `crate = \"altur_client\"`",
        )
    })?;
    literal.parse().map_err(|_| {
        syn::Error::new(
            literal.span(),
            format_args!(
                "expected a path to the `altur_client` crate, found `{}`",
                literal.value()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{ToTokens, quote};

    fn parse_args(args: TokenStream) -> Result<String, String> {
        let mut errors = Errors::default();
        let runtime = parse(args, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(runtime.client().to_string()),
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn crate_path_defaults_to_altur_client() {
        assert_eq!(
            parse_args(quote!()).unwrap(),
            quote!(::altur_client::Client).to_string()
        );
        assert_eq!(
            parse_args(quote!(crate = "crate::reexports::altur")).unwrap(),
            quote!(crate::reexports::altur::Client).to_string()
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        let cases = [
            (
                quote!(foo = "x"),
                "unknown `#[altur_api]` argument `foo`; expected `crate = \"path\"`",
            ),
            (
                quote!(krate = "x"),
                "unknown `#[altur_api]` argument `krate`; did you mean `crate`?",
            ),
            (
                quote!(crate = altur_client),
                "expected a string literal, as in `crate = \"altur_client\"`",
            ),
            (
                quote!(crate = "altur client"),
                "expected a path to the `altur_client` crate, found `altur client`",
            ),
            (
                quote!(crate = "a", crate = "b"),
                "duplicate `crate` argument",
            ),
        ];
        for (args, expected) in cases {
            let text = args.to_token_stream().to_string();
            assert_eq!(parse_args(args).unwrap_err(), expected, "{text}");
        }
    }
}
