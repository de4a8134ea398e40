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
//! let overlap = a.overlap(&b)?.expect("they conflict");
//! assert_eq!(overlap.event, "oss:ObjectCreated:PutObject");
//! assert_eq!(overlap.key, "sourcezip");
//! assert!(a.matches("ObjectCreated:PutObject", &overlap.key));
//! assert!(b.matches("ObjectCreated:PutObject", &overlap.key));
//! # Ok::<(), fc_events::trigger::conflict::TooManyPatterns>(())
//! ```

use std::collections::BTreeMap;

use crate::model::validate::{code, quote, Fault};

use super::config::{OssTriggerConfig, OSS_TRIGGER_EVENTS};
use super::fire::{glob_intersection, glob_match, longer_of_nested};
use super::{TriggerConfig, TriggerDefinition, TriggerType};

/// The most native OSS triggers one bucket may have.
pub const MAX_OSS_TRIGGERS_PER_BUCKET: usize = 10;

/// The most overlaps reported with each trigger as the later one, and with each as the earlier
/// one: a bucket within [`MAX_OSS_TRIGGERS_PER_BUCKET`] never reaches it, so every overlap of such
/// a bucket is reported.
pub const MAX_REPORTED_OVERLAPS: usize = MAX_OSS_TRIGGERS_PER_BUCKET;

/// The most triggers each trigger is compared with as the later one, and as the earlier one.
pub const MAX_COMPARED: usize = 32;

/// The most pairs of event patterns compared for two triggers on names outside
/// [`OSS_TRIGGER_EVENTS`] (16 patterns against 16).
pub const MAX_PATTERN_PAIRS: usize = 256;

/// Two OSS triggers list too many event patterns outside the documented names to compare them
/// ([`MAX_PATTERN_PAIRS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyPatterns {
    /// How many pairs there were.
    pub pairs: usize,
}

crate::wire::error::error_type!(TooManyPatterns: e => "{} pairs of undocumented event patterns are too many to compare (at most {MAX_PATTERN_PAIRS})",
    e.pairs
);

/// Why two OSS trigger configurations conflict: an event both react to and a key both match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OssOverlap {
    /// An event (with `oss:` prefix) both fire on: a documented name when one is covered by both,
    /// else a name both patterns match.
    pub event: String,
    /// An object key both filters accept.
    pub key: String,
}

/// A configuration's events: the documented ones its patterns cover (bit `i` for
/// `OSS_TRIGGER_EVENTS[i]`), and the patterns that cover none of them.
struct EventSet<'a> {
    documented: u16,
    undocumented: Vec<&'a str>,
}

impl<'a> EventSet<'a> {
    /// Linear in the patterns' lengths (each is matched against the 13 documented names).
    fn of(events: &'a [String]) -> Self {
        let mut set = EventSet {
            documented: 0,
            undocumented: Vec::new(),
        };
        for pattern in events {
            let covered = OSS_TRIGGER_EVENTS
                .iter()
                .enumerate()
                .filter(|(_, known)| glob_match(pattern, known))
                .fold(0u16, |bits, (i, _)| bits | 1 << i);
            if covered == 0 {
                set.undocumented.push(pattern);
            }
            set.documented |= covered;
        }
        set
    }

    fn documented_indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..OSS_TRIGGER_EVENTS.len()).filter(|i| self.documented & (1 << i) != 0)
    }
}

impl OssTriggerConfig {
    /// The overlap with `other`, or `None` when no upload fires both.
    ///
    /// The events intersect when a documented event ([`OSS_TRIGGER_EVENTS`]) is covered by both,
    /// or when patterns of both that cover no documented event match a common name; the latter
    /// compares at most [`MAX_PATTERN_PAIRS`] pairs of patterns, and more is an error. Linear in
    /// the two configurations' sizes.
    pub fn overlap(&self, other: &OssTriggerConfig) -> Result<Option<OssOverlap>, TooManyPatterns> {
        overlap_of(
            (self, &EventSet::of(&self.events)),
            (other, &EventSet::of(&other.events)),
        )
    }
}

fn overlap_of(
    (a, a_events): (&OssTriggerConfig, &EventSet),
    (b, b_events): (&OssTriggerConfig, &EventSet),
) -> Result<Option<OssOverlap>, TooManyPatterns> {
    let Some(key) = common_key((a.prefix(), a.suffix()), (b.prefix(), b.suffix())) else {
        return Ok(None);
    };
    Ok(common_event(a_events, b_events)?.map(|event| OssOverlap { event, key }))
}

fn common_event(a: &EventSet, b: &EventSet) -> Result<Option<String>, TooManyPatterns> {
    // Prefer a documented event name covered by both (the first in the documented order).
    let both = a.documented & b.documented;
    if both != 0 {
        return Ok(Some(
            OSS_TRIGGER_EVENTS[both.trailing_zeros() as usize].to_owned(),
        ));
    }
    if a.undocumented.is_empty() || b.undocumented.is_empty() {
        return Ok(None);
    }
    let pairs = a.undocumented.len().saturating_mul(b.undocumented.len());
    if pairs > MAX_PATTERN_PAIRS {
        return Err(TooManyPatterns { pairs });
    }
    Ok(a.undocumented
        .iter()
        .flat_map(|p| b.undocumented.iter().map(move |q| (p, q)))
        .find_map(|(p, q)| glob_intersection(p, q)))
}

/// The shortest key starting with the longer prefix and ending with the longer suffix, when the
/// prefixes nest and the suffixes nest. Linear in the lengths.
fn common_key((p1, s1): (&str, &str), (p2, s2): (&str, &str)) -> Option<String> {
    let prefix = longer_of_nested(p1, p2, |x, y| x.starts_with(y))?;
    let suffix = longer_of_nested(s1, s2, |x, y| x.ends_with(y))?;
    let shared = overlap_len(prefix, suffix);
    let key = format!("{prefix}{}", &suffix[shared..]);
    Some(if key.is_empty() { "a".to_owned() } else { key })
}

/// The length of the longest start of `suffix` that `prefix` ends with (Knuth–Morris–Pratt over the
/// bytes: linear). The length always falls on a character boundary: the shared bytes start with a
/// leading byte and end where `prefix` does.
fn overlap_len(prefix: &str, suffix: &str) -> usize {
    let (p, s) = (prefix.as_bytes(), suffix.as_bytes());
    if s.is_empty() {
        return 0;
    }
    let mut fail = vec![0usize; s.len()];
    let mut k = 0;
    for i in 1..s.len() {
        while k > 0 && s[i] != s[k] {
            k = fail[k - 1];
        }
        if s[i] == s[k] {
            k += 1;
        }
        fail[i] = k;
    }
    let mut k = 0;
    for &c in &p[p.len().saturating_sub(s.len())..] {
        while k > 0 && (k == s.len() || c != s[k]) {
            k = fail[k - 1];
        }
        if k < s.len() && c == s[k] {
            k += 1;
        }
    }
    k
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
        /// Overlaps found but not reported, past [`MAX_REPORTED_OVERLAPS`] for one trigger.
        unreported_overlaps: usize,
        /// How many triggers were not compared with every earlier trigger sharing an event, past
        /// [`MAX_COMPARED`].
        partly_compared: usize,
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
    /// Two OSS triggers of one bucket whose undocumented event patterns are too many to compare.
    TooManyPatterns {
        /// The bucket.
        bucket: String,
        /// Index of the earlier trigger.
        first: usize,
        /// Index of the later trigger.
        second: usize,
        /// The pairs of patterns there were.
        pairs: usize,
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
        let name = |i: usize| {
            definitions.get(i).map_or_else(
                || "?".to_owned(),
                |d| format!("`{}`", plain_or_quoted(&d.trigger_name)),
            )
        };
        match self {
            Conflict::TooManyOssTriggers {
                bucket,
                triggers,
                unreported_overlaps,
                partly_compared,
            } => {
                let excess = first_excess(triggers);
                let mut message = format!(
                    "bucket {bucket} has {} native OSS triggers, at most {MAX_OSS_TRIGGERS_PER_BUCKET} are allowed (the {}th is {}); use EventBridge-based OSS triggers for more",
                    triggers.len(),
                    MAX_OSS_TRIGGERS_PER_BUCKET + 1,
                    name(excess),
                );
                if *unreported_overlaps > 0 {
                    message.push_str(&format!(
                        "; {unreported_overlaps} more overlaps were found than are reported (at most {MAX_REPORTED_OVERLAPS} per trigger)"
                    ));
                }
                if *partly_compared > 0 {
                    message.push_str(&format!(
                        "; {partly_compared} triggers were compared with only {MAX_COMPARED} others"
                    ));
                }
                Fault::error(pointer_of(excess), code::LIMIT, message)
            }
            Conflict::OssOverlap {
                bucket,
                first,
                second,
                overlap,
            } => Fault::error(
                format!("{}/triggerConfig", pointer_of(*second)),
                code::CONFLICT,
                format!(
                    "OSS trigger {} overlaps {} ({}) on bucket {bucket}: both fire on {} for key {}; give them disjoint events, prefixes or suffixes",
                    name(*second),
                    name(*first),
                    pointer_of(*first),
                    plain_or_quoted(&overlap.event),
                    quote(&overlap.key),
                ),
            ),
            Conflict::TooManyPatterns {
                bucket,
                first,
                second,
                pairs,
            } => Fault::error(
                format!("{}/triggerConfig/events", pointer_of(*second)),
                code::LIMIT,
                format!(
                    "OSS trigger {} and {} ({}) on bucket {bucket} list {pairs} pairs of undocumented event patterns, too many to compare (at most {MAX_PATTERN_PAIRS})",
                    name(*second),
                    name(*first),
                    pointer_of(*first),
                ),
            ),
        }
    }
}

/// A name for a message: as is when it needs no escape and is short ([`quote`]'s limit), else
/// quoted (and cut).
fn plain_or_quoted(name: &str) -> String {
    if name.chars().count() <= crate::model::validate::QUOTE_CHARS
        && name
            .chars()
            .all(|c| !c.is_control() && c != '"' && c != '\\' && c != '`')
    {
        name.to_owned()
    } else {
        quote(name).to_string()
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
///
/// Cost: O(n log n) for grouping `n` definitions by bucket, plus O(size) to index each trigger
/// by the documented events it covers, plus a bounded number of comparisons per trigger (see
/// [`bucket_conflicts`]). Only triggers of one bucket sharing an event (or both listing an
/// undocumented one) are ever compared.
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
///
/// Triggers are indexed by the documented events they cover (and those listing undocumented
/// patterns are kept apart); each trigger is compared, earliest first, with the earlier triggers
/// found under its events, and with at most [`MAX_COMPARED`] of them, and each trigger is the
/// earlier one of at most [`MAX_COMPARED`] comparisons. A comparison costs time linear in the two
/// configurations' sizes. At most [`MAX_REPORTED_OVERLAPS`] overlaps are reported per trigger on
/// either side; what was left out is counted in the [`Conflict::TooManyOssTriggers`] of the bucket.
/// A bucket within [`MAX_OSS_TRIGGERS_PER_BUCKET`] reaches none of these bounds: all its pairs are
/// checked and every overlap is reported. So time and output are O(size) per bucket, even when
/// all `n` triggers overlap each other (`n²/2` overlaps, of which at most `10 n` are reported).
pub fn bucket_conflicts(bucket: &str, definitions: &[TriggerDefinition]) -> Vec<Conflict> {
    let members: Vec<usize> = (0..definitions.len()).collect();
    check_bucket(bucket, definitions, &members)
}

/// How many group entries one trigger may step over while looking for candidates (each earlier
/// trigger appears once per shared event, 14 groups at most).
const MAX_VISITS: usize = MAX_COMPARED * (OSS_TRIGGER_EVENTS.len() + 1);

fn check_bucket(
    bucket: &str,
    definitions: &[TriggerDefinition],
    members: &[usize],
) -> Vec<Conflict> {
    let configs: Vec<(usize, &OssTriggerConfig, EventSet)> = members
        .iter()
        .filter_map(|&i| match &definitions[i].trigger_config {
            Some(TriggerConfig::Oss(c)) => Some((i, c, EventSet::of(&c.events))),
            _ => None,
        })
        .collect();
    // Positions (into `configs`) of the triggers seen so far, per documented event, and of those
    // with undocumented patterns.
    let mut by_event: Vec<Vec<usize>> = vec![Vec::new(); OSS_TRIGGER_EVENTS.len()];
    let mut undocumented: Vec<usize> = Vec::new();
    let mut compared_as_earlier = vec![0usize; configs.len()];
    let mut reported_as_earlier = vec![0usize; configs.len()];
    let mut seen_by = vec![usize::MAX; configs.len()];
    let (mut unreported_overlaps, mut partly_compared) = (0usize, 0usize);
    let mut out = Vec::new();
    for (j, (second, b, b_events)) in configs.iter().enumerate() {
        let mut found: Vec<Conflict> = Vec::new();
        let (mut compared, mut visits, mut partly) = (0usize, 0usize, false);
        let extra = (!b_events.undocumented.is_empty()).then_some(&undocumented);
        let groups = b_events
            .documented_indices()
            .map(|e| &by_event[e])
            .chain(extra);
        'scan: for group in groups {
            for &i in group {
                if seen_by[i] == j {
                    continue;
                }
                seen_by[i] = j;
                visits += 1;
                if visits > MAX_VISITS || compared == MAX_COMPARED {
                    partly = true;
                    break 'scan;
                }
                if compared_as_earlier[i] == MAX_COMPARED {
                    partly = true;
                    continue;
                }
                compared += 1;
                compared_as_earlier[i] += 1;
                let (first, a, a_events) = &configs[i];
                match overlap_of((a, a_events), (b, b_events)) {
                    Ok(None) => {}
                    Ok(Some(overlap)) => {
                        if found.len() < MAX_REPORTED_OVERLAPS
                            && reported_as_earlier[i] < MAX_REPORTED_OVERLAPS
                        {
                            reported_as_earlier[i] += 1;
                            found.push(Conflict::OssOverlap {
                                bucket: bucket.to_owned(),
                                first: *first,
                                second: *second,
                                overlap,
                            });
                        } else {
                            unreported_overlaps += 1;
                        }
                    }
                    Err(TooManyPatterns { pairs }) => found.push(Conflict::TooManyPatterns {
                        bucket: bucket.to_owned(),
                        first: *first,
                        second: *second,
                        pairs,
                    }),
                }
            }
        }
        partly_compared += usize::from(partly);
        found.sort_by_key(|c| match c {
            Conflict::OssOverlap { first, .. } | Conflict::TooManyPatterns { first, .. } => *first,
            Conflict::TooManyOssTriggers { .. } => 0,
        });
        out.extend(found);
        for e in b_events.documented_indices() {
            by_event[e].push(j);
        }
        if !b_events.undocumented.is_empty() {
            undocumented.push(j);
        }
    }
    if members.len() > MAX_OSS_TRIGGERS_PER_BUCKET {
        out.insert(
            0,
            Conflict::TooManyOssTriggers {
                bucket: bucket.to_owned(),
                triggers: members.to_vec(),
                unreported_overlaps,
                partly_compared,
            },
        );
    }
    out
}
