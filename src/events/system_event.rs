//! CloudMonitor / ECS system events: what a CloudMonitor (CMS) event trigger passes to a function
//! when a cloud resource reports a system event (an ECS instance restarting for maintenance, an
//! instance changing state, …).
//!
//! ```
//! use fc_events::system_event::{SystemEvent, SystemEventLevel, SystemEventStatus, SystemEventType};
//!
//! let bytes = br#"{"product":"ECS","content":{"eventId":"e-t4nhcpqcu8fqushpn3mm",
//!   "eventType":"SystemFailure.Reboot","ecsInstanceId":"i-bp18l0uopocfcl8xxxx",
//!   "executeStartTime":"2018-06-08T01:23:37Z","executeFinishTime":"2018-06-08T01:25:37Z"},
//!   "resourceId":"acs:ecs:cn-hangzhou:12345678:instance/i-bp18l0uopocfcl8xxxx",
//!   "level":"CRITICAL","instanceName":"instanceName","status":"Executing",
//!   "name":"Instance:SystemFailure.Reboot:Executing","regionId":"cn-hangzhou"}"#;
//! let event = SystemEvent::from_slice(bytes)?;
//! assert_eq!(event.level, SystemEventLevel::Critical);
//! assert_eq!(event.status, Some(SystemEventStatus::Executing));
//! let name = event.name_parts().unwrap();
//! assert_eq!((name.resource, name.event, name.status), ("Instance", "SystemFailure.Reboot", Some("Executing")));
//! // `content` is documented as a string and sent as an object; both are read typed:
//! let content = event.ecs_content()?;
//! assert_eq!(content.event_type, Some(SystemEventType::SystemFailureReboot));
//! assert!(fc_events::validate::validate(&event).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Three published shapes, one type ([`SystemEvent`]); members some shapes lack are optional, and
//! validation requires what the event's shape ([`SystemEvent::variant`]) always carries:
//! * the FC guide's ECS system event: `product`, `content{eventId, eventType, ecsInstanceId,
//!   ecsInstanceName, executeStartTime, executeFinishTime}`, `resourceId`, `level`, `instanceName`,
//!   `status`, `name` (`Instance:<eventType>:<status>`), `regionId`;
//! * the CloudMonitor alert callback for system events: the same plus `ver`, `groupId`, `eventType`
//!   (a CloudMonitor category such as `StatusNotification`), `userId`, `eventTime`, `ruleName`, `id`,
//!   and sometimes `traceId`; its `name` is `Instance:StateChange`-like, without a status part;
//! * the ECS event notification (ECS documents it for its event subscriptions, with FC as a target):
//!   `ver, id, product, resourceId, level, name, userId, eventTime, regionId, content` and **no
//!   `status`**; `instanceName` only in a few (where it holds the subscription's name). The FC guide's
//!   prose made `instanceName` and `status` look universal; the 18 notifications ECS publishes (in
//!   `tests/fixtures/real/system-event/`) show they are not, and the payloads win. Their names have a
//!   status part only sometimes (`Instance:SystemMaintenance.Reboot:Scheduled`), and one pairs that
//!   `Scheduled` with `content.eventStatus` `Avoided`: the two are not compared.
//!
//! Quirks:
//! * `eventTime` is ISO 8601 **basic** format (`20230217T103516.475+0800`, [`BasicIso`]); it does not
//!   parse as RFC 3339.
//! * `content` is documented as a string but sent as an object; both decode
//!   ([`SystemEventContentValue`]: an object is typed as [`SystemEventContent`] while decoding, a
//!   string is kept). [`SystemEvent::ecs_content`] and [`SystemEvent::content_json`] read either.
//! * `level` is one of `CRITICAL`, `WARN`, `INFO` (validated as a closed set); `status`, `eventType` and
//!   the content's `eventType` are open sets ([`SystemEventStatus`], [`SystemEventType`]).
//! * The FC guide's own example names `SystemFailure.Reboot` in `name` but `InstanceFailure.Reboot` in
//!   `content.eventType`; validation reports that as a `consistency` fault.
//! * Whether a CloudMonitor target delivers exactly the callback body is not verified. In FC 3.0 these
//!   events usually arrive through EventBridge as CloudEvents (`eventbridge` kind) instead.
//!
//! Validation: `level` in the closed set (`enum`); `eventTime` in basic ISO form and the content's
//! `executeStartTime`, `executeFinishTime` and `notBefore` in RFC 3339 (`format`); `content` an object
//! or a string (`type`); for `product: ECS` with a three-part `name`, the name's event type equal to
//! `content.eventType` (and to a top-level `eventType` that is an ECS event code) and its status equal
//! to `status` (`consistency`, at `/name`).
//!
//! Documented in the FC guide (CloudMonitor trigger: ECS system events and their table) and the
//! CloudMonitor help page "alert callback for system events".
//!
//! Evidence (member audit): twenty ECS event-notification samples (AlibabaCloudDocs/ecs; instance, disk and
//! snapshot events) and the CloudMonitor callback body, all in the corpus. `product`, `resourceId`,
//! `level`, `name`, `regionId` and `content` are sent by all of them; the others differ by source and by
//! event (see each member and [`SystemEvent::variant`], whose required members validation checks, naming
//! the variant). Nothing changed. FORMATS.md's section on system events describes the CloudMonitor body
//! only; the ECS notifications have no `instanceName` or `status` (they keep the state in `content`).

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::{BasicIso, Rfc3339};
use crate::wire::Text;

crate::codec::wire_struct! {
    /// A CloudMonitor / ECS system event (all three published shapes, [`SystemEventVariant`]).
    #[derive(Debug, Clone, PartialEq, Default)]
    #[cfg_attr(feature = "schema", schemars(transform = variants_require_their_members))]
    pub struct SystemEvent {
        /// The product that raised the event, e.g. `ECS`.
        ///
        /// Sent by every documented sample and capture.
        "product" => pub product: Text,
        /// The resource's ARN, e.g. `acs:ecs:cn-hangzhou:<uid>:instance/<id>`.
        ///
        /// Sent by every documented sample and capture.
        "resourceId" => pub resource_id: Text,
        /// `CRITICAL`, `WARN` or `INFO`.
        ///
        /// Sent by every documented sample and capture.
        "level" => pub level: SystemEventLevel,
        /// The resource's name (FC guide and callback; some ECS event notifications carry the
        /// subscription's name here, most carry none).
        ///
        /// Sent by the CloudMonitor callback body and some ECS notifications (disk conversions and overdue releases, live migrations); absent from the others.
        "instanceName" => pub instance_name: Option<Text>,
        /// The event's status, e.g. `Executing`, `Executed`, `Normal` (FC guide and callback; ECS event
        /// notifications carry none: their status, when any, is the third part of `name` and
        /// `content.eventStatus`).
        ///
        /// Sent by the CloudMonitor callback body only; ECS notifications carry the state in `content`.
        "status" => pub status: Option<SystemEventStatus>,
        /// `<resource>:<event type>[:<status>]`, e.g. `Instance:SystemFailure.Reboot:Executing`.
        ///
        /// Sent by every documented sample and capture.
        "name" => pub name: Text,
        /// The region, e.g. `cn-hangzhou`.
        ///
        /// Sent by every documented sample and capture.
        "regionId" => pub region_id: Text,
        /// Event details: an object in every sample, a string per the documentation.
        ///
        /// Sent by every documented sample and capture.
        "content" => pub content: SystemEventContentValue,
        /// The event type (callback: a CloudMonitor category such as `StatusNotification`).
        ///
        /// Sent by the CloudMonitor callback body only.
        "eventType" => pub event_type: Option<SystemEventType>,
        /// When the event happened, basic ISO form (callback).
        ///
        /// Sent by every ECS notification and the CloudMonitor callback body.
        "eventTime" => pub event_time: Option<BasicIso>,
        /// The callback format version, `1.0`.
        ///
        /// Sent by every ECS notification and the CloudMonitor callback body.
        "ver" => pub ver: Option<Text>,
        /// The application group id; `""` when none (callback).
        ///
        /// Sent by the CloudMonitor callback body only.
        "groupId" => pub group_id: Option<Text>,
        /// The alert rule's name (callback).
        ///
        /// Sent by the CloudMonitor callback body only.
        "ruleName" => pub rule_name: Option<Text>,
        /// The event's id (callback).
        ///
        /// Sent by every ECS notification and the CloudMonitor callback body.
        "id" => pub id: Option<Text>,
        /// A trace id (callback, sometimes).
        ///
        /// Absent from every sample and capture in the corpus.
        "traceId" => pub trace_id: Option<Text>,
        /// The account id (callback).
        ///
        /// Sent by every ECS notification and the CloudMonitor callback body.
        "userId" => pub user_id: Option<Text>,
    }
}

crate::codec::wire_struct! {
    /// The members seen in `content`, all optional: the ECS system event ones and the state-change
    /// ones of the callback. Read it with [`SystemEvent::ecs_content`].
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SystemEventContent {
        /// The ECS event id, e.g. `e-t4nhcpqcu8fqushpn3mm`.
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "eventId" => pub event_id: Option<Text>,
        /// The ECS event code, e.g. `SystemMaintenance.Reboot`.
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "eventType" => pub event_type: Option<SystemEventType>,
        /// The scheduled event's status, e.g. `Scheduled`, `Avoided` (ECS event notifications).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "eventStatus" => pub event_status: Option<SystemEventStatus>,
        /// When the event was published (RFC 3339; ECS event notifications).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "publishTime" => pub publish_time: Option<Rfc3339>,
        /// The instance id (ECS event notifications).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "instanceId" => pub instance_id: Option<Text>,
        /// The instance id.
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "ecsInstanceId" => pub ecs_instance_id: Option<Text>,
        /// The instance name.
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "ecsInstanceName" => pub ecs_instance_name: Option<Text>,
        /// When the action started (RFC 3339).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "executeStartTime" => pub execute_start_time: Option<Rfc3339>,
        /// When the action finished (RFC 3339).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "executeFinishTime" => pub execute_finish_time: Option<Rfc3339>,
        /// The earliest time a scheduled action runs (RFC 3339).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "notBefore" => pub not_before: Option<Rfc3339>,
        /// The resource id (state change).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "resourceId" => pub resource_id: Option<Text>,
        /// The instance name (state change).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "instanceName" => pub instance_name: Option<Text>,
        /// The instance type, e.g. `ecs.c6e.large` (state change).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "instanceType" => pub instance_type: Option<Text>,
        /// The new state, e.g. `Running`, `Deleted` (state change).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "state" => pub state: Option<Text>,
        /// The private IP address (state change).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "privateIpAddress" => pub private_ip_address: Option<Text>,
        /// e.g. `ALIYUN::ECS::Instance` (state change).
        ///
        /// Sent only by the notifications of the events that carry it (see [`SystemEvent::variant`]); absent from the others.
        "resourceType" => pub resource_type: Option<Text>,
    }
}

/// A system event's `content`: an object in every published sample, a string per the documentation.
///
/// Decoding takes an object or a string and nothing else (`type` at `/content`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum SystemEventContentValue {
    /// An object, typed; members it does not model are kept in its `extra`.
    Object(Box<SystemEventContent>),
    /// A string, kept as received (it may hold a JSON object: see [`SystemEvent::ecs_content`]).
    Text(Text),
}

impl Default for SystemEventContentValue {
    fn default() -> Self {
        SystemEventContentValue::Object(Box::default())
    }
}

impl SystemEventContentValue {
    /// The object, when `content` is one.
    pub fn as_object(&self) -> Option<&SystemEventContent> {
        match self {
            SystemEventContentValue::Object(c) => Some(c),
            SystemEventContentValue::Text(_) => None,
        }
    }

    /// The string, when `content` is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            SystemEventContentValue::Object(_) => None,
            SystemEventContentValue::Text(t) => Some(t),
        }
    }

    /// Whether `content` is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, SystemEventContentValue::Text(_))
    }
}

impl From<SystemEventContent> for SystemEventContentValue {
    fn from(c: SystemEventContent) -> Self {
        SystemEventContentValue::Object(Box::new(c))
    }
}

impl crate::codec::Absent for SystemEventContentValue {}

/// Not derived: serde's untagged enums buffer the whole value before trying each variant.
impl<'de> serde::Deserialize<'de> for SystemEventContentValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{value::MapAccessDeserializer, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SystemEventContentValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object or a string")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                <SystemEventContent as serde::Deserialize>::deserialize(MapAccessDeserializer::new(
                    map,
                ))
                .map(SystemEventContentValue::from)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(SystemEventContentValue::Text(Text::from(v)))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(SystemEventContentValue::Text(Text::from(v)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The parts of a system event's `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemEventName<'a> {
    /// The resource kind, e.g. `Instance`.
    pub resource: &'a str,
    /// The event type, e.g. `SystemFailure.Reboot` or `StateChange`.
    pub event: &'a str,
    /// The status, when the name has a third part.
    pub status: Option<&'a str>,
}

impl SystemEvent {
    /// Decodes an event from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }

    /// `name` split at its colons; `None` when it has fewer than two or more than three parts.
    pub fn name_parts(&self) -> Option<SystemEventName<'_>> {
        let (resource, rest) = self.name.split_once(':')?;
        let (event, status) = match rest.split_once(':') {
            Some((_, status)) if status.contains(':') => return None,
            Some((event, status)) => (event, Some(status)),
            None => (rest, None),
        };
        Some(SystemEventName {
            resource,
            event,
            status,
        })
    }

    /// `content` as JSON: the object's rendering, or the string parsed; `None` for a string that is
    /// not JSON.
    pub fn content_json(&self) -> Option<serde_json::Value> {
        match &self.content {
            SystemEventContentValue::Object(c) => serde_json::to_value(c).ok(),
            SystemEventContentValue::Text(s) => serde_json::from_str(s).ok(),
        }
    }

    /// `content` decoded into `T` (from the object, or from the JSON in the string). Errors point into
    /// `/content`.
    pub fn content_as<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let kind = Some(TriggerKind::SystemEvent);
        let value = self.content_json().ok_or_else(|| {
            DecodeError::new(
                kind,
                crate::wire::Location::root().key("content"),
                code::TYPE,
                "expected an object, or a string holding a JSON object",
            )
        })?;
        crate::codec::decode::json_value(TriggerKind::SystemEvent, value).map_err(|mut e| {
            let loc = &mut e.detail_mut().location;
            loc.pointer.insert_str(0, "/content");
            loc.path = if loc.path.is_empty() {
                "content".to_owned()
            } else if loc.path.starts_with('[') {
                format!("content{}", loc.path)
            } else {
                format!("content.{}", loc.path)
            };
            e
        })
    }

    /// `content` as [`SystemEventContent`]: the object itself, or the JSON object in the string.
    pub fn ecs_content(&self) -> Result<Cow<'_, SystemEventContent>, DecodeError> {
        match &self.content {
            SystemEventContentValue::Object(c) => Ok(Cow::Borrowed(c)),
            SystemEventContentValue::Text(_) => self.content_as().map(Cow::Owned),
        }
    }

    /// Whether the event comes from ECS (`product` is `ECS`, any case).
    pub fn is_ecs(&self) -> bool {
        self.product.eq_ignore_ascii_case("ECS")
    }

    fn check_name(&self, v: &mut Validator) {
        if !self.is_ecs() {
            return;
        }
        let Some(SystemEventName {
            event,
            status: Some(name_status),
            ..
        }) = self.name_parts()
        else {
            return;
        };
        // ECS event notifications have no `status`; their name's third part stands alone (and the
        // published samples pair `...:Scheduled` with `content.eventStatus` `Avoided`, so the two
        // are not compared).
        if let Some(status) = self.status.as_ref().filter(|s| s.as_str() != name_status) {
            v.fault_at(
                "name",
                code::CONSISTENCY,
                format!(
                    "expected the name to end in the status `{status}` (from /status), found `{}`",
                    self.name
                ),
            );
        }
        let top = self.event_type.as_ref().filter(|t| t.is_ecs_event_code());
        let content = self.ecs_content().ok();
        let in_content = content.as_ref().and_then(|c| c.event_type.as_ref());
        for (from, expected) in [("/eventType", top), ("/content/eventType", in_content)] {
            let Some(expected) = expected.map(SystemEventType::as_str) else {
                continue;
            };
            if expected != event {
                v.fault_at(
                    "name",
                    code::CONSISTENCY,
                    format!(
                        "expected the name's event type to be `{expected}` (from {from}), found `{event}` in `{}`",
                        self.name
                    ),
                );
            }
        }
    }
}

/// Which published shape a [`SystemEvent`] has; validation requires what that shape always carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SystemEventVariant {
    /// The ECS system event of the FC guide's CloudMonitor trigger: `instanceName` and `status`, a
    /// three-part `name`; no `ver`.
    FcGuide,
    /// The CloudMonitor alert callback for system events: `ver`, `id`, `userId`, `eventTime`,
    /// `groupId`, `ruleName`, `eventType`, `instanceName`, `status`.
    CmsCallback,
    /// An ECS event notification (ECS's own subscription format, FC a listed target): `ver`, `id`,
    /// `userId`, `eventTime`; no `status`, and `instanceName` only in some.
    EcsNotification,
}

impl SystemEventVariant {
    /// The shape's name in messages.
    pub const fn description(self) -> &'static str {
        match self {
            SystemEventVariant::FcGuide => "an ECS system event as the FC guide documents it",
            SystemEventVariant::CmsCallback => "a CloudMonitor system-event callback",
            SystemEventVariant::EcsNotification => "an ECS event notification",
        }
    }

    /// Whether every documented event of this shape carries member `key`.
    pub fn always_carries(self, key: &str) -> bool {
        match self {
            SystemEventVariant::FcGuide => matches!(key, "instanceName" | "status"),
            SystemEventVariant::CmsCallback => matches!(
                key,
                "instanceName" | "status" | "ver" | "id" | "userId" | "eventTime"
            ),
            SystemEventVariant::EcsNotification => {
                matches!(key, "ver" | "id" | "userId" | "eventTime")
            }
        }
    }
}

/// The schema of [`SystemEvent`]: what each [`SystemEventVariant`] always carries is required, with
/// the same tests [`SystemEvent::variant`] makes (a callback names its rule or group; a notification
/// has `ver`; the FC guide's shape has neither). `null` counts as absent, as in decoding.
#[cfg(feature = "schema")]
fn variants_require_their_members(schema: &mut schemars::Schema) {
    use serde_json::{json, Value};
    let present = |key: &str| json!({ "required": [key], "properties": { key: { "not": { "type": "null" } } } });
    let carries = |variant: SystemEventVariant| -> Value {
        let keys: Vec<&str> = ["instanceName", "status", "ver", "id", "userId", "eventTime"]
            .into_iter()
            .filter(|k| variant.always_carries(k))
            .collect();
        let properties: serde_json::Map<String, Value> = keys
            .iter()
            .map(|k| ((*k).to_owned(), json!({ "not": { "type": "null" } })))
            .collect();
        json!({ "required": keys, "properties": properties })
    };
    let callback = json!({ "anyOf": [present("groupId"), present("ruleName")] });
    let rule = json!({
        "if": callback,
        "then": carries(SystemEventVariant::CmsCallback),
        "else": {
            "if": present("ver"),
            "then": carries(SystemEventVariant::EcsNotification),
            "else": carries(SystemEventVariant::FcGuide)
        }
    });
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("allOf".to_owned(), json!([rule]));
    }
}

impl SystemEvent {
    /// The published shape this event has: a callback when it names its alert rule or group, an ECS
    /// event notification when it has a format version (`ver`) otherwise, the FC guide's shape else.
    pub fn variant(&self) -> SystemEventVariant {
        if self.group_id.is_some() || self.rule_name.is_some() {
            SystemEventVariant::CmsCallback
        } else if self.ver.is_some() {
            SystemEventVariant::EcsNotification
        } else {
            SystemEventVariant::FcGuide
        }
    }
}

impl Payload for SystemEvent {
    const KIND: TriggerKind = TriggerKind::SystemEvent;
}

impl Validate for SystemEvent {
    fn validate(&self, v: &mut Validator) {
        let variant = self.variant();
        for (key, present) in [
            ("instanceName", self.instance_name.is_some()),
            ("status", self.status.is_some()),
            ("ver", self.ver.is_some()),
            ("id", self.id.is_some()),
            ("userId", self.user_id.is_some()),
            ("eventTime", self.event_time.is_some()),
        ] {
            if !present && variant.always_carries(key) {
                v.fault_at(
                    key,
                    code::REQUIRED,
                    format!(
                        "expected `{key}`, which {} always carries, found none",
                        variant.description()
                    ),
                );
            }
        }
        v.one_of("level", self.level.as_str(), SystemEventLevel::KNOWN);
        if let Some(t) = &self.event_time {
            v.basic_iso("eventTime", t);
        }
        if let SystemEventContentValue::Object(c) = &self.content {
            v.at("content", |v| {
                for (key, time) in [
                    ("executeStartTime", &c.execute_start_time),
                    ("executeFinishTime", &c.execute_finish_time),
                    ("notBefore", &c.not_before),
                    ("publishTime", &c.publish_time),
                ] {
                    if let Some(time) = time {
                        v.rfc3339(key, time);
                    }
                }
            });
        }
        self.check_name(v);
    }
}

crate::codec::open_enum! {
    /// A system event's severity (a closed set: validation reports any other value).
    #[derive(Default)]
    closed pub enum SystemEventLevel {
        Critical = "CRITICAL",
        Warn = "WARN",
        #[default]
        Info = "INFO",
    }
}

crate::codec::open_enum! {
    /// A system event's status: the ECS event life cycle from the FC guide's table, and `Normal` from
    /// CloudMonitor callbacks.
    #[derive(Default)]
    pub enum SystemEventStatus {
        #[default]
        Normal = "Normal",
        Inquiring = "Inquiring",
        Scheduled = "Scheduled",
        Avoided = "Avoided",
        Executing = "Executing",
        Executed = "Executed",
        Canceled = "Canceled",
        Failed = "Failed",
    }
}

crate::codec::open_enum! {
    /// A system event type: the ECS event codes of the FC guide's table, and the CloudMonitor category
    /// `StatusNotification` seen in callbacks.
    pub enum SystemEventType {
        SystemMaintenanceReboot = "SystemMaintenance.Reboot",
        SystemMaintenanceRedeploy = "SystemMaintenance.Redeploy",
        SystemFailureReboot = "SystemFailure.Reboot",
        SystemFailureRedeploy = "SystemFailure.Redeploy",
        SystemFailureDelete = "SystemFailure.Delete",
        InstanceFailureReboot = "InstanceFailure.Reboot",
        InstanceExpirationStop = "InstanceExpiration.Stop",
        InstanceExpirationDelete = "InstanceExpiration.Delete",
        AccountUnbalancedStop = "AccountUnbalanced.Stop",
        AccountUnbalancedDelete = "AccountUnbalanced.Delete",
        Stalled = "Stalled",
        ErrorDetected = "ErrorDetected",
        SystemMaintenanceRebootAndIsolateErrorDisk = "SystemMaintenance.RebootAndIsolateErrorDisk",
        SystemMaintenanceRebootAndReInitErrorDisk = "SystemMaintenance.RebootAndReInitErrorDisk",
        SystemMaintenanceIsolateErrorDisk = "SystemMaintenance.IsolateErrorDisk",
        SystemMaintenanceReInitErrorDisk = "SystemMaintenance.ReInitErrorDisk",
        StatusNotification = "StatusNotification",
    }
}

impl SystemEventType {
    /// Whether this is one of the known ECS event codes (not a CloudMonitor category, not unknown).
    pub fn is_ecs_event_code(&self) -> bool {
        self.is_known() && *self != SystemEventType::StatusNotification
    }
}
