//! What comes back from a server, as users may see it: without the API key, wherever the server
//! echoed it.

use super::Transport;
use crate::auth::ApiKey;
use crate::error::{ApiError, Error, ErrorCode};
use reqwest::header::{
    AUTHORIZATION, COOKIE, HeaderMap, HeaderValue, PROXY_AUTHORIZATION, SET_COOKIE,
};
use std::borrow::Cow;

/// The strings of an error model decoded from a redacted body are already without the key; this
/// also covers what `Display` makes of them.
pub(super) fn redact_api_error(key: &ApiKey, api_error: &mut ApiError) {
    if let Some(ErrorCode::Text(code)) = &mut api_error.code {
        redact_shown(key, code);
    }
    redact_shown(key, &mut api_error.message);
    for (_, value) in api_error.details.iter_mut() {
        key.redact_json(value);
    }
}

/// Replaces the key in server text that `Display` shows, also where escaping it would spell it.
fn redact_shown(key: &ApiKey, text: &mut String) {
    if let Cow::Owned(redacted) = key.redact_text(text) {
        *text = redacted;
    }
}

/// `error` without the key: a `2xx` body that did not decode may hold it, and serde quotes the
/// value it choked on in its message.
pub(crate) fn redact_decode_error(transport: &Transport, error: Error) -> Error {
    let Error::Decode {
        target,
        status,
        body,
        source,
    } = error
    else {
        return error;
    };
    let key = &transport.api_key;
    let message = source.to_string();
    let source = match key.redact_str(&message) {
        Cow::Borrowed(_) => source,
        // The position is part of the message; the rebuilt error has none of its own.
        Cow::Owned(redacted) => <serde_json::Error as serde::de::Error>::custom(redacted),
    };
    Error::Decode {
        target,
        status,
        body: key.redact_body(body),
        source,
    }
}

/// Response headers as users may print them: a value holding the key is replaced and, like
/// credentials a server echoes, marked sensitive so that `Debug` hides it.
pub(super) fn redact_headers(key: &ApiKey, headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        if let Some(redacted) = key.redact(value.as_bytes()) {
            *value = HeaderValue::from_bytes(&redacted)
                .unwrap_or_else(|_| HeaderValue::from_static("***"));
            value.set_sensitive(true);
        } else if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE, SET_COOKIE].contains(name) {
            value.set_sensitive(true);
        }
    }
}
