//! A hostile server and hostile inputs: a key echoed in disguise, text that forges log lines,
//! pagination that never ends, calls a server stretches, values too large to send, responses
//! that are not HTTP. Every server is on 127.0.0.1 and started here.

mod common;

use altur_client::models::{CampaignFilters, ContactFilters};
use altur_client::pagination::{all_campaign_contacts, all_campaigns};
use altur_client::{Client, EndUserApi, Error, Response, Result, altur_api};
use common::{RawServer, client_for, read_request};
use futures_util::TryStreamExt;
use serde::Deserialize;
use serde_json::{Value, json};
use std::error::Error as _;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A key with the characters JSON and PHP like to escape.
const KEY: &str = "sk_live/abc+def==";

#[derive(Debug, Deserialize)]
struct Counter {
    #[allow(dead_code)]
    count: u64,
}

#[altur_api]
trait Hostile {
    #[get("/counter")]
    async fn counter(&self) -> Result<Counter>;

    #[get("/echo")]
    async fn echo(&self) -> Result<Response<Value>>;

    #[get("/notes/<id>")]
    async fn note(&self, id: &str) -> Result<Value>;

    #[get("/search?q=<q>")]
    async fn search(&self, q: &str) -> Result<Value>;

    #[get("/tagged")]
    async fn tagged(&self, #[header("X-Tag")] tag: &str) -> Result<Value>;

    #[get("/enduser/<id>", total_timeout = "700ms")]
    async fn impatient(&self, id: Uuid) -> Result<Value>;
}

/// A client of `server` with `key`, which makes one attempt.
fn client_with_key(server: &MockServer, key: &str) -> Client {
    client_for(&server.uri(), |builder| builder.api_key(key).max_retries(0))
}

async fn answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.as_bytes(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// Everything a user can see of an error: `Display`, `Debug`, the source chain, the decoded API
/// error and the kept body, raw and decoded.
fn everything_shown(error: &Error) -> String {
    let mut shown = format!("{error}\n{error:?}\n");
    let mut source = error.source();
    while let Some(error) = source {
        shown.push_str(&format!("{error}\n{error:?}\n"));
        source = error.source();
    }
    if let Some(api_error) = error.api_error() {
        shown.push_str(&format!(
            "{:?}\n{}\n",
            api_error,
            serde_json::to_string(api_error).expect("an ApiError serializes")
        ));
    }
    if let Some(body) = error.body() {
        shown.push_str(&String::from_utf8_lossy(body));
        if let Ok(decoded) = serde_json::from_slice::<Value>(body) {
            shown.push_str(&format!("\n{decoded}\n{decoded:?}"));
            walk_strings(&decoded, &mut shown);
        }
    }
    shown
}

fn walk_strings(value: &Value, out: &mut String) {
    match value {
        Value::String(text) => {
            out.push('\n');
            out.push_str(text);
        }
        Value::Array(values) => values.iter().for_each(|value| walk_strings(value, out)),
        Value::Object(map) => {
            for (key, value) in map {
                out.push('\n');
                out.push_str(key);
                walk_strings(value, out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn a_key_echoed_with_json_escapes_is_redacted_everywhere() {
    let bodies = [
        r#"{"error": 401, "message": "invalid api key sk_live\/abc+def=="}"#,
        r#"{"error": "\u0073k_live/abc+def==", "message": "key \u0073k_live\/abc\u002bdef\u003d="}"#,
        r#"{"message": "no", "echo": {"sk_live\/abc+def==": ["api-key sk_live\/abc+def=="]}}"#,
        r#"{"error": {"code": "E", "message": "sk_live\/abc+def=="}}"#,
    ];
    for body in bodies {
        let server = answering(401, body).await;
        let client = client_with_key(&server, KEY);
        let error = client
            .retrieve_enduser(Uuid::nil())
            .await
            .expect_err("a 401");
        let shown = everything_shown(&error);
        assert!(!shown.contains(KEY), "{body}: {shown}");
        assert!(error.api_error().is_some(), "{body}: still decoded");
        assert!(shown.contains("***"), "{body}: the echo is marked: {shown}");
    }
}

#[tokio::test]
async fn a_2xx_body_that_does_not_decode_never_shows_the_key() {
    let bodies = [
        r#"{"count": "api-key sk_live/abc+def=="}"#,
        r#"{"count": "sk_live\/abc+def=="}"#,
        r#"{"count": 1, "sk_live/abc+def==": }"#,
        r#"["sk_live/abc+def=="]"#,
    ];
    for body in bodies {
        let server = answering(200, body).await;
        let client = client_with_key(&server, KEY);
        let error = client.counter().await.expect_err("not a Counter");
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        let shown = everything_shown(&error);
        assert!(!shown.contains(KEY), "{body}: {shown}");
        assert!(!shown.contains(r"sk_live\/abc"), "{body}: {shown}");
    }
}

#[tokio::test]
async fn response_headers_never_show_the_key_in_debug() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-echo", format!("api-key {KEY}").as_str())
                .insert_header("authorization", format!("api-key {KEY}").as_str())
                .insert_header("set-cookie", "session=opaque-session-token")
                .set_body_json(json!({"ok": true})),
        )
        .mount(&server)
        .await;
    let client = client_with_key(&server, KEY);
    let response = client.echo().await.expect("a 200");
    let debug = format!("{response:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(!debug.contains("opaque-session-token"), "{debug}");
    assert_eq!(
        response
            .headers()
            .get("x-echo")
            .map(|value| value.as_bytes()),
        Some(&b"api-key ***"[..])
    );
    assert_eq!(response.get_ref(), &json!({"ok": true}));
}

#[tokio::test]
async fn server_text_cannot_forge_log_lines() {
    let message = "bad input\nINFO altur: forged line\r\u{1b}[31mred\u{2028}\u{202e}desrever";
    let body = json!({"error": "CODE\nX", "message": message}).to_string();
    let server = answering(400, &body).await;
    let client = client_with_key(&server, KEY);
    let error = client
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("a 400");
    let shown = error.to_string();
    assert!(
        !shown.contains(|c: char| c.is_control() || c == '\u{2028}' || c == '\u{202e}'),
        "{shown:?}"
    );
    assert_eq!(
        shown,
        r"api returned 400 Bad Request CODE\nX: bad input\nINFO altur: forged line\r\u{1b}[31mred\u{2028}\u{202e}desrever"
    );
    // The data itself is kept as sent.
    assert_eq!(error.api_error().map(|e| e.message.as_str()), Some(message));
}

#[tokio::test]
async fn escaping_cannot_spell_the_key() {
    // Escaping the line break before `x_secret_77` writes `\n`, which spells the key.
    let key = "nx_secret_77";
    let body = r#"{"error": 400, "message": "key \u000ax_secret_77 refused", "hint": ["\u000ax_secret_77"]}"#;
    let server = answering(400, body).await;
    let client = client_with_key(&server, key);
    let error = client
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("a 400");
    let shown = everything_shown(&error);
    assert!(!shown.contains(key), "{shown}");
}

#[tokio::test]
async fn a_huge_retry_after_is_shown_in_whole_seconds() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", "18446744073709551615"),
        )
        .mount(&server)
        .await;
    let client = client_with_key(&server, KEY);
    let error = client
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("a 429");
    assert_eq!(
        error.to_string(),
        "api returned 429 Too Many Requests (the server asked to retry after 18446744073709551615 s)"
    );
}

// Pagination that never ends

#[tokio::test]
async fn a_cursor_cycle_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let page = |id: u64, next: &str| {
        ResponseTemplate::new(200).set_body_json(json!({
            "campaigns": [{"id": id, "name": format!("campaign {id}")}],
            "pagination": {"has_next": true, "next_cursor": next},
        }))
    };
    Mock::given(method("GET"))
        .and(path("/campaigns"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(1, "A"))
        .mount(&server)
        .await;
    Mock::given(query_param("cursor", "A"))
        .respond_with(page(2, "B"))
        .mount(&server)
        .await;
    Mock::given(query_param("cursor", "B"))
        .respond_with(page(3, "A"))
        .mount(&server)
        .await;
    let client = client_with_key(&server, KEY);

    let walk = all_campaigns(&client, CampaignFilters::default());
    let mut walk = std::pin::pin!(walk);
    let mut ids = Vec::new();
    let error = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match walk.try_next().await {
                Ok(Some(campaign)) => ids.push(campaign.id),
                Ok(None) => return None,
                Err(error) => return Some(error),
            }
        }
    })
    .await
    .expect("the walk ends");
    assert_eq!(ids, [1, 2, 3], "every page before the cycle is delivered");
    let error = error.expect("a cycle is an error");
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert!(error.to_string().contains("already requested"), "{error}");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 3);
}

#[tokio::test]
async fn a_page_index_past_the_documented_last_ends_the_stream() {
    let server = MockServer::start().await;
    let page = |index: u32, next: u32| {
        ResponseTemplate::new(200).set_body_json(json!({
            "contacts": [{"id": index, "contact": "+5215512345678"}],
            "pagination": {"has_next": true, "next_page": next},
        }))
    };
    Mock::given(query_param("pageIndex", "0"))
        .respond_with(page(0, 24_999))
        .mount(&server)
        .await;
    Mock::given(query_param("pageIndex", "24999"))
        .respond_with(page(24_999, 25_000))
        .mount(&server)
        .await;
    Mock::given(query_param("pageIndex", "25000"))
        .respond_with(page(25_000, 25_001))
        .mount(&server)
        .await;
    let client = client_with_key(&server, KEY);

    let walk = all_campaign_contacts(&client, 1, ContactFilters::default());
    let result: Result<Vec<_>> = tokio::time::timeout(Duration::from_secs(10), walk.try_collect())
        .await
        .expect("the walk ends");
    let error = result.expect_err("page 25001 is past the documented last");
    assert_eq!(
        error.to_string(),
        "pagination stopped: the server announced page 25001, past the last page index the API \
         documents (25000)"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

// Calls a server stretches

/// Sends the head of a 200 with a long body, then one byte every 50 ms.
async fn dripping_server() -> RawServer {
    RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if stream.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await
}

#[tokio::test]
async fn a_dripping_server_is_bounded_by_the_total_timeout() {
    let server = dripping_server().await;
    let client = server.client(|builder| {
        builder
            .timeout(Duration::from_secs(1))
            .max_retries(2)
            .total_timeout(Duration::from_millis(1500))
    });
    let started = Instant::now();
    let error = client
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("never finishes");
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    // Without the total limit: three attempts of 1 s each and their backoff.
    assert!(elapsed < Duration::from_millis(2800), "{elapsed:?}");
    assert!(elapsed >= Duration::from_millis(1400), "{elapsed:?}");
    assert_eq!(
        server.connections(),
        2,
        "the second attempt got what was left"
    );
}

#[tokio::test]
async fn a_method_can_bound_its_own_calls() {
    let server = dripping_server().await;
    // The client would allow three attempts of 10 s; the method allows 700 ms in all.
    let client = server.client(|builder| builder.timeout(Duration::from_secs(10)));
    let started = Instant::now();
    let error = client
        .impatient(Uuid::nil())
        .await
        .expect_err("never finishes");
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn no_retry_waits_past_the_total_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "5"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .total_timeout(Duration::from_secs(2))
        .build()
        .expect("a client");
    let started = Instant::now();
    let error = client
        .retrieve_enduser(Uuid::nil())
        .await
        .expect_err("a 503");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(5)));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "no wait was started"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

// Values too large to send

#[tokio::test]
async fn values_too_large_to_send_are_refused_by_name() {
    let server = answering(200, "{}").await;
    let client = client_with_key(&server, KEY);
    let huge = "x".repeat(1 << 20);

    let errors = [
        (
            "id",
            client.note(&huge).await.expect_err("a 1 MiB path value"),
        ),
        (
            "q",
            client.search(&huge).await.expect_err("a 1 MiB query value"),
        ),
        (
            "tag",
            client
                .tagged(&huge[..9 * 1024])
                .await
                .expect_err("a 9 KiB header value"),
        ),
    ];
    for (name, error) in errors {
        assert!(
            matches!(&error, Error::InvalidParameter { name: n, .. } if *n == name),
            "{error:?}"
        );
        let debug = format!("{error:?}");
        assert!(debug.len() < 300, "the value is not in the error: {debug}");
    }
    // Just under the limits, the same calls are sent.
    client
        .note(&"x".repeat(4000))
        .await
        .expect("a 4000-byte segment");
    client
        .tagged(&huge[..8000])
        .await
        .expect("an 8000-byte header");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[test]
fn builder_debug_hides_credentials_in_the_base_url() {
    for base_url in [
        "https://ada:hunter2@api.altur.io/api/v1.0",
        "https://ada:hunter2@[::1",
        "http://hunter2@127.0.0.1:1/x?y=@z",
    ] {
        let builder = Client::builder().api_key(KEY).base_url(base_url);
        let debug = format!("{builder:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("***@"), "{debug}");
        let error = builder.build().expect_err("credentials are refused");
        assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
    }
}

// Transport errors

#[tokio::test]
async fn transport_errors_do_not_carry_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("its address");
    drop(listener);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{address}"))
        .max_retries(0)
        .build()
        .expect("a client");
    let id = "person-4471-private";
    let error = client.note(id).await.expect_err("nothing listens");
    assert!(error.is_connect(), "{error:?}");
    let shown = everything_shown(&error);
    assert!(!shown.contains(id), "{shown}");
    assert!(!shown.contains("/notes/"), "{shown}");
}

#[tokio::test]
async fn malformed_response_heads_say_what_was_wrong() {
    let cases: [(&'static [u8], &str); 2] = [
        (
            b"HTTP/1.1 200 OK\r\nx-big: ",
            "the response head is too large",
        ),
        (b"SMTP ready\r\n\r\n", "the response is not valid HTTP"),
    ];
    for (head, message) in cases {
        let server = RawServer::start(move |_, mut stream| async move {
            read_request(&mut stream).await;
            let _ = stream.write_all(head).await;
            if head.ends_with(b": ") {
                // An endless header value.
                let filler = vec![b'a'; 64 * 1024];
                for _ in 0..64 {
                    if stream.write_all(&filler).await.is_err() {
                        return;
                    }
                }
            }
            let _ = stream.shutdown().await;
        })
        .await;
        let client = server.client(|builder| builder.max_retries(0));
        let error = client
            .retrieve_enduser(Uuid::nil())
            .await
            .expect_err("not a response");
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        assert_eq!(error.to_string(), message);
    }
}
