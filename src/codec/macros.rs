//! The two declaration macros every trigger module uses.

/// Declares a wire struct: named members with their wire spelling, plus `extra`, which keeps every
/// member the struct does not model, in order.
///
/// ```ignore
/// wire_struct! {
///     /// A bucket.
///     #[derive(Debug, Clone, PartialEq, Default)]
///     pub struct OssBucket {
///         /// The bucket name.
///         "name" => pub name: Text,
///         /// Absent in newer payloads.
///         "virtualBucket" => pub virtual_bucket: Option<Text>,
///     }
/// }
/// ```
///
/// `"wire" => pub field: T as V` decodes the member as `V` and converts it with `Into<T>`.
///
/// Decoding: members may come in any order; `Option` members may be absent or `null`; any other
/// member that is absent fails with "missing field"; a member given twice fails; unknown members go
/// to `extra`. Encoding writes the modelled members in declaration order (skipping `None`), then
/// `extra`. The JSON Schema derive reads the same wire names.
#[allow(unused_macros)]
macro_rules! wire_struct {
    (@via $ty:ty) => { $ty };
    (@via $ty:ty as $via:ty) => { $via };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $wire:literal => $fvis:vis $field:ident : $ty:ty $(as $via:ty)?
            ),* $(,)?
        }
    ) => {
        // The derive comes first so that `$meta` may hold `#[schemars(...)]` container attributes.
        #[cfg_attr(feature = "schema", derive(::schemars::JsonSchema))]
        $(#[$meta])*
        #[non_exhaustive]
        $vis struct $name {
            $(
                $(#[$fmeta])*
                #[cfg_attr(feature = "schema", schemars(rename = $wire))]
                $fvis $field: $ty,
            )*
            /// Members this type does not model, in arrival order; written back when encoding.
            #[cfg_attr(feature = "schema", schemars(skip))]
            pub extra: $crate::wire::Map,
        }

        impl $crate::codec::Absent for $name {}

        impl $crate::codec::Members for $name {
            const NAMES: &'static [&'static str] = &[$($wire),*];

            // Inline: generated code only where a caller needs it (the kinds detection confirms).
            #[inline]
            fn members(&self, f: &mut dyn FnMut(&str, bool)) {
                $( f($wire, !$crate::codec::Absent::is_absent(&self.$field)); )*
                for name in self.extra.keys() {
                    f(name, true);
                }
            }

            // A member that is never absent (not an `Option`) folds to a constant bit.
            #[inline]
            #[allow(unused_mut, unused_variables, unused_assignments)]
            fn present(&self) -> u64 {
                let mut bits = 0u64;
                let mut bit = 1u64;
                $(
                    if !$crate::codec::Absent::is_absent(&self.$field) {
                        bits |= bit;
                    }
                    bit = bit.wrapping_shl(1);
                )*
                bits
            }

            #[inline]
            fn unmodelled(&self) -> &$crate::wire::Map {
                &self.extra
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                #[allow(unused_mut)]
                let mut len = self.extra.len();
                $( if !$crate::codec::Absent::is_absent(&self.$field) { len += 1; } )*
                let mut map = serializer.serialize_map(Some(len))?;
                $(
                    if !$crate::codec::Absent::is_absent(&self.$field) {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )*
                self.extra.serialize_members(&mut map)?;
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct WireVisitor;
                impl<'de> ::serde::de::Visitor<'de> for WireVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    #[inline]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut access: A) -> ::core::result::Result<$name, A::Error> {
                        $( let mut $field: ::core::option::Option<$ty> = None; )*
                        let mut extra = $crate::wire::Map::new();
                        let mut names = $crate::codec::Names::new();
                        while let Some(key) = access.next_key::<$crate::codec::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return Err(<A::Error as ::serde::de::Error>::duplicate_field($wire));
                                        }
                                        $field = Some(access.next_value::<$crate::codec::wire_struct!(@via $ty $(as $via)?)>()?.into());
                                    }
                                )*
                                _ => {
                                    if !extra.is_new(&mut names, key.as_str()) {
                                        return Err($crate::codec::duplicate(key.as_str()));
                                    }
                                    let value = access.next_value::<$crate::wire::AnyValue>()?;
                                    extra.push(key.into_text(), value);
                                }
                            }
                        }
                        Ok($name {
                            $(
                                $field: match $field {
                                    Some(v) => v,
                                    None => $crate::codec::missing($wire)?,
                                },
                            )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(WireVisitor)
            }
        }
    };
}

/// Declares an open string enum: known values as variants, anything else kept in `Other(String)`,
/// so unknown values round-trip instead of failing.
///
/// Write `closed` before `pub enum` when validation treats the set as closed: the JSON Schema then
/// lists only the known values. Decoding stays lenient either way.
#[allow(unused_macros)]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $crate::codec::open_enum!(@impl open, $(#[$meta])* $vis enum $name { $( $(#[$vmeta])* $variant = $wire ),* });
    };
    (
        $(#[$meta:meta])*
        closed $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $crate::codec::open_enum!(@impl closed, $(#[$meta])* $vis enum $name { $( $(#[$vmeta])* $variant = $wire ),* });
    };
    (@impl $openness:ident,
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $wire, "`")] $variant, )*
            /// A value this version does not know, kept as received.
            Other(String),
        }

        impl $name {
            /// Every value this version knows, in wire spelling.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Other(s) => s,
                }
            }

            /// Whether this is one of the values this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $wire => $name::$variant, )*
                    _ => $name::Other(s),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::codec::Absent for $name {}

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                struct EnumVisitor;
                impl<'de> ::serde::de::Visitor<'de> for EnumVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E>(self, v: &str) -> ::core::result::Result<$name, E> {
                        Ok($name::from(v))
                    }
                    fn visit_string<E>(self, v: String) -> ::core::result::Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                d.deserialize_str(EnumVisitor)
            }
        }

        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            // With the module path, two enums of the same name in different modules get two
            // definitions (schemars names the second `Name2`) instead of sharing one.
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::codec::open_enum!(@schema $openness, $name)
            }
        }
    };
    (@schema open, $name:ident) => {
        ::schemars::json_schema!({
            "type": "string",
            "description": "Known values are listed under `examples`; any other string is accepted and kept.",
            "examples": $name::KNOWN,
        })
    };
    (@schema closed, $name:ident) => {
        ::schemars::json_schema!({
            "type": "string",
            "enum": $name::KNOWN,
        })
    };
}

pub(crate) use open_enum;
pub(crate) use wire_struct;
