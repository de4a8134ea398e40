//! [`TriggerDefinition`]: one trigger, with `triggerConfig` typed by the sibling `triggerType`.

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{self, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::codec::Key;
use crate::model::validate::{code, quote, Validate, Validator};
use crate::wire::any_value::{AnyValue, Map};
use crate::wire::error::{DecodeError, Location};

use super::arn::{check_role, is_name, Qualifier, SourceArn};
use super::config::{
    CdnTriggerConfig, EventBridgeTriggerConfig, HttpTriggerConfig, MnsTopicTriggerConfig,
    OssTriggerConfig, SlsTriggerConfig, TablestoreTriggerConfig, TimerTriggerConfig,
};
use super::TriggerType;

/// One trigger definition, as the FC OpenAPI (`CreateTrigger`, `GetTrigger`) and the console
/// export write it.
///
/// `triggerConfig` is decoded into the type that `triggerType` names, whichever member comes first;
/// FC 3.0's OpenAPI sends it as a JSON **string**, which is decoded the same way and written back as
/// the same string ([`ConfigForm`]). For a type this version does not know, the configuration is
/// kept as received in [`TriggerConfig::Other`]. Unknown members go to `extra`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TriggerDefinition {
    /// `triggerName`: 1–128 letters, digits, `_` and `-`, not starting with a digit or `-`.
    pub trigger_name: String,
    /// `triggerType`.
    pub trigger_type: TriggerType,
    /// `description`.
    pub description: Option<String>,
    /// `qualifier`: `LATEST`, a version number or an alias ([`TriggerDefinition::qualifier`]).
    pub qualifier: Option<String>,
    /// `sourceArn`, as received ([`TriggerDefinition::parsed_source_arn`] splits it).
    pub source_arn: Option<String>,
    /// `invocationRole`: the RAM role the event source invokes the function with.
    pub invocation_role: Option<String>,
    /// `triggerConfig`, typed by `trigger_type`.
    pub trigger_config: Option<TriggerConfig>,
    /// How `triggerConfig` was written on the wire.
    pub config_form: ConfigForm,
    /// Members this type does not model, in arrival order; written back when encoding.
    pub extra: Map,
}

/// How a definition's `triggerConfig` is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ConfigForm {
    /// As a JSON object (FC 2.0 OpenAPI, Serverless Devs, hand-written files).
    #[default]
    Object,
    /// As a string holding JSON (FC 3.0 OpenAPI); the string as received, written back unchanged
    /// unless the configuration was edited.
    String(String),
}

/// A `triggerConfig`, one variant per trigger type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TriggerConfig {
    /// `oss`.
    Oss(OssTriggerConfig),
    /// `log`.
    Sls(SlsTriggerConfig),
    /// `timer`.
    Timer(TimerTriggerConfig),
    /// `http`.
    Http(HttpTriggerConfig),
    /// `tablestore`.
    Tablestore(TablestoreTriggerConfig),
    /// `cdn_events`.
    Cdn(CdnTriggerConfig),
    /// `mns_topic`.
    MnsTopic(MnsTopicTriggerConfig),
    /// `eventbridge`.
    EventBridge(EventBridgeTriggerConfig),
    /// The configuration of a trigger type this version does not know, as received.
    Other(AnyValue),
}

macro_rules! config_variants {
    ($( $variant:ident($ty:ty) => $tt:ident, )*) => {
        impl TriggerConfig {
            /// The trigger type this configuration belongs to (`None` for [`TriggerConfig::Other`]).
            pub fn trigger_type(&self) -> Option<TriggerType> {
                match self {
                    $( TriggerConfig::$variant(_) => Some(TriggerType::$tt), )*
                    TriggerConfig::Other(_) => None,
                }
            }

            fn validate_inner(&self, v: &mut Validator) {
                match self {
                    $( TriggerConfig::$variant(c) => c.validate(v), )*
                    TriggerConfig::Other(_) => {}
                }
            }

            fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
                match self {
                    $( TriggerConfig::$variant(c) => serde_json::to_value(c), )*
                    TriggerConfig::Other(c) => serde_json::to_value(c),
                }
            }
        }

        impl Serialize for TriggerConfig {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( TriggerConfig::$variant(c) => c.serialize(s), )*
                    TriggerConfig::Other(c) => c.serialize(s),
                }
            }
        }

        $(
            impl From<$ty> for TriggerConfig {
                fn from(c: $ty) -> Self {
                    TriggerConfig::$variant(c)
                }
            }
        )*

        /// Decodes a configuration of type `t` from `d`.
        fn typed<'de, D: Deserializer<'de>>(t: &TriggerType, d: D) -> Result<TriggerConfig, D::Error> {
            Ok(match t {
                $( TriggerType::$tt => TriggerConfig::$variant(<$ty>::deserialize(d)?), )*
                TriggerType::Other(_) => TriggerConfig::Other(AnyValue::deserialize(d)?),
            })
        }

        /// The schema pairs: `triggerType` value and the schema of its `triggerConfig`.
        fn config_schemas(g: &mut SchemaGenerator) -> Vec<(String, Schema)> {
            vec![ $( (TriggerType::$tt.as_str().to_owned(), g.subschema_for::<$ty>()), )* ]
        }
    };
}

config_variants! {
    Oss(OssTriggerConfig) => Oss,
    Sls(SlsTriggerConfig) => Log,
    Timer(TimerTriggerConfig) => Timer,
    Http(HttpTriggerConfig) => Http,
    Tablestore(TablestoreTriggerConfig) => Tablestore,
    Cdn(CdnTriggerConfig) => CdnEvents,
    MnsTopic(MnsTopicTriggerConfig) => MnsTopic,
    EventBridge(EventBridgeTriggerConfig) => EventBridge,
}

impl TriggerDefinition {
    /// A definition named `name` with a typed configuration; `trigger_type` follows the
    /// configuration.
    pub fn new(name: impl Into<String>, config: impl Into<TriggerConfig>) -> Self {
        let config = config.into();
        TriggerDefinition {
            trigger_name: name.into(),
            trigger_type: config
                .trigger_type()
                .unwrap_or_else(|| TriggerType::Other(String::new())),
            description: None,
            qualifier: None,
            source_arn: None,
            invocation_role: None,
            trigger_config: Some(config),
            config_form: ConfigForm::Object,
            extra: Map::new(),
        }
    }

    /// This definition with `sourceArn` set.
    pub fn with_source_arn(mut self, arn: impl Into<String>) -> Self {
        self.source_arn = Some(arn.into());
        self
    }

    /// Decodes one definition from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let any: AnyValue = crate::codec::decode::json_any(None, bytes)?;
        decode_reordered(any)
    }

    /// `sourceArn` split into its parts (`None` when absent).
    pub fn parsed_source_arn(&self) -> Option<Result<SourceArn, super::arn::ArnError>> {
        self.source_arn.as_deref().map(SourceArn::parse)
    }

    /// `qualifier` parsed (`None` when absent).
    pub fn qualifier(&self) -> Option<Result<Qualifier<'_>, String>> {
        self.qualifier.as_deref().map(Qualifier::parse)
    }
}

impl crate::codec::Absent for TriggerDefinition {}

/// Moves `triggerType` before `triggerConfig` so that the configuration decodes in one pass, with
/// every error located inside it.
pub(super) fn front_type(any: AnyValue) -> AnyValue {
    match any.into_shallow() {
        AnyValue::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map.iter().filter(|(k, _)| *k == "triggerType") {
                out.push(k, v.clone());
            }
            for (k, v) in map.iter().filter(|(k, _)| *k != "triggerType") {
                out.push(k, v.clone());
            }
            AnyValue::Object(out)
        }
        other => other,
    }
}

/// Decodes `T` from an already-parsed value, after reordering; errors keep their pointer (line and
/// column would refer to the re-encoded text, so they are dropped).
pub(super) fn decode_value<T: de::DeserializeOwned>(any: &AnyValue) -> Result<T, DecodeError> {
    let bytes = crate::wire::json_text::to_json_vec(any)
        .map_err(|e| DecodeError::new(None, Location::root(), code::DATA, e.to_string()))?;
    crate::codec::decode::json_any::<T>(None, &bytes).map_err(|mut e| {
        let d = e.detail_mut();
        d.line = None;
        d.column = None;
        e
    })
}

fn decode_reordered(any: AnyValue) -> Result<TriggerDefinition, DecodeError> {
    decode_value(&front_type(any))
}

impl Serialize for TriggerDefinition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("triggerName", &self.trigger_name)?;
        map.serialize_entry("triggerType", &self.trigger_type)?;
        for (key, value) in [
            ("description", &self.description),
            ("qualifier", &self.qualifier),
            ("sourceArn", &self.source_arn),
            ("invocationRole", &self.invocation_role),
        ] {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        if let Some(config) = &self.trigger_config {
            match &self.config_form {
                ConfigForm::Object => map.serialize_entry("triggerConfig", config)?,
                ConfigForm::String(original) => {
                    let value = config.to_json().map_err(ser::Error::custom)?;
                    let unchanged = serde_json::from_str::<serde_json::Value>(original)
                        .is_ok_and(|o| o == value);
                    if unchanged {
                        map.serialize_entry("triggerConfig", original)?;
                    } else {
                        let text = serde_json::to_string(&value).map_err(ser::Error::custom)?;
                        map.serialize_entry("triggerConfig", &text)?;
                    }
                }
            }
        }
        self.extra.serialize_members(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for TriggerDefinition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DefinitionVisitor)
    }
}

struct DefinitionVisitor;

fn once<T, E: de::Error>(slot: &mut Option<T>, key: &'static str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(key));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for DefinitionVisitor {
    type Value = TriggerDefinition;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a trigger definition object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<TriggerDefinition, A::Error> {
        let mut name: Option<String> = None;
        let mut trigger_type: Option<TriggerType> = None;
        let mut strings: [Option<Option<String>>; 4] = Default::default();
        const STRING_KEYS: [&str; 4] = ["description", "qualifier", "sourceArn", "invocationRole"];
        let mut config: Option<(Option<TriggerConfig>, ConfigForm)> = None;
        let mut pending: Option<AnyValue> = None;
        let mut extra = Map::new();
        let mut names = crate::codec::Names::new();
        while let Some(key) = access.next_key::<Key<'de>>()? {
            match key.as_str() {
                "triggerName" => once(&mut name, "triggerName", access.next_value()?)?,
                "triggerType" => once(&mut trigger_type, "triggerType", access.next_value()?)?,
                "triggerConfig" => {
                    if config.is_some() || pending.is_some() {
                        return Err(de::Error::duplicate_field("triggerConfig"));
                    }
                    match &trigger_type {
                        Some(t) => config = Some(access.next_value_seed(ConfigSeed(t))?),
                        None => pending = Some(access.next_value()?),
                    }
                }
                k => {
                    if let Some(i) = STRING_KEYS.iter().position(|s| *s == k) {
                        once(&mut strings[i], STRING_KEYS[i], access.next_value()?)?;
                    } else {
                        if !extra.is_new(&mut names, k) {
                            return Err(crate::codec::duplicate(k));
                        }
                        let value = access.next_value::<AnyValue>()?;
                        extra.push(key.into_text(), value);
                    }
                }
            }
        }
        let trigger_name: String = match name {
            Some(n) => n,
            None => crate::codec::missing("triggerName")?,
        };
        let trigger_type: TriggerType = match trigger_type {
            Some(t) => t,
            None => crate::codec::missing("triggerType")?,
        };
        if let Some(raw) = pending {
            config = Some(convert(&trigger_type, raw).map_err(de::Error::custom)?);
        }
        let (trigger_config, config_form) = config.unwrap_or((None, ConfigForm::Object));
        let [description, qualifier, source_arn, invocation_role] = strings.map(Option::flatten);
        Ok(TriggerDefinition {
            trigger_name,
            trigger_type,
            description,
            qualifier,
            source_arn,
            invocation_role,
            trigger_config,
            config_form,
            extra,
        })
    }
}

/// Decodes `triggerConfig` once `triggerType` is known: an object, a JSON string holding one, or
/// `null`.
struct ConfigSeed<'a>(&'a TriggerType);

impl<'de> DeserializeSeed<'de> for ConfigSeed<'_> {
    type Value = (Option<TriggerConfig>, ConfigForm);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if !self.0.is_known() {
            return Ok(match AnyValue::deserialize(d)? {
                raw if raw.is_null() => (None, ConfigForm::Object),
                raw => (Some(TriggerConfig::Other(raw)), ConfigForm::Object),
            });
        }
        d.deserialize_any(ConfigVisitor(self.0))
    }
}

struct ConfigVisitor<'a>(&'a TriggerType);

impl<'de> Visitor<'de> for ConfigVisitor<'_> {
    type Value = (Option<TriggerConfig>, ConfigForm);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a {} triggerConfig object, or a JSON string holding one",
            self.0
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let config = typed(self.0, de::value::MapAccessDeserializer::new(map))?;
        Ok((Some(config), ConfigForm::Object))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        let config = from_json_str(self.0, s).map_err(E::custom)?;
        Ok((Some(config), ConfigForm::String(s.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok((None, ConfigForm::Object))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok((None, ConfigForm::Object))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        ConfigSeed(self.0).deserialize(d)
    }
}

/// Decodes a configuration from JSON text; an error names the place inside the text.
fn from_json_str(t: &TriggerType, s: &str) -> Result<TriggerConfig, String> {
    from_json_text(t, s.as_bytes(), "in the triggerConfig string")
}

fn from_json_text(t: &TriggerType, bytes: &[u8], place: &str) -> Result<TriggerConfig, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = typed(
        t,
        serde_path_to_error::Deserializer::new(&mut de, &mut track),
    )
    .and_then(|c| de.end().map(|()| c));
    result.map_err(|e| {
        let loc = Location::from_path(&track.path());
        let e = DecodeError::from_json(None, Location::root(), &e);
        let at = if loc.pointer.is_empty() {
            String::new()
        } else {
            format!(", at {}", loc.pointer)
        };
        format!("{} ({place}{at})", e.message)
    })
}

/// Decodes a configuration that arrived before `triggerType` (only reached through plain serde;
/// [`TriggerDefinition::from_slice`] reorders first).
fn convert(t: &TriggerType, raw: AnyValue) -> Result<(Option<TriggerConfig>, ConfigForm), String> {
    if !t.is_known() {
        return Ok(match raw {
            raw if raw.is_null() => (None, ConfigForm::Object),
            raw => (Some(TriggerConfig::Other(raw)), ConfigForm::Object),
        });
    }
    match raw.into_shallow() {
        AnyValue::Null => Ok((None, ConfigForm::Object)),
        AnyValue::String(s) => {
            let c = from_json_str(t, &s)?;
            Ok((Some(c), ConfigForm::String(s)))
        }
        other => {
            let bytes = serde_json::to_vec(&other).map_err(|e| e.to_string())?;
            let c = from_json_text(t, &bytes, "in triggerConfig")?;
            Ok((Some(c), ConfigForm::Object))
        }
    }
}

impl Validate for TriggerDefinition {
    fn validate(&self, v: &mut Validator) {
        if !is_name(&self.trigger_name) {
            v.fault_at(
                "triggerName",
                code::FORMAT,
                format!(
                    "expected 1–128 letters, digits, _ or -, not starting with a digit or -, found {:?}",
                    quote(&self.trigger_name)
                ),
            );
        }
        v.one_of(
            "triggerType",
            self.trigger_type.as_str(),
            TriggerType::KNOWN,
        );
        let expected = self.trigger_type.source_service();
        match (&self.source_arn, expected) {
            (None, Some(service)) => v.fault_at(
                "sourceArn",
                code::REQUIRED,
                format!(
                    "expected the source ARN of the {} trigger (acs:{service}:…), found none",
                    self.trigger_type
                ),
            ),
            (None, None) => {}
            (Some(s), expected) => match SourceArn::parse(s) {
                Err(e) => v.fault_at("sourceArn", code::FORMAT, e.0),
                Ok(arn) => {
                    if let Some(service) = expected.filter(|e| *e != arn.service()) {
                        v.fault_at(
                            "sourceArn",
                            code::CONSISTENCY,
                            format!(
                                "triggerType {} expects an acs:{service}: source ARN, found an acs:{}: one ({s:?})",
                                self.trigger_type,
                                arn.service(), s = quote(s)),
                        );
                    }
                }
            },
        }
        if let Some(role) = &self.invocation_role {
            if let Err(e) = check_role(role) {
                v.fault_at("invocationRole", code::FORMAT, e.0);
            }
        }
        if let Some(Err(e)) = self.qualifier() {
            let digits = self
                .qualifier
                .as_deref()
                .is_some_and(|q| !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()));
            v.fault_at(
                "qualifier",
                if digits { code::RANGE } else { code::FORMAT },
                e,
            );
        }
        match &self.trigger_config {
            None => {
                if self.trigger_type.is_known() {
                    v.fault_at(
                        "triggerConfig",
                        code::REQUIRED,
                        format!(
                            "expected the {} trigger's configuration, found none",
                            self.trigger_type
                        ),
                    );
                }
            }
            Some(config) => {
                if let Some(t) = config.trigger_type().filter(|t| *t != self.trigger_type) {
                    v.fault_at(
                        "triggerConfig",
                        code::CONSISTENCY,
                        format!(
                            "triggerType is {} but triggerConfig is a {t} configuration",
                            self.trigger_type
                        ),
                    );
                    return;
                }
                match &self.config_form {
                    ConfigForm::Object => v.at("triggerConfig", |v| config.validate_inner(v)),
                    ConfigForm::String(_) => {
                        let mut inner = Validator::new();
                        config.validate_inner(&mut inner);
                        for f in inner.into_faults() {
                            v.fault_at(
                                "triggerConfig",
                                f.code,
                                format!(
                                    "{} (in the triggerConfig string, at {})",
                                    f.message, f.pointer
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for TriggerDefinition {
    fn schema_name() -> Cow<'static, str> {
        "TriggerDefinition".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let trigger_type = g.subschema_for::<TriggerType>();
        let branches: Vec<serde_json::Value> = config_schemas(g)
            .into_iter()
            .map(|(t, schema)| {
                serde_json::json!({
                    "if": {
                        "properties": { "triggerType": { "const": t } },
                        "required": ["triggerType"],
                    },
                    "then": {
                        "properties": {
                            "triggerConfig": {
                                "anyOf": [
                                    schema,
                                    { "type": "string", "description": "The same configuration as a JSON string (FC 3.0 OpenAPI)." },
                                ],
                            },
                        },
                    },
                })
            })
            .collect();
        schemars::json_schema!({
            "type": "object",
            "description": "A Function Compute trigger definition. triggerConfig depends on triggerType; unknown members are allowed.",
            "required": ["triggerName", "triggerType"],
            "properties": {
                "triggerName": {
                    "type": "string",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_-]{0,127}$",
                },
                "triggerType": trigger_type,
                "description": { "type": "string" },
                "qualifier": {
                    "type": "string",
                    "description": "LATEST, a version number or an alias.",
                    "examples": ["LATEST", "1", "prod"],
                },
                "sourceArn": {
                    "type": "string",
                    "pattern": "^acs:",
                    "examples": [
                        "acs:oss:cn-hangzhou:123456789:my-bucket",
                        "acs:log:cn-hangzhou:123456789:project/my-project",
                        "acs:mns:cn-hangzhou:123456789:/topics/my-topic",
                        "acs:ots:cn-hangzhou:123456789:instance/my-instance/table/my-table",
                        "acs:cdn:*:123456789",
                    ],
                },
                "invocationRole": {
                    "type": "string",
                    "pattern": "^acs:ram::[^:]+:role/.+$",
                },
                "triggerConfig": { "type": ["object", "string"] },
            },
            "allOf": branches,
        })
    }
}
