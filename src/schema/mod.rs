//! JSON Schema export, generated from the types.
//!
//! Teams that do not use Rust can validate FC payloads with the validator they already run (Python
//! `jsonschema`, `check-jsonschema`, ajv). Every compiled-in trigger kind has a schema of its payload
//! ([`schema`]), and [`any_event_schema`] accepts a payload of any of them:
//!
//! ```
//! use fc_events::schema::{any_event_schema, schema, Draft};
//! use fc_events::TriggerKind;
//!
//! let timer = schema(TriggerKind::Timer, Draft::Draft07).unwrap();
//! assert_eq!(timer["$schema"], "http://json-schema.org/draft-07/schema#");
//! assert_eq!(timer["required"], serde_json::json!(["triggerTime", "triggerName"]));
//! assert_eq!(timer["properties"]["triggerTime"]["format"], "date-time");
//!
//! let any = any_event_schema(Draft::Draft2020_12);
//! assert_eq!(any["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert!(any["anyOf"].as_array().unwrap().contains(&serde_json::json!({"$ref": "#/$defs/timer"})));
//! ```
//!
//! The repository commits these schemas as `schemas/<kind>.schema.json` and
//! `schemas/fc-event.schema.json` (Draft-07, rendered by [`render`]); [`files`], [`check_dir`] and
//! [`write_dir`] generate, compare and rewrite them. `FC_EVENTS_BLESS=1 cargo test --test schemas`
//! rewrites the committed files after a model change.
//!
//! # What the schemas say
//!
//! * **Members**: every modelled member with its wire name and type. Members that decoding requires
//!   are `required`; optional members also accept `null` (decoding treats `null` as absent).
//! * **Open objects**: `additionalProperties` is never closed, because decoding keeps unknown members.
//! * **Titles and descriptions** come from the doc comments; the root has one `examples` entry, the
//!   kind's sample payload ([`crate::samples::sample`]) when that is JSON.
//! * **Formats**: RFC 3339 times are `"format": "date-time"`. Only formats the chosen draft defines are
//!   written (schemars' `int64`, `uint32`, … are dropped, since strict validators such as ajv reject
//!   unknown formats); unsigned integers get `"minimum": 0` instead.
//! * **Ranges, lengths, patterns** that validation checks are written where JSON Schema can say them
//!   (`minimum` on sizes, `minLength` on names that must not be empty, `pattern` on basic-ISO times).
//! * **Enums**: closed sets (an `open_enum!` declared `closed`) are `enum`s; open sets are strings with
//!   the known values as `examples`, since decoding keeps any other value.
//! * **Validation over decoding**: where validation asks for more than decoding, the schema says what
//!   validation asks: a CloudEvent's `time` is required and its `type` starts with the kind's prefix
//!   ([`crate::cloudevent::EventData::envelope_schema`]), an EventBridge `acs.oss` object event carries
//!   an OSS record (`if`/`then` on `source` and `type`), a response body flagged `isBase64Encoded` is
//!   a string (`if`/`then`), and a system event's `content` is an object or a string.
//!
//! A type adds constraints with schemars field attributes, written before the wire name inside
//! `wire_struct!`, e.g. `#[schemars(range(min = 0))] "size" => pub size: i64,` or
//! `#[schemars(length(min = 1))]`, `#[schemars(regex(pattern = r"^[0-9a-f]+$"))]`.
//!
//! # Where schema and validation differ
//!
//! [`crate::validate`] is the reference; the schema is as close as JSON Schema allows. It cannot
//! express, and so accepts:
//!
//! * limits on totals and decoded sizes (HTTP trigger header totals, the body size after base64
//!   decoding) and whether a base64 body really is base64 when a flag says so (the schema checks that
//!   it is a string);
//! * consistency between members (an event name and the shape of its parameters);
//! * plausibility of epoch numbers (validation wants years 2000–2100);
//! * integer width: JSON Schema's `integer` also accepts `1.0` and numbers beyond 64 bits, which
//!   decoding rejects; a member given twice, which decoding rejects (JSON parsers keep one);
//! * time strings in forms other than RFC 3339 are checked by `pattern` at most (no calendar check);
//! * CBOR: JSON Schema applies to JSON only; see below.
//!
//! At the edges of RFC 3339 validators differ: validation (chrono) also accepts a space instead of `T`,
//! which `date-time` rejects, and Python `jsonschema` rejects leap seconds (`23:59:60Z`), which the Rust
//! validators accept.
//!
//! One difference runs the other way: any bytes are an MNS topic STREAM body, so validation reads
//! every payload outside the JSON shapes as a raw body (even `{"body": "…"}` without `attrs`); the
//! schema describes the JSON shapes and rejects other JSON objects, since a schema that accepted any
//! bytes would check nothing.
//!
//! Invalid fixtures record which side of this line their fault is on (`tests/fixtures/SOURCES.md`), and
//! the test suite holds the schemas to it.
//!
//! # The CBOR wire form (Tablestore)
//!
//! Tablestore triggers send CBOR. A kind's schema describes the payload's **JSON rendering**, which is
//! what `fc-events convert --to json` (or [`crate::Event::to_json_vec`]) writes: the same map with the
//! same keys, where a CBOR byte string (a Blob) becomes the one-member object
//! `{"$blob": "<standard base64 with padding>"}` (see [`crate::BLOB_KEY`] and [`blob_schema`]). To
//! validate CBOR with a JSON Schema validator, convert it first and validate the JSON. Integers keep
//! their value and floats stay floats, so ranges and types carry over; byte strings can only be checked
//! as the `$blob` object.

mod files;
mod render;

use schemars::{Schema, SchemaGenerator};
use serde_json::{json, Map as JsonMap, Value};

use crate::event::Event;
use crate::wire::kind::TriggerKind;

pub use files::{check_dir, files, write_dir, Drift, SchemaFile};
pub use render::render;

pub use crate::model::dialect::{Draft, UnknownDraft};

/// The file name of the schema that accepts any FC event.
pub const ANY_EVENT_FILE: &str = "fc-event.schema.json";

/// The committed file name of a kind's schema: `<kind>.schema.json`.
pub fn file_name(kind: TriggerKind) -> String {
    format!("{}.schema.json", kind.name())
}

/// How to write a schema: the dialect and, optionally, where the files will be published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The dialect (Draft-07 by default).
    pub draft: Draft,
    /// When set, each schema gets `"$id": "<base_uri><file name>"` (e.g. a base of
    /// `https://example.com/schemas/` gives `https://example.com/schemas/oss.schema.json`).
    pub base_uri: Option<String>,
}

impl Options {
    /// Options for `draft`, without `$id`.
    pub fn new(draft: Draft) -> Self {
        Options {
            draft,
            base_uri: None,
        }
    }

    /// Writes `$id` as `base_uri` followed by the file name.
    pub fn base_uri(mut self, base_uri: impl Into<String>) -> Self {
        self.base_uri = Some(base_uri.into());
        self
    }
}

/// The schema of one kind's payload, or `None` when the kind is not compiled in.
pub fn schema(kind: TriggerKind, draft: Draft) -> Option<Value> {
    schema_with(kind, &Options::new(draft))
}

/// The schema of one kind's payload with the given options, or `None` when the kind is not compiled
/// in.
pub fn schema_with(kind: TriggerKind, options: &Options) -> Option<Value> {
    let mut generator = options.draft.settings().into_generator();
    let mut root = Event::schema_of(kind, &mut generator)?.to_value();
    let obj = root.as_object_mut()?;
    header(
        obj,
        options,
        &file_name(kind),
        format!(
            "FC trigger kind `{}`: {}. Generated from the fc-events types; do not edit by hand.",
            kind.name(),
            kind.description()
        ),
    );
    if let Some(example) = example(kind) {
        obj.insert("examples".into(), Value::Array(vec![example]));
    }
    Some(root)
}

/// The schema of "any FC event": an `anyOf` over the schemas of every compiled-in kind, with their
/// shared definitions merged (schemars names them apart when two types share a name) and each kind's
/// own schema stored as the definition named after the kind (`#/definitions/oss`).
///
/// Each kind's definition carries its example; the root carries the first kind's.
///
/// Kinds whose payload may be any JSON (IoT) are left out, since including them would make the schema
/// accept everything; the description names them. `anyOf` rather than `oneOf`, because some kinds
/// share a shape (the API Gateway and HTTP trigger responses).
pub fn any_event_schema(draft: Draft) -> Value {
    any_event_schema_with(&Options::new(draft))
}

/// [`any_event_schema`] with the given options.
pub fn any_event_schema_with(options: &Options) -> Value {
    merge(options, Event::schema_of)
}

/// Builds the any-event schema from each kind's root schema, all made by one generator so that shared
/// definitions are generated once and same-named types are named apart.
fn merge(
    options: &Options,
    mut root_schema: impl FnMut(TriggerKind, &mut SchemaGenerator) -> Option<Schema>,
) -> Value {
    let draft = options.draft;
    let defs_key = draft.definitions_key();
    let mut generator = draft.settings().into_generator();
    let mut bodies = Vec::new();
    let mut open = Vec::new();
    for &kind in TriggerKind::ALL {
        let Some(schema) = root_schema(kind, &mut generator) else {
            continue;
        };
        let mut body = schema.to_value();
        if let Some(obj) = body.as_object_mut() {
            obj.remove("$schema");
            obj.remove(defs_key);
        }
        if accepts_anything(&body) {
            open.push(kind);
        } else {
            bodies.push((kind, body));
        }
    }

    let mut definitions = generator.take_definitions(true);
    let mut any_of = Vec::new();
    let mut examples = Vec::new();
    let mut names = Vec::new();
    for (kind, mut body) in bodies {
        let mut name = kind.name().to_owned();
        while definitions.contains_key(&name) {
            // Type names are CamelCase and kind names kebab-case, so this never runs in practice.
            name.push_str("-kind");
        }
        let reference = format!("#/{defs_key}/{name}");
        retarget_root_refs(&mut body, &reference);
        if let (Some(obj), Some(example)) = (body.as_object_mut(), example(kind)) {
            if examples.is_empty() {
                examples.push(example.clone());
            }
            obj.insert("examples".into(), Value::Array(vec![example]));
        }
        definitions.insert(name, body);
        any_of.push(json!({ "$ref": reference }));
        names.push(format!("`{}`", kind.name()));
    }

    let mut description = format!(
        "A payload of any FC trigger kind that fc-events models: {}.",
        if names.is_empty() {
            "none is compiled in".to_owned()
        } else {
            names.join(", ")
        }
    );
    if !open.is_empty() {
        let open: Vec<String> = open.iter().map(|k| format!("`{}`", k.name())).collect();
        description.push_str(&format!(
            " Kinds whose payload may be any JSON ({}) are left out, since they would make this schema \
             accept everything; validate those against their own schema.",
            open.join(", ")
        ));
    }

    let mut root = JsonMap::new();
    header(
        &mut root,
        options,
        ANY_EVENT_FILE,
        "Any FC trigger payload. Generated from the fc-events types; do not edit by hand.".into(),
    );
    root.insert("title".into(), "FcEvent".into());
    root.insert("description".into(), description.into());
    if any_of.is_empty() {
        // No kind compiled in: nothing is an FC event.
        root.insert("not".into(), json!({}));
    } else {
        root.insert("anyOf".into(), Value::Array(any_of));
    }
    if !examples.is_empty() {
        root.insert("examples".into(), Value::Array(examples));
    }
    if !definitions.is_empty() {
        root.insert(defs_key.into(), Value::Object(definitions));
    }
    Value::Object(root)
}

/// The kinds compiled into this build that have a schema, in [`TriggerKind::ALL`] order.
pub fn kinds() -> Vec<TriggerKind> {
    let mut generator = Draft::Draft07.settings().into_generator();
    TriggerKind::ALL
        .iter()
        .copied()
        .filter(|&k| Event::schema_of(k, &mut generator).is_some())
        .collect()
}

/// Whether every trigger kind is compiled in (the `all-kinds` feature, part of the default build). Only such a build
/// writes and checks [`ANY_EVENT_FILE`], whose content depends on the kinds compiled in, and treats
/// schema files of kinds it does not know as stale.
pub const fn full_build() -> bool {
    cfg!(feature = "all-kinds")
}

/// The schema of bytes in the JSON rendering: `{"$blob": "<standard base64 with padding>"}` and no
/// other member. For hand-written `JsonSchema` impls of byte-carrying types (Tablestore Blob values).
///
/// ```
/// let blob = fc_events::schema::blob_schema();
/// assert_eq!(blob.get("required"), Some(&serde_json::json!(["$blob"])));
/// ```
pub fn blob_schema() -> Schema {
    schemars::json_schema!({
        "type": "object",
        "description": "Bytes (a CBOR byte string) in the JSON rendering: standard base64 with padding.",
        "properties": {
            "$blob": {
                "type": "string",
                "contentEncoding": "base64",
                "pattern": "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
            }
        },
        "required": [crate::wire::BLOB_KEY],
        "additionalProperties": false
    })
}

/// Writes `$schema`, the optional `$id` and `$comment` into a root schema.
fn header(obj: &mut JsonMap<String, Value>, options: &Options, file: &str, comment: String) {
    obj.insert("$schema".into(), options.draft.meta_schema().into());
    if let Some(base) = &options.base_uri {
        obj.insert("$id".into(), format!("{base}{file}").into());
    }
    obj.insert("$comment".into(), comment.into());
}

/// The kind's sample payload, when it is a JSON document.
fn example(kind: TriggerKind) -> Option<Value> {
    let bytes = crate::event::samples::sample(kind)?;
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
}

/// Whether a schema accepts every JSON value (it has no assertions, only annotations).
fn accepts_anything(schema: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &["title", "description", "$comment", "examples", "default"];
    match schema {
        Value::Bool(b) => *b,
        Value::Object(obj) => obj.keys().all(|k| ANNOTATIONS.contains(&k.as_str())),
        _ => false,
    }
}

/// Points the root's self-references (`"$ref": "#"`, written for recursive types) at `reference`.
fn retarget_root_refs(value: &mut Value, reference: &str) {
    match value {
        Value::Object(obj) => {
            for (key, v) in obj.iter_mut() {
                if key == "$ref" && v == "#" {
                    *v = reference.into();
                } else {
                    retarget_root_refs(v, reference);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| retarget_root_refs(v, reference)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dialect::StandardFormats;
    use schemars::transform::Transform;

    #[test]
    fn draft_names_parse() {
        for d in Draft::ALL {
            assert_eq!(d.name().parse::<Draft>(), Ok(*d));
        }
        assert_eq!("7".parse::<Draft>(), Ok(Draft::Draft07));
        assert_eq!("draft2020-12".parse::<Draft>(), Ok(Draft::Draft2020_12));
        assert!("2019-09".parse::<Draft>().is_err());
    }

    #[test]
    fn non_standard_formats_are_dropped_and_standard_ones_kept() {
        let mut s = schemars::json_schema!({
            "type": "object",
            "properties": {
                "a": { "type": "integer", "format": "int64" },
                "b": { "type": "string", "format": "date-time" },
                "c": { "type": "string", "format": "uuid" },
            }
        });
        StandardFormats(Draft::Draft07).transform(&mut s);
        let p = &s.as_value()["properties"];
        assert_eq!(p["a"].get("format"), None);
        assert_eq!(p["b"]["format"], "date-time");
        assert_eq!(p["c"].get("format"), None);
        let mut s = schemars::json_schema!({ "type": "string", "format": "uuid" });
        StandardFormats(Draft::Draft2020_12).transform(&mut s);
        assert_eq!(s.as_value()["format"], "uuid");
    }

    #[test]
    fn root_self_references_are_retargeted() {
        let mut v =
            json!({ "properties": { "next": { "anyOf": [{ "$ref": "#" }, { "type": "null" }] } } });
        retarget_root_refs(&mut v, "#/definitions/x");
        assert_eq!(
            v["properties"]["next"]["anyOf"][0]["$ref"],
            "#/definitions/x"
        );
    }

    #[test]
    fn only_annotation_schemas_accept_anything() {
        assert!(accepts_anything(&json!(true)));
        assert!(accepts_anything(
            &json!({ "title": "Iot", "description": "any" })
        ));
        assert!(!accepts_anything(&json!({ "type": "object" })));
        assert!(!accepts_anything(&json!(false)));
    }

    #[allow(dead_code)]
    mod a {
        crate::codec::wire_struct! {
            /// A thing from module a.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Thing {
                "x" => pub x: crate::wire::Text,
                "e" => pub e: Option<Level>,
            }
        }
        crate::codec::open_enum! {
            /// Levels of a.
            closed pub enum Level { Low = "low" }
        }
        crate::codec::wire_struct! {
            /// Root a.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct RootA { "thing" => pub thing: Thing }
        }
    }

    #[allow(dead_code)]
    mod b {
        crate::codec::wire_struct! {
            /// A thing from module b.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Thing {
                "y" => pub y: i64,
                "e" => pub e: Option<Level>,
            }
        }
        crate::codec::open_enum! {
            /// Levels of b.
            closed pub enum Level { High = "high" }
        }
        crate::codec::wire_struct! {
            /// Root b.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct RootB { "thing" => pub thing: Thing, "also" => pub also: super::a::Thing }
        }
    }

    #[test]
    fn same_named_types_of_different_kinds_are_kept_apart() {
        let any = merge(&Options::default(), |kind, g| match kind {
            TriggerKind::Oss => Some(g.root_schema_for::<a::RootA>()),
            TriggerKind::Timer => Some(g.root_schema_for::<b::RootB>()),
            _ => None,
        });
        let defs = any["definitions"].as_object().unwrap();
        let mut names: Vec<&str> = defs.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(
            names,
            ["Level", "Level2", "Thing", "Thing2", "oss", "timer"]
        );
        assert_eq!(defs["Thing"]["properties"]["x"]["type"], "string");
        assert_eq!(defs["Thing2"]["properties"]["y"]["type"], "integer");
        assert_eq!(defs["Level"]["enum"], json!(["low"]));
        assert_eq!(defs["Level2"]["enum"], json!(["high"]));
        assert_eq!(
            defs["oss"]["properties"]["thing"]["$ref"],
            "#/definitions/Thing"
        );
        // RootB's own Thing is the second one; its reuse of a::Thing points at the first.
        let timer = &defs["timer"]["properties"];
        let refs = [&timer["thing"], &timer["also"]].map(|p| {
            p.get("$ref")
                .or_else(|| p["allOf"][0].get("$ref"))
                .cloned()
                .unwrap()
        });
        assert_eq!(
            refs,
            [json!("#/definitions/Thing2"), json!("#/definitions/Thing")]
        );
        assert_eq!(
            any["anyOf"],
            json!([{ "$ref": "#/definitions/oss" }, { "$ref": "#/definitions/timer" }])
        );
        assert!(refs_resolve(&any));
    }

    /// Whether every `$ref` names an existing definition.
    fn refs_resolve(schema: &Value) -> bool {
        fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
            match v {
                Value::Object(o) => o.iter().for_each(|(k, v)| match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(v, out),
                }),
                Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        refs(schema, &mut all);
        all.iter().all(|r| {
            r.strip_prefix("#/definitions/")
                .is_some_and(|name| schema["definitions"].get(name).is_some())
        })
    }

    #[test]
    fn base_uri_sets_id() {
        let o = Options::new(Draft::Draft07).base_uri("https://example.com/s/");
        let any = any_event_schema_with(&o);
        assert_eq!(any["$id"], "https://example.com/s/fc-event.schema.json");
        for kind in kinds() {
            let s = schema_with(kind, &o).unwrap();
            assert_eq!(
                s["$id"],
                format!("https://example.com/s/{}", file_name(kind))
            );
        }
        assert_eq!(any_event_schema(Draft::Draft07).get("$id"), None);
    }
}
