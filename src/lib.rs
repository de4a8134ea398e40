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
//! * One cargo feature per trigger, all on by default.
//!
//! The EventBridge-delivered kinds (MNS queue, RocketMQ, RabbitMQ, Kafka, DTS, EventBridge) share the
//! CloudEvents envelope of the `cloudevent` module; they and MQTT accept one record or a batch
//! (`batch::OneOrMany`) and turn a batch into the handler's own type record by record
//! (`parse_records`, see the `envelope` module).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// A build with only some trigger features leaves shared helpers unused; the full build checks them.
#![cfg_attr(
    not(all(feature = "all-kinds", feature = "trigger-config")),
    allow(dead_code, unused)
)]

mod codec;

pub mod detect;
mod error;
mod event;
mod json_text;
mod kind;
mod number;
pub mod samples;
pub mod schema;
mod text;
pub mod time;
pub mod validate;
mod value;
#[cfg(any(feature = "apigw", feature = "http"))]
mod web;

#[cfg(feature = "apigw")]
pub mod apigw;
#[cfg(feature = "cdn")]
pub mod cdn;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "iot")]
pub mod iot;
#[cfg(feature = "mns-topic")]
pub mod mns_topic;
#[cfg(feature = "oss")]
pub mod oss;
#[cfg(feature = "sls")]
pub mod sls;
#[cfg(feature = "system-event")]
pub mod system_event;
#[cfg(feature = "tablestore")]
pub mod tablestore;
#[cfg(feature = "timer")]
pub mod timer;
#[cfg(feature = "trigger-config")]
pub mod trigger;

#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub mod batch;
#[cfg(feature = "cloudevents")]
pub mod cloudevent;
#[cfg(feature = "dts")]
pub mod dts;
#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub mod envelope;
#[cfg(feature = "eventbridge")]
pub mod eventbridge;
#[cfg(feature = "kafka")]
pub mod kafka;
#[cfg(feature = "mns-queue")]
pub mod mns_queue;
#[cfg(feature = "mqtt")]
pub mod mqtt;
#[cfg(feature = "rabbitmq")]
pub mod rabbitmq;
#[cfg(feature = "rocketmq")]
pub mod rocketmq;

pub use error::{DecodeError, DecodeErrorDetail, EncodeError, Location};
pub use event::{Event, Payload};
pub use json_text::JsonText;
pub use kind::{TriggerKind, UnknownKind};
pub use number::NumberOrString;
pub use text::Text;
pub use value::{AnyValue, Map, BLOB_KEY};

/// The README's Rust examples, compiled and run as doc-tests.
#[cfg(all(doctest, feature = "oss", feature = "mns-queue"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
