//! The [`Event`] enum over every trigger kind (generated from the kind list in `registry`), the
//! detection that picks a kind from the bytes, the bundled samples, and [`validate_slice`].

pub mod detect;
mod guess;
mod prescan;
// Every kind (and with them `cbor`, whose exact float parsing the reader needs to read every fixture).
#[cfg(all(test, feature = "fast-reader", feature = "all-kinds"))]
mod reader_alike;
pub mod samples;

use crate::model::validate::{Fault, Report};
use crate::model::Payload;
use crate::wire::error::{DecodeError, EncodeError, Location};
use crate::wire::kind::TriggerKind;

macro_rules! events {
    ($( $variant:ident = $name:literal, feature $feature:literal, $($ty:ident)::+, sample $sample:literal, $desc:literal; )*) => {
        /// A decoded payload of any trigger kind.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            $(
                #[cfg(feature = $feature)]
                #[doc = concat!("A `", stringify!($variant), "` payload.")]
                $variant(crate::$($ty)::+),
            )*
        }

        impl Event {
            /// The kind of this payload.
            pub fn kind(&self) -> TriggerKind {
                match *self {
                    $( #[cfg(feature = $feature)] Event::$variant(_) => <crate::$($ty)::+ as Payload>::KIND, )*
                }
            }

            /// Decodes bytes as the given kind.
            pub fn from_slice_as(kind: TriggerKind, bytes: &[u8]) -> Result<Event, DecodeError> {
                $(
                    #[cfg(feature = $feature)]
                    if kind == <crate::$($ty)::+ as Payload>::KIND {
                        return <crate::$($ty)::+ as Payload>::decode(bytes).map(Event::$variant);
                    }
                )*
                Err(DecodeError::new(
                    Some(kind),
                    Location::root(),
                    "unknown-kind",
                    format!("support for `{kind}` is not compiled in (enable the `{kind}` feature)"),
                ))
            }

            /// The JSON Schema of a kind's payload type, from `generator`; `None` when the kind is not
            /// compiled in.
            #[cfg(feature = "schema")]
            pub(crate) fn schema_of(kind: TriggerKind, generator: &mut schemars::SchemaGenerator) -> Option<schemars::Schema> {
                $(
                    #[cfg(feature = $feature)]
                    if kind == <crate::$($ty)::+ as Payload>::KIND {
                        return Some(generator.root_schema_for::<crate::$($ty)::+>());
                    }
                )*
                let _ = generator;
                None
            }

            fn with_payload<R>(&self, f: impl PayloadFn<R>) -> R {
                #[allow(unused_variables)]
                let f = f;
                match *self {
                    $( #[cfg(feature = $feature)] Event::$variant(ref p) => f.call(p), )*
                }
            }
        }

        $(
            #[cfg(feature = $feature)]
            impl From<crate::$($ty)::+> for Event {
                fn from(p: crate::$($ty)::+) -> Event {
                    Event::$variant(p)
                }
            }
        )*
    };
}

/// A function generic over payload types (closures cannot be).
trait PayloadFn<R> {
    fn call<P: Payload>(self, p: &P) -> R;
}

crate::registry::for_each_kind!(events);

impl Event {
    /// Detects the kind from the bytes and decodes them.
    ///
    /// CBOR maps are Tablestore records; text that is not a JSON object or array is an MNS topic
    /// STREAM body; JSON is told apart by its members (see [`crate::detect`]). IoT payloads are
    /// arbitrary JSON and are never detected: use [`Event::from_slice_as`].
    pub fn from_slice(bytes: &[u8]) -> Result<Event, DecodeError> {
        // Decode as the first distinguishing members suggest, then check the rules on what was
        // decoded (see `guess`).
        match guess::candidate(bytes) {
            Some(kind) => Event::decode_guessed(kind, bytes, Event::from_slice_unguessed),
            None => Event::from_slice_unguessed(bytes),
        }
    }

    /// [`Event::from_slice`] after the guess: the pre-scan, then the reference path.
    #[inline(never)]
    fn from_slice_unguessed(bytes: &[u8]) -> Result<Event, DecodeError> {
        // The byte-level pre-scan's kind is kept only when the typed decode then succeeds (which
        // proves what the scan skipped); anything else takes the reference path below, so the
        // answer and the errors are `detect`'s.
        if let Some(kind) = prescan::prescan(bytes) {
            if let Ok(event) = Event::from_slice_as(kind, bytes) {
                if !event.is_stream_body() {
                    return Ok(event);
                }
            }
        }
        Event::from_slice_detected(bytes)
    }

    /// Only the first step of [`Event::from_slice`]: the kind guessed from the first
    /// distinguishing members, decoded and confirmed; `None` where `from_slice` goes on to the
    /// pre-scan and the reference path.
    #[doc(hidden)]
    pub fn from_slice_guessed(bytes: &[u8]) -> Option<Event> {
        Event::decode_confirmed(guess::candidate(bytes)?, bytes)
    }

    /// The payload decoded as `kind`, when that succeeds and the detection rules, read on the
    /// decoded value, give `kind` (see [`guess`]); `None` otherwise.
    fn decode_confirmed(kind: TriggerKind, bytes: &[u8]) -> Option<Event> {
        Event::decode_guessed(kind, bytes, |_| {
            Err(DecodeError::new(
                Some(kind),
                Location::root(),
                "unknown-kind",
                "not confirmed",
            ))
        })
        .ok()
    }

    /// The payload decoded as `kind`, when that succeeds and the detection rules, read on the
    /// decoded value, give `kind` (see [`guess`]); `otherwise(bytes)` if not.
    ///
    /// Every path builds its answer in the caller's place: the event where it is confirmed (a
    /// local `Event` returned later would be copied whole), `otherwise`'s answer as a tail call.
    #[inline(always)]
    fn decode_guessed(
        kind: TriggerKind,
        bytes: &[u8],
        otherwise: impl FnOnce(&[u8]) -> Result<Event, DecodeError>,
    ) -> Result<Event, DecodeError> {
        /// Decodes as `$ty`; keeps the value when `$check` (with `$p` bound to it) holds.
        macro_rules! confirm {
            ($variant:ident, $ty:ty, |$p:ident| $check:expr) => {{
                match <$ty as Payload>::decode(bytes) {
                    Ok($p)
                        if {
                            let $p = &$p;
                            $check
                        } =>
                    {
                        Ok(Event::$variant($p))
                    }
                    _ => otherwise(bytes),
                }
            }};
        }
        #[cfg(any(feature = "cloudevents", feature = "mqtt"))]
        #[allow(unused_imports)]
        use crate::events::batch::OneOrMany;
        #[allow(unused_imports)]
        use guess::{cloudevent_confirms as ce, confirms};
        match kind {
            #[cfg(feature = "timer")]
            TriggerKind::Timer => {
                confirm!(Timer, crate::events::timer::TimerEvent, |p| confirms(
                    kind, p, bytes
                ))
            }
            #[cfg(feature = "sls")]
            TriggerKind::Sls => {
                confirm!(Sls, crate::events::sls::SlsEvent, |p| confirms(
                    kind, p, bytes
                ))
            }
            #[cfg(feature = "apigw")]
            TriggerKind::ApigwRequest => {
                confirm!(ApigwRequest, crate::events::apigw::ApigwRequest, |p| {
                    confirms(kind, p, bytes)
                })
            }
            #[cfg(feature = "http")]
            TriggerKind::HttpRequest => {
                confirm!(HttpRequest, crate::events::http::HttpRequest, |p| confirms(
                    kind, p, bytes
                ))
            }
            #[cfg(feature = "http")]
            TriggerKind::HttpResponse => {
                confirm!(HttpResponse, crate::events::http::HttpResponse, |p| {
                    confirms(kind, p, bytes)
                })
            }
            #[cfg(feature = "system-event")]
            TriggerKind::SystemEvent => {
                confirm!(SystemEvent, crate::events::system_event::SystemEvent, |p| {
                    confirms(kind, p, bytes)
                })
            }
            #[cfg(feature = "mns-topic")]
            TriggerKind::MnsTopic => {
                confirm!(MnsTopic, crate::events::mns_topic::MnsTopicEvent, |p| {
                    matches!(p, crate::events::mns_topic::MnsTopicEvent::Json(j) if confirms(kind, j, bytes))
                })
            }
            #[cfg(feature = "datahub")]
            TriggerKind::Datahub => {
                confirm!(Datahub, crate::events::datahub::DatahubEvent, |p| confirms(
                    kind, p, bytes
                ))
            }
            #[cfg(feature = "fc-destination")]
            TriggerKind::FcDestination => confirm!(
                FcDestination,
                crate::events::destination::DestinationRecord,
                |p| confirms(kind, p, bytes)
            ),
            // The rules read only the first record of `events` when it is an object (it is: it
            // decoded as a record). OSS: a decoded record has its `oss` member (required, an
            // object), which decides. CDN: `eventSource` is `cdn`, and no `oss` member outranks it.
            #[cfg(feature = "oss")]
            TriggerKind::Oss => confirm!(Oss, crate::events::oss::OssEvent, |p| {
                p.events.first().is_some_and(guess::oss_record_confirms)
            }),
            #[cfg(feature = "cdn")]
            TriggerKind::Cdn => confirm!(Cdn, crate::events::cdn::CdnEvent, |p| {
                p.events
                    .first()
                    .is_some_and(|r| r.event_source == "cdn" && !r.extra.contains_key("oss"))
            }),
            // An array: the rules read only its first element, here an object with `props` and
            // `body` (both required); a `specversion` or `id` would make it a CloudEvent.
            #[cfg(feature = "mqtt")]
            TriggerKind::Mqtt => confirm!(Mqtt, crate::events::mqtt::MqttEvent, |p| {
                matches!(p, OneOrMany::Many(v) if v.first().is_some_and(|m| {
                    !m.extra.contains_key("specversion") && !m.extra.contains_key("id")
                }))
            }),
            #[cfg(feature = "kafka")]
            TriggerKind::Kafka => confirm!(Kafka, crate::events::kafka::KafkaEvent, |p| {
                p.first().is_some_and(|r| {
                    let e = r.get();
                    !r.is_string() && ce(kind, &e.source, &e.ty, &e.extra, !p.is_batch())
                })
            }),
            #[cfg(feature = "mns-queue")]
            TriggerKind::MnsQueue => {
                confirm!(MnsQueue, crate::events::mns_queue::MnsQueueEvent, |p| {
                    p.first()
                        .is_some_and(|e| ce(kind, &e.source, &e.ty, &e.extra, !p.is_batch()))
                })
            }
            #[cfg(feature = "rabbitmq")]
            TriggerKind::Rabbitmq => {
                confirm!(Rabbitmq, crate::events::rabbitmq::RabbitmqEvent, |p| {
                    p.first()
                        .is_some_and(|e| ce(kind, &e.source, &e.ty, &e.extra, !p.is_batch()))
                })
            }
            #[cfg(feature = "dts")]
            TriggerKind::Dts => confirm!(Dts, crate::events::dts::DtsEvent, |p| {
                p.first()
                    .is_some_and(|e| ce(kind, &e.source, &e.ty, &e.extra, !p.is_batch()))
            }),
            #[cfg(feature = "eventbridge")]
            TriggerKind::Eventbridge => confirm!(
                Eventbridge,
                crate::events::eventbridge::EventbridgeEvent,
                |p| {
                    p.first()
                        .is_some_and(|e| ce(kind, &e.source, &e.ty, &e.extra, !p.is_batch()))
                }
            ),
            #[cfg(feature = "rocketmq")]
            TriggerKind::Rocketmq => {
                confirm!(Rocketmq, crate::events::rocketmq::RocketmqEvent, |p| {
                    matches!(p.first(), Some(crate::events::rocketmq::RocketmqMessage::CloudEvent(e))
                    if ce(kind, &e.source, &e.ty, &e.extra, !p.is_batch()))
                })
            }
            _ => otherwise(bytes),
        }
    }

    /// Whether this is an MNS topic STREAM body: the one decode that accepts bytes that are not
    /// JSON, so the pre-scan's answer cannot be proven by it.
    fn is_stream_body(&self) -> bool {
        #[cfg(feature = "mns-topic")]
        if let Event::MnsTopic(crate::events::mns_topic::MnsTopicEvent::Stream(_)) = self {
            return true;
        }
        false
    }

    /// [`Event::from_slice`] by the reference path: [`detect::detect`], then the typed decode.
    #[doc(hidden)]
    pub fn from_slice_detected(bytes: &[u8]) -> Result<Event, DecodeError> {
        match detect::detect(bytes) {
            Ok(kind) => Event::from_slice_as(kind, bytes),
            Err(e) => Err(e),
        }
    }

    /// Encodes to the wire form of the kind (JSON for most; raw text for an MNS STREAM body).
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        struct F;
        impl PayloadFn<Result<Vec<u8>, EncodeError>> for F {
            fn call<P: Payload>(self, p: &P) -> Result<Vec<u8>, EncodeError> {
                p.encode()
            }
        }
        self.with_payload(F)
    }

    /// The JSON rendering as bytes.
    pub fn to_json_vec(&self) -> Result<Vec<u8>, EncodeError> {
        struct F;
        impl PayloadFn<Result<Vec<u8>, EncodeError>> for F {
            fn call<P: Payload>(self, p: &P) -> Result<Vec<u8>, EncodeError> {
                p.to_json_vec()
            }
        }
        self.with_payload(F)
    }

    /// The JSON rendering as a value.
    pub fn to_json_value(&self) -> Result<serde_json::Value, EncodeError> {
        struct F;
        impl PayloadFn<Result<serde_json::Value, EncodeError>> for F {
            fn call<P: Payload>(self, p: &P) -> Result<serde_json::Value, EncodeError> {
                p.to_json_value()
            }
        }
        self.with_payload(F)
    }

    /// Checks every validation rule of the kind; returns all faults (empty when valid).
    pub fn validate(&self) -> Vec<Fault> {
        struct F;
        impl PayloadFn<Vec<Fault>> for F {
            fn call<P: Payload>(self, p: &P) -> Vec<Fault> {
                crate::model::validate::validate(p)
            }
        }
        self.with_payload(F)
    }

    /// The CBOR rendering.
    #[cfg(feature = "cbor")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cbor")))]
    pub fn to_cbor_vec(&self) -> Result<Vec<u8>, EncodeError> {
        struct F;
        impl PayloadFn<Result<Vec<u8>, EncodeError>> for F {
            fn call<P: Payload>(self, p: &P) -> Result<Vec<u8>, EncodeError> {
                p.to_cbor_vec()
            }
        }
        self.with_payload(F)
    }
}

/// Validates raw bytes: decodes them (detecting the kind unless `kind` is given), then checks every
/// rule. Decoding faults come back as faults of the same form.
pub fn validate_slice(kind: Option<TriggerKind>, bytes: &[u8]) -> Report {
    let decoded = match kind {
        Some(k) => Event::from_slice_as(k, bytes),
        None => Event::from_slice(bytes),
    };
    match decoded {
        Ok(event) => Report {
            kind: Some(event.kind()),
            faults: event.validate(),
        },
        Err(e) => Report {
            kind: e.kind.or(kind),
            faults: vec![Fault::from(&e)],
        },
    }
}

/// A type a function handler can take as its input: [`Event`] (any kind, detected from the bytes)
/// or one kind's [`Payload`] type. The runtime package (`fc-events-runtime`) decodes each
/// invocation's body with it.
pub trait Incoming: Sized {
    /// Decodes the invocation body. Errors name the place of the fault.
    fn decode_incoming(bytes: &[u8]) -> Result<Self, DecodeError>;

    /// Every validation fault (empty when valid).
    fn faults(&self) -> Vec<Fault>;
}

impl Incoming for Event {
    fn decode_incoming(bytes: &[u8]) -> Result<Self, DecodeError> {
        Event::from_slice(bytes)
    }

    fn faults(&self) -> Vec<Fault> {
        self.validate()
    }
}

impl<P: Payload> Incoming for P {
    fn decode_incoming(bytes: &[u8]) -> Result<Self, DecodeError> {
        P::decode(bytes)
    }

    fn faults(&self) -> Vec<Fault> {
        crate::model::validate::validate(self)
    }
}
