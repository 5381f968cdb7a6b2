//! Cross-checks between a route, its options and the method's parameters.

use crate::ast::{Api, Endpoint};
use crate::attr::Method;
use crate::errors::Errors;
use crate::route::Placeholder;
use proc_macro2::Span;
use syn::ext::IdentExt;

impl Api {
    pub(crate) fn check(&self, errors: &mut Errors) {
        for endpoint in &self.endpoints {
            check_bindings(endpoint, errors);
            check_headers(endpoint, errors);
            check_head_response(endpoint, errors);
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

struct Use<'a> {
    name: &'a str,
    span: Span,
    place: Place,
}

fn placed(place: Place) -> impl Fn(&Placeholder) -> Use<'_> {
    move |placeholder| Use {
        name: &placeholder.name,
        span: placeholder.span,
        place,
    }
}

/// Every placeholder binds a parameter, and every parameter is sent exactly once: in the path,
/// in the query, as the body or as a header.
fn check_bindings(endpoint: &Endpoint, errors: &mut Errors) {
    let param_names: Vec<String> = endpoint
        .params
        .iter()
        .map(|param| param.ident.unraw().to_string())
        .collect();
    let mut uses: Vec<Use<'_>> = Vec::new();
    uses.extend(endpoint.route.path_placeholders().map(placed(Place::Path)));
    uses.extend(
        endpoint
            .route
            .query_placeholders()
            .map(placed(Place::Query)),
    );
    uses.extend(endpoint.body.iter().map(placed(Place::Body)));
    for (param, name) in endpoint.params.iter().zip(&param_names) {
        if let Some(header) = &param.header {
            uses.push(Use {
                name,
                span: header.span,
                place: Place::Header,
            });
        }
    }

    let mut bound: Vec<&Use<'_>> = Vec::new();
    let mut unmatched = Vec::new();
    for current in &uses {
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
            continue;
        }
        bound.push(current);
        if !param_names.iter().any(|param| param == current.name) {
            unmatched.push(current);
        }
    }
    let mut unused: Vec<&str> = param_names
        .iter()
        .map(String::as_str)
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
            None => format!("add a parameter `{name}` to `{}`", endpoint.sig.ident),
        };
        errors.at(
            placeholder.span,
            format_args!("placeholder `<{name}>` has no matching parameter; {hint}"),
        );
    }
    for (param, name) in endpoint.params.iter().zip(&param_names) {
        if unused.contains(&name.as_str()) {
            errors.spanned(
                &param.ident,
                format_args!(
                    "parameter `{name}` is not sent; add `<{name}>` to the route `\"{}\"`, \
                     or send it with `data = \"<{name}>\"` or `#[header(\"..\")]`",
                    endpoint.route.template
                ),
            );
        }
    }
}

fn check_headers(endpoint: &Endpoint, errors: &mut Errors) {
    let mut seen: Vec<&str> = Vec::new();
    for header in endpoint
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
        } else {
            seen.push(&header.lowercase);
        }
    }
}

fn check_head_response(endpoint: &Endpoint, errors: &mut Errors) {
    if endpoint.method == Method::Head && endpoint.output.shape.reads_body() {
        errors.spanned(
            &endpoint.output.ok,
            "`#[head]` responses have no body; return `()` or `Response<()>`",
        );
    }
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
    use crate::ast::Api;
    use crate::errors::Errors;
    use syn::parse_quote;

    fn check(item: syn::ItemTrait) -> Vec<String> {
        let mut errors = Errors::default();
        let api = Api::from_syn(syn::Item::Trait(item), &mut errors).expect("a trait");
        api.check(&mut errors);
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
}
