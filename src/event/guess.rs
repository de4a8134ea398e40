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
//! `null` at all (one vectorised search). The work is linear in the number of members and bytes,
//! plus at most 2^[`MAX_UNSURE`] evaluations of the rules (each a few bit tests) when that many
//! are unsure.

use std::borrow::Cow;

use std::sync::OnceLock;

use super::detect::{classify_object, cloudevent_kind_of, Shape};
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
pub(crate) fn candidate(bytes: &[u8]) -> Option<TriggerKind> {
    let mut s = Scan { b: bytes, i: 0 };
    s.ws();
    match s.peek()? {
        b'{' => {
            s.i += 1;
            for n in 0..MAX_NAMES {
                if n > 0 {
                    s.eat(b',')?;
                }
                let name = s.member_name()?;
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

/// What the members of a decoded value say about the rules' inputs.
#[derive(Default)]
struct Seen {
    /// Bits of the detection members that hold a value.
    bits: u64,
    /// How many members hold a value.
    count: usize,
    /// Bits of the detection members without a value (absent or `null`).
    unsure: u64,
    /// How many other members are without a value.
    unsure_others: usize,
    /// `type`, `source`, `eventSource`: 0 absent, 1 with a value, 2 absent or `null`.
    ty: u8,
    source: u8,
    event_source: u8,
    /// An `events` member may be there.
    events: bool,
}

/// Whether the rules of [`super::detect`] give `kind` for the object whose decoded value is
/// `value`, whatever the value cannot show (see the module documentation).
#[inline]
pub(crate) fn confirms<M: Members + ?Sized>(kind: TriggerKind, value: &M, bytes: &[u8]) -> bool {
    let mut seen = Seen::default();
    let source_bit = Shape::bit_of(b"source");
    value.members(&mut |name, present| {
        let state = if present { 1 } else { 2 };
        match Shape::bit_of(name.as_bytes()) {
            Some(bit) => {
                if present {
                    seen.bits |= 1 << bit;
                } else {
                    seen.unsure |= 1 << bit;
                }
                if Some(bit) == source_bit {
                    seen.source = state;
                }
            }
            None => {
                match name.len() {
                    4 if name == "type" => seen.ty = state,
                    6 if name == "events" => seen.events = true,
                    11 if name == "eventSource" => seen.event_source = state,
                    _ => {}
                }
                if !present {
                    seen.unsure_others += 1;
                }
            }
        }
        if present {
            seen.count += 1;
        }
    });
    if seen.events {
        return false;
    }
    // With no `null` anywhere in the bytes, every member without a value was absent.
    if (seen.unsure != 0 || seen.unsure_others != 0)
        && memchr::memmem::find(bytes, b"null").is_none()
    {
        seen.unsure = 0;
        seen.unsure_others = 0;
    }
    if seen.unsure.count_ones() > MAX_UNSURE {
        return false;
    }
    let mut shape = Shape::default();
    if seen.unsure == 0
        && seen.unsure_others == 0
        && seen.ty != 1
        && seen.source != 1
        && seen.event_source != 1
    {
        // Nothing unsure (the common case): the rules once.
        shape.set(seen.bits, seen.count);
        return classify_object(&shape) == Some(kind);
    }
    // Every subset of the unsure detection members may have been present (as `null`).
    let mut subset = seen.unsure;
    loop {
        if !confirms_with(kind, &seen, subset, &mut shape) {
            return false;
        }
        if subset == 0 {
            return true;
        }
        subset = (subset - 1) & seen.unsure;
    }
}

/// [`confirms`] for one choice of the unsure detection members: those in `present` were there.
fn confirms_with(kind: TriggerKind, seen: &Seen, present: u64, shape: &mut Shape) -> bool {
    let low = seen.count + present.count_ones() as usize;
    let high = low + seen.unsure_others;
    // The rules compare the count with 2 only: one count equal to 2 and one other cover them.
    let counts = [
        Some(low),
        (high != low).then_some(high),
        (low < 2 && 2 < high).then_some(2),
    ];
    let strings: &[Option<&'static str>] = &[None, Some("")];
    let event_sources: &[Option<&'static str>] = &[None, Some("acs:datahub"), Some("")];
    // A member without a value (absent or `null`) holds no string; one with a value may.
    let tys = if seen.ty == 1 { strings } else { &strings[..1] };
    let sources = if seen.source == 1 {
        strings
    } else {
        &strings[..1]
    };
    let event_sources = if seen.event_source == 1 {
        event_sources
    } else {
        &event_sources[..1]
    };
    for count in counts.into_iter().flatten() {
        for ty in tys {
            for source in sources {
                for event_source in event_sources {
                    shape.set(seen.bits | present, count);
                    shape.ty = ty.map(Cow::Borrowed);
                    shape.source = source.map(Cow::Borrowed);
                    shape.event_source = event_source.map(Cow::Borrowed);
                    if classify_object(shape) != Some(kind) {
                        return false;
                    }
                }
            }
        }
    }
    true
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
}
