//! `X-Altur-Signature`: HMAC-SHA256 over the body, in the two schemes the documentation gives.

use super::{SIGNATURE_HEADER, WebhookErrorKind, WebhookEvent, webhook_error};
use crate::Result;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;
use std::fmt;
use std::sync::Arc;

type HmacSha256 = Hmac<Sha256>;

/// The length of an HMAC-SHA256 tag, in bytes.
const TAG_LEN: usize = 32;

/// How a webhook secret and signature are encoded. The documentation describes two schemes; both
/// compute HMAC-SHA256 over the request body.
///
/// ```
/// use altur_client::webhooks::{SignatureScheme, WebhookVerifier};
///
/// let verifier = WebhookVerifier::with_scheme("my-secret", SignatureScheme::LegacyHex)?;
/// assert_eq!(verifier.scheme(), SignatureScheme::LegacyHex);
/// # Ok::<(), altur_client::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureScheme {
    /// The newer documentation's scheme, and the default: the secret is base64, the key is the
    /// decoded bytes, and the header carries the base64 of the tag.
    Base64,
    /// The older documentation's scheme: the key is the secret's UTF-8 bytes as they are, and
    /// the header carries the tag in hexadecimal (either case).
    LegacyHex,
}

/// Checks `X-Altur-Signature` and decodes webhook bodies.
///
/// Build it once from the secret configured in Altur and share it: it is `Send + Sync`, and
/// cloning it copies a pointer. It keeps the HMAC key schedule, not the secret text, and its
/// `Debug` output shows neither; no error it returns contains the secret.
///
/// The signature is checked against the body **exactly as received**, before anything is
/// parsed, so pass the raw request bytes, not a re-serialized JSON value. Whitespace around the
/// header value is ignored (HTTP does not count it as part of the value); an empty value counts
/// as a missing header. Comparison is in constant time.
///
/// ```
/// use altur_client::webhooks::{WebhookErrorKind, WebhookEvent, WebhookVerifier};
///
/// let verifier = WebhookVerifier::new("c2VjcmV0LWtleS1mb3ItdGVzdHM=")?;
/// let body = br#"{"event_type":"on_call_end","id":"cll_1","status":"ended"}"#;
/// let signature = verifier.sign(body); // what Altur puts in `X-Altur-Signature`
///
/// let event = verifier.verify_and_parse(Some(&signature), body)?;
/// assert!(matches!(event, WebhookEvent::CallEnded(ref call) if call.id == "cll_1"));
///
/// let forged = br#"{"event_type":"on_call_end","id":"cll_2","status":"ended"}"#;
/// let error = verifier.verify_and_parse(Some(&signature), forged).unwrap_err();
/// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::InvalidSignature));
/// # Ok::<(), altur_client::Error>(())
/// ```
#[derive(Clone)]
pub struct WebhookVerifier {
    mac: Arc<HmacSha256>,
    scheme: SignatureScheme,
    compact_json_fallback: bool,
}

impl WebhookVerifier {
    /// A verifier for the newer scheme ([`SignatureScheme::Base64`]): `secret` is the
    /// base64-encoded shared secret shown in Altur (standard alphabet, padding optional).
    ///
    /// ```
    /// use altur_client::webhooks::{WebhookErrorKind, WebhookVerifier};
    ///
    /// assert!(WebhookVerifier::new("c2VjcmV0").is_ok());
    /// let error = WebhookVerifier::new("not base64!").unwrap_err();
    /// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::InvalidSecret));
    /// assert!(!error.to_string().contains("not base64!"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookErrorKind::InvalidSecret`] when the secret is empty, is not base64 (surrounding
    /// whitespace included: it is not trimmed) or decodes to no bytes.
    pub fn new(secret: &str) -> Result<Self> {
        Self::with_scheme(secret, SignatureScheme::Base64)
    }

    /// A verifier for the older scheme ([`SignatureScheme::LegacyHex`]): the key is `secret`'s
    /// UTF-8 bytes, and signatures are hexadecimal.
    ///
    /// ```
    /// use altur_client::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::legacy_hex("my-secret")?;
    /// let signature = verifier.sign(b"{}");
    /// assert_eq!(signature.len(), 64);
    /// verifier.verify(&signature.to_uppercase(), b"{}")?;
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookErrorKind::InvalidSecret`] when the secret is empty.
    pub fn legacy_hex(secret: &str) -> Result<Self> {
        Self::with_scheme(secret, SignatureScheme::LegacyHex)
    }

    /// A verifier for the scheme given, for when the scheme comes from configuration.
    ///
    /// ```
    /// use altur_client::webhooks::{SignatureScheme, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::with_scheme("c2VjcmV0", SignatureScheme::Base64)?;
    /// assert_eq!(verifier.scheme(), SignatureScheme::Base64);
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new) or [`legacy_hex`](Self::legacy_hex).
    pub fn with_scheme(secret: &str, scheme: SignatureScheme) -> Result<Self> {
        let invalid = |reason: &'static str| webhook_error(WebhookErrorKind::InvalidSecret, reason);
        if secret.is_empty() {
            return Err(invalid("the secret is empty"));
        }
        let decoded;
        let key = match scheme {
            SignatureScheme::Base64 => {
                // The decoder's error names the offending byte: a piece of the secret.
                decoded = STANDARD_PAD_INDIFFERENT.decode(secret).map_err(|_| {
                    invalid(if secret.bytes().any(|b| b.is_ascii_whitespace()) {
                        "the secret is not valid base64: it contains whitespace"
                    } else {
                        "the secret is not valid base64"
                    })
                })?;
                &decoded[..]
            }
            SignatureScheme::LegacyHex => secret.as_bytes(),
        };
        if key.is_empty() {
            return Err(invalid("the secret decodes to no bytes"));
        }
        let mac = HmacSha256::new_from_slice(key)
            .map_err(|_| invalid("the secret cannot be used as an HMAC key"))?;
        Ok(WebhookVerifier {
            mac: Arc::new(mac),
            scheme,
            compact_json_fallback: false,
        })
    }

    /// The scheme this verifier checks.
    ///
    /// ```
    /// use altur_client::webhooks::{SignatureScheme, WebhookVerifier};
    ///
    /// assert_eq!(WebhookVerifier::new("c2VjcmV0")?.scheme(), SignatureScheme::Base64);
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    pub fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    /// Also accepts a signature computed over the body with the whitespace between JSON tokens
    /// removed. Off by default.
    ///
    /// The newer documentation says Altur signs the JSON "serialized without spaces" and
    /// recommends re-serializing the parsed payload before checking. If a sender's body and
    /// signed bytes differ only by that whitespace, turn this on: when the raw body does not
    /// match, its compact form (whitespace outside strings dropped, everything else byte for
    /// byte) is tried too. Whitespace carries no meaning in JSON, so this does not widen what
    /// a forger can do without the key.
    ///
    /// ```
    /// use altur_client::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let signature = verifier.sign(br#"{"id":"cll_1","type":"inbound"}"#);
    /// let pretty = br#"{"id": "cll_1", "type": "inbound"}"#;
    /// assert!(verifier.verify(&signature, pretty).is_err());
    ///
    /// let lenient = verifier.compact_json_fallback(true);
    /// lenient.verify(&signature, pretty)?;
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    #[must_use]
    pub fn compact_json_fallback(mut self, enabled: bool) -> Self {
        self.compact_json_fallback = enabled;
        self
    }

    /// The `X-Altur-Signature` value for `body`, as Altur would compute it: base64 or lowercase
    /// hex, depending on the [scheme](Self::scheme). For tests and for the
    /// [mock server](crate::mock).
    ///
    /// ```
    /// use altur_client::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let signature = verifier.sign(b"{}");
    /// assert_eq!(signature.len(), 44); // 32 bytes in base64
    /// verifier.verify(&signature, b"{}")?;
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    pub fn sign(&self, body: &[u8]) -> String {
        let tag = self.tag(body);
        match self.scheme {
            SignatureScheme::Base64 => STANDARD.encode(tag),
            SignatureScheme::LegacyHex => encode_hex(&tag),
        }
    }

    /// Checks that `signature` (the `X-Altur-Signature` value) was computed over `body` with this
    /// verifier's secret.
    ///
    /// ```
    /// use altur_client::webhooks::{WebhookErrorKind, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let signature = verifier.sign(b"{}");
    /// verifier.verify(&format!(" {signature} "), b"{}")?;
    ///
    /// let error = verifier.verify(&signature, b"{ }").unwrap_err();
    /// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::InvalidSignature));
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// - [`WebhookErrorKind::MissingSignature`] when `signature` is empty or only whitespace.
    /// - [`WebhookErrorKind::InvalidSignature`] when it is not base64 (or hex, for the legacy
    ///   scheme), is not 32 bytes long, or does not match.
    pub fn verify(&self, signature: &str, body: &[u8]) -> Result<()> {
        let signature = signature.trim_matches(|c: char| c.is_ascii_whitespace());
        if signature.is_empty() {
            return Err(webhook_error(
                WebhookErrorKind::MissingSignature,
                "the signature is empty",
            ));
        }
        let invalid =
            |reason: &'static str| webhook_error(WebhookErrorKind::InvalidSignature, reason);
        let tag = match self.scheme {
            SignatureScheme::Base64 => STANDARD_PAD_INDIFFERENT
                .decode(signature)
                .map_err(|_| invalid("the signature is not valid base64"))?,
            SignatureScheme::LegacyHex => {
                decode_hex(signature).ok_or_else(|| invalid("the signature is not hexadecimal"))?
            }
        };
        if tag.len() != TAG_LEN {
            return Err(invalid("the signature is not 32 bytes long"));
        }
        if self.matches(&tag, body) {
            return Ok(());
        }
        if self.compact_json_fallback
            && let Some(compact) = compact_json(body)
            && self.matches(&tag, &compact)
        {
            return Ok(());
        }
        Err(invalid("the signature does not match the body"))
    }

    /// Checks the signature, then decodes the body. `signature` is the `X-Altur-Signature`
    /// value, `None` when the request had none. Nothing is parsed unless the signature matches.
    ///
    /// ```
    /// use altur_client::webhooks::{WebhookErrorKind, WebhookEvent, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let body = br#"{"event_type":"on_call_end","id":"cll_1","answered_by":"human"}"#;
    /// let event = verifier.verify_and_parse(Some(&verifier.sign(body)), body)?;
    /// assert_eq!(event.event_type(), Some("on_call_end"));
    ///
    /// let error = verifier.verify_and_parse(None, body).unwrap_err();
    /// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::MissingSignature));
    ///
    /// let error = verifier.verify_and_parse(Some(&verifier.sign(b"{")), b"{").unwrap_err();
    /// assert_eq!(error.webhook_kind(), Some(WebhookErrorKind::MalformedBody));
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// - [`WebhookErrorKind::MissingSignature`] when `signature` is `None`, empty or whitespace.
    /// - [`WebhookErrorKind::InvalidSignature`] as in [`verify`](Self::verify).
    /// - [`WebhookErrorKind::MalformedBody`] when the signature matches but the body is not a
    ///   JSON object, or is a known event without the documented shape. Its source is the
    ///   `serde_json::Error`.
    pub fn verify_and_parse(&self, signature: Option<&str>, body: &[u8]) -> Result<WebhookEvent> {
        let signature = signature.ok_or_else(|| {
            webhook_error(
                WebhookErrorKind::MissingSignature,
                "the request has no `X-Altur-Signature` header",
            )
        })?;
        self.verify(signature, body)?;
        serde_json::from_slice(body)
            .map_err(|error| webhook_error(WebhookErrorKind::MalformedBody, error))
    }

    /// As [`verify_and_parse`](Self::verify_and_parse), reading `X-Altur-Signature` from the
    /// request's headers (names are case-insensitive). Frameworks built on the `http` crate
    /// (axum, hyper, …) hand out this [`HeaderMap`].
    ///
    /// ```
    /// use altur_client::webhooks::{SIGNATURE_HEADER, WebhookVerifier};
    /// use reqwest::header::{HeaderMap, HeaderValue};
    ///
    /// let verifier = WebhookVerifier::new("c2VjcmV0")?;
    /// let body = br#"{"event_type":"campaign.archived","event_id":"evt_1"}"#;
    /// let mut headers = HeaderMap::new();
    /// headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&verifier.sign(body)).unwrap());
    ///
    /// let event = verifier.verify_request(&headers, body)?;
    /// assert_eq!(event.event_id(), Some("evt_1"));
    /// # Ok::<(), altur_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`verify_and_parse`](Self::verify_and_parse); a header value that is not visible
    /// ASCII is [`WebhookErrorKind::InvalidSignature`]. When the header is repeated, the first
    /// value is checked.
    pub fn verify_request(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent> {
        let signature = headers
            .get(SIGNATURE_HEADER)
            .map(|value| {
                value.to_str().map_err(|_| {
                    webhook_error(
                        WebhookErrorKind::InvalidSignature,
                        "the signature header is not visible ASCII",
                    )
                })
            })
            .transpose()?;
        self.verify_and_parse(signature, body)
    }

    fn tag(&self, body: &[u8]) -> [u8; TAG_LEN] {
        let mut mac = HmacSha256::clone(&self.mac);
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    fn matches(&self, tag: &[u8], body: &[u8]) -> bool {
        let mut mac = HmacSha256::clone(&self.mac);
        mac.update(body);
        mac.verify_slice(tag).is_ok()
    }
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("scheme", &self.scheme)
            .field("secret", &"***")
            .field("compact_json_fallback", &self.compact_json_fallback)
            .finish()
    }
}

fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

/// Decodes hexadecimal digits of either case; `None` for an odd length or another character.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    fn digit(byte: u8) -> Option<u8> {
        char::from(byte)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some((digit(pair[0])? << 4) | digit(pair[1])?))
        .collect()
}

/// `body` without the JSON whitespace outside strings, or `None` when it has none. Works on bytes
/// and never fails: on text that is not JSON, the result is simply a signature that won't match.
fn compact_json(body: &[u8]) -> Option<Vec<u8>> {
    let mut compact = Vec::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        } else if byte == b'"' {
            in_string = true;
        }
        compact.push(byte);
    }
    (compact.len() != body.len()).then_some(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_in_either_case() {
        let bytes = [0x00, 0x0f, 0xa5, 0xff];
        assert_eq!(encode_hex(&bytes), "000fa5ff");
        assert_eq!(decode_hex("000fa5ff").as_deref(), Some(&bytes[..]));
        assert_eq!(decode_hex("000FA5FF").as_deref(), Some(&bytes[..]));
        assert_eq!(decode_hex("").as_deref(), Some(&[][..]));
        for bad in ["0", "0g", "+1", "é0", " 00"] {
            assert_eq!(decode_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn compact_json_keeps_strings_intact() {
        let pretty = b"{\n  \"a b\": \"x \\\" y\",\t\"c\": [1, 2]\r\n}";
        assert_eq!(
            compact_json(pretty).as_deref(),
            Some(&b"{\"a b\":\"x \\\" y\",\"c\":[1,2]}"[..])
        );
        assert_eq!(compact_json(br#"{"a":"b c"}"#), None);
        assert_eq!(
            compact_json(br#"{"a":"\\", "b":1}"#).as_deref(),
            Some(&br#"{"a":"\\","b":1}"#[..])
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let secret = "c3VwZXItc2VjcmV0LXZhbHVl";
        let verifier = WebhookVerifier::new(secret).unwrap();
        let debug = format!("{verifier:?}");
        assert!(!debug.contains(secret), "{debug}");
        assert!(!debug.contains("super-secret-value"), "{debug}");
        assert!(debug.contains("***"), "{debug}");

        let legacy = WebhookVerifier::legacy_hex("plain-secret").unwrap();
        assert!(!format!("{legacy:?}").contains("plain-secret"));
    }

    #[test]
    fn secret_errors_do_not_show_the_secret() {
        for secret in ["sec!ret", "sec ret\n", "====", ""] {
            let error = WebhookVerifier::new(secret).unwrap_err();
            assert_eq!(
                error.webhook_kind(),
                Some(WebhookErrorKind::InvalidSecret),
                "{secret:?}"
            );
            let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
            if !secret.is_empty() {
                assert!(!shown.contains(secret.trim()), "{shown}");
            }
        }
    }

    #[test]
    fn verifier_is_cheap_and_shareable() {
        fn assert_bounds<T: Send + Sync + Clone + 'static>() {}
        assert_bounds::<WebhookVerifier>();
        assert!(std::mem::size_of::<WebhookVerifier>() <= 16);
    }
}
