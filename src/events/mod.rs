//! One module per trigger kind: its typed payload, how it decodes and validates, and its quirks
//! (each module's doc comment). The modules never import each other, except where one embeds
//! another's type (EventBridge `acs.oss` data is an OSS record, `acs.ecs` data a system event).
//!
//! Shared by several kinds, and imported only from here downwards:
//! * [`cloudevent`], [`batch`], [`envelope`]: the CloudEvents envelope of the EventBridge-delivered
//!   kinds, one-or-many batches, and turning records into a handler's own types;
//! * `http_common`: bodies, limits and the response type shared by API Gateway and HTTP triggers.

#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub mod batch;
#[cfg(feature = "cloudevents")]
pub mod cloudevent;
#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub mod envelope;
#[cfg(any(feature = "apigw", feature = "http"))]
mod http_common;

#[cfg(feature = "apigw")]
pub mod apigw;
#[cfg(feature = "cdn")]
pub mod cdn;
#[cfg(feature = "datahub")]
pub mod datahub;
#[cfg(feature = "fc-destination")]
pub mod destination;
#[cfg(feature = "dts")]
pub mod dts;
#[cfg(feature = "eventbridge")]
pub mod eventbridge;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "iot")]
pub mod iot;
#[cfg(feature = "kafka")]
pub mod kafka;
#[cfg(feature = "mns-queue")]
pub mod mns_queue;
#[cfg(feature = "mns-topic")]
pub mod mns_topic;
#[cfg(feature = "mqtt")]
pub mod mqtt;
#[cfg(feature = "oss")]
pub mod oss;
#[cfg(feature = "rabbitmq")]
pub mod rabbitmq;
#[cfg(feature = "rocketmq")]
pub mod rocketmq;
#[cfg(feature = "sls")]
pub mod sls;
#[cfg(feature = "system-event")]
pub mod system_event;
#[cfg(feature = "tablestore")]
pub mod tablestore;
#[cfg(feature = "timer")]
pub mod timer;
