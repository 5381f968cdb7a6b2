//! Cross-checks between a route and the method's parameters.

use crate::ast::{Api, Endpoint};
use crate::errors::Errors;
use syn::ext::IdentExt;

impl Api {
    pub(crate) fn check(&self, errors: &mut Errors) {
        for endpoint in &self.endpoints {
            check_bindings(endpoint, errors);
        }
    }
}

/// Every placeholder binds exactly one parameter and every parameter is bound.
fn check_bindings(endpoint: &Endpoint, errors: &mut Errors) {
    let param_names: Vec<String> = endpoint
        .params
        .iter()
        .map(|param| param.ident.unraw().to_string())
        .collect();
    let mut bound: Vec<&str> = Vec::new();
    let mut unmatched = Vec::new();
    for placeholder in endpoint.route.placeholders() {
        let name = placeholder.name.as_str();
        if bound.contains(&name) {
            errors.at(
                placeholder.span,
                format_args!(
                    "duplicate placeholder `<{name}>`; a parameter fills one segment only"
                ),
            );
        } else {
            bound.push(name);
            if !param_names.iter().any(|param| param == name) {
                unmatched.push(placeholder);
            }
        }
    }
    let mut unused: Vec<&str> = param_names
        .iter()
        .map(String::as_str)
        .filter(|name| !bound.contains(name))
        .collect();
    for placeholder in unmatched {
        let name = &placeholder.name;
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
                    "parameter `{name}` is not used by the route `\"{}\"`; add a `<{name}>` placeholder",
                    endpoint.route.template
                ),
            );
        }
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
                "parameter `id` is not used by the route `\"/a/<thread>\"`; add a `<id>` placeholder",
            ]
        );
    }
}
