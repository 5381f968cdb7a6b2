//! Property tests of the whole: hostile bytes never make decoding panic, and any path or query
//! value reaches the wire as exactly what was passed, through an `#[altur_api]` trait.
//!
//! One file for the property suite that RELIABILITY.md's hostile-input table lists whole, with the
//! strategies its tests share.
//!
//! The runtime's own pieces have property tests next to them (`altur-client/src/request/path.rs`,
//! `altur-client/src/request/mod.rs`, and the route parser in `altur-macros/src/route.rs`).

mod common;

use altur_client::__private::RenamedKeys;
use altur_client::models::Campaign;
use altur_client::models::{
    Call, CampaignCall, CampaignCallList, CampaignList, CampaignResponse, ContactList,
    CursorPagination, DaySchedule, IndexPagination, Message, MessageResponse, NewCall, NewMessage,
    Thread, Timestamp,
};
use altur_client::webhooks::CallEnded;
use altur_client::webhooks::{SignatureScheme, WebhookEvent, WebhookVerifier};
use altur_client::{ApiError, EndUser, Error, Result, altur_api};
use common::{RawServer, read_request, respond};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::Value;
use std::sync::mpsc;

fn run<S: Strategy>(
    strategy: S,
    test: impl Fn(S::Value) -> std::result::Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::default();
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{failure}");
    }
}

// Decoding hostile bodies

const ENDUSER: &str = r#"{"id":"3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b","display_name":"Ada Lovelace","integration_type":"api","info":"prefers mornings"}"#;
const API_ERROR: &str = r#"{"error":404,"message":"EndUser not found","detail":{"id":"x"}}"#;
const MESSAGES: &str = r#"[{"thread_id":42,"type":"text","sent_by":"enduser","sent_at":"2024-12-19T15:00:10Z","content":"hi","read":false},{"thread_id":"42","type":"image","sent_by":"ai","sent_at":null,"media":"https://x/y.png","sent_by_user":7}]"#;
const CALL_ENDED: &str = r#"{"event_type":"on_call_end","id":"cll_1","type":"outbound","status":"ended","duration":45,"transcript":[{"sent_by":"assistant","sent_at":"2024-12-19T15:00:00Z","content":"Hello"}],"end_user":{"id":"2be951e6-7798-47cd-878d-49b2918a3bba","display_name":"John","tags":["a"]}}"#;
const STATUS_CHANGED: &str = r#"{"event_id":"evt_1","event_type":"campaign.status_changed","occurred_at":"2026-06-08T14:23:15Z","data":{"campaign":{"id":1234,"name":"Q2","status":"finished","previous_status":"cooldown"},"analytics":{"calls":1820,"contactsFailedRate":0.04}}}"#;
const CYCLE_COMPLETED: &str = r#"{"event_id":"evt_2","event_type":"campaign.cycle_completed","data":{"campaign":{"id":1,"name":"Q","status":"cooldown","previous_status":null},"cycle_iteration":2,"next_cycle_at":"2026-06-09T09:00:00Z"}}"#;
const FIXTURES: [&str; 6] = [
    ENDUSER,
    API_ERROR,
    MESSAGES,
    CALL_ENDED,
    STATUS_CHANGED,
    CYCLE_COMPLETED,
];

/// Keys and strings the models give a meaning to, so that random JSON reaches their decoders.
const WORDS: [&str; 40] = [
    "id",
    "display_name",
    "integration_type",
    "info",
    "error",
    "message",
    "code",
    "detail",
    "details",
    "errors",
    "thread_id",
    "type",
    "sent_by",
    "sent_at",
    "content",
    "media",
    "sent_by_user",
    "read",
    "event_type",
    "event_id",
    "data",
    "campaign",
    "status",
    "previous_status",
    "transcript",
    "end_user",
    "assistant",
    "analytics",
    "cycle_iteration",
    "on_call_end",
    "campaign.status_changed",
    "campaign.cycle_completed",
    "api",
    "text",
    "enduser",
    "ai",
    "ended",
    "finished",
    "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b",
    "2024-12-19T15:00:10Z",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(&WORDS[..]).prop_map(String::from),
        1 => any::<String>(),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((word(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(prop::sample::Index),
    Replace(prop::sample::Index, u8),
    Insert(prop::sample::Index, Vec<u8>),
    Remove(prop::sample::Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<prop::sample::Index>;
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(&b"{}[]\":,\\0-e.tfn "[..]),
    ];
    prop_oneof![
        index().prop_map(Mutation::Truncate),
        (index(), byte.clone()).prop_map(|(at, byte)| Mutation::Replace(at, byte)),
        (index(), prop::collection::vec(byte, 1..8)).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (index(), 1..16usize).prop_map(|(at, n)| Mutation::Remove(at, n)),
    ]
}

fn mutate(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        let len = body.len();
        match mutation {
            Mutation::Truncate(at) => body.truncate(at.index(len + 1)),
            Mutation::Replace(at, byte) if len > 0 => body[at.index(len)] = *byte,
            Mutation::Replace(..) => {}
            Mutation::Insert(at, bytes) => {
                let at = at.index(len + 1);
                body.splice(at..at, bytes.iter().copied());
            }
            Mutation::Remove(at, count) => {
                let at = at.index(len + 1);
                body.drain(at..(at + count).min(len));
            }
        }
    }
    body
}

/// Raw bytes, random JSON shaped like the models, and fixtures with a few bytes changed.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let fixture = prop::sample::select(&FIXTURES[..]);
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..256),
        1 => json().prop_map(|value| serde_json::to_vec(&value).expect("JSON values serialize")),
        2 => (fixture, prop::collection::vec(mutation(), 0..4))
            .prop_map(|(fixture, mutations)| mutate(fixture.as_bytes().to_vec(), &mutations)),
    ]
}

#[test]
fn fixtures_decode() {
    serde_json::from_str::<EndUser>(ENDUSER).expect("EndUser");
    serde_json::from_str::<ApiError>(API_ERROR).expect("ApiError");
    serde_json::from_str::<Vec<Message>>(MESSAGES).expect("messages");
    for event in [CALL_ENDED, STATUS_CHANGED, CYCLE_COMPLETED] {
        let event: WebhookEvent = serde_json::from_str(event).expect("event");
        assert!(!matches!(event, WebhookEvent::Unknown { .. }), "{event:?}");
    }
}

#[test]
fn hostile_bodies_decode_or_error_without_panicking() {
    run(body(), |body| {
        if let Ok(user) = serde_json::from_slice::<EndUser>(&body) {
            let again = serde_json::to_vec(&user).expect("an EndUser serializes");
            prop_assert_eq!(serde_json::from_slice::<EndUser>(&again).ok(), Some(user));
        }
        if let Ok(messages) = serde_json::from_slice::<Vec<Message>>(&body) {
            let again = serde_json::to_vec(&messages).expect("messages serialize");
            prop_assert_eq!(
                serde_json::from_slice::<Vec<Message>>(&again).ok(),
                Some(messages)
            );
        }
        let _ = serde_json::from_slice::<ApiError>(&body);
        if let Ok(event) = serde_json::from_slice::<WebhookEvent>(&body) {
            let _ = (event.event_type(), event.event_id());
            serde_json::to_vec(&event).expect("an event serializes");
        }
        Ok(())
    });
}

#[test]
fn hostile_webhooks_verify_or_error_without_panicking() {
    let verifiers = [
        WebhookVerifier::new("c2VjcmV0LWtleS1mb3ItdGVzdHM=").expect("a valid secret"),
        WebhookVerifier::with_scheme("legacy-secret", SignatureScheme::LegacyHex)
            .expect("a valid secret")
            .compact_json_fallback(true),
    ];
    let signature = prop_oneof![Just(None), prop::option::of(any::<String>())];
    run((body(), signature), |(body, signature)| {
        for verifier in &verifiers {
            // Signed, so that the body is parsed.
            let signed = verifier.sign(&body);
            let parsed = verifier.verify_and_parse(Some(&signed), &body);
            if let Err(error) = &parsed {
                prop_assert!(error.webhook_kind().is_some(), "{error:?}");
            }
            prop_assert_eq!(
                parsed.is_ok(),
                serde_json::from_slice::<WebhookEvent>(&body).is_ok()
            );
            // Forged or missing, so that nothing is parsed.
            if let Err(error) = verifier.verify_and_parse(signature.as_deref(), &body) {
                prop_assert!(error.webhook_kind().is_some(), "{error:?}");
            }
        }
        Ok(())
    });
}

/// Date-times in the shapes the API sends (RFC 3339, and `YYYY-MM-DD HH:MM:SS` with a space or
/// a `T` and no zone), with fields in and out of range. Years stay within 0000..=9999: RFC 3339
/// has no others, and the zone-less shapes accept negative years that cannot be written back.
fn timestamp_text() -> impl Strategy<Value = String> {
    let date = (-2000..=12000i32, 0..=13u32, 0..=32u32)
        .prop_map(|(year, month, day)| format!("{year:04}-{month:02}-{day:02}"));
    let time = (
        0..=24u32,
        0..=60u32,
        0..=60u32,
        prop::option::of("[0-9]{1,12}"),
    )
        .prop_map(|(hour, minute, second, fraction)| {
            let fraction = fraction
                .map(|digits| format!(".{digits}"))
                .unwrap_or_default();
            format!("{hour:02}:{minute:02}:{second:02}{fraction}")
        });
    let zone = prop_oneof![
        Just(String::new()),
        Just("Z".to_owned()),
        (prop::sample::select(&["+", "-"][..]), 0..=24u32, 0..=59u32)
            .prop_map(|(sign, hours, minutes)| format!("{sign}{hours:02}:{minutes:02}")),
    ];
    (date, prop::sample::select(&[" ", "T"][..]), time, zone)
        .prop_map(|(date, separator, time, zone)| format!("{date}{separator}{time}{zone}"))
}

#[test]
fn timestamps_parse_without_panicking_and_round_trip() {
    run(prop_oneof![any::<String>(), timestamp_text()], |text| {
        let Some(parsed) = Timestamp::parse(&text) else {
            return Ok(());
        };
        let written = serde_json::to_string(&parsed).expect("a timestamp serializes");
        let again = serde_json::from_str::<Timestamp>(&written);
        prop_assert_eq!(
            again.ok(),
            Some(parsed),
            "{:?} written as {}",
            text,
            written
        );
        Ok(())
    });
}

// Path and query values, through the macro, onto the wire

#[altur_api]
trait Probe {
    #[get("/things/<id>/raw")]
    async fn thing(&self, id: &str) -> Result<()>;

    #[get("/search?q=<q>&<tag>&limit=<limit>&view=full")]
    async fn search(&self, q: &str, tag: &[String], limit: Option<u32>) -> Result<()>;
}

/// A keep-alive server that answers every request `200` with no body and reports its target.
async fn recording_server() -> (RawServer, mpsc::Receiver<String>) {
    let (sender, receiver) = mpsc::channel();
    let server = RawServer::start(move |_, mut stream| {
        let sender = sender.clone();
        async move {
            loop {
                let head = read_request(&mut stream).await;
                let Some(target) = head.split(' ').nth(1) else {
                    return;
                };
                let _ = sender.send(target.to_owned());
                respond(&mut stream, "200 OK", &[], "").await;
            }
        }
    })
    .await;
    (server, receiver)
}

/// Any string, and strings made of what URLs and query strings treat specially.
fn value() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just("."),
        Just(".."),
        Just("%2e"),
        Just("%"),
        Just("/"),
        Just("\\"),
        Just("?"),
        Just("#"),
        Just("&"),
        Just("="),
        Just("+"),
        Just(" "),
        Just("\r\n"),
        Just("\0"),
        Just("a"),
        Just("\u{e9}"),
        Just("\u{1F600}"),
    ];
    prop_oneof![
        any::<String>(),
        prop::collection::vec(special, 0..6).prop_map(|pieces| pieces.concat()),
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[test]
fn any_path_value_arrives_as_one_segment() {
    let runtime = runtime();
    let (server, targets) = runtime.block_on(recording_server());
    let client = server.client(|builder| builder.max_retries(0));
    run(value(), |value| {
        let result = runtime.block_on(client.thing(&value));
        let sent = targets.try_recv().ok();
        if matches!(value.as_str(), "" | "." | "..") {
            prop_assert!(
                matches!(result, Err(Error::InvalidParameter { name: "id", .. })),
                "{value:?}: {result:?}"
            );
            prop_assert_eq!(sent, None, "nothing is sent");
            return Ok(());
        }
        prop_assert!(result.is_ok(), "{value:?}: {result:?}");
        let target = sent.expect("one request");
        let url = url::Url::parse(&format!("http://host{target}")).expect("an origin-form target");
        prop_assert_eq!(url.query(), None);
        prop_assert_eq!(url.fragment(), None);
        let segments: Vec<_> = url.path_segments().expect("a path").collect();
        prop_assert_eq!(segments.len(), 5, "{}", target);
        prop_assert_eq!(&segments[..3], &["api", "v1.0", "things"][..]);
        prop_assert_eq!(segments[4], "raw");
        let decoded = percent_decode(segments[3]);
        prop_assert_eq!(decoded.as_deref(), Some(value.as_str()), "{}", target);
        Ok(())
    });
}

#[test]
fn any_query_values_arrive_as_the_same_pairs_in_order() {
    let runtime = runtime();
    let (server, targets) = runtime.block_on(recording_server());
    let client = server.client(|builder| builder.max_retries(0));
    let strategy = (
        value(),
        prop::collection::vec(value(), 0..4),
        prop::option::of(any::<u32>()),
    );
    run(strategy, |(q, tags, limit)| {
        let result = runtime.block_on(client.search(&q, &tags, limit));
        prop_assert!(result.is_ok(), "{result:?}");
        let target = targets.try_recv().expect("one request");
        let url = url::Url::parse(&format!("http://host{target}")).expect("an origin-form target");
        prop_assert_eq!(url.path(), "/api/v1.0/search");
        prop_assert_eq!(url.fragment(), None);
        let mut expected = vec![("q".to_owned(), q.clone())];
        expected.extend(tags.iter().map(|tag| ("tag".to_owned(), tag.clone())));
        expected.extend(limit.map(|limit| ("limit".to_owned(), limit.to_string())));
        expected.push(("view".to_owned(), "full".to_owned()));
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        prop_assert_eq!(pairs, expected, "{}", target);
        Ok(())
    });
}

/// `%XX` escapes to bytes, then UTF-8; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

// Keys the API spells more than one way

/// A field that decodes from several keys, with values of its type to put under them.
struct Renamed {
    key: &'static str,
    aliases: &'static [&'static str],
    values: Vec<Value>,
    /// Whether `null` is a valid value (which any other value wins over) and the field may be
    /// missing.
    nullable: bool,
}

fn renamed(
    key: &'static str,
    aliases: &'static [&'static str],
    values: Vec<Value>,
    nullable: bool,
) -> Renamed {
    Renamed {
        key,
        aliases,
        values,
        nullable,
    }
}

/// A body of `fields` plus any spellings of every renamed field, in any order and with any of
/// their values (often every spelling at once, each with its own value), and the body the model
/// must decode it as: the fields and, for each renamed field, only the winning spelling under its
/// key. A value wins over `null`, then the field's key over its aliases, then earlier aliases.
fn spellings(
    fields: Vec<(&'static str, Value)>,
    renamed: Vec<Renamed>,
) -> impl Strategy<Value = (String, String)> {
    let count = renamed
        .iter()
        .map(|field| 1 + field.aliases.len())
        .sum::<usize>();
    (
        any::<bool>(),
        prop::collection::vec((any::<u8>(), any::<u8>()), count),
        prop::collection::vec(any::<u32>(), fields.len() + count),
    )
        .prop_map(move |(every_spelling, choices, order)| {
            let mut body = fields.clone();
            let mut expected = fields.clone();
            let mut choices = choices.into_iter();
            for field in &renamed {
                let mut winner: Option<(bool, usize, Value)> = None;
                let spellings = std::iter::once(field.key).chain(field.aliases.iter().copied());
                for (rank, key) in spellings.enumerate() {
                    let (presence, pick) = choices.next().expect("one choice per spelling");
                    if !every_spelling && presence % 3 == 0 {
                        continue;
                    }
                    let options = field.values.len() + usize::from(field.nullable);
                    let value = field
                        .values
                        .get(usize::from(pick) % options)
                        .cloned()
                        .unwrap_or(Value::Null);
                    let candidate = (value.is_null(), rank, value.clone());
                    if winner
                        .as_ref()
                        .is_none_or(|best| (candidate.0, candidate.1) < (best.0, best.1))
                    {
                        winner = Some(candidate);
                    }
                    body.push((key, value));
                }
                if winner.is_none() && !field.nullable {
                    // Required fields are among them: keep one spelling.
                    let alias = field.aliases[0];
                    body.push((alias, field.values[0].clone()));
                    winner = Some((false, 1, field.values[0].clone()));
                }
                if let Some((_, _, value)) = winner {
                    expected.push((field.key, value));
                }
            }
            let mut order = order.into_iter();
            let mut shuffled: Vec<_> = body
                .into_iter()
                .map(|entry| (order.next().unwrap_or(0), entry))
                .collect();
            shuffled.sort_by_key(|(position, _)| *position);
            let body = shuffled.into_iter().map(|(_, entry)| entry).collect();
            (object_text(body), object_text(expected))
        })
}

/// A JSON object with its keys in the given order, repeated keys included.
fn object_text(entries: Vec<(&str, Value)>) -> String {
    let entries: Vec<String> = entries
        .into_iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(key)))
        .collect();
    format!("{{{}}}", entries.join(","))
}

/// Decodes `body` and `expected` as `T`, which must both succeed and agree.
fn agree<T>((body, expected): (String, String)) -> std::result::Result<(), TestCaseError>
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let decoded = serde_json::from_str::<T>(&body);
    prop_assert!(decoded.is_ok(), "{body}: {:?}", decoded.err());
    let wanted = serde_json::from_str::<T>(&expected);
    prop_assert!(wanted.is_ok(), "{expected}: {:?}", wanted.err());
    prop_assert_eq!(decoded.ok(), wanted.ok(), "{} against {}", body, expected);
    Ok(())
}

fn listed(renamed: &[Renamed]) -> Vec<(&'static str, &'static [&'static str])> {
    renamed
        .iter()
        .map(|field| (field.key, field.aliases))
        .collect()
}

const USER_ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
const AGENT_ID: &str = "0b8e7a0e-8f3c-4c47-9d61-4f9b2a9c1d10";

fn enduser_renamed() -> Vec<Renamed> {
    vec![renamed(
        "integration_type",
        &["integration"],
        vec!["api".into(), "whatsapp".into(), "telegram".into()],
        true,
    )]
}

fn thread_renamed() -> Vec<Renamed> {
    // The EndUsers inside carry both of their own spellings, with different values.
    let users = vec![
        serde_json::json!({"id": USER_ID, "display_name": "Ada", "integration": "api", "integration_type": "whatsapp"}),
        serde_json::json!({"id": USER_ID, "display_name": "Bob", "integration_type": "api", "integration": null}),
    ];
    vec![
        renamed(
            "agent",
            &["chatbot"],
            vec![
                serde_json::json!({"id": AGENT_ID, "name": "Sofía"}),
                serde_json::json!({"id": USER_ID}),
            ],
            true,
        ),
        renamed("end_user", &["enduser"], users, true),
    ]
}

fn durations() -> Vec<Value> {
    vec![60.into(), "04:30".into(), 12.4.into()]
}

fn day_renamed() -> Vec<Renamed> {
    vec![renamed(
        "stopTime",
        &["endTime"],
        vec!["18:00".into(), "13:00".into()],
        true,
    )]
}

fn campaign_renamed() -> Vec<Renamed> {
    vec![
        renamed(
            "concurrency_limit",
            &["concurrency"],
            vec![5.into(), 10.into()],
            true,
        ),
        renamed(
            "cycle_cooldown_minutes",
            &["cycle_cooldown"],
            vec![60.into(), 30.into()],
            true,
        ),
        renamed(
            "cycle_filter_statuses",
            &["cycle_status_filters"],
            vec![
                serde_json::json!(["failed"]),
                serde_json::json!(["queue", "no_answer"]),
            ],
            true,
        ),
        renamed(
            "cycle_filter_tags",
            &["cycle_tag_filters"],
            vec![serde_json::json!(["vip"]), serde_json::json!([])],
            true,
        ),
        renamed(
            "cycle_last_iteration_at",
            &["last_iteration_at"],
            vec!["2025-10-03 19:11:39".into(), "2023-11-07T05:31:56Z".into()],
            true,
        ),
    ]
}

fn has_next_renamed() -> Vec<Renamed> {
    vec![renamed(
        "has_next",
        &["has_more"],
        vec![true.into(), false.into()],
        false,
    )]
}

fn call_ended_renamed() -> Vec<Renamed> {
    vec![
        renamed(
            "billed_duration",
            &["billable_duration"],
            vec![40.into(), 60.into()],
            true,
        ),
        renamed(
            "assistant",
            &["agent"],
            vec![
                serde_json::json!({"id": "6cy951e6", "name": "Diana Arroyo"}),
                serde_json::json!({"id": "x"}),
            ],
            true,
        ),
        renamed(
            "end_user",
            &["enduser"],
            vec![
                serde_json::json!({"id": USER_ID, "display_name": "John"}),
                serde_json::json!({"id": "u2", "status": "converted"}),
            ],
            true,
        ),
    ]
}

/// Runs [`spellings`] of the model through [`agree`], after checking that the test lists
/// exactly the renamed fields the model declares.
fn check_renamed<T>(fields: Vec<(&'static str, Value)>, renamed: Vec<Renamed>)
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + RenamedKeys,
{
    let declared: Vec<(&str, &[&str])> = T::RENAMED_KEYS
        .iter()
        .map(|renamed| (renamed.key, renamed.aliases))
        .collect();
    assert_eq!(
        declared,
        listed(&renamed),
        "the renamed fields of {}",
        std::any::type_name::<T>()
    );
    run(spellings(fields, renamed), agree::<T>);
}

#[test]
fn every_spelling_of_every_renamed_key_decodes() {
    let user = || vec![("id", Value::from(USER_ID)), ("display_name", "Ada".into())];
    check_renamed::<EndUser>(user(), enduser_renamed());
    check_renamed::<Thread>(vec![("id", "thr_1".into())], thread_renamed());
    check_renamed::<Call>(
        vec![("id", "cll_1".into())],
        vec![renamed(
            "billable_duration",
            &["billed_duration"],
            durations(),
            true,
        )],
    );
    check_renamed::<CampaignCall>(
        vec![("id", "call_1".into())],
        vec![renamed(
            "billed_duration",
            &["billable_duration"],
            durations(),
            true,
        )],
    );
    check_renamed::<DaySchedule>(vec![("startTime", "09:00".into())], day_renamed());
    check_renamed::<Campaign>(
        vec![("id", 1234.into()), ("name", "Q2".into())],
        campaign_renamed(),
    );
    check_renamed::<CursorPagination>(vec![("next_cursor", "abc".into())], has_next_renamed());
    check_renamed::<IndexPagination>(vec![("next_page", 2.into())], has_next_renamed());
    check_renamed::<CallEnded>(vec![("id", "cll_1".into())], call_ended_renamed());
    check_renamed::<NewMessage>(
        vec![("content", "hi".into())],
        vec![
            renamed(
                "agent_id",
                &["chatbot_id"],
                vec![AGENT_ID.into(), USER_ID.into()],
                false,
            ),
            renamed(
                "end_user_id",
                &["enduser_id"],
                vec![USER_ID.into(), AGENT_ID.into()],
                false,
            ),
        ],
    );
    check_renamed::<NewCall>(
        vec![("phone_number_to", "+14155550100".into())],
        vec![renamed(
            "agent_id",
            &["chatbot_id"],
            vec![AGENT_ID.into(), USER_ID.into()],
            false,
        )],
    );
}

/// The models that embed renamed ones: every spelling inside them decodes too.
#[test]
fn renamed_keys_decode_inside_every_model_that_embeds_them() {
    let user = vec![("id", Value::from(USER_ID)), ("display_name", "Ada".into())];
    let conversations = (
        spellings(vec![("id", "thr_1".into())], thread_renamed()),
        spellings(user, enduser_renamed()),
        spellings(vec![("id", "cll_1".into())], call_ended_renamed()),
    );
    run(conversations, |(thread, user, call_ended)| {
        let message = |thread: &str| format!(r#"{{"thread":{thread},"messages":null}}"#);
        agree::<MessageResponse>((message(&thread.0), message(&thread.1)))?;
        let call = |thread: &str| format!(r#"{{"id":"cll_1","thread":{thread}}}"#);
        agree::<Call>((call(&thread.0), call(&thread.1)))?;
        let wrapped = |user: &str| format!(r#"{{"id":"thr_2","enduser":{user}}}"#);
        agree::<Thread>((wrapped(&user.0), wrapped(&user.1)))?;
        let event = |call: &str| with_field(call, r#""event_type":"on_call_end""#);
        agree::<WebhookEvent>((event(&call_ended.0), event(&call_ended.1)))
    });
    let campaigns = (
        spellings(
            vec![("id", 1.into()), ("name", "Q".into())],
            campaign_renamed(),
        ),
        spellings(vec![("startTime", "09:00".into())], day_renamed()),
        spellings(vec![], has_next_renamed()),
        spellings(
            vec![("id", "call_1".into())],
            vec![renamed(
                "billed_duration",
                &["billable_duration"],
                durations(),
                true,
            )],
        ),
    );
    run(campaigns, |(campaign, day, pagination, call)| {
        let scheduled = |campaign: &str, day: &str| {
            with_field(campaign, &format!(r#""scheduling":{{"mon":{day}}}"#))
        };
        let campaign = (
            scheduled(&campaign.0, &day.0),
            scheduled(&campaign.1, &day.1),
        );
        let list = |campaign: &str, pagination: &str| {
            format!(r#"{{"campaigns":[{campaign}],"pagination":{pagination}}}"#)
        };
        agree::<CampaignList>((
            list(&campaign.0, &pagination.0),
            list(&campaign.1, &pagination.1),
        ))?;
        let response = |campaign: &str| format!(r#"{{"success":true,"campaign":{campaign}}}"#);
        agree::<CampaignResponse>((response(&campaign.0), response(&campaign.1)))?;
        let calls = |call: &str, pagination: &str| {
            format!(r#"{{"calls":[{call}],"pagination":{pagination}}}"#)
        };
        agree::<CampaignCallList>((calls(&call.0, &pagination.0), calls(&call.1, &pagination.1)))?;
        let contacts = |pagination: &str| format!(r#"{{"contacts":[],"pagination":{pagination}}}"#);
        agree::<ContactList>((contacts(&pagination.0), contacts(&pagination.1)))
    });
}

/// `object` (a JSON object's text) with one more `"key":value` at its end.
fn with_field(object: &str, field: &str) -> String {
    match object.strip_suffix('}') {
        Some("{") => format!("{{{field}}}"),
        Some(start) => format!("{start},{field}}}"),
        None => object.to_owned(),
    }
}
