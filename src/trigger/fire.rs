//! Matching: would this event fire this trigger?
//!
//! [`EventMatch`] is implemented by every event type that carries enough to say, and by [`Event`],
//! which dispatches to them. Each trigger type's rule is also available on plain strings, so a model
//! only needs to hand over its fields:
//!
//! * OSS: [`OssTriggerConfig::matches`] (event name, object key);
//! * CDN: [`CdnTriggerConfig::matches`] (event name, domain);
//! * timer: the event's `triggerName` is the trigger's name.
//!
//! Adding a kind means implementing [`EventMatch`] for its event type with one of those rules and
//! adding its arm to `impl EventMatch for Event`; kinds without an arm answer `None` (cannot tell).

use crate::event::Event;

use super::config::{CdnTriggerConfig, OssTriggerConfig};
use super::{TriggerConfig, TriggerDefinition};

/// An event that can tell whether it would fire a trigger.
pub trait EventMatch {
    /// `Some(true)` when this event fires `trigger`, `Some(false)` when it does not, `None` when the
    /// event does not carry enough to tell (or its kind has no rule yet).
    ///
    /// Whether the trigger is enabled is not considered: an event that arrived was fired.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool>;
}

impl TriggerDefinition {
    /// Whether `event` fires this trigger; see [`EventMatch::fires`].
    pub fn fired_by<E: EventMatch + ?Sized>(&self, event: &E) -> Option<bool> {
        event.fires(self)
    }
}

impl EventMatch for Event {
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        #[allow(unreachable_patterns)]
        match self {
            #[cfg(feature = "oss")]
            Event::Oss(e) => e.fires(trigger),
            #[cfg(feature = "timer")]
            Event::Timer(e) => e.fires(trigger),
            _ => None,
        }
    }
}

#[cfg(feature = "oss")]
impl EventMatch for crate::oss::OssEvent {
    /// True when any record fires the trigger.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        let mut answer = Some(false);
        for record in &self.events {
            match record.fires(trigger) {
                Some(true) => return Some(true),
                None => answer = None,
                Some(false) => {}
            }
        }
        answer
    }
}

#[cfg(feature = "oss")]
impl EventMatch for crate::oss::OssRecord {
    /// The trigger must be an OSS trigger on this record's bucket (when its `sourceArn` names one)
    /// whose events and key filter match.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        let Some(TriggerConfig::Oss(config)) = &trigger.trigger_config else {
            return Some(false);
        };
        if let Some(Ok(arn)) = trigger.parsed_source_arn() {
            if arn.bucket().is_some_and(|b| b != self.oss.bucket.name) {
                return Some(false);
            }
        }
        Some(config.matches(self.event_name.as_str(), &self.oss.object.key))
    }
}

#[cfg(feature = "timer")]
impl EventMatch for crate::timer::TimerEvent {
    /// A timer event names its trigger.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        Some(
            matches!(trigger.trigger_config, Some(TriggerConfig::Timer(_)))
                && trigger.trigger_name == self.trigger_name,
        )
    }
}

impl OssTriggerConfig {
    /// Whether an OSS event named `event_name` (with or without the `oss:` prefix: payloads omit it,
    /// EventBridge types carry it) about object `key` fires this trigger.
    pub fn matches(&self, event_name: &str, key: &str) -> bool {
        self.matches_event(event_name) && self.matches_key(key)
    }

    /// Whether any configured event (pattern) matches `event_name`.
    pub fn matches_event(&self, event_name: &str) -> bool {
        let prefixed;
        let name = if event_name.starts_with("oss:") {
            event_name
        } else {
            prefixed = format!("oss:{event_name}");
            &prefixed
        };
        self.events.iter().any(|pattern| glob_match(pattern, name))
    }

    /// Whether `key` passes the prefix and suffix filter.
    pub fn matches_key(&self, key: &str) -> bool {
        key.starts_with(self.prefix()) && key.ends_with(self.suffix())
    }
}

impl CdnTriggerConfig {
    /// Whether a CDN event named `event_name` about `domain` fires this trigger: the names must be
    /// equal and the domain listed in the filter (case-insensitively; a listed `*.example.com`
    /// covers its subdomains). An empty filter matches every domain.
    pub fn matches(&self, event_name: &str, domain: &str) -> bool {
        let name_ok = self
            .event_name
            .as_ref()
            .is_some_and(|n| n.as_str() == event_name);
        let domains = self.domains();
        let domain_ok = domains.is_empty()
            || domains.iter().any(|d| {
                d.eq_ignore_ascii_case(domain)
                    || d.strip_prefix("*.").is_some_and(|base| {
                        domain.len() > base.len() + 1
                            && domain[domain.len() - base.len()..].eq_ignore_ascii_case(base)
                            && domain.as_bytes()[domain.len() - base.len() - 1] == b'.'
                    })
            });
        name_ok && domain_ok
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (including none) and
/// everything else matches itself.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A string both `*`-patterns match, when there is one (the literal characters on a path through
/// both; `*`s contribute nothing).
pub fn glob_intersection(a: &str, b: &str) -> Option<String> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (n, m) = (a.len(), b.len());
    // reach[i][j]: the suffixes a[i..] and b[j..] match a common string.
    let mut reach = vec![vec![false; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            reach[i][j] = if i == n && j == m {
                true
            } else if i < n && a[i] == '*' {
                reach[i + 1][j] || (j < m && reach[i][j + 1])
            } else if j < m && b[j] == '*' {
                reach[i][j + 1] || (i < n && reach[i + 1][j])
            } else {
                i < n && j < m && a[i] == b[j] && reach[i + 1][j + 1]
            };
        }
    }
    if !reach[0][0] {
        return None;
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && a[i] == '*' {
            if reach[i + 1][j] {
                i += 1;
            } else {
                if b[j] != '*' {
                    out.push(b[j]);
                }
                j += 1;
            }
        } else if j < m && b[j] == '*' {
            if reach[i][j + 1] {
                j += 1;
            } else {
                out.push(a[i]);
                i += 1;
            }
        } else {
            out.push(a[i]);
            i += 1;
            j += 1;
        }
    }
    Some(out)
}
