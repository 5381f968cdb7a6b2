//! Checking a request against its operation: path parameters, query parameters, header
//! parameters, then the body, stopping at the first violation.

use super::{Location, Operation, Parameter, RequestBody, Segment, ValueKind, Violation, describe};
use bytes::Bytes;
use hyper::Request;
use hyper::header::HeaderMap;
use percent_encoding::percent_decode;
use serde_json::{Number, Value};

impl Operation {
    /// Checks `request`, whose path after the base path is `path`, against this operation.
    pub(in crate::mock) fn check_request(
        &self,
        path: &str,
        request: &Request<Bytes>,
    ) -> Result<(), Violation> {
        self.check_path(path)?;
        self.check_query(request.uri().query())?;
        self.check_headers(request.headers())?;
        match &self.body {
            Some(body) => body.check(request.body()),
            None if request.body().is_empty() => Ok(()),
            None => Err(Violation::new(format!(
                "unexpected request body: `{}` takes none",
                self.id
            ))),
        }
    }

    fn declared(&self, location: Location) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(move |parameter| parameter.location == location)
    }

    fn check_path(&self, path: &str) -> Result<(), Violation> {
        let segments = path.strip_prefix('/').unwrap_or(path).split('/');
        for (segment, raw) in self.segments.iter().zip(segments) {
            let Segment::Parameter(name) = segment else {
                continue;
            };
            let Some(parameter) = self
                .declared(Location::Path)
                .find(|parameter| parameter.name == *name)
            else {
                continue;
            };
            let text = percent_decode(raw.as_bytes())
                .decode_utf8()
                .map_err(|_| parameter.violation("not valid UTF-8 once percent-decoded"))?;
            parameter.check(&text)?;
        }
        Ok(())
    }

    fn check_query(&self, query: Option<&str>) -> Result<(), Violation> {
        let pairs = parse_query(query.unwrap_or_default())?;
        if let Some((unknown, _)) = pairs
            .iter()
            .find(|(key, _)| !self.declared(Location::Query).any(|p| p.name == *key))
        {
            let known: Vec<String> = self
                .declared(Location::Query)
                .map(|parameter| format!("`{}`", parameter.name))
                .collect();
            let known = if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            };
            return Err(Violation::new(format!(
                "query parameter `{unknown}` is not declared by `{}`; it takes {known}",
                self.id
            )));
        }
        for parameter in self.declared(Location::Query) {
            let mut values = pairs
                .iter()
                .filter(|(key, _)| *key == parameter.name)
                .map(|(_, value)| value.as_str());
            parameter.check_one(values.next(), values.count())?;
        }
        Ok(())
    }

    fn check_headers(&self, headers: &HeaderMap) -> Result<(), Violation> {
        for parameter in self.declared(Location::Header) {
            let mut values = headers.get_all(parameter.name.as_str()).iter();
            let first = match values.next().map(|value| value.to_str()) {
                None => None,
                Some(Ok(text)) => Some(text),
                Some(Err(_)) => return Err(parameter.violation("not visible ASCII text")),
            };
            parameter.check_one(first, values.count())?;
        }
        Ok(())
    }
}

/// The pairs of a query string, percent-decoded (`+` is a space); a pair that is not UTF-8 once
/// decoded is a violation, where `form_urlencoded` would replace the bytes.
fn parse_query(query: &str) -> Result<Vec<(String, String)>, Violation> {
    let decode = |text: &str| {
        let spaced = text.replace('+', " ");
        String::from_utf8(percent_decode(spaced.as_bytes()).collect())
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Ok(name) = decode(key) else {
                let lossy =
                    String::from_utf8_lossy(&percent_decode(key.as_bytes()).collect::<Vec<u8>>())
                        .into_owned();
                return Err(Violation::new(format!(
                    "query parameter `{lossy}`: its name is not valid UTF-8 once percent-decoded"
                )));
            };
            let value = decode(value).map_err(|_| {
                Violation::new(format!(
                    "query parameter `{name}`: not valid UTF-8 once percent-decoded"
                ))
            })?;
            Ok((name, value))
        })
        .collect()
}

impl Parameter {
    /// Where the parameter goes, as messages name it.
    fn place(&self) -> &'static str {
        match self.location {
            Location::Path => "path parameter",
            Location::Query => "query parameter",
            Location::Header => "header",
        }
    }

    fn violation(&self, reason: &str) -> Violation {
        Violation::new(format!("{} `{}`: {reason}", self.place(), self.name))
    }

    /// Checks the value of a parameter that takes one: `first`, and `more` further values.
    fn check_one(&self, first: Option<&str>, more: usize) -> Result<(), Violation> {
        match first {
            None if self.required => Err(Violation::new(format!(
                "{} `{}` is required",
                self.place(),
                self.name
            ))),
            None => Ok(()),
            Some(_) if more > 0 => Err(Violation::new(format!(
                "{} `{}` is given {} times; it takes one value",
                self.place(),
                self.name,
                more + 1
            ))),
            Some(text) => self.check(text),
        }
    }

    /// Checks one value, read as its schema's type says.
    fn check(&self, text: &str) -> Result<(), Violation> {
        let value = read_value(self.kind, text);
        if let Err(error) = self.schema.validate(&value) {
            return Err(self.violation(&describe(&error)));
        }
        if let (Some(format), Value::Number(number)) = (self.integer_format, &value)
            && !format.contains(number)
        {
            return Err(
                self.violation(&format!("{text} is outside the range of {}", format.name()))
            );
        }
        Ok(())
    }
}

/// The JSON value a parameter's text stands for; text that is not of the kind stays a string,
/// for the schema to refuse.
fn read_value(kind: ValueKind, text: &str) -> Value {
    let number = || {
        if let Ok(integer) = text.parse::<i64>() {
            return Some(Number::from(integer));
        }
        if let Ok(integer) = text.parse::<u64>() {
            return Some(Number::from(integer));
        }
        // `from_f64` refuses what is not finite, which `parse` accepts as `inf` or `NaN`.
        text.parse::<f64>().ok().and_then(Number::from_f64)
    };
    match kind {
        ValueKind::Integer | ValueKind::Number => {
            number().map_or_else(|| Value::String(text.to_owned()), Value::Number)
        }
        ValueKind::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        ValueKind::Text => Value::String(text.to_owned()),
    }
}

impl RequestBody {
    fn check(&self, body: &[u8]) -> Result<(), Violation> {
        if body.is_empty() {
            return if self.required {
                Err(Violation::new(
                    "invalid request body: a JSON body is required",
                ))
            } else {
                Ok(())
            };
        }
        let Some(schema) = &self.schema else {
            return Ok(());
        };
        let value: Value = serde_json::from_slice(body)
            .map_err(|error| Violation::new(format!("invalid request body: not JSON: {error}")))?;
        schema
            .validate(&value)
            .map_err(|error| Violation::in_json("invalid request body", &error))
    }
}
