//! The trigger kinds and their stable names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! kinds {
    ($( $(#[$m:meta])* $variant:ident = $name:literal, $desc:literal; )*) => {
        /// Which trigger produced a payload. The kebab-case names are stable: the CLI, the schema file
        /// names (`schemas/<name>.schema.json`) and serialized reports use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum TriggerKind {
            $( $(#[$m])* #[doc = concat!("`", $name, "`: ", $desc)] $variant, )*
        }

        impl TriggerKind {
            /// Every kind, in a stable order.
            pub const ALL: &'static [TriggerKind] = &[$(TriggerKind::$variant),*];

            /// The stable kebab-case name.
            pub const fn name(self) -> &'static str {
                match self { $( TriggerKind::$variant => $name, )* }
            }

            /// A one-line description.
            pub const fn description(self) -> &'static str {
                match self { $( TriggerKind::$variant => $desc, )* }
            }
        }

        impl FromStr for TriggerKind {
            type Err = UnknownKind;
            fn from_str(s: &str) -> Result<Self, UnknownKind> {
                match s {
                    $( $name => Ok(TriggerKind::$variant), )*
                    _ => Err(UnknownKind(s.to_owned())),
                }
            }
        }
    };
}

kinds! {
    Oss = "oss", "OSS object notifications ({\"events\": [...]})";
    MnsTopic = "mns-topic", "MNS topic push messages: STREAM raw body or {body, attrs}, or JSON format";
    Sls = "sls", "Log Service (SLS) cursor jobs";
    Tablestore = "tablestore", "Tablestore stream records (CBOR on the wire, JSON in the console)";
    Cdn = "cdn", "CDN events (log files, refresh/push/block tasks, domain changes)";
    Timer = "timer", "Timer (cron) trigger invocations";
    ApigwRequest = "apigw-request", "API Gateway request event";
    ApigwResponse = "apigw-response", "API Gateway response a function returns";
    HttpRequest = "http-request", "HTTP trigger request event (FC 3.0, version v1)";
    HttpResponse = "http-response", "HTTP trigger response a function returns";
    SystemEvent = "system-event", "CloudMonitor / ECS system events";
    Iot = "iot", "IoT Platform rule-engine output (any JSON; chosen explicitly, never detected)";
    MnsQueue = "mns-queue", "MNS queue messages via EventBridge (CloudEvents, single or batch)";
    Rocketmq = "rocketmq", "RocketMQ messages via EventBridge, or self-hosted Apache RocketMQ batches";
    Rabbitmq = "rabbitmq", "RabbitMQ messages via EventBridge (CloudEvents)";
    Kafka = "kafka", "Kafka messages via EventBridge (CloudEvents, objects or JSON strings)";
    Dts = "dts", "DTS change records via EventBridge (CloudEvents)";
    Mqtt = "mqtt", "Micro Message Queue for IoT (MQTT) message batches";
    Eventbridge = "eventbridge", "Custom and Alibaba service events via EventBridge (CloudEvents)";
}

impl fmt::Display for TriggerKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for TriggerKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TriggerKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A name that is not one of the [`TriggerKind`] names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown trigger kind `{name}` (expected one of: {known})", name = .0, known = TriggerKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "))]
pub struct UnknownKind(pub String);
