//! Source positions of faults: where in the input bytes the value a JSON Pointer names begins.
//!
//! Positions are computed on demand from the input and the pointers, so that valid payloads (the
//! common case) never pay for them. One pass over the bytes for all the pointers of a payload: O(n).
//! A syntax fault is placed where the JSON decoder stopped, its line and column kept on the fault.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::validate::{code, Fault};

/// Where a value begins in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Position {
    /// In JSON text: 1-based line and column (columns count characters, a tab counts one) and the
    /// 0-based byte offset.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// 0-based byte offset.
        offset: usize,
    },
    /// In CBOR: the 0-based byte offset of the item's head.
    Cbor {
        /// 0-based byte offset.
        offset: usize,
    },
}

impl Position {
    /// The 0-based byte offset.
    pub fn offset(&self) -> usize {
        match *self {
            Position::Json { offset, .. } | Position::Cbor { offset } => offset,
        }
    }
}

/// The position of the value `pointer` (RFC 6901) names in `bytes`, a JSON text or a CBOR item.
///
/// When the pointer leads to a member or element that is missing (a `required` fault names where
/// the member should be) or into a value that is not an object or array (JSON carried inside a
/// string), the position of the deepest value found on the way is returned. `None` when the bytes
/// are neither JSON nor CBOR (raw text bodies) or are malformed before any value asked for.
/// A UTF-8 byte order mark at the start is skipped (offsets still count it).
///
/// ```
/// use fc_events::validate::{locate, Position};
///
/// let json = b"{\n  \"a\": [1,\n    {\"b\": true}]\n}";
/// assert_eq!(
///     locate(json, "/a/1/b"),
///     Some(Position::Json { line: 3, column: 11, offset: 23 })
/// );
/// ```
pub fn locate(bytes: &[u8], pointer: &str) -> Option<Position> {
    locate_all(bytes, &[pointer]).pop().flatten()
}

/// [`locate`] for several pointers at once, in one pass over the bytes: O(n) in the input plus the
/// pointers' lengths, however many pointers there are. The positions come back in their order.
pub fn locate_all(bytes: &[u8], pointers: &[&str]) -> Vec<Option<Position>> {
    let (form, offsets) = locate_offsets(bytes, pointers);
    positions_of(bytes, form, &offsets)
}

/// The position of each fault in `bytes` (the input the faults were found in), in the faults'
/// order, in one pass over the bytes.
///
/// A fault is placed where the value its pointer names begins ([`locate_all`]), except a `syntax`
/// fault the JSON decoder placed ([`Fault::line`], [`Fault::column`]): the text is malformed there,
/// so its pointer names at most where the decoder was, and the decoder's line and column are its
/// position. Another fault the decoder placed whose pointer leads nowhere in `bytes` is placed by
/// the decoder too. The decoder's place is read in the bytes as given, after a UTF-8 byte order
/// mark (which offsets count), so `bytes` must be the text that was decoded, with or without one.
///
/// ```
/// use fc_events::validate::{locate_faults, validate_slice, Position};
///
/// let json = b"{\n  \"triggerTime\": \"yesterday\",\n}";
/// let report = validate_slice(None, json);
/// // The trailing comma: the decoder stopped at the `}` on line 3.
/// assert_eq!(report.faults[0].code, "syntax");
/// assert_eq!(
///     locate_faults(json, &report.faults),
///     vec![Some(Position::Json { line: 3, column: 1, offset: 32 })]
/// );
/// ```
pub fn locate_faults(bytes: &[u8], faults: &[Fault]) -> Vec<Option<Position>> {
    let by_decoder = |f: &Fault| f.code == code::SYNTAX && f.decoder_place().is_some();
    let pointers: Vec<&str> = faults
        .iter()
        .filter(|f| !by_decoder(f))
        .map(|f| f.pointer.as_str())
        .collect();
    let (form, located) = locate_offsets(bytes, &pointers);
    let mut located = located.into_iter();
    let mut offsets = Vec::with_capacity(faults.len());
    let mut places = Vec::new();
    for (i, f) in faults.iter().enumerate() {
        let offset = if by_decoder(f) {
            None
        } else {
            located.next().flatten()
        };
        if let (None, Some((line, column))) = (offset, f.decoder_place()) {
            places.push((line, column, i));
        }
        offsets.push(offset);
    }
    for (i, offset) in place_offsets(bytes, places) {
        offsets[i] = offset;
    }
    positions_of(bytes, form, &offsets)
}

/// What the bytes hold, as far as locating goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// JSON text (or anything else: placed as text).
    Text,
    /// A CBOR item: byte offsets only.
    Cbor,
}

/// The byte offset of the value each pointer names (or of its nearest ancestor found), in one pass.
fn locate_offsets(bytes: &[u8], pointers: &[&str]) -> (Form, Vec<Option<usize>>) {
    let bom = bom_len(bytes);
    let body = &bytes[bom..];
    let none = || vec![None; pointers.len()];
    if pointers.is_empty() {
        return (Form::Text, Vec::new());
    }
    let Some(first) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
        return (Form::Text, none());
    };
    // Every pointer and each of its ancestors: a missing value falls back to the nearest one found.
    let mut wanted: HashSet<&str> = HashSet::new();
    for p in pointers {
        let mut p = *p;
        loop {
            if !wanted.insert(p) {
                break;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
    }
    let is_json = matches!(
        body[first],
        b'{' | b'[' | b'"' | b'-' | b't' | b'f' | b'n' | b'0'..=b'9'
    );
    let mut found = HashMap::new();
    let form = if is_json {
        json::walk(body, first, &wanted, &mut found);
        Form::Text
    } else if cfg!(feature = "cbor") && first == 0 && (0x80..=0xdf).contains(&body[0]) {
        // A CBOR array, map or tag (a payload is never a bare scalar). Without the CBOR codec no
        // payload is CBOR, and nothing is placed in one.
        #[cfg(feature = "cbor")]
        cbor::walk(body, &wanted, &mut found);
        Form::Cbor
    } else {
        return (Form::Text, none());
    };
    let offsets = pointers
        .iter()
        .map(|p| {
            let mut p = *p;
            loop {
                if let Some(&o) = found.get(p) {
                    return Some(bom + o);
                }
                p = &p[..p.rfind('/')?];
            }
        })
        .collect();
    (form, offsets)
}

/// Positions from byte offsets: line and column in text, offsets alone in CBOR.
fn positions_of(bytes: &[u8], form: Form, offsets: &[Option<usize>]) -> Vec<Option<Position>> {
    match form {
        Form::Text => json_positions(bytes, offsets),
        Form::Cbor => offsets
            .iter()
            .map(|o| o.map(|offset| Position::Cbor { offset }))
            .collect(),
    }
}

/// The byte offset of each decoder place `(line, column in bytes, index)`, in one sweep over the
/// bytes up to the last line asked for; `(index, offset)` pairs, `None` for a line the bytes do not
/// have. A column past the end of its line is cut to the line's end.
fn place_offsets(
    bytes: &[u8],
    mut places: Vec<(usize, usize, usize)>,
) -> Vec<(usize, Option<usize>)> {
    places.sort_unstable();
    let bom = bom_len(bytes);
    // The current line: its number, where it starts and (once asked) where it ends.
    let (mut line, mut start, mut end) = (1, bom, None);
    let mut out = Vec::with_capacity(places.len());
    for (want, column, i) in places {
        while line < want {
            match newline(&bytes[start..]) {
                Some(n) => {
                    start += n + 1;
                    line += 1;
                    end = None;
                }
                None => break,
            }
        }
        if line != want {
            out.push((i, None));
            continue;
        }
        let end =
            *end.get_or_insert_with(|| newline(&bytes[start..]).map_or(bytes.len(), |n| start + n));
        out.push((i, Some((start + column.saturating_sub(1)).min(end))));
    }
    out
}

fn newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Line and column of each offset, in one sweep over the bytes up to the last one.
fn json_positions(bytes: &[u8], offsets: &[Option<usize>]) -> Vec<Option<Position>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.map(|o| (o, i)))
        .collect();
    order.sort_unstable();
    let mut out = vec![None; offsets.len()];
    let (mut at, mut line, mut column) = (bom_len(bytes), 1, 1);
    for (offset, i) in order {
        while at < offset.min(bytes.len()) {
            match bytes[at] {
                b'\n' => {
                    line += 1;
                    column = 1;
                }
                b if b & 0xC0 == 0x80 => {}
                _ => column += 1,
            }
            at += 1;
        }
        out[i] = Some(Position::Json {
            line,
            column,
            offset,
        });
    }
    out
}

/// Appends one reference token to a pointer, escaped as RFC 6901 says.
fn push_token(path: &mut String, token: &str) {
    path.push('/');
    if token.contains(['~', '/']) {
        path.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        path.push_str(token);
    }
}

mod json {
    use std::collections::{HashMap, HashSet};

    use crate::wire::locate::string_end;

    /// Walks the JSON text from the value at `at`, recording the offset of every wanted pointer.
    /// Iterative (nesting costs no stack); stops quietly at malformed text.
    pub(super) fn walk(
        b: &[u8],
        at: usize,
        wanted: &HashSet<&str>,
        found: &mut HashMap<String, usize>,
    ) {
        let _ = walk_inner(b, at, wanted, found);
    }

    fn walk_inner(
        b: &[u8],
        mut i: usize,
        wanted: &HashSet<&str>,
        found: &mut HashMap<String, usize>,
    ) -> Option<()> {
        let mut path = String::new();
        // Open containers: (is an object, length of its pointer, index of the current element).
        let mut stack: Vec<(bool, usize, usize)> = Vec::new();
        loop {
            // `i` is the start of a value whose pointer is `path`.
            if wanted.contains(path.as_str()) {
                found.entry(path.clone()).or_insert(i);
                if found.len() == wanted.len() {
                    return Some(());
                }
            }
            let mut value_done = true;
            match *b.get(i)? {
                b'{' => {
                    stack.push((true, path.len(), 0));
                    i = ws(b, i + 1);
                    if b.get(i) == Some(&b'}') {
                        i += 1;
                        stack.pop();
                    } else {
                        i = member(b, i, &mut path)?;
                        value_done = false;
                    }
                }
                b'[' => {
                    stack.push((false, path.len(), 0));
                    i = ws(b, i + 1);
                    if b.get(i) == Some(&b']') {
                        i += 1;
                        stack.pop();
                    } else {
                        path.push_str("/0");
                        value_done = false;
                    }
                }
                b'"' => i = string_end(b, i)?,
                _ => {
                    while i < b.len()
                        && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                    {
                        i += 1;
                    }
                }
            }
            if !value_done {
                continue;
            }
            // After a value: close containers until one has a next element.
            loop {
                let top = stack.last_mut()?;
                path.truncate(top.1);
                i = ws(b, i);
                match *b.get(i)? {
                    b',' => {
                        i = ws(b, i + 1);
                        if top.0 {
                            i = member(b, i, &mut path)?;
                        } else {
                            top.2 += 1;
                            path.push('/');
                            path.push_str(itoa::Buffer::new().format(top.2));
                        }
                        break;
                    }
                    b'}' | b']' => {
                        i += 1;
                        stack.pop();
                        if stack.is_empty() {
                            return Some(());
                        }
                    }
                    _ => return None,
                }
            }
        }
    }

    /// Reads `"key":` at `i` and appends the key to `path`; the offset of the member's value.
    fn member(b: &[u8], i: usize, path: &mut String) -> Option<usize> {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let end = string_end(b, i)?;
        let raw = &b[i..end];
        let inner = &raw[1..raw.len() - 1];
        if inner.contains(&b'\\') {
            let key: String = serde_json::from_str(std::str::from_utf8(raw).ok()?).ok()?;
            super::push_token(path, &key);
        } else {
            super::push_token(path, std::str::from_utf8(inner).ok()?);
        }
        let j = ws(b, end);
        if b.get(j) != Some(&b':') {
            return None;
        }
        Some(ws(b, j + 1))
    }

    fn ws(b: &[u8], mut i: usize) -> usize {
        while b
            .get(i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
        }
        i
    }
}

#[cfg(feature = "cbor")]
mod cbor {
    use std::collections::{HashMap, HashSet};

    /// Walks the CBOR item, recording the offset of every wanted pointer (tags are skipped: the
    /// offset is the tagged item's). Iterative; stops quietly at malformed bytes.
    pub(super) fn walk(b: &[u8], wanted: &HashSet<&str>, found: &mut HashMap<String, usize>) {
        let _ = walk_inner(b, wanted, found);
    }

    enum Level {
        /// An array: elements left (`None`: until a break) and the index of the next element.
        Array(Option<u64>, u64),
        /// A map: pairs left (`None`: until a break).
        Map(Option<u64>),
        /// A string of indefinite length: chunks until a break.
        Chunks,
    }

    fn walk_inner(
        b: &[u8],
        wanted: &HashSet<&str>,
        found: &mut HashMap<String, usize>,
    ) -> Option<()> {
        let mut path = String::new();
        let mut stack: Vec<(Level, usize)> = Vec::new();
        let mut i = 0usize;
        loop {
            // `i` starts an item (maybe tagged) whose pointer is `path`, or a string chunk.
            let in_chunks = matches!(stack.last(), Some((Level::Chunks, _)));
            let item = if in_chunks { i } else { skip_tags(b, i)? };
            if !in_chunks && wanted.contains(path.as_str()) {
                found.entry(path.clone()).or_insert(item);
                if found.len() == wanted.len() {
                    return Some(());
                }
            }
            let (major, arg, next) = head(b, item)?;
            i = next;
            match (major, arg) {
                (2 | 3, Some(len)) => i = i.checked_add(usize::try_from(len).ok()?)?,
                (2 | 3, None) => stack.push((Level::Chunks, path.len())),
                (4, len) => stack.push((Level::Array(len, 0), path.len())),
                (5, len) => stack.push((Level::Map(len), path.len())),
                (0 | 1 | 7, _) => {}
                _ => return None,
            }
            if i > b.len() {
                return None;
            }
            // The next item to visit, closing finished levels.
            loop {
                let (level, len) = stack.last_mut()?;
                path.truncate(*len);
                let at_break = b.get(i) == Some(&0xff);
                let left = match level {
                    Level::Chunks => {
                        if at_break {
                            i += 1;
                            stack.pop();
                            if stack.is_empty() {
                                return Some(());
                            }
                            continue;
                        }
                        break;
                    }
                    Level::Array(left, _) | Level::Map(left) => left,
                };
                let done = match left {
                    Some(0) => true,
                    Some(n) => {
                        *n -= 1;
                        false
                    }
                    None => at_break,
                };
                if done {
                    if left.is_none() {
                        i += 1;
                    }
                    stack.pop();
                    if stack.is_empty() {
                        return Some(());
                    }
                    continue;
                }
                match level {
                    Level::Array(_, index) => {
                        path.push('/');
                        path.push_str(itoa::Buffer::new().format(*index));
                        *index += 1;
                    }
                    _ => {
                        // The key names the member: a text string, or a number.
                        let key_at = skip_tags(b, i)?;
                        let key = match head(b, key_at)? {
                            (3, Some(n), start) => {
                                let end = start.checked_add(usize::try_from(n).ok()?)?;
                                String::from_utf8_lossy(b.get(start..end)?).into_owned()
                            }
                            (0, Some(n), _) => n.to_string(),
                            _ => String::new(),
                        };
                        i = skip(b, i)?;
                        super::push_token(&mut path, &key);
                    }
                }
                break;
            }
        }
    }

    fn skip_tags(b: &[u8], mut i: usize) -> Option<usize> {
        while let (6, _, next) = head(b, i)? {
            i = next;
        }
        Some(i)
    }

    /// The major type, the argument (`None` for indefinite length) and the offset after the head.
    fn head(b: &[u8], i: usize) -> Option<(u8, Option<u64>, usize)> {
        let first = *b.get(i)?;
        let major = first >> 5;
        let info = first & 0x1f;
        let bytes = |n: usize| b.get(i + 1..i + 1 + n);
        let (arg, len) = match info {
            0..=23 => (Some(u64::from(info)), 0),
            24 => (Some(u64::from(*b.get(i + 1)?)), 1),
            25 => (
                Some(u64::from(u16::from_be_bytes(bytes(2)?.try_into().ok()?))),
                2,
            ),
            26 => (
                Some(u64::from(u32::from_be_bytes(bytes(4)?.try_into().ok()?))),
                4,
            ),
            27 => (Some(u64::from_be_bytes(bytes(8)?.try_into().ok()?)), 8),
            31 if matches!(major, 2..=5) => (None, 0),
            _ => return None,
        };
        Some((major, arg, i + 1 + len))
    }

    /// The offset after the item at `i` (a map key: usually a short text string). Iterative.
    fn skip(b: &[u8], mut i: usize) -> Option<usize> {
        // Items still to skip at each open level: `Some(n)`, or `None` until a break byte.
        let mut pending: Vec<Option<u64>> = vec![Some(1)];
        while let Some(top) = pending.last_mut() {
            match top {
                Some(0) => {
                    pending.pop();
                    continue;
                }
                Some(n) => *n -= 1,
                None => {
                    if *b.get(i)? == 0xff {
                        i += 1;
                        pending.pop();
                        continue;
                    }
                }
            }
            let (major, arg, next) = head(b, i)?;
            i = next;
            match (major, arg) {
                (0 | 1 | 7, _) => {}
                (2 | 3, Some(len)) => i = i.checked_add(usize::try_from(len).ok()?)?,
                (4, Some(len)) => pending.push(Some(len)),
                (5, Some(len)) => pending.push(Some(len.checked_mul(2)?)),
                (2..=5, None) => pending.push(None),
                (6, _) => pending.push(Some(1)),
                _ => return None,
            }
            if i > b.len() {
                return None;
            }
        }
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::Fault;

    fn at(line: usize, column: usize, offset: usize) -> Option<Position> {
        Some(Position::Json {
            line,
            column,
            offset,
        })
    }

    #[test]
    fn json_values_members_and_elements() {
        let j = "{\"a\": {\"x~y/z\": [10, {\"\\u0062\": \"é\", \"c\": 2}]}}".as_bytes();
        assert_eq!(locate(j, ""), at(1, 1, 0));
        assert_eq!(locate(j, "/a"), at(1, 7, 6));
        assert_eq!(locate(j, "/a/x~0y~1z/0"), at(1, 18, 17));
        assert_eq!(locate(j, "/a/x~0y~1z/1/b"), at(1, 33, 32));
        // After a two-byte character, columns count characters, offsets bytes.
        assert_eq!(locate(j, "/a/x~0y~1z/1/c"), at(1, 43, 43));
    }

    #[test]
    fn missing_members_point_at_the_enclosing_value() {
        let j = b"{\n  \"a\": {\"b\": 1}\n}";
        assert_eq!(locate(j, "/a/missing"), at(2, 8, 9));
        assert_eq!(locate(j, "/a/b/deeper"), at(2, 14, 15));
        assert_eq!(locate(b"[1, 2]", "/5"), at(1, 1, 0));
    }

    #[test]
    fn several_pointers_in_one_pass_come_back_in_order() {
        let j = b"[{\"k\": 1},\n {\"k\": 2}]";
        assert_eq!(
            locate_all(j, &["/1/k", "/0/k", "/9"]),
            vec![at(2, 8, 18), at(1, 8, 7), at(1, 1, 0)]
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_but_counted_in_offsets() {
        assert_eq!(locate(b"\xEF\xBB\xBF{\"a\": 1}", "/a"), at(1, 7, 9));
    }

    #[test]
    fn raw_text_has_no_position() {
        assert_eq!(locate(b"hello world", "/x"), None);
        assert_eq!(locate(b"", ""), None);
    }

    #[test]
    #[cfg(feature = "cbor")]
    fn cbor_offsets() {
        // {"a": [1, {"b": h'00'}], "c": 2} in CBOR.
        let c = [
            0xa2, 0x61, b'a', 0x82, 0x01, 0xa1, 0x61, b'b', 0x41, 0x00, 0x61, b'c', 0x02,
        ];
        let cb = |offset| Some(Position::Cbor { offset });
        assert_eq!(locate(&c, ""), cb(0));
        assert_eq!(locate(&c, "/a/1/b"), cb(8));
        assert_eq!(locate(&c, "/c"), cb(12));
        assert_eq!(locate(&c, "/missing"), cb(0));
        // Behind the self-describe tag.
        let mut tagged = vec![0xd9, 0xd9, 0xf7];
        tagged.extend_from_slice(&c);
        assert_eq!(locate(&tagged, "/c"), cb(15));
        assert_eq!(locate(&tagged, ""), cb(3));
    }

    /// A fault as the decoder reports one: its place kept on the fault.
    fn placed(pointer: &str, code: &'static str, line: usize, column: usize) -> Fault {
        let mut f = Fault::error(pointer, code, "m");
        f.line = Some(line);
        f.column = Some(column);
        f
    }

    #[test]
    fn a_syntax_fault_is_placed_where_the_decoder_stopped() {
        // The decoder stopped at the `}` after the trailing comma; the pointer names only the root.
        let j = b"{\n  \"a\": 1,\n}";
        let got = locate_faults(j, &[placed("", code::SYNTAX, 3, 1)]);
        assert_eq!(got, vec![at(3, 1, 12)]);
        // The same fault without the decoder's place falls back to its pointer.
        assert_eq!(
            locate_faults(j, &[Fault::error("", code::SYNTAX, "m")]),
            vec![at(1, 1, 0)]
        );
        // The decoder counts bytes; a position counts characters, and offsets count a byte order
        // mark (which the decoder was not given).
        let j = "\u{FEFF}{\"é\": 1 2}".as_bytes();
        assert_eq!(
            locate_faults(j, &[placed("/é", code::SYNTAX, 1, 10)]),
            vec![at(1, 9, 12)]
        );
        // The place of one fault equals what `Fault::position` gives alone.
        let f = placed("/x", code::SYNTAX, 1, 10);
        assert_eq!(f.position(j), at(1, 9, 12));
    }

    #[test]
    fn other_decoder_faults_are_placed_by_their_pointer_while_it_leads_somewhere() {
        let j = b"{\"a\": \"x\"}";
        // A type fault: the decoder stopped after the string, the value begins before it.
        assert_eq!(
            locate_faults(j, &[placed("/a", code::TYPE, 1, 10)]),
            vec![at(1, 7, 6)]
        );
        // Text that is not JSON has no place for a pointer: the decoder's is kept.
        assert_eq!(
            locate_faults(b"xyz", &[placed("/a", code::DATA, 1, 2)]),
            vec![at(1, 2, 1)]
        );
    }

    #[test]
    fn decoder_places_outside_the_text_are_cut_or_dropped() {
        let j = b"[1,\n2";
        // A column past the end of its line is cut to the line's end (the newline here).
        assert_eq!(
            locate_faults(j, &[placed("", code::SYNTAX, 1, 99)]),
            vec![at(1, 4, 3)]
        );
        // Column 0 (nothing read on the line yet) is the line's start; a line the text does not
        // have is no position.
        assert_eq!(
            locate_faults(
                j,
                &[
                    placed("", code::SYNTAX, 2, 0),
                    placed("", code::SYNTAX, 7, 1)
                ]
            ),
            vec![at(2, 1, 4), None]
        );
        assert_eq!(
            locate_faults(b"", &[placed("", code::SYNTAX, 1, 0)]),
            vec![at(1, 1, 0)]
        );
    }

    #[test]
    fn placing_many_decoder_faults_is_linear() {
        // 100,000 lines, a decoder place on each (in reverse order): one sweep, not one per place.
        let n = 100_000;
        let text = "xy\n".repeat(n);
        let faults: Vec<Fault> = (1..=n)
            .rev()
            .map(|line| placed("", code::SYNTAX, line, 2))
            .collect();
        let got = locate_faults(text.as_bytes(), &faults);
        let want: Vec<Option<Position>> = (1..=n)
            .rev()
            .map(|line| at(line, 2, (line - 1) * 3 + 1))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn locating_many_pointers_is_linear() {
        // 100,000 elements, each with a fault: one pass, not one pass per pointer. A quadratic
        // walk would take ~10^10 steps; the guard is that this finishes and every position is right.
        let n = 100_000;
        let mut j = String::from("[");
        let mut offsets = Vec::new();
        for i in 0..n {
            if i > 0 {
                j.push(',');
            }
            j.push_str("{\"x\": \"a\\\"b\", \"y\": ");
            offsets.push(j.len());
            j.push_str("1}");
        }
        j.push(']');
        let pointers: Vec<String> = (0..n).map(|i| format!("/{i}/y")).collect();
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let got = locate_all(j.as_bytes(), &refs);
        let got: Vec<usize> = got.iter().map(|p| p.unwrap().offset()).collect();
        assert_eq!(got, offsets);
    }
}
