//! The crate's own JSON reader against serde_json on every kind's payload type: the bundled
//! samples, every fixture, and edited copies of them.

use proptest::prelude::*;

use crate::wire::kind::TriggerKind;
use crate::wire::reader::differential::{compare, compare_untyped, corpus, edited, Outcome};

macro_rules! kinds {
    ($( $variant:ident = $name:literal, feature $feature:literal, $($ty:ident)::+, sample $sample:literal, $desc:literal; )*) => {
        /// [`compare`] with `kind`'s payload type.
        fn compare_as(kind: TriggerKind, text: &str) -> Outcome {
            $(
                #[cfg(feature = $feature)]
                if kind == <crate::$($ty)::+ as crate::model::Payload>::KIND {
                    return compare::<crate::$($ty)::+>(text);
                }
            )*
            let _ = text;
            Outcome::Declined(false)
        }
    };
}
crate::registry::for_each_kind!(kinds);

/// Every fixture and sample, as every kind: where serde_json reads it, the reader reads it to
/// the same value (it declines none of them, so real payloads take the fast path).
#[test]
fn the_corpus_is_read_alike_and_never_declined() {
    let mut read = 0;
    let mut declined = Vec::new();
    for (path, text) in corpus() {
        for &kind in TriggerKind::ALL {
            match compare_as(kind, &text) {
                Outcome::Read => read += 1,
                Outcome::Declined(true) => declined.push(format!("{path} as {kind}")),
                Outcome::Declined(false) => {}
            }
        }
        if compare_untyped(&text) == Outcome::Declined(true) {
            declined.push(format!("{path} untyped"));
        }
    }
    assert!(read > 300, "read {read}");
    assert_eq!(declined, Vec::<String>::new());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Edited real payloads, as every kind and untyped: whatever the reader returns is
    /// serde_json's value, and whatever serde_json refuses the reader declines.
    #[test]
    fn edited_payloads_are_read_alike(text in edited()) {
        for &kind in TriggerKind::ALL {
            compare_as(kind, &text);
        }
        compare_untyped(&text);
    }
}
