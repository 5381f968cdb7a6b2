//! What a call records with `tracing`: one `altur.request` span per call with the endpoint,
//! method, route template, final status, attempts and latency, a `retrying` event per retry, and
//! never the key, the values of parameters, the URL or a body.
//!
//! Each test installs its own capturing subscriber as the thread's default and runs the calls on
//! a current-thread runtime, so that tests running in parallel do not see each other's records.

mod common;

use altur_client::{Client, EndUserApi, Result, altur_api};
use common::{client_for, closed_address};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_live_TRACING_secret_4b1d9e";
const USER_ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
const NOTE_ID: &str = "note-7731-private";
const QUERY: &str = "query-value-5502";
const RESPONSE_TEXT: &str = "Response-Body-Marker Lovelace";
const ERROR_TEXT: &str = "error-body-marker-404";
const REQUEST_TEXT: &str = "request-body-marker-77";

/// What the calls must never record, whatever the field.
fn secrets(server_uri: &str) -> Vec<String> {
    vec![
        KEY.to_owned(),
        USER_ID.to_owned(),
        USER_ID.to_uppercase(),
        USER_ID.replace('-', ""),
        NOTE_ID.to_owned(),
        QUERY.to_owned(),
        RESPONSE_TEXT.to_owned(),
        ERROR_TEXT.to_owned(),
        REQUEST_TEXT.to_owned(),
        server_uri.to_owned(),
        format!("/enduser/{USER_ID}"),
        format!("/notes/{NOTE_ID}"),
    ]
}

// The capturing layer

#[derive(Debug, Clone)]
struct SpanRecord {
    name: &'static str,
    fields: BTreeMap<&'static str, String>,
    closed: bool,
}

#[derive(Debug, Clone)]
struct EventRecord {
    target: String,
    fields: BTreeMap<&'static str, String>,
    /// The index in `Log::spans` of the span the event happened in.
    span: Option<usize>,
}

impl EventRecord {
    fn message(&self) -> Option<&str> {
        self.fields.get("message").map(String::as_str)
    }
}

#[derive(Debug, Default)]
struct Log {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
}

impl Log {
    fn requests(&self) -> Vec<&SpanRecord> {
        self.spans
            .iter()
            .filter(|span| span.name == "altur.request")
            .collect()
    }

    fn retries(&self) -> Vec<&EventRecord> {
        self.events
            .iter()
            .filter(|event| event.message() == Some("retrying"))
            .collect()
    }

    /// Every string recorded: names, targets, field names and values, messages.
    fn texts(&self) -> impl Iterator<Item = &str> {
        let spans = self.spans.iter().flat_map(|span| {
            std::iter::once(span.name).chain(span.fields.iter().flat_map(|(k, v)| [*k, v.as_str()]))
        });
        let events = self.events.iter().flat_map(|event| {
            std::iter::once(event.target.as_str())
                .chain(event.fields.iter().flat_map(|(k, v)| [*k, v.as_str()]))
        });
        spans.chain(events)
    }
}

/// The index of a span's record, kept in the span's extensions.
#[derive(Clone, Copy)]
struct SpanIndex(usize);

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Log>>);

impl Capture {
    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Records every field as text: strings and numbers as they are, the rest with `Debug`.
struct Fields<'a>(&'a mut BTreeMap<&'static str, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name(), value.to_string());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name(), value.to_string());
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name(), value.to_string());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let mut text = value.to_string();
        let mut source = value.source();
        while let Some(error) = source {
            text.push_str(&format!(": {error}"));
            source = error.source();
        }
        self.0.insert(field.name(), text);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attributes: &Attributes<'_>, id: &Id, context: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut log = self.log();
        log.spans.push(SpanRecord {
            name: attributes.metadata().name(),
            fields,
            closed: false,
        });
        let index = SpanIndex(log.spans.len() - 1);
        if let Some(span) = context.span(id) {
            span.extensions_mut().insert(index);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, context: Context<'_, S>) {
        let Some(span) = context.span(id) else { return };
        let Some(&SpanIndex(index)) = span.extensions().get::<SpanIndex>() else {
            return;
        };
        values.record(&mut Fields(&mut self.log().spans[index].fields));
    }

    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let span = context
            .event_span(event)
            .and_then(|span| span.extensions().get::<SpanIndex>().copied())
            .map(|SpanIndex(index)| index);
        self.log().events.push(EventRecord {
            target: event.metadata().target().to_owned(),
            fields,
            span,
        });
    }

    fn on_close(&self, id: Id, context: Context<'_, S>) {
        let Some(span) = context.span(&id) else {
            return;
        };
        if let Some(&SpanIndex(index)) = span.extensions().get::<SpanIndex>() {
            self.log().spans[index].closed = true;
        }
    }
}

/// Runs `calls` on a current-thread runtime with a capturing subscriber as this thread's default,
/// and returns what was recorded.
fn capture<F: Future<Output = ()>>(calls: F) -> Log {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    tracing::subscriber::with_default(subscriber, || runtime.block_on(calls));
    drop(runtime);
    std::mem::take(&mut *capture.log())
}

fn assert_nothing_secret(log: &Log, server_uri: &str) {
    let secrets = secrets(server_uri);
    for text in log.texts() {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{secret:?} was recorded in {text:?}\n{log:#?}"
            );
        }
    }
}

/// The fields every `altur.request` span has, checked for one call.
fn assert_request(
    span: &SpanRecord,
    endpoint: &str,
    method: &str,
    route: &str,
    status: Option<u16>,
    attempts: u32,
) {
    let field = |name: &str| span.fields.get(name).map(String::as_str);
    assert_eq!(field("endpoint"), Some(endpoint), "{span:?}");
    assert_eq!(field("method"), Some(method), "{span:?}");
    assert_eq!(field("route"), Some(route), "{span:?}");
    assert_eq!(
        field("status"),
        status.map(|s| s.to_string()).as_deref(),
        "{span:?}"
    );
    assert_eq!(
        field("attempts"),
        Some(attempts.to_string()).as_deref(),
        "{span:?}"
    );
    let latency = field("latency_ms").unwrap_or_else(|| panic!("no `latency_ms` in {span:?}"));
    latency
        .parse::<u64>()
        .unwrap_or_else(|_| panic!("`latency_ms` is not a number in {span:?}"));
    assert!(span.closed, "the span of {endpoint} was not closed");
}

/// A client of `base_url` with this file's key, which the records must never hold.
fn client(base_url: &str) -> Client {
    client_for(base_url, |builder| builder.api_key(KEY))
}

fn user_id() -> Uuid {
    Uuid::parse_str(USER_ID).expect("a UUID")
}

fn enduser_body() -> Value {
    json!({"id": USER_ID, "display_name": RESPONSE_TEXT, "integration_type": "api"})
}

#[altur_api]
trait Notes {
    #[get("/notes/<note>?q=<query>")]
    async fn note(&self, note: &str, query: &str) -> Result<Value>;

    #[post("/notes", data = "<body>")]
    async fn create_note(&self, body: &Value) -> Result<Value>;
}

// The tests

#[test]
fn a_successful_call_records_one_span_with_its_route_template() {
    let server = block_on(MockServer::start());
    block_on(
        Mock::given(method("GET"))
            .and(path(format!("/enduser/{USER_ID}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(enduser_body()))
            .mount(&server),
    );
    let uri = server.uri();
    let log = capture(async {
        let user = client(&uri).retrieve_enduser(user_id()).await.expect("200");
        assert_eq!(user.display_name, RESPONSE_TEXT);
    });
    let requests = log.requests();
    assert_eq!(requests.len(), 1, "{log:#?}");
    assert_request(
        requests[0],
        "retrieve_enduser",
        "GET",
        "/enduser/<id>",
        Some(200),
        1,
    );
    assert!(log.retries().is_empty(), "{log:#?}");
    assert_nothing_secret(&log, &uri);
}

#[test]
fn an_error_status_is_the_span_status_and_is_not_retried() {
    let server = block_on(MockServer::start());
    block_on(
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_json(json!({"error": 404, "message": ERROR_TEXT, "key": KEY})),
            )
            .mount(&server),
    );
    let uri = server.uri();
    let log = capture(async {
        let error = client(&uri)
            .retrieve_enduser(user_id())
            .await
            .expect_err("404");
        assert_eq!(error.status(), Some(404));
    });
    let requests = log.requests();
    assert_eq!(requests.len(), 1, "{log:#?}");
    assert_request(
        requests[0],
        "retrieve_enduser",
        "GET",
        "/enduser/<id>",
        Some(404),
        1,
    );
    assert!(log.retries().is_empty(), "{log:#?}");
    assert_nothing_secret(&log, &uri);
}

#[test]
fn a_retried_call_records_the_retry_and_the_final_status() {
    let server = block_on(MockServer::start());
    block_on(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_string(ERROR_TEXT))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server),
    );
    block_on(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(enduser_body()))
            .with_priority(2)
            .mount(&server),
    );
    let uri = server.uri();
    let log = capture(async {
        let user = client(&uri).retrieve_enduser(user_id()).await;
        assert_eq!(user.expect("200 after a retry").display_name, RESPONSE_TEXT);
    });
    let requests = log.requests();
    assert_eq!(requests.len(), 1, "{log:#?}");
    assert_request(
        requests[0],
        "retrieve_enduser",
        "GET",
        "/enduser/<id>",
        Some(200),
        2,
    );
    let retries = log.retries();
    assert_eq!(retries.len(), 1, "{log:#?}");
    let retry = retries[0];
    let field = |name: &str| retry.fields.get(name).map(String::as_str);
    assert_eq!(field("attempt"), Some("1"), "{retry:?}");
    assert_eq!(field("status"), Some("503"), "{retry:?}");
    let delay = field("delay_ms").unwrap_or_else(|| panic!("no `delay_ms` in {retry:?}"));
    assert!(delay.parse::<u64>().is_ok(), "{retry:?}");
    let parent = retry.span.map(|index| log.spans[index].name);
    assert_eq!(parent, Some("altur.request"), "{retry:?}");
    assert_nothing_secret(&log, &uri);
}

#[test]
fn a_transport_error_retry_records_a_kind_not_the_error_text() {
    // A port that was just free: connecting is refused at once.
    let uri = format!("http://{}", closed_address());
    let log = capture(async {
        let client = client_for(&uri, |builder| builder.api_key(KEY).max_retries(1));
        let error = client
            .retrieve_enduser(user_id())
            .await
            .expect_err("refused");
        assert!(error.is_connect(), "{error:?}");
    });
    let requests = log.requests();
    assert_eq!(requests.len(), 1, "{log:#?}");
    assert_request(
        requests[0],
        "retrieve_enduser",
        "GET",
        "/enduser/<id>",
        None,
        2,
    );
    let retries = log.retries();
    assert_eq!(retries.len(), 1, "{log:#?}");
    assert!(retries[0].fields.contains_key("error"), "{:?}", retries[0]);
    assert!(
        !retries[0].fields.contains_key("status"),
        "{:?}",
        retries[0]
    );
    assert_nothing_secret(&log, &uri);
}

#[test]
fn path_query_and_body_values_are_never_recorded() {
    let server = block_on(MockServer::start());
    block_on(
        Mock::given(method("GET"))
            .and(path(format!("/notes/{NOTE_ID}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"text": RESPONSE_TEXT})))
            .mount(&server),
    );
    block_on(
        Mock::given(method("POST"))
            .and(path("/notes"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"text": RESPONSE_TEXT})))
            .mount(&server),
    );
    let uri = server.uri();
    let log = capture(async {
        let client = client(&uri);
        let note = client.note(NOTE_ID, QUERY).await.expect("200");
        assert_eq!(note["text"], RESPONSE_TEXT);
        let created = client
            .create_note(&json!({"text": REQUEST_TEXT}))
            .await
            .expect("201");
        assert_eq!(created["text"], RESPONSE_TEXT);
    });
    let requests = log.requests();
    assert_eq!(requests.len(), 2, "{log:#?}");
    assert_request(
        requests[0],
        "note",
        "GET",
        "/notes/<note>?q=<query>",
        Some(200),
        1,
    );
    assert_request(requests[1], "create_note", "POST", "/notes", Some(201), 1);
    assert_nothing_secret(&log, &uri);
}

/// A writer into a shared buffer, for `tracing_subscriber::fmt`.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_plain_fmt_subscriber_shows_each_call_once_and_each_retry() {
    let server = block_on(MockServer::start());
    block_on(
        Mock::given(path(format!("/missing/enduser/{USER_ID}")))
            .respond_with(ResponseTemplate::new(404).set_body_string(ERROR_TEXT))
            .with_priority(1)
            .mount(&server),
    );
    block_on(
        Mock::given(method("GET"))
            .and(path(format!("/retried/enduser/{USER_ID}")))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server),
    );
    block_on(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(enduser_body()))
            .with_priority(2)
            .mount(&server),
    );
    let uri = server.uri();
    let output = Output::default();
    let writer = output.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            client(&uri)
                .retrieve_enduser(user_id())
                .await
                .expect("a 200");
            let missing = client(&format!("{uri}/missing"));
            missing
                .retrieve_enduser(user_id())
                .await
                .expect_err("a 404");
            let retried = client(&format!("{uri}/retried"));
            retried
                .retrieve_enduser(user_id())
                .await
                .expect("200 after a retry");
        });
    });
    let output = String::from_utf8(output.0.lock().expect("the output").clone()).expect("UTF-8");
    let ours: Vec<&str> = output
        .lines()
        .filter(|line| line.contains("altur_client"))
        .collect();
    let with = |level: &str, message: &str| {
        ours.iter()
            .filter(|line| line.contains(level) && line.contains(message))
            .count()
    };
    assert_eq!(with("DEBUG", "request succeeded"), 2, "{output}");
    assert_eq!(with("WARN", "request failed"), 1, "{output}");
    assert_eq!(with("INFO", "retrying"), 1, "{output}");
    assert_eq!(
        ours.len(),
        4,
        "one line per finished call and per retry: {output}"
    );
    for line in &ours {
        assert!(line.contains(r#"route="/enduser/<id>""#), "{line}");
        // The span's own fields, before the event's, hold `attempts` once at most.
        let context = line.split("}: ").next().unwrap_or_default();
        assert!(context.matches("attempts=").count() <= 1, "{line}");
        for secret in secrets(&uri) {
            assert!(!line.contains(&secret), "{secret:?} in {line}");
        }
    }
    let failed = ours
        .iter()
        .find(|line| line.contains("request failed"))
        .expect("the 404");
    assert!(
        failed.contains("status=404") && failed.contains("attempts=1"),
        "{failed}"
    );
    let retried = ours
        .iter()
        .filter(|line| line.contains("request succeeded"))
        .find(|line| line.contains("attempts=2"));
    assert!(retried.is_some(), "{output}");
}

/// Runs a future to completion outside any capture (wiremock's setup).
fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}
