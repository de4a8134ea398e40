//! Telling trigger kinds apart from the bytes alone.
//!
//! Detection reads the payload once, shallowly: the top-level member names, a few string members
//! (`type`, `source`, `specversion`, `version`, `eventSource`) and the first element of `events` or of
//! a top-level array. Everything else is skipped without being built.
//!
//! | bytes | kind |
//! |---|---|
//! | CBOR map (first byte `0xa0`–`0xbf`), or the self-describe tag `0xd9d9f7` | `tablestore` |
//! | not starting with `{` or `[` (after white space) | `mns-topic` (STREAM body) |
//! | `{"events":[{... "oss" ...}]}` / `{"events":[{... "eventParameter" ...}]}` | `oss` / `cdn` |
//! | `Version` + `Records` | `tablestore` (JSON rendering) |
//! | `eventSource` `acs:datahub`, or `eventSourceARN` + `records` | `datahub` |
//! | `requestContext` + `responseContext` (an HTTP request has no `responseContext`) | `fc-destination` |
//! | `triggerTime` + `triggerName` | `timer` |
//! | `jobName` + `source` + `cursorTime` | `sls` |
//! | `TopicOwner` / `MessageId` + `Message`, or exactly `body` + `attrs` | `mns-topic` |
//! | `rawPath` + `requestContext` | `http-request` |
//! | `httpMethod` + `path` | `apigw-request` |
//! | `statusCode` | `http-response` (the API Gateway response has the same shape) |
//! | `product` + `eventType` or `resourceId` + `content` | `system-event` |
//! | `specversion`, one object or an array of them (or of JSON strings holding them) | by `source`/`type`, below |
//! | `id` + `source` + `type` + `data` without `specversion` (an EventBridge PutEvents input) | the same, so that decoding reports the missing `specversion` |
//! | `{props, body}`, or an array of them | `mqtt` |
//! | `{msgId, topic, systemProperties}`, or an array of them | `rocketmq` (self-hosted Apache RocketMQ) |
//!
//! CloudEvents by `source`, then by the `type` prefix:
//!
//! | `source` / `type` | kind |
//! |---|---|
//! | `source` starting `acs.` (an Alibaba Cloud service event on the default bus: `acs.oss`, `acs.ecs`, …) | `eventbridge` |
//! | `type` `mns:…` (`mns:Queue:SendMessage`) | `mns-queue` |
//! | `type` `mq:…` (`mq:Topic:SendMessage`) | `rocketmq` |
//! | `type` `amqp:…` (`amqp:Queue:SendMessage`) | `rabbitmq` |
//! | `type` `alikafka:…` (`alikafka:Topic:Message`) | `kafka` |
//! | `type` `dts:…` (`dts:ConsumeMessage`) | `dts` |
//! | anything else (custom events) | `eventbridge` |
//!
//! The native OSS trigger (`{"events": [...]}`) and CloudMonitor system events (`product` +
//! `eventType`) have no `specversion`, so their EventBridge forms (`acs.oss`, `acs.ecs`) never collide
//! with them.
//!
//! `iot` payloads are arbitrary JSON and are never detected.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::wire::error::{DecodeError, Location};
use crate::wire::kind::TriggerKind;

/// Detects the trigger kind of a payload.
pub fn detect(bytes: &[u8]) -> Result<TriggerKind, DecodeError> {
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        None if bytes.is_empty() => Err(undetected("the payload is empty")),
        Some(b'{') | Some(b'[') => {
            let top: Top = crate::codec::decode::from_json_bytes(bytes)
                .map_err(|e| DecodeError::from_json(None, Location::root(), &e))?;
            classify(&top).ok_or_else(|| undetected(&describe(&top, bytes)))
        }
        // A CBOR map header: major type 5, definite or indefinite length. JSON text never starts
        // with these bytes (they are not ASCII).
        _ if (0xa0..=0xbf).contains(&bytes[0])
            || bytes.starts_with(&crate::codec::cbor::SELF_DESCRIBE) =>
        {
            Ok(TriggerKind::Tablestore)
        }
        _ => Ok(TriggerKind::MnsTopic),
    }
}

fn undetected(what: &str) -> DecodeError {
    DecodeError::new(
        None,
        Location::root(),
        "unknown-kind",
        format!("cannot tell which trigger sent this payload: {what}"),
    )
}

fn describe(top: &Top, bytes: &[u8]) -> String {
    match top {
        Top::Object(_) => format!(
            "an object with members [{}]",
            member_names(bytes).join(", ")
        ),
        Top::Array { len: 0, .. } => "an empty array".to_owned(),
        Top::Array { len, .. } => format!("an array of {len} elements of no known shape"),
    }
}

fn classify(top: &Top) -> Option<TriggerKind> {
    match top {
        Top::Object(s) => classify_object(s),
        Top::Array {
            first: Some(Elem::Object(s)),
            ..
        } => classify_element(s),
        Top::Array {
            first: Some(Elem::Str(text)),
            ..
        } => {
            // Kafka's stringified batch: each element is a JSON-encoded CloudEvent.
            let inner: Shape = serde_json::from_str(text).ok()?;
            is_cloudevent(&inner).then(|| cloudevent_kind(&inner))
        }
        Top::Array { .. } => None,
    }
}

pub(crate) fn classify_element(s: &Shape) -> Option<TriggerKind> {
    if is_cloudevent(s) {
        Some(cloudevent_kind(s))
    } else if s.has("props") && s.has("body") {
        Some(TriggerKind::Mqtt)
    } else if s.has("msgId") && s.has("topic") && s.has("systemProperties") {
        Some(TriggerKind::Rocketmq)
    } else {
        None
    }
}

pub(crate) fn classify_object(s: &Shape) -> Option<TriggerKind> {
    if let Some(first) = &s.first_event {
        if first.has("oss") || first.event_source.as_deref() == Some("acs:oss") {
            return Some(TriggerKind::Oss);
        }
        if first.has("eventParameter") || first.event_source.as_deref() == Some("cdn") {
            return Some(TriggerKind::Cdn);
        }
        return None;
    }
    let kind = if s.event_source.as_deref() == Some("acs:datahub")
        || (s.has("eventSourceARN") && s.has("records"))
    {
        TriggerKind::Datahub
    } else if s.has("requestContext") && s.has("responseContext") {
        // An HTTP trigger request has `requestContext` too, never `responseContext`.
        TriggerKind::FcDestination
    } else if is_cloudevent(s) {
        cloudevent_kind(s)
    } else if s.len() == 2 && s.has("props") && s.has("body") {
        TriggerKind::Mqtt
    } else if s.has("msgId") && s.has("topic") && s.has("systemProperties") {
        TriggerKind::Rocketmq
    } else if s.has("Version") && s.has("Records") {
        TriggerKind::Tablestore
    } else if s.has("triggerTime") && s.has("triggerName") {
        TriggerKind::Timer
    } else if s.has("jobName") && s.has("source") && s.has("cursorTime") {
        TriggerKind::Sls
    } else if s.has("TopicOwner")
        || (s.has("MessageId") && s.has("Message"))
        || (s.len() == 2 && s.has("body") && s.has("attrs"))
    {
        TriggerKind::MnsTopic
    } else if s.has("requestContext") && s.has("rawPath") {
        TriggerKind::HttpRequest
    } else if s.has("httpMethod") && s.has("path") {
        TriggerKind::ApigwRequest
    } else if s.has("statusCode") {
        TriggerKind::HttpResponse
    } else if (s.has("product") && s.has("eventType")) || (s.has("resourceId") && s.has("content"))
    {
        TriggerKind::SystemEvent
    } else {
        return None;
    };
    Some(kind)
}

/// A CloudEvent: has `specversion`, or looks like an EventBridge PutEvents input (`id`, `source`,
/// `type` and `data`, no `specversion`), which decoding then rejects at `/specversion`.
pub(crate) fn is_cloudevent(s: &Shape) -> bool {
    s.has("specversion") || (s.has("id") && s.source.is_some() && s.ty.is_some() && s.has("data"))
}

/// Which kind a CloudEvent belongs to, from its `source` and `type`.
pub(crate) fn cloudevent_kind(s: &Shape) -> TriggerKind {
    cloudevent_kind_of(s.source.as_deref(), s.ty.as_deref())
}

/// [`cloudevent_kind`] from the `source` and `type` strings (`None`: absent or not a string).
pub(crate) fn cloudevent_kind_of(source: Option<&str>, ty: Option<&str>) -> TriggerKind {
    if source.is_some_and(|src| src.starts_with("acs.")) {
        return TriggerKind::Eventbridge;
    }
    let ty = ty.unwrap_or("");
    // A byte search: `str::split` with a char sets up a searcher that costs more than the match.
    let prefix = match ty.bytes().position(|b| b == b':') {
        Some(at) => &ty.as_bytes()[..at],
        None => ty.as_bytes(),
    };
    match prefix {
        b"mns" => TriggerKind::MnsQueue,
        b"mq" => TriggerKind::Rocketmq,
        b"amqp" => TriggerKind::Rabbitmq,
        b"alikafka" => TriggerKind::Kafka,
        b"dts" => TriggerKind::Dts,
        _ => TriggerKind::Eventbridge,
    }
}

/// The member names of a top-level object, for the message when detection fails.
fn member_names(bytes: &[u8]) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'de> Deserialize<'de> for Names {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Names;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Names, A::Error> {
                    let mut names = Vec::new();
                    while let Some(key) = map.next_key::<crate::codec::Key<'de>>()? {
                        map.next_value::<IgnoredAny>()?;
                        names.push(key.into_string());
                    }
                    Ok(Names(names))
                }
            }
            d.deserialize_map(V)
        }
    }
    crate::codec::decode::from_json_bytes::<Names>(bytes)
        .map(|n| n.0)
        .unwrap_or_default()
}

/// Visitor methods that answer `$value` for every scalar (booleans, numbers, null).
macro_rules! scalars_are {
    ($ty:ty, $value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<$ty, E> {
            Ok($value)
        }
    };
}

/// The top level of a JSON payload, shallowly.
enum Top {
    Object(Shape),
    Array { len: usize, first: Option<Elem> },
}

enum Elem {
    Object(Shape),
    Str(String),
    Other,
}

/// Which member names an object has (as bits, for the names detection asks about), how many it has,
/// and the few string members detection looks at. Nothing is allocated for the other members.
#[derive(Default)]
pub(crate) struct Shape {
    known: u64,
    count: usize,
    pub(crate) ty: Option<Cow<'static, str>>,
    pub(crate) source: Option<Cow<'static, str>>,
    pub(crate) event_source: Option<Cow<'static, str>>,
    pub(crate) first_event: Option<Box<Shape>>,
}

impl Shape {
    /// Whether the object has member `key`; `key` must be one of the names in [`key_bit`].
    #[inline(always)]
    pub(crate) fn has(&self, key: &str) -> bool {
        debug_assert!(
            key_bit(key.as_bytes()).is_some(),
            "detection asks about `{key}`, which has no bit"
        );
        key_bit(key.as_bytes()).is_some_and(|bit| self.known & (1 << bit) != 0)
    }

    /// How many members the object has.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// The bit of each member name detection asks about (see [`Shape::has`]); `None` for others.
    #[inline(always)]
    pub(crate) fn bit_of(key: &[u8]) -> Option<u32> {
        key_bit(key)
    }

    /// Sets the bits to `mask` (from [`Shape::bit_of`]) and the member count.
    #[cfg(test)]
    pub(crate) fn set(&mut self, mask: u64, count: usize) {
        self.known = mask;
        self.count = count;
    }

    pub(crate) fn record(&mut self, key: &[u8]) {
        self.count += 1;
        if let Some(bit) = key_bit(key) {
            self.known |= 1 << bit;
        }
    }
}

/// The bit of each member name detection asks about: dispatched on the length and the first
/// byte, then a comparison of known length (a chain of 33 slice comparisons cost about 100
/// instructions a name).
#[inline(always)]
fn key_bit(key: &[u8]) -> Option<u32> {
    let first = *key.first()?;
    let bit = match (key.len(), first) {
        (2, b'i') if key == b"id" => 13,
        (3, b'o') if key == b"oss" => 16,
        (4, b'b') if key == b"body" => 6,
        (4, b'd') if key == b"data" => 9,
        (4, b'p') if key == b"path" => 17,
        (5, b'a') if key == b"attrs" => 5,
        (5, b'm') if key == b"msgId" => 15,
        (5, b'p') if key == b"props" => 19,
        (5, b't') if key == b"topic" => 27,
        (6, b's') if key == b"source" => 23,
        (7, b'M') if key == b"Message" => 0,
        (7, b'R') if key == b"Records" => 2,
        (7, b'V') if key == b"Version" => 4,
        (7, b'c') if key == b"content" => 7,
        (7, b'j') if key == b"jobName" => 14,
        (7, b'p') if key == b"product" => 18,
        (7, b'r') if key == b"rawPath" => 20,
        (7, b'r') if key == b"records" => 31,
        (9, b'M') if key == b"MessageId" => 1,
        (9, b'e') if key == b"eventType" => 11,
        (10, b'T') if key == b"TopicOwner" => 3,
        (10, b'c') if key == b"cursorTime" => 8,
        (10, b'h') if key == b"httpMethod" => 12,
        (10, b'r') if key == b"resourceId" => 22,
        (10, b's') if key == b"statusCode" => 25,
        (11, b's') if key == b"specversion" => 24,
        (11, b't') if key == b"triggerName" => 28,
        (11, b't') if key == b"triggerTime" => 29,
        (14, b'e') if key == b"eventParameter" => 10,
        (14, b'e') if key == b"eventSourceARN" => 30,
        (14, b'r') if key == b"requestContext" => 21,
        (15, b'r') if key == b"responseContext" => 32,
        (16, b's') if key == b"systemProperties" => 26,
        _ => return None,
    };
    Some(bit)
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object or array")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Top, A::Error> {
                ShapeVisitor.visit_map(map).map(Top::Object)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
                let first = seq.next_element::<Elem>()?;
                let mut len = usize::from(first.is_some());
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    len += 1;
                }
                Ok(Top::Array { len, first })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Elem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Elem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Elem, A::Error> {
                ShapeVisitor.visit_map(map).map(Elem::Object)
            }
            fn visit_str<E>(self, v: &str) -> Result<Elem, E> {
                Ok(Elem::Str(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Elem, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Elem::Other)
            }
            scalars_are!(Elem, Elem::Other);
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut s = Shape::default();
        while let Some(key) = map.next_key::<crate::codec::Key<'de>>()? {
            match key.as_str() {
                "type" => s.ty = map.next_value::<MaybeStr>()?.0.map(Cow::Owned),
                "source" => s.source = map.next_value::<MaybeStr>()?.0.map(Cow::Owned),
                "eventSource" => s.event_source = map.next_value::<MaybeStr>()?.0.map(Cow::Owned),
                "events" => s.first_event = map.next_value::<FirstObject>()?.0.map(Box::new),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            s.record(key.as_str().as_bytes());
        }
        Ok(s)
    }
}

/// A string member, or `None` for any other value (skipped).
struct MaybeStr(Option<String>);

impl<'de> Deserialize<'de> for MaybeStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeStr;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E>(self, v: &str) -> Result<MaybeStr, E> {
                Ok(MaybeStr(Some(v.to_owned())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MaybeStr, A::Error> {
                IgnoredAny.visit_map(map).map(|_| MaybeStr(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<MaybeStr, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| MaybeStr(None))
            }
            scalars_are!(MaybeStr, MaybeStr(None));
        }
        d.deserialize_any(V)
    }
}

/// The first element of an array when it is an object; other values are skipped.
struct FirstObject(Option<Shape>);

impl<'de> Deserialize<'de> for FirstObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FirstObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FirstObject, A::Error> {
                let first = match seq.next_element::<Elem>()? {
                    Some(Elem::Object(s)) => Some(s),
                    _ => None,
                };
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstObject(first))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FirstObject, A::Error> {
                IgnoredAny.visit_map(map).map(|_| FirstObject(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<FirstObject, E> {
                Ok(FirstObject(None))
            }
            scalars_are!(FirstObject, FirstObject(None));
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::key_bit;

    /// Every name detection asks about has its own bit; near misses (another case, a prefix, one
    /// more byte, a name of the same length and first byte) have none.
    #[test]
    fn each_detection_name_has_its_own_bit_and_nothing_else_has_one() {
        let names = [
            "Message",
            "MessageId",
            "Records",
            "TopicOwner",
            "Version",
            "attrs",
            "body",
            "content",
            "cursorTime",
            "data",
            "eventParameter",
            "eventType",
            "httpMethod",
            "id",
            "jobName",
            "msgId",
            "oss",
            "path",
            "product",
            "props",
            "rawPath",
            "requestContext",
            "resourceId",
            "source",
            "specversion",
            "statusCode",
            "systemProperties",
            "topic",
            "triggerName",
            "triggerTime",
            "eventSourceARN",
            "records",
            "responseContext",
        ];
        let mut seen = 0u64;
        for name in names {
            let bit = key_bit(name.as_bytes()).unwrap_or_else(|| panic!("{name} has no bit"));
            assert_eq!(seen & (1 << bit), 0, "{name} shares bit {bit}");
            seen |= 1 << bit;
            let upper = name.to_ascii_uppercase();
            assert_eq!(key_bit(upper.as_bytes()), None, "{upper}");
            assert_eq!(
                key_bit(&name.as_bytes()[..name.len() - 1]),
                None,
                "prefix of {name}"
            );
            assert_eq!(key_bit(format!("{name}x").as_bytes()), None, "{name}x");
            let mut twisted = name.as_bytes().to_vec();
            *twisted.last_mut().unwrap() ^= 0x20;
            assert_eq!(key_bit(&twisted), None, "{name} with its last byte changed");
        }
        for other in [
            "",
            "type",
            "events",
            "eventSource",
            "triggerNamf",
            "rawPatH",
            "recordz",
        ] {
            assert_eq!(key_bit(other.as_bytes()), None, "{other}");
        }
    }
}
