//! When and how long to wait before trying a request again.

use crate::error::TransportKind;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// Statuses that say "try again later" rather than "this request is wrong".
const RETRYABLE_STATUSES: [StatusCode; 6] = [
    StatusCode::REQUEST_TIMEOUT,
    StatusCode::TOO_MANY_REQUESTS,
    StatusCode::INTERNAL_SERVER_ERROR,
    StatusCode::BAD_GATEWAY,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];

/// The ceiling of the exponential backoff, whatever the attempt number.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_retry_after: Duration,
}

/// What to do after a failed attempt.
#[derive(Debug, PartialEq)]
pub(crate) enum Decision {
    RetryAfter(Duration),
    GiveUp,
}

impl RetryPolicy {
    /// The decision after attempt number `attempt` (0-based) got `status`.
    pub(crate) fn after_status(
        &self,
        attempt: u32,
        status: StatusCode,
        retry_after: Option<Duration>,
    ) -> Decision {
        if attempt >= self.max_retries || !RETRYABLE_STATUSES.contains(&status) {
            return Decision::GiveUp;
        }
        match retry_after {
            Some(wait) if wait > self.max_retry_after => Decision::GiveUp,
            Some(wait) => Decision::RetryAfter(wait),
            None => Decision::RetryAfter(self.backoff(attempt)),
        }
    }

    /// The decision after attempt number `attempt` failed before a whole response arrived: the
    /// connection failed or broke, the attempt timed out, or the response was not HTTP. A refused
    /// redirect is final.
    pub(crate) fn after_transport_error(&self, attempt: u32, error: &reqwest::Error) -> Decision {
        if attempt >= self.max_retries || !TransportKind::of(error).is_transient() {
            return Decision::GiveUp;
        }
        Decision::RetryAfter(self.backoff(attempt))
    }

    /// Exponential backoff with "equal jitter": a random wait in `[d/2, d]` where `d` doubles per
    /// attempt, so that clients that failed together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt))
            .min(MAX_BACKOFF);
        let half = ceiling / 2;
        let jitter_nanos = fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX));
        half + Duration::from_nanos(jitter_nanos)
    }
}

/// `Retry-After` as a delay: either delta-seconds or an HTTP-date (a date in the past means now).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(30),
        }
    }

    #[test]
    fn retryable_statuses_only() {
        let policy = policy();
        for status in [408, 429, 500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(matches!(
                policy.after_status(0, status, None),
                Decision::RetryAfter(_)
            ));
        }
        for status in [400, 401, 403, 404, 409, 422, 501, 505] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                policy.after_status(0, status, None),
                Decision::GiveUp,
                "{status}"
            );
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = policy();
        let status = StatusCode::SERVICE_UNAVAILABLE;
        assert!(matches!(
            policy.after_status(1, status, None),
            Decision::RetryAfter(_)
        ));
        assert_eq!(policy.after_status(2, status, None), Decision::GiveUp);
        let none = RetryPolicy {
            max_retries: 0,
            ..policy
        };
        assert_eq!(none.after_status(0, status, None), Decision::GiveUp);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = policy();
        let status = StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(
            policy.after_status(0, status, Some(Duration::from_secs(3))),
            Decision::RetryAfter(Duration::from_secs(3))
        );
        assert_eq!(
            policy.after_status(0, status, Some(Duration::from_secs(30))),
            Decision::RetryAfter(Duration::from_secs(30))
        );
        assert_eq!(
            policy.after_status(0, status, Some(Duration::from_secs(31))),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = policy();
        for _ in 0..200 {
            let first = policy.backoff(0);
            assert!((Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first));
            let third = policy.backoff(2);
            assert!((Duration::from_millis(200)..=Duration::from_millis(400)).contains(&third));
            let late = policy.backoff(30);
            assert!((MAX_BACKOFF / 2..=MAX_BACKOFF).contains(&late));
        }
    }

    #[test]
    fn retry_after_header_forms() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        let later = SystemTime::now() + Duration::from_secs(120);
        let value = HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap();
        headers.insert(RETRY_AFTER, value);
        let wait = retry_after(&headers).unwrap();
        assert!(
            (Duration::from_secs(118)..=Duration::from_secs(120)).contains(&wait),
            "{wait:?}"
        );
        for garbage in ["soon", "-1", "1.5", ""] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(garbage));
            assert_eq!(retry_after(&headers), None, "{garbage}");
        }
    }

    #[tokio::test]
    async fn transport_errors_that_may_pass_are_retried() {
        let policy = policy();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let refused = reqwest::get(format!("http://127.0.0.1:{port}/"))
            .await
            .unwrap_err();
        assert!(TransportKind::of(&refused).is_transient(), "{refused:?}");
        assert!(matches!(
            policy.after_transport_error(0, &refused),
            Decision::RetryAfter(_)
        ));
        assert_eq!(policy.after_transport_error(2, &refused), Decision::GiveUp);
    }

    #[tokio::test]
    async fn refused_redirects_and_bad_requests_are_final() {
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(302).insert_header("location", "/loop"))
            .mount(&server)
            .await;
        let redirect = reqwest::get(format!("{}/loop", server.uri()))
            .await
            .unwrap_err();
        assert!(redirect.is_redirect(), "{redirect:?}");
        assert_eq!(
            policy().after_transport_error(0, &redirect),
            Decision::GiveUp
        );

        let builder = reqwest::get("ftp://127.0.0.1/").await.unwrap_err();
        assert_eq!(
            policy().after_transport_error(0, &builder),
            Decision::GiveUp
        );
    }
}
