//! Compile-time behaviour of `#[altur_api]`: what it accepts, and the exact diagnostics, with
//! their spans, for what it rejects.
//!
//! The `.stderr` files are compiler output and change between Rust releases; regenerate them
//! with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
