//! One representative valid payload per kind, for local handler testing (`fc-events sample KIND`) and
//! as the example in each kind's JSON Schema.

use crate::wire::kind::TriggerKind;

macro_rules! samples {
    ($( $kind:ident = $name:literal, feature $feature:literal, $($ty:ident)::+, sample $file:literal, $desc:literal; )*) => {
        /// A representative valid payload of `kind`, in its wire form (JSON, CBOR or raw text), or
        /// `None` when the kind is not compiled in.
        pub fn sample(kind: TriggerKind) -> Option<&'static [u8]> {
            match kind {
                $(
                    #[cfg(feature = $feature)]
                    TriggerKind::$kind => Some(include_bytes!(concat!("samples/", $file))),
                )*
                #[allow(unreachable_patterns)]
                _ => None,
            }
        }
    };
}

crate::registry::for_each_kind!(samples);
