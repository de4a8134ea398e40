//! The committed text form of a schema: pretty, stable, independent of how `serde_json` orders maps.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Renders a schema as the committed files hold it: 2-space indentation, a trailing newline and a
/// fixed member order. In a schema object, `$schema`, `$id`, `$comment`, `title` and `description`
/// come first, `examples` and the definitions last, the other keywords alphabetically between them;
/// property names, definition names and the members of example data are alphabetical. Arrays keep
/// their order.
///
/// ```
/// let text = fc_events::schema::render(&serde_json::json!({"type": "object", "$schema": "x", "title": "T"}));
/// assert_eq!(text, "{\n  \"$schema\": \"x\",\n  \"title\": \"T\",\n  \"type\": \"object\"\n}\n");
/// ```
pub fn render(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&Canonical(schema, Ctx::Schema))
        .expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// What a value is, which decides how its members are ordered.
#[derive(Clone, Copy)]
enum Ctx {
    /// A schema: keywords.
    Schema,
    /// A map from names to schemas (`properties`, `definitions`, …).
    SchemaMap,
    /// A schema or an array of schemas (`allOf`, `items`, …).
    SchemaList,
    /// Instance data (`examples`, `enum`, `const`, `default`) or a keyword's plain value.
    Data,
}

struct Canonical<'a>(&'a Value, Ctx);

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Canonical(value, ctx) = *self;
        match value {
            Value::Array(items) => {
                let inner = match ctx {
                    Ctx::SchemaList => Ctx::Schema,
                    _ => Ctx::Data,
                };
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Canonical(item, inner))?;
                }
                seq.end()
            }
            Value::Object(obj) => {
                let is_schema = matches!(ctx, Ctx::Schema | Ctx::SchemaList);
                let mut keys: Vec<&String> = obj.keys().collect();
                if is_schema {
                    keys.sort_by_key(|k| (rank(k), k.as_str()));
                } else {
                    keys.sort();
                }
                let mut map = s.serialize_map(Some(keys.len()))?;
                for key in keys {
                    let inner = match ctx {
                        Ctx::Schema | Ctx::SchemaList => keyword_ctx(key),
                        Ctx::SchemaMap => Ctx::Schema,
                        Ctx::Data => Ctx::Data,
                    };
                    map.serialize_entry(key, &Canonical(&obj[key.as_str()], inner))?;
                }
                map.end()
            }
            other => other.serialize(s),
        }
    }
}

/// Where a keyword goes among its siblings: header first, definitions last.
fn rank(keyword: &str) -> u8 {
    const FRONT: &[&str] = &["$schema", "$id", "$comment", "title", "description"];
    const BACK: &[&str] = &["examples", "definitions", "$defs"];
    if let Some(i) = FRONT.iter().position(|k| *k == keyword) {
        i as u8
    } else if let Some(i) = BACK.iter().position(|k| *k == keyword) {
        200 + i as u8
    } else {
        100
    }
}

/// What a keyword's value is.
fn keyword_ctx(keyword: &str) -> Ctx {
    match keyword {
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
            Ctx::SchemaMap
        }
        "allOf"
        | "anyOf"
        | "oneOf"
        | "prefixItems"
        | "items"
        | "not"
        | "if"
        | "then"
        | "else"
        | "contains"
        | "additionalProperties"
        | "propertyNames"
        | "additionalItems"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "contentSchema" => Ctx::SchemaList,
        _ => Ctx::Data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keywords_are_ordered_and_data_is_sorted() {
        let schema = json!({
            "definitions": { "B": { "type": "string", "title": "B" }, "A": true },
            "examples": [{ "z": 1, "a": { "title": 2, "$id": 3 } }],
            "type": "object",
            "properties": { "z": { "enum": ["b", "a"] }, "a": { "items": [{ "type": "x", "$ref": "#" }] } },
            "description": "d",
            "$schema": "s",
        });
        let text = render(&schema);
        let order: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"'))
            .filter_map(|l| l.split_once("\":").map(|(k, _)| k))
            .collect();
        assert_eq!(
            order,
            [
                "$schema",
                "description",
                "properties",
                "a",
                "items",
                "$ref",
                "type",
                "z",
                "enum",
                "type",
                "examples",
                "a",
                "$id",
                "title",
                "z",
                "definitions",
                "A",
                "B",
                "title",
                "type"
            ]
        );
        assert!(text.ends_with("}\n"));
        assert!(text.contains("\n  \"$schema\": \"s\",\n"), "2-space indent");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, schema, "rendering keeps every value");
    }
}
