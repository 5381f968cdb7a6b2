//! Compile-time behaviour of `#[altur_api]`: what it accepts, and the exact diagnostics, with
//! their spans, for what it rejects.
//!
//! The `.stderr` files are compiler output, recorded with stable Rust 1.95, and other compilers
//! word and place some diagnostics differently. So the snapshots are compared on 1.95 only; on
//! any other compiler every `pass` case must still compile and run, and every `fail` case must
//! still fail to compile. Regenerate the snapshots with `TRYBUILD=overwrite cargo test --test ui`
//! on 1.95 and review the diff.
//!
//! The cases with `spec = ".."` read the OpenAPI documents of `tests/ui/specs`.

use std::path::Path;

/// Puts the documents of `tests/ui/specs` where the cases' `spec = "specs/.."` find them.
/// `spec` paths are relative to the manifest of the crate being compiled, and trybuild compiles
/// the cases as a crate of its own, `tests/trybuild/<package>` in the target directory (the
/// parent of this test's scratch directory).
fn install_documents() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory");
    let specs = target
        .join("tests/trybuild")
        .join(env!("CARGO_PKG_NAME"))
        .join("specs");
    std::fs::create_dir_all(&specs).expect("the documents' directory");
    for entry in std::fs::read_dir("tests/ui/specs").expect("tests/ui/specs") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().expect("a file name");
        std::fs::copy(&path, specs.join(name)).expect("a copy of the document");
    }
}

#[rustversion::stable(1.95)]
#[test]
fn ui() {
    install_documents();
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}

/// Where the child process finds the copies of the `fail` cases.
#[rustversion::not(stable(1.95))]
const COPIES: &str = "ALTUR_UI_FAIL_COPIES";

#[rustversion::not(stable(1.95))]
#[test]
fn ui() {
    install_documents();
    if let Some(copies) = std::env::var_os(COPIES) {
        // The child: trybuild in overwrite mode records each copy's output next to it instead of
        // comparing it, and still fails a case that compiles.
        let pattern = Path::new(&copies).join("*.rs");
        trybuild::TestCases::new().compile_fail(pattern);
        return;
    }
    trybuild::TestCases::new().pass("tests/ui/pass/*.rs");

    // The `fail` cases without their snapshots, in this test's own scratch directory, so that
    // nothing in `tests/ui` is written.
    let copies = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ui-fail-any-compiler");
    let _ = std::fs::remove_dir_all(&copies);
    std::fs::create_dir_all(&copies).expect("a scratch directory");
    let mut count = 0;
    for entry in std::fs::read_dir("tests/ui/fail").expect("tests/ui/fail") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, copies.join(name)).expect("a copy of the case");
            count += 1;
        }
    }
    assert!(count > 0, "no compile-fail cases found");
    // The environment variable is set on the child only: a test must not change its own.
    let output = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "ui", "--nocapture", "--test-threads=1"])
        .env(COPIES, &copies)
        .env("TRYBUILD", "overwrite")
        .output()
        .expect("the child test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "some compile-fail cases compiled on this compiler:\n{stdout}\n{stderr}"
    );
    // trybuild writes the output of a case only once it has failed to compile.
    let recorded = std::fs::read_dir(&copies)
        .expect("the scratch directory")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|entry| entry.path().extension().is_some_and(|e| e == "stderr"))
        })
        .count();
    assert_eq!(recorded, count, "every compile-fail case failed to compile");
}
