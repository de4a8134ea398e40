//! Definition files and the checks the CLI runs on them.

use std::borrow::Cow;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::validate::{locate_faults, Fault, Faults, Position, Validator};
use crate::wire::any_value::{AnyValue, Map};
use crate::wire::error::DecodeError;

use super::conflict::{conflicts, first_excess, Conflict, OssOverlap};
use super::definition::{decode_value, front_type};
use super::TriggerDefinition;

crate::codec::wire_struct! {
    /// A list of definitions under `triggers`, as `ListTriggers` answers
    /// (`{"triggers": [...], "nextToken": "..."}`).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TriggerList {
        /// The definitions.
        "triggers" => pub triggers: Vec<TriggerDefinition>,
    }
}

/// The contents of a trigger definition file: one definition, an array of them, or an object with
/// a `triggers` array.
///
/// ```
/// use fc_events::trigger::TriggerDefinitions;
///
/// let file = TriggerDefinitions::from_slice(br#"[
///   {"triggerName": "nightly", "triggerType": "timer",
///    "triggerConfig": {"cronExpression": "0 0 4 * * *", "enable": true}}
/// ]"#)?;
/// assert_eq!(file.definitions().len(), 1);
/// assert!(file.check().is_empty());
/// # Ok::<(), fc_events::DecodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TriggerDefinitions {
    /// A single definition object.
    One(Box<TriggerDefinition>),
    /// A JSON array of definitions.
    Many(Vec<TriggerDefinition>),
    /// An object with a `triggers` array (and possibly other members).
    Listed(TriggerList),
}

impl TriggerDefinitions {
    /// Decodes a definition file from JSON bytes. Errors carry the JSON Pointer of the fault (and
    /// line and column for syntax errors).
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let any: AnyValue = match crate::codec::decode::json_any(None, bytes) {
            Ok(any) => any,
            // Read as a tree, a syntax error is located at its place.
            Err(e) => {
                return Err(
                    crate::codec::decode::json_any::<crate::wire::any_value::Tree>(None, bytes)
                        .err()
                        .unwrap_or(e),
                )
            }
        };
        Self::from_any(any)
    }

    /// Decodes a definition file from an already-parsed value (e.g. a YAML document read into an
    /// [`AnyValue`]).
    pub fn from_any(any: AnyValue) -> Result<Self, DecodeError> {
        match any.into_shallow() {
            AnyValue::Array(items) => {
                let items = AnyValue::Array(items.into_iter().map(front_type).collect());
                decode_value(&items).map(TriggerDefinitions::Many)
            }
            AnyValue::Object(map)
                if map.contains_key("triggers") && !map.contains_key("triggerName") =>
            {
                let mut out = Map::with_capacity(map.len());
                for (k, v) in map.iter() {
                    let v = match (k, v.shallow()) {
                        ("triggers", AnyValue::Array(items)) => {
                            AnyValue::Array(items.iter().cloned().map(front_type).collect())
                        }
                        _ => v.clone(),
                    };
                    out.push(k, v);
                }
                decode_value(&AnyValue::Object(out)).map(TriggerDefinitions::Listed)
            }
            other => decode_value(&front_type(other)).map(|d| TriggerDefinitions::One(Box::new(d))),
        }
    }

    /// The definitions, in file order.
    pub fn definitions(&self) -> &[TriggerDefinition] {
        match self {
            TriggerDefinitions::One(d) => std::slice::from_ref(d),
            TriggerDefinitions::Many(v) => v,
            TriggerDefinitions::Listed(l) => &l.triggers,
        }
    }

    /// The JSON Pointer of definition `i` in the file.
    pub fn pointer_of(&self, i: usize) -> String {
        match self {
            TriggerDefinitions::One(_) => String::new(),
            TriggerDefinitions::Many(_) => format!("/{i}"),
            TriggerDefinitions::Listed(_) => format!("/triggers/{i}"),
        }
    }

    /// Conflicts among the file's definitions (OSS triggers per bucket).
    pub fn conflicts(&self) -> Vec<Conflict> {
        conflicts(self.definitions())
    }

    /// Each definition's rule faults, located in the file (no conflicts).
    pub fn rule_faults(&self) -> Vec<Fault> {
        let mut v = Validator::new();
        match self {
            TriggerDefinitions::One(d) => {
                crate::model::validate::Validate::validate(d.as_ref(), &mut v)
            }
            TriggerDefinitions::Many(defs) => {
                crate::model::validate::Validate::validate(defs, &mut v)
            }
            TriggerDefinitions::Listed(l) => v.field("triggers", &l.triggers),
        }
        v.into_faults()
    }

    /// Every fault: each definition's rules, then the conflicts between definitions.
    pub fn check(&self) -> Vec<Fault> {
        let mut faults = self.rule_faults();
        let defs = self.definitions();
        faults.extend(
            self.conflicts()
                .iter()
                .map(|c| c.to_fault(defs, |i| self.pointer_of(i))),
        );
        faults
    }
}

impl Serialize for TriggerDefinitions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TriggerDefinitions::One(d) => d.serialize(s),
            TriggerDefinitions::Many(v) => v.serialize(s),
            TriggerDefinitions::Listed(l) => l.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for TriggerDefinitions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let any = AnyValue::deserialize(d)?;
        TriggerDefinitions::from_any(any).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for TriggerDefinitions {
    fn schema_name() -> Cow<'static, str> {
        "TriggerDefinitions".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one = g.subschema_for::<TriggerDefinition>();
        let list = g.subschema_for::<TriggerList>();
        schemars::json_schema!({
            "description": "A Function Compute trigger definition file: one definition, an array of definitions, or an object with a `triggers` array.",
            "anyOf": [
                one,
                { "type": "array", "items": one },
                list,
            ],
        })
    }
}

/// What checking a trigger definition file found (`fc-events validate --config FILE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigReport {
    /// How many definitions the file holds (0 when it could not be decoded).
    pub definitions: usize,
    /// Every fault; empty when the file is valid.
    pub faults: Vec<Fault>,
    /// The conflicts among `faults`, with every definition involved (possibly in other files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<ConfigConflict>,
}

impl ConfigReport {
    /// Whether there are no error-level faults (warnings leave a file valid).
    pub fn is_valid(&self) -> bool {
        self.faults.iter().all(|f| !f.is_error())
    }

    /// The faults as an error, or `Ok` when valid.
    pub fn into_result(self) -> Result<(), Faults> {
        if self.is_valid() {
            Ok(())
        } else {
            Err(Faults(self.faults))
        }
    }

    /// The position of each fault in `bytes` (the file this report is about), in the faults' order,
    /// in one pass over the bytes ([`locate_faults`]): where the value a fault's pointer names
    /// begins (a conflict's, the later trigger's member), or where the decoder stopped for a
    /// syntax error. Computed only when asked, so that valid files never pay for it.
    ///
    /// ```
    /// use fc_events::trigger::check_config_slice;
    /// use fc_events::validate::Position;
    ///
    /// let file = br#"[
    ///   {"triggerName": "nightly", "triggerType": "timer",
    ///    "triggerConfig": {"cronExpression": "0 0 24 * * *"}}
    /// ]"#;
    /// let report = check_config_slice(file);
    /// assert_eq!(report.faults[0].pointer, "/0/triggerConfig/cronExpression");
    /// assert!(matches!(
    ///     report.positions(file)[0],
    ///     Some(Position::Json { line: 3, column: 40, .. })
    /// ));
    /// ```
    pub fn positions(&self, bytes: &[u8]) -> Vec<Option<Position>> {
        locate_faults(bytes, &self.faults)
    }

    /// The conflict that fault `i` of [`ConfigReport::faults`] reports, if it reports one
    /// (a binary search: O(log n)).
    pub fn conflict_of(&self, i: usize) -> Option<&ConfigConflict> {
        // Conflicts are recorded in the order of their faults.
        self.conflicts
            .binary_search_by_key(&i, |c| c.fault)
            .ok()
            .map(|at| &self.conflicts[at])
    }
}

/// A conflict reported in a file: its fault and the definitions involved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConfigConflict {
    /// Index into the report's [`ConfigReport::faults`] of the fault that reports it.
    pub fault: usize,
    /// The bucket the triggers share.
    pub bucket: String,
    /// The definitions involved: the earlier and the later trigger of an overlap; every native
    /// OSS trigger of the bucket when there are too many.
    pub triggers: Vec<ConflictMember>,
    /// For an overlap: an event both fire on and a key both match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlap: Option<OssOverlap>,
}

/// A definition taking part in a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConflictMember {
    /// Index of its file among the files checked (0 for [`check_config_slice`]).
    pub file: usize,
    /// The JSON Pointer of the definition in its file (`""` for a file holding one definition).
    pub pointer: String,
    /// Its `triggerName`.
    pub trigger_name: String,
}

/// Decodes and checks a definition file: decoding faults, each definition's rules, and the
/// conflicts between its definitions, all as located faults.
pub fn check_config_slice(bytes: &[u8]) -> ConfigReport {
    check_files(&[bytes], |_| String::new())
        .pop()
        .expect("one report per file")
}

/// Checks several definition files together: each file's own faults and the conflicts across all
/// of them, reported on the file and definition of the later trigger (the 11th for a bucket with
/// too many). Messages name a definition of another file as `file N:POINTER` (N counted from 1).
/// Returns one report per file, in order.
pub fn check_config_files(files: &[&[u8]]) -> Vec<ConfigReport> {
    check_files(files, |f| format!("file {}", f + 1))
}

/// [`check_config_files`] for named files: messages name a definition of another file as
/// `NAME:POINTER`.
///
/// ```
/// use fc_events::trigger::check_named_config_files;
///
/// let a = br#"{"triggerName": "images", "triggerType": "oss",
///   "sourceArn": "acs:oss:cn-hangzhou:123456789:shared",
///   "triggerConfig": {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "img/"}}}}"#;
/// let b = br#"[{"triggerName": "pngs", "triggerType": "oss",
///   "sourceArn": "acs:oss:cn-hangzhou:123456789:shared",
///   "triggerConfig": {"events": ["oss:ObjectCreated:PostObject"], "filter": {"key": {"suffix": ".png"}}}}]"#;
/// let reports = check_named_config_files(&[("a.json", &a[..]), ("b.json", &b[..])]);
/// assert!(reports[0].is_valid());
/// let fault = &reports[1].faults[0];
/// assert_eq!(fault.pointer, "/0/triggerConfig");
/// assert!(fault.message.contains("`images` (a.json:(root))"));
/// let conflict = reports[1].conflict_of(0).unwrap();
/// assert_eq!(conflict.overlap.as_ref().unwrap().key, "img/.png");
/// assert_eq!((conflict.triggers[0].file, conflict.triggers[1].file), (0, 1));
/// ```
pub fn check_named_config_files(files: &[(&str, &[u8])]) -> Vec<ConfigReport> {
    let bytes: Vec<&[u8]> = files.iter().map(|(_, b)| *b).collect();
    check_files(&bytes, |f| files[f].0.to_owned())
}

/// The checks behind the public functions; `name_of(f)` names file `f` in messages about other
/// files.
fn check_files(files: &[&[u8]], name_of: impl Fn(usize) -> String) -> Vec<ConfigReport> {
    let decoded: Vec<Result<TriggerDefinitions, DecodeError>> = files
        .iter()
        .map(|b| TriggerDefinitions::from_slice(b))
        .collect();
    let mut reports: Vec<ConfigReport> = decoded
        .iter()
        .map(|r| match r {
            Ok(file) => ConfigReport {
                definitions: file.definitions().len(),
                faults: file.rule_faults(),
                conflicts: Vec::new(),
            },
            Err(e) => ConfigReport {
                definitions: 0,
                faults: vec![Fault::from(e)],
                conflicts: Vec::new(),
            },
        })
        .collect();
    // All definitions in one slice, remembering where each came from.
    let mut all = Vec::new();
    let mut origin = Vec::new();
    for (f, file) in decoded.iter().enumerate() {
        if let Ok(file) = file {
            for (i, d) in file.definitions().iter().enumerate() {
                all.push(d.clone());
                origin.push((f, file.pointer_of(i)));
            }
        }
    }
    for conflict in conflicts(&all) {
        let (reported, bucket, involved, overlap) = match &conflict {
            Conflict::TooManyOssTriggers {
                bucket, triggers, ..
            } => (first_excess(triggers), bucket, triggers.clone(), None),
            Conflict::TooManyPatterns {
                bucket,
                first,
                second,
                ..
            } => (*second, bucket, vec![*first, *second], None),
            Conflict::OssOverlap {
                bucket,
                first,
                second,
                overlap,
            } => (
                *second,
                bucket,
                vec![*first, *second],
                Some(overlap.clone()),
            ),
        };
        let file_of_later = origin[reported].0;
        let fault = conflict.to_fault(&all, |i| {
            let (f, ptr) = &origin[i];
            if *f == file_of_later {
                ptr.clone()
            } else {
                format!(
                    "{}:{}",
                    name_of(*f),
                    if ptr.is_empty() { "(root)" } else { ptr }
                )
            }
        });
        let report = &mut reports[file_of_later];
        report.conflicts.push(ConfigConflict {
            fault: report.faults.len(),
            bucket: bucket.clone(),
            triggers: involved
                .iter()
                .map(|&i| ConflictMember {
                    file: origin[i].0,
                    pointer: origin[i].1.clone(),
                    trigger_name: all[i].trigger_name.clone(),
                })
                .collect(),
            overlap,
        });
        report.faults.push(fault);
    }
    reports
}
