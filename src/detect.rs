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
//! | `triggerTime` + `triggerName` | `timer` |
//! | `jobName` + `source` + `cursorTime` | `sls` |
//! | `TopicOwner` / `MessageId` + `Message`, or exactly `body` + `attrs` | `mns-topic` |
//! | `version` + `rawPath` + `requestContext` | `http-request` |
//! | `httpMethod` + `path` | `apigw-request` |
//! | `statusCode` | `http-response` (the API Gateway response has the same shape) |
//! | `product` + `eventType` or `resourceId` + `content` | `system-event` |
//! | `specversion`, one object or an array of them (or of JSON strings holding them) | by `type`/`source` |
//! | array of `{props, body}` | `mqtt` |
//! | array of `{msgId, topic, systemProperties}` | `rocketmq` (self-hosted Apache RocketMQ) |
//!
//! `iot` payloads are arbitrary JSON and are never detected.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{DecodeError, Location};
use crate::kind::TriggerKind;

/// Detects the trigger kind of a payload.
pub fn detect(bytes: &[u8]) -> Result<TriggerKind, DecodeError> {
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        None if bytes.is_empty() => Err(undetected("the payload is empty")),
        Some(b'{') | Some(b'[') => {
            let top: Top = serde_json::from_slice(bytes)
                .map_err(|e| DecodeError::from_json(None, Location::root(), &e))?;
            classify(&top).ok_or_else(|| undetected(&describe(&top)))
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

fn describe(top: &Top) -> String {
    match top {
        Top::Object(s) => format!("an object with members [{}]", s.keys.join(", ")),
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
            inner.has("specversion").then(|| cloudevent_kind(&inner))
        }
        Top::Array { .. } => None,
    }
}

fn classify_element(s: &Shape) -> Option<TriggerKind> {
    if s.has("specversion") {
        Some(cloudevent_kind(s))
    } else if s.has("props") && s.has("body") {
        Some(TriggerKind::Mqtt)
    } else if s.has("msgId") && s.has("topic") && s.has("systemProperties") {
        Some(TriggerKind::Rocketmq)
    } else {
        None
    }
}

fn classify_object(s: &Shape) -> Option<TriggerKind> {
    if let Some(first) = &s.first_event {
        if first.has("oss") || first.event_source.as_deref() == Some("acs:oss") {
            return Some(TriggerKind::Oss);
        }
        if first.has("eventParameter") || first.event_source.as_deref() == Some("cdn") {
            return Some(TriggerKind::Cdn);
        }
        return None;
    }
    let kind = if s.has("specversion") {
        cloudevent_kind(s)
    } else if s.has("Version") && s.has("Records") {
        TriggerKind::Tablestore
    } else if s.has("triggerTime") && s.has("triggerName") {
        TriggerKind::Timer
    } else if s.has("jobName") && s.has("source") && s.has("cursorTime") {
        TriggerKind::Sls
    } else if s.has("TopicOwner")
        || (s.has("MessageId") && s.has("Message"))
        || (s.keys.len() == 2 && s.has("body") && s.has("attrs"))
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

/// Which kind a CloudEvent belongs to, from its `type` (and `source`).
pub(crate) fn cloudevent_kind(s: &Shape) -> TriggerKind {
    let ty = s.ty.as_deref().unwrap_or("");
    let prefix = ty.split(':').next().unwrap_or("");
    match prefix {
        "mns" => TriggerKind::MnsQueue,
        "mq" => TriggerKind::Rocketmq,
        "amqp" => TriggerKind::Rabbitmq,
        "alikafka" => TriggerKind::Kafka,
        "dts" => TriggerKind::Dts,
        _ => TriggerKind::Eventbridge,
    }
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

/// An object's member names and the few string members detection looks at.
#[derive(Default)]
pub(crate) struct Shape {
    pub(crate) keys: Vec<String>,
    pub(crate) ty: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) event_source: Option<String>,
    pub(crate) first_event: Option<Box<Shape>>,
}

impl Shape {
    pub(crate) fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
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
            fn visit_bool<E>(self, _: bool) -> Result<Elem, E> {
                Ok(Elem::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Elem, E> {
                Ok(Elem::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Elem, E> {
                Ok(Elem::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Elem, E> {
                Ok(Elem::Other)
            }
            fn visit_unit<E>(self) -> Result<Elem, E> {
                Ok(Elem::Other)
            }
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
                "type" => s.ty = map.next_value::<MaybeStr>()?.0,
                "source" => s.source = map.next_value::<MaybeStr>()?.0,
                "eventSource" => s.event_source = map.next_value::<MaybeStr>()?.0,
                "events" => s.first_event = map.next_value::<FirstObject>()?.0.map(Box::new),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            s.keys.push(key.into_string());
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
            fn visit_bool<E>(self, _: bool) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_unit<E>(self) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
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
            fn visit_bool<E>(self, _: bool) -> Result<FirstObject, E> {
                Ok(FirstObject(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<FirstObject, E> {
                Ok(FirstObject(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<FirstObject, E> {
                Ok(FirstObject(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<FirstObject, E> {
                Ok(FirstObject(None))
            }
            fn visit_unit<E>(self) -> Result<FirstObject, E> {
                Ok(FirstObject(None))
            }
        }
        d.deserialize_any(V)
    }
}
