//! The CloudEvents 1.0 envelope that EventBridge wraps around MNS queue, RocketMQ, RabbitMQ, Kafka and
//! DTS messages, custom events and Alibaba Cloud service events (`acs.oss`, `acs.ecs`, …).
//!
//! ```
//! use fc_events::cloudevent::CloudEvent;
//!
//! let bytes = br#"{"id":"c2g7","source":"MNS-Function-mnstrigger","specversion":"1.0",
//!   "type":"mns:Queue:SendMessage","time":"2022-07-22T06:34:27.9Z",
//!   "aliyunpublishtime":"2022-07-22T06:34:27.943Z","myextension":"kept",
//!   "data":{"anything":true}}"#;
//! let event: CloudEvent = serde_json::from_slice(bytes)?;
//! assert_eq!(event.ty, "mns:Queue:SendMessage");
//! assert_eq!(event.data["anything"], true);
//! assert_eq!(event.time.as_ref().unwrap().as_str(), "2022-07-22T06:34:27.9Z");
//! assert_eq!(event.extension("myextension").and_then(|v| v.as_str()), Some("kept"));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! [`CloudEvent<D>`] types `data` as `D` ([`JsonText`](crate::wire::JsonText) by default: any JSON, kept as its text); each trigger module names
//! its own (`CloudEvent<MnsQueueData>`, …). The aliyun* extensions are typed optional members; any other
//! extension lands in `extra` and is written back.
//!
//! Quirks:
//! * `time` carries 0 to 9 fractional digits (`…27.9Z`, `…17.093Z`, `…57Z`); it and
//!   `aliyunpublishtime` are kept as received ([`Rfc3339`]).
//! * `datacontenttype` varies in spacing and Java-produced samples carry `charset\u003dutf-8` (or even
//!   the typo `charsetu003dutf-8`): it is kept as text, never matched exactly.
//! * `dataschema` appears only in custom events; Kafka and DTS events carry no aliyun* extension except
//!   `aliyunaccountid`.
//!
//! Documented in the FC 3.0 help page "Formats of event for different triggers" and the EventBridge
//! event-format page; the envelope is the CloudEvents 1.0 JSON format.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::codec::{Absent, Key};
use crate::events::envelope::{Body, Record};
use crate::model::validate::{code, Validator};
use crate::wire::any_value::{AnyValue, Map};
use crate::wire::time::Rfc3339;
use crate::wire::Text;

pub(crate) mod locate;
mod typed;

pub(crate) use typed::{decode_degrading, lenient, read_checked, with_lenient};
pub use typed::{TypedData, UnfitData};

/// What a CloudEvent's `data` type tells the envelope: the `type` prefix its events carry (checked by
/// validation), its validation rules, where the handler payload is ([`crate::envelope`]), and what
/// the envelope's JSON Schema says about `data` ([`EventData::envelope_schema`]).
pub trait EventData {
    /// The prefix of `type` that every event with this data carries (`mns:`, `alikafka:`, …), when
    /// the data type alone fixes it.
    const TYPE_PREFIX: Option<&'static str> = None;

    /// What the data is, for messages about data that does not fit it: `a Kafka record`, ….
    const DESCRIPTION: &'static str = "the data's model";

    /// The optional envelope attributes that every documented event with this data carries
    /// (`subject`, `aliyunaccountid`, …): validation reports each one missing as a `required`
    /// fault; decoding accepts their absence.
    const ALWAYS_SENT: &'static [&'static str] = &[];

    /// The prefix of `type` that events with this data carry, if fixed: [`EventData::TYPE_PREFIX`]
    /// unless the data's value decides it.
    fn type_prefix(&self) -> Option<&'static str> {
        Self::TYPE_PREFIX
    }

    /// Reports the faults of the data, at the location of `data`.
    fn validate_data(&self, v: &mut Validator) {
        let _ = v;
    }

    /// The handler payload within the event (pointers start at the event: `/data/...`).
    fn body(&self) -> Body<'_>;

    /// What the envelope's JSON Schema says because of this data type, as an object schema merged
    /// into [`CloudEvent`]'s: the required `data` member and, with [`EventData::TYPE_PREFIX`], a
    /// `pattern` on `type`. Override it when `data`'s shape depends on other attributes (EventBridge
    /// types `data` by `source`).
    #[cfg(feature = "schema")]
    fn envelope_schema(generator: &mut SchemaGenerator) -> Schema
    where
        Self: JsonSchema + Sized,
    {
        let data = generator.subschema_for::<Self>();
        data_member_schema(data, Self::TYPE_PREFIX, Self::ALWAYS_SENT)
    }
}

/// An object schema for [`EventData::envelope_schema`]: member `data` (required) with schema `data`,
/// given a prefix, every `type` starting with it, and the attributes `always_sent` required (as
/// strings, not `null`).
#[cfg(feature = "schema")]
pub(crate) fn data_member_schema(
    data: Schema,
    type_prefix: Option<&str>,
    always_sent: &[&str],
) -> Schema {
    let mut data = data;
    data.insert("description".into(), "The event payload (`data`).".into());
    let mut schema = schemars::json_schema!({
        "properties": { "data": data },
        "required": ["data"],
    });
    // An `allOf` keeps the members' own schemas, which flattening would replace.
    let mut all_of = Vec::new();
    if let Some(prefix) = type_prefix {
        all_of.push(serde_json::json!({
            "properties": {
                "type": {
                    "type": "string",
                    "pattern": format!("^{}", regex_escape(prefix)),
                }
            }
        }));
    }
    if !always_sent.is_empty() {
        let properties: serde_json::Map<String, serde_json::Value> = always_sent
            .iter()
            .map(|name| ((*name).to_owned(), serde_json::json!({ "type": "string" })))
            .collect();
        all_of.push(serde_json::json!({
            "properties": properties,
            "required": always_sent,
        }));
    }
    if !all_of.is_empty() {
        schema.insert("allOf".into(), serde_json::Value::Array(all_of));
    }
    schema
}

/// `text` with the characters that are special in a (ECMA 262) regular expression escaped.
#[cfg(feature = "schema")]
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The schema of `data` and of what `D` says about the other attributes, flattened into
/// [`CloudEvent`]'s schema ([`EventData::envelope_schema`]).
#[cfg(feature = "schema")]
struct DataSchema<D>(PhantomData<D>);

#[cfg(feature = "schema")]
impl<D: EventData + JsonSchema> JsonSchema for DataSchema<D> {
    fn schema_name() -> Cow<'static, str> {
        format!("CloudEventData_{}", D::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        D::envelope_schema(generator)
    }
}

impl EventData for serde_json::Value {
    fn body(&self) -> Body<'_> {
        Body::Json {
            pointer: "/data",
            value: self,
        }
    }
}

impl EventData for crate::wire::JsonText {
    fn body(&self) -> Body<'_> {
        Body::JsonText {
            pointer: "/data",
            text: self,
        }
    }
}

macro_rules! cloudevent {
    (
        required { $( $(#[$rmeta:meta])* $rwire:literal => $rfield:ident : $rty:ty, )* }
        optional { $( $(#[$ometa:meta])* $owire:literal => $ofield:ident : $oty:ty, )* }
    ) => {
        /// A CloudEvents 1.0 event as EventBridge delivers it, with `data` typed as `D`.
        ///
        /// Members are written in this order: the attributes, `data`, then `extra`.
        #[derive(Debug, Clone, PartialEq, Default)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "schema", schemars(rename = "CloudEvent_{D}", bound = "D: JsonSchema + EventData"))]
        #[non_exhaustive]
        pub struct CloudEvent<D = crate::wire::JsonText> {
            $( $(#[$rmeta])* #[cfg_attr(feature = "schema", schemars(rename = $rwire))] pub $rfield: $rty, )*
            $( $(#[$ometa])* #[cfg_attr(feature = "schema", schemars(rename = $owire))] pub $ofield: Option<$oty>, )*
            /// The event payload (`data`).
            #[cfg_attr(feature = "schema", schemars(flatten, with = "DataSchema<D>"))]
            pub data: D,
            /// Extension attributes this type does not model, in arrival order; written back when
            /// encoding.
            #[cfg_attr(feature = "schema", schemars(skip))]
            pub extra: Map,
        }

        /// The attributes of an event being decoded, before `data` is known.
        #[derive(Default)]
        pub(crate) struct Attrs {
            $( $rfield: Option<$rty>, )*
            $( $ofield: Option<Option<$oty>>, )*
            pub(crate) extra: Map,
            /// The names in `extra`, for rejecting a duplicate.
            pub(crate) names: crate::codec::Names,
        }

        impl Attrs {
            /// Reads member `key` when it is a modelled attribute; `Ok(false)` (nothing read)
            /// otherwise.
            pub(crate) fn read<'de, A: MapAccess<'de>>(
                &mut self,
                key: &str,
                access: &mut A,
            ) -> Result<bool, A::Error> {
                match key {
                    $(
                        $rwire => {
                            if self.$rfield.is_some() {
                                return Err(de::Error::duplicate_field($rwire));
                            }
                            self.$rfield = Some(access.next_value()?);
                        }
                    )*
                    $(
                        $owire => {
                            if self.$ofield.is_some() {
                                return Err(de::Error::duplicate_field($owire));
                            }
                            self.$ofield = Some(access.next_value()?);
                        }
                    )*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            /// The `source` attribute, when already read.
            pub(crate) fn source(&self) -> Option<&str> {
                self.source.as_deref()
            }

            /// The `type` attribute, when already read.
            pub(crate) fn ty(&self) -> Option<&str> {
                self.ty.as_deref()
            }

            /// Whether `specversion` was present.
            pub(crate) fn has_specversion(&self) -> bool {
                self.spec_version.is_some()
            }

            /// Builds the event; a missing required attribute fails with "missing field".
            pub(crate) fn finish<D, E: de::Error>(self, data: D) -> Result<CloudEvent<D>, E> {
                Ok(CloudEvent {
                    $(
                        $rfield: match self.$rfield {
                            Some(v) => v,
                            None => crate::codec::missing($rwire)?,
                        },
                    )*
                    $( $ofield: self.$ofield.flatten(), )*
                    data,
                    extra: self.extra,
                })
            }

            /// The attributes read so far as plain members, for a record that turns out not to be a
            /// CloudEvent (self-hosted RocketMQ messages).
            pub(crate) fn into_members(self) -> Map {
                let mut out = Map::new();
                $(
                    if let Some(v) = self.$rfield {
                        out.push($rwire, to_any(&v));
                    }
                )*
                $(
                    if let Some(v) = self.$ofield {
                        out.push($owire, v.as_ref().map_or(AnyValue::Null, to_any));
                    }
                )*
                for (k, v) in self.extra.iter() {
                    out.push(k, v.clone());
                }
                out
            }
        }

        impl<D> CloudEvent<D> {
            /// Whether the optional attribute `name` is present; `None` for a name that is not an
            /// optional attribute.
            pub(crate) fn has_attribute(&self, name: &str) -> Option<bool> {
                match name {
                    $( $owire => Some(self.$ofield.is_some()), )*
                    _ => None,
                }
            }
        }

        impl<D: Serialize> Serialize for CloudEvent<D> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut len = self.extra.len() + 1 + $( { let _ = $rwire; 1 } + )* 0;
                $( if self.$ofield.is_some() { len += 1; } )*
                let mut map = serializer.serialize_map(Some(len))?;
                $( map.serialize_entry($rwire, &self.$rfield)?; )*
                $(
                    if let Some(v) = &self.$ofield {
                        map.serialize_entry($owire, v)?;
                    }
                )*
                map.serialize_entry("data", &self.data)?;
                self.extra.serialize_members(&mut map)?;
                map.end()
            }
        }
    };
}

cloudevent! {
    required {
        /// Identifies the event; unique per source.
        "id" => id: Text,
        /// Where the event comes from: the event bus name for MNS/RocketMQ/RabbitMQ triggers
        /// (`MNS-{function}-{trigger}`), `acs:alikafka`, `acs:amqp`, a DTS task name, `acs.oss`, …
        "source" => source: Text,
        /// The CloudEvents version, `1.0`.
        "specversion" => spec_version: Text,
        /// The event type: `mns:Queue:SendMessage`, `mq:Topic:SendMessage`, `amqp:Queue:SendMessage`,
        /// `alikafka:Topic:Message`, `dts:ConsumeMessage`, `oss:ObjectCreated:PutObject`, ….
        "type" => ty: Text,
    }
    optional {
        /// Media type of `data`, e.g. `application/json; charset=utf-8` (spelling varies).
        "datacontenttype" => data_content_type: Text,
        /// Schema URI of `data` (custom events).
        "dataschema" => data_schema: Text,
        /// The resource, e.g. `acs:mns:cn-hangzhou:{uid}:queues/{name}`.
        "subject" => subject: Text,
        /// When the event happened (RFC 3339, 0 to 9 fractional digits, kept as received).
        /// EventBridge always sets it, so validation and the schema require it; decoding accepts
        /// its absence.
        #[cfg_attr(feature = "schema", schemars(with = "Rfc3339"))]
        "time" => time: Rfc3339,
        /// The account that owns the event.
        "aliyunaccountid" => aliyun_account_id: Text,
        /// When EventBridge published the event (RFC 3339, kept as received). Informational:
        /// EventBridge's own documentation shows `2020-11-19T21:04:42.179PRC`, so validation
        /// reports another form as a warning and the schema does not constrain the format.
        #[cfg_attr(feature = "schema", schemars(with = "Option<Text>"))]
        "aliyunpublishtime" => aliyun_publish_time: Rfc3339,
        /// The account the event originally came from.
        "aliyunoriginalaccountid" => aliyun_original_account_id: Text,
        /// The event bus.
        "aliyuneventbusname" => aliyun_event_bus_name: Text,
        /// The region, e.g. `cn-hangzhou`.
        "aliyunregionid" => aliyun_region_id: Text,
        /// The publisher's address (masked in samples).
        "aliyunpublishaddr" => aliyun_publish_addr: Text,
    }
}

/// A typed value as an [`AnyValue`]: its JSON text, as this crate's encoder writes it.
pub(crate) fn to_any<T: Serialize>(v: &T) -> AnyValue {
    crate::wire::json_text::to_json_vec(v)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map_or(AnyValue::Null, |text| {
            AnyValue::Json(crate::wire::JsonText::from_checked(text))
        })
}

impl<D> CloudEvent<D> {
    /// An event with the required attributes and `data`; every optional attribute absent.
    pub fn new(id: impl Into<Text>, source: impl Into<Text>, ty: impl Into<Text>, data: D) -> Self {
        CloudEvent {
            id: id.into(),
            source: source.into(),
            spec_version: Text::from("1.0"),
            ty: ty.into(),
            data_content_type: None,
            data_schema: None,
            subject: None,
            time: None,
            aliyun_account_id: None,
            aliyun_publish_time: None,
            aliyun_original_account_id: None,
            aliyun_event_bus_name: None,
            aliyun_region_id: None,
            aliyun_publish_addr: None,
            data,
            extra: Map::new(),
        }
    }

    /// An extension attribute this type does not model (any name other than the typed ones).
    pub fn extension(&self, name: &str) -> Option<&AnyValue> {
        self.extra.get(name)
    }

    /// The same event with `data` replaced.
    pub fn map_data<E>(self, f: impl FnOnce(D) -> E) -> CloudEvent<E> {
        CloudEvent {
            id: self.id,
            source: self.source,
            spec_version: self.spec_version,
            ty: self.ty,
            data_content_type: self.data_content_type,
            data_schema: self.data_schema,
            subject: self.subject,
            time: self.time,
            aliyun_account_id: self.aliyun_account_id,
            aliyun_publish_time: self.aliyun_publish_time,
            aliyun_original_account_id: self.aliyun_original_account_id,
            aliyun_event_bus_name: self.aliyun_event_bus_name,
            aliyun_region_id: self.aliyun_region_id,
            aliyun_publish_addr: self.aliyun_publish_addr,
            data: f(self.data),
            extra: self.extra,
        }
    }

    /// Checks the envelope's rules (not `data`'s): `specversion` is `1.0`; `id`, `source` and `type`
    /// are not empty; `time` is present and RFC 3339; `aliyunpublishtime` is RFC 3339 (a warning only:
    /// the documentation shows it written `2020-11-19T21:04:42.179PRC`).
    pub fn validate_attributes(&self, v: &mut Validator) {
        if self.spec_version != "1.0" {
            v.fault_at(
                "specversion",
                code::ENUM,
                format!(
                    "expected \"1.0\", found {:?}",
                    crate::model::validate::quote(&self.spec_version)
                ),
            );
        }
        v.non_empty("id", &self.id);
        v.non_empty("source", &self.source);
        v.non_empty("type", &self.ty);
        match &self.time {
            Some(t) => v.rfc3339("time", t),
            None => v.fault_at(
                "time",
                code::REQUIRED,
                "expected the event time (EventBridge always sets it), found no `time` member",
            ),
        }
        // Informational: EventBridge's own documented events show it as `...42.179PRC`, so a
        // malformed value is a warning, not a fault that fails the payload.
        if let Some(t) = self.aliyun_publish_time.as_ref().filter(|t| !t.is_valid()) {
            v.warn_at(
                "aliyunpublishtime",
                code::FORMAT,
                format!("expected an RFC 3339 time, found {:?}", t.as_str()),
            );
        }
    }
}

impl<D> Absent for CloudEvent<D> {}

impl<D: EventData> crate::model::validate::Validate for CloudEvent<D> {
    fn validate(&self, v: &mut Validator) {
        self.validate_attributes(v);
        if let Some(prefix) = self.data.type_prefix() {
            if !self.ty.starts_with(prefix) {
                v.fault_at(
                    "type",
                    code::CONSISTENCY,
                    format!(
                        "expected a type starting with {prefix:?} for this data, found {:?}",
                        crate::model::validate::quote(&self.ty)
                    ),
                );
            }
        }
        for name in D::ALWAYS_SENT {
            if self.has_attribute(name) == Some(false) {
                v.fault_at(
                    name,
                    code::REQUIRED,
                    format!(
                        "expected `{name}` (every documented event of this kind carries it), found no such member"
                    ),
                );
            }
        }
        v.at("data", |v| self.data.validate_data(v));
    }
}

impl<D: EventData> Record for CloudEvent<D> {
    fn body(&self) -> Body<'_> {
        self.data.body()
    }
    fn record_id(&self) -> Option<&str> {
        Some(&self.id)
    }
}

impl<'de, D: Deserialize<'de>> Deserialize<'de> for CloudEvent<D> {
    #[inline]
    fn deserialize<X: Deserializer<'de>>(deserializer: X) -> Result<Self, X::Error> {
        struct V<D>(PhantomData<D>);
        impl<'de, D: Deserialize<'de>> Visitor<'de> for V<D> {
            type Value = CloudEvent<D>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a CloudEvent object")
            }
            #[inline]
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<CloudEvent<D>, A::Error> {
                let mut attrs = Attrs::default();
                let mut data: Option<D> = None;
                while let Some(key) = access.next_key::<Key<'de>>()? {
                    if key.as_str() == "data" {
                        if data.is_some() {
                            return Err(de::Error::duplicate_field("data"));
                        }
                        data = Some(access.next_value()?);
                    } else if !attrs.read(key.as_str(), &mut access)? {
                        attrs.push_extra(key, &mut access)?;
                    }
                }
                let data = match data {
                    Some(d) => d,
                    None => crate::codec::missing("data")?,
                };
                attrs.finish(data)
            }
        }
        deserializer.deserialize_map(V(PhantomData))
    }
}

impl Attrs {
    /// Reads member `key` into `extra`, rejecting a duplicate.
    pub(crate) fn push_extra<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        access: &mut A,
    ) -> Result<(), A::Error> {
        if !self.extra.is_new(&mut self.names, key.as_str()) {
            return Err(crate::codec::duplicate(key.as_str()));
        }
        let value = access.next_value::<AnyValue>()?;
        self.extra.push(key.into_text(), value);
        Ok(())
    }
}
