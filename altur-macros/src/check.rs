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
    for placeholder in endpoint.route.placeholders() {
        let name = placeholder.name.as_str();
        if bound.contains(&name) {
            errors.at(
                placeholder.span,
                format_args!(
                    "duplicate placeholder `<{name}>` in route; a parameter fills one segment"
                ),
            );
            continue;
        }
        bound.push(name);
        if !param_names.iter().any(|param| param == name) {
            let hint = match did_you_mean(name, param_names.iter().map(String::as_str)) {
                Some(candidate) => format!("; did you mean `{candidate}`?"),
                None => format!("; add a parameter `{name}` to `{}`", endpoint.sig.ident),
            };
            errors.at(
                placeholder.span,
                format_args!("placeholder `<{name}>` has no matching parameter{hint}"),
            );
        }
    }
    for (param, name) in endpoint.params.iter().zip(&param_names) {
        if !bound.contains(&name.as_str()) {
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
