//! [`JsonText`]: a JSON value kept as the text it arrived as.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::sync::OnceLock;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::any_value::{AnyValue, AnyVisitor, Nested};
use crate::wire::error::DecodeError;

/// A JSON value kept as its text.
///
/// Members that carry the user's own data (response bodies, RabbitMQ message bodies, Kafka keys and
/// values, SLS parameters, DTS column values, IoT payloads) have no shape this crate could type. Building them into a `serde_json::Value` tree costs
/// as much as hand-parsing the whole event and loses how the JSON was written. A `JsonText` is only
/// checked and copied while decoding, written back byte for byte when encoding to JSON, and parsed
/// on demand: into the user's own type ([`JsonText::to_typed`], straight from the text) or into a
/// `Value` ([`JsonText::value`], once, then kept).
///
/// How the text is kept with any serde format:
/// * From serde_json (what [`Event::from_slice`](crate::Event::from_slice) and every kind's decoder
///   use), through serde_json's raw-value protocol: the text is sliced out of the input, escapes and
///   all, without being unescaped or built into a tree.
/// * From any other deserializer (a `serde_json::Value`, CBOR, buffered content), the value is read
///   as a `Value` and rendered as compact JSON text.
/// * Into JSON bytes by this crate's encoders ([`Event::to_vec`](crate::Event::to_vec),
///   [`Event::to_json_vec`](crate::Event::to_json_vec)): the text itself. Into any other serializer
///   (CBOR, `serde_json::to_value`, a user's own `serde_json::to_vec`): the value the text holds.
///
/// Two `JsonText`s are equal when their texts are equal: `1.0` and `1` differ, as do `"\u0041"` and
/// `"A"`, because they re-encode differently.
#[derive(Clone)]
pub struct JsonText {
    text: Box<str>,
    parsed: OnceLock<Result<Value, DecodeError>>,
    /// The value one level deep, for the accessors of [`AnyValue`]: members and elements stay text.
    expanded: OnceLock<Option<Box<AnyValue>>>,
}

impl JsonText {
    /// Checks that `text` is one JSON value and keeps it (without surrounding whitespace).
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        let raw: &serde_json::value::RawValue = crate::wire::json::json_any(None, text.as_bytes())?;
        Ok(JsonText::from_checked(raw.get()))
    }

    /// A JSON string holding `s`.
    pub fn string(s: &str) -> Self {
        let text = if s.bytes().any(needs_escape) {
            Value::from(s).to_string()
        } else {
            format!("\"{s}\"")
        };
        JsonText::from_checked(text)
    }

    /// Text already known to be one JSON value without surrounding whitespace.
    pub(crate) fn from_checked(text: impl Into<Box<str>>) -> Self {
        JsonText {
            text: text.into(),
            parsed: OnceLock::new(),
            expanded: OnceLock::new(),
        }
    }

    /// The JSON text, exactly as received.
    pub fn as_json_str(&self) -> &str {
        &self.text
    }

    /// The value as a `serde_json::Value`, parsed from the text on first use. Fails only for JSON a
    /// `Value` cannot hold (a number beyond the range of `f64`, a lone surrogate escape such as
    /// `"\ud800"`, nesting deeper than 128 levels); the error names the place within the text.
    pub fn value(&self) -> Result<&Value, DecodeError> {
        self.parsed
            .get_or_init(|| parse_value(&self.text))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The value as a `serde_json::Value`.
    pub fn into_value(self) -> Result<Value, DecodeError> {
        let JsonText { text, parsed, .. } = self;
        parsed.into_inner().unwrap_or_else(|| parse_value(&text))
    }

    /// Member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.value().ok()?.get(key)
    }

    /// The value at an RFC 6901 JSON Pointer.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        self.value().ok()?.pointer(pointer)
    }

    /// The members, when the value is an object.
    pub fn as_object(&self) -> Option<&serde_json::Map<String, Value>> {
        self.value().ok()?.as_object()
    }

    /// Decodes the value into the user's own type, straight from the text; errors name the place of
    /// the fault within the text.
    pub fn to_typed<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        crate::wire::json::json_any(None, self.text.as_bytes())
    }

    /// Whether the value is a JSON string.
    pub fn is_string(&self) -> bool {
        self.text.starts_with('"')
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        &*self.text == "null"
    }

    /// Whether the value is a JSON object.
    pub fn is_object(&self) -> bool {
        self.text.starts_with('{')
    }

    /// The string, when the value is a JSON string: borrowed from the text when it has no escapes,
    /// unescaped otherwise. `None` for other values and for a string no Rust `str` can hold (a lone
    /// surrogate escape).
    pub fn as_str(&self) -> Option<Cow<'_, str>> {
        let inner = self.text.strip_prefix('"')?.strip_suffix('"')?;
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        serde_json::from_str::<String>(&self.text)
            .ok()
            .map(Cow::Owned)
    }

    /// What kind of JSON value this is, for messages (`"an object"`, `"a number"`, …).
    pub(crate) fn describe(&self) -> &'static str {
        match self.text.as_bytes().first() {
            Some(b'n') => "null",
            Some(b't' | b'f') => "a boolean",
            Some(b'"') if self.as_str().is_none() => {
                "a string no text can hold (a lone surrogate escape)"
            }
            Some(b'"') => "a string",
            Some(b'[') => "an array",
            Some(b'{') => "an object",
            _ => "a number",
        }
    }

    /// The length in bytes of the string, when the value is a JSON string, counted without
    /// unescaping it (a lone surrogate escape counts as the three bytes of its WTF-8 form).
    pub fn str_len(&self) -> Option<usize> {
        let inner = self.text.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
        let mut len = 0;
        let mut i = 0;
        while i < inner.len() {
            if inner[i] != b'\\' {
                len += 1;
                i += 1;
                continue;
            }
            if inner.get(i + 1) != Some(&b'u') {
                len += 1;
                i += 2;
                continue;
            }
            let unit = hex4(inner.get(i + 2..i + 6)?)?;
            i += 6;
            len += match unit {
                0..=0x7f => 1,
                0x80..=0x7ff => 2,
                0xd800..=0xdbff if inner.get(i..i + 2) == Some(b"\\u") => {
                    match inner.get(i + 2..i + 6).and_then(hex4) {
                        Some(0xdc00..=0xdfff) => {
                            i += 6;
                            4
                        }
                        _ => 3,
                    }
                }
                _ => 3,
            };
        }
        Some(len)
    }
}

impl JsonText {
    /// The value one level deep (members and elements stay [`AnyValue::Json`]); numbers read from
    /// their text (`1E400` is infinite). `None` for a string no `str` can hold.
    pub(crate) fn expanded(&self) -> Option<&AnyValue> {
        self.expanded
            .get_or_init(|| self.read(Nested::Any).ok().map(Box::new))
            .as_deref()
    }

    /// The value as a tree of [`AnyValue`]s all the way down (see [`AnyValue::to_tree`]).
    pub fn to_tree(&self) -> Result<AnyValue, DecodeError> {
        self.read(Nested::Tree)
    }

    fn read(&self, nested: Nested) -> Result<AnyValue, DecodeError> {
        let text = &*self.text;
        if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            // `-0` is the float negative zero, as serde_json reads it: as the integer 0 it would
            // lose its sign in CBOR and come back as `0`.
            if text == "-0" {
                return Ok(AnyValue::Float(-0.0));
            }
            if let Ok(i) = text.parse::<i64>() {
                return Ok(AnyValue::Int(i));
            }
            if let Ok(u) = text.parse::<u64>() {
                return Ok(AnyValue::UInt(u));
            }
            if let Ok(f) = text.parse::<f64>() {
                return Ok(AnyValue::Float(f));
            }
        }
        let seed = AnyVisitor {
            human_readable: true,
            nested,
            raw: false,
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let value = serde::de::Deserializer::deserialize_any(&mut de, seed)
            .and_then(|v| de.end().map(|()| v));
        value.map_err(|e| DecodeError::from_json(None, crate::wire::error::Location::root(), &e))
    }
}

/// The code unit of four hexadecimal digits.
fn hex4(digits: &[u8]) -> Option<u32> {
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// Whether JSON must escape this byte inside a string.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The text parsed into a `Value`.
fn parse_value(text: &str) -> Result<Value, DecodeError> {
    crate::wire::json::json_any(None, text.as_bytes())
}

impl Default for JsonText {
    /// `null`.
    fn default() -> Self {
        JsonText::from_checked("null")
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonText").field(&&*self.text).finish()
    }
}

impl fmt::Display for JsonText {
    /// The JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for JsonText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl PartialEq<Value> for JsonText {
    /// Whether the text holds `other` (compared as values, not as text).
    fn eq(&self, other: &Value) -> bool {
        self.value().is_ok_and(|v| v == other)
    }
}

/// `null` for what `Value` indexing gives `null` for, and for text no `Value` can hold.
static NULL: Value = Value::Null;

impl std::ops::Index<&str> for JsonText {
    type Output = Value;
    /// Member `key` of the value, as `serde_json::Value` indexing reads it (`null` when absent).
    fn index(&self, key: &str) -> &Value {
        self.value().map_or(&NULL, |v| &v[key])
    }
}

impl std::ops::Index<usize> for JsonText {
    type Output = Value;
    /// Element `i` of the value, as `serde_json::Value` indexing reads it (`null` when absent).
    fn index(&self, i: usize) -> &Value {
        self.value().map_or(&NULL, |v| &v[i])
    }
}

impl From<Value> for JsonText {
    fn from(v: Value) -> Self {
        let text = v.to_string().into_boxed_str();
        let parsed = OnceLock::from(Ok(v));
        JsonText {
            text,
            parsed,
            expanded: OnceLock::new(),
        }
    }
}

/// The name serde_json's raw-value protocol uses, learned from serde_json itself (through the
/// public `Deserialize` impl of `RawValue`) rather than spelled out here.
pub(crate) fn raw_token() -> &'static str {
    static TOKEN: OnceLock<&'static str> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let mut sniffer = TokenSniffer(None);
        let _ = <Box<serde_json::value::RawValue>>::deserialize(&mut sniffer);
        sniffer.0.unwrap_or("")
    })
}

/// A deserializer that only records the name a newtype struct is asked for under.
struct TokenSniffer(Option<&'static str>);

impl<'de> Deserializer<'de> for &mut TokenSniffer {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only a name is asked for"))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = Some(name);
        Err(de::Error::custom("only a name is asked for"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

thread_local! {
    /// Set while this crate's own encoder serializes into serde_json's byte serializer, the one
    /// serializer known to write a raw value's text as is.
    static RAW_OUT: Cell<bool> = const { Cell::new(false) };
}

/// Whether this crate's own JSON encoder is writing, so that a [`JsonText`] may be written as its text.
pub(crate) fn raw_out() -> bool {
    !raw_token().is_empty() && RAW_OUT.with(Cell::get)
}

/// Serializes `value` to JSON bytes, writing every [`JsonText`] inside as its text.
pub(crate) fn to_json_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            RAW_OUT.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(RAW_OUT.with(|r| r.replace(true)));
    serde_json::to_vec(value)
}

impl Serialize for JsonText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let token = raw_token();
        if !token.is_empty() && RAW_OUT.with(Cell::get) {
            let mut s = serializer.serialize_struct(token, 1)?;
            s.serialize_field(token, &*self.text)?;
            return s.end();
        }
        // Into another format (CBOR, a user's serializer): the value read as an ordered tree, so
        // members keep their order at every depth (a `Value` would sort them).
        match self.to_tree() {
            Ok(tree) => tree.serialize(serializer),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> Deserialize<'de> for JsonText {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(raw_token(), JsonTextVisitor)
    }
}

/// Takes serde_json's raw text when offered, and builds the value otherwise.
struct JsonTextVisitor;

impl JsonTextVisitor {
    fn value<E>(v: Value) -> Result<JsonText, E> {
        Ok(JsonText::from(v))
    }
}

impl<'de> Visitor<'de> for JsonTextVisitor {
    type Value = JsonText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// Formats other than serde_json (CBOR, buffered content): the value written as JSON text in the
    /// order it arrives (a `Value` would sort members).
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<JsonText, D::Error> {
        let mut text = String::new();
        de::DeserializeSeed::deserialize(WriteJson(&mut text), d)?;
        checked(text)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<JsonText, A::Error> {
        let Some(first) = access.next_key::<crate::wire::member::Key<'de>>()? else {
            return Self::value(Value::Object(serde_json::Map::new()));
        };
        if first.as_str() == raw_token() {
            return Ok(JsonText::from_checked(access.next_value::<String>()?));
        }
        // Another format (CBOR, a buffered value): the text is written as the members arrive, so
        // their order is kept at every depth (a `serde_json::Map` would sort them).
        let mut text = String::from("{");
        write_member(&mut text, first.as_str(), &mut access)?;
        while let Some(k) = access.next_key::<crate::wire::member::Key<'de>>()? {
            text.push(',');
            write_member(&mut text, k.as_str(), &mut access)?;
        }
        text.push('}');
        checked(text)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, access: A) -> Result<JsonText, A::Error> {
        let mut text = String::new();
        WriteJson(&mut text).visit_seq(access)?;
        checked(text)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<JsonText, E> {
        Self::value(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JsonText, E> {
        Self::value(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JsonText, E> {
        Self::value(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JsonText, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => Self::value(Value::Number(n)),
            None => Err(E::invalid_value(
                de::Unexpected::Float(v),
                &"a finite number",
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonText, E> {
        Ok(JsonText::string(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonText, E> {
        Self::value(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<JsonText, E> {
        Self::value(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<JsonText, D::Error> {
        self.visit_newtype_struct(d)
    }
}

/// Text written from another format's value, checked as kept text is (no member name twice in
/// any object, nesting bounded).
fn checked<E: de::Error>(text: String) -> Result<JsonText, E> {
    crate::wire::any_value::check_text::<E>(&text)?;
    Ok(JsonText::from_checked(text))
}

/// Writes one member (`"name":value`) of an object being read from another format.
fn write_member<'de, A: MapAccess<'de>>(
    out: &mut String,
    name: &str,
    access: &mut A,
) -> Result<(), A::Error> {
    write_string(out, name);
    out.push(':');
    access.next_value_seed(WriteJson(out))
}

fn write_string(out: &mut String, s: &str) {
    // serde_json's own string escaping, so the text reads back as the same string.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// Writes the value it is given as JSON text, in the order the format delivers it.
struct WriteJson<'a>(&'a mut String);

impl<'de> de::DeserializeSeed<'de> for WriteJson<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for WriteJson<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        self.0.push('{');
        let mut first = true;
        while let Some(k) = access.next_key::<crate::wire::member::Key<'de>>()? {
            if !first {
                self.0.push(',');
            }
            first = false;
            write_member(self.0, k.as_str(), &mut access)?;
        }
        self.0.push('}');
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        self.0.push('[');
        let mut first = true;
        loop {
            if !first {
                self.0.push(',');
            }
            let at = self.0.len();
            if access.next_element_seed(WriteJson(self.0))?.is_none() {
                // No element: drop the separator written for it.
                self.0.truncate(if first { at } else { at - 1 });
                break;
            }
            first = false;
        }
        self.0.push(']');
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.push_str(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.push_str(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => {
                self.0.push_str(&n.to_string());
                Ok(())
            }
            None => Err(E::invalid_value(
                de::Unexpected::Float(v),
                &"a finite number",
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_string(self.0, v);
        Ok(())
    }

    /// A byte string (CBOR) in JSON is its `$blob` rendering, the form that became it.
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.0.push('{');
        write_string(self.0, crate::wire::any_value::BLOB_KEY);
        self.0.push(':');
        write_string(self.0, &crate::wire::blob::encode(v));
        self.0.push('}');
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for JsonText {
    fn schema_name() -> Cow<'static, str> {
        "JsonText".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::from(true)
    }
}
