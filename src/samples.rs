//! One representative valid payload per kind, for local handler testing (`fc-events sample KIND`) and
//! as the example in each kind's JSON Schema.

use crate::kind::TriggerKind;

macro_rules! samples {
    ($( $feature:literal, $kind:ident => $file:literal, )*) => {
        /// A representative valid payload of `kind`, in its wire form (JSON, CBOR or raw text), or
        /// `None` when the kind is not compiled in.
        pub fn sample(kind: TriggerKind) -> Option<&'static [u8]> {
            match kind {
                $(
                    #[cfg(feature = $feature)]
                    TriggerKind::$kind => Some(include_bytes!(concat!("samples/", $file))),
                )*
                #[allow(unreachable_patterns)]
                _ => None,
            }
        }
    };
}

samples! {
    "oss", Oss => "oss.json",
    "mns-topic", MnsTopic => "mns-topic.json",
    "sls", Sls => "sls.json",
    "cdn", Cdn => "cdn.json",
    "timer", Timer => "timer.json",
    "apigw", ApigwRequest => "apigw-request.json",
    "apigw", ApigwResponse => "apigw-response.json",
    "http", HttpRequest => "http-request.json",
    "http", HttpResponse => "http-response.json",
    "system-event", SystemEvent => "system-event.json",
    "iot", Iot => "iot.json",
    "mns-queue", MnsQueue => "mns-queue.json",
    "rocketmq", Rocketmq => "rocketmq.json",
    "rabbitmq", Rabbitmq => "rabbitmq.json",
    "kafka", Kafka => "kafka.json",
    "dts", Dts => "dts.json",
    "mqtt", Mqtt => "mqtt.json",
    "eventbridge", Eventbridge => "eventbridge.json",
    "tablestore", Tablestore => "tablestore.cbor",
}
