//! Tablestore (OTS) trigger: a batch of stream records, **CBOR** on the wire, JSON in the console.
//!
//! The trigger encodes `{"Version": "Sync-v1", "Records": [...]}` in CBOR; the console's test events and
//! every published sample are the JSON rendering of the same map. [`TablestoreEvent::from_slice`] (and
//! [`crate::Event::from_slice`]) accept both, telling them apart by the first byte:
//!
//! ```
//! use fc_events::tablestore::{TablestoreColumnType, TablestoreEvent, TablestoreRecordType, TablestoreWireFormat};
//! use fc_events::{samples::sample, Event, TriggerKind};
//!
//! // The JSON rendering, as in the docs.
//! let json = br#"{"Version":"Sync-v1","Records":[{"Type":"PutRow","Info":{"Timestamp":1506416585740836},
//!   "PrimaryKey":[{"ColumnName":"pk_0","Value":1506416585881590900},{"ColumnName":"pk_1","Value":"a"}],
//!   "Columns":[{"Type":"Put","ColumnName":"attr_0","Value":"hello_table_store","Timestamp":1506416585741},
//!              {"Type":"Put","ColumnName":"photo","Value":{"$blob":"AAEC"},"Timestamp":1506416585741}]}]}"#;
//! let event = TablestoreEvent::from_slice(json)?;
//! assert_eq!(event.format, TablestoreWireFormat::Json);
//! let record = &event.records[0];
//! assert_eq!(record.record_type, TablestoreRecordType::PutRow);
//! assert_eq!(record.primary_key_value("pk_0").and_then(|v| v.as_i64()), Some(1506416585881590900));
//! assert_eq!(record.column_value("attr_0").and_then(|v| v.as_str()), Some("hello_table_store"));
//! assert_eq!(record.column_value("photo").and_then(|v| v.as_bytes()), Some(&[0u8, 1, 2][..]));
//! assert_eq!(record.time()?.to_rfc3339(), "2017-09-26T09:03:05.740836+00:00");
//! assert_eq!(record.changed_columns(), ["attr_0", "photo"]);
//!
//! // The real trigger sends CBOR; it re-encodes as CBOR (and can be rendered as JSON).
//! let cbor = sample(TriggerKind::Tablestore).unwrap();
//! let Event::Tablestore(event) = Event::from_slice(cbor)? else { unreachable!() };
//! assert_eq!(event.format, TablestoreWireFormat::Cbor);
//! assert!(event.records[0].columns.iter().any(|c| c.column_type == TablestoreColumnType::DeleteOneVersion));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `Info.Timestamp` is in **microseconds** (16 digits); a column's `Timestamp` (the cell version) is
//!   in **milliseconds**. Both are plain integers here ([`EpochMicros`], [`EpochMillis`]).
//! * Values are typed ([`TablestoreValue`]): Integer (full `i64` range, beyond JavaScript's safe
//!   integers), String, Blob, Double, Boolean. JSON has no bytes, so a Blob's JSON rendering is
//!   `{"$blob": "<standard base64 with padding>"}`, the same rendering every byte string in this crate
//!   uses; a JSON string is never read as a Blob, so the two cannot be confused.
//! * Which members appear on `DeleteOneVersion`, `DeleteAllVersions` and `DeleteRow` is not documented:
//!   a column's `Value` and `Timestamp` are optional (validation requires a `Value` on `Put` only).
//! * The wire's CBOR details (definite or indefinite lengths, key order, integer and float widths) are
//!   not documented either; all are accepted (see `crate::codec::cbor` in the source for what is
//!   accepted and rejected).
//!
//! # Encoding back
//!
//! [`TablestoreEvent::format`] records which encoding an event was decoded from, and
//! [`crate::Payload::encode`] / [`crate::Event::to_vec`] write that encoding again: CBOR in, CBOR out;
//! JSON in, JSON out. A hand-built event (`Default`) is CBOR, the trigger's wire form.
//! [`crate::Payload::to_cbor_vec`] and [`crate::Payload::to_json_vec`] choose explicitly. All paths are
//! lossless, CBOR → JSON → CBOR included: integers stay integers, floats stay floats, bytes stay bytes,
//! unknown members survive in `extra`. The CBOR written uses definite lengths; a Double decoded from
//! CBOR is written in the width and bits it arrived in ([`TablestoreDouble`]: float16, float32 or
//! float64, even where a shorter width holds the value), any other float in the shortest exact width.
//! Key order, integer widths and indefinite lengths are not kept, so compare CBOR from other writers
//! by value. Two limits, both outside the documented format:
//! a CBOR *map* in an unknown member whose only member is `$blob` holding base64 text reads back from
//! JSON as bytes (the rendering's one ambiguity; a Tablestore value is never a map), and a Double that
//! is NaN or infinite has no JSON rendering (encoding to JSON fails rather than write `null`). CBOR
//! tags are rejected where they appear; CBOR `undefined` in an unknown member reads as `null`.
//!
//! Documented in the FC help pages for the Tablestore trigger and "Formats of event for different
//! triggers" (Tablestore section).
//!
//! Evidence (member audit): the fc3-doc and awesome-fc JSON renderings, the OTS docs' schema sketch, the
//! synthesized CBOR samples and FORMATS.md. Every documented column is a `Put` carrying `Value` and
//! `Timestamp`: both stay optional to decoding (deletes are not documented) and validation now requires
//! `Timestamp` on a `Put` as it already required `Value` (`/Records/<i>/Columns/<j>/Timestamp`, naming the
//! column type). Doubles keep the CBOR float width they arrived in (see [`TablestoreDouble`]).

mod value;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::any_value::Map;
use crate::wire::error::{DecodeError, EncodeError};
use crate::wire::kind::TriggerKind;
use crate::wire::time::{EpochMicros, EpochMillis, TimeError};
use crate::wire::Text;

pub use crate::wire::float::FloatWidth;
pub use value::{TablestoreDouble, TablestoreValue};

/// The encoding a [`TablestoreEvent`] was decoded from, and will be encoded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum TablestoreWireFormat {
    /// CBOR: what the trigger sends.
    #[default]
    Cbor,
    /// The JSON rendering: console test events and published samples.
    Json,
}

/// The payload of a Tablestore trigger: a batch of stream records.
///
/// Equality compares the content (`version`, `records`, `extra`), not [`format`](Self::format).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TablestoreEvent {
    /// `Version`: the payload format version, `Sync-v1`.
    pub version: Text,
    /// `Records`: the changed rows, in stream order.
    pub records: Vec<TablestoreRecord>,
    /// Members this type does not model, in arrival order; written back when encoding.
    pub extra: Map,
    /// The encoding this event was decoded from (not a wire member); [`Payload::encode`] writes it.
    pub format: TablestoreWireFormat,
}

impl PartialEq for TablestoreEvent {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && self.records == other.records && self.extra == other.extra
    }
}

impl TablestoreEvent {
    /// The documented `Version`.
    pub const VERSION: &'static str = "Sync-v1";

    /// An event of version `Sync-v1` holding `records`, encoded as CBOR.
    pub fn new(records: Vec<TablestoreRecord>) -> Self {
        TablestoreEvent {
            version: Text::from(Self::VERSION),
            records,
            ..Default::default()
        }
    }

    /// Decodes a payload from CBOR or JSON bytes (sniffed from the first byte).
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// Encodes in [`format`](Self::format): the encoding the event was decoded from.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        <Self as Payload>::encode(self)
    }

    /// This event with its wire encoding set to `format`.
    pub fn with_format(mut self, format: TablestoreWireFormat) -> Self {
        self.format = format;
        self
    }
}

crate::codec::wire_struct! {
    /// The payload of a Tablestore trigger: a batch of stream records. (The wire members of
    /// [`TablestoreEvent`], which adds the format it came in.)
    #[derive(Debug, Clone, PartialEq, Default)]
    struct TablestoreBody {
        /// The payload format version, `Sync-v1`.
        "Version" => version: Text,
        /// The changed rows, in stream order.
        "Records" => records: Vec<TablestoreRecord>,
    }
}

impl Serialize for TablestoreEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(2 + self.extra.len()))?;
        map.serialize_entry("Version", &self.version)?;
        map.serialize_entry("Records", &self.records)?;
        self.extra.serialize_members(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for TablestoreEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let format = if d.is_human_readable() {
            TablestoreWireFormat::Json
        } else {
            TablestoreWireFormat::Cbor
        };
        let body = TablestoreBody::deserialize(d)?;
        Ok(TablestoreEvent {
            version: body.version,
            records: body.records,
            extra: body.extra,
            format,
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for TablestoreEvent {
    fn schema_name() -> Cow<'static, str> {
        "TablestoreEvent".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        TablestoreBody::json_schema(generator)
    }
}

impl crate::codec::Absent for TablestoreEvent {}

impl Payload for TablestoreEvent {
    const KIND: TriggerKind = TriggerKind::Tablestore;

    /// CBOR when the first byte is 0x80 or more (a CBOR map or tag), JSON otherwise.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        if crate::codec::cbor::looks_like_cbor(bytes) {
            crate::codec::decode::cbor(Self::KIND, bytes)
        } else {
            crate::codec::decode::json(Self::KIND, bytes)
        }
    }

    /// The encoding the event was decoded from ([`TablestoreEvent::format`]).
    fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        match self.format {
            TablestoreWireFormat::Cbor => self.to_cbor_vec(),
            TablestoreWireFormat::Json => self.to_json_vec(),
        }
    }
}

crate::codec::wire_struct! {
    /// One changed row.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TablestoreRecord {
        /// `Type`: `PutRow`, `UpdateRow` or `DeleteRow`.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "Type" => pub record_type: TablestoreRecordType,
        /// `Info`: when the change happened.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "Info" => pub info: TablestoreRecordInfo,
        /// `PrimaryKey`: the row's primary-key columns, in key order.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "PrimaryKey" => pub primary_key: Vec<TablestorePrimaryKeyColumn>,
        /// `Columns`: the changed attribute columns (may be empty, e.g. for `DeleteRow`).
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "Columns" => pub columns: Vec<TablestoreColumn>,
    }
}

impl TablestoreRecord {
    /// A record of `record_type` at `timestamp_micros` (Unix time in microseconds).
    pub fn new(
        record_type: TablestoreRecordType,
        timestamp_micros: i64,
        primary_key: Vec<TablestorePrimaryKeyColumn>,
        columns: Vec<TablestoreColumn>,
    ) -> Self {
        TablestoreRecord {
            record_type,
            info: TablestoreRecordInfo {
                timestamp: EpochMicros(timestamp_micros),
                extra: Map::new(),
            },
            primary_key,
            columns,
            extra: Map::new(),
        }
    }

    /// The value of primary-key column `name`.
    pub fn primary_key_value(&self, name: &str) -> Option<&TablestoreValue> {
        self.primary_key
            .iter()
            .find(|c| c.column_name == name)
            .map(|c| &c.value)
    }

    /// The first column entry named `name`, whatever its operation.
    pub fn column(&self, name: &str) -> Option<&TablestoreColumn> {
        self.columns.iter().find(|c| c.column_name == name)
    }

    /// The value written to column `name`: the first entry of that name that carries a `Value`
    /// (a `Put`). `None` when the column was only deleted or is not in the record.
    pub fn column_value(&self, name: &str) -> Option<&TablestoreValue> {
        self.columns
            .iter()
            .filter(|c| c.column_name == name)
            .find_map(|c| c.value.as_ref())
    }

    /// The names of the columns this record changes, in order, each once.
    pub fn changed_columns(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::with_capacity(self.columns.len());
        for c in &self.columns {
            if !names.contains(&c.column_name.as_str()) {
                names.push(&c.column_name);
            }
        }
        names
    }

    /// The `Put` columns with their values, in order.
    pub fn puts(&self) -> impl Iterator<Item = (&str, &TablestoreValue)> {
        self.columns
            .iter()
            .filter_map(|c| match (&c.column_type, &c.value) {
                (TablestoreColumnType::Put, Some(v)) => Some((c.column_name.as_str(), v)),
                _ => None,
            })
    }

    /// When the change happened (`Info.Timestamp`, microseconds), in UTC.
    pub fn time(&self) -> Result<DateTime<Utc>, TimeError> {
        self.info.timestamp.to_datetime()
    }
}

crate::codec::wire_struct! {
    /// `Info` of a record.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TablestoreRecordInfo {
        /// `Timestamp`: when the change happened, Unix time in **microseconds** (UTC).
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "Timestamp" => pub timestamp: EpochMicros,
    }
}

crate::codec::wire_struct! {
    /// One primary-key column of a record.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TablestorePrimaryKeyColumn {
        /// `ColumnName`.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "ColumnName" => pub column_name: Text,
        /// `Value`: Integer, String or Blob.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "Value" => pub value: TablestoreValue,
    }
}

impl TablestorePrimaryKeyColumn {
    /// A primary-key column.
    pub fn new(name: impl Into<Text>, value: impl Into<TablestoreValue>) -> Self {
        TablestorePrimaryKeyColumn {
            column_name: name.into(),
            value: value.into(),
            extra: Map::new(),
        }
    }
}

crate::codec::wire_struct! {
    /// One changed attribute column of a record.
    #[derive(Debug, Clone, PartialEq, Default)]
    // As validation: a `Put` column carries a `Value` and a `Timestamp`.
    #[cfg_attr(feature = "schema", schemars(extend(
        "if" = { "properties": { "Type": { "const": "Put" } }, "required": ["Type"] },
        "then" = {
            "required": ["Value", "Timestamp"],
            "properties": {
                "Value": { "not": { "type": "null" } },
                "Timestamp": { "not": { "type": "null" } }
            }
        }
    )))]
    pub struct TablestoreColumn {
        /// `Type`: `Put`, `DeleteOneVersion` or `DeleteAllVersions`.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "Type" => pub column_type: TablestoreColumnType,
        /// `ColumnName`.
        ///
        /// Sent by every documented sample (fc3-doc and awesome-fc JSON renderings, the OTS docs' sketch).
        "ColumnName" => pub column_name: Text,
        /// `Value`: present on `Put`; absent on deletes (inferred, not documented).
        ///
        /// Sent by every documented column (all `Put`); absent from delete columns in the synthesized all-value-types sample (a reading of the docs, not documented); required on `Put` by validation.
        "Value" => pub value: Option<TablestoreValue>,
        /// `Timestamp`: the cell version, Unix time in **milliseconds**; absent on
        /// `DeleteAllVersions` (inferred, not documented).
        ///
        /// Sent by every documented column (all `Put`); absent from `DeleteAllVersions` in the synthesized sample (inferred); required on `Put` by validation.
        "Timestamp" => pub timestamp: Option<EpochMillis>,
    }
}

impl TablestoreColumn {
    /// A `Put` of `value` at cell version `timestamp_millis`.
    pub fn put(
        name: impl Into<Text>,
        value: impl Into<TablestoreValue>,
        timestamp_millis: i64,
    ) -> Self {
        TablestoreColumn {
            column_type: TablestoreColumnType::Put,
            column_name: name.into(),
            value: Some(value.into()),
            timestamp: Some(EpochMillis(timestamp_millis)),
            extra: Map::new(),
        }
    }

    /// A `DeleteOneVersion` of cell version `timestamp_millis`.
    pub fn delete_one_version(name: impl Into<Text>, timestamp_millis: i64) -> Self {
        TablestoreColumn {
            column_type: TablestoreColumnType::DeleteOneVersion,
            column_name: name.into(),
            value: None,
            timestamp: Some(EpochMillis(timestamp_millis)),
            extra: Map::new(),
        }
    }

    /// A `DeleteAllVersions`.
    pub fn delete_all_versions(name: impl Into<Text>) -> Self {
        TablestoreColumn {
            column_type: TablestoreColumnType::DeleteAllVersions,
            column_name: name.into(),
            value: None,
            timestamp: None,
            extra: Map::new(),
        }
    }

    /// The cell version as a time, when present.
    pub fn time(&self) -> Option<Result<DateTime<Utc>, TimeError>> {
        self.timestamp.map(EpochMillis::to_datetime)
    }
}

crate::codec::open_enum! {
    /// What happened to a row. Validation treats the set as closed; decoding keeps unknown values.
    #[derive(Default)]
    closed pub enum TablestoreRecordType {
        #[default]
        PutRow = "PutRow",
        UpdateRow = "UpdateRow",
        DeleteRow = "DeleteRow",
    }
}

crate::codec::open_enum! {
    /// What happened to a column. Validation treats the set as closed; decoding keeps unknown values.
    #[derive(Default)]
    closed pub enum TablestoreColumnType {
        #[default]
        Put = "Put",
        DeleteOneVersion = "DeleteOneVersion",
        DeleteAllVersions = "DeleteAllVersions",
    }
}

impl Validate for TablestoreEvent {
    fn validate(&self, v: &mut Validator) {
        v.field("Records", &self.records);
    }
}

impl Validate for TablestoreRecord {
    fn validate(&self, v: &mut Validator) {
        v.one_of(
            "Type",
            self.record_type.as_str(),
            TablestoreRecordType::KNOWN,
        );
        v.at("Info", |v| {
            v.epoch("Timestamp", self.info.timestamp.0, 1_000_000)
        });
        v.at("PrimaryKey", |v| {
            for (i, pk) in self.primary_key.iter().enumerate() {
                if !pk.value.is_primary_key_type() {
                    v.at_index(i, |v| {
                        v.fault_at(
                            "Value",
                            code::TYPE,
                            format!(
                                "expected a primary-key value (Integer, String or Blob), found a {}",
                                pk.value.type_name()
                            ),
                        )
                    });
                }
            }
        });
        v.field("Columns", &self.columns);
    }
}

impl Validate for TablestoreColumn {
    fn validate(&self, v: &mut Validator) {
        v.one_of(
            "Type",
            self.column_type.as_str(),
            TablestoreColumnType::KNOWN,
        );
        if self.column_type == TablestoreColumnType::Put && self.value.is_none() {
            v.fault_at(
                "Value",
                code::REQUIRED,
                "expected a Value on a Put column, found none",
            );
        }
        if self.column_type == TablestoreColumnType::Put {
            v.require(
                "Timestamp",
                self.timestamp.is_some(),
                "every documented Put column",
            );
        }
        if let Some(t) = self.timestamp {
            v.epoch("Timestamp", t.0, 1_000);
        }
    }
}
