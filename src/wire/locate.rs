//! The place of a decode fault, found from where the JSON reader stopped.
//!
//! serde_json reports every error with the line and column of the byte it had just read (or was
//! looking at) when the error arose: the last byte of a scalar whose type or value was wrong, the
//! first byte of a value of the wrong shape, the `}` of an object that lacks a member, the byte
//! where the syntax broke. [`location_at`] reads the text up to that byte, keeping the stack of
//! open objects and arrays, and names the value that byte belongs to. This is one non-generic
//! function for every payload type, so a failed decode is located without decoding the payload a
//! second time under a path-tracking reader (which would compile a second copy of every visitor).
//!
//! What counts as inside a member: from its `:` to the end of its value (a value of the wrong shape
//! is reported at the byte before it, and a missing value is the member's fault); the member's name
//! and the `,` or `}` after its value belong to the object. Likewise an array element runs from the
//! `[` or `,` before it to its end, and the closing `]` belongs to the array; the `{` of an object
//! is the object's own.

use crate::wire::error::Location;

/// The byte offset in `bytes` of the position a serde_json error reports, when it reports one.
///
/// serde_json's column is the count of bytes read on that line, so the byte it names is the one
/// before that count: `start of line + column - 1` (a column of 0, nothing read yet on the line,
/// names the line break before it). Positions past the end name the last byte.
pub(crate) fn error_offset(bytes: &[u8], e: &serde_json::Error) -> Option<usize> {
    if e.line() == 0 || bytes.is_empty() {
        return None;
    }
    let mut start = 0;
    if e.line() > 1 {
        start = memchr::memchr_iter(b'\n', bytes).nth(e.line() - 2)? + 1;
    }
    let offset = (start + e.column()).saturating_sub(1);
    Some(offset.min(bytes.len() - 1))
}

/// An open object or array while the text is read.
enum Frame {
    /// `key` is the span of the current member's name, quotes included.
    Object { key: (usize, usize), at: Member },
    /// `index` is the current element's.
    Array { index: usize, inside: bool },
}

/// Where the reader is in an object member.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Member {
    /// Before a name (or the closing `}`).
    Name,
    /// After the name, before the `:`.
    Colon,
    /// After the `:`, until the value has ended.
    Value,
    /// After the value, before the `,` or `}`.
    After,
}

impl Frame {
    /// Whether the reader is inside the current member or element (its segment is on the path).
    fn inside(&self) -> bool {
        match self {
            Frame::Object { at, .. } => *at == Member::Value,
            Frame::Array { inside, .. } => *inside,
        }
    }

    /// The current member's or element's value has ended.
    fn value_ended(&mut self) {
        match self {
            Frame::Object { at, .. } => *at = Member::After,
            Frame::Array { inside, .. } => *inside = false,
        }
    }
}

/// The place of a serde_json error in the JSON text `bytes` it arose in.
pub(crate) fn locate(bytes: &[u8], e: &serde_json::Error) -> Location {
    let Some(offset) = error_offset(bytes, e) else {
        return Location::root();
    };
    let message = crate::wire::error::json_message(e);
    if crate::wire::any_value::is_kept_text_fault(&message) {
        if let Some(end) = kept_value_end(bytes, offset, &message) {
            return location_at(bytes, end, false);
        }
    }
    // serde_json's wording for an array where something else was expected.
    location_at(bytes, offset, message.starts_with("invalid type: sequence"))
}

/// The last byte of the kept value a fault found in its text belongs to.
///
/// A value kept as its text is checked once read (duplicate names, depth), and the reader's
/// position is then past it: at its last byte, or, when it was the last member or element, past
/// the closing bracket of the object or array around it (whitespace between). A closing bracket
/// is the value's own when checking the text it closes finds the same fault.
fn kept_value_end(bytes: &[u8], offset: usize, message: &str) -> Option<usize> {
    let before_space = |mut at: usize| {
        while at > 0 && bytes[at].is_ascii_whitespace() {
            at -= 1;
        }
        at
    };
    let end = before_space(offset);
    if !matches!(bytes[end], b'}' | b']') {
        return Some(end);
    }
    let start = opening_of(bytes, end)?;
    let text = std::str::from_utf8(&bytes[start..=end]).ok()?;
    match crate::wire::any_value::check_text::<serde_json::Error>(text) {
        Err(own) if message.contains(&crate::wire::error::json_message(&own)) => Some(end),
        _ => Some(before_space(end.checked_sub(1)?)),
    }
}

/// Where the object or array whose closing bracket is at `close` opens.
fn opening_of(bytes: &[u8], close: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut i = 0;
    while i < close {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i)?;
                continue;
            }
            b'{' | b'[' => open.push(i),
            b'}' | b']' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// The place of the value byte `offset` of the JSON text `bytes` belongs to (see the module docs).
/// Only the bytes before `offset` are read; they need not be valid JSON.
///
/// A reader stopped just after a `[` (at it, or at whitespace after it) was either looking at the
/// first element or had read the `[` of an array it then rejected whole; `array_rejected` says
/// the error is about an array, and then the array is named, unless its first element is an array
/// too: the position cannot tell the two apart, and an element of the wrong shape is the likelier
/// fault (an array of arrays where an array of objects belongs), so the element is named.
pub(crate) fn location_at(bytes: &[u8], offset: usize, array_rejected: bool) -> Location {
    let rejected_here = |at: usize| {
        array_rejected
            && bytes[at + 1..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_none_or(|b| *b != b'[')
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' | b'[' => {
                if i == offset && b == b'{' {
                    return path(bytes, &stack, false);
                }
                stack.push(if b == b'{' {
                    Frame::Object {
                        key: (0, 0),
                        at: Member::Name,
                    }
                } else {
                    Frame::Array {
                        index: 0,
                        inside: true,
                    }
                });
                if i == offset {
                    // At `[`: the first element, or the array itself (see above).
                    return path(bytes, &stack, rejected_here(i));
                }
                i += 1;
            }
            b'}' | b']' => {
                if i == offset {
                    return path(bytes, &stack, true);
                }
                stack.pop();
                if let Some(top) = stack.last_mut() {
                    top.value_ended();
                }
                i += 1;
            }
            b',' | b':' => {
                match stack.last_mut() {
                    Some(Frame::Object { at, .. }) => {
                        *at = match (b, *at) {
                            (b',', _) => Member::Name,
                            (_, Member::Colon) => Member::Value,
                            (_, at) => at,
                        }
                    }
                    // (A second `,` with no value after the first names the same element.)
                    Some(Frame::Array { index, inside }) if b == b',' && !*inside => {
                        *index += 1;
                        *inside = true;
                    }
                    _ => {}
                }
                // A reader that stops at a `:` or an array's `,` was looking at the value after it.
                if i == offset {
                    return path(bytes, &stack, false);
                }
                i += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {
                if i == offset {
                    let before_first = matches!(
                        stack.last(),
                        Some(Frame::Array {
                            index: 0,
                            inside: true
                        })
                    );
                    return path(bytes, &stack, before_first && rejected_here(i));
                }
                i += 1;
            }
            _ => {
                let end = if b == b'"' {
                    string_end(bytes, i).unwrap_or(bytes.len())
                } else {
                    scalar_end(bytes, i)
                };
                if let Some(Frame::Object { key, at }) = stack.last_mut() {
                    if *at == Member::Name && b == b'"' {
                        // A member name: its bytes belong to the object.
                        if (i..end).contains(&offset) {
                            return path(bytes, &stack, false);
                        }
                        *key = (i, end);
                        *at = Member::Colon;
                        i = end;
                        continue;
                    }
                }
                if (i..end).contains(&offset) {
                    return path(bytes, &stack, false);
                }
                if let Some(top) = stack.last_mut() {
                    top.value_ended();
                }
                i = end;
            }
        }
    }
    path(bytes, &stack, false)
}

/// The end (exclusive) of the string starting with the `"` at `start`: just after its closing
/// quote; `None` when the text ends first.
pub(crate) fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while let Some(found) = memchr::memchr2(b'"', b'\\', &bytes[i.min(bytes.len())..]) {
        let at = i + found;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        i = at + 2;
    }
    None
}

/// The end (exclusive) of a number or literal starting at `start` (what the reader reads of one:
/// letters, digits, signs and points; any other byte is a token of its own).
fn scalar_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
        .map_or(bytes.len(), |n| start + n)
        .max(start + 1)
}

/// The location the stack names; `closing` leaves out the innermost frame's own member or element
/// (its closing bracket belongs to the container).
fn path(bytes: &[u8], stack: &[Frame], closing: bool) -> Location {
    let mut loc = Location::root();
    let named = if closing {
        stack.len().saturating_sub(1)
    } else {
        stack.len()
    };
    for frame in &stack[..named] {
        if !frame.inside() {
            break;
        }
        match frame {
            Frame::Object { key, .. } => loc.push_key(&member_name(&bytes[key.0..key.1])),
            Frame::Array { index, .. } => loc.push_index(*index),
        }
    }
    loc
}

/// A member name's text (quotes included) as the name it spells.
fn member_name(raw: &[u8]) -> String {
    // Read from a `str` (the reader every payload is decoded with), not a byte slice: one more
    // reader type would compile serde_json's parser once more.
    let parsed = std::str::from_utf8(raw)
        .ok()
        .and_then(|text| serde_json::from_str::<String>(text).ok());
    match parsed {
        Some(name) => name,
        // Not JSON (bytes that are not UTF-8, a broken escape): the bytes between the quotes.
        None => {
            let inner = raw.strip_prefix(b"\"").unwrap_or(raw);
            let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
            String::from_utf8_lossy(inner).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pointer of the value holding the byte just after the marker `|` (the marker removed).
    fn at(marked: &str) -> String {
        let offset = marked.find('|').unwrap();
        let text = marked.replacen('|', "", 1);
        location_at(text.as_bytes(), offset, false).pointer
    }

    #[test]
    fn names_the_value_a_byte_belongs_to() {
        assert_eq!(at(r#"{"a": |1}"#), "/a");
        assert_eq!(at(r#"{"a": 12|3}"#), "/a");
        assert_eq!(at(r#"{"a": "x|"}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": [1, |true]}}"#), "/a/b/1");
        assert_eq!(at(r#"{"a": {"b": [1, true]|}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": [1, true]}|}"#), "");
        assert_eq!(at(r#"{"a": |{"b": 1}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": 1|}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": 1}, "c": [1, |2]}"#), "/c/1");
        assert_eq!(at(r#"{"a": {"b": 1}, "c": [1, 2|]}"#), "/c");
        assert_eq!(at(r#"{"a": {"b": 1}, "c": [1, 2]|}"#), "");
    }

    /// serde_json reports a value of the wrong shape at the byte before it (it looked at the value
    /// without reading it): the `:` of a member, the `[` or `,` before an element, or whitespace.
    #[test]
    fn the_byte_before_a_value_names_the_value() {
        assert_eq!(at(r#"{"a"|:[1]}"#), "/a");
        assert_eq!(at(r#"{"a":| [1]}"#), "/a");
        // A reader that stopped at `[` was looking at the first element (a reader that rejects
        // the array itself stops before it).
        assert_eq!(at(r#"{"a":|[1]}"#), "/a/0");
        assert_eq!(at(r#"{"a":[1],"b"|:{}}"#), "/b");
        assert_eq!(at(r#"[|{}]"#), "/0");
        assert_eq!(at(r#"[{}|,{}]"#), "/1");
        assert_eq!(at(r#"[{},| {}]"#), "/1");
        assert_eq!(at(r#"[{}, |{}]"#), "/1");
    }

    /// A reader that read a `[` and rejected the array stops at the same byte as one that looked
    /// at the first element and rejected it: the error's wording tells them apart.
    #[test]
    fn an_array_rejected_whole_is_named_itself() {
        for text in [r#"{"a": ["x"]}"#, "{\"a\": [\n  \"x\"]}"] {
            let offset = text.rfind('x').unwrap() - 2;
            let at = |rejected| location_at(text.as_bytes(), offset, rejected).pointer;
            assert_eq!(
                (at(true), at(false)),
                ("/a".into(), "/a/0".into()),
                "{text:?}"
            );
        }
        // An array whose first element is an array: the element is named.
        assert_eq!(location_at(br#"{"a": [[1]]}"#, 6, true).pointer, "/a/0");
    }

    #[test]
    fn member_names_and_separators_belong_to_the_object() {
        assert_eq!(at(r#"{"a": {"b|": 1}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b" |1}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": 1|,}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": 1 |2}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b": 1,|}}"#), "/a");
        assert_eq!(at(r#"{"a": {"b":| }}"#), "/a/b");
        assert_eq!(at(r#"[1, 2, |, 3]"#), "/2");
        assert_eq!(at(r#"[1, 2|]"#), "");
        assert_eq!(at(r#"[1, 2]| x"#), "");
    }

    /// Bytes after a number that no number holds are not the number's.
    #[test]
    fn junk_after_a_value_belongs_to_the_object() {
        assert_eq!(at(r#"{"a": {"id": 321|****}}"#), "/a");
        assert_eq!(at(r#"{"a": {"id": 3|21****}}"#), "/a/id");
        assert_eq!(at(r#"[-1.5e+3|*]"#), "");
    }

    #[test]
    fn escapes_in_names_and_strings() {
        assert_eq!(at(r#"{"a\"/~": {"b\\": "x\"]}|"}}"#), "/a\"~1~0/b\\");
        assert_eq!(at(r#"{"\u00e9": [|1]}"#), "/\u{e9}/0");
        // A name that is not valid JSON is named by its bytes.
        assert_eq!(at(r#"{"a\q": |1}"#), "/a\\q");
    }

    #[test]
    fn offsets_past_the_text_or_unterminated_values() {
        assert_eq!(at(r#"{"a": [1, "x|y"#), "/a/1");
        assert_eq!(location_at(br#"{"a": [1"#, 100, false).pointer, "/a");
        assert_eq!(location_at(b"", 0, false).pointer, "");
    }

    #[test]
    fn error_offsets_name_the_byte_serde_json_stopped_at() {
        let cases: &[(&str, u8)] = &[
            ("{\"a\": 1,\n \"b\": tru }", b' '),
            ("[1, 2,\n\n  x]", b'x'),
            ("{\"a\": 1}\n  x", b'x'),
        ];
        for (text, byte) in cases {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let offset = error_offset(text.as_bytes(), &e).unwrap();
            assert_eq!(text.as_bytes()[offset], *byte, "{text:?}: {e}");
        }
    }
}
