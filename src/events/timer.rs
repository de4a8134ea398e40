//! Timer trigger: scheduled invocations.
//!
//! ```
//! use fc_events::timer::TimerEvent;
//!
//! let event = TimerEvent::from_slice(
//!     br#"{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"timer-trigger","payload":"awesome-fc"}"#,
//! )?;
//! assert_eq!(event.trigger_name, "timer-trigger");
//! assert_eq!(event.payload.as_deref(), Some("awesome-fc"));
//! assert_eq!(event.trigger_time.to_utc()?.timestamp(), 1_703_576_940);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `triggerTime` is RFC 3339 in UTC without a fraction.
//! * `payload` is the trigger's configured message, always passed as a **string**: JSON typed into the
//!   console arrives escaped, not as an object ([`TimerEvent::payload_json`] parses it). Whether the
//!   member is absent or `""` when nothing is configured is not documented; both decode.
//!
//! The same in FC 2.0 and 3.0 (FC help page "Formats of event for different triggers", timer section).
//!
//! Evidence (member audit): the fc3-doc, go-sdk and awesome-fc samples, an awesome-fc `s invoke`
//! event, two FC call-log captures (awesome-fc Node.js and Python READMEs, added to the corpus) and
//! FORMATS.md. All three members are sent by every source. `payload` stays optional to decoding (FORMATS.md:
//! an unconfigured message is unverified) and validation now requires it (`/payload`).

use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::Rfc3339;
use crate::wire::Text;

crate::codec::wire_struct! {
    /// The payload of a timer trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    #[cfg_attr(feature = "schema", schemars(transform = payload_required))]
    pub struct TimerEvent {
        /// When the trigger fired (RFC 3339, UTC, e.g. `2023-12-26T07:49:00Z`).
        ///
        /// Sent by every documented sample and capture.
        "triggerTime" => pub trigger_time: Rfc3339,
        /// The timer trigger's name.
        ///
        /// Sent by every documented sample and capture.
        "triggerName" => pub trigger_name: Text,
        /// The configured trigger message, as a string.
        ///
        /// Sent by every documented sample and capture (two FC call-log captures included); optional to decoding (whether an unconfigured message is absent or `""` is unverified), required by validation.
        "payload" => pub payload: Option<Text>,
    }
}

/// The schema of [`TimerEvent`]: `payload` required, as validation requires it.
#[cfg(feature = "schema")]
fn payload_required(schema: &mut schemars::Schema) {
    crate::model::dialect::require_members(schema, &["payload"]);
}

impl TimerEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// Parses the payload string as JSON, for triggers configured with a JSON message.
    /// `None` when there is no payload.
    pub fn payload_json(&self) -> Option<Result<serde_json::Value, serde_json::Error>> {
        self.payload.as_deref().map(serde_json::from_str)
    }
}

impl Payload for TimerEvent {
    const KIND: TriggerKind = TriggerKind::Timer;
}

impl Validate for TimerEvent {
    fn validate(&self, v: &mut Validator) {
        v.rfc3339("triggerTime", &self.trigger_time);
        v.require(
            "payload",
            self.payload.is_some(),
            "every documented timer event",
        );
    }
}
