//! Checking an answer of the mock against what its operation declares: the status (exactly, by
//! its `4XX` range, or `default`), the media type and, for JSON, the body's schema.

use super::{Contract, Operation, ResponseSpec, StatusKey, Violation};
use hyper::StatusCode;
use hyper::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;

impl Contract {
    /// Checks a response to a request for `operation`. `refusal` is set when the mock refused
    /// the request for breaking the document: a refusal with a status the operation does not
    /// declare is only held to the document's error model.
    pub(in crate::mock) fn check_response(
        &self,
        operation: &Operation,
        refusal: bool,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), Violation> {
        match (operation.response_for(status.as_u16()), self.error_model()) {
            (Some(declared), _) => declared.check(headers, body),
            (None, Some(error_model)) if refusal => check_json(error_model, body),
            (None, None) if refusal => Ok(()),
            (None, _) => Err(Violation::new(format!(
                "status {} is not declared by `{}`",
                status.as_u16(),
                operation.id
            ))),
        }
    }
}

impl Operation {
    /// The response declared for `status`: exactly, else by its range (`4XX`), else `default`.
    fn response_for(&self, status: u16) -> Option<&ResponseSpec> {
        let find = |wanted: StatusKey| {
            self.responses
                .iter()
                .find(|(key, _)| *key == wanted)
                .map(|(_, response)| response)
        };
        find(StatusKey::Exact(status))
            .or_else(|| find(StatusKey::Range(status / 100)))
            .or_else(|| find(StatusKey::Default))
    }
}

impl ResponseSpec {
    fn check(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), Violation> {
        if self.content.is_empty() {
            return if body.is_empty() {
                Ok(())
            } else {
                Err(Violation::new(
                    "a response body, where the document declares none",
                ))
            };
        }
        let declared = || {
            let types: Vec<String> = self
                .content
                .iter()
                .map(|(media_type, _)| format!("`{media_type}`"))
                .collect();
            types.join(", ")
        };
        let Some(media_type) = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|essence| essence.trim().to_ascii_lowercase())
        else {
            return Err(Violation::new(format!(
                "no `Content-Type`, where the document declares {}",
                declared()
            )));
        };
        match self.schema_for(&media_type) {
            None => Err(Violation::new(format!(
                "`Content-Type: {media_type}`, where the document declares {}",
                declared()
            ))),
            Some(Some(schema)) => check_json(schema, body),
            Some(None) => Ok(()),
        }
    }

    /// The entry of `content` a media type falls under (`audio/mpeg` under `audio/*`), and its
    /// schema when it is JSON.
    fn schema_for(&self, media_type: &str) -> Option<Option<&jsonschema::Validator>> {
        let family = media_type.split('/').next().unwrap_or_default();
        let find = |wanted: &str| {
            self.content
                .iter()
                .find(|(declared, _)| declared == wanted)
                .map(|(_, schema)| schema.as_ref())
        };
        find(media_type)
            .or_else(|| find(&format!("{family}/*")))
            .or_else(|| find("*/*"))
    }
}

fn check_json(schema: &jsonschema::Validator, body: &[u8]) -> Result<(), Violation> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| Violation::new(format!("response body: not JSON: {error}")))?;
    schema
        .validate(&value)
        .map_err(|error| Violation::in_json("response body", &error))
}
