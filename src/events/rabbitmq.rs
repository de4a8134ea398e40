//! RabbitMQ trigger: AMQP messages delivered through EventBridge as CloudEvents.
//!
//! ```
//! use fc_events::rabbitmq::RabbitmqEvent;
//!
//! let event = RabbitmqEvent::from_slice(br#"[{"id":"bj69","source":"RabbitMQ-Function-trigger",
//!   "specversion":"1.0","type":"amqp:Queue:SendMessage","time":"2021-08-12T06:56:40.709Z",
//!   "data":{"envelope":{"deliveryTag":98,"exchange":"","redeliver":false,
//!   "routingKey":"housekeeping"},"body":{"Hello":"RabbitMQ"},
//!   "props":{"contentEncoding":"UTF-8","messageId":"f762"}}}]"#)?;
//! let data = event.first().unwrap().data.as_typed().unwrap();
//! assert_eq!(data.envelope.delivery_tag, 98);
//! assert_eq!(data.body.get("Hello").and_then(|v| v.as_str()), Some("RabbitMQ"));
//! assert_eq!(data.body_str(), None); // an object, not a string
//! assert_eq!(data.body.as_json_str(), r#"{"Hello":"RabbitMQ"}"#); // the text as sent
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `body` is a JSON object in the FC 3.0 doc and a plain string in the awesome-fc samples (JSON
//!   message bodies are presumably parsed by EventBridge): it is kept as the JSON text sent
//!   ([`JsonText`]), whatever the value.
//! * `envelope.exchange` is `""` for the default exchange.
//! * `props` holds AMQP 0-9-1 basic properties; only `contentEncoding` and `messageId` appear in
//!   samples. The others are modelled after the AMQP names, leniently typed; any other key is kept.
//! * The awesome-fc Java sample's `datacontenttype` literally reads `charsetu003dutf-8`.
//!
//! Documented in the FC help page "Formats of event for different triggers" (RabbitMQ section).

use std::borrow::Cow;

use crate::events::batch::OneOrMany;
use crate::events::cloudevent::{decode_degrading, CloudEvent, EventData, TypedData};
use crate::events::envelope::Body;
use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::any_value::Map;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::number::NumberOrString;
use crate::{JsonText, Text};

/// The payload of a RabbitMQ trigger: one event or a batch.
pub type RabbitmqEvent = OneOrMany<RabbitmqCloudEvent>;

/// One RabbitMQ message as a CloudEvent; `data` that is not a RabbitMQ message is kept as received
/// ([`TypedData::Unfit`]).
pub type RabbitmqCloudEvent = CloudEvent<TypedData<RabbitmqData>>;

crate::codec::wire_struct! {
    /// The `data` of a RabbitMQ event. The evidence is the 4 events in
    /// `tests/fixtures/real/rabbitmq/` (FC 3.0 doc, awesome-fc Go and Java).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct RabbitmqData {
        /// Delivery information. Sent by every documented sample.
        "envelope" => pub envelope: RabbitmqEnvelope,
        /// AMQP basic properties. Sent by every documented sample.
        "props" => pub props: RabbitmqProps,
        /// The message body: a string, or JSON, kept as the JSON text sent. Sent by every
        /// documented sample.
        "body" => pub body: JsonText,
    }
}

impl RabbitmqData {
    /// The body when it is a string (unescaped).
    pub fn body_str(&self) -> Option<Cow<'_, str>> {
        self.body.as_str()
    }
}

crate::codec::wire_struct! {
    /// AMQP delivery information. Every member is sent by every documented sample.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct RabbitmqEnvelope {
        /// The delivery tag.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        "deliveryTag" => pub delivery_tag: i64,
        /// The exchange; `""` for the default exchange.
        "exchange" => pub exchange: Text,
        /// Whether the message is being redelivered.
        "redeliver" => pub redeliver: bool,
        /// The routing key.
        "routingKey" => pub routing_key: Text,
    }
}

crate::codec::wire_struct! {
    /// AMQP 0-9-1 basic properties (only `contentEncoding` and `messageId` are seen in samples).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct RabbitmqProps {
        /// `content-encoding`, e.g. `UTF-8`. In the FC 3.0 doc's sample; absent from both
        /// awesome-fc samples.
        "contentEncoding" => pub content_encoding: Option<Text>,
        /// `message-id`. Sent by every documented sample, so validation requires it; decoding
        /// accepts its absence (an AMQP message need not have one).
        #[cfg_attr(feature = "schema", schemars(required))]
        "messageId" => pub message_id: Option<Text>,
        /// `content-type`.
        "contentType" => pub content_type: Option<Text>,
        /// `correlation-id`.
        "correlationId" => pub correlation_id: Option<Text>,
        /// `reply-to`.
        "replyTo" => pub reply_to: Option<Text>,
        /// `expiration`.
        "expiration" => pub expiration: Option<Text>,
        /// `type`.
        "type" => pub message_type: Option<Text>,
        /// `user-id`.
        "userId" => pub user_id: Option<Text>,
        /// `app-id`.
        "appId" => pub app_id: Option<Text>,
        /// `delivery-mode` (1 transient, 2 persistent).
        "deliveryMode" => pub delivery_mode: Option<NumberOrString>,
        /// `priority`.
        "priority" => pub priority: Option<NumberOrString>,
        /// `timestamp` (encoding not documented).
        "timestamp" => pub timestamp: Option<NumberOrString>,
        /// Message headers.
        "headers" => pub headers: Option<Map>,
    }
}

impl Payload for RabbitmqEvent {
    const KIND: TriggerKind = TriggerKind::Rabbitmq;

    /// Decodes JSON; `data` that is not a RabbitMQ message degrades to [`TypedData::Unfit`]
    /// instead of failing the event.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        decode_degrading(Self::KIND, bytes)
    }
}

impl Validate for RabbitmqData {
    fn validate(&self, v: &mut Validator) {
        v.at("envelope", |v| {
            v.non_negative("deliveryTag", self.envelope.delivery_tag);
        });
        v.at("props", |v| {
            v.require(
                "messageId",
                self.props.message_id.is_some(),
                "every documented RabbitMQ event",
            );
            for (key, n) in [
                ("deliveryMode", &self.props.delivery_mode),
                ("priority", &self.props.priority),
            ] {
                if let Some(n) = n {
                    if let Some(i) = v.integer(key, n) {
                        v.non_negative(key, i);
                    }
                }
            }
        });
    }
}

impl EventData for RabbitmqData {
    const TYPE_PREFIX: Option<&'static str> = Some("amqp:");
    const DESCRIPTION: &'static str = "a RabbitMQ message";
    /// Every documented RabbitMQ event carries these (4 of 4 in the corpus); the other aliyun*
    /// extensions are absent from both awesome-fc samples.
    const ALWAYS_SENT: &'static [&'static str] = &["datacontenttype", "subject", "aliyunaccountid"];
    fn validate_data(&self, v: &mut Validator) {
        self.validate(v);
    }
    fn body(&self) -> Body<'_> {
        Body::JsonText {
            pointer: "/data/body",
            text: &self.body,
        }
    }
}
