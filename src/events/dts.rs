//! DTS (Data Transmission Service) trigger: change-data-capture records delivered through EventBridge
//! as a batch of CloudEvents.
//!
//! ```
//! use fc_events::dts::{DtsEvent, DtsOperationType};
//!
//! let event = DtsEvent::from_slice(br#"[{"id":"12f7-321","source":"DTSstreamDemo",
//!   "specversion":"1.0","type":"dts:ConsumeMessage","time":"2022-06-10T07:55:57Z",
//!   "data":{"id":321,"topicPartition":{"hash":0,"partition":0,"topic":"cn_hangzhou_test"},
//!   "offset":3218099,"sourceTimestamp":1654847757,"operationType":"UPDATE",
//!   "schema":{"recordFields":[{"fieldName":"id","rawDataTypeNum":8},
//!     {"fieldName":"topic","rawDataTypeNum":253}],"databaseName":"db","tableName":"message_info"},
//!   "afterImage":{"values":[{"data":115},{"data":{"hb":[98,121,101],"offset":0,"limit":11,
//!     "capacity":11},"charset":"utf8mb4"}],"size":47}}}]"#)?;
//! let record = &event.first().unwrap().data;
//! assert_eq!(record.operation_type, DtsOperationType::Update);
//! assert_eq!(record.source_time().unwrap().0, 1_654_847_757);
//! let after = record.after_image.as_ref().unwrap();
//! assert_eq!(after.values[1].text().unwrap()?, "bye"); // from `hb` alone
//! let row = record.row()?;
//! assert_eq!(row["id"], 115);
//! assert_eq!(row["topic"], "bye");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * String columns arrive as a serialized Java `ByteBuffer`
//!   (`{"hb":[…], "offset", "isReadOnly", "bigEndian", "nativeByteOrder", "mark", "position", "limit",
//!   "capacity", "address"}`) with `charset` beside it; numeric columns as plain numbers. In the sample
//!   `hb` holds 5 bytes while `limit`/`capacity` say 9, so [`DtsColumnValue::bytes`] reads `hb` alone.
//!   `hb` holds Java (signed) bytes: -128 to 127, and 128 to 255 are accepted too.
//! * `data.id` is a number in the sample (masked `321****`, which makes the published sample invalid
//!   JSON) and a String in the doc table: both decode ([`NumberOrString`]).
//! * `sourceTimestamp` is epoch **seconds**; accepted as a number or a numeric string.
//! * `beforeImage`/`afterImage` presumably are absent or empty for INSERT/DELETE (unverified): both
//!   are optional. The doc table mislabels most object members as String or Array.
//! * No aliyun* extensions; `source` is the DTS task name; `subject` is
//!   `acs:dts:{region}:{uid}:{jobId}/{dtsInstanceId}`.
//!
//! Documented in the FC help page "Formats of event for different triggers" (DTS section).

use std::collections::BTreeMap;

use crate::events::batch::OneOrMany;
use crate::events::cloudevent::{CloudEvent, EventData};
use crate::events::envelope::Body;
use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::kind::TriggerKind;
use crate::wire::number::NumberOrString;
use crate::wire::time::EpochSeconds;
use crate::{JsonText, Text};

/// The payload of a DTS trigger: a batch (a single event is accepted too).
pub type DtsEvent = OneOrMany<DtsCloudEvent>;

/// One DTS change record as a CloudEvent.
pub type DtsCloudEvent = CloudEvent<DtsData>;

crate::codec::wire_struct! {
    /// The `data` of a DTS event: one change record.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsData {
        /// The record id (a number in the sample, a string per the doc).
        #[cfg_attr(feature = "schema", schemars(schema_with = "id_schema"))]
        "id" => pub id: NumberOrString,
        /// Where the record was read from.
        "topicPartition" => pub topic_partition: DtsTopicPartition,
        /// The record's offset.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        "offset" => pub offset: i64,
        /// When the change happened at the source, epoch seconds.
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::wire::number::schema_in_range::<946684800, 4102444800>"))]
        "sourceTimestamp" => pub source_timestamp: NumberOrString,
        /// `INSERT`, `UPDATE`, `DELETE`, ….
        "operationType" => pub operation_type: DtsOperationType,
        /// The table schema.
        "schema" => pub schema: DtsSchema,
        /// The row before the change.
        "beforeImage" => pub before_image: Option<DtsImage>,
        /// The row after the change.
        "afterImage" => pub after_image: Option<DtsImage>,
    }
}

crate::codec::open_enum! {
    /// A DTS operation type (the sample shows `UPDATE`; the others are presumed).
    #[derive(Default)]
    pub enum DtsOperationType {
        Insert = "INSERT",
        #[default]
        Update = "UPDATE",
        Delete = "DELETE",
        Ddl = "DDL",
    }
}

crate::codec::wire_struct! {
    /// The DTS topic partition a record was read from.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsTopicPartition {
        /// Partition hash.
        "hash" => pub hash: i64,
        /// Partition number.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        "partition" => pub partition: i64,
        /// The DTS topic.
        "topic" => pub topic: Text,
    }
}

crate::codec::wire_struct! {
    /// A table schema.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsSchema {
        /// The columns, in order.
        "recordFields" => pub record_fields: Vec<DtsField>,
        /// The columns by name.
        "nameIndex" => pub name_index: Option<BTreeMap<String, DtsField>>,
        /// `(db,db,table)`.
        "schemaId" => pub schema_id: Option<Text>,
        /// The database.
        "databaseName" => pub database_name: Option<Text>,
        /// The table.
        "tableName" => pub table_name: Option<Text>,
        /// The primary key.
        "primaryIndexInfo" => pub primary_index_info: Option<DtsIndexInfo>,
        /// Unique indexes.
        "uniqueIndexInfo" => pub unique_index_info: Option<Vec<DtsIndexInfo>>,
        /// Foreign keys.
        "foreignIndexInfo" => pub foreign_index_info: Option<Vec<DtsIndexInfo>>,
        /// Other indexes.
        "normalIndexInfo" => pub normal_index_info: Option<Vec<DtsIndexInfo>>,
        /// The database product and version.
        "databaseInfo" => pub database_info: Option<DtsDatabaseInfo>,
        /// Row count (0 in the sample).
        "totalRows" => pub total_rows: Option<i64>,
    }
}

crate::codec::wire_struct! {
    /// A column of a schema.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsField {
        /// The column name.
        "fieldName" => pub field_name: Text,
        /// The source database's type code (MySQL: 8 BIGINT, 253 VARCHAR, …).
        "rawDataTypeNum" => pub raw_data_type_num: i64,
        /// Part of the primary key.
        "isPrimaryKey" => pub is_primary_key: Option<bool>,
        /// Part of a unique key.
        "isUniqueKey" => pub is_unique_key: Option<bool>,
        /// Position in the table, from 0.
        "fieldPosition" => pub field_position: Option<i64>,
    }
}

crate::codec::wire_struct! {
    /// An index of a schema.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsIndexInfo {
        /// E.g. `PrimaryKey`.
        "indexType" => pub index_type: Option<Text>,
        /// The indexed columns.
        "indexFields" => pub index_fields: Vec<DtsField>,
        /// Cardinality.
        "cardinality" => pub cardinality: Option<i64>,
        /// Whether the index allows nulls.
        "nullable" => pub nullable: Option<bool>,
        /// Whether this is the first unique index.
        "isFirstUniqueIndex" => pub is_first_unique_index: Option<bool>,
    }
}

crate::codec::wire_struct! {
    /// The source database product.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsDatabaseInfo {
        /// E.g. `MySQL`.
        "databaseType" => pub database_type: Option<Text>,
        /// E.g. `5.7.35-log`.
        "version" => pub version: Option<Text>,
    }
}

crate::codec::wire_struct! {
    /// A row image (before or after the change).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsImage {
        /// The row's schema.
        "recordSchema" => pub record_schema: Option<DtsSchema>,
        /// The column values, in schema order.
        "values" => pub values: Vec<DtsColumnValue>,
        /// Size in bytes.
        "size" => pub size: Option<i64>,
    }
}

crate::codec::wire_struct! {
    /// One column value.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DtsColumnValue {
        /// A number, a serialized Java `ByteBuffer` (text and binary columns), or `null`, kept as
        /// the JSON text sent (numbers of any size and spelling survive).
        "data" => pub data: JsonText,
        /// The text encoding of a `ByteBuffer` value, e.g. `utf8mb4`.
        "charset" => pub charset: Option<Text>,
    }
}

/// A column value that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DtsValueError {
    /// `hb` is not an array of byte values.
    NotAByte {
        /// The offending element's index in `hb`.
        index: usize,
        /// What it is.
        found: String,
    },
    /// The bytes are not valid in their charset.
    InvalidText {
        /// The charset.
        charset: String,
    },
    /// The charset is not one this crate decodes (use [`DtsColumnValue::bytes`]).
    UnsupportedCharset(String),
    /// The value is JSON a `serde_json::Value` cannot hold (a number beyond the range of `f64`);
    /// its text is in [`DtsColumnValue::data`].
    Unrepresentable(String),
}

impl std::fmt::Display for DtsValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DtsValueError::NotAByte { index, found } => {
                write!(
                    f,
                    "`hb` is not an array of bytes: element {index} is {found}"
                )
            }
            DtsValueError::InvalidText { charset } => {
                write!(f, "the bytes are not valid {charset} text")
            }
            DtsValueError::UnsupportedCharset(c) => {
                write!(f, "charset `{c}` is not supported; read the bytes instead")
            }
            DtsValueError::Unrepresentable(m) => {
                write!(f, "the value cannot be held as a JSON value: {m}")
            }
        }
    }
}

impl std::error::Error for DtsValueError {}

/// The values a Java byte may be written as in `hb`: signed (-128 to 127) or unsigned (0 to 255).
const HB_BYTE: std::ops::RangeInclusive<i64> = -128..=255;

/// Decodes the serialized Java `ByteBuffer` form (`{"hb": [..], ...}`) from `hb` alone. `None` when
/// `value` is not an object with an `hb` array.
pub fn decode_java_byte_buffer(
    value: &serde_json::Value,
) -> Option<Result<Vec<u8>, DtsValueError>> {
    let hb = value.as_object()?.get("hb")?.as_array()?;
    Some(
        hb.iter()
            .enumerate()
            .map(|(index, b)| match b.as_i64() {
                Some(n) if HB_BYTE.contains(&n) => Ok(n as u8),
                _ => Err(DtsValueError::NotAByte {
                    index,
                    found: b.to_string(),
                }),
            })
            .collect(),
    )
}

impl DtsColumnValue {
    /// The bytes of a `ByteBuffer` value, read from `hb` alone; `None` for other values (and for
    /// JSON a `serde_json::Value` cannot hold, which no `ByteBuffer` is).
    pub fn bytes(&self) -> Option<Result<Vec<u8>, DtsValueError>> {
        if !self.data.is_object() {
            return None;
        }
        decode_java_byte_buffer(self.data.value().ok()?)
    }

    /// The text of a `ByteBuffer` value in its `charset` (UTF-8 family and ASCII; no charset means
    /// UTF-8); `None` for other values.
    pub fn text(&self) -> Option<Result<String, DtsValueError>> {
        let bytes = match self.bytes()? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        let charset = self.charset.as_deref().unwrap_or("utf8");
        Some(match charset.to_ascii_lowercase().as_str() {
            "utf8" | "utf8mb4" | "utf8mb3" | "utf-8" | "ascii" | "us-ascii" => {
                String::from_utf8(bytes).map_err(|_| DtsValueError::InvalidText {
                    charset: charset.to_owned(),
                })
            }
            _ => Err(DtsValueError::UnsupportedCharset(charset.to_owned())),
        })
    }

    /// The value as plain JSON: text for a `ByteBuffer` with a charset, base64 for one without, the
    /// value itself otherwise.
    pub fn to_json(&self) -> Result<serde_json::Value, DtsValueError> {
        if self.charset.is_some() {
            if let Some(text) = self.text() {
                return text.map(serde_json::Value::String);
            }
        }
        match self.bytes() {
            Some(bytes) => bytes.map(|b| crate::wire::blob::encode(&b).into()),
            None => self
                .data
                .value()
                .cloned()
                .map_err(|e| DtsValueError::Unrepresentable(e.to_string())),
        }
    }
}

impl DtsImage {
    /// The row as a JSON object, column name → plain value ([`DtsColumnValue::to_json`]), using the
    /// image's own schema or else `schema`.
    pub fn row(
        &self,
        schema: &DtsSchema,
    ) -> Result<serde_json::Map<String, serde_json::Value>, DtsValueError> {
        let fields = &self.record_schema.as_ref().unwrap_or(schema).record_fields;
        fields
            .iter()
            .zip(&self.values)
            .map(|(f, v)| Ok((f.field_name.to_string(), v.to_json()?)))
            .collect()
    }
}

impl DtsData {
    /// `sourceTimestamp` as epoch seconds (from a number or a numeric string).
    pub fn source_time(&self) -> Option<EpochSeconds> {
        self.source_timestamp.as_i64().map(EpochSeconds)
    }

    /// The image a handler usually wants: the after image, or the before image when there is no
    /// (non-empty) after image (deletes), with its JSON Pointer within the event.
    pub fn current_image(&self) -> Option<(&'static str, &DtsImage)> {
        match (&self.after_image, &self.before_image) {
            (Some(a), _) if !a.values.is_empty() => Some(("/data/afterImage", a)),
            (_, Some(b)) if !b.values.is_empty() => Some(("/data/beforeImage", b)),
            _ => None,
        }
    }

    /// The current row ([`DtsData::current_image`]) as a JSON object; an empty object when the record
    /// has no row image.
    pub fn row(&self) -> Result<serde_json::Map<String, serde_json::Value>, DtsValueError> {
        match self.current_image() {
            Some((_, image)) => image.row(&self.schema),
            None => Ok(serde_json::Map::new()),
        }
    }
}

/// Whether the JSON object `text` has no `hb` member, or an `hb` array of integers from -128 to 255
/// (checked while reading, without building anything). `false` also when it cannot tell: the caller
/// then reads the value to find the fault.
fn hb_in_range(text: &str) -> bool {
    struct Bytes;
    impl<'de> serde::Deserialize<'de> for Bytes {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Bytes;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an array of bytes")
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<Bytes, A::Error> {
                    while let Some(n) = a.next_element::<i64>()? {
                        if !HB_BYTE.contains(&n) {
                            return Err(serde::de::Error::custom("not a byte"));
                        }
                    }
                    Ok(Bytes)
                }
            }
            d.deserialize_seq(V)
        }
    }
    #[derive(serde::Deserialize)]
    struct HbOnly {
        #[allow(dead_code)] // read to be checked
        hb: Option<Bytes>,
    }
    serde_json::from_str::<HbOnly>(text).is_ok()
}

/// The schema of `data.id`, as validation reads it: a non-negative integer, or any string (the doc
/// table says String; a string id is not read as a number).
#[cfg(feature = "schema")]
fn id_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "string" }
        ]
    })
}

impl Payload for DtsEvent {
    const KIND: TriggerKind = TriggerKind::Dts;
}

impl Validate for DtsData {
    fn validate(&self, v: &mut Validator) {
        // `id` may be a number or a string; a numeric id must be a non-negative integer.
        if !self.id.is_string() {
            if let Some(id) = v.integer("id", &self.id) {
                v.non_negative("id", id);
            }
        }
        v.at("topicPartition", |v| {
            v.non_negative("partition", self.topic_partition.partition);
        });
        v.non_negative("offset", self.offset);
        if let Some(s) = v.integer("sourceTimestamp", &self.source_timestamp) {
            v.epoch("sourceTimestamp", s, 1);
        }
        for (key, image) in [
            ("beforeImage", &self.before_image),
            ("afterImage", &self.after_image),
        ] {
            if let Some(image) = image {
                v.at(key, |v| image.check(&self.schema, v));
            }
        }
    }
}

impl DtsImage {
    fn check(&self, schema: &DtsSchema, v: &mut Validator) {
        let fields = self
            .record_schema
            .as_ref()
            .unwrap_or(schema)
            .record_fields
            .len();
        if !self.values.is_empty() && self.values.len() != fields {
            v.fault_at(
                "values",
                code::CONSISTENCY,
                format!(
                    "expected one value per schema field ({fields}), found {}",
                    self.values.len()
                ),
            );
        }
        if let Some(size) = self.size {
            v.non_negative("size", size);
        }
        v.at("values", |v| {
            for (i, value) in self.values.iter().enumerate() {
                if !value.data.is_object() || hb_in_range(value.data.as_json_str()) {
                    continue;
                }
                if let Some(Err(DtsValueError::NotAByte { index, found })) = value.bytes() {
                    v.at_index(i, |v| {
                        v.at("data", |v| {
                            v.at("hb", |v| {
                                v.at_index(index, |v| {
                                    v.fault(
                                        code::RANGE,
                                        format!("expected a byte (-128 to 255), found {found}"),
                                    )
                                })
                            })
                        })
                    });
                }
            }
        });
    }
}

impl EventData for DtsData {
    const TYPE_PREFIX: Option<&'static str> = Some("dts:");
    fn validate_data(&self, v: &mut Validator) {
        self.validate(v);
    }
    /// The current row ([`DtsData::row`]) as a JSON object.
    fn body(&self) -> Body<'_> {
        let pointer = self.current_image().map_or("/data", |(p, _)| p);
        match self.row() {
            Ok(row) => Body::Owned {
                pointer,
                value: serde_json::Value::Object(row),
            },
            Err(e) => Body::Missing {
                pointer,
                reason: e.to_string(),
            },
        }
    }
}
