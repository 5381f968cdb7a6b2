//! The OpenAPI document of the Altur API (`openapi/altur.yaml`, shipped inside the crate) as the
//! mock enforces it: each operation with its parameters, request body and responses, their JSON
//! Schemas compiled once per process.
//!
//! A request is matched to an operation as OpenAPI matches paths: a path without templates before
//! a templated one, then the method. Its parameters and body are checked in [`requests`], the
//! mock's answer in [`responses`].

mod requests;
mod responses;

use hyper::Method;
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Number, Value};
use std::fmt;
use std::sync::LazyLock;

/// The document, as the crate ships it.
const ALTUR_DOCUMENT: &str = include_str!("../../../openapi/altur.yaml");

/// The Altur document, read and compiled on first use.
static ALTUR: LazyLock<Result<Contract, ContractError>> =
    LazyLock::new(|| Contract::from_yaml(ALTUR_DOCUMENT));

/// The Altur document, or why it could not be read (which the crate's tests rule out).
pub(super) fn altur() -> Result<&'static Contract, &'static ContractError> {
    ALTUR.as_ref()
}

/// Why a document could not be turned into a [`Contract`].
#[derive(Debug, thiserror::Error)]
pub(super) enum ContractError {
    #[error("the OpenAPI document is not YAML: {0}")]
    Yaml(#[from] serde_norway::Error),
    #[error("the OpenAPI document is malformed at `{at}`: {reason}")]
    Malformed { at: String, reason: String },
}

impl ContractError {
    fn malformed(at: &str, reason: impl Into<String>) -> Self {
        ContractError::Malformed {
            at: at.to_owned(),
            reason: reason.into(),
        }
    }
}

/// The longest message a [`Violation`] carries, however many alternatives it lists.
const MAX_MESSAGE_CHARS: usize = 500;
/// The longest a value quoted in a message is shown, so that the refusal of a 4 MiB body is not
/// itself 4 MiB, and says what is wrong with the value after it.
const MAX_SHOWN_CHARS: usize = 60;

/// Why a request or a response does not match the document, naming the parameter or the JSON
/// pointer at fault: ``query parameter `pageSize`: 0 is less than the minimum of 1``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Violation(String);

impl Violation {
    fn new(message: impl Into<String>) -> Self {
        let mut message = message.into();
        if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
            message.truncate(cut);
            message.push_str("...");
        }
        Violation(message)
    }

    /// A schema violation in a JSON body, named `what`: ``what at /contacts/0/contact: ..``, or
    /// ``what: ..`` at its root.
    fn in_json(what: &str, error: &ValidationError<'_>) -> Self {
        let pointer = error.instance_path().as_str();
        let reason = describe(error);
        if pointer.is_empty() {
            Violation::new(format!("{what}: {reason}"))
        } else {
            Violation::new(format!("{what} at {pointer}: {reason}"))
        }
    }

    pub(super) fn message(&self) -> &str {
        &self.0
    }
}

/// What `error` says, with why each alternative of an `anyOf` or `oneOf` failed, which the
/// error's own message leaves out (``"end_user_id" is a required property``).
fn describe(error: &ValidationError<'_>) -> String {
    let (keyword, alternatives) = match error.kind() {
        ValidationErrorKind::AnyOf { context } => ("anyOf", context),
        ValidationErrorKind::OneOfNotValid { context } => ("oneOf", context),
        ValidationErrorKind::Enum { options } => return not_one_of(error.instance(), options),
        _ => return error.masked_with(shown(error.instance())).to_string(),
    };
    let at = error.instance_path().as_str();
    let reasons: Vec<String> = alternatives
        .iter()
        .filter_map(|errors| errors.first())
        .map(|first| {
            let inner = first.instance_path().as_str();
            match inner.strip_prefix(at).unwrap_or(inner) {
                "" => describe(first),
                relative => format!("at {relative}: {}", describe(first)),
            }
        })
        .collect();
    if reasons.is_empty() {
        return error.masked_with(shown(error.instance())).to_string();
    }
    format!(
        "fits none of the `{keyword}` alternatives: {}",
        reasons.join("; or ")
    )
}

/// ``"stop" is not one of "activate", "pause", "archive" or "resume"``: every option, where the
/// error's own message names two and counts the others.
fn not_one_of(value: &Value, options: &Value) -> String {
    let options: Vec<String> = match options {
        Value::Array(options) => options.iter().map(Value::to_string).collect(),
        other => vec![other.to_string()],
    };
    let listed = match options.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, others)) => format!("{} or {last}", others.join(", ")),
        None => "nothing".to_owned(),
    };
    format!("{} is not one of {listed}", shown(value))
}

/// `value` as JSON, cut after [`MAX_SHOWN_CHARS`].
fn shown(value: &Value) -> String {
    let mut text = value.to_string();
    if let Some((cut, _)) = text.char_indices().nth(MAX_SHOWN_CHARS) {
        text.truncate(cut);
        text.push_str("...");
    }
    text
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every operation of an OpenAPI document, with what the mock checks of it.
#[derive(Debug)]
pub(super) struct Contract {
    paths: Vec<PathItem>,
    /// `#/components/schemas/Error`, for a request refused by an operation that declares no
    /// `400`: the refusal is still in the documented error model.
    error_model: Option<jsonschema::Validator>,
}

/// One entry of `paths`: a path template and its operations.
#[derive(Debug)]
struct PathItem {
    segments: Vec<Segment>,
    operations: Vec<Operation>,
}

/// A segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// `{name}`.
    Parameter(String),
}

/// One operation: what a request must look like, and what the answers may be.
#[derive(Debug)]
pub(super) struct Operation {
    id: String,
    method: Method,
    segments: Vec<Segment>,
    parameters: Vec<Parameter>,
    body: Option<RequestBody>,
    responses: Vec<(StatusKey, ResponseSpec)>,
    /// The code the operation's `400` examples agree on, such as `UNKNOWN_ACTION`.
    invalid_request_code: Option<String>,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    Path,
    Query,
    Header,
}

impl Location {
    fn parse(text: &str) -> Option<Location> {
        match text {
            "path" => Some(Location::Path),
            "query" => Some(Location::Query),
            "header" => Some(Location::Header),
            _ => None,
        }
    }
}

/// How the text of a parameter is read before its schema is applied, from the schema's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Integer,
    Number,
    Boolean,
    Text,
}

/// The OpenAPI formats of integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IntegerFormat {
    Int32,
    Int64,
}

impl IntegerFormat {
    fn name(self) -> &'static str {
        match self {
            IntegerFormat::Int32 => "int32",
            IntegerFormat::Int64 => "int64",
        }
    }

    /// Whether an integral `number` fits; other numbers are left to the schema's `type`.
    fn contains(self, number: &Number) -> bool {
        let (min, max) = match self {
            IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            IntegerFormat::Int64 => (i64::MIN, i64::MAX),
        };
        if let Some(integer) = number.as_i64() {
            return (min..=max).contains(&integer);
        }
        if number.is_u64() {
            return false; // Above `i64::MAX`.
        }
        match number.as_f64() {
            // `max as f64 + 1.0` is exactly `max + 1`, a power of two, whereas `i64::MAX as f64`
            // already rounds up to it.
            Some(float) if float.fract() == 0.0 => float >= min as f64 && float < max as f64 + 1.0,
            _ => true,
        }
    }
}

#[derive(Debug)]
struct Parameter {
    name: String,
    location: Location,
    required: bool,
    kind: ValueKind,
    /// `format: int32` or `int64`, which JSON Schema validators do not check.
    integer_format: Option<IntegerFormat>,
    schema: jsonschema::Validator,
}

#[derive(Debug)]
struct RequestBody {
    required: bool,
    /// The schema of `application/json`; `None` when the body is not JSON.
    schema: Option<jsonschema::Validator>,
}

/// A key of `responses`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusKey {
    Exact(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

impl StatusKey {
    fn parse(text: &str) -> Option<StatusKey> {
        if text == "default" {
            return Some(StatusKey::Default);
        }
        match text.as_bytes() {
            [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
                Some(StatusKey::Range(u16::from(class - b'0')))
            }
            _ => text
                .parse()
                .ok()
                .filter(|status| (100..=599).contains(status))
                .map(StatusKey::Exact),
        }
    }
}

/// One declared response: its media types and their schemas.
#[derive(Debug)]
struct ResponseSpec {
    /// Media type (`application/json`, `audio/*`) and the schema of JSON ones.
    content: Vec<(String, Option<jsonschema::Validator>)>,
}

/// The methods an OpenAPI path item may hold operations for.
const METHODS: [(&str, Method); 8] = [
    ("get", Method::GET),
    ("put", Method::PUT),
    ("post", Method::POST),
    ("delete", Method::DELETE),
    ("options", Method::OPTIONS),
    ("head", Method::HEAD),
    ("patch", Method::PATCH),
    ("trace", Method::TRACE),
];

impl Contract {
    /// Reads an OpenAPI 3.1 document and compiles its schemas.
    pub(super) fn from_yaml(text: &str) -> Result<Contract, ContractError> {
        let document: Value = serde_norway::from_str(text)?;
        let Some(paths) = document.get("paths").and_then(Value::as_object) else {
            return Err(ContractError::malformed("/paths", "expected an object"));
        };
        let compiler = Compiler::new(&document);
        let mut items = Vec::with_capacity(paths.len());
        for (template, item) in paths {
            items.push(compiler.path_item(template, item)?);
        }
        let error_model = match document.pointer("/components/schemas/Error") {
            Some(_) => Some(compiler.schema(
                "/components/schemas/Error",
                &serde_json::json!({"$ref": "#/components/schemas/Error"}),
            )?),
            None => None,
        };
        Ok(Contract {
            paths: items,
            error_model,
        })
    }

    /// The operation a request is for: `path` is what follows the base path (`/campaigns/1`).
    /// `None` when no path template matches, or the one that matches has no such method.
    pub(super) fn operation(&self, method: &Method, path: &str) -> Option<&Operation> {
        let raw: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let decoded: Vec<String> = raw
            .iter()
            .map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
            .collect();
        // Literal segments win over templates, the earliest first: `/campaigns/{id}/contacts`
        // before `/campaigns/{id}/{action}`.
        let item = self
            .paths
            .iter()
            .filter(|item| matches(&item.segments, &decoded))
            .max_by_key(|item| {
                item.segments
                    .iter()
                    .map(|segment| matches!(segment, Segment::Literal(_)))
                    .collect::<Vec<bool>>()
            })?;
        item.operations
            .iter()
            .find(|operation| operation.method == *method)
    }

    /// Whether some path template of the document fits `path`, whatever the method.
    pub(super) fn has_path(&self, path: &str) -> bool {
        let Some(raw) = path.strip_prefix('/') else {
            return false;
        };
        let decoded: Vec<String> = raw
            .split('/')
            .map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
            .collect();
        self.paths
            .iter()
            .any(|item| matches(&item.segments, &decoded))
    }

    /// Every operation as `GET /enduser/<id>`, placeholders in the route grammar.
    pub(super) fn routes(&self) -> Vec<String> {
        self.paths
            .iter()
            .flat_map(|item| {
                let path: String = item
                    .segments
                    .iter()
                    .map(|segment| match segment {
                        Segment::Literal(text) => format!("/{text}"),
                        Segment::Parameter(name) => format!("/<{name}>"),
                    })
                    .collect();
                item.operations
                    .iter()
                    .map(move |operation| format!("{} {path}", operation.method))
            })
            .collect()
    }

    /// The document's error model, for a refusal whose status the operation does not declare.
    fn error_model(&self) -> Option<&jsonschema::Validator> {
        self.error_model.as_ref()
    }
}

/// Whether `segments` (percent-decoded) fit a template; a template segment takes a non-empty one.
fn matches(template: &[Segment], segments: &[String]) -> bool {
    template.len() == segments.len()
        && template
            .iter()
            .zip(segments)
            .all(|(expected, segment)| match expected {
                Segment::Literal(literal) => literal == segment,
                Segment::Parameter(_) => !segment.is_empty(),
            })
}

impl Operation {
    /// The operation's `operationId`.
    pub(super) fn id(&self) -> &str {
        &self.id
    }

    /// The code of a refused request in the string-code error form: what the operation's `400`
    /// examples agree on, or `INVALID_REQUEST`.
    pub(super) fn invalid_request_code(&self) -> &str {
        self.invalid_request_code
            .as_deref()
            .unwrap_or("INVALID_REQUEST")
    }
}

/// Builds [`Contract`]s: resolves `$ref`s and compiles schemas against the document's
/// components.
struct Compiler<'d> {
    document: &'d Value,
    /// `{"components": {"schemas": ..}}`, merged into every schema so its `$ref`s resolve.
    schemas: Value,
}

impl<'d> Compiler<'d> {
    fn new(document: &'d Value) -> Self {
        let schemas = document
            .pointer("/components/schemas")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()));
        Compiler {
            document,
            schemas: serde_json::json!({ "schemas": schemas }),
        }
    }

    /// `value`, or what its local `$ref` names (followed up to a few times, so that a cycle
    /// cannot loop).
    fn resolve(&self, at: &str, value: &'d Value) -> Result<&'d Value, ContractError> {
        let mut current = value;
        for _ in 0..8 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Ok(current);
            };
            let pointer = reference.strip_prefix('#').ok_or_else(|| {
                ContractError::malformed(at, format!("`{reference}` is not a local reference"))
            })?;
            current = self.document.pointer(pointer).ok_or_else(|| {
                ContractError::malformed(at, format!("`{reference}` names nothing"))
            })?;
        }
        Err(ContractError::malformed(at, "too many nested `$ref`s"))
    }

    fn schema(&self, at: &str, schema: &Value) -> Result<jsonschema::Validator, ContractError> {
        let mut root = match schema {
            Value::Object(object) => object.clone(),
            other => Map::from_iter([("allOf".to_owned(), Value::Array(vec![other.clone()]))]),
        };
        root.insert("components".to_owned(), self.schemas.clone());
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .map_err(|error| ContractError::malformed(at, error.to_string()))
    }

    fn path_item(&self, template: &str, item: &'d Value) -> Result<PathItem, ContractError> {
        let at = format!("/paths/{}", template.replace('~', "~0").replace('/', "~1"));
        let segments: Vec<Segment> = template
            .strip_prefix('/')
            .ok_or_else(|| ContractError::malformed(&at, "a path must start with `/`"))?
            .split('/')
            .map(|segment| {
                match segment
                    .strip_prefix('{')
                    .and_then(|rest| rest.strip_suffix('}'))
                {
                    Some(name) => Segment::Parameter(name.to_owned()),
                    None => Segment::Literal(segment.to_owned()),
                }
            })
            .collect();
        let shared = self.parameters(&at, item.get("parameters"))?;
        let mut operations = Vec::new();
        for (key, method) in METHODS {
            if let Some(operation) = item.get(key) {
                let at = format!("{at}/{key}");
                operations.push(self.operation(&at, &segments, method, &shared, operation)?);
            }
        }
        Ok(PathItem {
            segments,
            operations,
        })
    }

    fn operation(
        &self,
        at: &str,
        segments: &[Segment],
        method: Method,
        shared: &[&'d Value],
        operation: &'d Value,
    ) -> Result<Operation, ContractError> {
        let id = match operation.get("operationId").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => format!("{method} {at}"),
        };
        // The operation's own parameters override the path item's with the same name and place.
        let own = self.parameters(at, operation.get("parameters"))?;
        let key =
            |parameter: &Value| (parameter.get("name").cloned(), parameter.get("in").cloned());
        let mut declared: Vec<&Value> = shared
            .iter()
            .copied()
            .filter(|parameter| !own.iter().any(|mine| key(mine) == key(parameter)))
            .collect();
        declared.extend(own);
        let mut parameters = Vec::with_capacity(declared.len());
        for (index, parameter) in declared.into_iter().enumerate() {
            if let Some(parameter) =
                self.parameter(&format!("{at}/parameters/{index}"), parameter)?
            {
                parameters.push(parameter);
            }
        }
        let body = match operation.get("requestBody") {
            Some(body) => Some(self.request_body(&format!("{at}/requestBody"), body)?),
            None => None,
        };
        let mut responses = Vec::new();
        let mut invalid_request_code = None;
        if let Some(declared) = operation.get("responses").and_then(Value::as_object) {
            for (status, response) in declared {
                let at = format!("{at}/responses/{status}");
                let key = StatusKey::parse(status)
                    .ok_or_else(|| ContractError::malformed(&at, "not a status code"))?;
                let response = self.resolve(&at, response)?;
                if key == StatusKey::Exact(400) {
                    invalid_request_code = agreed_code(self, response);
                }
                responses.push((key, self.response(&at, response)?));
            }
        }
        Ok(Operation {
            id,
            method,
            segments: segments.to_vec(),
            parameters,
            body,
            responses,
            invalid_request_code,
        })
    }

    fn parameters(
        &self,
        at: &str,
        parameters: Option<&'d Value>,
    ) -> Result<Vec<&'d Value>, ContractError> {
        let Some(parameters) = parameters else {
            return Ok(Vec::new());
        };
        let parameters = parameters
            .as_array()
            .ok_or_else(|| ContractError::malformed(at, "`parameters` is not a list"))?;
        parameters
            .iter()
            .map(|parameter| self.resolve(at, parameter))
            .collect()
    }

    /// A parameter the mock checks; `None` for those it leaves alone (cookies, and the headers
    /// OpenAPI says to ignore).
    fn parameter(&self, at: &str, parameter: &Value) -> Result<Option<Parameter>, ContractError> {
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| ContractError::malformed(at, "a parameter without a `name`"))?;
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .ok_or_else(|| ContractError::malformed(at, "a parameter without `in`"))?;
        let Some(location) = Location::parse(location) else {
            return Ok(None);
        };
        if location == Location::Header
            && ["accept", "content-type", "authorization"]
                .iter()
                .any(|ignored| name.eq_ignore_ascii_case(ignored))
        {
            return Ok(None);
        }
        let empty = Value::Object(Map::new());
        let schema = parameter.get("schema").unwrap_or(&empty);
        let resolved = self.resolve(at, schema)?;
        let kind = match primary_type(resolved) {
            Some("integer") => ValueKind::Integer,
            Some("number") => ValueKind::Number,
            Some("boolean") => ValueKind::Boolean,
            _ => ValueKind::Text,
        };
        let integer_format = match resolved.get("format").and_then(Value::as_str) {
            Some("int32") => Some(IntegerFormat::Int32),
            Some("int64") => Some(IntegerFormat::Int64),
            _ => None,
        };
        Ok(Some(Parameter {
            name: name.to_owned(),
            location,
            required: location == Location::Path
                || parameter.get("required").and_then(Value::as_bool) == Some(true),
            kind,
            integer_format: integer_format.filter(|_| kind == ValueKind::Integer),
            schema: self.schema(&format!("{at}/schema"), schema)?,
        }))
    }

    fn request_body(&self, at: &str, body: &'d Value) -> Result<RequestBody, ContractError> {
        let body = self.resolve(at, body)?;
        let schema = match body.pointer("/content/application~1json") {
            Some(media) => {
                let empty = Value::Object(Map::new());
                let schema = media.get("schema").unwrap_or(&empty);
                Some(self.schema(&format!("{at}/content/application~1json/schema"), schema)?)
            }
            None => None,
        };
        Ok(RequestBody {
            required: body.get("required").and_then(Value::as_bool) == Some(true),
            schema,
        })
    }

    fn response(&self, at: &str, response: &'d Value) -> Result<ResponseSpec, ContractError> {
        let mut content = Vec::new();
        if let Some(media_types) = response.get("content").and_then(Value::as_object) {
            for (media_type, media) in media_types {
                let media_type = media_type.to_ascii_lowercase();
                let schema = match (is_json(&media_type), media.get("schema")) {
                    (true, Some(schema)) => Some(self.schema(
                        &format!("{at}/content/{}/schema", media_type.replace('/', "~1")),
                        schema,
                    )?),
                    _ => None,
                };
                content.push((media_type, schema));
            }
        }
        Ok(ResponseSpec { content })
    }
}

/// The first non-`null` entry of a schema's `type`.
fn primary_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(kind) => Some(kind),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|kind| *kind != "null"),
        _ => None,
    }
}

/// Whether a media type (lowercase, without parameters) holds JSON.
fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// The string code every example of a `400` response gives, when there is one and they agree.
fn agreed_code(compiler: &Compiler<'_>, response: &Value) -> Option<String> {
    let examples = response
        .pointer("/content/application~1json/examples")?
        .as_object()?;
    let mut codes = examples.values().map(|example| {
        compiler
            .resolve("", example)
            .ok()
            .and_then(|example| example.pointer("/value/error"))
            .and_then(Value::as_str)
    });
    let first = codes.next()??;
    codes
        .all(|code| code == Some(first))
        .then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use hyper::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
    use hyper::{Request, StatusCode};

    /// A small document with what the Altur one lacks: required query and header parameters,
    /// `4XX` and `default` responses, a media-type range.
    const THINGS: &str = r#"
openapi: 3.1.0
info: {title: Things, version: '1'}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int32, minimum: 1}}
    get:
      operationId: get_thing
      parameters:
        - {name: mode, in: query, required: true, schema: {type: string, enum: [full, brief]}}
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, required: true, schema: {type: string, minLength: 4}}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        4XX:
          description: A refusal.
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
        default:
          description: Anything else, without a body.
  /things:
    post:
      operationId: create_thing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: A picture of the thing.
          content:
            image/*:
              schema: {type: string}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Problem:
      type: object
      required: [title]
"#;

    fn things() -> Contract {
        Contract::from_yaml(THINGS).expect("the test document compiles")
    }

    fn request(method: Method, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Bytes> {
        let mut request = Request::new(Bytes::copy_from_slice(body.as_bytes()));
        *request.method_mut() = method;
        *request.uri_mut() = uri.parse().expect("a valid test URI");
        for (name, value) in headers {
            let value = HeaderValue::from_str(value).expect("a valid test header");
            let name = hyper::header::HeaderName::from_bytes(name.as_bytes())
                .expect("a valid test header name");
            request.headers_mut().append(name, value);
        }
        request
    }

    /// What checking a request to `uri` (a path after the base path, with its query) says.
    fn check(contract: &Contract, method: Method, uri: &str, trace: Option<&str>) -> String {
        let trace: Vec<(&str, &str)> = trace.map(|trace| ("x-trace", trace)).into_iter().collect();
        check_with(contract, method, uri, &trace, "")
    }

    fn check_with(
        contract: &Contract,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> String {
        let request = request(method.clone(), uri, headers, body);
        let path = request.uri().path();
        let operation = contract
            .operation(&method, path)
            .unwrap_or_else(|| panic!("no operation for {method} {path}"));
        match operation.check_request(path, &request) {
            Ok(()) => "ok".to_owned(),
            Err(violation) => violation.to_string(),
        }
    }

    fn response(
        contract: &Contract,
        method: Method,
        path: &str,
        status: u16,
        content_type: Option<&str>,
        body: &str,
    ) -> String {
        let operation = contract.operation(&method, path).expect("an operation");
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            let value = HeaderValue::from_str(content_type).expect("a valid media type");
            headers.insert(CONTENT_TYPE, value);
        }
        let status = StatusCode::from_u16(status).expect("a valid status");
        match contract.check_response(operation, false, status, &headers, body.as_bytes()) {
            Ok(()) => "ok".to_owned(),
            Err(violation) => violation.to_string(),
        }
    }

    #[test]
    fn the_altur_document_compiles_with_its_19_operations() {
        let contract = altur().expect("the Altur document compiles");
        let ids: Vec<&str> = contract
            .paths
            .iter()
            .flat_map(|item| &item.operations)
            .map(Operation::id)
            .collect();
        assert_eq!(ids.len(), 19, "{ids:?}");
        assert!(ids.contains(&"list_campaign_calls"), "{ids:?}");
        assert!(contract.error_model().is_some());
    }

    #[test]
    fn literal_segments_match_before_templates_then_the_method() {
        let contract = altur().expect("the Altur document compiles");
        let id = |method: Method, path: &str| contract.operation(&method, path).map(Operation::id);
        assert_eq!(
            id(Method::POST, "/campaigns/1/contacts"),
            Some("add_campaign_contacts")
        );
        assert_eq!(
            id(Method::POST, "/campaigns/1/pause"),
            Some("campaign_action")
        );
        assert_eq!(id(Method::POST, "/campaigns/x/y"), Some("campaign_action"));
        assert_eq!(
            id(Method::GET, "/%63ampaigns/1/calls"),
            Some("list_campaign_calls")
        );
        // The most specific path has no POST, so no operation: the handlers answer 405.
        assert_eq!(id(Method::POST, "/campaigns/1/calls"), None);
        assert_eq!(id(Method::GET, "/campaigns/1/activate"), None);
        for path in [
            "/enduser/",
            "/nowhere",
            "",
            "/",
            "/campaigns/1/contacts/2/x",
            "//",
        ] {
            assert_eq!(id(Method::GET, path), None, "{path}");
        }
    }

    #[test]
    fn the_code_of_a_refusal_is_the_one_the_documented_400s_agree_on() {
        let contract = altur().expect("the Altur document compiles");
        let code = |method: Method, path: &str| {
            contract
                .operation(&method, path)
                .map(Operation::invalid_request_code)
        };
        assert_eq!(
            code(Method::POST, "/campaigns/1/stop"),
            Some("UNKNOWN_ACTION")
        );
        assert_eq!(code(Method::POST, "/campaigns"), Some("INVALID_REQUEST"));
        // IMMUTABLE_FIELD, CYCLES_NOT_ENABLED and SCHEDULED_MODE_ONLY disagree.
        assert_eq!(code(Method::PATCH, "/campaigns/1"), Some("INVALID_REQUEST"));
        // No 400 documented.
        assert_eq!(code(Method::GET, "/campaigns/1"), Some("INVALID_REQUEST"));
    }

    #[test]
    fn parameters_are_read_as_their_schema_types() {
        let contract = things();
        let get = |uri: &str| check(&contract, Method::GET, uri, Some("t-123"));
        assert_eq!(get("/things/7?mode=full"), "ok");
        assert_eq!(get("/things/7?mode=brief&verbose=false"), "ok");
        assert_eq!(get("/things/%37?mode=f%75ll&verbose=true"), "ok");
        assert_eq!(
            get("/things/0?mode=full"),
            "path parameter `id`: 0 is less than the minimum of 1"
        );
        assert_eq!(
            get("/things/1.5?mode=full"),
            "path parameter `id`: 1.5 is not of type \"integer\""
        );
        assert_eq!(
            get("/things/seven?mode=full"),
            "path parameter `id`: \"seven\" is not of type \"integer\""
        );
        assert_eq!(
            get("/things/inf?mode=full"),
            "path parameter `id`: \"inf\" is not of type \"integer\""
        );
        assert_eq!(
            get("/things/3000000000?mode=full"),
            "path parameter `id`: 3000000000 is outside the range of int32"
        );
        assert_eq!(
            get("/things/1e300?mode=full"),
            "path parameter `id`: 1e300 is outside the range of int32"
        );
        assert_eq!(
            get("/things/%FF?mode=full"),
            "path parameter `id`: not valid UTF-8 once percent-decoded"
        );
        assert_eq!(
            get("/things/7?mode=full&verbose=yes"),
            "query parameter `verbose`: \"yes\" is not of type \"boolean\""
        );
        assert_eq!(
            get("/things/7?mode=all"),
            "query parameter `mode`: \"all\" is not one of \"full\" or \"brief\""
        );
    }

    #[test]
    fn required_repeated_and_unknown_query_parameters() {
        let contract = things();
        let get = |uri: &str| check(&contract, Method::GET, uri, Some("t-123"));
        assert_eq!(get("/things/7"), "query parameter `mode` is required");
        assert_eq!(
            get("/things/7?verbose=true&&"),
            "query parameter `mode` is required"
        );
        assert_eq!(
            get("/things/7?mode=full&mode=brief"),
            "query parameter `mode` is given 2 times; it takes one value"
        );
        assert_eq!(
            get("/things/7?mode=full&page=2"),
            "query parameter `page` is not declared by `get_thing`; it takes `mode`, `verbose`"
        );
        assert_eq!(
            get("/things/7?mode=%FF"),
            "query parameter `mode`: not valid UTF-8 once percent-decoded"
        );
        assert_eq!(
            get("/things/7?m%FFde=full"),
            "query parameter `m\u{fffd}de`: its name is not valid UTF-8 once percent-decoded"
        );
        assert_eq!(
            check(&contract, Method::POST, "/things?mode=full", None),
            "query parameter `mode` is not declared by `create_thing`; it takes none"
        );
    }

    #[test]
    fn required_and_repeated_headers() {
        let contract = things();
        let get = |headers: &[(&str, &str)]| {
            check_with(&contract, Method::GET, "/things/7?mode=full", headers, "")
        };
        assert_eq!(get(&[]), "header `X-Trace` is required");
        assert_eq!(
            get(&[("x-trace", "t1")]),
            "header `X-Trace`: \"t1\" is shorter than 4 characters"
        );
        assert_eq!(
            get(&[("x-trace", "t-123"), ("x-trace", "t-456")]),
            "header `X-Trace` is given 2 times; it takes one value"
        );
        let mut request = request(Method::GET, "/things/7?mode=full", &[], "");
        let opaque = HeaderValue::from_bytes(b"t-\xff23").expect("obs-text is a valid value");
        request.headers_mut().insert("x-trace", opaque);
        let operation = contract
            .operation(&Method::GET, "/things/7")
            .expect("get_thing");
        assert_eq!(
            operation
                .check_request("/things/7", &request)
                .map_err(|violation| violation.to_string()),
            Err("header `X-Trace`: not visible ASCII text".to_owned())
        );
    }

    #[test]
    fn bodies_are_json_of_their_schema() {
        let contract = things();
        let post = |body: &str| check_with(&contract, Method::POST, "/things", &[], body);
        assert_eq!(post(""), "ok", "the body is not required");
        assert_eq!(post(r#"{"name": "lamp"}"#), "ok");
        assert_eq!(
            post("{}"),
            "invalid request body: \"name\" is a required property"
        );
        assert_eq!(
            post(r#"{"name": 7}"#),
            "invalid request body at /name: 7 is not of type \"string\""
        );
        assert_eq!(
            post("{\"name\": "),
            "invalid request body: not JSON: EOF while parsing a value at line 1 column 9"
        );
        let deep = "[".repeat(10_000);
        assert!(
            post(&deep).starts_with("invalid request body: not JSON: recursion limit exceeded"),
            "{}",
            post(&deep)
        );
        let get = check_with(
            &contract,
            Method::GET,
            "/things/7?mode=full",
            &[("x-trace", "t-123")],
            "{}",
        );
        assert_eq!(get, "unexpected request body: `get_thing` takes none");
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let contract = things();
        let name = "n".repeat(100_000);
        let message = check_with(
            &contract,
            Method::POST,
            "/things",
            &[],
            &format!(r#"{{"name": {{"long": "{name}"}}}}"#),
        );
        let shown = format!(r#"{{"long":"{}..."#, &name[..MAX_SHOWN_CHARS - 9]);
        assert_eq!(
            message,
            format!(r#"invalid request body at /name: {shown} is not of type "string""#)
        );
        let violation = Violation::new("v".repeat(10 * MAX_MESSAGE_CHARS));
        assert_eq!(violation.message().len(), MAX_MESSAGE_CHARS + 3);
        assert!(violation.message().ends_with("v..."));
    }

    #[test]
    fn responses_are_checked_by_status_range_default_and_media_type() {
        let contract = things();
        let get = |status, content_type, body| {
            response(
                &contract,
                Method::GET,
                "/things/7",
                status,
                content_type,
                body,
            )
        };
        let json = Some("application/json; charset=utf-8");
        assert_eq!(get(200, json, r#"{"name": "lamp"}"#), "ok");
        assert_eq!(
            get(200, json, r#"{"name": ["lamp"]}"#),
            "response body at /name: [\"lamp\"] is not of type \"string\""
        );
        assert_eq!(
            get(200, json, "{"),
            "response body: not JSON: EOF while parsing an object at line 1 column 1"
        );
        assert_eq!(
            get(200, None, "{}"),
            "no `Content-Type`, where the document declares `application/json`"
        );
        // `4XX`, and its media type.
        assert_eq!(
            get(404, Some("application/problem+json"), r#"{"title": "no"}"#),
            "ok"
        );
        assert_eq!(
            get(404, Some("application/problem+json"), "{}"),
            "response body: \"title\" is a required property"
        );
        assert_eq!(
            get(409, json, r#"{"title": "no"}"#),
            "`Content-Type: application/json`, where the document declares `application/problem+json`"
        );
        // `default`, without content.
        assert_eq!(get(503, None, ""), "ok");
        assert_eq!(
            get(503, json, "{}"),
            "a response body, where the document declares none"
        );
        // A media-type range; not JSON, so the body is not read.
        let post = |content_type| {
            response(
                &contract,
                Method::POST,
                "/things",
                200,
                content_type,
                "\u{1}",
            )
        };
        assert_eq!(post(Some("image/png")), "ok");
        assert_eq!(
            post(Some("text/plain")),
            "`Content-Type: text/plain`, where the document declares `image/*`"
        );
        assert_eq!(
            response(&contract, Method::POST, "/things", 201, None, ""),
            "status 201 is not declared by `create_thing`"
        );
    }

    #[test]
    fn the_checker_catches_a_response_that_breaks_the_altur_document() {
        let contract = altur().expect("the Altur document compiles");
        let enduser = "/enduser/3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
        let get = |status, body| {
            response(
                contract,
                Method::GET,
                enduser,
                status,
                Some("application/json"),
                body,
            )
        };
        let ada = r#"{"id": "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b", "display_name": "Ada"}"#;
        assert_eq!(get(200, ada), "ok");
        assert_eq!(
            get(200, r#"{"id": "3f2b8c1e", "display_name": "Ada"}"#),
            "response body at /id: \"3f2b8c1e\" is not a \"uuid\""
        );
        assert_eq!(
            get(200, r#"{"id": "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b"}"#),
            "response body: \"display_name\" is a required property"
        );
        assert_eq!(
            get(404, r#"{"error": 404, "message": "EndUser not found"}"#),
            "ok"
        );
        assert_eq!(
            get(404, r#"{"error": [404]}"#),
            "response body at /error: fits none of the `anyOf` alternatives: [404] is not of type \"integer\"; or [404] is not of type \"string\"; or [404] is not of type \"object\""
        );
        assert_eq!(
            get(409, r#"{"error": 409, "message": "conflict"}"#),
            "status 409 is not declared by `retrieve_enduser`"
        );
        // A refusal for a broken request: an undeclared status is held to the error model only.
        let operation = contract
            .operation(&Method::GET, "/campaigns/1")
            .expect("an operation");
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let refusal = |body: &str| {
            contract
                .check_response(
                    operation,
                    true,
                    StatusCode::BAD_REQUEST,
                    &headers,
                    body.as_bytes(),
                )
                .map_err(|violation| violation.to_string())
        };
        assert_eq!(
            refusal(r#"{"error": "INVALID_REQUEST", "message": "no"}"#),
            Ok(())
        );
        assert_eq!(
            refusal("[]"),
            Err("response body: [] is not of type \"object\"".to_owned())
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        for (document, expected) in [
            ("openapi: [", "the OpenAPI document is not YAML"),
            (
                "openapi: 3.1.0",
                "malformed at `/paths`: expected an object",
            ),
            (
                "paths: {/a: {get: {parameters: [{$ref: '#/nowhere'}]}}}",
                "`#/nowhere` names nothing",
            ),
            (
                "paths: {/a: {get: {responses: {'2XY': {description: x}}}}}",
                "not a status code",
            ),
            (
                "paths: {/a: {get: {parameters: [{name: x, in: query, schema: {type: 5}}]}}}",
                "malformed at `/paths/~1a/get/parameters/0/schema`",
            ),
        ] {
            let error = Contract::from_yaml(document).expect_err(document);
            assert!(error.to_string().contains(expected), "{document}: {error}");
        }
    }
}
