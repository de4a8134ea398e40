//! Matching: would this event fire this trigger?
//!
//! [`EventMatch`] is implemented by every event type that carries enough to say, and by [`Event`],
//! which dispatches to them. Each trigger type's rule is also available on plain strings, so a model
//! only needs to hand over its fields:
//!
//! * OSS: [`OssTriggerConfig::matches`] (event name, object key), and the bucket of `sourceArn`;
//! * CDN: [`CdnTriggerConfig::matches`] (event name, domain), and the account of `sourceArn`
//!   against the record's `userIdentity.aliUid`;
//! * SLS: [`SlsTriggerConfig::matches`] (the project of `sourceArn`, `sourceConfig.logstore`)
//!   against the event's `source.projectName` and `source.logstoreName`;
//! * MNS topic: [`MnsTopicTriggerConfig::matches_format`] (a JSON-format message never comes from a
//!   STREAM subscription, nor the reverse), and for JSON-format messages the topic and owner of
//!   `sourceArn` against `TopicName` and `TopicOwner`. A STREAM message does not name its topic: when
//!   the format agrees the answer is `None`. `filterTag` is not checked (no payload carries the tag);
//! * timer: the event's `triggerName` is the trigger's name.
//!
//! A part the trigger leaves out (no `sourceArn`, no logstore) is not checked; a `sourceArn` that does
//! not parse is ignored too (validation reports it).
//!
//! ```
//! use fc_events::trigger::{EventMatch, TriggerDefinition};
//!
//! let trigger = TriggerDefinition::from_slice(br#"{"triggerName": "cdn-logs",
//!   "triggerType": "cdn_events", "sourceArn": "acs:cdn:*:1234",
//!   "triggerConfig": {"eventName": "LogFileCreated", "eventVersion": "1.0.0",
//!                     "filter": {"domain": ["example.com"]}}}"#)?;
//! let event = fc_events::Event::from_slice(br#"{"events":[{"eventName":"LogFileCreated",
//!   "eventVersion":"1.0.0","eventSource":"cdn","region":"cn-hangzhou",
//!   "eventTime":"2018-06-14T15:31:49+08:00","traceId":"c6459282","userIdentity":{"aliUid":"1234"},
//!   "resource":{"domain":"example.com"},"eventParameter":{"domain":"example.com",
//!   "endTime":1528959900,"fileSize":1788115,"filePath":"http://cdnlog.example/a.gz",
//!   "startTime":1528959600}}]}"#)?;
//! assert_eq!(event.fires(&trigger), Some(true));
//! # Ok::<(), fc_events::DecodeError>(())
//! ```
//!
//! Adding a kind means implementing [`EventMatch`] for its event type with one of those rules and
//! adding its arm to `impl EventMatch for Event`; kinds without an arm answer `None` (cannot tell).

use crate::event::Event;

use super::config::{
    CdnTriggerConfig, MnsNotifyContentFormat, MnsTopicTriggerConfig, OssTriggerConfig,
    SlsTriggerConfig,
};
use super::{SourceArn, TriggerConfig, TriggerDefinition};

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
            #[cfg(feature = "cdn")]
            Event::Cdn(e) => e.fires(trigger),
            #[cfg(feature = "sls")]
            Event::Sls(e) => e.fires(trigger),
            #[cfg(feature = "mns-topic")]
            Event::MnsTopic(e) => e.fires(trigger),
            _ => None,
        }
    }
}

/// `Some(true)` when any item fires the trigger, else `None` when any cannot tell, else
/// `Some(false)`.
fn any_fires<'a, E: EventMatch + 'a>(
    items: impl IntoIterator<Item = &'a E>,
    trigger: &TriggerDefinition,
) -> Option<bool> {
    let mut answer = Some(false);
    for item in items {
        match item.fires(trigger) {
            Some(true) => return Some(true),
            None => answer = None,
            Some(false) => {}
        }
    }
    answer
}

/// The trigger's `sourceArn`, when it has one that parses.
fn source_arn(trigger: &TriggerDefinition) -> Option<SourceArn> {
    trigger.parsed_source_arn().and_then(Result::ok)
}

#[cfg(feature = "oss")]
impl EventMatch for crate::events::oss::OssEvent {
    /// True when any record fires the trigger.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        any_fires(&self.events, trigger)
    }
}

#[cfg(feature = "oss")]
impl EventMatch for crate::events::oss::OssRecord {
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
impl EventMatch for crate::events::timer::TimerEvent {
    /// A timer event names its trigger.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        Some(
            matches!(trigger.trigger_config, Some(TriggerConfig::Timer(_)))
                && trigger.trigger_name == self.trigger_name,
        )
    }
}

#[cfg(feature = "cdn")]
impl EventMatch for crate::events::cdn::CdnEvent {
    /// True when any record fires the trigger.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        any_fires(&self.events, trigger)
    }
}

#[cfg(feature = "cdn")]
impl EventMatch for crate::events::cdn::CdnRecord {
    /// The trigger must be a CDN trigger whose event name and domain filter match the record's
    /// `eventName` and `resource.domain`, on the record's account (`userIdentity.aliUid`) when its
    /// `sourceArn` names one.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        let Some(TriggerConfig::Cdn(config)) = &trigger.trigger_config else {
            return Some(false);
        };
        if let Some(arn) = source_arn(trigger) {
            let uid = &self.user_identity.ali_uid;
            if !uid.is_empty() && arn.service() == "cdn" && arn.account_id() != uid {
                return Some(false);
            }
        }
        Some(config.matches(self.event_name.as_str(), &self.resource.domain))
    }
}

#[cfg(feature = "sls")]
impl EventMatch for crate::events::sls::SlsEvent {
    /// The trigger must be an SLS trigger on the event's project (`sourceArn`) and Logstore
    /// (`sourceConfig.logstore`).
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        let Some(TriggerConfig::Sls(config)) = &trigger.trigger_config else {
            return Some(false);
        };
        let project = match source_arn(trigger) {
            Some(SourceArn::Log { project, .. }) => Some(project),
            _ => None,
        };
        Some(config.matches(
            project.as_deref(),
            &self.source.project_name,
            &self.source.logstore_name,
        ))
    }
}

#[cfg(feature = "mns-topic")]
impl EventMatch for crate::events::mns_topic::MnsTopicEvent {
    /// The trigger must be an MNS topic trigger whose `notifyContentFormat` agrees with the
    /// payload's shape; for a JSON-format message, on the message's topic and owner (`sourceArn`).
    /// A STREAM message does not name its topic: `None` when the format agrees.
    fn fires(&self, trigger: &TriggerDefinition) -> Option<bool> {
        use crate::events::mns_topic::MnsTopicEvent;
        let Some(TriggerConfig::MnsTopic(config)) = &trigger.trigger_config else {
            return Some(false);
        };
        let json = matches!(self, MnsTopicEvent::Json(_));
        if !config.matches_format(json) {
            return Some(false);
        }
        let MnsTopicEvent::Json(message) = self else {
            return None;
        };
        match source_arn(trigger) {
            Some(SourceArn::MnsTopic {
                topic, account_id, ..
            }) => Some(
                topic == message.topic_name
                    && (message.topic_owner.is_empty() || account_id == message.topic_owner),
            ),
            _ => Some(true),
        }
    }
}

impl SlsTriggerConfig {
    /// Whether an SLS job on `project`/`logstore` fires this trigger, whose source project (from
    /// its `sourceArn`) is `trigger_project`. Parts the trigger leaves out are not checked.
    pub fn matches(&self, trigger_project: Option<&str>, project: &str, logstore: &str) -> bool {
        let source_logstore = self
            .source_config
            .as_ref()
            .and_then(|s| s.logstore.as_deref());
        trigger_project.is_none_or(|p| p == project)
            && source_logstore.is_none_or(|l| l == logstore)
    }
}

impl MnsTopicTriggerConfig {
    /// Whether a message in JSON format (`json`) or STREAM format (`!json`) can come from this
    /// trigger's subscription. An absent or unknown `notifyContentFormat` accepts both.
    pub fn matches_format(&self, json: bool) -> bool {
        match &self.notify_content_format {
            Some(MnsNotifyContentFormat::Json) => json,
            Some(MnsNotifyContentFormat::Stream) => !json,
            _ => true,
        }
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
///
/// Linear in `pattern.len() + text.len()`: the literal runs between `*`s are found left to right,
/// each at its leftmost place (enough for `*`, which cannot fail later where an earlier place
/// succeeded), by the standard library's linear-time substring search.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (Some(first_star), Some(last_star)) = (pattern.find('*'), pattern.rfind('*')) else {
        return pattern == text;
    };
    let (head, tail) = (&pattern[..first_star], &pattern[last_star + 1..]);
    if text.len() < head.len() + tail.len() || !text.starts_with(head) || !text.ends_with(tail) {
        return false;
    }
    let mut body = &text[head.len()..text.len() - tail.len()];
    if first_star == last_star {
        return true;
    }
    for run in pattern[first_star + 1..last_star]
        .split('*')
        .filter(|r| !r.is_empty())
    {
        match body.find(run) {
            Some(at) => body = &body[at + run.len()..],
            None => return false,
        }
    }
    true
}

/// A string both `*`-patterns match, when there is one.
///
/// Linear in the patterns' lengths (no table of positions): when one pattern has no `*` it is the
/// only candidate; when both have one, they share a string exactly when their literal heads
/// (before the first `*`) are prefixes of one another and their literal tails (after the last `*`)
/// are suffixes of one another, and the longer head, both patterns' middle runs and the longer tail,
/// in that order, is such a string (each pattern's `*`s absorb the other's runs).
pub fn glob_intersection(a: &str, b: &str) -> Option<String> {
    let (Some(a_first), Some(b_first)) = (a.find('*'), b.find('*')) else {
        return if !a.contains('*') {
            glob_match(b, a).then(|| a.to_owned())
        } else {
            glob_match(a, b).then(|| b.to_owned())
        };
    };
    let (a_last, b_last) = (a.rfind('*')?, b.rfind('*')?);
    let head = longer_of_nested(&a[..a_first], &b[..b_first], |x, y| x.starts_with(y))?;
    let tail = longer_of_nested(&a[a_last + 1..], &b[b_last + 1..], |x, y| x.ends_with(y))?;
    let runs = |p: &str, first: usize, last: usize| -> String {
        if first == last {
            String::new()
        } else {
            p[first + 1..last].split('*').collect()
        }
    };
    Some(format!(
        "{head}{}{}{tail}",
        runs(a, a_first, a_last),
        runs(b, b_first, b_last)
    ))
}

/// The longer of `x` and `y` when the shorter is nested in it by `within` (`starts_with`,
/// `ends_with`), else `None`.
pub(super) fn longer_of_nested<'a>(
    x: &'a str,
    y: &'a str,
    within: fn(&str, &str) -> bool,
) -> Option<&'a str> {
    if within(x, y) {
        Some(x)
    } else if within(y, x) {
        Some(y)
    } else {
        None
    }
}
