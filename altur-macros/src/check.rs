//! Cross-checks between a route, its options and the method's parameters, and the binding of
//! every placeholder to its parameter.

use crate::ast::{
    Api, BoundApi, BoundBody, BoundEndpoint, BoundHeader, BoundPathPart, BoundQueryPart,
    Declaration, Endpoint, Param,
};
use crate::attr::Method;
use crate::errors::Errors;
use crate::route::{PathPart, Placeholder, QueryPart};
use proc_macro2::Span;

impl Api {
    /// Checks every endpoint and binds what its route sends to the method's parameters, with
    /// every problem recorded in `errors`. Endpoints that have one are left out, so that later
    /// checks still see every other endpoint; the result is complete, and can be expanded,
    /// only when `errors` is empty.
    pub(crate) fn check(&self, errors: &mut Errors) -> BoundApi<'_> {
        let mut endpoints = Vec::new();
        for endpoint in &self.endpoints {
            let bound = bind(endpoint, errors);
            let headers_ok = check_headers(&endpoint.declaration, errors);
            let head_ok = check_head_response(endpoint, errors);
            if let Some(bound) = bound
                && headers_ok
                && head_ok
            {
                endpoints.push(bound);
            }
        }
        BoundApi {
            item: &self.item,
            endpoints,
            provided: &self.provided,
        }
    }
}

/// Where a parameter is sent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Body,
    Header,
}

impl Place {
    fn describe(self) -> &'static str {
        match self {
            Place::Path => "in the path",
            Place::Query => "in the query",
            Place::Body => "as the body",
            Place::Header => "as a header",
        }
    }
}

/// One place the route sends a parameter, and the parameter it names, if there is one.
struct Use<'a> {
    name: &'a str,
    span: Span,
    place: Place,
    param: Option<&'a Param>,
}

/// Binds every placeholder, the body and the headers to the parameters they send, looking each
/// name up once. `None` when a name has no parameter or a parameter is not sent exactly once.
fn bind<'a>(endpoint: &'a Endpoint, errors: &mut Errors) -> Option<BoundEndpoint<'a>> {
    let Endpoint {
        declaration,
        attribute,
    } = endpoint;
    let params: Vec<(String, &Param)> = declaration
        .params
        .iter()
        .map(|param| (param.name(), param))
        .collect();
    let mut uses: Vec<Use<'_>> = Vec::new();
    let mut resolve = |placeholder: &'a Placeholder, place: Place| {
        let param = params
            .iter()
            .find(|(name, _)| *name == placeholder.name)
            .map(|&(_, param)| param);
        uses.push(Use {
            name: &placeholder.name,
            span: placeholder.span,
            place,
            param,
        });
        param
    };
    let path: Vec<Option<BoundPathPart<'_>>> = attribute
        .route
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => Some(BoundPathPart::Literal(text)),
            PathPart::Placeholder(placeholder) => {
                resolve(placeholder, Place::Path).map(BoundPathPart::Param)
            }
        })
        .collect();
    let query: Vec<Option<BoundQueryPart<'_>>> = attribute
        .route
        .query
        .iter()
        .map(|part| match part {
            QueryPart::Constant { key, value, span } => Some(BoundQueryPart::Constant {
                key,
                value,
                span: span.0,
            }),
            QueryPart::Param { key, placeholder } => {
                resolve(placeholder, Place::Query).map(|param| BoundQueryPart::Param {
                    key,
                    param,
                    span: placeholder.span,
                })
            }
            QueryPart::Struct(placeholder) => {
                resolve(placeholder, Place::Query).map(BoundQueryPart::Struct)
            }
        })
        .collect();
    let body = attribute.body.as_ref().map(|placeholder| {
        resolve(placeholder, Place::Body).map(|param| BoundBody {
            param,
            span: placeholder.span,
        })
    });
    let mut headers = Vec::new();
    for (name, param) in &params {
        if let Some(header) = &param.header {
            uses.push(Use {
                name,
                span: header.span,
                place: Place::Header,
                param: Some(param),
            });
            headers.push(BoundHeader { param, header });
        }
    }
    if !check_uses(endpoint, &params, &uses, errors) {
        return None;
    }
    Some(BoundEndpoint {
        declaration,
        method: attribute.method,
        template: &attribute.route.template,
        route_span: attribute.route.span,
        path: path.into_iter().collect::<Option<_>>()?,
        query: query.into_iter().collect::<Option<_>>()?,
        headers,
        body: match body {
            Some(param) => Some(param?),
            None => None,
        },
        timeout_ms: attribute.timeout_ms,
        total_timeout_ms: attribute.total_timeout_ms,
    })
}

/// Every placeholder names a parameter, and every parameter is sent exactly once: in the path,
/// in the query, as the body or as a header.
fn check_uses(
    endpoint: &Endpoint,
    params: &[(String, &Param)],
    uses: &[Use<'_>],
    errors: &mut Errors,
) -> bool {
    let mut ok = true;
    let mut bound: Vec<&Use<'_>> = Vec::new();
    let mut unmatched = Vec::new();
    for current in uses {
        if let Some(first) = bound.iter().find(|used| used.name == current.name) {
            let name = current.name;
            let message = if first.place == Place::Path && current.place == Place::Path {
                format!("duplicate placeholder `<{name}>`; a parameter fills one segment only")
            } else {
                format!(
                    "parameter `{name}` is used twice, {} and {}; a parameter is sent once",
                    first.place.describe(),
                    current.place.describe()
                )
            };
            errors.at(current.span, message);
            ok = false;
            continue;
        }
        bound.push(current);
        if current.param.is_none() {
            unmatched.push(current);
        }
    }
    let mut unused: Vec<&str> = params
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !bound.iter().any(|used| used.name == *name))
        .collect();
    for placeholder in unmatched {
        let name = placeholder.name;
        // A near name is one mistake, a typo, so it is reported once, at the placeholder, and
        // the parameter is no longer reported as unused.
        let hint = match did_you_mean(name, unused.iter().copied()) {
            Some(candidate) => {
                unused.retain(|param| *param != candidate);
                format!("did you mean `{candidate}`?")
            }
            None => format!(
                "add a parameter `{name}` to `{}`",
                endpoint.declaration.sig.ident
            ),
        };
        errors.at(
            placeholder.span,
            format_args!("placeholder `<{name}>` has no matching parameter; {hint}"),
        );
        ok = false;
    }
    for (name, param) in params {
        if unused.contains(&name.as_str()) {
            errors.spanned(
                &param.ident,
                format_args!(
                    "parameter `{name}` is not sent; add `<{name}>` to the route `\"{}\"`, \
                     or send it with `data = \"<{name}>\"` or `#[header(\"..\")]`",
                    endpoint.attribute.route.template
                ),
            );
            ok = false;
        }
    }
    ok
}

fn check_headers(declaration: &Declaration, errors: &mut Errors) -> bool {
    let mut ok = true;
    let mut seen: Vec<&str> = Vec::new();
    for header in declaration
        .params
        .iter()
        .filter_map(|param| param.header.as_ref())
    {
        if seen.contains(&header.lowercase.as_str()) {
            errors.at(
                header.span,
                format_args!(
                    "duplicate header `{}`; each header is set once",
                    header.name
                ),
            );
            ok = false;
        } else {
            seen.push(&header.lowercase);
        }
    }
    ok
}

fn check_head_response(endpoint: &Endpoint, errors: &mut Errors) -> bool {
    let output = &endpoint.declaration.output;
    let expects_body = endpoint.attribute.method == Method::Head && output.shape.reads_body();
    if expects_body {
        errors.spanned(
            &output.ok,
            "`#[head]` responses have no body; return `()` or `Response<()>`",
        );
    }
    !expects_body
}

/// The closest candidate within a small edit distance, for "did you mean" hints.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_near_names_only() {
        assert_eq!(did_you_mean("idd", ["id", "name"]), Some("id"));
        assert_eq!(
            did_you_mean("thread", ["thread_id", "threads"]),
            Some("threads")
        );
        assert_eq!(did_you_mean("id", ["name", "page"]), None);
        assert_eq!(did_you_mean("x", []), None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("id", "id"), 0);
    }
}

#[cfg(test)]
mod binding_tests {
    use crate::ast::{Api, BoundPathPart, BoundQueryPart, Param};
    use crate::errors::Errors;
    use syn::parse_quote;

    fn check(item: syn::ItemTrait) -> Vec<String> {
        let mut errors = Errors::default();
        let api = Api::from_syn(syn::Item::Trait(item), &mut errors).expect("a trait");
        let bound = api.check(&mut errors).endpoints.len();
        assert_eq!(
            bound == api.endpoints.len(),
            errors.is_empty(),
            "every endpoint bound exactly when nothing is wrong"
        );
        match errors.into_result() {
            Ok(()) => Vec::new(),
            Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
        }
    }

    #[test]
    fn every_placeholder_binds_one_parameter() {
        let errors = check(parse_quote! {
            trait Api {
                #[get("/a/<id>/b/<type>/<type>")]
                async fn m(&self, r#type: &str, id: u8) -> Result<()>;
            }
        });
        assert_eq!(
            errors,
            ["duplicate placeholder `<type>`; a parameter fills one segment only"]
        );
    }

    #[test]
    fn a_near_name_is_one_error() {
        let errors = check(parse_quote! {
            trait Api {
                #[get("/a/<user_id>")]
                async fn m(&self, usr_id: u8) -> Result<()>;
            }
        });
        assert_eq!(
            errors,
            ["placeholder `<user_id>` has no matching parameter; did you mean `usr_id`?"]
        );
    }

    #[test]
    fn unrelated_names_are_two_errors() {
        let errors = check(parse_quote! {
            trait Api {
                #[get("/a/<thread>")]
                async fn m(&self, id: u8) -> Result<()>;
            }
        });
        assert_eq!(
            errors,
            [
                "placeholder `<thread>` has no matching parameter; add a parameter `thread` to `m`",
                "parameter `id` is not sent; add `<id>` to the route `\"/a/<thread>\"`, or send it \
                 with `data = \"<id>\"` or `#[header(\"..\")]`",
            ]
        );
    }

    #[test]
    fn each_parameter_is_sent_once() {
        let errors = check(parse_quote! {
            trait Api {
                #[post("/a/<id>?id=<id>", data = "<id>")]
                async fn m(&self, id: u8) -> Result<()>;
            }
        });
        assert_eq!(
            errors,
            [
                "parameter `id` is used twice, in the path and in the query; a parameter is sent once",
                "parameter `id` is used twice, in the path and as the body; a parameter is sent once",
            ]
        );
        let errors = check(parse_quote! {
            trait Api {
                #[post("/a?<key>")]
                async fn m(&self, #[header("Idempotency-Key")] key: &str) -> Result<()>;
            }
        });
        assert_eq!(
            errors,
            [
                "parameter `key` is used twice, in the query and as a header; a parameter is sent once"
            ]
        );
    }

    #[test]
    fn every_form_binds() {
        let errors = check(parse_quote! {
            trait Api {
                #[patch("/campaigns/<id>?pageSize=<page_size>&<filters..>&view=full", data = "<update>")]
                async fn m(
                    &self,
                    id: u64,
                    page_size: Option<u32>,
                    filters: &Filters,
                    update: &Update,
                    #[header("Idempotency-Key")] key: Option<&str>,
                ) -> Result<Response<()>>;
            }
        });
        assert_eq!(errors, Vec::<String>::new());
    }

    #[test]
    fn header_and_head_rules() {
        let errors = check(parse_quote! {
            trait Api {
                #[head("/a")]
                async fn m(
                    &self,
                    #[header("X-A")] a: &str,
                    #[header("x-a")] b: &str,
                ) -> Result<Thread>;
            }
        });
        assert_eq!(
            errors,
            [
                "duplicate header `x-a`; each header is set once",
                "`#[head]` responses have no body; return `()` or `Response<()>`",
            ]
        );
    }

    #[test]
    fn each_part_holds_the_parameter_it_sends() {
        let mut errors = Errors::default();
        let item: syn::ItemTrait = parse_quote! {
            trait Api {
                #[patch("/a/<id>/<type>?size=<page_size>&<filters..>&view=full", data = "<update>")]
                async fn m(
                    &self,
                    update: &Update,
                    #[header("Idempotency-Key")] key: &str,
                    filters: &Filters,
                    page_size: u32,
                    r#type: &str,
                    id: u64,
                ) -> Result<()>;
            }
        };
        let api = Api::from_syn(syn::Item::Trait(item), &mut errors).expect("a trait");
        let bound = api.check(&mut errors);
        assert!(errors.is_empty(), "every part bound");
        let [endpoint] = &bound.endpoints[..] else {
            panic!("one endpoint");
        };
        let ident = |param: &Param| param.ident.to_string();
        let path: Vec<String> = endpoint
            .path
            .iter()
            .map(|part| match part {
                BoundPathPart::Literal(text) => text.to_string(),
                BoundPathPart::Param(param) => format!("<{}>", ident(param)),
            })
            .collect();
        assert_eq!(path, ["/a/", "<id>", "/", "<r#type>"]);
        let query: Vec<String> = endpoint
            .query
            .iter()
            .map(|part| match part {
                BoundQueryPart::Constant { key, value, .. } => format!("{key}={value}"),
                BoundQueryPart::Param { key, param, .. } => format!("{key}=<{}>", ident(param)),
                BoundQueryPart::Struct(param) => format!("<{}..>", ident(param)),
            })
            .collect();
        assert_eq!(query, ["size=<page_size>", "<filters..>", "view=full"]);
        let headers: Vec<String> = endpoint
            .headers
            .iter()
            .map(|bound| format!("{}: <{}>", bound.header.name, ident(bound.param)))
            .collect();
        assert_eq!(headers, ["Idempotency-Key: <key>"]);
        assert_eq!(
            endpoint
                .body
                .as_ref()
                .map(|body| ident(body.param))
                .as_deref(),
            Some("update")
        );
    }

    #[test]
    fn an_endpoint_with_an_error_is_left_out() {
        let mut errors = Errors::default();
        let item: syn::ItemTrait = parse_quote! {
            trait Api {
                #[get("/a/<id>")]
                async fn m(&self, id: u8) -> Result<()>;

                #[head("/b")]
                async fn n(&self) -> Result<Thread>;
            }
        };
        let api = Api::from_syn(syn::Item::Trait(item), &mut errors).expect("a trait");
        let bound = api.check(&mut errors);
        let names: Vec<String> = bound
            .endpoints
            .iter()
            .map(|endpoint| endpoint.declaration.sig.ident.to_string())
            .collect();
        assert_eq!(names, ["m"]);
        assert!(!errors.is_empty());
    }
}
