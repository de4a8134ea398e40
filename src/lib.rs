//! Typed, lossless, validated models of the events that Alibaba Cloud Function Compute (FC) triggers
//! hand to a function.
//!
//! FC invokes a function with raw bytes whose shape depends on the trigger. This crate decodes those
//! bytes into typed structs, keeps every member it does not model (so re-encoding gives back what came
//! in), and tells trigger kinds apart:
//!
//! ```
//! use fc_events::{Event, TriggerKind};
//!
//! let bytes = br#"{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"nightly","payload":"go","x":1}"#;
//! let event = Event::from_slice(bytes)?;
//! assert_eq!(event.kind(), TriggerKind::Timer);
//! if let Event::Timer(timer) = &event {
//!     assert_eq!(timer.trigger_name, "nightly");
//!     assert_eq!(timer.extra.get("x").and_then(|v| v.as_i64()), Some(1));
//! }
//! // Lossless: the unknown member `x` comes back.
//! let again: serde_json::Value = serde_json::from_slice(&event.to_vec()?)?;
//! assert_eq!(again, serde_json::from_slice::<serde_json::Value>(bytes)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every per-trigger type also works directly with serde (`serde_json::from_slice::<OssEvent>(..)`).
//!
//! Design rules, the same in every module:
//! * Decoding is lenient: unknown members are kept in `extra`, unknown enum values in `Other`, `null`
//!   is treated like an absent member. Wrong types and missing required members fail with an error
//!   naming the place ([`DecodeError`]).
//! * Times and numbers are kept in their wire form ([`time`], [`NumberOrString`]) with typed accessors.
//! * One cargo feature per trigger, all on by default, beside `schema`, `cbor`, `trigger-config` and
//!   `compact` (the in-memory forms of [`Text`] and [`Map`]), also on by default; a handler can
//!   list only its kind (the README says what each feature compiles).
//!
//! The EventBridge-delivered kinds (MNS queue, RocketMQ, RabbitMQ, Kafka, DTS, EventBridge) share the
//! CloudEvents envelope of the `cloudevent` module; they and MQTT accept one record or a batch
//! (`batch::OneOrMany`) and turn a batch into the handler's own type record by record
//! (`parse_records`, see the `envelope` module).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// A build with only some trigger features leaves shared helpers unused; the full build checks them.
#![cfg_attr(
    not(all(
        feature = "all-kinds",
        feature = "trigger-config",
        feature = "schema",
        feature = "cbor"
    )),
    allow(dead_code, unused)
)]

// The crate in layers; a module imports only from the layers above it in this list (ARCHITECTURE.md,
// checked by tests/architecture.rs). This file only declares them and re-exports the public paths.
mod build; // 5b. test events: typed samples and constructors of every event type
mod codec; // 2. codecs
mod event; // 5. the `Event` enum, detection, samples
mod events; // 4. one module per trigger, and what several share
mod model; // 3. the payload, validation and schema-dialect contracts
mod registry; // the one list of kinds, a macro every layer may use
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema; // 7. schema export
#[cfg(feature = "trigger-config")]
#[cfg_attr(docsrs, doc(cfg(feature = "trigger-config")))]
pub mod trigger; // 6. trigger definitions
mod wire; // 1. wire primitives

pub use event::{detect, samples, Event, Incoming};
pub use model::Payload;
pub use wire::context;
pub use wire::{
    time, AnyValue, Base64Error, CborError, DecodeError, DecodeErrorDetail, EncodeError, JsonText,
    Location, Map, NumberOrString, Text, TriggerKind, UnknownKind, BLOB_KEY,
};

pub mod validate {
    //! Strict validation, kept apart from lenient decoding.
    //!
    //! Decoding accepts whatever the platform may send tomorrow; validation is the CI check that reports
    //! *every* fault in a payload, each with an RFC 6901 JSON Pointer, a stable [`code`] and a message that
    //! says what was expected and what was found. Unknown extra members are never faults.
    //!
    //! ```
    //! use fc_events::validate::{validate_slice, code};
    //!
    //! let report = validate_slice(None, br#"{"triggerTime":"yesterday","triggerName":"t","payload":""}"#);
    //! assert_eq!(report.kind, Some(fc_events::TriggerKind::Timer));
    //! assert_eq!(report.faults.len(), 1);
    //! assert_eq!(report.faults[0].pointer, "/triggerTime");
    //! assert_eq!(report.faults[0].code, code::FORMAT);
    //! ```

    pub use crate::event::validate_slice;
    pub use crate::model::validate::*;
}

#[cfg(feature = "apigw")]
pub use events::apigw;
#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub use events::batch;
#[cfg(feature = "cdn")]
pub use events::cdn;
#[cfg(feature = "cloudevents")]
pub use events::cloudevent;
#[cfg(feature = "datahub")]
pub use events::datahub;
#[cfg(feature = "fc-destination")]
pub use events::destination;
#[cfg(feature = "dts")]
pub use events::dts;
#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub use events::envelope;
#[cfg(feature = "eventbridge")]
pub use events::eventbridge;
#[cfg(feature = "http")]
pub use events::http;
#[cfg(feature = "iot")]
pub use events::iot;
#[cfg(feature = "kafka")]
pub use events::kafka;
#[cfg(feature = "mns-queue")]
pub use events::mns_queue;
#[cfg(feature = "mns-topic")]
pub use events::mns_topic;
#[cfg(feature = "mqtt")]
pub use events::mqtt;
#[cfg(feature = "oss")]
pub use events::oss;
#[cfg(feature = "rabbitmq")]
pub use events::rabbitmq;
#[cfg(feature = "rocketmq")]
pub use events::rocketmq;
#[cfg(feature = "sls")]
pub use events::sls;
#[cfg(feature = "system-event")]
pub use events::system_event;
#[cfg(feature = "tablestore")]
pub use events::tablestore;
#[cfg(feature = "timer")]
pub use events::timer;

/// The README's Rust examples, compiled and run as doc-tests.
#[cfg(all(doctest, feature = "oss", feature = "mns-queue", feature = "timer"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
