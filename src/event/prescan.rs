//! A byte-level pre-scan that picks a payload's kind without parsing it, for
//! [`Event::from_slice`](crate::Event::from_slice).
//!
//! [`detect`](super::detect::detect) reads the whole payload into a [`Shape`] before it decides;
//! that read costs about as much as the typed decode that follows. This scan builds the same
//! `Shape` from the raw bytes, skipping nested values by bracket matching, and feeds it to the same rules (`classify_object`, `classify_element`), so the rule table
//! stays in one place. It stops as soon as the rest of the payload cannot change the answer:
//!
//! - a top-level array: after its first element (the rules read nothing else);
//! - `{"events": [{...}]}`: after the first record (the rules read nothing else), or inside it as
//!   soon as it has `oss` or `eventSource: "acs:oss"` (the first rule, which nothing can undo);
//! - a CloudEvent (`specversion`, `source` and `type` seen): when the rest of the bytes hold none
//!   of the names of the members that outrank the CloudEvents rule (`events`, `eventSource`,
//!   `eventSourceARN`, `records`, `responseContext`) nor `\u` (the only escape that could spell them),
//!   and `responseContext` was not among the members already read (a `requestContext` after it
//!   would complete the destination rule).
//!
//! The scan checks nothing else about the bytes: it answers `None` (use `detect`) on anything it
//! does not understand (escapes in member names or in the compared strings, a top-level array of
//! strings, malformed structure), and its answer is trusted only when the typed decode of that kind
//! then succeeds, which proves the bytes are JSON and that the members the scan skipped were not
//! duplicates of the ones it compared (every model rejects duplicate members). Otherwise
//! `from_slice` falls back to `detect`, so its answer and its errors are the same as before.

use std::sync::OnceLock;

use super::detect::{classify_element, classify_object, is_cloudevent, Shape};
use crate::wire::kind::TriggerKind;

/// The kind of a JSON object or array payload, when the scan can tell; `None` otherwise.
pub(crate) fn prescan(bytes: &[u8]) -> Option<TriggerKind> {
    let mut s = Scan { b: bytes, i: 0 };
    s.ws();
    match s.peek()? {
        b'{' => {
            s.i += 1;
            s.top_object()
        }
        b'[' => {
            s.i += 1;
            s.ws();
            if s.peek()? != b'{' {
                return None;
            }
            s.i += 1;
            let mut shape = Shape::default();
            match s.object(&mut shape, Stop::CloudEvent)? {
                Done::Early(kind) => Some(kind),
                Done::End => classify_element(&shape),
            }
        }
        _ => None,
    }
}

/// When an object scan may stop before the object's end.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    /// The first record of `events`: once it is OSS.
    Oss,
    /// An array element: once it is a CloudEvent with `source` and `type`.
    CloudEvent,
}

enum Done {
    /// The object was read to its end.
    End,
    /// The kind is decided; the scan stopped inside the object.
    Early(TriggerKind),
}

pub(crate) struct Scan<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) i: usize,
}

/// A member name or string value as it appears in the bytes; `None` when it holds an escape.
pub(crate) type RawStr<'a> = Option<&'a [u8]>;

impl<'a> Scan<'a> {
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    pub(crate) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Expects `byte` after white space.
    pub(crate) fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.peek()? == byte).then(|| self.i += 1)
    }

    /// Reads a string whose opening quote is at `self.i`.
    #[inline]
    pub(crate) fn string(&mut self) -> Option<RawStr<'a>> {
        let b = self.b;
        let start = self.i + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            i = crate::wire::scan::string_stop(b, i)?;
            match b[i] {
                b'"' => {
                    self.i = i + 1;
                    return Some((!escaped).then(|| &b[start..i]));
                }
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                // A control byte (the typed decode refuses it).
                _ => i += 1,
            }
        }
    }

    /// Skips one value of any kind (not checking it: the typed decode does).
    pub(crate) fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => self.skip_nested(),
            _ => {
                while !matches!(
                    self.peek()?,
                    b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                ) {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    /// Skips an object or array whose opening bracket is at `self.i`.
    fn skip_nested(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            let &byte = self.b.get(self.i)?;
            if !STRUCTURAL[usize::from(byte)] {
                self.i += 1;
                continue;
            }
            match byte {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                _ => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return Some(());
                    }
                }
            }
            self.i += 1;
        }
    }

    /// A string member value as `Shape` keeps it: the text of a string, `None` for any other
    /// value. The outer `None` gives up (an escape, or malformed input).
    fn maybe_str(&mut self) -> Option<Option<std::borrow::Cow<'static, str>>> {
        self.ws();
        if self.peek()? == b'"' {
            let raw = self.string()??;
            Some(Some(std::borrow::Cow::Owned(
                std::str::from_utf8(raw).ok()?.to_owned(),
            )))
        } else {
            self.skip_value().map(|()| None)
        }
    }

    /// Reads a member name (after white space) and its colon; `None` on anything else, or when
    /// the name holds an escape.
    pub(crate) fn member_name(&mut self) -> Option<&'a [u8]> {
        self.ws();
        if self.peek()? != b'"' {
            return None;
        }
        let key = self.string()??;
        self.eat(b':')?;
        Some(key)
    }

    /// Reads into `shape` the value of a member the rules compare (`type`, `source`,
    /// `eventSource`): `Some(true)`; `Some(false)` for any other member, whose value is not read.
    fn compared_value(&mut self, key: &[u8], shape: &mut Shape) -> Option<bool> {
        let slot = match key {
            b"type" => &mut shape.ty,
            b"source" => &mut shape.source,
            b"eventSource" => &mut shape.event_source,
            _ => return Some(false),
        };
        *slot = self.maybe_str()?;
        Some(true)
    }

    /// Reads the members of an object whose `{` was consumed into `shape`, as
    /// `detect::ShapeVisitor` does.
    fn object(&mut self, shape: &mut Shape, stop: Stop) -> Option<Done> {
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(Done::End);
        }
        loop {
            let key = self.member_name()?;
            if !self.compared_value(key, shape)? {
                self.skip_value()?;
            }
            shape.record(key);
            match stop {
                Stop::Oss => {
                    if shape.has("oss") || shape.event_source.as_deref() == Some("acs:oss") {
                        return Some(Done::Early(TriggerKind::Oss));
                    }
                }
                Stop::CloudEvent => {
                    if let Some(kind) = settled_cloudevent(shape) {
                        return Some(Done::Early(kind));
                    }
                }
            }
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(Done::End);
                }
                _ => return None,
            }
        }
    }

    /// The top-level object, whose `{` was consumed.
    fn top_object(&mut self) -> Option<TriggerKind> {
        let mut shape = Shape::default();
        self.ws();
        if self.peek()? == b'}' {
            return classify_object(&shape);
        }
        loop {
            let key = self.member_name()?;
            match key {
                _ if self.compared_value(key, &mut shape)? => {}
                b"events" => {
                    // With an object first in `events`, the rules read only that object.
                    if let Some(kind) = self.events()? {
                        return kind;
                    }
                }
                _ => self.skip_value()?,
            }
            shape.record(key);
            // With `responseContext` read, a `requestContext` later would complete the destination
            // rule: the finders do not look for it, so such an object is read to its end.
            if settled_cloudevent(&shape).is_some()
                && !shape.has("responseContext")
                && !may_hold_events(&self.b[self.i..])
            {
                return classify_object(&shape);
            }
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => return classify_object(&shape),
                _ => return None,
            }
        }
    }

    /// The value of a top-level `events`: `Some(answer)` when its first element is an object
    /// (which alone decides), `None` after skipping any other value.
    fn events(&mut self) -> Option<Option<Option<TriggerKind>>> {
        self.ws();
        if self.peek()? != b'[' {
            return self.skip_value().map(|()| None);
        }
        let open = self.i;
        self.i += 1;
        self.ws();
        if self.peek()? != b'{' {
            self.i = open;
            return self.skip_value().map(|()| None);
        }
        self.i += 1;
        let mut first = Shape::default();
        let kind = match self.object(&mut first, Stop::Oss)? {
            Done::Early(kind) => Some(kind),
            Done::End => {
                let mut top = Shape::default();
                top.first_event = Some(Box::new(first));
                classify_object(&top)
            }
        };
        Some(Some(kind))
    }
}

/// The kind of a CloudEvent whose kind no later member can change (other than a top-level
/// `events`, which the caller rules out): it is a CloudEvent and its `source` and `type` (a
/// string) were read.
fn settled_cloudevent(s: &Shape) -> Option<TriggerKind> {
    let seen = s.has("source") && s.ty.is_some();
    (seen && is_cloudevent(s)).then(|| super::detect::cloudevent_kind(s))
}

/// Whether `rest` could hold a member that outranks the CloudEvents rule: `events`, `eventSource`
/// or `eventSourceARN` (all three start `"event`), `records` (with `eventSourceARN`, DataHub),
/// `responseContext` (the destination rule needs it), or a `\u` escape (the only escape that can
/// spell a letter of them).
fn may_hold_events(rest: &[u8]) -> bool {
    use memchr::memmem::Finder;
    static FINDERS: OnceLock<[Finder<'static>; 4]> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        [
            Finder::new(b"\"event").into_owned(),
            Finder::new(b"\"records\"").into_owned(),
            Finder::new(b"\"responseContext\"").into_owned(),
            Finder::new(b"\\u").into_owned(),
        ]
    });
    finders.iter().any(|f| f.find(rest).is_some())
}

/// The bytes that open or close a nested value, or a string.
static STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t
};
