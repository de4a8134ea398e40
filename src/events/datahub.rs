//! DataHub trigger: records of a DataHub topic, delivered by the topic's Function Compute connector.
//!
//! A DataHub connector (DataConnector of type Function Compute, configured on the topic) invokes the
//! function with a batch of records of one topic:
//!
//! ```
//! use fc_events::datahub::DatahubEvent;
//!
//! let event = DatahubEvent::from_slice(br#"{"eventSource":"acs:datahub",
//!   "eventName":"acs:datahub:putRecord",
//!   "eventSourceARN":"/projects/test_project_name/topics/test_topic_name",
//!   "region":"cn-hangzhou",
//!   "records":[{"eventId":"0:12345","systemTime":1463000123000,
//!     "data":"[\"col1's value\",\"col2's value\"]"}]}"#)?;
//! assert_eq!(event.project(), Some("test_project_name"));
//! assert_eq!(event.topic(), Some("test_topic_name"));
//! let record = &event.records[0];
//! assert_eq!(record.shard_id(), Some("0"));
//! assert_eq!(record.sequence(), Some(12345));
//! assert_eq!(record.system_time.to_datetime()?.timestamp(), 1_463_000_123);
//! let columns = record.columns()?;
//! assert_eq!(columns, [Some("col1's value".to_owned()), Some("col2's value".to_owned())]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `eventSourceARN` is not an ARN: it is the path `/projects/<project>/topics/<topic>`
//!   ([`DatahubEvent::project`], [`DatahubEvent::topic`]).
//! * `eventId` is `<shardId>:<sequenceNumber>` ([`DatahubRecord::shard_id`],
//!   [`DatahubRecord::sequence`]); `systemTime` is when the record was stored in DataHub, epoch
//!   **milliseconds** as a JSON number.
//! * `data` is always a **string**. For a TUPLE topic it holds the JSON text of the column values,
//!   an array with one string per column of the topic's schema ([`DatahubRecord::columns`]); for a
//!   BLOB topic it is the record's data as text. The DataHub documentation describes the TUPLE form
//!   as "a list whose elements are strings", but its own example and every published payload send
//!   that list as JSON text inside a string, so the model keeps the string (the payload wins over
//!   the wording). The documentation gives no encoding for BLOB data; [`DatahubRecord::data_base64`]
//!   decodes it for producers that write base64 text.
//! * `eventSource` is always `acs:datahub` and `eventName` `acs:datahub:putRecord`; validation
//!   treats both as closed sets. Unknown values still decode (and round-trip).
//!
//! Validation: `eventSource` and `eventName` (`enum`); `eventSourceARN` in the path form and
//! `eventId` as `<digits>:<digits>` (`format`); `systemTime` between the years 2000 and 2100 in
//! milliseconds (`range`); at least one record (`range`).
//!
//! Documented by DataHub, not by Function Compute: the DataHub help page "创建同步Fc" / "Synchronize
//! data to Function Compute" (help.aliyun.com/document_detail/158822.htm), section "Event结构定义",
//! which defines every member. The FC 2.0 help page "Formats of event for different triggers"
//! (doc 70140) once had a DataHub section; the FC 3.0 page has none. The published payloads (the
//! DataHub page's example, repeated in a funcraft-era fc-helper example and in a user's notes with
//! other column values) all have TUPLE data.
//!
//! Evidence (member audit): the fc-helper example and the user notes in the corpus, and FORMATS.md's
//! "learned from published payloads". Every member is sent by all of them; nothing changed.

use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::EpochMillis;
use crate::wire::Text;

crate::codec::wire_struct! {
    /// The payload of a DataHub trigger: a batch of records of one topic.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DatahubEvent {
        /// Always `acs:datahub`.
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "eventSource" => pub event_source: DatahubEventSource,
        /// Always `acs:datahub:putRecord`.
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "eventName" => pub event_name: DatahubEventName,
        /// The topic, as the path `/projects/<project>/topics/<topic>` (not an ARN).
        #[cfg_attr(feature = "schema", schemars(regex(pattern = "^/projects/[^/]+/topics/[^/]+$")))]
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "eventSourceARN" => pub event_source_arn: Text,
        /// The region of the DataHub project, e.g. `cn-hangzhou`.
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "region" => pub region: Text,
        /// The records, in shard order.
        #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "records" => pub records: Vec<DatahubRecord>,
    }
}

crate::codec::wire_struct! {
    /// One DataHub record.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DatahubRecord {
        /// `<shardId>:<sequenceNumber>`, e.g. `0:12345`.
        #[cfg_attr(feature = "schema", schemars(regex(pattern = "^[0-9]+:[0-9]+$")))]
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "eventId" => pub event_id: Text,
        /// When the record was stored in DataHub, epoch milliseconds.
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "systemTime" => pub system_time: EpochMillis,
        /// The record: for a TUPLE topic the JSON text of its column values, for a BLOB topic its data.
        ///
        /// Sent by every published sample and capture (fc-helper example, user notes).
        "data" => pub data: Text,
    }
}

crate::codec::open_enum! {
    /// `eventSource` of a DataHub payload.
    #[derive(Default)]
    closed pub enum DatahubEventSource {
        #[default]
        Datahub = "acs:datahub",
    }
}

crate::codec::open_enum! {
    /// `eventName` of a DataHub payload.
    #[derive(Default)]
    closed pub enum DatahubEventName {
        #[default]
        PutRecord = "acs:datahub:putRecord",
    }
}

impl DatahubEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// The project and topic names from `eventSourceARN`, when it has the documented form.
    pub fn project_and_topic(&self) -> Option<(&str, &str)> {
        let rest = self.event_source_arn.strip_prefix("/projects/")?;
        let (project, topic) = crate::wire::text::split_once_str(rest, "/topics/")?;
        let plain = |s: &str| !s.is_empty() && !s.contains('/');
        (plain(project) && plain(topic)).then_some((project, topic))
    }

    /// The DataHub project, from `eventSourceARN`.
    pub fn project(&self) -> Option<&str> {
        self.project_and_topic().map(|(p, _)| p)
    }

    /// The DataHub topic, from `eventSourceARN`.
    pub fn topic(&self) -> Option<&str> {
        self.project_and_topic().map(|(_, t)| t)
    }
}

impl DatahubRecord {
    /// The shard id and sequence number from `eventId`, when it has the documented form.
    pub fn shard_and_sequence(&self) -> Option<(&str, i64)> {
        let (shard, sequence) = self.event_id.split_once(':')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(shard) || !digits(sequence) {
            return None;
        }
        Some((shard, sequence.parse().ok()?))
    }

    /// The shard id (the part of `eventId` before the colon).
    pub fn shard_id(&self) -> Option<&str> {
        self.shard_and_sequence().map(|(s, _)| s)
    }

    /// The record's sequence number within its shard (the part of `eventId` after the colon).
    pub fn sequence(&self) -> Option<i64> {
        self.shard_and_sequence().map(|(_, n)| n)
    }

    /// The column values of a TUPLE topic's record: `data` read as a JSON array of strings, `None`
    /// for a column without a value (`null`). Fails, naming the place within `data`, when `data` is
    /// not such an array (a BLOB topic's record).
    pub fn columns(&self) -> Result<Vec<Option<String>>, DecodeError> {
        crate::wire::json::json_any(None, self.data.as_bytes())
    }

    /// `data` decoded as standard base64, for BLOB topics whose producers write base64 text (the
    /// documentation gives no encoding for BLOB data).
    pub fn data_base64(&self) -> Result<Vec<u8>, crate::wire::Base64Error> {
        crate::wire::blob::decode(&self.data)
    }
}

impl Payload for DatahubEvent {
    const KIND: TriggerKind = TriggerKind::Datahub;
}

impl Validate for DatahubEvent {
    fn validate(&self, v: &mut Validator) {
        v.one_of(
            "eventSource",
            self.event_source.as_str(),
            DatahubEventSource::KNOWN,
        );
        v.one_of(
            "eventName",
            self.event_name.as_str(),
            DatahubEventName::KNOWN,
        );
        if self.project_and_topic().is_none() {
            v.fault_at(
                "eventSourceARN",
                code::FORMAT,
                format!(
                    "expected /projects/<project>/topics/<topic>, found {:?}",
                    self.event_source_arn.as_str()
                ),
            );
        }
        if self.records.is_empty() {
            v.fault_at(
                "records",
                code::RANGE,
                "expected at least one record, found none",
            );
        }
        v.field("records", &self.records);
    }
}

impl Validate for DatahubRecord {
    fn validate(&self, v: &mut Validator) {
        if self.shard_and_sequence().is_none() {
            v.fault_at(
                "eventId",
                code::FORMAT,
                format!(
                    "expected <shardId>:<sequenceNumber> (digits, e.g. 0:12345), found {:?}",
                    self.event_id.as_str()
                ),
            );
        }
        v.epoch("systemTime", self.system_time.0, 1_000);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(event_id: &str, data: &str) -> DatahubRecord {
        DatahubRecord {
            event_id: event_id.into(),
            system_time: EpochMillis(1_463_000_123_000),
            data: data.into(),
            ..Default::default()
        }
    }

    #[test]
    fn event_ids_split_into_shard_and_sequence() {
        assert_eq!(
            record("0:12345", "").shard_and_sequence(),
            Some(("0", 12345))
        );
        assert_eq!(record("17:0", "").shard_and_sequence(), Some(("17", 0)));
        for bad in [
            "",
            ":",
            "0:",
            ":1",
            "0-1",
            "a:1",
            "0:1:2",
            "0:-1",
            "0:99999999999999999999",
        ] {
            assert_eq!(record(bad, "").shard_and_sequence(), None, "{bad}");
        }
    }

    #[test]
    fn source_arn_gives_project_and_topic() {
        let mut e = DatahubEvent {
            event_source_arn: "/projects/p/topics/t".into(),
            ..Default::default()
        };
        assert_eq!(e.project_and_topic(), Some(("p", "t")));
        e.event_source_arn = "/projects/é項/topics/ü".into();
        assert_eq!(e.project_and_topic(), Some(("é項", "ü")));
        for bad in [
            "",
            "/projects//topics/t",
            "/projects/p/topics/",
            "/projects/p/topics/t/x",
            "projects/p/topics/t",
            "acs:datahub:cn-hangzhou:1:projects/p/topics/t",
        ] {
            e.event_source_arn = bad.into();
            assert_eq!(e.project_and_topic(), None, "{bad}");
        }
    }

    #[test]
    fn columns_read_tuple_data_and_name_the_fault_otherwise() {
        let r = record("0:1", r#"["a",null,"c\"d"]"#);
        assert_eq!(
            r.columns().unwrap(),
            [Some("a".to_owned()), None, Some("c\"d".to_owned())]
        );
        let blob = record("0:1", "aGVsbG8=");
        assert!(blob.columns().is_err());
        assert_eq!(blob.data_base64().unwrap(), b"hello");
        let e = record("0:1", r#"["a",1]"#).columns().unwrap_err();
        assert_eq!(e.pointer(), "/1");
    }
}
