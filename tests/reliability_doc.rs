//! `RELIABILITY.md` must match the tests: every test it names exists, and every test of the
//! fault, hostile, load, property, retry and tracing suites is in it.

use std::collections::BTreeSet;
use std::path::Path;

/// The suites whose every test must be listed.
const SUITES: [&str; 6] = [
    "faults",
    "hostile",
    "load",
    "properties",
    "tracing",
    "retries",
];

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

/// The names of the test functions of a file: every `fn` right after a test attribute.
fn tests_in(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut after_attribute = false;
    for line in source.lines().map(str::trim) {
        if line.starts_with("#[test]") || line.starts_with("#[tokio::test") {
            after_attribute = true;
        } else if after_attribute
            && let Some(rest) = line
                .strip_prefix("async fn ")
                .or_else(|| line.strip_prefix("fn "))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
            after_attribute = false;
        }
    }
    names
}

/// `(suite, test)` for every table row of the form `| `suite::test` | .. |`.
fn listed(document: &str) -> BTreeSet<(String, String)> {
    document
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name))
        .filter_map(|name| name.split_once("::"))
        .map(|(suite, test)| (suite.to_owned(), test.to_owned()))
        .collect()
}

#[test]
fn every_listed_test_exists_and_every_suite_test_is_listed() {
    let document = read("RELIABILITY.md");
    let listed = listed(&document);
    assert!(!listed.is_empty(), "RELIABILITY.md lists no tests");
    for (suite, test) in &listed {
        let tests = tests_in(&read(&format!("tests/{suite}.rs")));
        assert!(
            tests.contains(test),
            "RELIABILITY.md names `{suite}::{test}`, which does not exist"
        );
    }
    for suite in SUITES {
        for test in tests_in(&read(&format!("tests/{suite}.rs"))) {
            assert!(
                listed.contains(&(suite.to_owned(), test.clone())),
                "`{suite}::{test}` is not in RELIABILITY.md"
            );
        }
    }
}

#[test]
fn the_parsers_find_what_they_should() {
    let source = "#[test]\nfn a() {}\n#[tokio::test]\nasync fn b_2() {}\nfn helper() {}\n";
    assert_eq!(
        tests_in(source),
        BTreeSet::from(["a".to_owned(), "b_2".to_owned()])
    );
    let document = "| `faults::a` | x |\n| case | `not::listed` |\n";
    assert_eq!(
        listed(document),
        BTreeSet::from([("faults".to_owned(), "a".to_owned())])
    );
}
