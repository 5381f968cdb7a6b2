//! `Client::from_env`, checked in child processes so that no test mutates its own environment.

mod common;

use altur_client::{Client, EndUserApi};
use common::{KEY, USER_ID, enduser_json};
use std::process::Command;
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ROLE: &str = "ALTUR_TEST_FROM_ENV_ROLE";

/// Runs one test of this binary in a child process with the given environment.
fn run_child(test: &str, env: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env_remove("ALTUR_API_KEY")
        .env_remove("ALTUR_BASE_URL")
        .env(ROLE, "child");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 passed"),
        "the child ran no test: {stdout}"
    );
    output
}

fn is_child() -> bool {
    std::env::var_os(ROLE).is_some()
}

#[tokio::test]
async fn key_and_base_url_come_from_the_environment() {
    if is_child() {
        let client = Client::from_env().expect("a client from the environment");
        let user = client
            .retrieve_enduser(Uuid::parse_str(USER_ID).unwrap())
            .await
            .expect("the end user");
        assert_eq!(user.display_name, "Ada Lovelace");
        return;
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1.0/enduser/{USER_ID}")))
        .and(header("authorization", format!("api-key {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(enduser_json()))
        .expect(1)
        .mount(&server)
        .await;
    let base_url = format!("{}/api/v1.0/", server.uri());
    let output = run_child(
        "key_and_base_url_come_from_the_environment",
        &[("ALTUR_API_KEY", KEY), ("ALTUR_BASE_URL", &base_url)],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_missing_key_is_a_clear_error() {
    if is_child() {
        let error = Client::from_env().expect_err("no key in the environment");
        assert_eq!(
            error.to_string(),
            "invalid client configuration: the environment variable `ALTUR_API_KEY` is not set"
        );
        return;
    }
    let output = run_child("a_missing_key_is_a_clear_error", &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_environment_base_url_is_validated() {
    if is_child() {
        let error = Client::from_env().expect_err("plain http to a remote host");
        assert!(error.to_string().contains("https"), "{error}");
        return;
    }
    let output = run_child(
        "the_environment_base_url_is_validated",
        &[
            ("ALTUR_API_KEY", KEY),
            ("ALTUR_BASE_URL", "http://api.altur.io/api/v1.0"),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// Plain http is allowed only because it stays on the machine: a proxy from the environment
/// must not carry it, and the key in clear text, anywhere else.
#[tokio::test]
async fn a_proxy_from_the_environment_never_sees_plain_http_traffic() {
    if is_child() {
        let client = Client::from_env().expect("a client from the environment");
        let user = client
            .retrieve_enduser(Uuid::parse_str(USER_ID).unwrap())
            .await
            .expect("the end user, straight from the server");
        assert_eq!(user.display_name, "Ada Lovelace");
        return;
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1.0/enduser/{USER_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(enduser_json()))
        .expect(1)
        .mount(&server)
        .await;
    let proxy = common::RawServer::start(|_, mut stream| async move {
        common::read_request(&mut stream).await;
        common::respond(&mut stream, "502 Bad Gateway", &[], "proxied").await;
    })
    .await;
    let proxy_url = proxy.base_url().replace("/api/v1.0", "");
    let base_url = format!("{}/api/v1.0", server.uri());
    let output = run_child_without_no_proxy(
        "a_proxy_from_the_environment_never_sees_plain_http_traffic",
        &[
            ("ALTUR_API_KEY", KEY),
            ("ALTUR_BASE_URL", &base_url),
            ("HTTP_PROXY", &proxy_url),
            ("http_proxy", &proxy_url),
            ("ALL_PROXY", &proxy_url),
            ("all_proxy", &proxy_url),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(proxy.connections(), 0, "the proxy saw the request");
}

/// [`run_child`] with `NO_PROXY` empty, so that only the client decides what the proxy gets.
fn run_child_without_no_proxy(test: &str, env: &[(&str, &str)]) -> std::process::Output {
    let mut env = env.to_vec();
    env.push(("NO_PROXY", ""));
    env.push(("no_proxy", ""));
    run_child(test, &env)
}
