//! The [`Event`] enum over every trigger, and the [`Payload`] trait each trigger's type implements.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::detect;
use crate::error::{DecodeError, EncodeError, Location};
use crate::kind::TriggerKind;
use crate::validate::{Fault, Validate};

/// A trigger payload type: how it is decoded from and encoded to its wire bytes.
///
/// The defaults are JSON; triggers whose wire is not always JSON (MNS topic STREAM, Tablestore CBOR)
/// override `decode` and `encode`.
pub trait Payload: Sized + Serialize + DeserializeOwned + Validate + schemars::JsonSchema {
    /// The kind this type models.
    const KIND: TriggerKind;

    /// Decodes wire bytes. Errors name the place of the fault.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        crate::codec::decode::json(Self::KIND, bytes)
    }

    /// Encodes to the wire form (JSON for most triggers).
    fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        Ok(crate::json_text::to_json_vec(self)?)
    }

    /// The JSON rendering as a value (bytes become `{"$blob": "<base64>"}`).
    fn to_json_value(&self) -> Result<serde_json::Value, EncodeError> {
        Ok(serde_json::to_value(self)?)
    }

    /// The JSON rendering as bytes.
    fn to_json_vec(&self) -> Result<Vec<u8>, EncodeError> {
        Ok(crate::json_text::to_json_vec(self)?)
    }

    /// The CBOR rendering (definite lengths).
    fn to_cbor_vec(&self) -> Result<Vec<u8>, EncodeError> {
        Ok(serde_cbor::to_vec(self)?)
    }
}

macro_rules! events {
    ($( $feature:literal => $variant:ident($ty:ty), )*) => {
        /// A decoded payload of any trigger kind.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            $(
                #[cfg(feature = $feature)]
                #[doc = concat!("A `", stringify!($variant), "` payload.")]
                $variant($ty),
            )*
        }

        impl Event {
            /// The kind of this payload.
            pub fn kind(&self) -> TriggerKind {
                match *self {
                    $( #[cfg(feature = $feature)] Event::$variant(_) => <$ty as Payload>::KIND, )*
                }
            }

            /// Decodes bytes as the given kind.
            pub fn from_slice_as(kind: TriggerKind, bytes: &[u8]) -> Result<Event, DecodeError> {
                $(
                    #[cfg(feature = $feature)]
                    if kind == <$ty as Payload>::KIND {
                        return <$ty as Payload>::decode(bytes).map(Event::$variant);
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
            pub(crate) fn schema_of(kind: TriggerKind, generator: &mut schemars::SchemaGenerator) -> Option<schemars::Schema> {
                $(
                    #[cfg(feature = $feature)]
                    if kind == <$ty as Payload>::KIND {
                        return Some(generator.root_schema_for::<$ty>());
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
            impl From<$ty> for Event {
                fn from(p: $ty) -> Event {
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

events! {
    "oss" => Oss(crate::oss::OssEvent),
    "mns-topic" => MnsTopic(crate::mns_topic::MnsTopicEvent),
    "sls" => Sls(crate::sls::SlsEvent),
    "cdn" => Cdn(crate::cdn::CdnEvent),
    "timer" => Timer(crate::timer::TimerEvent),
    "apigw" => ApigwRequest(crate::apigw::ApigwRequest),
    "apigw" => ApigwResponse(crate::apigw::ApigwResponse),
    "http" => HttpRequest(crate::http::HttpRequest),
    "http" => HttpResponse(crate::http::HttpResponse),
    "system-event" => SystemEvent(crate::system_event::SystemEvent),
    "iot" => Iot(crate::iot::IotEvent),
    "mns-queue" => MnsQueue(crate::mns_queue::MnsQueueEvent),
    "rocketmq" => Rocketmq(crate::rocketmq::RocketmqEvent),
    "rabbitmq" => Rabbitmq(crate::rabbitmq::RabbitmqEvent),
    "kafka" => Kafka(crate::kafka::KafkaEvent),
    "dts" => Dts(crate::dts::DtsEvent),
    "mqtt" => Mqtt(crate::mqtt::MqttEvent),
    "eventbridge" => Eventbridge(crate::eventbridge::EventbridgeEvent),
    "tablestore" => Tablestore(crate::tablestore::TablestoreEvent),
}

impl Event {
    /// Detects the kind from the bytes and decodes them.
    ///
    /// CBOR maps are Tablestore records; text that is not a JSON object or array is an MNS topic
    /// STREAM body; JSON is told apart by its members (see [`crate::detect`]). IoT payloads are
    /// arbitrary JSON and are never detected: use [`Event::from_slice_as`].
    pub fn from_slice(bytes: &[u8]) -> Result<Event, DecodeError> {
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
                crate::validate::validate(p)
            }
        }
        self.with_payload(F)
    }

    /// The CBOR rendering.
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
        crate::validate::validate(self)
    }
}
