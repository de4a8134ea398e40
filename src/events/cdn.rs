//! CDN trigger: events of Alibaba Cloud CDN (log files, refresh/push/block tasks, domain changes).
//!
//! A CDN trigger invokes the function with `{"events": [record]}`. Every record carries the same
//! common members and an `eventParameter` whose shape depends on `eventName`:
//!
//! | `eventName` | `eventParameter` | variant |
//! |---|---|---|
//! | `LogFileCreated` | `domain`, `startTime`, `endTime`, `fileSize`, `filePath` | [`CdnEventParameter::LogFile`] |
//! | `CachedObjectsRefreshed`, `CachedObjectsPushed`, `CachedObjectsBlocked` | `objectPath[]`, `domain`, `createTime`, `completeTime`, `objectType`, `taskId` | [`CdnEventParameter::CachedObjects`] |
//! | `CdnDomainStarted`, `CdnDomainStopped` | `domain`, `status` | [`CdnEventParameter::DomainStatus`] |
//! | `CdnDomainAdded`, `CdnDomainDeleted` | `domain` | [`CdnEventParameter::Domain`] |
//! | any other name | anything, kept as received | [`CdnEventParameter::Other`] |
//!
//! ```
//! use fc_events::cdn::{CdnEvent, CdnEventName, CdnEventParameter};
//!
//! let bytes = br#"{"events":[{"eventName":"LogFileCreated","eventSource":"cdn",
//!   "region":"cn-hangzhou","eventVersion":"1.0.0","eventTime":"2018-06-14T15:31:49+08:00",
//!   "traceId":"c6459282-6a4d-4413-894c-e4ea39686738","userIdentity":{"aliUid":"1234"},
//!   "resource":{"domain":"example.com"},"eventParameter":{"domain":"example.com",
//!   "endTime":1528959900,"fileSize":"1788115","filePath":"http://cdnlog.example/a.gz",
//!   "startTime":1528959600}}]}"#;
//! let event = CdnEvent::from_slice(bytes)?;
//! let record = &event.events[0];
//! assert_eq!(record.event_name, CdnEventName::LogFileCreated);
//! assert_eq!(record.event_time.to_datetime()?.timestamp(), 1_528_961_509);
//! let CdnEventParameter::LogFile(log) = &record.event_parameter else { unreachable!() };
//! // `fileSize` came as a string: it reads as a number and is written back as a string.
//! assert_eq!(log.file_size.as_i64(), Some(1_788_115));
//! assert_eq!(log.end_datetime().unwrap().timestamp(), 1_528_959_900);
//! let again: serde_json::Value = serde_json::from_slice(&serde_json::to_vec(&event)?)?;
//! assert_eq!(again["events"][0]["eventParameter"]["fileSize"], "1788115");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `eventTime` is RFC 3339 with a `+08:00` offset (`2018-03-16T14:19:55+08:00`).
//! * The parameter tables call `endTime`, `fileSize`, `createTime`, `completeTime` and `taskId`
//!   "String", but every sample sends numbers; these members (and `startTime`) decode from either
//!   ([`NumberOrString`]) and are written back as received. The times are epoch **seconds**.
//! * `eventParameter` is typed by `eventName`, wherever the two appear in the record. For a known
//!   name the parameter must have that name's shape: a missing or mistyped member is a located error
//!   (`/events/0/eventParameter/status`). Unknown names keep the parameter as received.
//! * `objectType` is `File` or `Directory`; validation treats the set as closed.
//! * Published samples pair the names: Pushed and Blocked share Refreshed's shape, Stopped shares
//!   Started's, Deleted shares Added's. devsapp's `cdn-CdnDomainAdded.json` template says
//!   `CdnDomainStarted` and, like its `cdn-LogFileCreated.json`, has a trailing comma.
//!
//! Validation: `eventTime` RFC 3339; the parameter shape matching `eventName` (`consistency`, for
//! values built in code); `objectType` in the closed set (`enum`); number-or-string members holding
//! integers (`type`); epoch-second times within years 2000–2100 and not ending before they start;
//! `fileSize` and `taskId` not negative; domains and `filePath` not empty.
//!
//! The same in FC 2.0 and 3.0 (FC help page "Formats of event for different triggers", CDN section).
//!
//! Evidence (member audit): the fc3-doc and devsapp samples of all four event names, the awesome-fc
//! CDN READMEs (the devsapp `LogFileCreated` template again) and the corpus. Every record member and every
//! member of each event name's `eventParameter` is sent by every sample of that event name; nothing changed.
//! One disagreement is a template error, not a shape: devsapp's `cdn-CdnDomainAdded` template says
//! `eventName: CdnDomainStarted` but carries the Added parameters (no `status`), and is invalid JSON as
//! published.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::codec::Key;
use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::any_value::{AnyValue, Map};
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::number::NumberOrString;
use crate::wire::time::{EpochSeconds, Rfc3339};
use crate::wire::Text;

crate::codec::wire_struct! {
    /// The payload of a CDN trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnEvent {
        /// The event records; one per invocation in every sample.
        ///
        /// Sent by every documented sample and capture.
        "events" => pub events: Vec<CdnRecord>,
    }
}

impl CdnEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }
}

impl Payload for CdnEvent {
    const KIND: TriggerKind = TriggerKind::Cdn;

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        match crate::codec::decode::from_json_bytes(bytes) {
            Ok(event) => Ok(event),
            Err(_) => Err(locate(bytes)),
        }
    }
}

/// Locates a decoding fault. A record whose `eventParameter` comes before its `eventName` has the
/// parameter buffered and typed afterwards, outside the path tracking, so the error only names the
/// record (its message starts with `eventParameter`); decoding again with `eventName` moved first
/// gives the exact place inside the parameter.
fn locate(bytes: &[u8]) -> DecodeError {
    let kind = TriggerKind::Cdn;
    let first = match crate::codec::decode::json::<CdnEvent>(kind, bytes) {
        Err(e) => e,
        Ok(_) => {
            return DecodeError::new(Some(kind), Default::default(), code::DATA, "cannot decode")
        }
    };
    if !first.message.starts_with("eventParameter") {
        return first;
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return first;
    };
    if let Some(records) = value.get_mut("events").and_then(|e| e.as_array_mut()) {
        for record in records.iter_mut() {
            let serde_json::Value::Object(members) = record else {
                continue;
            };
            if let Some(name) = members.remove("eventName") {
                let mut reordered = serde_json::Map::new();
                reordered.insert("eventName".to_owned(), name);
                reordered.extend(std::mem::take(members));
                *members = reordered;
            }
        }
    }
    let inside = format!("{}/eventParameter", first.pointer());
    match crate::codec::decode::json_value::<CdnEvent>(kind, value) {
        Err(second) if second.pointer().starts_with(&inside) => second,
        _ => first,
    }
}

/// One CDN event.
///
/// `eventParameter` is typed by `eventName` ([`CdnEventParameter`]), so the record is decoded by hand
/// rather than declared with the shared macro; it behaves the same way: members in any order, unknown
/// members kept in `extra`, duplicates rejected.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CdnRecord {
    /// What happened (`LogFileCreated`, `CachedObjectsRefreshed`, …).
    pub event_name: CdnEventName,
    /// `1.0.0`.
    pub event_version: String,
    /// Always `cdn`.
    pub event_source: String,
    /// The region, e.g. `cn-hangzhou`.
    pub region: String,
    /// When it happened, RFC 3339 with a `+08:00` offset.
    pub event_time: Rfc3339,
    /// The event's trace id (a UUID).
    pub trace_id: String,
    /// The domain the event is about.
    pub resource: CdnResource,
    /// The account the domain belongs to.
    pub user_identity: CdnUserIdentity,
    /// The parameters, typed by `eventName`.
    pub event_parameter: CdnEventParameter,
    /// Members this type does not model, in arrival order; written back when encoding.
    pub extra: Map,
}

impl crate::codec::Absent for CdnRecord {}

crate::codec::open_enum! {
    /// A CDN event name.
    #[derive(Default)]
    pub enum CdnEventName {
        #[default]
        LogFileCreated = "LogFileCreated",
        CachedObjectsRefreshed = "CachedObjectsRefreshed",
        CachedObjectsPushed = "CachedObjectsPushed",
        CachedObjectsBlocked = "CachedObjectsBlocked",
        CdnDomainStarted = "CdnDomainStarted",
        CdnDomainStopped = "CdnDomainStopped",
        CdnDomainAdded = "CdnDomainAdded",
        CdnDomainDeleted = "CdnDomainDeleted",
    }
}

/// The parameter shapes, one per group of event names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParameterShape {
    LogFile,
    CachedObjects,
    DomainStatus,
    Domain,
    Any,
}

impl ParameterShape {
    fn describe(self) -> &'static str {
        match self {
            ParameterShape::LogFile => {
                "log-file parameters {domain, startTime, endTime, fileSize, filePath}"
            }
            ParameterShape::CachedObjects => {
                "cached-objects parameters {objectPath, domain, createTime, completeTime, objectType, taskId}"
            }
            ParameterShape::DomainStatus => "domain-status parameters {domain, status}",
            ParameterShape::Domain => "domain parameters {domain}",
            ParameterShape::Any => "raw parameters",
        }
    }
}

impl CdnEventName {
    fn shape(&self) -> ParameterShape {
        use CdnEventName as N;
        match self {
            N::LogFileCreated => ParameterShape::LogFile,
            N::CachedObjectsRefreshed | N::CachedObjectsPushed | N::CachedObjectsBlocked => {
                ParameterShape::CachedObjects
            }
            N::CdnDomainStarted | N::CdnDomainStopped => ParameterShape::DomainStatus,
            N::CdnDomainAdded | N::CdnDomainDeleted => ParameterShape::Domain,
            N::Other(_) => ParameterShape::Any,
        }
    }
}

/// `eventParameter`, typed by the record's `eventName`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CdnEventParameter {
    /// `LogFileCreated`.
    LogFile(CdnLogFileParameter),
    /// `CachedObjectsRefreshed`, `CachedObjectsPushed`, `CachedObjectsBlocked`.
    CachedObjects(CdnCachedObjectsParameter),
    /// `CdnDomainStarted`, `CdnDomainStopped`.
    DomainStatus(CdnDomainStatusParameter),
    /// `CdnDomainAdded`, `CdnDomainDeleted`.
    Domain(CdnDomainParameter),
    /// The parameter of an event name this version does not know, kept as received.
    Other(AnyValue),
}

impl Default for CdnEventParameter {
    /// The log-file parameters, matching [`CdnEventName`]'s default.
    fn default() -> Self {
        CdnEventParameter::LogFile(CdnLogFileParameter::default())
    }
}

impl CdnEventParameter {
    /// The `domain` member, for every typed shape (and for a raw parameter that has a string one).
    pub fn domain(&self) -> Option<&str> {
        match self {
            CdnEventParameter::LogFile(p) => Some(&p.domain),
            CdnEventParameter::CachedObjects(p) => Some(&p.domain),
            CdnEventParameter::DomainStatus(p) => Some(&p.domain),
            CdnEventParameter::Domain(p) => Some(&p.domain),
            CdnEventParameter::Other(v) => v.as_object()?.get("domain")?.as_str(),
        }
    }

    fn shape(&self) -> ParameterShape {
        match self {
            CdnEventParameter::LogFile(_) => ParameterShape::LogFile,
            CdnEventParameter::CachedObjects(_) => ParameterShape::CachedObjects,
            CdnEventParameter::DomainStatus(_) => ParameterShape::DomainStatus,
            CdnEventParameter::Domain(_) => ParameterShape::Domain,
            CdnEventParameter::Other(_) => ParameterShape::Any,
        }
    }

    /// Whether this shape belongs with `name` (any shape goes with an unknown name).
    pub fn fits(&self, name: &CdnEventName) -> bool {
        let expected = name.shape();
        expected == ParameterShape::Any || expected == self.shape()
    }
}

impl crate::codec::Absent for CdnEventParameter {}

crate::codec::wire_struct! {
    /// `LogFileCreated`: an access-log file is ready for download.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnLogFileParameter {
        /// The accelerated domain.
        ///
        /// Sent by every `LogFileCreated` sample (fc3-doc, devsapp, awesome-fc READMEs).
        "domain" => pub domain: Text,
        /// Start of the period the file covers, epoch seconds.
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<946684800, 4102444800>"))]
        ///
        /// Sent by every `LogFileCreated` sample (fc3-doc, devsapp, awesome-fc READMEs).
        "startTime" => pub start_time: NumberOrString,
        /// End of the period the file covers, epoch seconds (documented as a string, sent as a number).
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<946684800, 4102444800>"))]
        ///
        /// Sent by every `LogFileCreated` sample (fc3-doc, devsapp, awesome-fc READMEs).
        "endTime" => pub end_time: NumberOrString,
        /// File size in bytes (documented as a string, sent as a number).
        ///
        /// Sent by every `LogFileCreated` sample (fc3-doc, devsapp, awesome-fc READMEs).
        "fileSize" => pub file_size: NumberOrString,
        /// Download URL: a signed OSS URL with `OSSAccessKeyId`, `Expires` and `Signature`.
        ///
        /// Sent by every `LogFileCreated` sample (fc3-doc, devsapp, awesome-fc READMEs).
        "filePath" => pub file_path: Text,
    }
}

impl CdnLogFileParameter {
    /// `startTime` as a time, when it is an epoch-seconds integer in range.
    pub fn start_datetime(&self) -> Option<DateTime<Utc>> {
        epoch_seconds(&self.start_time)
    }

    /// `endTime` as a time, when it is an epoch-seconds integer in range.
    pub fn end_datetime(&self) -> Option<DateTime<Utc>> {
        epoch_seconds(&self.end_time)
    }

    /// `fileSize` in bytes, when it is a non-negative integer.
    pub fn file_size_bytes(&self) -> Option<u64> {
        self.file_size.as_u64()
    }
}

crate::codec::wire_struct! {
    /// `CachedObjectsRefreshed`, `CachedObjectsPushed`, `CachedObjectsBlocked`: a refresh, prefetch
    /// or block task finished.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnCachedObjectsParameter {
        /// The paths of the objects (or directories) of the task.
        ///
        /// Sent by every `CachedObjectsRefreshed` sample (fc3-doc, devsapp).
        "objectPath" => pub object_path: Vec<Text>,
        /// The accelerated domain.
        ///
        /// Sent by every `CachedObjectsRefreshed` sample (fc3-doc, devsapp).
        "domain" => pub domain: Text,
        /// When the task was created, epoch seconds (documented as a string, sent as a number).
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<946684800, 4102444800>"))]
        ///
        /// Sent by every `CachedObjectsRefreshed` sample (fc3-doc, devsapp).
        "createTime" => pub create_time: NumberOrString,
        /// When the task finished, epoch seconds (documented as a string, sent as a number).
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<946684800, 4102444800>"))]
        ///
        /// Sent by every `CachedObjectsRefreshed` sample (fc3-doc, devsapp).
        "completeTime" => pub complete_time: NumberOrString,
        /// `File` or `Directory`.
        ///
        /// Sent by every `CachedObjectsRefreshed` sample (fc3-doc, devsapp).
        "objectType" => pub object_type: CdnObjectType,
        /// The task id (documented as a string, sent as a number).
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<0, 9223372036854775807>"))]
        ///
        /// Sent by every `CachedObjectsRefreshed` sample (fc3-doc, devsapp).
        "taskId" => pub task_id: NumberOrString,
    }
}

impl CdnCachedObjectsParameter {
    /// `createTime` as a time, when it is an epoch-seconds integer in range.
    pub fn create_datetime(&self) -> Option<DateTime<Utc>> {
        epoch_seconds(&self.create_time)
    }

    /// `completeTime` as a time, when it is an epoch-seconds integer in range.
    pub fn complete_datetime(&self) -> Option<DateTime<Utc>> {
        epoch_seconds(&self.complete_time)
    }
}

fn epoch_seconds(n: &NumberOrString) -> Option<DateTime<Utc>> {
    EpochSeconds(n.as_i64()?).to_datetime().ok()
}

crate::codec::open_enum! {
    /// What a cached-objects task addressed. Validation treats the set as closed.
    #[derive(Default)]
    closed pub enum CdnObjectType {
        #[default]
        File = "File",
        Directory = "Directory",
    }
}

crate::codec::wire_struct! {
    /// `CdnDomainStarted`, `CdnDomainStopped`: a domain was enabled or disabled.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnDomainStatusParameter {
        /// The domain.
        ///
        /// Sent by every `CdnDomainStarted` sample (fc3-doc, devsapp).
        "domain" => pub domain: Text,
        /// The domain's status after the change (`online` in the samples).
        ///
        /// Sent by every `CdnDomainStarted` sample (fc3-doc, devsapp); devsapp's `cdn-CdnDomainAdded` template lacks it, but that template's `eventName` says CdnDomainStarted by mistake (it is an Added event, and invalid JSON as published).
        "status" => pub status: CdnDomainStatus,
    }
}

crate::codec::open_enum! {
    /// A domain status.
    #[derive(Default)]
    pub enum CdnDomainStatus {
        #[default]
        Online = "online",
        Offline = "offline",
    }
}

crate::codec::wire_struct! {
    /// `CdnDomainAdded`, `CdnDomainDeleted`: a domain was added or deleted.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnDomainParameter {
        /// The domain.
        ///
        /// Sent by every `CdnDomainAdded` sample (fc3-doc, devsapp).
        "domain" => pub domain: Text,
    }
}

crate::codec::wire_struct! {
    /// `resource`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnResource {
        /// The accelerated domain the event is about.
        ///
        /// Sent by every documented sample and capture.
        "domain" => pub domain: Text,
    }
}

crate::codec::wire_struct! {
    /// `userIdentity`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnUserIdentity {
        /// The account id, as a string.
        ///
        /// Sent by every documented sample and capture.
        "aliUid" => pub ali_uid: Text,
    }
}

// ---- validation ----

impl Validate for CdnEvent {
    fn validate(&self, v: &mut Validator) {
        v.field("events", &self.events);
    }
}

impl Validate for CdnRecord {
    fn validate(&self, v: &mut Validator) {
        v.rfc3339("eventTime", &self.event_time);
        if self.event_parameter.fits(&self.event_name) {
            v.field("eventParameter", &self.event_parameter);
        } else {
            v.fault_at(
                "eventParameter",
                code::CONSISTENCY,
                format!(
                    "expected the {} that go with eventName {}, found {}",
                    self.event_name.shape().describe(),
                    self.event_name,
                    self.event_parameter.shape().describe()
                ),
            );
        }
    }
}

impl Validate for CdnEventParameter {
    fn validate(&self, v: &mut Validator) {
        match self {
            CdnEventParameter::LogFile(p) => p.validate(v),
            CdnEventParameter::CachedObjects(p) => p.validate(v),
            CdnEventParameter::DomainStatus(p) => v.non_empty("domain", &p.domain),
            CdnEventParameter::Domain(p) => v.non_empty("domain", &p.domain),
            CdnEventParameter::Other(_) => {}
        }
    }
}

/// Checks an epoch-seconds member that may arrive as a string; returns it when it is an integer.
fn epoch_member(v: &mut Validator, key: &str, n: &NumberOrString) -> Option<i64> {
    let secs = v.integer(key, n)?;
    v.epoch(key, secs, 1);
    Some(secs)
}

/// Reports `later` (at its member) when it is before `earlier`.
fn not_before(v: &mut Validator, earlier: (&str, Option<i64>), later: (&str, Option<i64>)) {
    if let ((name, Some(a)), (key, Some(b))) = (earlier, later) {
        if b < a {
            v.fault_at(
                key,
                code::CONSISTENCY,
                format!("expected {key} at or after {name} ({a}), found {b}"),
            );
        }
    }
}

impl Validate for CdnLogFileParameter {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("domain", &self.domain);
        let start = epoch_member(v, "startTime", &self.start_time);
        let end = epoch_member(v, "endTime", &self.end_time);
        not_before(v, ("startTime", start), ("endTime", end));
        if let Some(size) = v.integer("fileSize", &self.file_size) {
            v.non_negative("fileSize", size);
        }
        v.non_empty("filePath", &self.file_path);
    }
}

impl Validate for CdnCachedObjectsParameter {
    fn validate(&self, v: &mut Validator) {
        v.non_empty("domain", &self.domain);
        let created = epoch_member(v, "createTime", &self.create_time);
        let completed = epoch_member(v, "completeTime", &self.complete_time);
        not_before(v, ("createTime", created), ("completeTime", completed));
        v.one_of(
            "objectType",
            self.object_type.as_str(),
            CdnObjectType::KNOWN,
        );
        if let Some(id) = v.integer("taskId", &self.task_id) {
            v.non_negative("taskId", id);
        }
    }
}

// ---- serde ----

impl Serialize for CdnEventParameter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CdnEventParameter::LogFile(p) => p.serialize(s),
            CdnEventParameter::CachedObjects(p) => p.serialize(s),
            CdnEventParameter::DomainStatus(p) => p.serialize(s),
            CdnEventParameter::Domain(p) => p.serialize(s),
            CdnEventParameter::Other(v) => v.serialize(s),
        }
    }
}

/// Decodes `eventParameter` as the shape that belongs to an event name.
struct ParameterSeed<'a>(&'a CdnEventName);

impl<'de> DeserializeSeed<'de> for ParameterSeed<'_> {
    type Value = CdnEventParameter;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<CdnEventParameter, D::Error> {
        Ok(match self.0.shape() {
            ParameterShape::LogFile => CdnEventParameter::LogFile(Deserialize::deserialize(d)?),
            ParameterShape::CachedObjects => {
                CdnEventParameter::CachedObjects(Deserialize::deserialize(d)?)
            }
            ParameterShape::DomainStatus => {
                CdnEventParameter::DomainStatus(Deserialize::deserialize(d)?)
            }
            ParameterShape::Domain => CdnEventParameter::Domain(Deserialize::deserialize(d)?),
            ParameterShape::Any => CdnEventParameter::Other(Deserialize::deserialize(d)?),
        })
    }
}

const RECORD_MEMBERS: [&str; 9] = [
    "eventName",
    "eventVersion",
    "eventSource",
    "region",
    "eventTime",
    "traceId",
    "resource",
    "eventParameter",
    "userIdentity",
];

impl Serialize for CdnRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(RECORD_MEMBERS.len() + self.extra.len()))?;
        map.serialize_entry("eventName", &self.event_name)?;
        map.serialize_entry("eventVersion", &self.event_version)?;
        map.serialize_entry("eventSource", &self.event_source)?;
        map.serialize_entry("region", &self.region)?;
        map.serialize_entry("eventTime", &self.event_time)?;
        map.serialize_entry("traceId", &self.trace_id)?;
        map.serialize_entry("resource", &self.resource)?;
        map.serialize_entry("eventParameter", &self.event_parameter)?;
        map.serialize_entry("userIdentity", &self.user_identity)?;
        self.extra.serialize_members(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for CdnRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

/// Stores a member's value, rejecting a second occurrence.
fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    access: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(access.next_value()?);
    Ok(())
}

/// A required member's value, or serde's "missing field" error.
fn required<'de, T: Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(v) => Ok(v),
        None => crate::codec::missing(name),
    }
}

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = CdnRecord;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a CdnRecord object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<CdnRecord, A::Error> {
        let mut event_name: Option<CdnEventName> = None;
        let mut event_version: Option<String> = None;
        let mut event_source: Option<String> = None;
        let mut region: Option<String> = None;
        let mut event_time: Option<Rfc3339> = None;
        let mut trace_id: Option<String> = None;
        let mut resource: Option<CdnResource> = None;
        let mut user_identity: Option<CdnUserIdentity> = None;
        let mut parameter: Option<CdnEventParameter> = None;
        // A parameter that came before the event name, typed once the name is known.
        let mut buffered: Option<AnyValue> = None;
        let mut extra = Map::new();
        let mut names = crate::codec::Names::new();
        while let Some(key) = access.next_key::<Key<'de>>()? {
            match key.as_str() {
                "eventName" => once(&mut event_name, "eventName", &mut access)?,
                "eventVersion" => once(&mut event_version, "eventVersion", &mut access)?,
                "eventSource" => once(&mut event_source, "eventSource", &mut access)?,
                "region" => once(&mut region, "region", &mut access)?,
                "eventTime" => once(&mut event_time, "eventTime", &mut access)?,
                "traceId" => once(&mut trace_id, "traceId", &mut access)?,
                "resource" => once(&mut resource, "resource", &mut access)?,
                "userIdentity" => once(&mut user_identity, "userIdentity", &mut access)?,
                "eventParameter" => {
                    if parameter.is_some() || buffered.is_some() {
                        return Err(de::Error::duplicate_field("eventParameter"));
                    }
                    match &event_name {
                        Some(name) => {
                            parameter = Some(access.next_value_seed(ParameterSeed(name))?)
                        }
                        None => buffered = Some(access.next_value()?),
                    }
                }
                _ => {
                    if !extra.is_new(&mut names, key.as_str()) {
                        return Err(crate::codec::duplicate(key.as_str()));
                    }
                    let value = access.next_value::<AnyValue>()?;
                    extra.push(key.into_text(), value);
                }
            }
        }
        let event_name: CdnEventName = required(event_name, "eventName")?;
        let event_parameter = match (parameter, buffered) {
            (Some(p), _) => p,
            // An unknown name keeps the value exactly as buffered.
            (None, Some(raw)) if event_name.shape() == ParameterShape::Any => {
                CdnEventParameter::Other(raw)
            }
            (None, Some(raw)) => {
                crate::codec::any::from_any(ParameterSeed(&event_name), &raw, "eventParameter")?
            }
            (None, None) => return Err(de::Error::missing_field("eventParameter")),
        };
        Ok(CdnRecord {
            event_version: required(event_version, "eventVersion")?,
            event_source: required(event_source, "eventSource")?,
            region: required(region, "region")?,
            event_time: required(event_time, "eventTime")?,
            trace_id: required(trace_id, "traceId")?,
            resource: required(resource, "resource")?,
            user_identity: required(user_identity, "userIdentity")?,
            event_name,
            event_parameter,
            extra,
        })
    }
}

// ---- JSON Schema ----

#[cfg(feature = "schema")]
impl JsonSchema for CdnEventParameter {
    fn schema_name() -> Cow<'static, str> {
        "CdnEventParameter".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let log = generator.subschema_for::<CdnLogFileParameter>();
        let cached = generator.subschema_for::<CdnCachedObjectsParameter>();
        let status = generator.subschema_for::<CdnDomainStatusParameter>();
        let domain = generator.subschema_for::<CdnDomainParameter>();
        schemars::json_schema!({
            "description": "The event's parameters; which shape applies depends on eventName \
                (any value for an event name this version does not know).",
            "anyOf": [log, cached, status, domain, true]
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for CdnRecord {
    fn schema_name() -> Cow<'static, str> {
        "CdnRecord".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let name = generator.subschema_for::<CdnEventName>();
        let time = generator.subschema_for::<Rfc3339>();
        let resource = generator.subschema_for::<CdnResource>();
        let user = generator.subschema_for::<CdnUserIdentity>();
        let parameter = generator.subschema_for::<CdnEventParameter>();
        let log = generator.subschema_for::<CdnLogFileParameter>();
        let cached = generator.subschema_for::<CdnCachedObjectsParameter>();
        let status = generator.subschema_for::<CdnDomainStatusParameter>();
        let domain = generator.subschema_for::<CdnDomainParameter>();
        let when = |names: &[&str], then: Schema| {
            schemars::json_schema!({
                "if": {
                    "properties": { "eventName": { "enum": names } },
                    "required": ["eventName"]
                },
                "then": { "properties": { "eventParameter": then } }
            })
        };
        schemars::json_schema!({
            "description": "One CDN event; the shape of eventParameter depends on eventName.",
            "type": "object",
            "properties": {
                "eventName": name,
                "eventVersion": { "type": "string" },
                "eventSource": { "type": "string" },
                "region": { "type": "string" },
                "eventTime": time,
                "traceId": { "type": "string" },
                "resource": resource,
                "eventParameter": parameter,
                "userIdentity": user
            },
            "required": RECORD_MEMBERS,
            "allOf": [
                when(&["LogFileCreated"], log),
                when(
                    &["CachedObjectsRefreshed", "CachedObjectsPushed", "CachedObjectsBlocked"],
                    cached
                ),
                when(&["CdnDomainStarted", "CdnDomainStopped"], status),
                when(&["CdnDomainAdded", "CdnDomainDeleted"], domain)
            ]
        })
    }
}
