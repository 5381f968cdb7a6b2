//! Arguments of the attribute itself: `#[altur_api(crate = "path", spec = "api.yaml")]`.

use crate::check::did_you_mean;
use crate::errors::{Errors, code};
use crate::runtime::Runtime;
use proc_macro2::TokenStream;
use syn::LitStr;
use syn::meta::ParseNestedMeta;

const KEYS: &[&str] = &["crate", "spec"];

/// The attribute's arguments.
pub(crate) struct Args {
    pub(crate) runtime: Runtime,
    /// `spec = "openapi/api.yaml"`, not yet read.
    pub(crate) spec: Option<LitStr>,
}

/// The arguments. When they have errors (recorded in `errors`), the default runtime, which is
/// right in most crates, so that the fallback output is too, and no document.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Args {
    let mut krate: Option<syn::Path> = None;
    let mut spec: Option<LitStr> = None;
    let parser = syn::meta::parser(|meta: ParseNestedMeta| {
        if meta.path.is_ident("crate") {
            if krate.is_some() {
                return Err(meta.error("duplicate `crate` argument"));
            }
            krate = Some(crate_path(&meta)?);
            Ok(())
        } else if meta.path.is_ident("spec") {
            if spec.is_some() {
                return Err(meta.error("duplicate `spec` argument"));
            }
            spec = Some(meta.value()?.parse().map_err(|error| {
                syn::Error::new(
                    error.span(),
                    "expected a string literal, as in `spec = \"openapi/api.yaml\"`",
                )
            })?);
            Ok(())
        } else {
            let key = code(&meta.path);
            let hint = match did_you_mean(&key, KEYS.iter().copied()) {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None => "expected `crate = \"path\"` or `spec = \"path\"`".to_owned(),
            };
            Err(meta.error(format_args!(
                "unknown `#[altur_api]` argument `{key}`; {hint}"
            )))
        }
    });
    match syn::parse::Parser::parse2(parser, args) {
        Ok(()) => Args {
            runtime: krate.map(Runtime::new).unwrap_or_default(),
            spec,
        },
        Err(error) => {
            errors.push(error);
            Args {
                runtime: Runtime::default(),
                spec: None,
            }
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
        let args = parse(args, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(args.runtime.client().to_string()),
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
                "unknown `#[altur_api]` argument `foo`; expected `crate = \"path\"` or \
                 `spec = \"path\"`",
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
            (
                quote!(spec = "a.yaml", spec = "b.yaml"),
                "duplicate `spec` argument",
            ),
            (
                quote!(spec = openapi),
                "expected a string literal, as in `spec = \"openapi/api.yaml\"`",
            ),
        ];
        for (args, expected) in cases {
            let text = args.to_token_stream().to_string();
            assert_eq!(parse_args(args).unwrap_err(), expected, "{text}");
        }
    }
}
