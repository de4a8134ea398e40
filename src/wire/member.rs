//! How a member is read and written: its name ([`Key`], text only) and whether it is left out
//! ([`Absent`]). The wire types and the codecs' generated visitors share these two pieces.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Visitor};

use crate::wire::any_value::{AnyValue, Map};

/// A map key, borrowed from the input when the format allows it.
///
/// Keys that are not text (CBOR allows integers, byte strings, …) are rejected with a clear error.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    #[inline]
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    /// The key as [`Text`](crate::Text): inline, without an allocation, when short.
    #[inline]
    pub fn into_text(self) -> crate::wire::Text {
        match self.0 {
            Cow::Borrowed(s) => crate::wire::Text::from(s),
            Cow::Owned(s) => crate::wire::Text::from(s),
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text map key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The members of a decoded object, by wire name, for telling kinds apart after a decode: each
/// modelled member with whether it holds a value (`false`: it was absent, or `null`, which decoding
/// does not tell apart), then every member the type does not model (present).
pub(crate) trait Members {
    /// The wire names of the modelled members, in declaration order (bit `i` of
    /// [`Members::present`] is `NAMES[i]`).
    const NAMES: &'static [&'static str];

    /// Calls `f` once per member.
    fn members(&self, f: &mut dyn FnMut(&str, bool));

    /// Bit `i` set when the modelled member `NAMES[i]` holds a value (only for the first 64).
    fn present(&self) -> u64;

    /// The members the type does not model.
    fn unmodelled(&self) -> &Map;
}

/// Whether a member is left out when encoding. Only `None` is; every other value is written.
pub trait Absent {
    /// True when the member should not be written.
    fn is_absent(&self) -> bool {
        false
    }
}

impl<T> Absent for Option<T> {
    #[inline]
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

macro_rules! present_always {
    ($($t:ty),* $(,)?) => { $( impl Absent for $t {} )* };
}

present_always!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    AnyValue,
    Map,
    serde_json::Value,
    crate::wire::JsonText,
);

impl<T> Absent for Vec<T> {}
impl<K, V> Absent for std::collections::BTreeMap<K, V> {}
impl<K, V, S> Absent for std::collections::HashMap<K, V, S> {}
impl<T> Absent for Box<T> {}

/// Detects a member name given twice, in time linear in the number of members.
///
/// Small objects (the common case) are checked by scanning the names kept so far, which is faster
/// than hashing for a handful of names; past [`Names::SCAN`] names a hash set takes over, so an
/// object with 100,000 members costs 100,000 set insertions instead of five billion comparisons.
#[derive(Default)]
pub struct Names(Option<std::collections::HashSet<crate::wire::Text>>);

impl Names {
    /// Up to this many names are scanned; beyond, they are hashed.
    pub const SCAN: usize = 16;

    /// No names yet.
    #[inline]
    pub const fn new() -> Self {
        Names(None)
    }

    /// Whether `key` is not among `kept` (the names accepted so far, in order, read with `name`).
    /// Call it once per accepted name, before keeping it.
    #[inline]
    pub fn is_new<T>(&mut self, key: &str, kept: &[T], name: impl Fn(&T) -> &str) -> bool {
        match &mut self.0 {
            Some(set) => set.insert(crate::wire::Text::from(key)),
            None if kept.len() < Self::SCAN => !kept.iter().any(|k| name(k) == key),
            None => {
                let mut set: std::collections::HashSet<crate::wire::Text> = kept
                    .iter()
                    .map(|k| crate::wire::Text::from(name(k)))
                    .collect();
                let new = set.insert(crate::wire::Text::from(key));
                self.0 = Some(set);
                new
            }
        }
    }
}

/// The error for member `key` given twice.
#[inline(never)]
pub fn duplicate<E: serde::de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}
