//! The `triggerConfig` member, one type per trigger type.

use crate::model::validate::{code, quote, Validate, Validator};
use crate::wire::number::NumberOrString;

use super::cron::CronSchedule;
use super::fire::glob_match;

/// The OSS event names a native OSS trigger documents, with the `oss:` prefix of trigger
/// configuration. A configured event may be one of these or a pattern with `*` matching some.
pub const OSS_TRIGGER_EVENTS: &[&str] = &[
    "oss:ObjectCreated:PutObject",
    "oss:ObjectCreated:PutSymlink",
    "oss:ObjectCreated:PostObject",
    "oss:ObjectCreated:CopyObject",
    "oss:ObjectCreated:InitiateMultipartUpload",
    "oss:ObjectCreated:UploadPart",
    "oss:ObjectCreated:UploadPartCopy",
    "oss:ObjectCreated:CompleteMultipartUpload",
    "oss:ObjectCreated:AppendObject",
    "oss:ObjectRemoved:DeleteObject",
    "oss:ObjectRemoved:DeleteObjects",
    "oss:ObjectRemoved:AbortMultipartUpload",
    "oss:ObjectModified:UpdateObjectMeta",
];

crate::codec::wire_struct! {
    /// `triggerConfig` of an OSS trigger:
    /// `{"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "src/", "suffix": ".zip"}}}`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssTriggerConfig {
        /// Event names **with** the `oss:` prefix; `*` matches any run of characters
        /// (`oss:ObjectCreated:*`).
        "events" => pub events: Vec<String>,
        /// Which object keys fire the trigger.
        "filter" => pub filter: Option<OssTriggerFilter>,
    }
}

crate::codec::wire_struct! {
    /// `filter` of an OSS trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssTriggerFilter {
        /// The key rule.
        "key" => pub key: Option<OssTriggerKey>,
    }
}

crate::codec::wire_struct! {
    /// `filter.key` of an OSS trigger: plain prefix and suffix (no regular expressions).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssTriggerKey {
        /// Keys must start with this; empty or absent matches every key.
        "prefix" => pub prefix: Option<String>,
        /// Keys must end with this; empty or absent matches every key.
        "suffix" => pub suffix: Option<String>,
    }
}

impl OssTriggerConfig {
    /// A configuration for `events` with an optional key prefix and suffix.
    pub fn new<S: Into<String>>(
        events: impl IntoIterator<Item = S>,
        prefix: &str,
        suffix: &str,
    ) -> Self {
        OssTriggerConfig {
            events: events.into_iter().map(Into::into).collect(),
            filter: Some(OssTriggerFilter {
                key: Some(OssTriggerKey {
                    prefix: Some(prefix.to_owned()),
                    suffix: Some(suffix.to_owned()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// The key prefix (`""` when absent).
    pub fn prefix(&self) -> &str {
        self.key_rule()
            .and_then(|k| k.prefix.as_deref())
            .unwrap_or("")
    }

    /// The key suffix (`""` when absent).
    pub fn suffix(&self) -> &str {
        self.key_rule()
            .and_then(|k| k.suffix.as_deref())
            .unwrap_or("")
    }

    fn key_rule(&self) -> Option<&OssTriggerKey> {
        self.filter.as_ref().and_then(|f| f.key.as_ref())
    }
}

impl Validate for OssTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        if self.events.is_empty() {
            v.fault_at(
                "events",
                code::REQUIRED,
                "expected at least one event such as oss:ObjectCreated:*, found none",
            );
        }
        v.at("events", |v| {
            for (i, event) in self.events.iter().enumerate() {
                v.at_index(i, |v| check_oss_event(v, event));
            }
        });
    }
}

fn check_oss_event(v: &mut Validator, event: &str) {
    if !event.starts_with("oss:") {
        let hint = if OSS_TRIGGER_EVENTS.iter().any(|e| &e[4..] == event) {
            format!(" (write oss:{event})")
        } else {
            String::new()
        };
        v.fault(
            code::FORMAT,
            format!("expected an event name with the oss: prefix such as oss:ObjectCreated:PutObject, found {event:?}{hint}", event = quote(event)),
        );
    } else if !OSS_TRIGGER_EVENTS.iter().any(|e| glob_match(event, e)) {
        v.fault(
            code::ENUM,
            format!(
                "expected one of the documented OSS trigger events or a `*` pattern matching one ({}), found {event:?}",
                OSS_TRIGGER_EVENTS.join(", "), event = quote(event)),
        );
    }
}

crate::codec::wire_struct! {
    /// `triggerConfig` of a Log Service (SLS) trigger (`triggerType` `log`).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SlsTriggerConfig {
        /// The Logstore the trigger reads.
        "sourceConfig" => pub source_config: Option<SlsSourceConfig>,
        /// How often it runs and how often it retries.
        "jobConfig" => pub job_config: Option<SlsJobConfig>,
        /// Where the trigger writes its own logs.
        "logConfig" => pub log_config: Option<SlsLogConfig>,
        /// Passed to the function as the event's `parameter`: any JSON object.
        "functionParameter" => pub function_parameter: Option<serde_json::Value>,
        /// Whether the trigger is enabled.
        "enable" => pub enable: Option<bool>,
    }
}

crate::codec::wire_struct! {
    /// `sourceConfig` of an SLS trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SlsSourceConfig {
        /// The source Logstore's name.
        "logstore" => pub logstore: Option<String>,
    }
}

crate::codec::wire_struct! {
    /// `jobConfig` of an SLS trigger. Numbers are accepted as numbers or digit strings
    /// (Serverless Devs writes strings).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SlsJobConfig {
        /// Retries per run, 0–100.
        "maxRetryTime" => pub max_retry_time: Option<NumberOrString>,
        /// Seconds between runs, 3–600.
        "triggerInterval" => pub trigger_interval: Option<NumberOrString>,
    }
}

crate::codec::wire_struct! {
    /// `logConfig` of an SLS trigger: the project and Logstore of the trigger's own logs.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SlsLogConfig {
        /// The log project.
        "project" => pub project: Option<String>,
        /// The Logstore.
        "logstore" => pub logstore: Option<String>,
    }
}

impl Validate for SlsTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        match &self.source_config {
            None => v.fault_at(
                "sourceConfig",
                code::REQUIRED,
                "expected sourceConfig with the source logstore, found none",
            ),
            Some(s) => v.at("sourceConfig", |v| match &s.logstore {
                None => v.fault_at(
                    "logstore",
                    code::REQUIRED,
                    "expected the source Logstore name, found none",
                ),
                Some(l) => v.non_empty("logstore", l),
            }),
        }
        if let Some(job) = &self.job_config {
            v.at("jobConfig", |v| {
                number_in(v, "maxRetryTime", job.max_retry_time.as_ref(), 0, 100);
                number_in(v, "triggerInterval", job.trigger_interval.as_ref(), 3, 600);
            });
        }
        if let Some(log) = &self.log_config {
            v.at("logConfig", |v| {
                for (key, value) in [("project", &log.project), ("logstore", &log.logstore)] {
                    if let Some(s) = value {
                        v.non_empty(key, s);
                    }
                }
            });
        }
        if let Some(p) = &self.function_parameter {
            if !p.is_object() {
                v.fault_at(
                    "functionParameter",
                    code::TYPE,
                    format!(
                        "expected a JSON object, found {}",
                        crate::codec::describe_json(p)
                    ),
                );
            }
        }
    }
}

fn number_in(v: &mut Validator, key: &str, n: Option<&NumberOrString>, min: i64, max: i64) {
    let Some(n) = n else { return };
    match n.as_i64() {
        Some(i) => v.range(key, i, min, max),
        None => v.fault_at(
            key,
            code::TYPE,
            format!("expected a whole number from {min} to {max}, found {n}"),
        ),
    }
}

crate::codec::wire_struct! {
    /// `triggerConfig` of a timer trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TimerTriggerConfig {
        /// A six-field cron expression in UTC (`0 0 4 * * *`) or `@every 5m`; see [`super::cron`].
        "cronExpression" => pub cron_expression: Option<String>,
        /// Whether the trigger is enabled.
        "enable" => pub enable: Option<bool>,
        /// Passed to the function as the event's `payload` string.
        "payload" => pub payload: Option<String>,
    }
}

impl TimerTriggerConfig {
    /// An enabled timer on `cron_expression`.
    pub fn new(cron_expression: impl Into<String>) -> Self {
        TimerTriggerConfig {
            cron_expression: Some(cron_expression.into()),
            enable: Some(true),
            ..Default::default()
        }
    }

    /// The parsed schedule (`None` when there is no expression).
    pub fn schedule(&self) -> Option<Result<CronSchedule, super::cron::CronError>> {
        self.cron_expression.as_deref().map(CronSchedule::parse)
    }
}

impl Validate for TimerTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        match self.schedule() {
            None => v.fault_at(
                "cronExpression",
                code::REQUIRED,
                "expected a cron expression such as 0 0 4 * * * or @every 5m, found none",
            ),
            Some(Err(e)) => v.fault_at("cronExpression", e.fault_code(), e.message),
            Some(Ok(_)) => {}
        }
    }
}

crate::codec::open_enum! {
    /// How an HTTP trigger authenticates callers.
    closed pub enum HttpAuthType {
        /// No authentication.
        Anonymous = "anonymous",
        /// Signed requests (the default).
        Function = "function",
    }
}

crate::codec::open_enum! {
    /// An HTTP method an HTTP trigger accepts. The seed lists GET, POST, PUT, DELETE, HEAD and PATCH;
    /// the FC OpenAPI adds OPTIONS.
    closed pub enum HttpTriggerMethod {
        Get = "GET",
        Post = "POST",
        Put = "PUT",
        Delete = "DELETE",
        Head = "HEAD",
        Patch = "PATCH",
        Options = "OPTIONS",
    }
}

crate::codec::wire_struct! {
    /// `triggerConfig` of an HTTP trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct HttpTriggerConfig {
        /// `anonymous` or `function` (the default).
        "authType" => pub auth_type: Option<HttpAuthType>,
        /// The accepted methods.
        "methods" => pub methods: Vec<HttpTriggerMethod>,
        /// Turns off the default public URL.
        "disableURLInternet" => pub disable_url_internet: Option<bool>,
        /// Authentication settings (a JSON string in FC 3.0).
        "authConfig" => pub auth_config: Option<serde_json::Value>,
    }
}

impl Validate for HttpTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        if let Some(a) = &self.auth_type {
            v.one_of("authType", a.as_str(), HttpAuthType::KNOWN);
        }
        if self.methods.is_empty() {
            v.fault_at(
                "methods",
                code::REQUIRED,
                format!(
                    "expected at least one method ({}), found none",
                    HttpTriggerMethod::KNOWN.join(", ")
                ),
            );
        }
        v.at("methods", |v| {
            for (i, m) in self.methods.iter().enumerate() {
                v.at_index(i, |v| {
                    if !m.is_known() {
                        v.fault(
                            code::ENUM,
                            format!(
                                "expected one of {}, found {:?}",
                                HttpTriggerMethod::KNOWN.join(", "),
                                quote(m.as_str())
                            ),
                        );
                    }
                });
            }
        });
    }
}

crate::codec::open_enum! {
    /// The CDN events a CDN trigger can listen to (every one is version `1.0.0`).
    closed pub enum CdnTriggerEventName {
        CachedObjectsRefreshed = "CachedObjectsRefreshed",
        CachedObjectsBlocked = "CachedObjectsBlocked",
        CachedObjectsPushed = "CachedObjectsPushed",
        LogFileCreated = "LogFileCreated",
        CdnDomainStarted = "CdnDomainStarted",
        CdnDomainStopped = "CdnDomainStopped",
        CdnDomainAdded = "CdnDomainAdded",
        CdnDomainDeleted = "CdnDomainDeleted",
    }
}

crate::codec::wire_struct! {
    /// `triggerConfig` of a CDN event trigger (`triggerType` `cdn_events`).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnTriggerConfig {
        /// The event listened to.
        "eventName" => pub event_name: Option<CdnTriggerEventName>,
        /// The event version, `1.0.0`.
        "eventVersion" => pub event_version: Option<String>,
        /// A free-form note.
        "notes" => pub notes: Option<String>,
        /// Which domains' events fire the trigger.
        "filter" => pub filter: Option<CdnTriggerFilter>,
    }
}

crate::codec::wire_struct! {
    /// `filter` of a CDN trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CdnTriggerFilter {
        /// Accelerated domain names.
        "domain" => pub domain: Vec<String>,
    }
}

impl CdnTriggerConfig {
    /// A version `1.0.0` configuration for `event_name` on `domains`.
    pub fn new<S: Into<String>>(
        event_name: CdnTriggerEventName,
        domains: impl IntoIterator<Item = S>,
    ) -> Self {
        CdnTriggerConfig {
            event_name: Some(event_name),
            event_version: Some("1.0.0".to_owned()),
            filter: Some(CdnTriggerFilter {
                domain: domains.into_iter().map(Into::into).collect(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// The filter's domains (empty when absent).
    pub fn domains(&self) -> &[String] {
        self.filter.as_ref().map_or(&[], |f| &f.domain)
    }
}

impl Validate for CdnTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        match &self.event_name {
            None => v.fault_at(
                "eventName",
                code::REQUIRED,
                format!(
                    "expected one of {}, found none",
                    CdnTriggerEventName::KNOWN.join(", ")
                ),
            ),
            Some(n) => v.one_of("eventName", n.as_str(), CdnTriggerEventName::KNOWN),
        }
        match &self.event_version {
            None => v.fault_at(
                "eventVersion",
                code::REQUIRED,
                "expected the event version 1.0.0, found none",
            ),
            Some(ver) => v.one_of("eventVersion", ver, &["1.0.0"]),
        }
        if self.domains().is_empty() {
            v.fault_at(
                "filter",
                code::REQUIRED,
                "expected filter.domain with at least one domain, found none",
            );
        }
        if let Some(f) = &self.filter {
            v.at("filter", |v| {
                v.at("domain", |v| {
                    for (i, d) in f.domain.iter().enumerate() {
                        v.at_index(i, |v| {
                            if !is_domain(d) {
                                v.fault(
                                    code::FORMAT,
                                    format!(
                                        "expected a domain name such as example.com, found {d:?}",
                                        d = quote(d)
                                    ),
                                );
                            }
                        });
                    }
                });
            });
        }
    }
}

fn is_domain(d: &str) -> bool {
    let d = d.strip_prefix("*.").unwrap_or(d);
    d.contains('.')
        && d.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

crate::codec::open_enum! {
    /// How an MNS topic subscription hands messages to the function.
    closed pub enum MnsNotifyContentFormat {
        /// The message body as raw text (or `{body, attrs}` when attributes are set).
        Stream = "STREAM",
        /// A JSON object with the message and its metadata.
        Json = "JSON",
    }
}

crate::codec::open_enum! {
    /// How MNS retries a failed push.
    closed pub enum MnsNotifyStrategy {
        BackoffRetry = "BACKOFF_RETRY",
        ExponentialDecayRetry = "EXPONENTIAL_DECAY_RETRY",
    }
}

crate::codec::wire_struct! {
    /// `triggerConfig` of an MNS topic trigger (`triggerType` `mns_topic`).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MnsTopicTriggerConfig {
        /// `STREAM` or `JSON`.
        "notifyContentFormat" => pub notify_content_format: Option<MnsNotifyContentFormat>,
        /// `BACKOFF_RETRY` or `EXPONENTIAL_DECAY_RETRY`.
        "notifyStrategy" => pub notify_strategy: Option<MnsNotifyStrategy>,
        /// Only messages carrying this tag fire the trigger.
        "filterTag" => pub filter_tag: Option<String>,
    }
}

impl Validate for MnsTopicTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        if let Some(f) = &self.notify_content_format {
            v.one_of(
                "notifyContentFormat",
                f.as_str(),
                MnsNotifyContentFormat::KNOWN,
            );
        }
        if let Some(s) = &self.notify_strategy {
            v.one_of("notifyStrategy", s.as_str(), MnsNotifyStrategy::KNOWN);
        }
    }
}

crate::codec::wire_struct! {
    /// `triggerConfig` of a Tablestore trigger: FC documents no members (the table is named by
    /// `sourceArn`); anything present is kept in `extra`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TablestoreTriggerConfig {}
}

impl Validate for TablestoreTriggerConfig {
    fn validate(&self, _: &mut Validator) {}
}

crate::codec::wire_struct! {
    /// `triggerConfig` of an EventBridge trigger, modelled as an open structure: the members FC
    /// documents, with their nested parts kept as JSON.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct EventBridgeTriggerConfig {
        /// Whether the trigger is enabled.
        "triggerEnable" => pub trigger_enable: Option<bool>,
        /// Whether the function is invoked asynchronously.
        "asyncInvocationType" => pub async_invocation_type: Option<bool>,
        /// The event filter pattern: a JSON object written as a string.
        "eventRuleFilterPattern" => pub event_rule_filter_pattern: Option<String>,
        /// The event source.
        "eventSourceConfig" => pub event_source_config: Option<EventBridgeSourceConfig>,
        /// Delivery options.
        "eventSinkConfig" => pub event_sink_config: Option<serde_json::Value>,
        /// Retry and error-tolerance options.
        "runOptions" => pub run_options: Option<serde_json::Value>,
    }
}

crate::codec::wire_struct! {
    /// `eventSourceConfig` of an EventBridge trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct EventBridgeSourceConfig {
        /// `Default`, `MNS`, `RocketMQ`, `RabbitMQ`, `Kafka`, `DTS`, ….
        "eventSourceType" => pub event_source_type: Option<String>,
        /// Source-specific parameters.
        "eventSourceParameters" => pub event_source_parameters: Option<serde_json::Value>,
    }
}

impl Validate for EventBridgeTriggerConfig {
    fn validate(&self, v: &mut Validator) {
        if let Some(p) = &self.event_rule_filter_pattern {
            match serde_json::from_str::<serde_json::Value>(p) {
                Ok(serde_json::Value::Object(_)) => {}
                Ok(other) => v.fault_at(
                    "eventRuleFilterPattern",
                    code::FORMAT,
                    format!(
                        "expected a JSON object in the string, found {}",
                        crate::codec::describe_json(&other)
                    ),
                ),
                Err(e) => v.fault_at(
                    "eventRuleFilterPattern",
                    code::FORMAT,
                    format!("expected a JSON object in the string, found invalid JSON ({e})"),
                ),
            }
        }
    }
}
