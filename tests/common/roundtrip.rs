//! Round trips checked value for value and number text for number text.

/// The number tokens of a JSON text, in order, as written (strings skipped).
pub fn number_texts(json: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => {
                i += 1;
                while i < json.len() && json[i] != b'"' {
                    i += if json[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < json.len()
                    && matches!(json[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                out.push(String::from_utf8_lossy(&json[start..i]).into_owned());
            }
            _ => i += 1,
        }
    }
    out
}

/// Asserts that `out` holds the same JSON value as `input`, written with the same number texts (as a
/// multiset: the model writes known members in its own order, which may differ from the input's).
pub fn assert_same_json(name: &str, input: &[u8], out: &[u8]) {
    let a: serde_json::Value = serde_json::from_slice(input).unwrap();
    let b: serde_json::Value = serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("{name}: re-encoded text is not JSON: {e}"));
    assert_eq!(a, b, "{name}: re-encoded value differs");
    let sorted = |json: &[u8]| {
        let mut n = number_texts(json);
        n.sort();
        n
    };
    assert_eq!(sorted(input), sorted(out), "{name}: number texts differ");
}
