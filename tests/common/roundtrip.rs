//! Round trips checked value for value and number text for number text.

use super::json_text;

/// Asserts that `out` carries the same JSON document as `input`: the same values, every number
/// written with the same text, and unknown members where they were (typed members may come in the
/// model's order, so members are compared by name).
pub fn assert_same_json(name: &str, input: &[u8], out: &[u8]) {
    let parse = |what: &str, bytes: &[u8]| {
        let text = std::str::from_utf8(bytes)
            .unwrap_or_else(|e| panic!("{name}: {what} is not UTF-8: {e}"));
        json_text::parse(text)
            .unwrap_or_else(|e| panic!("{name}: {what} is not JSON: {e}"))
            .sorted()
    };
    let (a, b) = (parse("input", input), parse("re-encoded text", out));
    assert!(
        a == b,
        "{name}: re-encoded payload differs\n  in:  {a}\n  out: {b}"
    );
}
