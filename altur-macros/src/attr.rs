//! Route attributes on methods: `#[get("/enduser/<id>")]`.

use crate::errors::Errors;
use crate::route::Route;
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
        return Err(input.error(format_args!(
            "expected the route as a string literal, as in `#[{name}(\"/enduser/<id>\")]`"
        )));
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
