//! [`Client::download_recording_url`]: a recording from the `recording_url` of a payload, without
//! ever sending the key anywhere but the client's own API.

use crate::{Bytes, CallsApi, Client, Error, Result};
use std::borrow::Cow;
use url::Url;

impl Client {
    /// Downloads a recording from a `recording_url` as the API sends it: absolute in webhooks
    /// (`https://api.altur.io/api/v1.0/call/<id>/recording`) or relative in campaign calls
    /// (`/api/v1.0/call/<id>/recording`).
    ///
    /// The URL is only used to find the call id, which is then given to
    /// [`CallsApi::download_recording`], so the API key is only ever sent to the client's own
    /// base URL. The URL must therefore point there: an absolute URL must have the scheme, host
    /// and port of the [base URL](Client::base_url) (and no credentials), a relative one must be
    /// a path starting with `/`, and either path must be the base URL's path followed by exactly
    /// `/call/<id>/recording`, where the id is made of letters, digits, `-`, `.`, `_` and `~`.
    /// Dot segments (`..`, `%2e%2e`), backslashes, query strings and fragments, whitespace and
    /// other characters are refused rather than interpreted.
    ///
    /// ```no_run
    /// use altur_client::Client;
    ///
    /// # async fn run() -> altur_client::Result<()> {
    /// let client = Client::from_env()?;
    /// let audio = client
    ///     .download_recording_url("https://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording")
    ///     .await?;
    /// std::fs::write("call.mp3", &audio).expect("the recording saved");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// Anything else fails before a request is sent:
    ///
    /// ```
    /// use altur_client::{Client, Error};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// let client = Client::new("my-api-key")?;
    /// let error = client
    ///     .download_recording_url("https://attacker.example/api/v1.0/call/cll_1/recording")
    ///     .await
    ///     .unwrap_err();
    /// assert!(matches!(error, Error::InvalidParameter { name: "url", .. }), "{error}");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] (named `url`, with the reason) when the URL is not a recording
    /// URL of this client's API; nothing is sent then. Otherwise as
    /// [`CallsApi::download_recording`].
    pub async fn download_recording_url(&self, url: &str) -> Result<Bytes> {
        let id =
            recording_call_id(self.base_url(), url).map_err(|reason| Error::InvalidParameter {
                name: "url",
                reason,
            })?;
        self.download_recording(id).await
    }
}

/// The call id of `url` if it is `<base path>/call/<id>/recording` on the origin of `base_url`,
/// or why it is not. The checks run on the text as given, and the URL parser's reading of it
/// must agree, so that no normalization (dot segments, backslashes, stripped tabs) can turn a
/// refused URL into an accepted one.
fn recording_call_id<'u>(base_url: &str, url: &'u str) -> Result<&'u str, Cow<'static, str>> {
    if url.is_empty() {
        return Err("the URL is empty".into());
    }
    if !url.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err("the URL contains whitespace, control or non-ASCII characters".into());
    }
    if url.contains('\\') {
        return Err("the URL contains a backslash".into());
    }
    if url.contains(['?', '#']) {
        return Err("a recording URL has no query string or fragment".into());
    }
    let base =
        Url::parse(base_url).map_err(|_| Cow::Borrowed("the client's base URL does not parse"))?;
    let path = if url.starts_with("//") {
        return Err("a scheme-relative URL (`//host/..`) is not accepted".into());
    } else if url.starts_with('/') {
        let resolved = base
            .join(url)
            .map_err(|_| Cow::Borrowed("the path does not parse"))?;
        if resolved.path() != url {
            return Err(not_canonical());
        }
        url
    } else {
        absolute_path(&base, url)?
    };
    let base_path = base.path().trim_end_matches('/');
    let expected = || -> Cow<'static, str> {
        format!("the path is not `{base_path}/call/<id>/recording` on the client's API").into()
    };
    let rest = path.strip_prefix(base_path).ok_or_else(expected)?;
    let mut segments = rest.split('/');
    let (Some(""), Some("call"), Some(id), Some("recording"), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(expected());
    };
    let plain = id
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~'));
    if id.is_empty() || !plain || id.bytes().all(|byte| byte == b'.') {
        return Err(
            "the call id is empty or not made of letters, digits, `-`, `.`, `_` and `~`".into(),
        );
    }
    Ok(id)
}

/// The path of an absolute URL that has the origin of `base`.
fn absolute_path<'u>(base: &Url, url: &'u str) -> Result<&'u str, Cow<'static, str>> {
    let parsed = Url::parse(url).map_err(|_| {
        Cow::Borrowed("the URL is neither an absolute URL nor a path starting with `/`")
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the URL contains credentials".into());
    }
    let other_host = parsed.host().is_some() && parsed.host() != base.host();
    if !other_host && parsed.scheme() != base.scheme() {
        return Err(format!(
            "the URL uses `{}`, but the client's API uses `{}`",
            parsed.scheme(),
            base.scheme()
        )
        .into());
    }
    if other_host || parsed.port_or_known_default() != base.port_or_known_default() {
        return Err(format!(
            "the URL points at `{}`, not at the client's API (`{}`)",
            authority(&parsed),
            authority(base)
        )
        .into());
    }
    // The parser accepted it; now read the same URL as text: `scheme://authority/path`.
    let after_scheme = url
        .get(..parsed.scheme().len())
        .filter(|scheme| scheme.eq_ignore_ascii_case(parsed.scheme()))
        .and_then(|_| url.get(parsed.scheme().len()..)?.strip_prefix("://"))
        .ok_or_else(not_canonical)?;
    let path = after_scheme
        .find('/')
        .map(|start| &after_scheme[start..])
        .ok_or(Cow::Borrowed("the URL has no path"))?;
    if parsed.path() != path {
        return Err(not_canonical());
    }
    Ok(path)
}

fn authority(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => String::new(),
    }
}

fn not_canonical() -> Cow<'static, str> {
    "the URL is not in canonical form (dot segments or characters that need encoding)".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://api.altur.io/api/v1.0";

    fn id(url: &str) -> Result<&str, Cow<'static, str>> {
        recording_call_id(BASE, url)
    }

    #[test]
    fn absolute_and_relative_urls() {
        for url in [
            "https://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            "https://API.Altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            "HTTPS://api.altur.io/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            "https://api.altur.io:443/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
            "/api/v1.0/call/cll_gBoLtd02pUI50QwXkFjB/recording",
        ] {
            assert_eq!(id(url), Ok("cll_gBoLtd02pUI50QwXkFjB"), "{url}");
        }
        assert_eq!(
            id("/api/v1.0/call/call_a-b.c~d/recording"),
            Ok("call_a-b.c~d")
        );
    }

    #[test]
    fn base_urls_at_the_root_and_on_loopback() {
        assert_eq!(
            recording_call_id("https://example.com", "/call/c1/recording"),
            Ok("c1")
        );
        assert_eq!(
            recording_call_id(
                "https://example.com",
                "https://example.com/call/c1/recording"
            ),
            Ok("c1")
        );
        let local = "http://127.0.0.1:8080/api/v1.0";
        assert_eq!(
            recording_call_id(local, "http://127.0.0.1:8080/api/v1.0/call/c1/recording"),
            Ok("c1")
        );
        for url in [
            "http://127.0.0.1/api/v1.0/call/c1/recording",
            "http://127.0.0.1:8081/api/v1.0/call/c1/recording",
            "http://localhost:8080/api/v1.0/call/c1/recording",
            "https://127.0.0.1:8080/api/v1.0/call/c1/recording",
        ] {
            assert!(recording_call_id(local, url).is_err(), "{url}");
        }
    }

    #[test]
    fn other_origins_are_refused() {
        for (url, reason) in [
            (
                "https://evil.example/api/v1.0/call/c1/recording",
                "points at `evil.example`",
            ),
            (
                "https://api.altur.io.evil.example/api/v1.0/call/c1/recording",
                "points at",
            ),
            (
                "https://api.altur.io:8443/api/v1.0/call/c1/recording",
                "`api.altur.io:8443`",
            ),
            (
                "http://api.altur.io/api/v1.0/call/c1/recording",
                "uses `http`",
            ),
            (
                "ftp://api.altur.io/api/v1.0/call/c1/recording",
                "uses `ftp`",
            ),
            (
                "http://evil.example/api/v1.0/call/c1/recording",
                "points at `evil.example`",
            ),
            (
                "https://user:pw@api.altur.io/api/v1.0/call/c1/recording",
                "credentials",
            ),
            (
                "https://api.altur.io@evil.example/api/v1.0/call/c1/recording",
                "credentials",
            ),
            (
                "//evil.example/api/v1.0/call/c1/recording",
                "scheme-relative",
            ),
            (
                "https:/api.altur.io/api/v1.0/call/c1/recording",
                "canonical",
            ),
            ("https:api.altur.io/api/v1.0/call/c1/recording", "canonical"),
            ("https://api.altur.io", "no path"),
            ("api.altur.io/api/v1.0/call/c1/recording", "neither"),
            ("call/c1/recording", "neither"),
            ("javascript:alert(1)", "uses `javascript`"),
        ] {
            let error = id(url).unwrap_err();
            assert!(error.contains(reason), "{url}: {error}");
        }
    }

    #[test]
    fn other_paths_and_tricks_are_refused() {
        for url in [
            "",
            "/",
            "/api/v1.0/call/c1",
            "/api/v1.0/call/c1/recording/",
            "/api/v1.0/call/c1/recording/extra",
            "/api/v1.0/call//recording",
            "/api/v1.0/enduser/c1/recording",
            "/api/v2.0/call/c1/recording",
            "/API/v1.0/call/c1/recording",
            "/call/c1/recording",
            "/api/v1.0call/c1/recording",
            "/api/v1.0/../v2.0/call/c1/recording",
            "/api/v1.0/call/../call/c1/recording",
            "/api/v1.0/call/./c1/recording",
            "/api/v1.0/call/c1/./recording",
            "/api/v1.0/call/%2e%2e/recording",
            "/api/v1.0/call/.%2E/recording",
            "/api/v1.0/call/../recording",
            "/api/v1.0/call/./recording",
            "/api/v1.0/call/c%2F1/recording",
            "/api/v1.0/call/c%201/recording",
            "/api/v1.0/%63all/c1/recording",
            "/api/v1.0/call/c1\\recording",
            "https://api.altur.io/api/v1.0/call/../../evil/call/c1/recording",
            "https://api.altur.io/api/v1.0/call/c1/recording/..",
            "https://api.altur.io/api/v1.0/call/c1/recording?download=1",
            "/api/v1.0/call/c1/recording?token=abc",
            "/api/v1.0/call/c1/recording?",
            "/api/v1.0/call/c1/recording#t=10",
            "/api/v1.0/call/c 1/recording",
            "/api/v1.0/call/c1/recording\n",
            "/api/v1.0/call/c1/rec\tording",
            "/api/v1.0/call/caf\u{e9}/recording",
        ] {
            assert!(id(url).is_err(), "{url:?}");
        }
    }

    #[tokio::test]
    async fn refused_urls_are_invalid_parameters() {
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/api/v1.0")
            .max_retries(0)
            .build()
            .unwrap();
        let error = client
            .download_recording_url("https://api.altur.io/api/v1.0/call/c1/recording")
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidParameter { name: "url", reason } if reason.contains("points at `api.altur.io`")),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("invalid value for parameter `url`: ")
        );
    }
}
