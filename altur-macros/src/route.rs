//! The route grammar: `"/enduser/<id>"` into literal text and placeholders, with spans.

use crate::errors::Errors;
use proc_macro2::Span;
use std::ops::Range;
use syn::LitStr;

/// A route template, parsed and checked at expansion time.
pub(crate) struct Route {
    pub(crate) template: String,
    pub(crate) parts: Vec<RoutePart>,
}

/// One piece of the path, in order. Consecutive literal text is merged.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RoutePart {
    Literal(String),
    Placeholder(Placeholder),
}

#[derive(Debug)]
pub(crate) struct Placeholder {
    pub(crate) name: String,
    pub(crate) span: Span,
}

impl PartialEq for Placeholder {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Placeholder {}

impl Route {
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.parts.iter().filter_map(|part| match part {
            RoutePart::Placeholder(placeholder) => Some(placeholder),
            RoutePart::Literal(_) => None,
        })
    }

    /// Parses `literal`, recording every problem in `errors`. Returns `None` when the route has
    /// any error, so later stages never see a half-valid route.
    pub(crate) fn parse(literal: &LitStr, errors: &mut Errors) -> Option<Route> {
        let template = literal.value();
        let spans = SubSpans::new(literal, &template);
        let mut parser = Parser {
            spans,
            parts: Vec::new(),
            ok: true,
            errors,
        };
        parser.route(&template);
        let Parser { parts, ok, .. } = parser;
        ok.then_some(Route { template, parts })
    }
}

struct Parser<'a> {
    spans: SubSpans,
    parts: Vec<RoutePart>,
    ok: bool,
    errors: &'a mut Errors,
}

impl Parser<'_> {
    fn error(&mut self, range: Range<usize>, message: impl std::fmt::Display) {
        self.ok = false;
        self.errors.at(self.spans.get(range), message);
    }

    fn route(&mut self, template: &str) {
        if !template.starts_with('/') {
            let range = 0..template.len();
            self.error(
                range,
                format_args!(
                    "route must start with `/`, found `{template}`; write `\"/{template}\"`"
                ),
            );
            return;
        }
        let segment_count = template[1..].split('/').count();
        let mut offset = 1;
        for (index, segment) in template[1..].split('/').enumerate() {
            self.literal("/");
            let is_last = index + 1 == segment_count;
            self.segment(segment, offset, is_last);
            offset += segment.len() + 1;
        }
    }

    fn segment(&mut self, segment: &str, start: usize, is_last: bool) {
        let range = start..start + segment.len();
        if segment.contains(['<', '>']) {
            self.placeholder(segment, range);
        } else if segment.is_empty() {
            if !is_last {
                self.error(
                    start - 1..start + 1,
                    "empty path segment `//` in route; remove the extra `/`",
                );
            }
        } else if segment == "." || segment == ".." {
            self.error(
                range,
                format_args!("`{segment}` segments are not allowed in a route"),
            );
        } else {
            self.literal_segment(segment, start);
        }
    }

    fn placeholder(&mut self, segment: &str, range: Range<usize>) {
        let Some(inner) = segment.strip_prefix('<') else {
            self.error(
                range,
                format_args!(
                    "placeholder must fill a whole path segment, found `{segment}`; \
                     expected `/<name>` between two `/`"
                ),
            );
            return;
        };
        let Some(name) = inner.strip_suffix('>') else {
            self.error(
                range,
                format_args!(
                    "unclosed placeholder `{segment}`; expected `>` at the end of the segment"
                ),
            );
            return;
        };
        if name.contains(['<', '>']) {
            self.error(
                range,
                format_args!(
                    "placeholder must fill a whole path segment, found `{segment}`; \
                     expected one `<name>` between two `/`"
                ),
            );
        } else if name.is_empty() {
            self.error(
                range,
                "empty placeholder `<>`; expected a parameter name, as in `<id>`",
            );
        } else if let Some(raw) = name.strip_prefix("r#")
            && is_identifier(raw)
        {
            self.error(
                range,
                format_args!(
                    "invalid placeholder `<{name}>`; write `<{raw}>`, which binds the parameter `{name}`"
                ),
            );
        } else if !is_identifier(name) {
            self.error(
                range,
                format_args!(
                    "invalid placeholder `<{name}>`; expected a parameter name (a Rust identifier)"
                ),
            );
        } else {
            let span = self.spans.get(range);
            self.parts.push(RoutePart::Placeholder(Placeholder {
                name: name.to_owned(),
                span,
            }));
        }
    }

    fn literal_segment(&mut self, segment: &str, start: usize) {
        let bytes = segment.as_bytes();
        let mut index = 0;
        while index < bytes.len() {
            let byte = bytes[index];
            let at = start + index;
            if byte == b'%' {
                let escape = bytes.get(index + 1..index + 3);
                if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                    self.error(
                        at..(at + 3).min(start + segment.len()),
                        "invalid percent-encoding in route; expected `%` followed by two hex digits",
                    );
                    return;
                }
                index += 3;
                continue;
            }
            if !is_path_char(byte) {
                let character = segment[index..].chars().next().unwrap_or_default();
                let message = match character {
                    '?' => "query strings are not supported in routes yet".to_owned(),
                    '#' => "a route cannot contain a fragment (`#`)".to_owned(),
                    _ => format!(
                        "character `{}` is not allowed in a route; percent-encode it",
                        character.escape_debug()
                    ),
                };
                self.error(at..at + character.len_utf8(), message);
                return;
            }
            index += 1;
        }
        self.literal(segment);
    }

    fn literal(&mut self, text: &str) {
        match self.parts.last_mut() {
            Some(RoutePart::Literal(previous)) => previous.push_str(text),
            _ => self.parts.push(RoutePart::Literal(text.to_owned())),
        }
    }
}

/// `pchar` of RFC 3986 without `%`, which is checked separately.
fn is_path_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte)
}

pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|first| first == '_' || first.is_ascii_alphabetic());
    starts_well && name != "_" && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Spans of byte ranges inside a string literal, as Rocket's `StringLit::subspan` does.
///
/// `proc_macro` only resolves sub-spans on nightly; elsewhere (or when the literal contains
/// escapes, which shift offsets) every range falls back to the whole literal.
struct SubSpans {
    literal: proc_macro2::Literal,
    whole: Span,
    exact: bool,
}

impl SubSpans {
    fn new(literal: &LitStr, value: &str) -> Self {
        let token = literal.token();
        let exact = token.to_string() == format!("\"{value}\"");
        SubSpans {
            literal: token,
            whole: literal.span(),
            exact,
        }
    }

    fn get(&self, range: Range<usize>) -> Span {
        if !self.exact {
            return self.whole;
        }
        self.literal
            .subspan(range.start + 1..range.end + 1)
            .unwrap_or(self.whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(template: &str) -> Result<Vec<RoutePart>, String> {
        let literal = LitStr::new(template, Span::call_site());
        let mut errors = Errors::default();
        let route = Route::parse(&literal, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(route.expect("a route without errors").parts),
            Err(error) => Err(error
                .into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")),
        }
    }

    fn lit(text: &str) -> RoutePart {
        RoutePart::Literal(text.to_owned())
    }

    fn param(name: &str) -> RoutePart {
        RoutePart::Placeholder(Placeholder {
            name: name.to_owned(),
            span: Span::call_site(),
        })
    }

    #[test]
    fn literal_text_is_merged_around_placeholders() {
        assert_eq!(
            parse("/enduser/<id>").unwrap(),
            vec![lit("/enduser/"), param("id")]
        );
        assert_eq!(
            parse("/campaigns/<id>/contacts/<contact_id>").unwrap(),
            vec![
                lit("/campaigns/"),
                param("id"),
                lit("/contacts/"),
                param("contact_id")
            ]
        );
        assert_eq!(
            parse("/<a>/<b>").unwrap(),
            vec![lit("/"), param("a"), lit("/"), param("b")]
        );
    }

    #[test]
    fn root_and_trailing_slash_are_literal() {
        assert_eq!(parse("/").unwrap(), vec![lit("/")]);
        assert_eq!(parse("/enduser/").unwrap(), vec![lit("/enduser/")]);
        assert_eq!(
            parse("/v1.0/a-b_c~d/x:y@z/%20").unwrap(),
            vec![lit("/v1.0/a-b_c~d/x:y@z/%20")]
        );
    }

    #[test]
    fn malformed_placeholders_are_errors() {
        let cases = [
            ("/enduser/<id", "unclosed placeholder `<id`"),
            ("/enduser/<>", "empty placeholder `<>`"),
            ("/enduser/<1x>", "invalid placeholder `<1x>`"),
            ("/enduser/<_>", "invalid placeholder `<_>`"),
            (
                "/enduser/<r#type>",
                "invalid placeholder `<r#type>`; write `<type>`, which binds the parameter `r#type`",
            ),
            ("/enduser/<a-b>", "invalid placeholder `<a-b>`"),
            (
                "/enduser/v<x>",
                "placeholder must fill a whole path segment, found `v<x>`",
            ),
            ("/enduser/<x>v", "unclosed placeholder `<x>v`"),
            (
                "/enduser/<a><b>",
                "placeholder must fill a whole path segment, found `<a><b>`",
            ),
            (
                "/enduser/id>",
                "placeholder must fill a whole path segment, found `id>`",
            ),
        ];
        for (template, expected) in cases {
            let error = parse(template).expect_err(template);
            assert!(error.contains(expected), "{template}: {error}");
        }
    }

    #[test]
    fn route_shape_errors() {
        let cases = [
            (
                "enduser/<id>",
                "route must start with `/`, found `enduser/<id>`",
            ),
            ("", "route must start with `/`"),
            ("/a//b", "empty path segment `//`"),
            ("/a/../b", "`..` segments are not allowed"),
            ("/a/./b", "`.` segments are not allowed"),
            ("/a b", "character ` ` is not allowed"),
            ("/caf\u{e9}", "character `\u{e9}` is not allowed"),
            ("/a?b=1", "query strings are not supported"),
            ("/a#top", "fragment"),
            ("/a%2", "invalid percent-encoding"),
            ("/a%zz", "invalid percent-encoding"),
        ];
        for (template, expected) in cases {
            let error = parse(template).expect_err(template);
            assert!(error.contains(expected), "{template:?}: {error}");
        }
    }

    #[test]
    fn every_error_of_a_route_is_reported() {
        let error = parse("/<>/<1x>/v<x>").unwrap_err();
        assert_eq!(error.lines().count(), 3, "{error}");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("id"));
        assert!(is_identifier("_id"));
        assert!(is_identifier("thread_id2"));
        assert!(!is_identifier("2id"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("r#id"));
    }
}
