//! The API key: never displayed, never logged, sent only as a sensitive header.

use crate::error::{Error, Escaped, Result};
use bytes::Bytes;
use memchr::memmem;
use reqwest::header::HeaderValue;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// The longest key accepted; real keys are a few dozen bytes.
pub(crate) const MAX_KEY_LEN: usize = 1024;

/// An Altur API key. `Debug` prints `ApiKey(***)` and there is deliberately no `Display`.
#[derive(Clone)]
pub(crate) struct ApiKey {
    key: Box<str>,
    /// A searcher for the key, built once: every error body is searched for it.
    finder: memmem::Finder<'static>,
    /// A searcher for the key as `Debug` writes it (`"` and `\` escaped), which is how serde's
    /// messages quote the strings they complain about; `None` when that is the key itself.
    quoted: Option<memmem::Finder<'static>>,
}

impl ApiKey {
    /// Checks that `key` can be sent as `Authorization: api-key <key>` unchanged.
    pub(crate) fn new(key: String) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::config("the API key is empty"));
        }
        // Error bodies are redacted with a bounded lookahead past where they are cut, which
        // only catches a key echoed across the cut when the key is shorter than it.
        if key.len() > MAX_KEY_LEN {
            return Err(Error::config("the API key is longer than 1024 bytes"));
        }
        // Keys are opaque tokens: whitespace or control characters would change how the header
        // reads (or split it), and non-ASCII bytes are not portable in headers.
        if !key.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(Error::config(
                "the API key contains whitespace, control or non-ASCII characters",
            ));
        }
        // Every escape (`Debug`, JSON, the one `Display` uses for server text) writes a
        // backslash, so a key without one cannot straddle an escape and its surroundings: see
        // `redact_text`.
        if key.contains('\\') {
            return Err(Error::config("the API key contains a backslash"));
        }
        let finder = memmem::Finder::new(key.as_bytes()).into_owned();
        let quoted = format!("{key:?}");
        let quoted = &quoted[1..quoted.len() - 1];
        let quoted = (quoted != key).then(|| memmem::Finder::new(quoted.as_bytes()).into_owned());
        Ok(ApiKey {
            key: key.into_boxed_str(),
            finder,
            quoted,
        })
    }

    /// `api-key <key>`, marked sensitive so that HTTP layers redact it.
    pub(crate) fn authorization(&self) -> Result<HeaderValue> {
        let mut value = HeaderValue::try_from(format!("api-key {}", self.key)).map_err(|_| {
            Error::config("the API key contains characters that are not valid in a header")
        })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// Replaces every occurrence of the key in `text` with `***`, for bodies a server echoes back.
    pub(crate) fn redact(&self, text: &[u8]) -> Option<Vec<u8>> {
        replace_all(&self.finder, text)
    }

    /// `text` with every occurrence of the key replaced by `***`, also where it is quoted as
    /// `Debug` quotes strings (as in serde's messages).
    pub(crate) fn redact_str<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for finder in std::iter::once(&self.finder).chain(&self.quoted) {
            if let Some(redacted) = replace_all(finder, text.as_bytes()) {
                // Only whole ASCII runs were replaced, by ASCII: still UTF-8.
                text = Cow::Owned(String::from_utf8_lossy(&redacted).into_owned());
            }
        }
        text
    }

    /// Server text as users may see it: [`redact_str`](Self::redact_str), and, when escaping
    /// the text for `Debug` or `Display` would spell the key out of the characters an escape
    /// writes (a key `nabc` and a line break before `abc`), the escaped text, redacted. That
    /// has no control characters left, and escaping it again only doubles backslashes, which a
    /// key cannot contain, so no rendering of it spells the key.
    pub(crate) fn redact_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let text = self.redact_str(text);
        let escaped = |c: char| c.escape_debug().len() > 1 || Escaped::needs_escape(c);
        if !text.contains(escaped) {
            return text;
        }
        let debug = text.escape_debug().to_string();
        let display = Escaped(&text).to_string();
        if self.finder.find(debug.as_bytes()).is_none()
            && self.finder.find(display.as_bytes()).is_none()
        {
            return text;
        }
        Cow::Owned(self.redact_str(&debug).into_owned())
    }

    /// A response body as users may read it: without the key, and without a JSON escape that
    /// would decode back into it (`\/` for `/`, `\u0073` for `s`). Such a body is encoded again
    /// from its decoded JSON, with the key replaced in every string and object key as
    /// [`redact_text`](Self::redact_text) does.
    pub(crate) fn redact_body(&self, body: Bytes) -> Bytes {
        let body = match self.redact(&body) {
            Some(redacted) => Bytes::from(redacted),
            None => body,
        };
        // Without a backslash, JSON strings decode to the bytes just searched.
        if memchr::memchr(b'\\', &body).is_none() {
            return body;
        }
        let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
            return body;
        };
        if !self.redact_json(&mut value) {
            return body;
        }
        serde_json::to_vec(&value).map_or(body, Bytes::from)
    }

    /// Replaces the key in every string and object key of `value`; whether anything changed.
    pub(crate) fn redact_json(&self, value: &mut Value) -> bool {
        match value {
            Value::String(text) => match self.redact_text(text) {
                Cow::Borrowed(_) => false,
                Cow::Owned(redacted) => {
                    *text = redacted;
                    true
                }
            },
            Value::Array(values) => values
                .iter_mut()
                .fold(false, |changed, value| self.redact_json(value) | changed),
            Value::Object(map) => {
                let mut changed = false;
                let entries = std::mem::take(map);
                for (key, mut value) in entries {
                    changed |= self.redact_json(&mut value);
                    let key = match self.redact_text(&key) {
                        Cow::Borrowed(_) => key,
                        Cow::Owned(redacted) => {
                            changed = true;
                            redacted
                        }
                    };
                    map.insert(key, value);
                }
                changed
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
}

/// `text` with every match of `finder` replaced by `***`, or `None` when there is none.
fn replace_all(finder: &memmem::Finder<'_>, text: &[u8]) -> Option<Vec<u8>> {
    let needle = finder.needle().len();
    let mut found = finder.find_iter(text).peekable();
    found.peek()?;
    let mut redacted = Vec::with_capacity(text.len());
    let mut kept = 0;
    for at in found {
        // Overlapping matches (`aa` in `aaa`) start inside one already replaced.
        if at < kept {
            continue;
        }
        redacted.extend_from_slice(&text[kept..at]);
        redacted.extend_from_slice(b"***");
        kept = at + needle;
    }
    redacted.extend_from_slice(&text[kept..]);
    Some(redacted)
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = ApiKey::new("sk_test_secret".into()).unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        let header = key.authorization().unwrap();
        assert!(header.is_sensitive());
        assert_eq!(header.to_str().unwrap(), "api-key sk_test_secret");
        assert!(!format!("{header:?}").contains("secret"));
    }

    #[test]
    fn malformed_keys_are_rejected_without_echoing_them() {
        for key in [
            "",
            "a b",
            "abc\r\nX-Evil: 1",
            "tab\there",
            "caf\u{e9}",
            "nul\0",
            "back\\slash",
        ] {
            let error = ApiKey::new(key.into()).unwrap_err();
            let message = error.to_string();
            assert!(
                message.starts_with("invalid client configuration"),
                "{message}"
            );
            if !key.is_empty() {
                assert!(!message.contains(key), "{message}");
            }
        }
    }

    #[test]
    fn redaction() {
        let key = ApiKey::new("k3y".into()).unwrap();
        assert_eq!(key.redact(b"nothing here"), None);
        assert_eq!(
            key.redact(b"k3y: bad key k3y!").as_deref(),
            Some(&b"***: bad key ***!"[..])
        );
        assert_eq!(key.redact(b"k3yk3y").as_deref(), Some(&b"******"[..]));
        let key = ApiKey::new("aa".into()).unwrap();
        assert_eq!(key.redact(b"aaa").as_deref(), Some(&b"***a"[..]));
    }
}
