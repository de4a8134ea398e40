//! JSON Schema export, generated from the types.
//!
//! ```
//! use fc_events::{schema::{schema, Draft}, TriggerKind};
//!
//! let s = schema(TriggerKind::Timer, Draft::Draft07).unwrap();
//! assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
//! ```

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::event::Event;
use crate::kind::TriggerKind;

/// Which JSON Schema dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Draft {
    /// Draft-07 (the default: the widest validator support).
    #[default]
    Draft07,
    /// Draft 2020-12.
    Draft2020_12,
}

impl Draft {
    pub(crate) fn settings(self) -> SchemaSettings {
        match self {
            Draft::Draft07 => SchemaSettings::draft07(),
            Draft::Draft2020_12 => SchemaSettings::draft2020_12(),
        }
    }
}

/// The schema of one kind's payload, or `None` when the kind is not compiled in.
pub fn schema(kind: TriggerKind, draft: Draft) -> Option<Value> {
    let mut generator = draft.settings().into_generator();
    Event::schema_of(kind, &mut generator).map(|s| s.to_value())
}
