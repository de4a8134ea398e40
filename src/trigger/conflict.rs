//! Conflicts between the native OSS triggers of one bucket.
//!
//! The FC guide's rules for native OSS triggers:
//! * a bucket has at most [`MAX_OSS_TRIGGERS_PER_BUCKET`] (10) of them (EventBridge-based OSS
//!   triggers are the way past that);
//! * two of them may not both fire on the same upload: when their event sets intersect
//!   (`oss:ObjectCreated:*` covers `oss:ObjectCreated:PutObject`), their prefixes and suffixes must
//!   not overlap. The guide's examples: beside a trigger on `PutObject` with prefix `source` and
//!   suffix `zip`, one with prefix `source` and no suffix fails (it matches `sourcezip` too), and
//!   so does one with no prefix and suffix `zip`; triggers with (`source1`, `1zip`) and (`source`,
//!   `zip1`) coexist, because no key ends with both `1zip` and `zip1`.
//!
//! Two prefixes can match the same key exactly when one starts with the other, two suffixes when
//! one ends with the other; a key both triggers match is then the longer prefix followed by the
//! longer suffix (overlapping where they share characters).
//!
//! ```
//! use fc_events::trigger::config::OssTriggerConfig;
//!
//! let a = OssTriggerConfig::new(["oss:ObjectCreated:PutObject"], "source", "zip");
//! let b = OssTriggerConfig::new(["oss:ObjectCreated:*"], "source", "");
//! let overlap = a.overlap(&b).expect("they conflict");
//! assert_eq!(overlap.event, "oss:ObjectCreated:PutObject");
//! assert_eq!(overlap.key, "sourcezip");
//! assert!(a.matches("ObjectCreated:PutObject", &overlap.key));
//! assert!(b.matches("ObjectCreated:PutObject", &overlap.key));
//! ```

use std::collections::BTreeMap;

use crate::model::validate::{code, Fault};

use super::config::{OssTriggerConfig, OSS_TRIGGER_EVENTS};
use super::fire::{glob_intersection, glob_match};
use super::{TriggerConfig, TriggerDefinition, TriggerType};

/// The most native OSS triggers one bucket may have.
pub const MAX_OSS_TRIGGERS_PER_BUCKET: usize = 10;

/// Why two OSS trigger configurations conflict: an event both react to and a key both match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OssOverlap {
    /// An event (with `oss:` prefix) both fire on: a documented name when one is covered by both,
    /// else a name both patterns match.
    pub event: String,
    /// An object key both filters accept.
    pub key: String,
}

impl OssTriggerConfig {
    /// The overlap with `other`, or `None` when no upload fires both.
    pub fn overlap(&self, other: &OssTriggerConfig) -> Option<OssOverlap> {
        let event = common_event(&self.events, &other.events)?;
        let key = common_key(
            (self.prefix(), self.suffix()),
            (other.prefix(), other.suffix()),
        )?;
        Some(OssOverlap { event, key })
    }
}

fn common_event(a: &[String], b: &[String]) -> Option<String> {
    // Prefer a documented event name covered by both.
    for known in OSS_TRIGGER_EVENTS {
        if a.iter().any(|p| glob_match(p, known)) && b.iter().any(|p| glob_match(p, known)) {
            return Some((*known).to_owned());
        }
    }
    a.iter()
        .flat_map(|p| b.iter().map(move |q| (p, q)))
        .find_map(|(p, q)| glob_intersection(p, q))
}

fn common_key((p1, s1): (&str, &str), (p2, s2): (&str, &str)) -> Option<String> {
    let prefix = if p1.starts_with(p2) {
        p1
    } else if p2.starts_with(p1) {
        p2
    } else {
        return None;
    };
    let suffix = if s1.ends_with(s2) {
        s1
    } else if s2.ends_with(s1) {
        s2
    } else {
        return None;
    };
    // The shortest key starting with `prefix` and ending with `suffix`.
    let shared = suffix
        .char_indices()
        .map(|(i, _)| i)
        .chain([suffix.len()])
        .filter(|&k| prefix.ends_with(&suffix[..k]))
        .max()
        .unwrap_or(0);
    let key = format!("{prefix}{}", &suffix[shared..]);
    Some(if key.is_empty() { "a".to_owned() } else { key })
}

/// A problem among a set of trigger definitions.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Conflict {
    /// More than [`MAX_OSS_TRIGGERS_PER_BUCKET`] native OSS triggers on one bucket.
    TooManyOssTriggers {
        /// The bucket.
        bucket: String,
        /// Indices (into the checked slice) of the bucket's OSS triggers, in order.
        triggers: Vec<usize>,
    },
    /// Two OSS triggers of one bucket that the same upload would both fire.
    OssOverlap {
        /// The bucket.
        bucket: String,
        /// Index of the earlier trigger.
        first: usize,
        /// Index of the later trigger.
        second: usize,
        /// What both fire on.
        overlap: OssOverlap,
    },
}

impl Conflict {
    /// The conflict as a validation fault. `pointer_of(i)` gives the JSON Pointer of definition
    /// `i` in the checked document (`/3`, `/triggers/3`, or `""` for a lone definition).
    pub fn to_fault(
        &self,
        definitions: &[TriggerDefinition],
        pointer_of: impl Fn(usize) -> String,
    ) -> Fault {
        let name = |i: usize| definitions.get(i).map_or("?", |d| d.trigger_name.as_str());
        match self {
            Conflict::TooManyOssTriggers { bucket, triggers } => {
                let excess = first_excess(triggers);
                Fault {
                    severity: crate::model::validate::Severity::Error,
                    pointer: pointer_of(excess),
                    code: code::LIMIT,
                    message: format!(
                        "bucket {bucket} has {} native OSS triggers, at most {MAX_OSS_TRIGGERS_PER_BUCKET} are allowed (the {}th is `{}`); use EventBridge-based OSS triggers for more",
                        triggers.len(),
                        MAX_OSS_TRIGGERS_PER_BUCKET + 1,
                        name(excess),
                    ),
                }
            }
            Conflict::OssOverlap {
                bucket,
                first,
                second,
                overlap,
            } => Fault {
                severity: crate::model::validate::Severity::Error,
                pointer: format!("{}/triggerConfig", pointer_of(*second)),
                code: code::CONFLICT,
                message: format!(
                    "OSS trigger `{}` overlaps `{}` ({}) on bucket {bucket}: both fire on {} for key {:?}; give them disjoint events, prefixes or suffixes",
                    name(*second),
                    name(*first),
                    pointer_of(*first),
                    overlap.event,
                    overlap.key,
                ),
            },
        }
    }
}

/// The trigger past the limit (the 11th), or the last one when fewer are listed.
pub(super) fn first_excess(triggers: &[usize]) -> usize {
    triggers
        .get(MAX_OSS_TRIGGERS_PER_BUCKET)
        .or(triggers.last())
        .copied()
        .unwrap_or(0)
}

/// Checks the native OSS triggers among `definitions`, grouped by the bucket their `sourceArn`
/// names (definitions of other types, and OSS triggers without a parseable bucket, are skipped).
pub fn conflicts(definitions: &[TriggerDefinition]) -> Vec<Conflict> {
    let mut buckets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in definitions.iter().enumerate() {
        if d.trigger_type != TriggerType::Oss {
            continue;
        }
        if let Some(Ok(arn)) = d.parsed_source_arn() {
            if let Some(bucket) = arn.bucket() {
                buckets.entry(bucket.to_owned()).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (bucket, members) in &buckets {
        out.extend(check_bucket(bucket, definitions, members));
    }
    out
}

/// Checks `definitions` as all the OSS triggers of `bucket` (without looking at their
/// `sourceArn`s). Indices in the result are into `definitions`.
pub fn bucket_conflicts(bucket: &str, definitions: &[TriggerDefinition]) -> Vec<Conflict> {
    let members: Vec<usize> = (0..definitions.len()).collect();
    check_bucket(bucket, definitions, &members)
}

fn check_bucket(
    bucket: &str,
    definitions: &[TriggerDefinition],
    members: &[usize],
) -> Vec<Conflict> {
    let mut out = Vec::new();
    if members.len() > MAX_OSS_TRIGGERS_PER_BUCKET {
        out.push(Conflict::TooManyOssTriggers {
            bucket: bucket.to_owned(),
            triggers: members.to_vec(),
        });
    }
    let configs: Vec<(usize, &OssTriggerConfig)> = members
        .iter()
        .filter_map(|&i| match &definitions[i].trigger_config {
            Some(TriggerConfig::Oss(c)) => Some((i, c)),
            _ => None,
        })
        .collect();
    for (n, (first, a)) in configs.iter().enumerate() {
        for (second, b) in &configs[n + 1..] {
            if let Some(overlap) = a.overlap(b) {
                out.push(Conflict::OssOverlap {
                    bucket: bucket.to_owned(),
                    first: *first,
                    second: *second,
                    overlap,
                });
            }
        }
    }
    out
}
