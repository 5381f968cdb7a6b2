//! Route attributes on methods: `#[get("/enduser/<id>")]`,
//! `#[post("/campaigns", data = "<campaign>", timeout = "5s")]`, and `#[header("..")]` on
//! parameters.

use crate::check::did_you_mean;
use crate::errors::{Errors, code};
use crate::route::{Placeholder, Route, parse_whole_placeholder};
use proc_macro2::{Span, TokenTree};
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitStr, Meta, Token};

/// The HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
}

impl Method {
    pub(crate) const ALL: [Method; 6] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
    ];

    /// The attribute's name, and the variant's name in the runtime's `Method`.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Method::Get => ("get", "Get"),
            Method::Post => ("post", "Post"),
            Method::Put => ("put", "Put"),
            Method::Patch => ("patch", "Patch"),
            Method::Delete => ("delete", "Delete"),
            Method::Head => ("head", "Head"),
        }
    }

    pub(crate) fn attribute_name(self) -> &'static str {
        self.names().0
    }

    /// The variant name in the runtime's `Method`.
    pub(crate) fn runtime_name(self) -> &'static str {
        self.names().1
    }

    fn from_ident(ident: &Ident) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|method| ident == method.attribute_name())
    }

    /// `GET` and `HEAD` requests have no body in this grammar: servers and proxies may drop it.
    pub(crate) fn allows_body(self) -> bool {
        !matches!(self, Method::Get | Method::Head)
    }
}

pub(crate) fn is_route_attribute(attr: &Attribute) -> bool {
    attr.path()
        .get_ident()
        .and_then(Method::from_ident)
        .is_some()
}

/// A parsed route attribute.
pub(crate) struct RouteAttribute {
    pub(crate) method: Method,
    pub(crate) route: Route,
    /// `data = "<param>"`: the parameter sent as the JSON body.
    pub(crate) body: Option<Placeholder>,
    /// `timeout = "250ms"`, in milliseconds.
    pub(crate) timeout_ms: Option<u64>,
    /// `total_timeout = "10s"`, in milliseconds.
    pub(crate) total_timeout_ms: Option<u64>,
}

const OPTIONS: [&str; 3] = ["data", "timeout", "total_timeout"];

impl RouteAttribute {
    /// Parses a route attribute; `None` when it has errors (recorded in `errors`).
    pub(crate) fn parse(attr: &Attribute, errors: &mut Errors) -> Option<RouteAttribute> {
        let method = attr.path().get_ident().and_then(Method::from_ident)?;
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
        let arguments =
            match list.parse_args_with(|input: ParseStream| route_arguments(input, name)) {
                Ok(arguments) => arguments,
                Err(error) => {
                    errors.push(error);
                    return None;
                }
            };
        let mut ok = true;
        let mut body = None;
        let mut timeout_ms = None;
        let mut total_timeout_ms = None;
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in &arguments.options {
            let key_name = key.to_string();
            if seen.contains(&key_name) {
                let message = if key_name == "data" {
                    "a method has one body; `data` is given twice".to_owned()
                } else {
                    format!("duplicate argument `{key_name}`")
                };
                errors.spanned(key, message);
                ok = false;
                continue;
            }
            seen.push(key_name.clone());
            match key_name.as_str() {
                "data" => {
                    if !method.allows_body() {
                        errors.spanned(
                            key,
                            format_args!(
                                "`#[{name}]` requests cannot have a body; use `#[post]`, `#[put]` \
                                 or `#[patch]` to send `data`"
                            ),
                        );
                        ok = false;
                    }
                    body = parse_whole_placeholder(value, "`data = \"<param>\"`", errors);
                    ok &= body.is_some();
                }
                "timeout" => {
                    timeout_ms = parse_duration(value, errors);
                    ok &= timeout_ms.is_some();
                }
                "total_timeout" => {
                    total_timeout_ms = parse_duration(value, errors);
                    ok &= total_timeout_ms.is_some();
                }
                other => {
                    let hint = match did_you_mean(other, OPTIONS) {
                        Some(candidate) => format!("; did you mean `{candidate}`?"),
                        None => String::new(),
                    };
                    errors.spanned(
                        key,
                        format_args!(
                            "unknown argument `{other}`; expected `data`, `timeout` or \
                             `total_timeout`{hint}"
                        ),
                    );
                    ok = false;
                }
            }
        }
        let route = Route::parse(&arguments.route, errors)?;
        ok.then_some(RouteAttribute {
            method,
            route,
            body,
            timeout_ms,
            total_timeout_ms,
        })
    }
}

struct RouteArguments {
    route: LitStr,
    options: Vec<(Ident, LitStr)>,
}

fn route_arguments(input: ParseStream, name: &str) -> syn::Result<RouteArguments> {
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
    let route: LitStr = input.parse()?;
    let mut options = Vec::new();
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        if !input.peek(Ident) {
            return Err(input.error(format_args!(
                "unexpected argument after the route; expected `key = \"value\"` with `data`, \
                 `timeout` or `total_timeout`, as in `#[{name}(\"/path\", timeout = \"5s\")]`"
            )));
        }
        let key: Ident = input.parse()?;
        let example = match key.to_string().as_str() {
            "data" => "data = \"<body>\"",
            "timeout" => "timeout = \"5s\"",
            "total_timeout" => "total_timeout = \"30s\"",
            _ => "data = \"<body>\"` or `timeout = \"5s\"",
        };
        if !input.peek(Token![=]) {
            return Err(syn::Error::new(
                key.span(),
                format_args!("expected a value for `{key}`, as in `{example}`"),
            ));
        }
        input.parse::<Token![=]>()?;
        if !input.peek(LitStr) {
            return Err(input.error(format_args!(
                "expected a string literal for `{key}`, as in `{example}`"
            )));
        }
        options.push((key, input.parse()?));
    }
    Ok(RouteArguments { route, options })
}

/// `"250ms"`, `"30s"`, `"2m"`: a whole positive number and a unit.
fn parse_duration(literal: &LitStr, errors: &mut Errors) -> Option<u64> {
    let text = literal.value();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let factor = match unit {
        "ms" => Some(1),
        "s" => Some(1_000),
        "m" => Some(60_000),
        _ => None,
    };
    let whole = factor.is_some() && !number.is_empty();
    let millis = factor.and_then(|factor| number.parse::<u64>().ok()?.checked_mul(factor));
    match millis {
        None if whole => {
            errors.at(
                literal.span(),
                format_args!("timeout `\"{text}\"` is too large"),
            );
            None
        }
        Some(0) => {
            errors.at(literal.span(), "the timeout must be longer than zero");
            None
        }
        Some(millis) => Some(millis),
        None => {
            errors.at(
                literal.span(),
                format_args!(
                    "invalid timeout `\"{text}\"`; expected a whole number followed by `ms`, `s` \
                     or `m`, as in `\"250ms\"` or `\"30s\"`"
                ),
            );
            None
        }
    }
}

/// A `#[header("Name")]` on a parameter, with its name lowercased for `HeaderName::from_static`.
pub(crate) struct HeaderAttribute {
    pub(crate) name: String,
    pub(crate) lowercase: String,
    pub(crate) span: Span,
}

/// Headers the client sets itself or that describe the connection; a parameter must not
/// replace them.
const RESERVED_HEADERS: [&str; 11] = [
    "authorization",
    "proxy-authorization",
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
];

pub(crate) fn is_header_attribute(attr: &Attribute) -> bool {
    attr.path().is_ident("header")
}

impl HeaderAttribute {
    pub(crate) fn parse(attr: &Attribute, errors: &mut Errors) -> Option<HeaderAttribute> {
        let literal = match &attr.meta {
            Meta::List(list) => list.parse_args::<LitStr>().ok(),
            _ => None,
        };
        let Some(literal) = literal else {
            errors.spanned(
                attr,
                "expected a header name as a string literal, as in `#[header(\"Idempotency-Key\")]`",
            );
            return None;
        };
        let name = literal.value();
        if name.is_empty() || !name.bytes().all(is_token_char) {
            errors.at(
                literal.span(),
                format_args!(
                    "invalid header name `{}`; expected letters, digits and `-`, as in \
                     `\"Idempotency-Key\"`",
                    name.escape_debug()
                ),
            );
            return None;
        }
        let lowercase = name.to_ascii_lowercase();
        if RESERVED_HEADERS.contains(&lowercase.as_str()) {
            errors.at(
                literal.span(),
                format_args!(
                    "`{name}` cannot be set from a parameter; the client sets it or it describes \
                     the connection"
                ),
            );
            return None;
        }
        Some(HeaderAttribute {
            name,
            lowercase,
            span: literal.span(),
        })
    }
}

/// `tchar` of RFC 9110.
fn is_token_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn parse_full(attr: Attribute) -> Result<RouteAttribute, String> {
        let mut errors = Errors::default();
        let parsed = RouteAttribute::parse(&attr, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(parsed.expect("a route without errors")),
            Err(error) => Err(error
                .into_iter()
                .map(|error| error.to_string())
                .collect::<Vec<_>>()
                .join("\n")),
        }
    }

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
        let cases: [(Attribute, &str); 7] = [
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
                "unexpected argument after the route; expected `key = \"value\"` with `data`, \
                 `timeout` or `total_timeout`, as in `#[get(\"/path\", timeout = \"5s\")]`",
            ),
        ];
        for (attr, expected) in cases {
            assert_eq!(parse(attr).unwrap_err(), expected);
        }
    }

    #[test]
    fn every_verb_and_its_options() {
        let post =
            parse_full(parse_quote!(#[post("/campaigns", data = "<campaign>", timeout = "5s")]))
                .unwrap();
        assert_eq!(post.method, Method::Post);
        assert_eq!(post.body.map(|body| body.name).as_deref(), Some("campaign"));
        assert_eq!(post.timeout_ms, Some(5_000));
        for (attr, method) in [
            (parse_quote!(#[put("/a")]), Method::Put),
            (parse_quote!(#[patch("/a")]), Method::Patch),
            (parse_quote!(#[delete("/a")]), Method::Delete),
            (parse_quote!(#[head("/a")]), Method::Head),
        ] {
            assert_eq!(parse_full(attr).unwrap().method, method);
        }
        let get = parse_full(parse_quote!(#[get("/a", timeout = "250ms",)])).unwrap();
        assert_eq!(get.timeout_ms, Some(250));
        assert_eq!(get.total_timeout_ms, None);
        let both = parse_full(parse_quote!(#[get("/a", timeout = "2s", total_timeout = "5s")]));
        let both = both.unwrap();
        assert_eq!(
            (both.timeout_ms, both.total_timeout_ms),
            (Some(2_000), Some(5_000))
        );
        assert_eq!(
            parse_full(parse_quote!(#[get("/a", timeout = "2m")]))
                .unwrap()
                .timeout_ms,
            Some(120_000)
        );
    }

    #[test]
    fn option_errors() {
        let cases: [(Attribute, &str); 10] = [
            (
                parse_quote!(#[get("/a", data = "<body>")]),
                "`#[get]` requests cannot have a body; use `#[post]`, `#[put]` or `#[patch]` to send `data`",
            ),
            (
                parse_quote!(#[post("/a", data = "<a>", data = "<b>")]),
                "a method has one body; `data` is given twice",
            ),
            (
                parse_quote!(#[post("/a", data = "body")]),
                "expected `data = \"<param>\"`, found `\"body\"`",
            ),
            (
                parse_quote!(#[post("/a", timout = "1s")]),
                "unknown argument `timout`; expected `data`, `timeout` or `total_timeout`; did you mean `timeout`?",
            ),
            (
                parse_quote!(#[post("/a", retries = "1")]),
                "unknown argument `retries`; expected `data`, `timeout` or `total_timeout`",
            ),
            (
                parse_quote!(#[get("/a", timeout = "1.5s")]),
                "invalid timeout `\"1.5s\"`; expected a whole number followed by `ms`, `s` or `m`, as in `\"250ms\"` or `\"30s\"`",
            ),
            (
                parse_quote!(#[get("/a", timeout = "0ms")]),
                "the timeout must be longer than zero",
            ),
            (
                parse_quote!(#[get("/a", timeout = 5)]),
                "expected a string literal for `timeout`, as in `timeout = \"5s\"`",
            ),
            (
                parse_quote!(#[post("/a", data)]),
                "expected a value for `data`, as in `data = \"<body>\"`",
            ),
            (
                parse_quote!(#[get("/a", timeout = "99999999999999999999ms")]),
                "timeout `\"99999999999999999999ms\"` is too large",
            ),
        ];
        for (attr, expected) in cases {
            assert_eq!(parse_full(attr).err().as_deref(), Some(expected));
        }
    }

    #[test]
    fn header_names() {
        let parse_header = |attr: Attribute| {
            let mut errors = Errors::default();
            let parsed = HeaderAttribute::parse(&attr, &mut errors);
            match errors.into_result() {
                Ok(()) => Ok(parsed.expect("a header").lowercase),
                Err(error) => Err(error.to_string()),
            }
        };
        assert_eq!(
            parse_header(parse_quote!(#[header("Idempotency-Key")])).unwrap(),
            "idempotency-key"
        );
        assert!(
            parse_header(parse_quote!(#[header("Bad Name")]))
                .unwrap_err()
                .starts_with("invalid header name `Bad Name`")
        );
        assert!(
            parse_header(parse_quote!(#[header("")]))
                .unwrap_err()
                .starts_with("invalid header name")
        );
        assert!(
            parse_header(parse_quote!(#[header("X-\n")]))
                .unwrap_err()
                .starts_with("invalid header name")
        );
        assert!(
            parse_header(parse_quote!(#[header("Authorization")]))
                .unwrap_err()
                .starts_with("`Authorization` cannot be set")
        );
        assert!(
            parse_header(parse_quote!(#[header]))
                .unwrap_err()
                .starts_with("expected a header name")
        );
        assert!(
            parse_header(parse_quote!(#[header(NAME)]))
                .unwrap_err()
                .starts_with("expected a header name")
        );
    }
}
