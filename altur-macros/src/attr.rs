//! Route attributes on methods: `#[get("/enduser/<id>")]`.

use crate::errors::{Errors, code};
use crate::route::Route;
use proc_macro2::TokenTree;
use syn::parse::ParseStream;
use syn::{Attribute, LitStr, Meta, Token};

/// The HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
}

impl Method {
    pub(crate) fn attribute_name(self) -> &'static str {
        match self {
            Method::Get => "get",
        }
    }
}

/// Every attribute name the macro claims on a method, including the verbs it does not accept yet,
/// so they are stripped from the output and reported by name instead of as unknown attributes.
const ROUTE_ATTRIBUTES: &[&str] = &["get", "post", "put", "patch", "delete", "head"];

pub(crate) fn is_route_attribute(attr: &Attribute) -> bool {
    attr.path()
        .get_ident()
        .is_some_and(|ident| ROUTE_ATTRIBUTES.iter().any(|name| ident == name))
}

/// A parsed `#[get("..")]`.
pub(crate) struct RouteAttribute {
    pub(crate) method: Method,
    pub(crate) route: Route,
}

impl RouteAttribute {
    /// Parses a route attribute; `None` when it has errors (recorded in `errors`).
    pub(crate) fn parse(attr: &Attribute, errors: &mut Errors) -> Option<RouteAttribute> {
        let ident = attr.path().get_ident()?;
        let method = match ident.to_string().as_str() {
            "get" => Method::Get,
            other => {
                errors.spanned(
                    attr.path(),
                    format_args!("`#[{other}]` is not supported yet; expected `#[get(\"/path\")]`"),
                );
                return None;
            }
        };
        let name = method.attribute_name();
        let list = match &attr.meta {
            Meta::List(list) if !list.tokens.is_empty() => list,
            _ => {
                errors.spanned(
                    attr,
                    format_args!("expected a route, as in `#[{name}(\"/path\")]`"),
                );
                return None;
            }
        };
        let literal = match list.parse_args_with(|input: ParseStream| route_arguments(input, name))
        {
            Ok(literal) => literal,
            Err(error) => {
                errors.push(error);
                return None;
            }
        };
        let route = Route::parse(&literal, errors)?;
        Some(RouteAttribute { method, route })
    }
}

fn route_arguments(input: ParseStream, name: &str) -> syn::Result<LitStr> {
    if !input.peek(LitStr) {
        let found: TokenTree = input.parse()?;
        // The route is parsed and checked during expansion, before any constant or macro exists.
        let (found_code, reason) = match &found {
            TokenTree::Ident(ident) if input.peek(Token![!]) => (
                format!("{ident}!(..)"),
                "macros cannot be used, the route is checked when the crate compiles".to_owned(),
            ),
            TokenTree::Ident(_) => (
                code(&found),
                "constants cannot be used, the route is checked when the crate compiles".to_owned(),
            ),
            _ => (
                code(&found),
                format!("write it as in `#[{name}(\"/enduser/<id>\")]`"),
            ),
        };
        return Err(syn::Error::new(
            found.span(),
            format_args!("expected the route as a string literal, found `{found_code}`; {reason}"),
        ));
    }
    let literal: LitStr = input.parse()?;
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
    }
    if !input.is_empty() {
        return Err(input.error(format_args!(
            "unexpected argument after the route; expected `#[{name}(\"/path\")]`"
        )));
    }
    Ok(literal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn parse(attr: Attribute) -> Result<String, String> {
        let mut errors = Errors::default();
        let parsed = RouteAttribute::parse(&attr, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(parsed.expect("a route without errors").route.template),
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn routes_are_string_literals() {
        assert_eq!(parse(parse_quote!(#[get("/a/<b>")])).unwrap(), "/a/<b>");
        assert_eq!(parse(parse_quote!(#[get("/a",)])).unwrap(), "/a");
        assert_eq!(parse(parse_quote!(#[get(r"/a")])).unwrap(), "/a");
    }

    #[test]
    fn malformed_route_attributes_are_errors() {
        let cases: [(Attribute, &str); 8] = [
            (
                parse_quote!(#[get]),
                "expected a route, as in `#[get(\"/path\")]`",
            ),
            (
                parse_quote!(#[get()]),
                "expected a route, as in `#[get(\"/path\")]`",
            ),
            (
                parse_quote!(#[get = "/a"]),
                "expected a route, as in `#[get(\"/path\")]`",
            ),
            (
                parse_quote!(#[get(123)]),
                "expected the route as a string literal, found `123`; \
                 write it as in `#[get(\"/enduser/<id>\")]`",
            ),
            (
                parse_quote!(#[get(PATH)]),
                "expected the route as a string literal, found `PATH`; \
                 constants cannot be used, the route is checked when the crate compiles",
            ),
            (
                parse_quote!(#[get(concat!("/a", "/b"))]),
                "expected the route as a string literal, found `concat!(..)`; \
                 macros cannot be used, the route is checked when the crate compiles",
            ),
            (
                parse_quote!(#[get("/a", "/b")]),
                "unexpected argument after the route; expected `#[get(\"/path\")]`",
            ),
            (
                parse_quote!(#[post("/a")]),
                "`#[post]` is not supported yet; expected `#[get(\"/path\")]`",
            ),
        ];
        for (attr, expected) in cases {
            assert_eq!(parse(attr).unwrap_err(), expected);
        }
    }
}
