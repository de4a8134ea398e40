//! The trigger kinds and their stable names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! kinds {
    ($( $variant:ident = $name:literal, feature $feature:literal, $($ty:ident)::+, sample $sample:literal, $desc:literal; )*) => {
        /// Which trigger produced a payload. The kebab-case names are stable: the CLI, the schema file
        /// names (`schemas/<name>.schema.json`) and serialized reports use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum TriggerKind {
            $( #[doc = concat!("`", $name, "`: ", $desc, " (feature `", $feature, "`)")] $variant, )*
        }

        impl TriggerKind {
            /// Every kind, in a stable order.
            pub const ALL: &'static [TriggerKind] = &[$(TriggerKind::$variant),*];

            /// The stable kebab-case name.
            pub const fn name(self) -> &'static str {
                match self { $( TriggerKind::$variant => $name, )* }
            }

            /// A one-line description.
            pub const fn description(self) -> &'static str {
                match self { $( TriggerKind::$variant => $desc, )* }
            }
        }

        impl FromStr for TriggerKind {
            type Err = UnknownKind;
            fn from_str(s: &str) -> Result<Self, UnknownKind> {
                match s {
                    $( $name => Ok(TriggerKind::$variant), )*
                    _ => Err(UnknownKind(s.to_owned())),
                }
            }
        }
    };
}

crate::registry::for_each_kind!(kinds);

impl fmt::Display for TriggerKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for TriggerKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TriggerKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A name that is not one of the [`TriggerKind`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

crate::wire::error::error_type!(UnknownKind: e => "unknown trigger kind `{}` (expected one of: {})",
    e.0,
    TriggerKind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
);
