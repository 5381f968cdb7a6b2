//! An OpenAPI 3 document reduced to what the routes are checked against: its operations, their
//! parameters and request bodies, with every local `$ref` resolved.

use crate::attr::Method;
use serde_norway::{Mapping, Value};
use std::fmt::Write as _;

/// Chains of `$ref`s longer than this are taken for cycles.
const MAX_REF_DEPTH: usize = 32;

/// The operations of a document, in document order.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) operations: Vec<Operation>,
}

/// One operation: a verb on a path.
#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) method: Method,
    /// The path as the document spells it, `/enduser/{id}`.
    pub(crate) path: String,
    pub(crate) id: Option<String>,
    /// The path item's parameters and the operation's own, which replace those of the same
    /// name and location.
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) body: Option<RequestBody>,
}

#[derive(Debug, Clone)]
pub(crate) struct Parameter {
    pub(crate) name: String,
    pub(crate) location: Location,
    pub(crate) required: bool,
    pub(crate) schema: Schema,
}

/// `in:` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    fn parse(text: &str) -> Option<Location> {
        match text {
            "path" => Some(Location::Path),
            "query" => Some(Location::Query),
            "header" => Some(Location::Header),
            "cookie" => Some(Location::Cookie),
            _ => None,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// What the checks read of a parameter's schema.
#[derive(Debug, Default, Clone)]
pub(crate) struct Schema {
    /// `type`, without `null`: one entry when the schema names a single type.
    pub(crate) types: Vec<String>,
    pub(crate) format: Option<String>,
    /// `enum`, each value as it would appear in a URL.
    pub(crate) allowed: Option<Vec<String>>,
}

impl Schema {
    /// The one non-null type, when the schema has exactly one.
    pub(crate) fn single_type(&self) -> Option<&str> {
        match self.types.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub(crate) struct RequestBody {
    pub(crate) required: bool,
    /// The media types of `content`, as written.
    pub(crate) media_types: Vec<String>,
}

impl RequestBody {
    /// Whether a JSON body is one of the forms the operation takes.
    pub(crate) fn accepts_json(&self) -> bool {
        self.media_types.is_empty()
            || self.media_types.iter().any(|media_type| {
                let essence = media_type
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                essence == "application/json"
                    || essence.ends_with("+json")
                    || essence == "*/*"
                    || essence == "application/*"
            })
    }
}

impl Document {
    /// Reads the operations of `text`; `Err` holds every problem found, each a sentence that
    /// names where in the document it is.
    pub(crate) fn parse(text: &str) -> Result<Document, Vec<String>> {
        let root: Value = serde_norway::from_str(text).map_err(|error| vec![error.to_string()])?;
        let mut reader = Reader {
            root: &root,
            problems: Vec::new(),
        };
        reader.version();
        reader.references(&root, &mut String::new());
        let operations = reader.operations();
        if reader.problems.is_empty() {
            Ok(Document { operations })
        } else {
            Err(reader.problems)
        }
    }
}

struct Reader<'a> {
    root: &'a Value,
    problems: Vec<String>,
}

impl<'a> Reader<'a> {
    fn version(&mut self) {
        match self.root.get("openapi").and_then(Value::as_str) {
            Some(version) if version.starts_with("3.") => {}
            Some(version) => self.problems.push(format!(
                "`openapi: {version}` is not supported; expected an OpenAPI 3.0 or 3.1 document"
            )),
            None if self.root.get("swagger").is_some() => self.problems.push(
                "Swagger 2.0 documents are not supported; expected an OpenAPI 3.0 or 3.1 document"
                    .to_owned(),
            ),
            None => self.problems.push(
                "no `openapi` field at the top level; expected an OpenAPI 3.0 or 3.1 document"
                    .to_owned(),
            ),
        }
    }

    /// Every `$ref` in the document resolves inside it: references to other files or URLs are
    /// refused, since the document is the whole contract the routes are checked against.
    fn references(&mut self, value: &'a Value, pointer: &mut String) {
        match value {
            Value::Mapping(mapping) => {
                for (key, child) in mapping {
                    let key = key_text(key);
                    if key == "$ref"
                        && let Some(target) = child.as_str()
                    {
                        self.reference(target, pointer);
                    }
                    let length = pointer.len();
                    pointer.push('/');
                    push_escaped(pointer, &key);
                    self.references(child, pointer);
                    pointer.truncate(length);
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    let length = pointer.len();
                    let _ = write!(pointer, "/{index}");
                    self.references(child, pointer);
                    pointer.truncate(length);
                }
            }
            Value::Tagged(tagged) => self.references(&tagged.value, pointer),
            _ => {}
        }
    }

    fn reference(&mut self, target: &str, at: &str) {
        let at = if at.is_empty() { "/" } else { at };
        match target.strip_prefix('#') {
            None => self.problems.push(format!(
                "`$ref: {target}` at `{at}` points outside the document; only references \
                 inside it (`#/...`) are supported"
            )),
            Some(pointer) if lookup(self.root, pointer).is_none() => self.problems.push(format!(
                "`$ref: {target}` at `{at}` points at nothing in the document"
            )),
            Some(_) => {}
        }
    }

    /// `value`, or what its `$ref` chain ends at. `None` for a cycle or a dangling reference
    /// (already reported by `references`).
    fn resolve(&self, mut value: &'a Value) -> Option<&'a Value> {
        for _ in 0..MAX_REF_DEPTH {
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) => value = lookup(self.root, target.strip_prefix('#')?)?,
                None => return Some(value),
            }
        }
        None
    }

    fn operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let Some(paths) = self.root.get("paths") else {
            return operations;
        };
        let Some(paths) = paths.as_mapping() else {
            self.problems
                .push("`paths` is not a mapping of paths to path items".to_owned());
            return operations;
        };
        for (path, item) in paths {
            let path = key_text(path);
            let at = format!("/paths/{}", escaped(&path));
            let Some(item) = self.resolve(item).and_then(Value::as_mapping) else {
                self.problems
                    .push(format!("`{at}` is not a path item (a mapping)"));
                continue;
            };
            let shared = self.parameters(item, &at);
            for method in Method::ALL {
                let verb = method.attribute_name();
                let Some(operation) = item.get(verb) else {
                    continue;
                };
                let at = format!("{at}/{verb}");
                let Some(operation) = self.resolve(operation).and_then(Value::as_mapping) else {
                    self.problems
                        .push(format!("`{at}` is not an operation (a mapping)"));
                    continue;
                };
                let mut parameters = self.parameters(operation, &at);
                for inherited in &shared {
                    let overridden = parameters.iter().any(|own| {
                        own.name == inherited.name && own.location == inherited.location
                    });
                    if !overridden {
                        parameters.push(inherited.clone());
                    }
                }
                operations.push(Operation {
                    method,
                    path: path.clone(),
                    id: operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    parameters,
                    body: self.request_body(operation, &at),
                });
            }
        }
        operations
    }

    fn parameters(&mut self, owner: &'a Mapping, at: &str) -> Vec<Parameter> {
        let Some(list) = owner.get("parameters") else {
            return Vec::new();
        };
        let Some(list) = list.as_sequence() else {
            self.problems
                .push(format!("`{at}/parameters` is not a list"));
            return Vec::new();
        };
        let mut parameters = Vec::new();
        for (index, parameter) in list.iter().enumerate() {
            let at = format!("{at}/parameters/{index}");
            let Some(parameter) = self.resolve(parameter) else {
                continue;
            };
            let name = parameter.get("name").and_then(Value::as_str);
            let location = parameter.get("in").and_then(Value::as_str);
            let (Some(name), Some(location)) = (name, location) else {
                self.problems.push(format!(
                    "the parameter at `{at}` needs a `name` and an `in`"
                ));
                continue;
            };
            let Some(location) = Location::parse(location) else {
                self.problems.push(format!(
                    "the parameter at `{at}` is `in: {location}`; expected `path`, `query`, \
                     `header` or `cookie`"
                ));
                continue;
            };
            let required = location == Location::Path
                || parameter.get("required").and_then(Value::as_bool) == Some(true);
            let schema = parameter
                .get("schema")
                .map(|schema| self.schema(schema))
                .unwrap_or_default();
            parameters.push(Parameter {
                name: name.to_owned(),
                location,
                required,
                schema,
            });
        }
        parameters
    }

    fn schema(&self, schema: &'a Value) -> Schema {
        let Some(schema) = self.resolve(schema) else {
            return Schema::default();
        };
        let types = match schema.get("type") {
            Some(Value::String(single)) => vec![single.clone()],
            Some(Value::Sequence(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .filter(|name| *name != "null")
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let allowed = schema
            .get("enum")
            .and_then(Value::as_sequence)
            .map(|values| {
                values
                    .iter()
                    .filter_map(|value| match value {
                        Value::String(text) => Some(text.clone()),
                        Value::Number(number) => Some(number.to_string()),
                        Value::Bool(flag) => Some(flag.to_string()),
                        _ => None,
                    })
                    .collect()
            });
        Schema {
            types,
            format: schema
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
            allowed,
        }
    }

    fn request_body(&mut self, operation: &'a Mapping, at: &str) -> Option<RequestBody> {
        let body = self.resolve(operation.get("requestBody")?)?;
        let media_types = match body.get("content") {
            Some(Value::Mapping(content)) => content.keys().map(key_text).collect(),
            _ => {
                self.problems
                    .push(format!("`{at}/requestBody` has no `content`"));
                Vec::new()
            }
        };
        Some(RequestBody {
            required: body.get("required").and_then(Value::as_bool) == Some(true),
            media_types,
        })
    }
}

/// The value at a JSON pointer (`/components/schemas/Id`), `""` being the whole document.
fn lookup<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut value = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = unescape(token);
        value = match value {
            Value::Mapping(mapping) => mapping
                .iter()
                .find(|(key, _)| key_text(key) == token)
                .map(|(_, child)| child)?,
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// A mapping key as text: response codes such as `200` may be written unquoted, as numbers.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        other => serde_norway::to_string(other)
            .map(|text| text.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

/// A JSON pointer token (RFC 6901): `~` and `/` escaped.
fn escaped(token: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, token);
    out
}

fn push_escaped(out: &mut String, token: &str) {
    for ch in token.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            other => out.push(other),
        }
    }
}

fn unescape(token: &str) -> String {
    // Percent-encoded pointers (as in `#/paths/~1a%7Bb%7D`) are URI fragments; decode them too.
    let decoded = percent_encoding::percent_decode_str(token).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> Document {
        Document::parse(text).unwrap_or_else(|problems| panic!("{problems:#?}"))
    }

    fn problems(text: &str) -> Vec<String> {
        Document::parse(text).expect_err("problems")
    }

    #[test]
    fn operations_inherit_the_path_items_parameters_unless_they_override_them() {
        let document = parse(
            "
openapi: 3.0.3
paths:
  /a/{id}:
    parameters:
      - {name: id, in: path, schema: {type: integer}}
      - {name: view, in: query, schema: {type: string}}
    get:
      operationId: get_a
      parameters:
        - {name: view, in: query, required: true, schema: {type: string, enum: [x, 1]}}
      responses: {200: {description: ok}}
    post:
      requestBody: {content: {application/merge-patch+json: {}}}
      responses: {}
",
        );
        let [get, post] = &document.operations[..] else {
            panic!("two operations: {document:?}");
        };
        assert_eq!(
            (get.method, get.id.as_deref()),
            (Method::Get, Some("get_a"))
        );
        let view = |operation: &Operation| {
            operation
                .parameters
                .iter()
                .find(|parameter| parameter.name == "view")
                .cloned()
                .expect("view")
        };
        assert!(view(get).required);
        assert_eq!(
            view(get).schema.allowed,
            Some(vec!["x".to_owned(), "1".to_owned()])
        );
        assert!(!view(post).required);
        assert_eq!(get.parameters.len(), 2);
        let id = &post.parameters[0];
        assert_eq!((id.location, id.required), (Location::Path, true));
        assert_eq!(id.schema.single_type(), Some("integer"));
        let body = post.body.as_ref().expect("a body");
        assert!(!body.required && body.accepts_json());
        assert!(get.body.is_none());
    }

    #[test]
    fn references_are_followed_through_escaped_pointers() {
        let document = parse(
            "
openapi: 3.1.0
paths:
  /a~b/{id}:
    get:
      parameters:
        - $ref: '#/paths/~1a~0b~1%7Bid%7D/x-shared/0'
      responses: {}
    x-shared:
      - {name: id, in: path, schema: {$ref: '#/components/schemas/Id'}}
components:
  schemas:
    Id: {$ref: '#/components/schemas/Text'}
    Text: {type: [string, 'null'], format: uuid}
",
        );
        let parameter = &document.operations[0].parameters[0];
        assert_eq!(parameter.name, "id");
        assert_eq!(parameter.schema.single_type(), Some("string"));
        assert_eq!(parameter.schema.format.as_deref(), Some("uuid"));
    }

    #[test]
    fn a_reference_cycle_ends() {
        let document = parse(
            "
openapi: 3.1.0
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {$ref: '#/components/schemas/A'}}
      responses: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
",
        );
        assert_eq!(
            document.operations[0].parameters[0].schema.types,
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_problem_is_reported() {
        assert_eq!(
            problems(
                "
openapi: 3.1.0
paths:
  /a:
    get:
      parameters:
        - $ref: 'other.yaml#/P'
        - $ref: '#/components/parameters/Missing'
        - {in: query}
        - {name: q, in: body}
      requestBody: {}
      responses: {}
"
            ),
            [
                "`$ref: other.yaml#/P` at `/paths/~1a/get/parameters/0` points outside the \
                 document; only references inside it (`#/...`) are supported",
                "`$ref: #/components/parameters/Missing` at `/paths/~1a/get/parameters/1` \
                 points at nothing in the document",
                "the parameter at `/paths/~1a/get/parameters/2` needs a `name` and an `in`",
                "the parameter at `/paths/~1a/get/parameters/3` is `in: body`; expected `path`, \
                 `query`, `header` or `cookie`",
                "`/paths/~1a/get/requestBody` has no `content`",
            ]
        );
        assert_eq!(
            problems("swagger: '2.0'\npaths: {}\n"),
            ["Swagger 2.0 documents are not supported; expected an OpenAPI 3.0 or 3.1 document"]
        );
        assert_eq!(
            problems("openapi: 4.0.0\n"),
            ["`openapi: 4.0.0` is not supported; expected an OpenAPI 3.0 or 3.1 document"]
        );
        let [syntax] = &problems("openapi: 3.1.0\npaths:\n  /a: [\n")[..] else {
            panic!("one problem");
        };
        assert!(syntax.contains("line 4"), "{syntax}");
    }

    proptest! {
        #[test]
        fn any_text_parses_or_reports_without_panicking(text in any::<String>()) {
            let _ = Document::parse(&text);
            let _ = Document::parse(&format!("openapi: 3.1.0\npaths:\n  /a:\n    get: {text}\n"));
        }
    }
}
