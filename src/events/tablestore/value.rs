//! The cell value of a Tablestore record: Integer, String, Blob, Double or Boolean.

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::codec::Absent;
use crate::wire::any_value::BLOB_KEY;
use crate::wire::float::{take_arrived, FloatWidth, RawFloat};

/// A primary-key or column value (the docs' `formated_value`).
///
/// | variant | CBOR | JSON rendering |
/// |---|---|---|
/// | `Integer` | major type 0/1, any width | a number without fraction or exponent |
/// | `String` | major type 3 (text) | a string |
/// | `Blob` | major type 2 (byte string) | `{"$blob": "<standard base64 with padding>"}` |
/// | `Double` | float16/32/64, written back in the width it arrived in | a number with a fraction or exponent (`2.0`, `1e300`) |
/// | `Boolean` | simple values 20/21 | `true` / `false` |
///
/// Primary-key values are only Integer, String or Blob (validation checks it). A Double keeps its
/// float-ness in both encodings: `2.0` is written with its fraction, so it reads back as a Double, never
/// as an Integer. JSON has no NaN or infinity, so writing a non-finite Double to JSON fails. A Double
/// decoded from CBOR keeps the width and bits it arrived in ([`TablestoreDouble::width`]), so CBOR in,
/// CBOR out is byte-equal whatever width the writer chose.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TablestoreValue {
    /// A signed 64-bit integer (the whole `i64` range).
    Integer(i64),
    /// UTF-8 text.
    String(String),
    /// Bytes.
    Blob(Vec<u8>),
    /// A float: its value as `f64`, and the CBOR width it arrived in.
    Double(TablestoreDouble),
    /// A boolean.
    Boolean(bool),
}

impl TablestoreValue {
    /// The documented type name: `Integer`, `String`, `Blob`, `Double` or `Boolean`.
    pub fn type_name(&self) -> &'static str {
        match self {
            TablestoreValue::Integer(_) => "Integer",
            TablestoreValue::String(_) => "String",
            TablestoreValue::Blob(_) => "Blob",
            TablestoreValue::Double(_) => "Double",
            TablestoreValue::Boolean(_) => "Boolean",
        }
    }

    /// The integer, if this is an Integer.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            TablestoreValue::Integer(i) => Some(i),
            _ => None,
        }
    }

    /// The text, if this is a String.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            TablestoreValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is a Blob.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            TablestoreValue::Blob(b) => Some(b),
            _ => None,
        }
    }

    /// The float, if this is a Double.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            TablestoreValue::Double(f) => Some(f.value()),
            _ => None,
        }
    }

    /// The boolean, if this is a Boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            TablestoreValue::Boolean(b) => Some(b),
            _ => None,
        }
    }

    /// Whether this type may appear in a primary key (Integer, String or Blob).
    pub fn is_primary_key_type(&self) -> bool {
        matches!(
            self,
            TablestoreValue::Integer(_) | TablestoreValue::String(_) | TablestoreValue::Blob(_)
        )
    }
}

impl Default for TablestoreValue {
    fn default() -> Self {
        TablestoreValue::Integer(0)
    }
}

impl Absent for TablestoreValue {}

impl From<i64> for TablestoreValue {
    fn from(v: i64) -> Self {
        TablestoreValue::Integer(v)
    }
}

impl From<&str> for TablestoreValue {
    fn from(v: &str) -> Self {
        TablestoreValue::String(v.to_owned())
    }
}

impl From<String> for TablestoreValue {
    fn from(v: String) -> Self {
        TablestoreValue::String(v)
    }
}

impl From<Vec<u8>> for TablestoreValue {
    fn from(v: Vec<u8>) -> Self {
        TablestoreValue::Blob(v)
    }
}

impl From<&[u8]> for TablestoreValue {
    fn from(v: &[u8]) -> Self {
        TablestoreValue::Blob(v.to_vec())
    }
}

impl From<f64> for TablestoreValue {
    fn from(v: f64) -> Self {
        TablestoreValue::Double(TablestoreDouble::new(v))
    }
}

impl From<TablestoreDouble> for TablestoreValue {
    fn from(v: TablestoreDouble) -> Self {
        TablestoreValue::Double(v)
    }
}

/// A Tablestore Double: an `f64` value and, when it was decoded from CBOR, the width (float16,
/// float32 or float64) and exact bits it arrived in, which CBOR encoding writes again.
///
/// A Double built from an `f64` or decoded from JSON has no width: CBOR encoding writes it in the
/// shortest width that holds it exactly. Equality compares the values (like `f64`: NaN is unequal to
/// itself), not the widths.
///
/// ```
/// use fc_events::tablestore::TablestoreDouble;
/// use fc_events::tablestore::FloatWidth;
///
/// let d = TablestoreDouble::with_width(1.5, FloatWidth::F64).unwrap();
/// assert_eq!((d.value(), d.width()), (1.5, Some(FloatWidth::F64)));
/// assert_eq!(TablestoreDouble::with_width(0.1, FloatWidth::F32), None); // not exact in float32
/// assert_eq!(TablestoreDouble::new(0.1).width(), None);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct TablestoreDouble {
    value: f64,
    raw: Option<RawFloat>,
}

impl TablestoreDouble {
    /// `value` without a width (CBOR encoding picks the shortest exact one).
    pub fn new(value: f64) -> Self {
        TablestoreDouble { value, raw: None }
    }

    /// `value` to be written in `width`; `None` when that width does not hold it exactly (every
    /// width holds a NaN, written as that width's quiet NaN).
    pub fn with_width(value: f64, width: FloatWidth) -> Option<Self> {
        let raw = RawFloat::exact(value, width)?;
        Some(TablestoreDouble {
            value,
            raw: Some(raw),
        })
    }

    /// The value.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The CBOR width it arrived in (or was given), if any.
    pub fn width(&self) -> Option<FloatWidth> {
        self.raw.map(|r| r.width)
    }

    /// The value decoded from a float the codec handed over, with the width and bits it arrived in
    /// when the CBOR codec listed them.
    fn arrived(value: f64) -> Self {
        TablestoreDouble {
            value,
            raw: take_arrived(value),
        }
    }
}

impl PartialEq for TablestoreDouble {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl From<f64> for TablestoreDouble {
    fn from(v: f64) -> Self {
        TablestoreDouble::new(v)
    }
}

impl From<bool> for TablestoreValue {
    fn from(v: bool) -> Self {
        TablestoreValue::Boolean(v)
    }
}

impl Serialize for TablestoreValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TablestoreValue::Integer(i) => s.serialize_i64(*i),
            TablestoreValue::String(v) => s.serialize_str(v),
            TablestoreValue::Blob(b) => crate::wire::blob::serialize(b, s),
            // serde_json would silently write `null`.
            TablestoreValue::Double(f) if !f.value.is_finite() && s.is_human_readable() => {
                Err(serde::ser::Error::custom(format_args!(
                    "the Double {} has no JSON rendering",
                    f.value
                )))
            }
            TablestoreValue::Double(TablestoreDouble { raw: Some(raw), .. })
                if !s.is_human_readable() =>
            {
                crate::codec::cbor::serialize_exact_float(*raw, s)
            }
            TablestoreValue::Double(f) => s.serialize_f64(f.value),
            TablestoreValue::Boolean(b) => s.serialize_bool(*b),
        }
    }
}

impl<'de> Deserialize<'de> for TablestoreValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let human_readable = d.is_human_readable();
        d.deserialize_any(ValueVisitor { human_readable })
    }
}

/// `human_readable`: whether `{"$blob": ...}` is a Blob (JSON) or just a map (CBOR, not a value).
struct ValueVisitor {
    human_readable: bool,
}

fn out_of_range<E: de::Error>(v: impl fmt::Display) -> E {
    E::custom(format_args!(
        "integer {v} out of range: a Tablestore Integer is a signed 64-bit integer"
    ))
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = TablestoreValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.human_readable {
            f.write_str("a Tablestore value: Integer, String, Blob ({\"$blob\": \"<base64>\"}), Double or Boolean")
        } else {
            f.write_str(
                "a Tablestore value: Integer, String, Blob (a byte string), Double or Boolean",
            )
        }
    }

    fn visit_bool<E>(self, v: bool) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::Boolean(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::Integer(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TablestoreValue, E> {
        i64::try_from(v)
            .map(TablestoreValue::Integer)
            .map_err(|_| out_of_range(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<TablestoreValue, E> {
        i64::try_from(v)
            .map(TablestoreValue::Integer)
            .map_err(|_| out_of_range(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<TablestoreValue, E> {
        i64::try_from(v)
            .map(TablestoreValue::Integer)
            .map_err(|_| out_of_range(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::Double(TablestoreDouble::arrived(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::Blob(v.to_vec()))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<TablestoreValue, E> {
        Ok(TablestoreValue::Blob(v))
    }

    /// Only the JSON rendering of a Blob is a map: exactly one member, `$blob`, holding base64.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TablestoreValue, A::Error> {
        if self.human_readable {
            if let Some(key) = map.next_key::<crate::codec::Key<'de>>()? {
                if key.as_str() == BLOB_KEY {
                    let text: Cow<'de, str> = map.next_value::<BorrowedOrOwned<'de>>()?.0;
                    if map.next_key::<crate::codec::Key<'de>>()?.is_none() {
                        return crate::wire::blob::decode(&text)
                            .map(TablestoreValue::Blob)
                            .map_err(|e| {
                                de::Error::invalid_value(
                                    Unexpected::Str(&text),
                                    &format!("standard base64 with padding in `{BLOB_KEY}` ({e})")
                                        .as_str(),
                                )
                            });
                    }
                }
            }
        }
        Err(de::Error::invalid_type(Unexpected::Map, &self))
    }
}

/// A string member, borrowed when the format allows it.
struct BorrowedOrOwned<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for BorrowedOrOwned<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BorrowedOrOwned<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(BorrowedOrOwned(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(BorrowedOrOwned(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(BorrowedOrOwned(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for TablestoreValue {
    fn schema_name() -> Cow<'static, str> {
        "TablestoreValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A Tablestore value: Integer, String, Blob ({\"$blob\": \"<standard base64>\"} in JSON), Double or Boolean.",
            "anyOf": [
                { "type": "integer" },
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "$blob": { "type": "string", "contentEncoding": "base64" } },
                    "required": ["$blob"],
                    "additionalProperties": false
                },
                { "type": "number" },
                { "type": "boolean" }
            ]
        })
    }
}
