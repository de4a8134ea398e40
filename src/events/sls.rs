//! SLS (Log Service) trigger: ETL cursor jobs.
//!
//! A Log Service trigger runs an ETL job on a schedule; each run invokes the function with the shard
//! and the cursor range of logs that arrived since the last run:
//!
//! ```
//! use fc_events::sls::SlsEvent;
//!
//! let bytes = br#"{"parameter":{"target":"archive"},"source":{
//!   "endpoint":"http://cn-hangzhou-intranet.log.aliyuncs.com","projectName":"my-project",
//!   "logstoreName":"my-logstore","shardId":0,"beginCursor":"MTUyOTQ4MDIwOTY1NTk3ODQ2Mw==",
//!   "endCursor":"MTUyOTQ4MDIwOTY1NTk3ODQ2NA=="},"jobName":"1f7043ced683de1a4e3d8d70b5a412843d817a39",
//!   "taskId":"c2691505-38da-4d1b-998a-f1d4bb8c9994","cursorTime":1529486425}"#;
//! let event = SlsEvent::from_slice(bytes)?;
//! assert_eq!(event.source.logstore_name, "my-logstore");
//! assert_eq!(event.parameter.get("target"), Some(&serde_json::json!("archive")));
//! assert_eq!(event.cursor_time.to_datetime()?.timestamp(), 1_529_486_425);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `parameter` is whatever the user configured as the trigger's invocation parameters: any JSON
//!   (`{}` by default), kept as the JSON text sent ([`JsonText`]).
//! * `cursorTime` is **epoch seconds** (the arrival time of the last log), a JSON number.
//! * `beginCursor` / `endCursor` are opaque tokens that look like base64; pass them to
//!   `GetLogs`/`PullLogs` unchanged.
//! * `endpoint` is the intranet endpoint of the project's region, with its scheme
//!   (`http://cn-hangzhou-intranet.log.aliyuncs.com`).
//!
//! Validation: `cursorTime` within years 2000–2100 in seconds, `shardId` not negative, `endpoint`,
//! `projectName` and `logstoreName` not empty.
//!
//! The same in FC 2.0 and 3.0 (FC help page "Formats of event for different triggers", Log Service
//! section).
//!
//! Evidence (member audit): the fc3-doc, go-sdk, devsapp and awesome-fc samples and the awesome-fc and
//! SLS docs' README events in the corpus (`tests/fixtures/real/sls/`). Every modelled member is sent by all
//! of them; nothing changed. The `parameter` members differ per job and are kept as JSON text.

use crate::model::validate::{Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::EpochSeconds;
use crate::{JsonText, Text};

crate::codec::wire_struct! {
    /// The payload of a Log Service trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SlsEvent {
        /// The trigger's invocation parameters, as configured (any JSON; `{}` by default).
        ///
        /// Sent by every documented sample and capture.
        "parameter" => pub parameter: JsonText,
        /// Where the logs are: project, logstore, shard and cursor range.
        ///
        /// Sent by every documented sample and capture.
        "source" => pub source: SlsSource,
        /// The id of the ETL job (40 hex characters).
        ///
        /// Sent by every documented sample and capture.
        "jobName" => pub job_name: Text,
        /// The id of this run (a UUID).
        ///
        /// Sent by every documented sample and capture.
        "taskId" => pub task_id: Text,
        /// Arrival time of the last log in the range, in epoch seconds.
        ///
        /// Sent by every documented sample and capture.
        "cursorTime" => pub cursor_time: EpochSeconds,
    }
}

impl SlsEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }
}

crate::codec::wire_struct! {
    /// The `source` member: the shard and cursor range to read.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SlsSource {
        /// The Log Service endpoint, e.g. `http://cn-hangzhou-intranet.log.aliyuncs.com`.
        ///
        /// Sent by every documented sample and capture.
        "endpoint" => pub endpoint: Text,
        /// The project name.
        ///
        /// Sent by every documented sample and capture.
        "projectName" => pub project_name: Text,
        /// The logstore name.
        ///
        /// Sent by every documented sample and capture.
        "logstoreName" => pub logstore_name: Text,
        /// The shard id.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        ///
        /// Sent by every documented sample and capture.
        "shardId" => pub shard_id: i64,
        /// Cursor of the first log to read (opaque token).
        ///
        /// Sent by every documented sample and capture.
        "beginCursor" => pub begin_cursor: Text,
        /// Cursor after the last log to read (opaque token).
        ///
        /// Sent by every documented sample and capture.
        "endCursor" => pub end_cursor: Text,
    }
}

impl Payload for SlsEvent {
    const KIND: TriggerKind = TriggerKind::Sls;
}

impl Validate for SlsEvent {
    fn validate(&self, v: &mut Validator) {
        v.field("source", &self.source);
        v.epoch("cursorTime", self.cursor_time.0, 1);
    }
}

impl Validate for SlsSource {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("endpoint", &self.endpoint);
        v.non_empty("projectName", &self.project_name);
        v.non_empty("logstoreName", &self.logstore_name);
        v.non_negative("shardId", self.shard_id);
    }
}
