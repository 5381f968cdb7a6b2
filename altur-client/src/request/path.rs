//! Paths: literal text from the route and values encoded as single segments.

use crate::client::Client;
use crate::error::{Error, Result};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;
use std::fmt::{self, Display, Write};

/// A piece of a path, as split by the macro: literal text, or a parameter's value to encode.
#[derive(Clone, Copy)]
pub enum PathPart<'a> {
    /// Text of the route, sent as written.
    Literal(&'static str),
    /// A parameter's name and value, the value sent as one encoded segment.
    Param(&'static str, &'a dyn Display),
}

impl<'a> PathPart<'a> {
    /// A parameter, spelled as a function so that a value without `Display` is reported at the
    /// parameter rather than inside the expansion.
    pub fn param<T: Display>(name: &'static str, value: &'a T) -> Self {
        PathPart::Param(name, value)
    }
}

impl fmt::Debug for PathPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathPart::Literal(text) => f.debug_tuple("Literal").field(text).finish(),
            PathPart::Param(name, _) => f.debug_tuple("Param").field(name).finish(),
        }
    }
}

/// The longest URL a request may have, path and query included, in bytes: common server limits
/// are 8 KiB for the whole request line, and a longer URL would be refused or cut by some hop.
pub(crate) const MAX_URL_LEN: usize = 8 * 1024;

/// Everything but RFC 3986 `unreserved` is encoded, so a value is always exactly one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends the client's base URL and the route, each value encoded as one path segment. Values
/// that would not be one segment (empty, `.`, `..`) are refused.
pub(super) fn push_url(url: &mut String, client: &Client, parts: &[PathPart<'_>]) -> Result<()> {
    let base = &*client.inner.base_url;
    let estimate: usize = parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Param(..) => 36,
        })
        .sum();
    url.reserve(base.len() + estimate);
    url.push_str(base);
    for part in parts {
        match *part {
            PathPart::Literal(text) => url.push_str(text),
            PathPart::Param(name, value) => push_segment(url, name, value)?,
        }
    }
    Ok(())
}

/// The string is a valid base URL followed by encoded ASCII, so this only fails on a bug.
pub(super) fn parse_url(url: &str) -> Result<Url> {
    Url::parse(url)
        .map_err(|error| Error::config_with_source("failed to build the request URL", error))
}

fn push_segment(url: &mut String, name: &'static str, value: &dyn Display) -> Result<()> {
    let mut writer = SegmentWriter {
        out: url,
        raw_len: 0,
        only_dots: true,
        too_long: false,
    };
    if write!(writer, "{value}").is_err() {
        return Err(Error::InvalidParameter {
            name,
            reason: if writer.too_long {
                too_long()
            } else {
                "its `Display` implementation returned an error".into()
            },
        });
    }
    let SegmentWriter {
        raw_len, only_dots, ..
    } = writer;
    if raw_len == 0 {
        return Err(Error::InvalidParameter {
            name,
            reason: "the value is empty, which would change the path".into(),
        });
    }
    if only_dots && raw_len <= 2 {
        return Err(Error::InvalidParameter {
            name,
            reason: "`.` and `..` would change the path".into(),
        });
    }
    Ok(())
}

/// Why a value that would make the URL longer than [`MAX_URL_LEN`] is refused. The value itself
/// is not quoted: it may be large, or personal.
pub(crate) fn too_long() -> std::borrow::Cow<'static, str> {
    format!("the value would make the URL longer than {MAX_URL_LEN} bytes").into()
}

/// Percent-encodes a `Display` value straight into the URL, without an intermediate `String`,
/// and stops once the URL is longer than [`MAX_URL_LEN`].
struct SegmentWriter<'a> {
    out: &'a mut String,
    raw_len: usize,
    only_dots: bool,
    too_long: bool,
}

impl Write for SegmentWriter<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.raw_len += text.len();
        self.only_dots &= text.bytes().all(|byte| byte == b'.');
        self.out
            .extend(percent_encoding::utf8_percent_encode(text, SEGMENT));
        if self.out.len() > MAX_URL_LEN {
            self.too_long = true;
            return Err(fmt::Error);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> Client {
        Client::builder()
            .api_key("k")
            .base_url(base)
            .build()
            .unwrap()
    }

    fn url(client: &Client, parts: &[PathPart<'_>]) -> Result<Url> {
        let mut url = String::new();
        push_url(&mut url, client, parts)?;
        parse_url(&url)
    }

    fn build(parts: &[PathPart<'_>]) -> Result<String> {
        url(&client("https://api.altur.io/api/v1.0/"), parts).map(String::from)
    }

    #[test]
    fn routes_are_relative_to_the_base_path() {
        let id = uuid::Uuid::nil();
        let parts = [PathPart::Literal("/enduser/"), PathPart::param("id", &id)];
        assert_eq!(
            build(&parts).unwrap(),
            "https://api.altur.io/api/v1.0/enduser/00000000-0000-0000-0000-000000000000"
        );
        let root = url(&client("https://example.com"), &parts).unwrap();
        assert_eq!(root.path(), "/enduser/00000000-0000-0000-0000-000000000000");
    }

    #[test]
    fn values_are_one_encoded_segment() {
        let cases: [(&dyn Display, &str); 8] = [
            (&"a/b", "a%2Fb"),
            (&"a?b#c", "a%3Fb%23c"),
            (&"100%", "100%25"),
            (&"two words", "two%20words"),
            (&"%2e%2e", "%252e%252e"),
            (&"...", "..."),
            (&"caf\u{e9}", "caf%C3%A9"),
            (&-42i64, "-42"),
        ];
        for (value, encoded) in cases {
            let parts = [PathPart::Literal("/x/"), PathPart::Param("v", value)];
            let url = build(&parts).unwrap();
            assert_eq!(url, format!("https://api.altur.io/api/v1.0/x/{encoded}"));
            let parsed = Url::parse(&url).unwrap();
            let segments: Vec<_> = parsed.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 4, "{url}");
        }
    }

    #[test]
    fn values_that_change_the_path_are_refused() {
        for value in ["", ".", ".."] {
            let parts = [PathPart::Literal("/x/"), PathPart::param("id", &value)];
            let error = build(&parts).unwrap_err();
            assert!(
                matches!(error, Error::InvalidParameter { name: "id", .. }),
                "{value:?}: {error}"
            );
        }
    }

    #[test]
    fn failing_display_is_an_error_not_a_panic() {
        struct Broken;
        impl Display for Broken {
            fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
                Err(fmt::Error)
            }
        }
        let parts = [PathPart::Literal("/x/"), PathPart::param("v", &Broken)];
        assert!(matches!(build(&parts), Err(Error::InvalidParameter { .. })));
    }
}

/// Property tests: whatever the value, it becomes exactly one path segment, or an error.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// Any string, and strings made of what URL parsers treat specially.
    fn value() -> impl Strategy<Value = String> {
        let special = prop_oneof![
            Just("."),
            Just(".."),
            Just("%2e"),
            Just("%2E"),
            Just("%"),
            Just("/"),
            Just("\\"),
            Just("?"),
            Just("#"),
            Just("&"),
            Just("="),
            Just("+"),
            Just(";"),
            Just(" "),
            Just("\r"),
            Just("\n"),
            Just("\t"),
            Just("\0"),
            Just("a"),
            Just("\u{e9}"),
            Just("\u{1F600}"),
            Just("\u{FF0E}"),
        ];
        prop_oneof![
            any::<String>(),
            prop::collection::vec(special, 0..6).prop_map(|pieces| pieces.concat()),
        ]
    }

    #[test]
    fn a_value_is_one_segment_that_decodes_to_itself() {
        let bases = [
            ("https://api.altur.io/api/v1.0/", &["api", "v1.0"][..]),
            ("http://127.0.0.1:1", &[][..]),
        ];
        for (base, base_segments) in bases {
            let client = Client::builder()
                .api_key("k")
                .base_url(base)
                .build()
                .expect("client");
            let mut runner = TestRunner::default();
            let result = runner.run(&(value(), any::<bool>()), |(value, suffix)| {
                let mut parts = vec![
                    PathPart::Literal("/enduser/"),
                    PathPart::param("id", &value),
                ];
                if suffix {
                    parts.push(PathPart::Literal("/messages"));
                }
                let mut url = String::new();
                let pushed = push_url(&mut url, &client, &parts);
                if matches!(value.as_str(), "" | "." | "..") {
                    prop_assert!(
                        matches!(pushed, Err(Error::InvalidParameter { name: "id", .. })),
                        "{value:?} was accepted: {url}"
                    );
                    return Ok(());
                }
                prop_assert!(pushed.is_ok(), "{value:?}: {pushed:?}");
                let parsed = parse_url(&url);
                prop_assert!(parsed.is_ok(), "{value:?}: {url}");
                let parsed = parsed.unwrap();
                prop_assert_eq!(parsed.as_str(), url.as_str(), "the URL was normalized");
                prop_assert_eq!(parsed.query(), None);
                prop_assert_eq!(parsed.fragment(), None);
                let segments: Vec<&str> = parsed.path_segments().expect("a base").collect();
                let mut expected: Vec<&str> = base_segments.to_vec();
                expected.push("enduser");
                let at = expected.len();
                prop_assert_eq!(segments.len(), at + 1 + usize::from(suffix), "{}", url);
                prop_assert_eq!(&segments[..at], &expected[..]);
                if suffix {
                    prop_assert_eq!(segments[at + 1], "messages");
                }
                let decoded = percent_encoding::percent_decode_str(segments[at]).decode_utf8();
                prop_assert_eq!(decoded.as_deref(), Ok(value.as_str()));
                Ok(())
            });
            if let Err(failure) = result {
                panic!("{base}: {failure}");
            }
        }
    }

    /// Base paths of any text: the route is appended after the base's segments, which are kept
    /// as the client normalized them (without a trailing slash).
    #[test]
    fn the_base_path_is_kept_whatever_it_is() {
        // Each case builds a client, which loads TLS roots: fewer cases keep this fast.
        let config = Config {
            cases: (Config::default().cases / 8).max(1),
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let segments = prop::collection::vec(value(), 0..4);
        let result = runner.run(&segments, |segments| {
            let mut base = Url::parse("https://api.altur.io/").expect("a URL");
            base.path_segments_mut()
                .expect("a base")
                .clear()
                .extend(&segments);
            let client = Client::builder()
                .api_key("k")
                .base_url(base.as_str())
                .build();
            prop_assert!(client.is_ok(), "{base}: {:?}", client.err());
            let client = client.unwrap();
            let normalized = Url::parse(client.base_url()).expect("the base URL parses");
            let mut expected: Vec<String> = normalized
                .path_segments()
                .expect("a base")
                .map(String::from)
                .collect();
            if expected == [""] {
                expected.clear();
            }
            expected.extend(["enduser".to_owned(), "a%20b".to_owned()]);

            let parts = [
                PathPart::Literal("/enduser/"),
                PathPart::param("id", &"a b"),
            ];
            let mut url = String::new();
            prop_assert!(push_url(&mut url, &client, &parts).is_ok());
            let parsed = parse_url(&url);
            prop_assert!(parsed.is_ok(), "{url}");
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.as_str(), url.as_str(), "the URL was normalized");
            let built: Vec<&str> = parsed.path_segments().expect("a base").collect();
            prop_assert_eq!(built, expected, "{} from {}", url, base);
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
    }
}
