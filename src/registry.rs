//! The one list of trigger kinds. Every per-kind table in the crate is generated from it:
//! [`TriggerKind`](crate::TriggerKind) (names, descriptions, order), [`Event`](crate::Event) (its
//! variants, `from_slice_as`, the per-kind schema lookup that [`schema`](crate::schema) uses for the
//! schema files) and [`samples`](crate::samples).
//!
//! A row is `Variant = "name", feature "cargo-feature", events::module::Type, sample "file", "one-line
//! description";`. The order is the stable order of [`TriggerKind::ALL`](crate::TriggerKind::ALL).
//! Adding a kind: see "Adding a kind" in ARCHITECTURE.md.

/// Calls `$callback! { rows }` with every row of the kind list. The callback picks the columns it
/// needs; this module imports nothing, so every layer may use it.
macro_rules! for_each_kind {
    ($callback:ident) => {
        $callback! {
            Oss = "oss", feature "oss", events::oss::OssEvent, sample "oss.json",
                "OSS object notifications ({\"events\": [...]})";
            MnsTopic = "mns-topic", feature "mns-topic", events::mns_topic::MnsTopicEvent, sample "mns-topic.json",
                "MNS topic push messages: STREAM raw body or {body, attrs}, or JSON format";
            Sls = "sls", feature "sls", events::sls::SlsEvent, sample "sls.json",
                "Log Service (SLS) cursor jobs";
            Tablestore = "tablestore", feature "tablestore", events::tablestore::TablestoreEvent, sample "tablestore.cbor",
                "Tablestore stream records (CBOR on the wire, JSON in the console)";
            Cdn = "cdn", feature "cdn", events::cdn::CdnEvent, sample "cdn.json",
                "CDN events (log files, refresh/push/block tasks, domain changes)";
            Timer = "timer", feature "timer", events::timer::TimerEvent, sample "timer.json",
                "Timer (cron) trigger invocations";
            ApigwRequest = "apigw-request", feature "apigw", events::apigw::ApigwRequest, sample "apigw-request.json",
                "API Gateway request event";
            ApigwResponse = "apigw-response", feature "apigw", events::apigw::ApigwResponse, sample "apigw-response.json",
                "API Gateway response a function returns";
            HttpRequest = "http-request", feature "http", events::http::HttpRequest, sample "http-request.json",
                "HTTP trigger request event (FC 3.0, version v1)";
            HttpResponse = "http-response", feature "http", events::http::HttpResponse, sample "http-response.json",
                "HTTP trigger response a function returns";
            SystemEvent = "system-event", feature "system-event", events::system_event::SystemEvent, sample "system-event.json",
                "CloudMonitor / ECS system events";
            Iot = "iot", feature "iot", events::iot::IotEvent, sample "iot.json",
                "IoT Platform rule-engine output (any JSON; chosen explicitly, never detected)";
            MnsQueue = "mns-queue", feature "mns-queue", events::mns_queue::MnsQueueEvent, sample "mns-queue.json",
                "MNS queue messages via EventBridge (CloudEvents, single or batch)";
            Rocketmq = "rocketmq", feature "rocketmq", events::rocketmq::RocketmqEvent, sample "rocketmq.json",
                "RocketMQ messages via EventBridge, or self-hosted Apache RocketMQ batches";
            Rabbitmq = "rabbitmq", feature "rabbitmq", events::rabbitmq::RabbitmqEvent, sample "rabbitmq.json",
                "RabbitMQ messages via EventBridge (CloudEvents)";
            Kafka = "kafka", feature "kafka", events::kafka::KafkaEvent, sample "kafka.json",
                "Kafka messages via EventBridge (CloudEvents, objects or JSON strings)";
            Dts = "dts", feature "dts", events::dts::DtsEvent, sample "dts.json",
                "DTS change records via EventBridge (CloudEvents)";
            Mqtt = "mqtt", feature "mqtt", events::mqtt::MqttEvent, sample "mqtt.json",
                "Micro Message Queue for IoT (MQTT) message batches";
            Eventbridge = "eventbridge", feature "eventbridge", events::eventbridge::EventbridgeEvent, sample "eventbridge.json",
                "Custom and Alibaba service events via EventBridge (CloudEvents)";
            Datahub = "datahub", feature "datahub", events::datahub::DatahubEvent, sample "datahub.json",
                "DataHub topic records via a Function Compute connector";
            FcDestination = "fc-destination", feature "fc-destination", events::destination::DestinationRecord, sample "fc-destination.json",
                "Asynchronous-invocation destination records (what FC sends to a destination function)";
        }
    };
}

pub(crate) use for_each_kind;
