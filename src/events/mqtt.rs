//! MQTT trigger (ApsaraMQ for MQTT / Micro Message Queue for IoT, FC 3.0): a batch of messages, **not**
//! CloudEvents.
//!
//! ```
//! use fc_events::mqtt::MqttEvent;
//!
//! let event = MqttEvent::from_slice(br#"[{"props":{"firstTopic":"testTopic",
//!   "secondTopic":"/testMq4","clientId":"consumerGroupID@@@xxx"},
//!   "body":"hello mq4Iot pub sub msg"}]"#)?;
//! let message = event.first().unwrap();
//! assert_eq!(message.props.first_topic, "testTopic");
//! assert_eq!(message.props.topic(), "testTopic/testMq4");
//! assert_eq!(message.body, "hello mq4Iot pub sub msg");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * The MQTT topic is split: `firstTopic` is the parent topic, `secondTopic` the rest (with its
//!   leading `/`), as the MQTT console shows them.
//! * `body` is the message payload as a string.
//! * A single `{props, body}` object is accepted as well as the array.
//!
//! Documented in the FC 3.0 help page "Formats of event for different triggers" (MQTT section).

use crate::events::batch::OneOrMany;
use crate::events::envelope::{Body, Record};
use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::kind::TriggerKind;
use crate::wire::Text;

/// The payload of an MQTT trigger: a batch of messages (a single one is accepted too).
pub type MqttEvent = OneOrMany<MqttMessage>;

crate::codec::wire_struct! {
    /// One MQTT message.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MqttMessage {
        /// Topic and client.
        "props" => pub props: MqttProps,
        /// The message payload.
        "body" => pub body: Text,
    }
}

crate::codec::wire_struct! {
    /// Where an MQTT message was published.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MqttProps {
        /// The parent topic.
        "firstTopic" => pub first_topic: Text,
        /// The subtopic path, starting with `/`. Sent by the one documented sample (the FC 3.0
        /// doc's), so validation requires it; decoding accepts its absence.
        #[cfg_attr(feature = "schema", schemars(required))]
        "secondTopic" => pub second_topic: Option<Text>,
        /// The publishing client (`{groupId}@@@{deviceId}`). Sent by the one documented sample, so
        /// validation requires it; decoding accepts its absence.
        #[cfg_attr(feature = "schema", schemars(required))]
        "clientId" => pub client_id: Option<Text>,
    }
}

impl MqttProps {
    /// The full topic: `firstTopic` followed by `secondTopic`.
    pub fn topic(&self) -> String {
        format!(
            "{}{}",
            self.first_topic,
            self.second_topic.as_deref().unwrap_or("")
        )
    }
}

impl Payload for MqttEvent {
    const KIND: TriggerKind = TriggerKind::Mqtt;
}

impl Validate for MqttMessage {
    fn validate(&self, v: &mut Validator) {
        v.at("props", |v| {
            v.non_empty("firstTopic", &self.props.first_topic);
            v.require(
                "secondTopic",
                self.props.second_topic.is_some(),
                "every documented MQTT message",
            );
            v.require(
                "clientId",
                self.props.client_id.is_some(),
                "every documented MQTT message",
            );
        });
    }
}

impl Record for MqttMessage {
    fn body(&self) -> Body<'_> {
        Body::Text {
            pointer: "/body",
            text: &self.body,
        }
    }
}
