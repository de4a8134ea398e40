//! [`Text`]: the string type of every text member.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// The string underneath: inline up to 24 bytes with the `compact` feature, a `String` without.
#[cfg(feature = "compact")]
type Repr = compact_str::CompactString;
#[cfg(not(feature = "compact"))]
type Repr = String;

/// A text member: a UTF-8 string that, with the `compact` feature (on by default), keeps strings
/// of up to 24 bytes inline, without a heap allocation.
///
/// Most members of a trigger payload are short (ids, regions, versions, names, times), so decoding
/// them this way saves an allocation each; longer strings live on the heap as a `String` would.
/// Without the feature a `Text` is a `String` underneath: the same size and the same API, one
/// allocation per non-empty text, and fewer crates to compile (see the crate's features). `Text`
/// derefs to `str` and compares with `str`, `&str` and `String`:
///
/// ```
/// use fc_events::Text;
///
/// let region = Text::from("cn-hangzhou");
/// assert_eq!(region, "cn-hangzhou");
/// assert!(region.starts_with("cn-"));
/// let owned: String = region.into();
/// assert_eq!(owned, "cn-hangzhou");
/// ```
///
/// Decoding takes only text: a CBOR byte string where text is expected is an error rather than text
/// (it would come back as text, a different type, when encoded again).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Repr);

impl Text {
    /// Empty text.
    pub const fn new() -> Self {
        #[cfg(feature = "compact")]
        return Text(Repr::const_new(""));
        #[cfg(not(feature = "compact"))]
        Text(String::new())
    }

    /// The text as a `&str`.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The text as a `String`.
    pub fn into_string(self) -> String {
        #[cfg(feature = "compact")]
        return self.0.into_string();
        #[cfg(not(feature = "compact"))]
        self.0
    }

    /// Appends `s`.
    pub fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Text {
    #[inline]
    fn from(s: &str) -> Self {
        #[cfg(feature = "compact")]
        return Text(Repr::new(s));
        #[cfg(not(feature = "compact"))]
        Text(String::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::from(s))
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Self {
        Text(Repr::from(s))
    }
}

impl From<Cow<'_, str>> for Text {
    fn from(s: Cow<'_, str>) -> Self {
        Text(Repr::from(s))
    }
}

impl From<char> for Text {
    fn from(c: char) -> Self {
        Text(Repr::from(&*c.encode_utf8(&mut [0; 4])))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.into_string()
    }
}

impl FromStr for Text {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Text::from(s))
    }
}

impl FromIterator<char> for Text {
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        Text(Repr::from_iter(iter))
    }
}

impl<'a> FromIterator<&'a str> for Text {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        Text(Repr::from_iter(iter))
    }
}

impl fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

macro_rules! eq_str {
    ($($other:ty),*) => {
        $(
            impl PartialEq<$other> for Text {
                #[inline]
                fn eq(&self, other: &$other) -> bool {
                    self.as_str() == AsRef::<str>::as_ref(other)
                }
            }
            impl PartialEq<Text> for $other {
                #[inline]
                fn eq(&self, other: &Text) -> bool {
                    AsRef::<str>::as_ref(self) == other.as_str()
                }
            }
        )*
    };
}

eq_str!(str, String, Cow<'_, str>);

impl PartialEq<&str> for Text {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Text> for &str {
    #[inline]
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Text {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text string")
            }
            #[inline]
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::from(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::from(v))
            }
        }
        d.deserialize_string(TextVisitor)
    }
}

/// The schema of a `String`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Text {
    fn inline_schema() -> bool {
        <String as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(generator)
    }
}

impl crate::wire::member::Absent for Text {}

/// `s.split_once(needle)` for the short ids validation takes apart (ARNs), without the set-up of
/// a substring searcher (the standard library's or `memmem`'s), which costs more than the rest of
/// such a check: each place holding `needle`'s first byte is compared with `needle`, so the cost is
/// at most `s.len()` times `needle.len()`, and `needle` is a short literal.
pub(crate) fn split_once_str<'a>(s: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let (&first, _) = needle.as_bytes().split_first()?;
    let at = memchr::memchr_iter(first, s.as_bytes())
        .find(|&at| s.as_bytes()[at..].starts_with(needle.as_bytes()))?;
    // `needle` is text, so `at` and `at + needle.len()` fall on character boundaries.
    Some((s.get(..at)?, s.get(at + needle.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sizes the docs promise: `Text` is three words in both forms; `Map` one word with
    /// `compact`, a `Vec`'s three without.
    #[test]
    fn sizes_are_as_documented() {
        use std::mem::size_of;
        assert_eq!(size_of::<Text>(), 3 * size_of::<usize>());
        assert_eq!(size_of::<Option<Text>>(), size_of::<Text>());
        let map_words = if cfg!(feature = "compact") { 1 } else { 3 };
        assert_eq!(
            size_of::<crate::wire::Map>(),
            map_words * size_of::<usize>()
        );
        // With `compact`, up to 24 bytes (an RFC 3339 time with milliseconds) stay inline.
        let time = Text::from("2022-08-13T06:45:43.000Z");
        let long = Text::from("x".repeat(25));
        #[cfg(feature = "compact")]
        assert!(!time.0.is_heap_allocated() && long.0.is_heap_allocated());
        assert_eq!(time, "2022-08-13T06:45:43.000Z");
        assert_eq!(long.into_string(), "x".repeat(25));
    }

    #[test]
    fn compares_and_converts_like_a_string() {
        let short = Text::from("cn-hangzhou");
        let long = Text::from("x".repeat(100));
        assert_eq!(short, "cn-hangzhou");
        assert_eq!("cn-hangzhou", short);
        assert_eq!(short, String::from("cn-hangzhou"));
        assert_ne!(short, long);
        assert_eq!(long.len(), 100);
        assert_eq!(String::from(long.clone()), "x".repeat(100));
        assert_eq!(format!("{short}|{short:?}"), "cn-hangzhou|\"cn-hangzhou\"");
        let mut built = Text::new();
        built.push_str("a");
        built.push_str(&"b".repeat(30));
        assert_eq!(built.as_str(), format!("a{}", "b".repeat(30)));
        let collected: Text = ["a", &"b".repeat(30)].into_iter().collect();
        assert_eq!(collected, built);
        assert_eq!(Text::new(), "");
        assert_eq!(Text::from('é'), "é");
    }

    #[test]
    fn splits_once_as_the_standard_library_does() {
        for (s, needle) in [
            ("/projects/p/topics/t", "/topics/"),
            ("/topics/", "/topics/"),
            ("a/topics/b/topics/c", "/topics/"),
            ("é/functions/ü", "/functions/"),
            ("none here", "/functions/"),
            ("", "x"),
        ] {
            assert_eq!(
                split_once_str(s, needle),
                s.split_once(needle),
                "{s:?} {needle:?}"
            );
        }
    }

    #[test]
    fn decodes_text_only() {
        let t: Text = serde_json::from_str(r#""h\u00e9llo""#).unwrap();
        assert_eq!(t, "héllo");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""héllo""#);
        let cbor_text = serde_cbor::to_vec(&"abc").unwrap();
        assert_eq!(serde_cbor::from_slice::<Text>(&cbor_text).unwrap(), "abc");
        let cbor_bytes = serde_cbor::to_vec(&serde_bytes_like(b"abc")).unwrap();
        let err = serde_cbor::from_slice::<Text>(&cbor_bytes).unwrap_err();
        assert!(err.to_string().contains("expected a text string"), "{err}");
        assert!(serde_json::from_str::<Text>("12").is_err());
    }

    /// A CBOR byte string, without a serde_bytes dependency.
    fn serde_bytes_like(b: &[u8]) -> serde_cbor::Value {
        serde_cbor::Value::Bytes(b.to_vec())
    }
}
