//! Walks `tests/fixtures/invalid/<kind>/`: every payload must fail validation with exactly the faults
//! (pointer and code) its `<name>.expect.json` sidecar lists. The convention is described in
//! `tests/fixtures/SOURCES.md`; `tests/schemas.rs` checks the sidecars' `"schema"` expectations.

mod common;

use fc_events::validate::validate_slice;

#[test]
fn invalid_fixtures_fail_validation_with_the_expected_faults() {
    let fixtures = common::invalid_fixtures();
    assert!(
        fixtures.len() >= 12,
        "invalid fixtures missing: found {}",
        fixtures.len()
    );
    let compiled = fc_events::schema::kinds();
    let mut failures = Vec::new();
    for f in fixtures.iter().filter(|f| compiled.contains(&f.kind)) {
        let bytes = std::fs::read(&f.path).unwrap();
        let report = validate_slice(Some(f.kind), &bytes);
        let mut found: Vec<(String, String)> = report
            .faults
            .iter()
            .map(|x| (x.pointer.clone(), x.code.to_owned()))
            .collect();
        let mut expected = f.faults.clone();
        found.sort();
        expected.sort();
        if found != expected {
            failures.push(format!(
                "{}:\n  expected {expected:?}\n  found    {found:?}\n  messages: {}",
                f.name,
                report
                    .faults
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} invalid fixtures disagree with validation:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
