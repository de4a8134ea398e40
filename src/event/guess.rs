//! Detection decided inside the typed decode's own pass, for the kinds whose rules read the whole
//! top level (timer, SLS, API Gateway and HTTP requests, HTTP responses, system events, MNS topic
//! JSON, DataHub, destination records).
//!
//! For these kinds [`prescan`](super::prescan) cannot stop early: a later member could always
//! turn the payload into another kind, so it reads every top-level member before the decode reads
//! them again. Here the first member name alone picks a candidate ([`candidate`]); the payload is
//! decoded as that kind; and the decoded value, which holds every top-level member (the modelled
//! ones and, in `extra`, the rest), then shows whether the rules in [`super::detect`] give that same
//! kind ([`confirms`]). Only then is the event kept; otherwise `from_slice` goes on as if this step
//! did not exist, so its answers and errors do not change.
//!
//! What a decoded value cannot show is enumerated, and the candidate is confirmed only when every
//! possibility gives it: a modelled member without a value may have been absent or `null`; the
//! value of `type`, `source` or `eventSource` may have been a string or not (and, for `eventSource`,
//! `acs:datahub` or anything else). A value with an `events` member is never confirmed (the rules
//! read inside it). A member without a value is known to have been absent when the bytes hold no
//! `null` at all (one vectorised search).
//!
//! The decoded value is read as bits: each wire type's modelled member names are known at compile
//! time ([`Members::NAMES`]), a per-type [`Table`] built from them maps the members that hold a
//! value ([`Members::present`]) to detection bits, only the unmodelled names are looked up, and
//! the rules run on bits ([`rules`]). The work is linear in the number of members and bytes,
//! plus at most 2^[`MAX_UNSURE`] evaluations of the rules (each a few bit tests) when that many
//! are unsure.

use std::sync::OnceLock;

use super::detect::{cloudevent_kind_of, Shape};
use super::prescan::Scan;
use crate::codec::Members;
use crate::wire::any_value::Map;
use crate::wire::kind::TriggerKind;

/// At most this many modelled detection members without a value are enumerated; with more, the
/// candidate is not confirmed (and `from_slice` falls back to the pre-scan).
const MAX_UNSURE: u32 = 6;

/// At most this many top-level members (or members of the first record or element) are read
/// before a candidate is proposed; past them, `None`.
const MAX_NAMES: usize = 4;

/// The kind a JSON payload most likely is, from its first distinguishing member names: a guess
/// only, which [`Event::from_slice`](crate::Event::from_slice) then decodes and confirms (or
/// drops). `None` when nothing suggests a kind cheaply.
///
/// - an object: its member names in order (values skipped), up to [`MAX_NAMES`], until one only a
///   single kind uses (`triggerTime`, `jobName`, `httpMethod`, `statusCode`, …); `events` looks at
///   the first record (`oss` / `eventParameter` names, the `eventSource` value); a CloudEvents
///   attribute looks at the value of the first `"type"` in the bytes ([`cloudevent_guess`]);
/// - an array: the first element's first member name: `props` (MQTT), or a CloudEvents attribute.
///
/// Inlined, so the common case (a kind told by the first name) costs no call; the scan is one.
#[inline(always)]
pub(crate) fn candidate(bytes: &[u8]) -> Option<TriggerKind> {
    if let Some(kind) = first_name_kind(bytes) {
        return Some(kind);
    }
    candidate_by_scan(bytes)
}

/// [`candidate`] for the common case, an object whose first member names are short and plain:
/// each name (at most 15 bytes, no escape, 16 bytes of input after its opening quote) read as one
/// 16-byte word and compared with the words of the names only one kind uses; the values before
/// such a name skipped when they are scalars (strings without escapes). `None` for anything else
/// (a longer name, an escape, a nested value, a name of `events` or a CloudEvents attribute, no
/// such name among the first [`MAX_NAMES`]), where [`candidate_by_scan`] reads on; where this
/// gives a kind, that reading gives the same (a unit test checks it).
#[inline(always)]
fn first_name_kind(bytes: &[u8]) -> Option<TriggerKind> {
    let mut i = skip_ws(bytes, 0)?;
    if bytes[i] != b'{' {
        return None;
    }
    i = skip_ws(bytes, i + 1)?;
    let (len, word, at) = name_word_at(bytes, i)?;
    if let Some(answer) = decided_by(len, word) {
        return answer;
    }
    // An HTTP response as FC documents it: `isBase64Encoded` (a boolean), then `statusCode`.
    if cfg!(feature = "http") && word == const { name_word(b"isBase64Encoded") } {
        if let Some(kind) = flag_then_status_code(bytes, at) {
            return Some(kind);
        }
    }
    later_names_kind(bytes, at)
}

/// After a first member name: `true` or `false`, then `"statusCode":` (read as the scan reads
/// them) gives an HTTP response; `None` for anything else.
#[inline(always)]
fn flag_then_status_code(bytes: &[u8], at: usize) -> Option<TriggerKind> {
    let mut i = skip_ws(bytes, at)?;
    let rest = bytes.get(i..)?;
    i += if rest.starts_with(b"false") {
        5
    } else if rest.starts_with(b"true") {
        4
    } else {
        return None;
    };
    i = skip_ws(bytes, i)?;
    if bytes[i] != b',' {
        return None;
    }
    i = skip_ws(bytes, i + 1)?;
    if !bytes.get(i..)?.starts_with(b"\"statusCode\"") {
        return None;
    }
    i = skip_ws(bytes, i + 12)?;
    (bytes[i] == b':').then_some(TriggerKind::HttpResponse)
}

/// [`first_name_kind`] after the first name: its value skipped (a scalar), then the next names.
#[inline(never)]
fn later_names_kind(bytes: &[u8], mut i: usize) -> Option<TriggerKind> {
    for _ in 1..MAX_NAMES {
        // A scalar value, skipped as the scan skips it.
        i = skip_ws(bytes, i)?;
        match bytes[i] {
            b'"' => {
                let rest = &bytes[i + 1..];
                let end = quote_or_backslash(rest)?;
                if rest[end] != b'"' {
                    return None;
                }
                i += end + 2;
            }
            b'{' | b'[' => return None,
            _ => {
                while !matches!(
                    bytes.get(i)?,
                    b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                ) {
                    i += 1;
                }
            }
        }
        i = skip_ws(bytes, i)?;
        if bytes[i] != b',' {
            return None;
        }
        i = skip_ws(bytes, i + 1)?;
        let (len, word, at) = name_word_at(bytes, i)?;
        if let Some(answer) = decided_by(len, word) {
            return answer;
        }
        i = at;
    }
    None
}

/// The index of the first byte at or after `i` that is not white space.
#[inline(always)]
fn skip_ws(bytes: &[u8], mut i: usize) -> Option<usize> {
    while matches!(bytes.get(i)?, b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    Some(i)
}

/// The member name whose opening quote is at `i` (at most 15 bytes, no escape, 16 bytes of input
/// after the quote), and its colon: the name's length, its word ([`name_word`]) and the index
/// after the colon.
#[inline(always)]
fn name_word_at(bytes: &[u8], i: usize) -> Option<(usize, u128, usize)> {
    if *bytes.get(i)? != b'"' {
        return None;
    }
    let rest: &[u8; 16] = bytes.get(i + 1..i + 17)?.try_into().ok()?;
    let len = quote_or_backslash(rest)?;
    if rest[len] != b'"' {
        return None;
    }
    // Then its colon, as the scan requires.
    let colon = skip_ws(bytes, i + len + 2)?;
    if bytes[colon] != b':' {
        return None;
    }
    let word = u128::from_le_bytes(*rest) & ((1u128 << (8 * len)) - 1);
    Some((len, word, colon + 1))
}

/// What a name word decides: `Some(Some(kind))` a name only that kind uses, `Some(None)` a name
/// that sends the payload to the full reading, `None` (any other name) read on.
#[inline(always)]
fn decided_by(len: usize, word: u128) -> Option<Option<TriggerKind>> {
    if let Some(kind) = word_kind(len, word) {
        return Some(Some(kind));
    }
    special_word(len, word).then_some(None)
}

/// The kind of a name only one kind uses, from its length and word (see [`first_name_kind`]).
#[inline(always)]
fn word_kind(len: usize, word: u128) -> Option<TriggerKind> {
    /// Each name's kind, where that kind is compiled in.
    macro_rules! names {
        ($($feature:literal: $kind:ident = $($name:literal)|+;)*) => {{
            $(
                if cfg!(feature = $feature) && ($(word == const { name_word($name) })||+) {
                    return Some(TriggerKind::$kind);
                }
            )*
        }};
    }
    match len {
        3 => names! { "system-event": SystemEvent = b"ver"; },
        4 => names! { "apigw": ApigwRequest = b"path"; },
        6 => names! { "sls": Sls = b"taskId"; },
        7 => names! {
            "sls": Sls = b"jobName";
            "http": HttpRequest = b"rawPath" | b"version";
            "system-event": SystemEvent = b"product";
            "mns-topic": MnsTopic = b"Message";
        },
        9 => names! {
            "sls": Sls = b"parameter";
            "system-event": SystemEvent = b"eventType";
            "mns-topic": MnsTopic = b"MessageId";
            "fc-destination": FcDestination = b"timestamp";
        },
        10 => names! {
            "sls": Sls = b"cursorTime";
            "apigw": ApigwRequest = b"httpMethod";
            "http": HttpResponse = b"statusCode";
            "system-event": SystemEvent = b"resourceId";
            "mns-topic": MnsTopic = b"TopicOwner" | b"Subscriber";
        },
        11 => names! {
            "timer": Timer = b"triggerTime" | b"triggerName";
            "datahub": Datahub = b"eventSource";
        },
        14 => names! {
            "datahub": Datahub = b"eventSourceARN";
            "fc-destination": FcDestination = b"requestPayload";
        },
        15 => names! { "fc-destination": FcDestination = b"responseContext"; },
        _ => {}
    }
    None
}

/// Whether a name is `events` or a CloudEvents attribute, which the scan reads further
/// ([`name_class`]), from its length and word.
#[inline(always)]
fn special_word(len: usize, word: u128) -> bool {
    match len {
        2 => word == const { name_word(b"id") },
        4 => word == const { name_word(b"type") } || word == const { name_word(b"data") },
        6 => word == const { name_word(b"events") } || word == const { name_word(b"source") },
        7 => word == const { name_word(b"subject") },
        11 => word == const { name_word(b"specversion") },
        15 => word == const { name_word(b"datacontenttype") },
        _ => false,
    }
}

/// A name (at most 15 bytes) as [`first_name_kind`] reads it: little-endian, zero above.
const fn name_word(name: &[u8]) -> u128 {
    assert!(name.len() < 16);
    let mut word = 0u128;
    let mut i = 0;
    while i < name.len() {
        word |= (name[i] as u128) << (8 * i);
        i += 1;
    }
    word
}

/// [`candidate`] by reading member names in order (see there).
#[inline(never)]
fn candidate_by_scan(bytes: &[u8]) -> Option<TriggerKind> {
    let mut s = Scan { b: bytes, i: 0 };
    s.ws();
    match s.peek()? {
        b'{' => {
            s.i += 1;
            for n in 0..MAX_NAMES {
                if n > 0 {
                    s.eat(b',')?;
                }
                let name = plain_name(&mut s)?;
                match name_class(name) {
                    Class::Kind(kind) => return Some(kind),
                    Class::Events => return events_guess(&mut s),
                    Class::CloudEvent => return cloudevent_guess(bytes),
                    Class::Element | Class::Other => s.skip_value()?,
                }
            }
            None
        }
        b'[' => {
            s.i += 1;
            s.eat(b'{')?;
            let name = s.member_name()?;
            match name_class(name) {
                #[cfg(feature = "mqtt")]
                Class::Element => Some(TriggerKind::Mqtt),
                Class::CloudEvent => cloudevent_guess(bytes),
                _ => None,
            }
        }
        _ => None,
    }
}

/// [`Scan::member_name`] for the common case, a name without escapes (`None` on anything else):
/// the closing quote found eight bytes at a time.
#[inline(always)]
fn plain_name<'a>(s: &mut Scan<'a>) -> Option<&'a [u8]> {
    s.ws();
    let b = s.b;
    if s.peek()? != b'"' {
        return None;
    }
    let start = s.i + 1;
    let rest = b.get(start..)?;
    let len = quote_or_backslash(rest)?;
    if rest[len] != b'"' {
        return None;
    }
    s.i = start + len + 1;
    s.eat(b':')?;
    Some(&rest[..len])
}

/// The index of the first `"` or `\` in `bytes`: eight bytes a step (a zero-byte test on the
/// word XOR each byte; a false hit can only follow a true one, so the lowest is right), then
/// byte by byte.
#[inline(always)]
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let w = u64::from_le_bytes(chunk.try_into().ok()?);
        let hits = zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|i| at + i)
}

/// What a member name suggests.
enum Class {
    /// Only this kind's top level uses the name.
    Kind(TriggerKind),
    /// `events` (OSS, CDN).
    Events,
    /// A CloudEvents attribute.
    CloudEvent,
    /// `props`: an MQTT message (in an array).
    Element,
    /// Nothing.
    Other,
}

/// The class of a member name, dispatched on its length first.
#[inline(always)]
fn name_class(name: &[u8]) -> Class {
    let kind = match (name.len(), name) {
        #[cfg(feature = "timer")]
        (11, b"triggerTime" | b"triggerName") => TriggerKind::Timer,
        #[cfg(feature = "sls")]
        (7, b"jobName") | (6, b"taskId") | (10, b"cursorTime") | (9, b"parameter") => {
            TriggerKind::Sls
        }
        #[cfg(feature = "apigw")]
        (4, b"path") | (10, b"httpMethod") => TriggerKind::ApigwRequest,
        #[cfg(feature = "http")]
        (7, b"rawPath" | b"version") => TriggerKind::HttpRequest,
        #[cfg(feature = "http")]
        (10, b"statusCode") => TriggerKind::HttpResponse,
        #[cfg(feature = "system-event")]
        (7, b"product") | (10, b"resourceId") | (3, b"ver") | (9, b"eventType") => {
            TriggerKind::SystemEvent
        }
        #[cfg(feature = "mns-topic")]
        (10, b"TopicOwner" | b"Subscriber")
        | (7, b"Message")
        | (9, b"MessageId")
        | (16, b"SubscriptionName") => TriggerKind::MnsTopic,
        #[cfg(feature = "datahub")]
        (11, b"eventSource") | (14, b"eventSourceARN") => TriggerKind::Datahub,
        #[cfg(feature = "fc-destination")]
        (9, b"timestamp") | (15, b"responseContext") | (14, b"requestPayload") => {
            TriggerKind::FcDestination
        }
        (6, b"events") => return Class::Events,
        (11, b"specversion")
        | (6, b"source")
        | (4, b"type" | b"data")
        | (2, b"id")
        | (7, b"subject")
        | (15, b"datacontenttype") => return Class::CloudEvent,
        (5, b"props") => return Class::Element,
        _ => return Class::Other,
    };
    Class::Kind(kind)
}

/// After a top-level `events` name: OSS or CDN by the first record's members (the `eventSource`
/// value, an `oss` or `eventParameter` member), read up to [`MAX_NAMES`] + 2 of them.
fn events_guess(s: &mut Scan<'_>) -> Option<TriggerKind> {
    s.eat(b'[')?;
    s.eat(b'{')?;
    for n in 0..MAX_NAMES + 2 {
        if n > 0 {
            s.eat(b',')?;
        }
        let name = s.member_name()?;
        match name {
            #[cfg(feature = "oss")]
            b"oss" => return Some(TriggerKind::Oss),
            #[cfg(feature = "cdn")]
            b"eventParameter" => return Some(TriggerKind::Cdn),
            b"eventSource" => {
                s.ws();
                if s.peek()? != b'"' {
                    return None;
                }
                return match s.string()?? {
                    #[cfg(feature = "oss")]
                    b"acs:oss" => Some(TriggerKind::Oss),
                    #[cfg(feature = "cdn")]
                    b"cdn" => Some(TriggerKind::Cdn),
                    _ => None,
                };
            }
            _ => s.skip_value()?,
        }
    }
    None
}

/// A CloudEvent's kind guessed from the first `"type"` member in the bytes (wherever it is: the
/// guess is confirmed on the decoded value): its prefix, as the rules read it.
fn cloudevent_guess(bytes: &[u8]) -> Option<TriggerKind> {
    static TYPE: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let finder = TYPE.get_or_init(|| memchr::memmem::Finder::new(b"\"type\"").into_owned());
    let at = finder.find(bytes)?;
    let mut s = Scan {
        b: bytes,
        i: at + 6,
    };
    s.eat(b':')?;
    s.ws();
    if s.peek()? != b'"' {
        return None;
    }
    let ty = std::str::from_utf8(s.string()??).ok()?;
    Some(cloudevent_kind_of(None, Some(ty)))
}

/// Whether a decoded CloudEvent with this `source`, `type` and unmodelled members is `kind` by the
/// rules, as the payload's top-level object (`top`) or as the first element of its array. Its
/// `specversion` is a required member, so it is a CloudEvent; at the top level, the only rules
/// that outrank that read `events`, `eventSource`, `eventSourceARN` + `records` and
/// `requestContext` + `responseContext`, none of them a modelled attribute: any of them among the
/// unmodelled members and it is not confirmed.
pub(crate) fn cloudevent_confirms(
    kind: TriggerKind,
    source: &str,
    ty: &str,
    extra: &Map,
    top: bool,
) -> bool {
    if top
        && extra.keys().any(|k| {
            matches!(
                k,
                "events"
                    | "eventSource"
                    | "eventSourceARN"
                    | "records"
                    | "requestContext"
                    | "responseContext"
            )
        })
    {
        return false;
    }
    cloudevent_kind_of(Some(source), Some(ty)) == kind
}

/// Whether a decoded OSS record, first in `events`, is OSS by the rules: it has an `oss` member
/// (required by the model, so it holds a value) or `eventSource` `acs:oss`.
#[cfg(feature = "oss")]
pub(crate) fn oss_record_confirms(record: &crate::events::oss::OssRecord) -> bool {
    if *record.event_source == *"acs:oss" {
        return true;
    }
    let mut oss = false;
    record.members(&mut |name, present| oss |= present && name == "oss");
    oss
}

/// Every member name the rules ask about, with its bit in [`Shape`] (the same as
/// [`Shape::bit_of`]: a unit test checks it), for tables built at compile time.
pub(crate) const DETECTION_BITS: [(&str, u32); 33] = [
    ("Message", 0),
    ("MessageId", 1),
    ("Records", 2),
    ("TopicOwner", 3),
    ("Version", 4),
    ("attrs", 5),
    ("body", 6),
    ("content", 7),
    ("cursorTime", 8),
    ("data", 9),
    ("eventParameter", 10),
    ("eventType", 11),
    ("httpMethod", 12),
    ("id", 13),
    ("jobName", 14),
    ("msgId", 15),
    ("oss", 16),
    ("path", 17),
    ("product", 18),
    ("props", 19),
    ("rawPath", 20),
    ("requestContext", 21),
    ("resourceId", 22),
    ("source", 23),
    ("specversion", 24),
    ("statusCode", 25),
    ("systemProperties", 26),
    ("topic", 27),
    ("triggerName", 28),
    ("triggerTime", 29),
    ("eventSourceARN", 30),
    ("records", 31),
    ("responseContext", 32),
];

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The [`Shape`] bit of a detection name, at compile time.
const fn detection_bit(name: &str) -> Option<u32> {
    let mut i = 0;
    while i < DETECTION_BITS.len() {
        if same(DETECTION_BITS[i].0, name) {
            return Some(DETECTION_BITS[i].1);
        }
        i += 1;
    }
    None
}

/// The mask of detection names' bits, at compile time.
const fn mask(names: &[&str]) -> u64 {
    let mut m = 0;
    let mut i = 0;
    while i < names.len() {
        match detection_bit(names[i]) {
            Some(bit) => m |= 1 << bit,
            None => panic!("not a detection name"),
        }
        i += 1;
    }
    m
}

/// How many modelled members of one type have a detection bit, at most.
const MAX_DETECTED: usize = 12;

/// What the rules need to know about one type's modelled members, computed at compile time from
/// its [`Members::NAMES`]: which members have a detection bit (and which bit), and where `type`,
/// `source`, `eventSource` and `events` are.
pub(crate) struct Table {
    /// (member index, detection bit), the first `detected` entries.
    det: [(u32, u32); MAX_DETECTED],
    detected: usize,
    /// The member indices with a detection bit.
    det_members: u64,
    /// Every member index.
    all: u64,
    /// The member index of `type`, `source`, `eventSource`, if modelled.
    ty: Option<u32>,
    source: Option<u32>,
    event_source: Option<u32>,
    /// `events` is modelled.
    events: bool,
    /// What the rules give when every modelled member holds a value and there are no others;
    /// `None` when that does not decide (`type`, `source` or `eventSource` is modelled: its value
    /// may be a string or not).
    full: Option<Option<TriggerKind>>,
}

const fn table(names: &[&str]) -> Table {
    assert!(names.len() <= 64, "at most 64 modelled members");
    let mut t = Table {
        det: [(0, 0); MAX_DETECTED],
        detected: 0,
        det_members: 0,
        all: 0,
        ty: None,
        source: None,
        event_source: None,
        events: false,
        full: None,
    };
    let mut bits = 0u64;
    let mut i = 0;
    while i < names.len() {
        let index = i as u32;
        t.all |= 1 << index;
        if let Some(bit) = detection_bit(names[i]) {
            assert!(t.detected < MAX_DETECTED, "too many detection members");
            t.det[t.detected] = (index, bit);
            t.detected += 1;
            t.det_members |= 1 << index;
            bits |= 1 << bit;
        }
        if same(names[i], "type") {
            t.ty = Some(index);
        } else if same(names[i], "source") {
            t.source = Some(index);
        } else if same(names[i], "eventSource") {
            t.event_source = Some(index);
        } else if same(names[i], "events") {
            t.events = true;
        }
        i += 1;
    }
    if t.ty.is_none() && t.source.is_none() && t.event_source.is_none() {
        t.full = Some(rules(bits, names.len() == 2, false, false, false));
    }
    t
}

/// A type's [`Table`], one per type, built at compile time.
trait Tabled: Members {
    const TABLE: Table = table(Self::NAMES);
}

impl<M: Members + ?Sized> Tabled for M {}

/// The state of a string member the rules compare: absent (or not a string), or one with a value
/// (which may be a string).
const ABSENT: u8 = 0;
const VALUE: u8 = 1;

/// What the members of a decoded value say about the rules' inputs.
struct Seen {
    /// Bits of the detection members that hold a value.
    bits: u64,
    /// The modelled members that hold a value (by member index).
    present: u64,
    /// How many unmodelled members there are (each holds a value).
    unmodelled: usize,
    /// Bits of the detection members without a value (absent or `null`).
    unsure: u64,
    /// The other modelled members without a value (by member index).
    unsure_others: u64,
    /// `type`, `source`, `eventSource`: [`VALUE`] when one holds a value (absent, or a modelled
    /// member without a value, which was absent or `null`, is never a string).
    ty: u8,
    source: u8,
    event_source: u8,
}

/// Whether the rules of [`super::detect`] give `kind` for the object whose decoded value is
/// `value`, whatever the value cannot show (see the module documentation). `kind` is not a
/// CloudEvents kind (those are confirmed by [`cloudevent_confirms`]).
///
/// The modelled members are read as bits ([`Members::present`]) and turned into detection bits by
/// the type's [`Table`]; only the unmodelled names are looked up.
#[inline]
pub(crate) fn confirms<M: Members + ?Sized>(kind: TriggerKind, value: &M, bytes: &[u8]) -> bool {
    let t = &M::TABLE;
    if t.events {
        return false;
    }
    let present = value.present() & t.all;
    let extra = value.unmodelled();
    // Every modelled member with a value and no other: the answer is the type's constant.
    if let Some(full) = t.full {
        if present == t.all && extra.is_empty() {
            return full == Some(kind);
        }
    }
    let absent = t.all & !present;
    let mut seen = Seen {
        bits: 0,
        present,
        unmodelled: 0,
        unsure: 0,
        unsure_others: absent & !t.det_members,
        ty: ABSENT,
        source: ABSENT,
        event_source: ABSENT,
    };
    let mut k = 0;
    while k < t.detected {
        let (index, bit) = t.det[k];
        seen.bits |= ((present >> index) & 1) << bit;
        seen.unsure |= ((absent >> index) & 1) << bit;
        k += 1;
    }
    let holds = |index: Option<u32>| match index {
        Some(index) if present & (1 << index) != 0 => VALUE,
        _ => ABSENT,
    };
    seen.ty = holds(t.ty);
    seen.source = holds(t.source);
    seen.event_source = holds(t.event_source);
    if !extra.is_empty() {
        for name in extra.keys() {
            match Shape::bit_of(name.as_bytes()) {
                Some(bit) => {
                    seen.bits |= 1 << bit;
                    if bit == SOURCE_BIT {
                        seen.source = VALUE;
                    }
                }
                None => match name.len() {
                    4 if name == "type" => seen.ty = VALUE,
                    6 if name == "events" => return false,
                    11 if name == "eventSource" => seen.event_source = VALUE,
                    _ => {}
                },
            }
        }
        seen.unmodelled = extra.len();
    }
    // With no `null` anywhere in the bytes (one search, cheaper than the enumeration below),
    // every member without a value was absent.
    if (seen.unsure != 0 || seen.unsure_others != 0) && !holds_null(bytes) {
        seen.unsure = 0;
        seen.unsure_others = 0;
    }
    // The rules read the count only as "exactly two": with more than two members holding a
    // value, the others without one cannot change it.
    if seen.unsure_others != 0 && more_than_two(present, seen.unmodelled) {
        seen.unsure_others = 0;
    }
    if seen.unsure == 0
        && seen.unsure_others == 0
        && seen.ty != VALUE
        && seen.source != VALUE
        && seen.event_source != VALUE
    {
        // Nothing unsure (the common case): the rules once.
        let two = seen.unmodelled <= 2 && count_is(present, 2 - seen.unmodelled);
        return rules(seen.bits, two, false, false, false) == Some(kind);
    }
    confirms_unsure(kind, &seen)
}

/// Whether more than two members hold a value: `present` modelled ones and `unmodelled` others.
#[inline(always)]
fn more_than_two(present: u64, unmodelled: usize) -> bool {
    present.count_ones() as usize + unmodelled > 2
}

/// Whether `bits` has exactly `n` bits set (`n` at most 2), without a population count (which
/// baseline x86-64 computes in about 15 instructions).
#[inline(always)]
fn count_is(bits: u64, n: usize) -> bool {
    let rest = bits & bits.wrapping_sub(1);
    match n {
        0 => bits == 0,
        1 => bits != 0 && rest == 0,
        _ => rest != 0 && rest & rest.wrapping_sub(1) == 0,
    }
}

/// Whether the bytes hold `null` anywhere.
#[inline(never)]
fn holds_null(bytes: &[u8]) -> bool {
    static NULL: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let finder = NULL.get_or_init(|| memchr::memmem::Finder::new(b"null").into_owned());
    finder.find(bytes).is_some()
}

/// [`confirms`] when something is unsure: every subset of the unsure detection members may have
/// been present (as `null`), the other members without a value too (the count), and every string
/// member with a value may be a string or not.
#[inline(never)]
fn confirms_unsure(kind: TriggerKind, seen: &Seen) -> bool {
    if seen.unsure.count_ones() > MAX_UNSURE {
        return false;
    }
    let base = seen.present.count_ones() as usize + seen.unmodelled;
    let others = seen.unsure_others.count_ones() as usize;
    // A member with a value may hold a string (for `eventSource`: `acs:datahub` or another), or
    // not; one without a value holds none.
    let both: &[bool] = &[false, true];
    let options = |state: u8| if state == VALUE { both } else { &both[..1] };
    let (tys, sources, datahubs) = (
        options(seen.ty),
        options(seen.source),
        options(seen.event_source),
    );
    let mut subset = seen.unsure;
    loop {
        // The count is anything from `low` to `high`; the rules read only whether it is 2.
        let low = base + subset.count_ones() as usize;
        let high = low + others;
        let twos = [
            (low != 2 || high != 2).then_some(false),
            (low <= 2 && 2 <= high).then_some(true),
        ];
        for two in twos.into_iter().flatten() {
            for &ty in tys {
                for &source in sources {
                    for &datahub in datahubs {
                        if rules(seen.bits | subset, two, ty, source, datahub) != Some(kind) {
                            return false;
                        }
                    }
                }
            }
        }
        if subset == 0 {
            return true;
        }
        subset = (subset - 1) & seen.unsure;
    }
}

/// The bit of `source`.
const SOURCE_BIT: u32 = match detection_bit("source") {
    Some(bit) => bit,
    None => panic!(),
};

/// [`classify_object`](super::detect::classify_object) for an object without `events`, on bits: `known` the [`Shape`] bits of
/// its members, `two` whether it has exactly two members, `ty` and `source` whether those members are strings,
/// `datahub` whether `eventSource` is the string `acs:datahub`. A CloudEvent gives `None`: its
/// kind is one of the CloudEvents kinds, which [`confirms`] is never asked about. A unit test
/// compares it with [`classify_object`](super::detect::classify_object) on every combination of the inputs the rules read.
#[inline]
pub(crate) const fn rules(
    known: u64,
    two: bool,
    ty: bool,
    source: bool,
    datahub: bool,
) -> Option<TriggerKind> {
    /// Whether every name of `names` is there.
    macro_rules! all {
        ($($name:literal),+) => {{
            const NAMES: u64 = mask(&[$($name),+]);
            known & NAMES == NAMES
        }};
    }
    let kind = if datahub || all!("eventSourceARN", "records") {
        TriggerKind::Datahub
    } else if all!("requestContext", "responseContext") {
        TriggerKind::FcDestination
    } else if all!("specversion") || (all!("id", "data") && source && ty) {
        return None;
    } else if two && all!("props", "body") {
        TriggerKind::Mqtt
    } else if all!("msgId", "topic", "systemProperties") {
        TriggerKind::Rocketmq
    } else if all!("Version", "Records") {
        TriggerKind::Tablestore
    } else if all!("triggerTime", "triggerName") {
        TriggerKind::Timer
    } else if all!("jobName", "source", "cursorTime") {
        TriggerKind::Sls
    } else if all!("TopicOwner") || all!("MessageId", "Message") || (two && all!("body", "attrs")) {
        TriggerKind::MnsTopic
    } else if all!("requestContext", "rawPath") {
        TriggerKind::HttpRequest
    } else if all!("httpMethod", "path") {
        TriggerKind::ApigwRequest
    } else if all!("statusCode") {
        TriggerKind::HttpResponse
    } else if all!("product", "eventType") || all!("resourceId", "content") {
        TriggerKind::SystemEvent
    } else {
        return None;
    };
    Some(kind)
}

#[cfg(all(test, feature = "all-kinds"))]
mod tests {
    use super::*;
    use crate::{samples, Event};

    /// Each whole-top-level kind's sample is proposed by its first member and confirmed on its
    /// decoded value, so that the common case is the one-pass path.
    #[test]
    fn every_sample_of_a_whole_top_level_kind_takes_the_one_pass_path() {
        for kind in [
            TriggerKind::Timer,
            TriggerKind::Sls,
            TriggerKind::ApigwRequest,
            TriggerKind::HttpRequest,
            TriggerKind::HttpResponse,
            TriggerKind::SystemEvent,
            TriggerKind::MnsTopic,
            TriggerKind::Datahub,
            TriggerKind::FcDestination,
        ] {
            let bytes = samples::sample(kind).unwrap();
            assert_eq!(candidate(bytes), Some(kind), "{kind}");
            assert!(Event::decode_confirmed(kind, bytes).is_some(), "{kind}");
        }
    }

    #[test]
    fn a_member_that_outranks_the_candidate_is_not_confirmed() {
        let timer = br#"{"triggerTime":"2023-01-01T00:00:00Z","triggerName":"t","payload":"p","#;
        for extra in [
            &br#""specversion":"1.0"}"#[..],
            br#""eventSourceARN":"a","records":[]}"#,
            br#""eventSource":"acs:datahub"}"#,
            br#""requestContext":{},"responseContext":{}}"#,
            br#""events":[]}"#,
        ] {
            let bytes = [&timer[..], extra].concat();
            assert_eq!(candidate(&bytes), Some(TriggerKind::Timer));
            // A timer keeps the members it does not model, so the decode succeeds.
            Event::from_slice_as(TriggerKind::Timer, &bytes).unwrap();
            assert!(
                Event::decode_confirmed(TriggerKind::Timer, &bytes).is_none(),
                "{}",
                String::from_utf8_lossy(&bytes)
            );
        }
        // A modelled member decoded as `None` may have been `null`, which the rules count as
        // there: a system event's `id` with `source`, `type` and `data` is then a CloudEvent.
        let sample = samples::sample(TriggerKind::SystemEvent).unwrap();
        let sample = std::str::from_utf8(sample).unwrap().trim_end();
        assert!(!sample.contains("\"id\""));
        let system = format!(
            "{},\"id\":null,\"source\":\"s\",\"type\":\"t\",\"data\":{{}}}}",
            sample.strip_suffix('}').unwrap()
        );
        let system = system.as_bytes();
        Event::from_slice_as(TriggerKind::SystemEvent, system).unwrap();
        assert!(Event::decode_confirmed(TriggerKind::SystemEvent, system).is_none());
        assert_eq!(
            crate::event::detect::detect(system).unwrap(),
            TriggerKind::Eventbridge
        );
        // Members no rule reads change nothing.
        let plain = [&timer[..], br#""x":1}"#].concat();
        assert!(Event::decode_confirmed(TriggerKind::Timer, &plain).is_some());
    }

    /// The compile-time detection names carry the bits [`Shape`] gives them, one bit each.
    #[test]
    fn detection_bits_are_the_shape_bits() {
        let mut seen = 0u64;
        for (name, bit) in DETECTION_BITS {
            assert_eq!(Shape::bit_of(name.as_bytes()), Some(bit), "{name}");
            assert_eq!(detection_bit(name), Some(bit), "{name}");
            assert_eq!(seen & (1 << bit), 0, "{name}");
            seen |= 1 << bit;
        }
        assert_eq!(seen, (1 << DETECTION_BITS.len()) - 1);
        for other in ["type", "events", "eventSource", "x", "Source", "source "] {
            assert_eq!(detection_bit(other), None, "{other}");
        }
    }

    /// A type's table: its detection members by index, `type`/`source`/`eventSource`/`events`.
    #[test]
    fn a_table_maps_member_indices_to_detection_bits() {
        let t = table(&["a", "source", "type", "statusCode", "eventSource", "b"]);
        assert_eq!(t.all, 0b11_1111);
        assert_eq!(t.detected, 2);
        assert_eq!(
            &t.det[..2],
            &[(1, SOURCE_BIT), (3, detection_bit("statusCode").unwrap())]
        );
        assert_eq!(t.det_members, 0b1010);
        assert_eq!(
            (t.ty, t.source, t.event_source),
            (Some(2), Some(1), Some(4))
        );
        assert!(!t.events);
        assert!(table(&["events"]).events);
        assert_eq!(t.full, None);
        assert_eq!(
            table(&["triggerTime", "x", "triggerName"]).full,
            Some(Some(TriggerKind::Timer))
        );
        assert_eq!(
            table(&["props", "body"]).full,
            Some(Some(TriggerKind::Mqtt))
        );
        assert_eq!(table(&["props", "body", "x"]).full, Some(None));
        // The generated bits of a decoded value: an `Option` member without a value is clear.
        let timer = crate::events::timer::TimerEvent::default();
        assert_eq!(
            <crate::events::timer::TimerEvent as Members>::NAMES,
            &["triggerTime", "triggerName", "payload"]
        );
        assert_eq!(timer.present(), 0b011);
    }

    /// [`rules`] gives what [`classify_object`] gives (a CloudEvent as `None`) on 200,000
    /// generated inputs: up to 6 detection members, every count the rules tell apart, and
    /// `type`, `source`, `eventSource` absent, strings that decide, or other strings.
    #[test]
    fn the_rules_on_bits_are_the_reference_rules() {
        use super::super::detect::{classify_object, cloudevent_kind, is_cloudevent};
        use std::borrow::Cow;
        let strings = [
            None,
            Some("x"),
            Some("acs.x"),
            Some("mq:x"),
            Some("acs:datahub"),
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut kinds = std::collections::BTreeSet::new();
        for _ in 0..200_000 {
            let mut known = 0u64;
            for _ in 0..next() % 7 {
                known |= 1 << (next() % DETECTION_BITS.len() as u64);
            }
            // Not the first record's names: `events` is never among the members here.
            let count = known.count_ones() as usize + (next() % 3) as usize;
            let pick = |n: u64| strings[(n % strings.len() as u64) as usize];
            let (ty, source, event_source) = (pick(next()), pick(next()), pick(next()));
            let mut shape = Shape::default();
            shape.set(known, count);
            shape.ty = ty.map(Cow::Borrowed);
            shape.source = source.map(Cow::Borrowed);
            shape.event_source = event_source.map(Cow::Borrowed);
            let reference = classify_object(&shape);
            // A CloudEvent (unless a rule above that one decides) is `None` to `rules`.
            let reference = if is_cloudevent(&shape) && reference == Some(cloudevent_kind(&shape)) {
                None
            } else {
                reference
            };
            let fast = rules(
                known,
                count == 2,
                ty.is_some(),
                source.is_some(),
                event_source == Some("acs:datahub"),
            );
            assert_eq!(
                fast, reference,
                "bits {known:#x}, count {count}, {ty:?} {source:?} {event_source:?}"
            );
            kinds.insert(format!("{fast:?}"));
        }
        // Every outcome of the rules was reached.
        assert_eq!(kinds.len(), 13, "{kinds:?}");
    }

    /// The word-at-a-time search finds the first `"` or `\\` wherever it is, past other bytes
    /// (among them bytes that differ from the two by one bit, and bytes of 0x80 and above).
    #[test]
    fn the_closing_quote_is_found_at_every_place() {
        let fillers = [
            b'a', b'#', b'!', b']', 0x00, 0x01, 0x21, 0x23, 0x5d, 0xa2, 0xdc, 0xff,
        ];
        for len in 0..40 {
            for &filler in &fillers {
                for stop in [b'"', b'\\'] {
                    let mut bytes = vec![filler; len];
                    assert_eq!(quote_or_backslash(&bytes), None, "{len} {filler:#x}");
                    bytes.push(stop);
                    bytes.extend_from_slice(b"x\"y\\");
                    assert_eq!(quote_or_backslash(&bytes), Some(len), "{len} {filler:#x}");
                    for at in 0..len {
                        let mut early = bytes.clone();
                        early[at] = b'"';
                        assert_eq!(quote_or_backslash(&early), Some(at), "{len} {at}");
                    }
                }
            }
        }
    }

    /// Where the one-word reading of the first name gives a kind, the name-by-name reading gives
    /// the same: on every sample and on each kind name first, with other names, escapes, white
    /// space and short inputs around it.
    #[test]
    fn the_first_name_word_gives_the_scan_kind() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for &kind in TriggerKind::ALL {
            if let Some(bytes) = samples::sample(kind) {
                inputs.push(bytes.to_vec());
            }
        }
        let names = [
            "ver",
            "path",
            "taskId",
            "jobName",
            "rawPath",
            "version",
            "product",
            "Message",
            "parameter",
            "eventType",
            "MessageId",
            "timestamp",
            "cursorTime",
            "httpMethod",
            "statusCode",
            "resourceId",
            "TopicOwner",
            "Subscriber",
            "triggerTime",
            "triggerName",
            "eventSource",
            "eventSourceARN",
            "requestPayload",
            "responseContext",
            "SubscriptionName",
            "events",
            "type",
            "source",
            "x",
            "pat",
            "paths",
            "ve\\u0072",
            "statusCodeX",
            "triggerTim",
            "eventSourceAR",
        ];
        for name in names {
            for flag in [
                r#"{"isBase64Encoded": false, "statusCode": 200}"#,
                r#"{"isBase64Encoded":true,"statusCode" :1}"#,
                r#"{"isBase64Encoded":truex,"statusCode":1}"#,
                r#"{"isBase64Encoded":"false","statusCode":1}"#,
                r#"{"isBase64Encoded":false "statusCode":1}"#,
                r#"{"isBase64Encoded":false,"statusCodeX":1,"path":1,"httpMethod":1}"#,
                r#"{"isBase64Encoded":false,"statusCode"}"#,
                r#"{"isBase64Encoded":false,"path":1,"statusCode":1}"#,
            ] {
                inputs.push(flag.as_bytes().to_vec());
            }
            for prefix in [
                "{\"isBase64Encoded\": false, ",
                "{\"x\":\"a b\",\"y\":-1.5e3 , ",
                "{\"x\":\"a\\\"b\",",
                "{\"x\":{},",
                "{\"props\":null,",
                "{\"type\":\"t\",",
                "{\"a\":1,\"b\":2,\"c\":3,",
                "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,",
                "{\"events\":1,",
            ] {
                inputs.push(
                    format!("{prefix}\"{name}\":1, \"statusCode\":2, \"triggerTime\":3}}")
                        .into_bytes(),
                );
            }
            for (before, after) in [
                ("{", r#":1,"statusCode":200}"#),
                (" \n{ ", r#" : "x" , "triggerTime":"t","triggerName":"n"}"#),
                ("{", ":"),
                ("{", ""),
                ("[{", r#":1}]"#),
            ] {
                inputs.push(format!("{before}\"{name}\"{after}").into_bytes());
            }
        }
        let mut hits = 0;
        for bytes in &inputs {
            if let Some(kind) = first_name_kind(bytes) {
                hits += 1;
                assert_eq!(
                    candidate_by_scan(bytes),
                    Some(kind),
                    "{}",
                    String::from_utf8_lossy(bytes)
                );
            }
            assert_eq!(
                candidate(bytes),
                candidate_by_scan(bytes),
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
        assert!(hits >= 150, "{hits}");
    }

    #[test]
    fn count_is_counts_up_to_two() {
        for bits in [
            0u64,
            1,
            2,
            3,
            5,
            7,
            1 << 63,
            (1 << 63) | 1,
            u64::MAX,
            0b1011,
            0b1100,
        ] {
            for n in 0..=2 {
                assert_eq!(
                    count_is(bits, n),
                    bits.count_ones() as usize == n,
                    "{bits:#b} {n}"
                );
            }
        }
    }
}
