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

/// The schema of any FC event: `anyOf` the schemas of every kind compiled in, with their shared
/// definitions hoisted to the top so that every `$ref` resolves.
///
/// ```
/// use fc_events::schema::{any_event_schema, Draft};
///
/// let s = any_event_schema(Draft::Draft07);
/// assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
/// assert!(s["anyOf"].as_array().is_some_and(|kinds| !kinds.is_empty()));
/// ```
pub fn any_event_schema(draft: Draft) -> Value {
    let mut generator = draft.settings().into_generator();
    let settings = generator.settings().clone();
    // `#/definitions/` or `#/$defs`: one member of the root object.
    let defs_key = settings
        .definitions_path
        .trim_start_matches('#')
        .trim_matches('/')
        .to_owned();
    let mut definitions = serde_json::Map::new();
    let mut any_of = Vec::new();
    for &kind in TriggerKind::ALL {
        let Some(schema) = Event::schema_of(kind, &mut generator) else {
            continue;
        };
        let mut schema = schema.to_value();
        if let Some(object) = schema.as_object_mut() {
            object.remove("$schema");
            // One generator names every type uniquely, so the definitions merge without clashes.
            if let Some(Value::Object(defs)) = object.remove(&defs_key) {
                definitions.extend(defs);
            }
        }
        any_of.push(schema);
    }
    let mut root = serde_json::Map::new();
    if let Some(meta) = settings.meta_schema.as_deref() {
        root.insert("$schema".into(), meta.into());
    }
    root.insert("title".into(), "fc-event".into());
    root.insert(
        "description".into(),
        "Any event an Alibaba Cloud Function Compute trigger sends: one of the per-kind schemas."
            .into(),
    );
    root.insert("anyOf".into(), any_of.into());
    if !definitions.is_empty() {
        root.insert(defs_key, definitions.into());
    }
    Value::Object(root)
}
