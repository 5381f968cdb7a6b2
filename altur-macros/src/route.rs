//! The route grammar: `"/campaigns/<id>/contacts?pageSize=<page_size>&<filters..>"` into path
//! text, placeholders and query parts, with spans.

use crate::errors::Errors;
use proc_macro2::Span;
use std::ops::Range;
use syn::LitStr;

/// A route template, parsed and checked at expansion time.
pub(crate) struct Route {
    pub(crate) template: String,
    /// The route literal's.
    pub(crate) span: Span,
    pub(crate) path: Vec<PathPart>,
    pub(crate) query: Vec<QueryPart>,
}

/// One piece of the path, in order. Consecutive literal text is merged.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathPart {
    Literal(String),
    Placeholder(Placeholder),
}

/// One `&`-separated part of the query, in order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum QueryPart {
    /// `key=value`, sent as written (encoded at expansion time).
    Constant {
        key: String,
        value: String,
        span: PartSpan,
    },
    /// `key=<param>`, or `<param>` whose key is the parameter's name.
    Param {
        key: String,
        placeholder: Placeholder,
    },
    /// `<param..>`: every field of a serializable struct.
    Struct(Placeholder),
}

#[derive(Debug, Clone)]
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

/// Where a part of the route is written. It does not take part in comparisons: two parts are
/// equal when they read the same, wherever they are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartSpan(pub(crate) Span);

impl PartialEq for PartSpan {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for PartSpan {}

impl Route {
    /// Parses `literal`, recording every problem in `errors`. Returns `None` when the route has
    /// any error, so later stages never see a half-valid route.
    pub(crate) fn parse(literal: &LitStr, errors: &mut Errors) -> Option<Route> {
        let template = literal.value();
        let spans = SubSpans::new(literal, &template);
        let mut parser = Parser {
            spans,
            path: Vec::new(),
            query: Vec::new(),
            ok: true,
            errors,
        };
        parser.route(&template);
        let Parser {
            path, query, ok, ..
        } = parser;
        ok.then_some(Route {
            template,
            span: literal.span(),
            path,
            query,
        })
    }
}

/// A placeholder as a whole string, `<name>` (or `<name..>` where `rest` is allowed): the value
/// of `data = "<body>"`. Errors are recorded at the literal.
pub(crate) fn parse_whole_placeholder(
    literal: &LitStr,
    expected: &str,
    errors: &mut Errors,
) -> Option<Placeholder> {
    let text = literal.value();
    match placeholder_name(&text) {
        Ok((name, false)) => Some(Placeholder {
            name: name.to_owned(),
            span: literal.span(),
        }),
        Ok((_, true)) | Err(_) => {
            errors.at(
                literal.span(),
                format_args!("expected {expected}, found `\"{text}\"`"),
            );
            None
        }
    }
}

/// The name inside `<name>` or `<name..>`, and whether it had the `..`.
fn placeholder_name(text: &str) -> Result<(&str, bool), String> {
    let Some(inner) = text.strip_prefix('<') else {
        return Err(format!("expected a placeholder `<name>`, found `{text}`"));
    };
    let Some(inner) = inner.strip_suffix('>') else {
        return Err(format!(
            "unclosed placeholder `{text}`; expected `>` at its end"
        ));
    };
    let (name, rest) = match inner.strip_suffix("..") {
        Some(name) => (name, true),
        None => (inner, false),
    };
    if name.contains(['<', '>']) {
        Err(format!(
            "a placeholder must be a whole segment or value, found `{text}`"
        ))
    } else if name.is_empty() {
        Err("empty placeholder `<>`; expected a parameter name, as in `<id>`".to_owned())
    } else if let Some(raw) = name.strip_prefix("r#")
        && is_identifier(raw)
    {
        Err(format!(
            "invalid placeholder `<{name}>`; write `<{raw}>`, which binds the parameter `{name}`"
        ))
    } else if !is_identifier(name) {
        Err(format!(
            "invalid placeholder `<{name}>`; expected a parameter name (a Rust identifier)"
        ))
    } else {
        Ok((name, rest))
    }
}

struct Parser<'a> {
    spans: SubSpans,
    path: Vec<PathPart>,
    query: Vec<QueryPart>,
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
        if let Some(at) = fragment_start(template) {
            self.error(
                at..template.len(),
                "a route cannot contain a fragment (`#`)",
            );
            return;
        }
        let (path, query) = match template.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (template, None),
        };
        let segment_count = path[1..].split('/').count();
        let mut offset = 1;
        for (index, segment) in path[1..].split('/').enumerate() {
            self.literal("/");
            let is_last = index + 1 == segment_count;
            self.segment(segment, offset, is_last);
            offset += segment.len() + 1;
        }
        if let Some(query) = query {
            self.query(query, path.len() + 1);
        }
    }

    fn segment(&mut self, segment: &str, start: usize, is_last: bool) {
        let range = start..start + segment.len();
        if segment.contains(['<', '>']) {
            self.path_placeholder(segment, range);
        } else if segment.is_empty() {
            if !is_last {
                self.error(
                    start - 1..start + 1,
                    "empty path segment `//` in route; remove the extra `/`",
                );
            }
        } else if is_dot_segment(segment) {
            self.error(
                range,
                format_args!("`{segment}` segments are not allowed in a route"),
            );
        } else {
            self.literal_segment(segment, start);
        }
    }

    fn path_placeholder(&mut self, segment: &str, range: Range<usize>) {
        if !segment.starts_with('<') {
            self.error(
                range,
                format_args!(
                    "placeholder must fill a whole path segment, found `{segment}`; \
                     expected `/<name>` between two `/`"
                ),
            );
            return;
        }
        match placeholder_name(segment) {
            Ok((name, false)) => {
                let span = self.spans.get(range);
                self.path.push(PathPart::Placeholder(Placeholder {
                    name: name.to_owned(),
                    span,
                }));
            }
            Ok((name, true)) => self.error(
                range,
                format_args!(
                    "`<{name}..>` is only allowed in the query; a path placeholder is `<{name}>`"
                ),
            ),
            Err(message) if message.starts_with("a placeholder must be") => self.error(
                range,
                format_args!(
                    "placeholder must fill a whole path segment, found `{segment}`; \
                     expected one `<name>` between two `/`"
                ),
            ),
            Err(message) => self.error(range, message),
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
                self.error(
                    at..at + character.len_utf8(),
                    format_args!(
                        "character `{}` is not allowed in a route path; percent-encode it",
                        character.escape_debug()
                    ),
                );
                return;
            }
            index += 1;
        }
        self.literal(segment);
    }

    fn literal(&mut self, text: &str) {
        match self.path.last_mut() {
            Some(PathPart::Literal(previous)) => previous.push_str(text),
            _ => self.path.push(PathPart::Literal(text.to_owned())),
        }
    }

    fn query(&mut self, query: &str, start: usize) {
        if query.is_empty() {
            self.error(
                start - 1..start,
                "empty query after `?`; remove the `?` or add parameters",
            );
            return;
        }
        let mut keys: Vec<String> = Vec::new();
        let mut offset = start;
        for part in query.split('&') {
            let range = offset..offset + part.len();
            offset += part.len() + 1;
            if let Some(key) = self.query_part(part, range.clone()) {
                if keys.contains(&key) {
                    self.error(
                        range,
                        format_args!("duplicate query key `{key}`; each key appears once"),
                    );
                } else {
                    keys.push(key);
                }
            }
        }
    }

    /// Parses one `&`-separated part and returns its key, when it has a known one.
    fn query_part(&mut self, part: &str, range: Range<usize>) -> Option<String> {
        if part.is_empty() {
            self.error(range, "empty query parameter (`&&`); remove the extra `&`");
            return None;
        }
        let Some((key, value)) = part.split_once('=') else {
            return self.query_placeholder(part, range);
        };
        if key.contains(['<', '>']) {
            self.error(
                range,
                format_args!(
                    "a placeholder cannot be a query key, found `{part}`; \
                     expected `key=<param>` or `<param>`"
                ),
            );
            return None;
        }
        if key.is_empty() {
            self.error(range, format_args!("empty query key in `{part}`"));
            return None;
        }
        if !self.query_text(key, &range) {
            return None;
        }
        if value.starts_with('<') {
            match placeholder_name(value) {
                Ok((name, false)) => {
                    let span = self.spans.get(range);
                    self.query.push(QueryPart::Param {
                        key: key.to_owned(),
                        placeholder: Placeholder {
                            name: name.to_owned(),
                            span,
                        },
                    });
                }
                Ok((name, true)) => self.error(
                    range,
                    format_args!(
                        "`<{name}..>` takes its keys from the struct; write `<{name}..>` \
                         without `{key}=`"
                    ),
                ),
                Err(message) => self.error(range, message),
            }
        } else if value.contains(['<', '>']) {
            self.error(
                range,
                format_args!(
                    "a placeholder must be the whole query value, found `{part}`; \
                     expected `{key}=<name>`"
                ),
            );
            return None;
        } else if self.query_text(value, &range) {
            let span = PartSpan(self.spans.get(range));
            self.query.push(QueryPart::Constant {
                key: key.to_owned(),
                value: value.to_owned(),
                span,
            });
        }
        Some(key.to_owned())
    }

    fn query_placeholder(&mut self, part: &str, range: Range<usize>) -> Option<String> {
        if !part.starts_with('<') {
            self.error(
                range,
                format_args!(
                    "expected `key=value`, `key=<param>`, `<param>` or `<param..>`, found `{part}`"
                ),
            );
            return None;
        }
        match placeholder_name(part) {
            Ok((name, rest)) => {
                let placeholder = Placeholder {
                    name: name.to_owned(),
                    span: self.spans.get(range),
                };
                if rest {
                    self.query.push(QueryPart::Struct(placeholder));
                    None
                } else {
                    self.query.push(QueryPart::Param {
                        key: name.to_owned(),
                        placeholder,
                    });
                    Some(name.to_owned())
                }
            }
            Err(message) => {
                self.error(range, message);
                None
            }
        }
    }

    /// Constant query text is encoded at expansion time, so it is written as plain text: no `%`
    /// escapes, no characters that would end the part.
    fn query_text(&mut self, text: &str, range: &Range<usize>) -> bool {
        let bad = text
            .chars()
            .find(|c| !c.is_ascii_graphic() || matches!(c, '%' | '<' | '>' | '=' | '#'));
        match bad {
            None => true,
            Some('%') => {
                self.error(
                    range.clone(),
                    "write query text as plain characters, not `%` escapes; it is encoded for you",
                );
                false
            }
            Some(character) => {
                self.error(
                    range.clone(),
                    format_args!(
                        "character `{}` is not allowed in a query key or value",
                        character.escape_debug()
                    ),
                );
                false
            }
        }
    }
}

/// Where a `#` outside any `<..>` is (inside one it is part of a raw identifier, reported as such).
fn fragment_start(template: &str) -> Option<usize> {
    let mut in_placeholder = false;
    template.char_indices().find_map(|(at, c)| {
        match c {
            '<' => in_placeholder = true,
            '>' => in_placeholder = false,
            '#' if !in_placeholder => return Some(at),
            _ => {}
        }
        None
    })
}

/// `.` and `..`, also percent-encoded (`%2e`), which URL parsers resolve away.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    )
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

    fn parse(template: &str) -> Result<Vec<PathPart>, String> {
        let literal = LitStr::new(template, Span::call_site());
        let mut errors = Errors::default();
        let route = Route::parse(&literal, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(route.expect("a route without errors").path),
            Err(error) => Err(error
                .into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")),
        }
    }

    fn lit(text: &str) -> PathPart {
        PathPart::Literal(text.to_owned())
    }

    fn param(name: &str) -> PathPart {
        PathPart::Placeholder(Placeholder {
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
            ("/a/<b..>", "`<b..>` is only allowed in the query"),
            ("/a/%2E%2e/b", "`%2E%2e` segments are not allowed"),
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

    fn parse_query(template: &str) -> Result<Vec<QueryPart>, String> {
        let literal = LitStr::new(template, Span::call_site());
        let mut errors = Errors::default();
        let route = Route::parse(&literal, &mut errors);
        match errors.into_result() {
            Ok(()) => Ok(route.expect("a route without errors").query),
            Err(error) => Err(error
                .into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")),
        }
    }

    fn placeholder(name: &str) -> Placeholder {
        Placeholder {
            name: name.to_owned(),
            span: Span::call_site(),
        }
    }

    #[test]
    fn every_query_form() {
        assert_eq!(
            parse_query("/campaigns?pageSize=<page_size>&<status>&<filters..>&view=full&flag=")
                .unwrap(),
            vec![
                QueryPart::Param {
                    key: "pageSize".into(),
                    placeholder: placeholder("page_size")
                },
                QueryPart::Param {
                    key: "status".into(),
                    placeholder: placeholder("status")
                },
                QueryPart::Struct(placeholder("filters")),
                QueryPart::Constant {
                    key: "view".into(),
                    value: "full".into(),
                    span: PartSpan(Span::call_site()),
                },
                QueryPart::Constant {
                    key: "flag".into(),
                    value: String::new(),
                    span: PartSpan(Span::call_site()),
                },
            ]
        );
        assert_eq!(
            parse("/a/<id>?x=<y>").unwrap(),
            vec![lit("/a/"), param("id")]
        );
    }

    #[test]
    fn query_errors() {
        let cases = [
            ("/a?", "empty query after `?`"),
            ("/a?x=1&&y=2", "empty query parameter (`&&`)"),
            (
                "/a?<k>=1",
                "a placeholder cannot be a query key, found `<k>=1`",
            ),
            ("/a?=1", "empty query key"),
            ("/a?x=1&x=<y>", "duplicate query key `x`"),
            ("/a?<x>&x=2", "duplicate query key `x`"),
            (
                "/a?flag",
                "expected `key=value`, `key=<param>`, `<param>` or `<param..>`, found `flag`",
            ),
            ("/a?x=<y..>", "`<y..>` takes its keys from the struct"),
            ("/a?x=a<y>", "a placeholder must be the whole query value"),
            ("/a?x=%20", "not `%` escapes"),
            (
                "/a?x=a b",
                "character ` ` is not allowed in a query key or value",
            ),
            ("/a?x=<1>", "invalid placeholder `<1>`"),
            ("/a?x=<y", "unclosed placeholder `<y`"),
        ];
        for (template, expected) in cases {
            let error = parse_query(template).expect_err(template);
            assert!(error.contains(expected), "{template:?}: {error}");
        }
    }
}

/// Property tests: the parser never panics, and every template built from the grammar parses to
/// the placeholders and keys it was built from, in order.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn parse_route(template: &str) -> Option<Route> {
        let literal = LitStr::new(template, Span::call_site());
        let mut errors = Errors::default();
        let route = Route::parse(&literal, &mut errors);
        assert_eq!(route.is_some(), errors.is_empty(), "{template:?}");
        route
    }

    /// Strings made mostly of the characters the grammar gives a meaning to.
    fn route_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("/"),
            Just("<"),
            Just(">"),
            Just("?"),
            Just("&"),
            Just("="),
            Just("#"),
            Just("%"),
            Just("%2e"),
            Just("."),
            Just(".."),
            Just("r#"),
            Just("id"),
            Just("_"),
            Just("1"),
            Just(" "),
            Just("\""),
            Just("\\"),
            Just("\u{e9}"),
            Just("\0"),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    fn identifier() -> impl Strategy<Value = String> {
        "[A-Za-z_][A-Za-z0-9_]{0,7}"
    }

    /// A literal segment: RFC 3986 path characters and `%XX` escapes, never a dot segment.
    fn literal_segment() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            4 => "[A-Za-z0-9._~!$&'()*+,;=:@-]",
            1 => "%[0-9A-Fa-f]{2}",
        ];
        prop::collection::vec(token, 1..6)
            .prop_map(|tokens| tokens.concat())
            .prop_filter("dot segments are refused", |segment| {
                !is_dot_segment(segment)
            })
    }

    #[derive(Debug, Clone)]
    enum Segment {
        Literal(String),
        Placeholder(String),
    }

    #[derive(Debug, Clone)]
    enum Query {
        Constant(String, String),
        Keyed(String, String),
        Named(String),
        Struct(String),
    }

    fn segment() -> impl Strategy<Value = Segment> {
        prop_oneof![
            literal_segment().prop_map(Segment::Literal),
            identifier().prop_map(Segment::Placeholder),
        ]
    }

    /// Query text: visible ASCII but `%`, `<`, `>`, `=`, `#` and `&`.
    fn query_text(min: usize) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[A-Za-z0-9_.~!$'()*+,;:@/?-]{{{min},6}}"))
            .expect("a valid regex")
    }

    fn query_part() -> impl Strategy<Value = Query> {
        prop_oneof![
            (query_text(1), query_text(0)).prop_map(|(key, value)| Query::Constant(key, value)),
            (query_text(1), identifier()).prop_map(|(key, name)| Query::Keyed(key, name)),
            identifier().prop_map(Query::Named),
            identifier().prop_map(Query::Struct),
        ]
    }

    /// Names and keys get their position as a suffix, so none repeats: `_` cannot occur in a
    /// key's suffix and `-` cannot occur in an identifier.
    fn template(
        segments: &[Segment],
        trailing_slash: bool,
        query: &[Query],
    ) -> (String, Vec<PathPart>, Vec<QueryPart>) {
        fn push_literal(path: &mut Vec<PathPart>, text: &str) {
            match path.last_mut() {
                Some(PathPart::Literal(previous)) => previous.push_str(text),
                _ => path.push(PathPart::Literal(text.to_owned())),
            }
        }
        let placeholder = |name: String| Placeholder {
            name,
            span: Span::call_site(),
        };
        let mut text = String::new();
        let mut path = Vec::new();
        for (index, segment) in segments.iter().enumerate() {
            text.push('/');
            push_literal(&mut path, "/");
            match segment {
                Segment::Literal(literal) => {
                    text.push_str(literal);
                    push_literal(&mut path, literal);
                }
                Segment::Placeholder(name) => {
                    let name = format!("{name}_{index}");
                    text.push_str(&format!("<{name}>"));
                    path.push(PathPart::Placeholder(placeholder(name)));
                }
            }
        }
        if trailing_slash || segments.is_empty() {
            text.push('/');
            push_literal(&mut path, "/");
        }
        let mut parts = Vec::new();
        for (index, part) in query.iter().enumerate() {
            text.push(if index == 0 { '?' } else { '&' });
            let unique = |name: &str| format!("{name}_{index}");
            let unique_key = |key: &str| format!("{key}-{index}");
            match part {
                Query::Constant(key, value) => {
                    let key = unique_key(key);
                    text.push_str(&format!("{key}={value}"));
                    parts.push(QueryPart::Constant {
                        key,
                        value: value.clone(),
                        span: PartSpan(Span::call_site()),
                    });
                }
                Query::Keyed(key, name) => {
                    let (key, name) = (unique_key(key), unique(name));
                    text.push_str(&format!("{key}=<{name}>"));
                    parts.push(QueryPart::Param {
                        key,
                        placeholder: placeholder(name),
                    });
                }
                Query::Named(name) => {
                    let name = unique(name);
                    text.push_str(&format!("<{name}>"));
                    parts.push(QueryPart::Param {
                        key: name.clone(),
                        placeholder: placeholder(name),
                    });
                }
                Query::Struct(name) => {
                    let name = unique(name);
                    text.push_str(&format!("<{name}..>"));
                    parts.push(QueryPart::Struct(placeholder(name)));
                }
            }
        }
        (text, path, parts)
    }

    proptest! {
        #[test]
        fn any_string_parses_or_errors_without_panicking(text in any::<String>()) {
            let _ = parse_route(&text);
            let _ = parse_route(&format!("/{text}"));
            let mut errors = Errors::default();
            let literal = LitStr::new(&text, Span::call_site());
            let _ = parse_whole_placeholder(&literal, "`\"<body>\"`", &mut errors);
        }

        #[test]
        fn route_like_strings_parse_or_error_without_panicking(text in route_like()) {
            let _ = parse_route(&text);
            let _ = parse_route(&format!("/{text}"));
        }

        #[test]
        fn generated_templates_parse_to_their_parts_in_order(
            segments in prop::collection::vec(segment(), 0..6),
            trailing_slash in any::<bool>(),
            query in prop::collection::vec(query_part(), 0..5),
        ) {
            let (text, path, parts) = template(&segments, trailing_slash, &query);
            let route = parse_route(&text);
            prop_assert!(route.is_some(), "{text:?} was refused");
            let route = route.unwrap();
            prop_assert_eq!(&route.template, &text);
            prop_assert_eq!(&route.path, &path, "{:?}", text);
            prop_assert_eq!(&route.query, &parts, "{:?}", text);
            let names: Vec<_> = route
                .path
                .iter()
                .filter_map(|part| match part {
                    PathPart::Placeholder(placeholder) => Some(placeholder.name.clone()),
                    PathPart::Literal(_) => None,
                })
                .collect();
            let expected: Vec<_> = segments
                .iter()
                .enumerate()
                .filter_map(|(index, segment)| match segment {
                    Segment::Placeholder(name) => Some(format!("{name}_{index}")),
                    Segment::Literal(_) => None,
                })
                .collect();
            prop_assert_eq!(names, expected);
        }
    }
}
