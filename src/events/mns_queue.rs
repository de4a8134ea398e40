//! MNS (Simple Message Queue) queue trigger: messages delivered through EventBridge as CloudEvents.
//!
//! One event, or an array of them when the trigger runs in event-streaming mode with a batch window:
//!
//! ```
//! use fc_events::mns_queue::MnsQueueEvent;
//!
//! let event = MnsQueueEvent::from_slice(br#"{"id":"2C54","source":"MNS-fn-trigger",
//!   "specversion":"1.0","type":"mns:Queue:SendMessage",
//!   "subject":"acs:mns:cn-hangzhou:1431999136518149:queues/fc-example",
//!   "time":"2022-07-22T06:34:27.9Z","aliyunaccountid":"1431999136518149",
//!   "data":{"requestId":"62DA44F3","messageId":"2C5424F2",
//!   "messageBody":"bW9jayBtbnMgcXVldWUgbWVzc2FnZQ=="}}"#)?;
//! assert!(!event.is_batch());
//! let message = event.first().unwrap().data.as_typed().unwrap();
//! assert_eq!(message.decode_body_base64()?, b"mock mns queue message");
//! assert_eq!(message.body_text(), "mock mns queue message");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `messageBody` is a string that may be base64: the producer decides, and so does the trigger's
//!   `IsBase64Decode` setting (EventBridge decodes it first when set). The payload does not say which,
//!   so the body is kept as received; [`MnsQueueData::decode_body_base64`] reports when it is not base64
//!   (the samples hold both plain `"TEST"` and base64, one without its `=` padding, which is accepted).
//! * `source` is the event bus name `MNS-{function}-{trigger}`; `type` is `mns:Queue:SendMessage`.
//!
//! Documented in the FC help page "Formats of event for different triggers" (MNS queue section); the
//! fc-runtime-go-sdk `MnsQueueEvent` models the single form only.

use crate::events::batch::OneOrMany;
use crate::events::cloudevent::{decode_degrading, CloudEvent, EventData, TypedData};
use crate::events::envelope::{decode_base64, Base64Error, Body};
use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::Text;

/// The payload of an MNS queue trigger: one event or a batch.
pub type MnsQueueEvent = OneOrMany<MnsQueueCloudEvent>;

/// One MNS queue message as a CloudEvent; `data` that is not a queue message is kept as received
/// ([`TypedData::Unfit`]).
pub type MnsQueueCloudEvent = CloudEvent<TypedData<MnsQueueData>>;

crate::codec::wire_struct! {
    /// The `data` of an MNS queue event: one queue message. Every member is sent by every
    /// documented sample (the FC 3.0 doc, fc-runtime-go-sdk, awesome-fc: 13 events in
    /// `tests/fixtures/real/mns-queue/`), so decoding requires each one.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MnsQueueData {
        /// The MNS request id. Sent by every documented sample.
        "requestId" => pub request_id: Text,
        /// The message id. Sent by every documented sample.
        "messageId" => pub message_id: Text,
        /// The message body as received: plain text, or base64 (see the module notes). Sent by
        /// every documented sample.
        "messageBody" => pub message_body: Text,
    }
}

impl MnsQueueData {
    /// Decodes `messageBody` as standard base64 (padding optional); an error says why it is not
    /// base64.
    pub fn decode_body_base64(&self) -> Result<Vec<u8>, Base64Error> {
        decode_base64(&self.message_body)
    }

    /// The body as text: the decoded text when the body is base64 of UTF-8 text, else the body as
    /// received. A heuristic for handlers that do not know the trigger's `IsBase64Decode` setting: a
    /// plain body that happens to be base64 of UTF-8 text (rare; `"TEST"` is base64 of bytes that are
    /// not UTF-8) would be decoded too.
    pub fn body_text(&self) -> String {
        self.decode_body_base64()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| self.message_body.to_string())
    }
}

impl Payload for MnsQueueEvent {
    const KIND: TriggerKind = TriggerKind::MnsQueue;

    /// Decodes JSON; `data` that is not a queue message degrades to [`TypedData::Unfit`] instead of
    /// failing the event.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        decode_degrading(Self::KIND, bytes)
    }
}

impl Validate for MnsQueueData {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("messageId", &self.message_id);
    }
}

impl EventData for MnsQueueData {
    const TYPE_PREFIX: Option<&'static str> = Some("mns:");
    const DESCRIPTION: &'static str = "an MNS queue message";
    /// Every documented MNS queue event carries these (13 of 13 in the corpus).
    const ALWAYS_SENT: &'static [&'static str] = &[
        "datacontenttype",
        "subject",
        "aliyunaccountid",
        "aliyunpublishtime",
        "aliyunoriginalaccountid",
        "aliyuneventbusname",
        "aliyunregionid",
        "aliyunpublishaddr",
    ];
    fn validate_data(&self, v: &mut Validator) {
        self.validate(v);
    }
    fn body(&self) -> Body<'_> {
        Body::MaybeBase64 {
            pointer: "/data/messageBody",
            text: &self.message_body,
        }
    }
}
