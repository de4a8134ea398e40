//! [`StringMap`]: a JSON object whose values are all strings (HTTP headers, query and path
//! parameters), kept in arrival order.

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::fmt;

use crate::wire::member::Absent;
use crate::wire::text::Text;

/// A JSON object whose values are all strings (headers, query and path parameters), kept in arrival
/// order.
///
/// Lookups by exact name ([`get`](Self::get)) or ignoring ASCII case
/// ([`get_ignore_case`](Self::get_ignore_case), what HTTP header names need). Decoding rejects a
/// name given twice (a plain map would silently keep only one of the values) and any value that is
/// not a string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StringMap(Vec<(Text, Text)>);

impl StringMap {
    /// An empty map.
    pub fn new() -> Self {
        StringMap(Vec::new())
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `name`, matched exactly.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the first entry whose name equals `name` ignoring ASCII case.
    pub fn get_ignore_case(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether `name` is present, matched exactly.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` (matched exactly) to `value`, returning the previous value. A new name is
    /// appended.
    pub fn insert(&mut self, name: impl Into<Text>, value: impl Into<Text>) -> Option<Text> {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Sets `name` to `value`, replacing every entry whose name equals `name` ignoring ASCII case
    /// (the replacement takes the place of the first one). Returns the first replaced value.
    pub fn set_ignore_case(
        &mut self,
        name: impl Into<Text>,
        value: impl Into<Text>,
    ) -> Option<Text> {
        let (name, value) = (name.into(), value.into());
        let first = self
            .0
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(&name));
        match first {
            Some(i) => {
                let mut index = 0;
                self.0.retain(|(k, _)| {
                    let keep = index <= i || !k.eq_ignore_ascii_case(&name);
                    index += 1;
                    keep
                });
                Some(std::mem::replace(&mut self.0[i], (name, value)).1)
            }
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes `name` (matched exactly), returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Text> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The names in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The total size of names and values in bytes (what the HTTP trigger's header limit counts).
    pub fn byte_len(&self) -> usize {
        self.0.iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl<K: Into<Text>, V: Into<Text>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = StringMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a str, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, Text)>,
        fn(&'a (Text, Text)) -> (&'a str, &'a str),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl IntoIterator for StringMap {
    type Item = (Text, Text);
    type IntoIter = std::vec::IntoIter<(Text, Text)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Absent for StringMap {}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<StringMap, A::Error> {
                let mut entries: Vec<(Text, Text)> =
                    Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
                let mut names = crate::wire::member::Names::new();
                while let Some(key) = access.next_key::<crate::wire::member::Key<'de>>()? {
                    if !names.is_new(key.as_str(), &entries, |(k, _)| k.as_str()) {
                        return Err(de::Error::custom(format_args!(
                            "duplicate key `{}`",
                            key.as_str()
                        )));
                    }
                    let value: Text = access.next_value()?;
                    entries.push((Text::from(key.as_str()), value));
                }
                Ok(StringMap(entries))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for StringMap {
    fn schema_name() -> Cow<'static, str> {
        "StringMap".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "string" },
        })
    }
}
