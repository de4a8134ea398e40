//! Trigger definitions: the other half of each trigger.
//!
//! The event modules describe what a trigger delivers; this module describes the trigger that
//! produces it, as the FC OpenAPI (`CreateTrigger`, `GetTrigger`, `ListTriggers`) and console exports
//! write it: `triggerName`, `triggerType`, `sourceArn`, `invocationRole`, `qualifier`, `description`
//! and a `triggerConfig` whose shape depends on `triggerType`. Definitions are decoded losslessly,
//! validated with JSON Pointers, checked for conflicts, and matched against events:
//!
//! ```
//! use fc_events::trigger::{TriggerConfig, TriggerDefinitions};
//! use fc_events::validate::code;
//!
//! let file = TriggerDefinitions::from_slice(br#"[
//!   {"triggerName": "zips", "triggerType": "oss",
//!    "sourceArn": "acs:oss:cn-hangzhou:123456789:my-bucket",
//!    "invocationRole": "acs:ram::123456789:role/aliyunosseventnotificationrole",
//!    "qualifier": "LATEST",
//!    "triggerConfig": {"events": ["oss:ObjectCreated:*"],
//!                      "filter": {"key": {"prefix": "source", "suffix": "zip"}}}},
//!   {"triggerName": "all-source", "triggerType": "oss",
//!    "sourceArn": "acs:oss:cn-hangzhou:123456789:my-bucket",
//!    "triggerConfig": {"events": ["oss:ObjectCreated:PutObject"],
//!                      "filter": {"key": {"prefix": "source", "suffix": ""}}}}
//! ]"#)?;
//! let zips = &file.definitions()[0];
//! assert!(matches!(&zips.trigger_config, Some(TriggerConfig::Oss(c)) if c.matches("ObjectCreated:PutObject", "source/a.zip")));
//!
//! // The second trigger would fire on the same upload as the first: a conflict.
//! let faults = file.check();
//! assert_eq!(faults.len(), 1);
//! assert_eq!(faults[0].pointer, "/1/triggerConfig");
//! assert_eq!(faults[0].code, code::CONFLICT);
//! assert!(faults[0].message.contains("\"sourcezip\""));
//! # Ok::<(), fc_events::DecodeError>(())
//! ```
//!
//! Quirks:
//! * FC 3.0's OpenAPI sends `triggerConfig` as a JSON **string**; FC 2.0 and Serverless Devs send an
//!   object. Both decode to the same [`TriggerConfig`]; the string is written back as received
//!   ([`ConfigForm`]).
//! * `triggerConfig` is typed by the sibling `triggerType`, in whichever order they come. An unknown
//!   type keeps its configuration as received ([`TriggerConfig::Other`]).
//! * OSS event names carry the `oss:` prefix here (`oss:ObjectCreated:*`) but not in event payloads
//!   (`ObjectCreated:PutObject`); matching accepts both ([`fire`]).
//! * Cron expressions have six fields with seconds and run in UTC (Beijing 12:00 is `0 0 4 * * *`);
//!   see [`cron`].
//! * JSON only: YAML (Serverless Devs `s.yaml`) is not read here; [`TriggerDefinitions::from_any`]
//!   takes a document parsed by any serde format.
//!
//! Documented in the FC guide's trigger chapters (trigger concepts and each trigger's configuration
//! table, the OSS trigger rules) and in the FC OpenAPI reference (`CreateTrigger` and the
//! `*TriggerConfig` structures).

pub mod arn;
pub mod config;
pub mod conflict;
pub mod cron;
mod definition;
mod file;
pub mod fire;

pub use arn::{Qualifier, SourceArn};
pub use config::{
    CdnTriggerConfig, EventBridgeTriggerConfig, HttpTriggerConfig, MnsTopicTriggerConfig,
    OssTriggerConfig, SlsTriggerConfig, TablestoreTriggerConfig, TimerTriggerConfig,
};
pub use conflict::{conflicts, Conflict};
pub use cron::{next_fire_times, CronError, CronSchedule};
pub use definition::{ConfigForm, TriggerConfig, TriggerDefinition};
pub use file::{
    check_config_files, check_config_slice, check_named_config_files, ConfigConflict, ConfigReport,
    ConflictMember, TriggerDefinitions, TriggerList,
};
pub use fire::EventMatch;

use crate::model::dialect::Draft;
use crate::wire::kind::TriggerKind;

crate::codec::open_enum! {
    /// `triggerType`: the FC names of the trigger types.
    closed pub enum TriggerType {
        /// Object Storage Service.
        Oss = "oss",
        /// Log Service (SLS).
        Log = "log",
        /// Timer.
        Timer = "timer",
        /// HTTP.
        Http = "http",
        /// Tablestore.
        Tablestore = "tablestore",
        /// CDN events.
        CdnEvents = "cdn_events",
        /// MNS topic.
        MnsTopic = "mns_topic",
        /// EventBridge (MNS queue, RocketMQ, RabbitMQ, Kafka, DTS, EventBridge-based OSS, …).
        EventBridge = "eventbridge",
    }
}

impl TriggerType {
    /// The event kind this trigger type delivers (`None` for EventBridge triggers, which deliver
    /// several, and for unknown types).
    pub fn event_kind(&self) -> Option<TriggerKind> {
        Some(match self {
            TriggerType::Oss => TriggerKind::Oss,
            TriggerType::Log => TriggerKind::Sls,
            TriggerType::Timer => TriggerKind::Timer,
            TriggerType::Http => TriggerKind::HttpRequest,
            TriggerType::Tablestore => TriggerKind::Tablestore,
            TriggerType::CdnEvents => TriggerKind::Cdn,
            TriggerType::MnsTopic => TriggerKind::MnsTopic,
            _ => return None,
        })
    }

    /// The ARN service of this type's `sourceArn` (`None` when the type has no source ARN).
    pub fn source_service(&self) -> Option<&'static str> {
        match self {
            TriggerType::Oss => Some("oss"),
            TriggerType::Log => Some("log"),
            TriggerType::Tablestore => Some("ots"),
            TriggerType::CdnEvents => Some("cdn"),
            TriggerType::MnsTopic => Some("mns"),
            _ => None,
        }
    }
}

/// The file name the definition-file schema is exported under.
pub const SCHEMA_FILE: &str = "trigger-config.schema.json";

/// The JSON Schema of a trigger definition file ([`TriggerDefinitions`]): one definition, an array,
/// or `{"triggers": [...]}`; each definition's `triggerConfig` constrained by its `triggerType`.
///
/// ```
/// use fc_events::{schema::Draft, trigger};
///
/// let s = trigger::schema(Draft::Draft07);
/// assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
/// assert!(s["definitions"]["OssTriggerConfig"].is_object());
/// ```
pub fn schema(draft: Draft) -> serde_json::Value {
    let mut generator = draft.settings().into_generator();
    generator.root_schema_for::<TriggerDefinitions>().to_value()
}
