//! The API key: never displayed, never logged, sent only as a sensitive header.

use crate::error::{Error, Result};
use memchr::memmem;
use reqwest::header::HeaderValue;
use std::fmt;

/// The longest key accepted; real keys are a few dozen bytes.
pub(crate) const MAX_KEY_LEN: usize = 1024;

/// An Altur API key. `Debug` prints `ApiKey(***)` and there is deliberately no `Display`.
#[derive(Clone)]
pub(crate) struct ApiKey {
    key: Box<str>,
    /// A searcher for the key, built once: every error body is searched for it.
    finder: memmem::Finder<'static>,
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
        let finder = memmem::Finder::new(key.as_bytes()).into_owned();
        Ok(ApiKey {
            key: key.into_boxed_str(),
            finder,
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
        let mut found = self.finder.find_iter(text).peekable();
        found.peek()?;
        let mut redacted = Vec::with_capacity(text.len());
        let mut kept = 0;
        for at in found {
            redacted.extend_from_slice(&text[kept..at]);
            redacted.extend_from_slice(b"***");
            kept = at + self.key.len();
        }
        redacted.extend_from_slice(&text[kept..]);
        Some(redacted)
    }
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
