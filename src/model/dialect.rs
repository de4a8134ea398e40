//! [`Draft`]: which JSON Schema dialect to write, and the generator settings for it. Every payload
//! type is a `JsonSchema`; the dialect sits beside the payload trait so that both the per-kind
//! schemas and the trigger-definition schema can use it.

use std::fmt;
use std::str::FromStr;

use schemars::generate::SchemaSettings;
use schemars::transform::{transform_subschemas, Transform};
use schemars::Schema;
use serde_json::Value;

/// Which JSON Schema dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Draft {
    /// Draft-07 (the default: the widest validator support).
    #[default]
    Draft07,
    /// Draft 2020-12.
    Draft2020_12,
}

impl Draft {
    /// Every dialect, oldest first.
    pub const ALL: &'static [Draft] = &[Draft::Draft07, Draft::Draft2020_12];

    /// The short name: `draft-07` or `2020-12`.
    pub const fn name(self) -> &'static str {
        match self {
            Draft::Draft07 => "draft-07",
            Draft::Draft2020_12 => "2020-12",
        }
    }

    /// The meta-schema URI written as `$schema`.
    pub const fn meta_schema(self) -> &'static str {
        match self {
            Draft::Draft07 => "http://json-schema.org/draft-07/schema#",
            Draft::Draft2020_12 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// The member that holds shared definitions.
    pub(crate) const fn definitions_key(self) -> &'static str {
        match self {
            Draft::Draft07 => "definitions",
            Draft::Draft2020_12 => "$defs",
        }
    }

    /// Whether the dialect defines `format` (validators reject or ignore the others).
    fn defines_format(self, format: &str) -> bool {
        const DRAFT07: &[&str] = &[
            "date-time",
            "date",
            "time",
            "email",
            "idn-email",
            "hostname",
            "idn-hostname",
            "ipv4",
            "ipv6",
            "uri",
            "uri-reference",
            "iri",
            "iri-reference",
            "uri-template",
            "json-pointer",
            "relative-json-pointer",
            "regex",
        ];
        DRAFT07.contains(&format)
            || (self == Draft::Draft2020_12 && matches!(format, "duration" | "uuid"))
    }

    pub(crate) fn settings(self) -> SchemaSettings {
        let settings = match self {
            Draft::Draft07 => SchemaSettings::draft07(),
            Draft::Draft2020_12 => SchemaSettings::draft2020_12(),
        };
        settings.with_transform(StandardFormats(self))
    }
}

impl fmt::Display for Draft {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a supported JSON Schema dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDraft(pub String);

crate::wire::error::error_type!(UnknownDraft: e => "unknown JSON Schema draft `{}` (expected draft-07 or 2020-12)",
    e.0
);

impl FromStr for Draft {
    type Err = UnknownDraft;

    /// Accepts `draft-07`, `draft7`, `7`, `07` and `2020-12`, `draft-2020-12`, `draft2020-12`.
    fn from_str(s: &str) -> Result<Self, UnknownDraft> {
        let t = s.trim().to_ascii_lowercase();
        let t = t
            .strip_prefix("draft")
            .unwrap_or(&t)
            .trim_start_matches(['-', '_']);
        match t {
            "07" | "7" => Ok(Draft::Draft07),
            "2020-12" | "2020_12" => Ok(Draft::Draft2020_12),
            _ => Err(UnknownDraft(s.to_owned())),
        }
    }
}

/// Drops `format` values the dialect does not define (schemars writes `int64`, `uint32`, …).
#[derive(Debug, Clone)]
pub(crate) struct StandardFormats(pub(crate) Draft);

impl Transform for StandardFormats {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(obj) = schema.as_object_mut() {
            if let Some(Value::String(format)) = obj.get("format") {
                if !self.0.defines_format(format) {
                    obj.remove("format");
                }
            }
        }
        transform_subschemas(self, schema);
    }
}

/// Makes `keys` required and non-null in an object's schema, the way validation requires members
/// that decoding leaves optional (the documented shape always carries them): one more `allOf` entry,
/// so the members' own schemas stay as generated.
pub(crate) fn require_members(schema: &mut Schema, keys: &[&str]) {
    let properties: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                serde_json::json!({ "not": { "type": "null" } }),
            )
        })
        .collect();
    let entry = serde_json::json!({ "required": keys, "properties": properties });
    match schema.get_mut("allOf").and_then(Value::as_array_mut) {
        Some(all) => all.push(entry),
        None => {
            schema.insert("allOf".to_owned(), Value::Array(vec![entry]));
        }
    }
}
