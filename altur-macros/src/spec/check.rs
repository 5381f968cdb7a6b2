//! Each bound route against the document's operation of the same verb and path.

use super::Spec;
use super::document::{Document, Location, Operation, Parameter, Schema};
use crate::ast::{BoundApi, BoundEndpoint, BoundPathPart, BoundQueryPart, Param};
use crate::check::did_you_mean;
use crate::errors::{Errors, code};
use proc_macro2::Span;
use syn::{GenericArgument, PathArguments, Type};

/// Headers that OpenAPI does not describe as parameters (`Accept`, `Content-Type` and
/// `Authorization` parameters "SHALL be ignored"), so a route may send them whatever the
/// document says.
const UNDESCRIBED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

impl Spec {
    /// Checks every endpoint of `api` against the document; nothing to check when the document
    /// could not be read (that error is reported already).
    pub(crate) fn check(&self, api: &BoundApi<'_>, errors: &mut Errors) {
        let Some(document) = &self.document else {
            return;
        };
        let file = self.literal.value();
        for endpoint in &api.endpoints {
            match document.operation_of(endpoint) {
                Some(operation) => OperationCheck {
                    endpoint,
                    operation,
                    errors: &mut *errors,
                }
                .run(),
                None => unknown_route(endpoint, document, &file, errors),
            }
        }
    }
}

impl Document {
    /// The operation of the route's verb whose path matches it, placeholders by position.
    fn operation_of(&self, endpoint: &BoundEndpoint<'_>) -> Option<&Operation> {
        let shape = route_shape(endpoint);
        self.operations.iter().find(|operation| {
            operation.method == endpoint.method && path_shape(&operation.path) == shape
        })
    }
}

/// The route's path with each placeholder as `{}`: `/enduser/{}`.
fn route_shape(endpoint: &BoundEndpoint<'_>) -> String {
    endpoint
        .path
        .iter()
        .map(|part| match part {
            BoundPathPart::Literal(text) => text,
            BoundPathPart::Param(_) => "{}",
        })
        .collect()
}

/// A document path with each template expression as `{}`: `/enduser/{id}` is `/enduser/{}`.
fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        shape.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                shape.push_str("{}");
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    shape.push_str(rest);
    shape
}

/// `GET /enduser/{id}`, for messages.
fn verb_and_path(operation: &Operation) -> String {
    format!(
        "{} {}",
        operation.method.attribute_name().to_ascii_uppercase(),
        operation.path
    )
}

/// `` `retrieve_enduser` (`GET /enduser/{id}`) ``: the operation in the document's own words.
fn describe(operation: &Operation) -> String {
    match &operation.id {
        Some(id) => format!("`{id}` (`{}`)", verb_and_path(operation)),
        None => format!("`{}`", verb_and_path(operation)),
    }
}

/// The route's path as a document would spell it: `/enduser/{id}`.
fn route_as_template(endpoint: &BoundEndpoint<'_>) -> String {
    endpoint
        .path
        .iter()
        .map(|part| match part {
            BoundPathPart::Literal(text) => (*text).to_owned(),
            BoundPathPart::Param(param) => format!("{{{}}}", param.name()),
        })
        .collect()
}

/// The route matches no operation: say so at the route, with the document's nearest ones.
fn unknown_route(
    endpoint: &BoundEndpoint<'_>,
    document: &Document,
    file: &str,
    errors: &mut Errors,
) {
    let verb = endpoint.method.attribute_name().to_ascii_uppercase();
    let shape = route_shape(endpoint);
    let same_path: Vec<String> = document
        .operations
        .iter()
        .filter(|operation| path_shape(&operation.path) == shape)
        .map(describe)
        .collect();
    let hint = if same_path.is_empty() {
        let wanted = format!("{verb} {shape}");
        let candidates: Vec<(String, &Operation)> = document
            .operations
            .iter()
            .map(|operation| {
                let key = format!(
                    "{} {}",
                    operation.method.attribute_name().to_ascii_uppercase(),
                    path_shape(&operation.path)
                );
                (key, operation)
            })
            .collect();
        match did_you_mean(&wanted, candidates.iter().map(|(key, _)| key.as_str())) {
            Some(nearest) => {
                let nearest: Vec<String> = candidates
                    .iter()
                    .filter(|(key, _)| key == nearest)
                    .map(|(_, operation)| describe(operation))
                    .collect();
                format!("did you mean {}?", nearest.join(" or "))
            }
            None => format!(
                "it has {} operations, none near this route",
                document.operations.len()
            ),
        }
    } else {
        format!("the path has only {}", join(same_path, "and"))
    };
    errors.at(
        endpoint.route_span,
        format_args!(
            "`{verb} {}` is not an operation of `{file}`; {hint}",
            route_as_template(endpoint)
        ),
    );
}

struct OperationCheck<'a, 'e> {
    endpoint: &'a BoundEndpoint<'a>,
    operation: &'a Operation,
    errors: &'e mut Errors,
}

impl<'a> OperationCheck<'a, '_> {
    fn run(mut self) {
        self.path();
        self.query();
        self.headers();
        self.body();
    }

    fn parameters(&self, location: Location) -> impl Iterator<Item = &'a Parameter> + use<'a> {
        let operation: &'a Operation = self.operation;
        operation
            .parameters
            .iter()
            .filter(move |parameter| parameter.location == location)
    }

    /// Placeholders match the document's template expressions by position, whatever their
    /// names; their types must agree with the schemas.
    fn path(&mut self) {
        let names: Vec<&str> = template_expressions(&self.operation.path).collect();
        let placeholders = self.endpoint.path.iter().filter_map(|part| match part {
            BoundPathPart::Param(param) => Some(*param),
            BoundPathPart::Literal(_) => None,
        });
        for (param, name) in placeholders.zip(names) {
            if let Some(parameter) = self
                .parameters(Location::Path)
                .find(|parameter| parameter.name == name)
            {
                self.check_type(&param.ty, parameter);
            }
        }
    }

    fn query(&mut self) {
        let mut sent: Vec<(&str, Option<&Param>)> = Vec::new();
        let mut has_struct = false;
        for part in &self.endpoint.query {
            match part {
                BoundQueryPart::Constant { key, value, span } => {
                    sent.push((key, None));
                    let Some(parameter) = self.known(Location::Query, key, *span) else {
                        continue;
                    };
                    if let Some(allowed) = &parameter.schema.allowed
                        && !allowed.iter().any(|allowed| allowed == value)
                    {
                        let message = format!(
                            "`{key}={value}` is not allowed by {}: `{key}` is one of {}",
                            describe(self.operation),
                            one_of(allowed)
                        );
                        self.errors.at(*span, message);
                    }
                }
                BoundQueryPart::Param { key, param, span } => {
                    sent.push((key, Some(*param)));
                    if let Some(parameter) = self.known(Location::Query, key, *span) {
                        let ty = option_inner(&param.ty).unwrap_or(&param.ty);
                        self.check_type(ty, parameter);
                    }
                }
                // Its keys are the fields of a type the macro cannot see.
                BoundQueryPart::Struct(_) => has_struct = true,
            }
        }
        let required: Vec<&Parameter> = self
            .parameters(Location::Query)
            .filter(|parameter| parameter.required)
            .collect();
        for parameter in required {
            match sent.iter().find(|(key, _)| *key == parameter.name) {
                Some((_, Some(param))) => self.not_optional(param, "query parameter", parameter),
                Some((_, None)) => {}
                // A struct's fields may send it.
                None if has_struct => {}
                None => {
                    let message = format!(
                        "{} requires the query parameter `{name}`; add `{name}=<..>` to the route",
                        describe(self.operation),
                        name = parameter.name,
                    );
                    self.errors.at(self.endpoint.route_span, message);
                }
            }
        }
    }

    /// The document's parameter named `key` at `location`, or an error at `span` saying which
    /// ones it has.
    fn known(&mut self, location: Location, key: &str, span: Span) -> Option<&'a Parameter> {
        let matches = |parameter: &&Parameter| match location {
            Location::Header => parameter.name.eq_ignore_ascii_case(key),
            _ => parameter.name == key,
        };
        if let Some(parameter) = self.parameters(location).find(matches) {
            return Some(parameter);
        }
        let names: Vec<String> = self
            .parameters(location)
            .map(|parameter| parameter.name.clone())
            .collect();
        let kind = location.describe();
        let hint = match did_you_mean(key, names.iter().map(String::as_str)) {
            Some(nearest) => format!("did you mean `{nearest}`?"),
            None if names.is_empty() => format!("it has no {kind} parameters"),
            None => format!(
                "its {kind} parameters are {}",
                join(
                    names.iter().map(|name| format!("`{name}`")).collect(),
                    "and"
                )
            ),
        };
        let message = format!(
            "{} has no {kind} parameter `{key}`; {hint}",
            describe(self.operation)
        );
        self.errors.at(span, message);
        None
    }

    fn headers(&mut self) {
        for bound in &self.endpoint.headers {
            let name = &bound.header.name;
            if UNDESCRIBED_HEADERS.contains(&bound.header.lowercase.as_str()) {
                continue;
            }
            if let Some(parameter) = self.known(Location::Header, name, bound.header.span) {
                let ty = option_inner(&bound.param.ty).unwrap_or(&bound.param.ty);
                self.check_type(ty, parameter);
            }
        }
        let required: Vec<&Parameter> = self
            .parameters(Location::Header)
            .filter(|parameter| parameter.required)
            .collect();
        for parameter in required {
            let sent = self
                .endpoint
                .headers
                .iter()
                .find(|bound| bound.header.name.eq_ignore_ascii_case(&parameter.name));
            match sent {
                Some(bound) => self.not_optional(bound.param, "header", parameter),
                None => {
                    let message = format!(
                        "{} requires the header `{name}`; add a parameter \
                         `#[header(\"{name}\")] value: &str`",
                        describe(self.operation),
                        name = parameter.name,
                    );
                    let method = &self.endpoint.declaration.sig.ident;
                    self.errors.spanned(method, message);
                }
            }
        }
    }

    /// A body is sent exactly when the operation has one, as JSON, and always when it is
    /// required.
    fn body(&mut self) {
        let description = describe(self.operation);
        match (&self.operation.body, &self.endpoint.body) {
            (None, None) => {}
            (Some(_), None) => self.errors.at(
                self.endpoint.route_span,
                format_args!(
                    "{description} takes a request body; send one with `data = \"<param>\"`"
                ),
            ),
            (None, Some(body)) => self.errors.at(
                body.span,
                format_args!("{description} takes no request body; remove `data`"),
            ),
            (Some(expected), Some(body)) => {
                if !expected.accepts_json() {
                    self.errors.at(
                        body.span,
                        format_args!(
                            "{description} takes its body as {}, and `data` sends JSON",
                            one_of(&expected.media_types)
                        ),
                    );
                }
                if expected.required && option_inner(&body.param.ty).is_some() {
                    self.errors.spanned(
                        &body.param.ty,
                        format_args!(
                            "{description} requires its request body; `{}` cannot be an \
                             `Option`",
                            body.param.name()
                        ),
                    );
                }
            }
        }
    }

    fn not_optional(&mut self, param: &Param, kind: &str, parameter: &Parameter) {
        if option_inner(&param.ty).is_some() {
            let message = format!(
                "`{}` is a required {kind} of {}; `{}` cannot be an `Option`",
                parameter.name,
                describe(self.operation),
                param.name()
            );
            self.errors.spanned(&param.ty, message);
        }
    }

    /// The parameter's Rust type against the schema's `type`, where the macro can tell what the
    /// Rust type is; a type it does not know (an enum, a newtype) is taken on trust.
    fn check_type(&mut self, ty: &Type, parameter: &Parameter) {
        let kind = RustKind::of(ty);
        let Some(expected) = parameter.schema.single_type() else {
            return;
        };
        let agrees = match (expected, kind) {
            (_, RustKind::Unknown) => true,
            ("integer", kind) => kind == RustKind::Integer,
            ("number", kind) => matches!(kind, RustKind::Integer | RustKind::Float),
            ("boolean", kind) => kind == RustKind::Boolean,
            ("string", RustKind::Uuid) => {
                matches!(parameter.schema.format.as_deref(), None | Some("uuid"))
            }
            ("string", kind) => kind == RustKind::Text,
            // Arrays and objects: what the macro sends for them depends on `Display`.
            _ => true,
        };
        if agrees {
            return;
        }
        let schema = schema_words(&parameter.schema);
        let message = format!(
            "`{}` is {schema} in the {} of {}, and `{}` is {}; {}",
            parameter.name,
            parameter.location.describe(),
            describe(self.operation),
            code(ty),
            kind.describe(),
            suggestion(&parameter.schema),
        );
        self.errors.spanned(ty, message);
    }
}

/// The names in `{..}` of a document path, in order.
fn template_expressions(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// `` `a`, `b` or `c` ``.
fn one_of(items: &[String]) -> String {
    join(items.iter().map(|item| format!("`{item}`")).collect(), "or")
}

/// `a, b and c`.
fn join(items: Vec<String>, conjunction: &str) -> String {
    match items.as_slice() {
        [] => "nothing".to_owned(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// `a \`string\` (\`uuid\`)`.
fn schema_words(schema: &Schema) -> String {
    let ty = schema.single_type().unwrap_or("value");
    let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    match &schema.format {
        Some(format) => format!("{article} `{ty}` (`{format}`)"),
        None => format!("{article} `{ty}`"),
    }
}

fn suggestion(schema: &Schema) -> &'static str {
    match (schema.single_type(), schema.format.as_deref()) {
        (Some("integer"), _) => "use an integer type such as `u64`",
        (Some("number"), _) => "use a number type such as `f64`",
        (Some("boolean"), _) => "use `bool`",
        (Some("string"), Some("uuid")) => "use `Uuid`, `&str` or `String`",
        _ => "use `&str` or `String`",
    }
}

/// What the macro can tell of a Rust type from its spelling.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RustKind {
    Integer,
    Float,
    Boolean,
    Text,
    Uuid,
    Unknown,
}

impl RustKind {
    fn of(ty: &Type) -> RustKind {
        match ty {
            Type::Reference(reference) => RustKind::of(&reference.elem),
            Type::Paren(inner) => RustKind::of(&inner.elem),
            Type::Group(inner) => RustKind::of(&inner.elem),
            Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return RustKind::Unknown;
                };
                let name = last.ident.to_string();
                match (name.as_str(), &last.arguments) {
                    (
                        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32"
                        | "i64" | "i128" | "isize",
                        PathArguments::None,
                    ) => RustKind::Integer,
                    (name, _) if name.starts_with("NonZero") => RustKind::Integer,
                    ("f32" | "f64", PathArguments::None) => RustKind::Float,
                    ("bool", PathArguments::None) => RustKind::Boolean,
                    ("str" | "String", PathArguments::None) => RustKind::Text,
                    ("Uuid", PathArguments::None) => RustKind::Uuid,
                    ("Cow" | "Box" | "Rc" | "Arc", PathArguments::AngleBracketed(arguments)) => {
                        match arguments.args.last() {
                            Some(GenericArgument::Type(inner)) => match RustKind::of(inner) {
                                RustKind::Text => RustKind::Text,
                                _ => RustKind::Unknown,
                            },
                            _ => RustKind::Unknown,
                        }
                    }
                    _ => RustKind::Unknown,
                }
            }
            _ => RustKind::Unknown,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            RustKind::Integer => "an integer",
            RustKind::Float => "a floating-point number",
            RustKind::Boolean => "a boolean",
            RustKind::Text => "text",
            RustKind::Uuid => "a UUID",
            RustKind::Unknown => "a type the document does not describe",
        }
    }
}

/// `T` of a type spelled `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" || path.qself.is_some() {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        GenericArgument::Type(inner) if arguments.args.len() == 1 => Some(inner),
        _ => None,
    }
}
