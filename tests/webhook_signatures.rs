//! Webhook signatures: both schemes against independent computations, every way a signature,
//! a body or a secret can be wrong, and the signed deliveries of the mock server.

mod common;

use altur_client::Error;
use altur_client::mock::MockServer;
use altur_client::webhooks::{
    SIGNATURE_HEADER, SignatureScheme, WebhookErrorKind, WebhookVerifier,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use common::webhooks::{
    CALL_END, CYCLE_COMPLETED, SECRET, SECRET_BYTES, STATUS_CHANGED, kind, receive, verifier,
};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use wiremock::http::{HeaderMap, HeaderName, HeaderValue};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const LEGACY_SECRET: &str = "legacy-secret";

/// A short body and its signatures, computed once with Python's `hmac` and `base64`:
/// `base64.b64encode(hmac.new(b"secret-key-for-tests", BODY, hashlib.sha256).digest())` and
/// `hmac.new(b"legacy-secret", BODY, hashlib.sha256).hexdigest()`.
const SHORT_BODY: &[u8] =
    br#"{"event_type":"on_call_end","id":"cll_gBoLtd02pUI50QwXkFjB","status":"ended"}"#;
const SHORT_BODY_BASE64: &str = "cSBKCWl6PdaL6WwULTGO4zr0ds33Gw4GelSMUMZDL9Q=";
const SHORT_BODY_HEX: &str = "0b72575e88abd9e58f8a35f1f01fcd384c46c74b8134649097a75f359e13385b";

/// The new scheme, computed without the crate: base64(HMAC-SHA256(base64-decoded secret, body)).
fn independent_signature(key: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(body);
    BASE64.encode(mac.finalize().into_bytes())
}

// ---------------------------------------------------------------------------------------------
// Verifying

#[test]
fn new_scheme_matches_independent_computations() {
    let verifier = verifier();
    assert_eq!(verifier.scheme(), SignatureScheme::Base64);
    assert_eq!(verifier.sign(SHORT_BODY), SHORT_BODY_BASE64);
    assert_eq!(
        independent_signature(SECRET_BYTES, SHORT_BODY),
        SHORT_BODY_BASE64
    );
    verifier.verify(SHORT_BODY_BASE64, SHORT_BODY).unwrap();

    for fixture in [CALL_END, STATUS_CHANGED, CYCLE_COMPLETED] {
        let signature = independent_signature(SECRET_BYTES, fixture.as_bytes());
        assert_eq!(verifier.sign(fixture.as_bytes()), signature);
        verifier
            .verify_and_parse(Some(&signature), fixture.as_bytes())
            .unwrap();
    }
}

#[test]
fn secret_padding_is_optional() {
    let unpadded = WebhookVerifier::new(SECRET.trim_end_matches('=')).unwrap();
    unpadded.verify(SHORT_BODY_BASE64, SHORT_BODY).unwrap();
    let verifier = verifier();
    verifier
        .verify(SHORT_BODY_BASE64.trim_end_matches('='), SHORT_BODY)
        .unwrap();
}

#[test]
fn a_tampered_body_is_rejected() {
    let verifier = verifier();
    let body = CALL_END.as_bytes();
    let signature = verifier.sign(body);
    for index in [0, body.len() / 2, body.len() - 1] {
        let mut tampered = body.to_vec();
        tampered[index] ^= 0x01;
        assert_eq!(
            kind(verifier.verify_and_parse(Some(&signature), &tampered)),
            WebhookErrorKind::InvalidSignature,
            "byte {index}"
        );
    }
    let mut longer = body.to_vec();
    longer.push(b'\n');
    assert_eq!(
        kind(verifier.verify(&signature, &longer)),
        WebhookErrorKind::InvalidSignature
    );
}

#[test]
fn every_single_bit_flip_is_caught() {
    let verifier = verifier();
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    for index in 0..SHORT_BODY.len() {
        for bit in 0..8 {
            let mut tampered = SHORT_BODY.to_vec();
            tampered[index] ^= 1 << bit;
            assert!(verifier.verify(SHORT_BODY_BASE64, &tampered).is_err());
            assert!(legacy.verify(SHORT_BODY_HEX, &tampered).is_err());
        }
    }
    let tag = BASE64.decode(SHORT_BODY_BASE64).unwrap();
    for index in 0..tag.len() {
        for bit in 0..8 {
            let mut tampered = tag.clone();
            tampered[index] ^= 1 << bit;
            assert!(
                verifier
                    .verify(&BASE64.encode(&tampered), SHORT_BODY)
                    .is_err()
            );
        }
    }
}

#[test]
fn arbitrary_header_values_never_panic() {
    let verifier = verifier();
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    let mut values: Vec<String> = [
        "=",
        "==",
        "===",
        "A",
        "AA",
        "AAA",
        "AAAA=",
        "é",
        "sha256=abc",
        "\u{0}",
        "🦀🦀🦀🦀",
        "0x00",
        "+/+/",
        "-_-_",
    ]
    .iter()
    .map(|value| value.to_string())
    .collect();
    values.extend((0..70).map(|len| BASE64.encode(vec![0xa5; len])));
    values.extend((0..70).map(|len| "f".repeat(len)));
    values.push("A".repeat(100_000));
    for value in &values {
        for verifier in [&verifier, &legacy] {
            let error = verifier.verify(value, SHORT_BODY).unwrap_err();
            assert!(error.webhook_kind().is_some(), "{value}");
        }
    }
}

#[test]
fn a_tampered_signature_is_rejected() {
    let verifier = verifier();
    let signature = verifier.sign(SHORT_BODY);
    let mut bytes = BASE64.decode(&signature).unwrap();
    bytes[0] ^= 0x80;
    let flipped = BASE64.encode(&bytes);
    assert_eq!(
        kind(verifier.verify(&flipped, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
    for bad in [
        "not base64!",
        "cSBKCWl6PdaL6WwULTGO4zr0 ds33Gw4GelSMUMZDL9Q=",
    ] {
        assert_eq!(
            kind(verifier.verify(bad, SHORT_BODY)),
            WebhookErrorKind::InvalidSignature,
            "{bad}"
        );
    }
}

#[test]
fn a_signature_of_the_wrong_length_is_rejected() {
    let verifier = verifier();
    let tag = BASE64.decode(SHORT_BODY_BASE64).unwrap();
    let short = BASE64.encode(&tag[..31]);
    let mut long = tag.clone();
    long.push(0);
    let long = BASE64.encode(&long);
    for signature in [short, long, "AA==".to_owned()] {
        let error = verifier.verify(&signature, SHORT_BODY).unwrap_err();
        assert_eq!(
            error.webhook_kind(),
            Some(WebhookErrorKind::InvalidSignature),
            "{signature}"
        );
    }
}

#[test]
fn a_missing_signature_is_its_own_error() {
    let verifier = verifier();
    assert_eq!(
        kind(verifier.verify_and_parse(None, SHORT_BODY)),
        WebhookErrorKind::MissingSignature
    );
    for empty in ["", "   ", "\t"] {
        assert_eq!(
            kind(verifier.verify_and_parse(Some(empty), SHORT_BODY)),
            WebhookErrorKind::MissingSignature
        );
    }
    let headers = HeaderMap::new();
    assert_eq!(
        kind(verifier.verify_request(&headers, SHORT_BODY)),
        WebhookErrorKind::MissingSignature
    );
}

#[test]
fn the_signature_is_checked_before_the_body_is_parsed() {
    let verifier = verifier();
    assert_eq!(
        kind(verifier.verify_and_parse(Some(SHORT_BODY_BASE64), b"{not json")),
        WebhookErrorKind::InvalidSignature
    );
    assert_eq!(
        kind(verifier.verify_and_parse(None, b"{not json")),
        WebhookErrorKind::MissingSignature
    );
}

#[test]
fn a_wrong_secret_is_rejected() {
    let other = WebhookVerifier::new("b3RoZXItc2VjcmV0").unwrap();
    assert_eq!(
        kind(other.verify(SHORT_BODY_BASE64, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
    // The raw text of the base64 secret is another key.
    let raw = independent_signature(SECRET.as_bytes(), SHORT_BODY);
    assert_eq!(
        kind(verifier().verify(&raw, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
}

#[test]
fn unusable_secrets_are_refused_when_building() {
    for secret in [
        "",
        "not base64!",
        "c2VjcmV0\n",
        " c2VjcmV0",
        "=",
        "c2Vj*mV0",
    ] {
        assert_eq!(
            kind(WebhookVerifier::new(secret)),
            WebhookErrorKind::InvalidSecret,
            "{secret:?}"
        );
    }
    assert_eq!(
        kind(WebhookVerifier::legacy_hex("")),
        WebhookErrorKind::InvalidSecret
    );
    // Any text is a legacy key.
    WebhookVerifier::legacy_hex("not base64!").unwrap();
    let whitespace = WebhookVerifier::new("c2VjcmV0\n").unwrap_err();
    let reason = std::error::Error::source(&whitespace).unwrap().to_string();
    assert!(reason.contains("whitespace"), "{reason}");
}

#[test]
fn the_legacy_hex_scheme() {
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    assert_eq!(legacy.scheme(), SignatureScheme::LegacyHex);
    assert_eq!(legacy.sign(SHORT_BODY), SHORT_BODY_HEX);
    legacy.verify(SHORT_BODY_HEX, SHORT_BODY).unwrap();
    legacy
        .verify(&SHORT_BODY_HEX.to_uppercase(), SHORT_BODY)
        .unwrap();
    let event = legacy
        .verify_and_parse(Some(SHORT_BODY_HEX), SHORT_BODY)
        .unwrap();
    assert_eq!(event.event_type(), Some("on_call_end"));

    let mut wrong = SHORT_BODY_HEX.to_owned();
    wrong.replace_range(..1, "1");
    let new_scheme = independent_signature(LEGACY_SECRET.as_bytes(), SHORT_BODY);
    for bad in [
        wrong.as_str(),
        &SHORT_BODY_HEX[..62],
        &SHORT_BODY_HEX[..63],
        "zz",
        &new_scheme,
    ] {
        assert_eq!(
            kind(legacy.verify(bad, SHORT_BODY)),
            WebhookErrorKind::InvalidSignature,
            "{bad}"
        );
    }
    // The same secret under the other scheme does not verify.
    assert_eq!(
        kind(verifier().verify(SHORT_BODY_HEX, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
    let same_key = WebhookVerifier::with_scheme(LEGACY_SECRET, SignatureScheme::LegacyHex).unwrap();
    same_key.verify(SHORT_BODY_HEX, SHORT_BODY).unwrap();
}

#[test]
fn whitespace_around_the_header_value_is_ignored() {
    let verifier = verifier();
    for padded in [
        format!(" {SHORT_BODY_BASE64}"),
        format!("{SHORT_BODY_BASE64} "),
        format!("\t{SHORT_BODY_BASE64}\t "),
    ] {
        verifier.verify(&padded, SHORT_BODY).unwrap();
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        format!("  {SHORT_BODY_BASE64}  ").parse().unwrap(),
    );
    verifier.verify_request(&headers, SHORT_BODY).unwrap();
}

#[test]
fn the_header_is_found_whatever_its_case() {
    let verifier = verifier();
    for name in [
        "X-Altur-Signature",
        "x-altur-signature",
        "X-ALTUR-SIGNATURE",
    ] {
        let mut headers = HeaderMap::new();
        let name: HeaderName = name.parse().unwrap();
        headers.insert(name, SHORT_BODY_BASE64.parse().unwrap());
        verifier.verify_request(&headers, SHORT_BODY).unwrap();
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        HeaderValue::from_bytes(b"caf\xe9").unwrap(),
    );
    assert_eq!(
        kind(verifier.verify_request(&headers, SHORT_BODY)),
        WebhookErrorKind::InvalidSignature
    );
}

#[test]
fn a_reserialized_body_fails_unless_the_compact_fallback_is_on() {
    let verifier = verifier();
    let value: Value = serde_json::from_slice(SHORT_BODY).unwrap();
    let spaced = serde_json::to_string_pretty(&value).unwrap();
    assert_ne!(spaced.as_bytes(), SHORT_BODY);
    assert_eq!(
        kind(verifier.verify(SHORT_BODY_BASE64, spaced.as_bytes())),
        WebhookErrorKind::InvalidSignature
    );

    let lenient = verifier.clone().compact_json_fallback(true);
    lenient
        .verify_and_parse(Some(SHORT_BODY_BASE64), spaced.as_bytes())
        .unwrap();
    // Only whitespace between tokens is forgiven, not whitespace inside strings or content.
    let inside = String::from_utf8_lossy(SHORT_BODY).replace("ended", "end ed");
    let changed = String::from_utf8_lossy(SHORT_BODY).replace("ended", "ringing");
    for body in [inside, changed] {
        assert_eq!(
            kind(lenient.verify(SHORT_BODY_BASE64, body.as_bytes())),
            WebhookErrorKind::InvalidSignature,
            "{body}"
        );
    }
}

#[test]
fn the_secret_never_shows() {
    let verifier = verifier();
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    let decoded = String::from_utf8_lossy(SECRET_BYTES).into_owned();
    let mut errors = vec![
        verifier.verify_and_parse(None, SHORT_BODY).unwrap_err(),
        verifier.verify("AAAA", SHORT_BODY).unwrap_err(),
        verifier.verify(SHORT_BODY_HEX, SHORT_BODY).unwrap_err(),
        legacy.verify(SHORT_BODY_BASE64, SHORT_BODY).unwrap_err(),
        WebhookVerifier::new(&format!("{SECRET}!")).unwrap_err(),
        WebhookVerifier::new(&format!("{SECRET}\n")).unwrap_err(),
    ];
    errors.push(
        verifier
            .verify_and_parse(Some(&verifier.sign(b"[1]")), b"[1]")
            .unwrap_err(),
    );
    for error in &errors {
        let mut shown = format!("{error} {error:?}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            shown.push_str(&format!(" {cause} {cause:?}"));
            source = cause.source();
        }
        for secret in [
            SECRET,
            SECRET.trim_end_matches('='),
            &decoded,
            LEGACY_SECRET,
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    for debug in [format!("{verifier:?}"), format!("{legacy:?}")] {
        assert!(
            !debug.contains(SECRET) && !debug.contains(&decoded),
            "{debug}"
        );
        assert!(!debug.contains(LEGACY_SECRET), "{debug}");
    }
}

#[test]
fn verifiers_clone_and_share_across_threads() {
    let verifier = verifier();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let verifier = verifier.clone();
            std::thread::spawn(move || verifier.verify(SHORT_BODY_BASE64, SHORT_BODY).is_ok())
        })
        .collect();
    for handle in handles {
        assert!(handle.join().unwrap());
    }
}

// ---------------------------------------------------------------------------------------------
// Delivery from the mock server

#[tokio::test]
async fn send_webhook_delivers_a_request_the_verifier_accepts() {
    let altur = MockServer::start().await;
    let receiver = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks/altur"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&receiver)
        .await;
    let url = format!("{}/webhooks/altur", receiver.uri());
    let verifier = verifier();

    let fixture: Value = serde_json::from_str(CALL_END).unwrap();
    assert_eq!(
        altur.send_webhook(&url, &verifier, &fixture).await.unwrap(),
        200
    );
    // A decoded event can be sent back as well.
    let event = receive(STATUS_CHANGED);
    assert_eq!(
        altur.send_webhook(&url, &verifier, &event).await.unwrap(),
        200
    );

    let requests = receiver.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    // The body is compact JSON, as Altur signs it.
    assert_eq!(requests[0].body, serde_json::to_vec(&fixture).unwrap());
    let delivered = verifier
        .verify_request(&requests[0].headers, &requests[0].body)
        .unwrap();
    assert_eq!(delivered, receive(CALL_END));
    let signature = requests[0].headers[SIGNATURE_HEADER].to_str().unwrap();
    assert_eq!(
        signature,
        independent_signature(SECRET_BYTES, &requests[0].body)
    );
    assert_eq!(
        verifier
            .verify_request(&requests[1].headers, &requests[1].body)
            .unwrap(),
        event
    );
    // Another secret refuses the delivery.
    let other = WebhookVerifier::new("b3RoZXItc2VjcmV0").unwrap();
    assert_eq!(
        kind(other.verify_request(&requests[0].headers, &requests[0].body)),
        WebhookErrorKind::InvalidSignature
    );
}

#[tokio::test]
async fn send_webhook_signs_in_the_verifiers_scheme_and_reports_the_status() {
    let altur = MockServer::start().await;
    let receiver = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&receiver)
        .await;
    let legacy = WebhookVerifier::legacy_hex(LEGACY_SECRET).unwrap();
    let event = json!({"type": "on_call_end", "id": "cll_1"});
    let status = altur
        .send_webhook(&receiver.uri(), &legacy, &event)
        .await
        .unwrap();
    assert_eq!(status, 503);

    let requests = receiver.received_requests().await.unwrap();
    let signature = requests[0].headers[SIGNATURE_HEADER].to_str().unwrap();
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    legacy
        .verify_request(&requests[0].headers, &requests[0].body)
        .unwrap();
}

#[tokio::test]
async fn send_webhook_reports_transport_errors() {
    let altur = MockServer::start().await;
    let verifier = verifier();
    let closed = common::closed_address();
    let error = altur
        .send_webhook(&format!("http://{closed}/hook"), &verifier, &json!({}))
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");

    let error = altur
        .send_webhook("not a url", &verifier, &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}
