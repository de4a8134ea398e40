//! Test events without struct literals: every `sample()`, constructor and builder output validates
//! clean, survives a byte-exact round trip, is detected as its kind, and shows a varied field at its
//! JSON Pointer.

use std::fmt::Debug;

use fc_events::apigw::{ApigwRequest, ApigwResponse};
use fc_events::cdn::{CdnEvent, CdnRecord};
use fc_events::datahub::{DatahubEvent, DatahubRecord};
use fc_events::destination::{DestinationCondition, DestinationRecord};
use fc_events::detect::detect;
use fc_events::dts::{DtsCloudEvent, DtsData, DtsEvent, DtsOperationType};
use fc_events::eventbridge::{EventbridgeCloudEvent, EventbridgeEvent};
use fc_events::http::{HttpRequest, HttpRequestContext, HttpResponse};
use fc_events::iot::IotEvent;
use fc_events::kafka::{KafkaCloudEvent, KafkaData, KafkaEvent, KafkaRecord};
use fc_events::mns_queue::{MnsQueueCloudEvent, MnsQueueData, MnsQueueEvent};
use fc_events::mns_topic::{MnsTopicEvent, MnsTopicMessage};
use fc_events::mqtt::{MqttEvent, MqttMessage};
use fc_events::oss::{OssEvent, OssEventName, OssRecord};
use fc_events::rabbitmq::{RabbitmqCloudEvent, RabbitmqData, RabbitmqEvent};
use fc_events::rocketmq::{
    RocketmqApacheMessage, RocketmqCloudEvent, RocketmqData, RocketmqEvent, RocketmqMessage,
};
use fc_events::sls::{SlsEvent, SlsSource};
use fc_events::system_event::{
    SystemEvent, SystemEventContent, SystemEventContentValue, SystemEventStatus, SystemEventType,
};
use fc_events::tablestore::{TablestoreEvent, TablestoreRecord};
use fc_events::timer::TimerEvent;
use fc_events::{Event, JsonText, Payload, TriggerKind};
use serde_json::{json, Value};

/// Checks one built payload: no validation fault; encoded bytes decode to an equal value that
/// re-encodes to the same bytes; the bytes are detected as `detected` (`None`: never detected) and
/// decode through `Event` as the type's kind. Returns the encoded bytes.
fn check<P: Payload + PartialEq + Debug>(
    what: &str,
    p: &P,
    detected: Option<TriggerKind>,
) -> Vec<u8> {
    let faults = fc_events::validate::validate(p);
    assert!(faults.is_empty(), "{what}: faults {faults:#?}");
    let bytes = p.encode().unwrap_or_else(|e| panic!("{what}: encode: {e}"));
    let back = P::decode(&bytes).unwrap_or_else(|e| panic!("{what}: decode: {e}"));
    assert_eq!(&back, p, "{what}: decoded value");
    let again = back.encode().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&bytes),
        "{what}: re-encoded bytes"
    );
    match detected {
        Some(kind) => assert_eq!(detect(&bytes).ok(), Some(kind), "{what}: detected kind"),
        None => assert!(detect(&bytes).is_err(), "{what}: must not be detected"),
    }
    let event = Event::from_slice_as(P::KIND, &bytes).unwrap();
    assert_eq!(event.kind(), P::KIND, "{what}: Event kind");
    assert_eq!(event.to_vec().unwrap(), bytes, "{what}: Event bytes");
    bytes
}

/// Checks a payload with its kind detected as itself.
fn check_kind<P: Payload + PartialEq + Debug>(what: &str, p: &P) -> Vec<u8> {
    check(what, p, Some(P::KIND))
}

/// The JSON rendering of `p` at `pointer`.
fn at<P: Payload>(p: &P, pointer: &str) -> Value {
    let json: Value = serde_json::from_slice(&p.to_json_vec().unwrap()).unwrap();
    json.pointer(pointer)
        .cloned()
        .unwrap_or_else(|| panic!("nothing at {pointer} in {json}"))
}

/// `sample()` varied by `vary` (which must change the value at `pointer` to `expected`): the
/// sample holds another value there, the varied payload holds `expected` and passes [`check`].
fn varies<P: Payload + PartialEq + Debug>(
    what: &str,
    sample: P,
    vary: impl FnOnce(&mut P),
    pointer: &str,
    expected: Value,
) {
    assert_ne!(
        at(&sample, pointer),
        expected,
        "{what}: the sample already holds it"
    );
    let mut p = sample;
    vary(&mut p);
    assert_eq!(at(&p, pointer), expected, "{what}: {pointer}");
    check_kind(what, &p);
}

/// The sample's JSON equals the bundled wire sample's, value for value.
fn equals_bundled<P: Payload>(p: &P) {
    let bundled = fc_events::samples::sample(P::KIND).unwrap();
    let built: Value = serde_json::from_slice(&p.to_json_vec().unwrap()).unwrap();
    let wire: Value = if P::KIND == TriggerKind::Tablestore {
        serde_json::from_slice(
            &TablestoreEvent::from_slice(bundled)
                .unwrap()
                .to_json_vec()
                .unwrap(),
        )
        .unwrap()
    } else {
        serde_json::from_slice(bundled).unwrap()
    };
    assert_eq!(built, wire, "{}: sample() and samples::sample", P::KIND);
}

#[test]
fn oss() {
    let sample = OssEvent::sample();
    equals_bundled(&sample);
    check_kind("OssEvent::sample", &sample);
    let built = OssEvent::new([
        OssRecord::new(OssEventName::PutObject, "photos", "2024/cat.jpg"),
        OssRecord::new(OssEventName::DeleteObject, "photos", "old.jpg"),
    ]);
    let bytes = check_kind("OssEvent::new", &built);
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["events"][1]["eventName"], "ObjectRemoved:DeleteObject");
    assert_eq!(json["events"][0]["oss"]["bucket"]["name"], "photos");
    assert_eq!(
        json["events"][0]["oss"]["bucket"]["arn"],
        "acs:oss:cn-hangzhou:164901546557****:photos"
    );
    assert_eq!(
        OssEvent::new([OssRecord::sample()]),
        sample,
        "OssRecord::sample is the sample's record"
    );
    varies(
        "oss key",
        OssEvent::sample(),
        |e| e.events[0].oss.object.key = "a.txt".into(),
        "/events/0/oss/object/key",
        json!("a.txt"),
    );
    varies(
        "oss size",
        OssEvent::sample(),
        |e| e.events[0].oss.object.size = 1 << 40,
        "/events/0/oss/object/size",
        json!(1_u64 << 40),
    );
    varies(
        "oss time",
        OssEvent::sample(),
        |e| e.events[0].event_time = "2024-01-01T00:00:00Z".into(),
        "/events/0/eventTime",
        json!("2024-01-01T00:00:00Z"),
    );
}

#[test]
fn timer() {
    let sample = TimerEvent::sample();
    equals_bundled(&sample);
    check_kind("TimerEvent::sample", &sample);
    let built = TimerEvent::new("nightly", r#"{"mode":"full"}"#);
    check_kind("TimerEvent::new", &built);
    assert_eq!(at(&built, "/triggerName"), json!("nightly"));
    assert_eq!(at(&built, "/payload"), json!(r#"{"mode":"full"}"#));
    assert_eq!(at(&built, "/triggerTime"), json!("2023-12-26T07:49:00Z"));
    varies(
        "timer name",
        TimerEvent::sample(),
        |e| e.trigger_name = "t".into(),
        "/triggerName",
        json!("t"),
    );
    varies(
        "timer time",
        TimerEvent::sample(),
        |e| e.trigger_time = "2024-02-29T23:59:59+08:00".into(),
        "/triggerTime",
        json!("2024-02-29T23:59:59+08:00"),
    );
}

#[test]
fn sls() {
    let sample = SlsEvent::sample();
    equals_bundled(&sample);
    check_kind("SlsEvent::sample", &sample);
    assert_eq!(SlsSource::sample(), sample.source);
    let built = SlsEvent::new("shop", "orders");
    check_kind("SlsEvent::new", &built);
    assert_eq!(at(&built, "/source/projectName"), json!("shop"));
    assert_eq!(at(&built, "/source/logstoreName"), json!("orders"));
    varies(
        "sls shard",
        SlsEvent::sample(),
        |e| e.source.shard_id = 3,
        "/source/shardId",
        json!(3),
    );
    varies(
        "sls parameter",
        SlsEvent::sample(),
        |e| e.parameter = JsonText::parse(r#"{"a":[1,2.50]}"#).unwrap(),
        "/parameter",
        json!({"a": [1, 2.5]}),
    );
}

#[test]
fn mns_topic() {
    let sample = MnsTopicEvent::sample();
    equals_bundled(&sample);
    check_kind("MnsTopicEvent::sample", &sample);
    assert_eq!(MnsTopicEvent::Json(MnsTopicMessage::sample()), sample);
    let stream = MnsTopicEvent::stream("order 42 shipped");
    assert_eq!(
        check_kind("MnsTopicEvent::stream", &stream),
        b"order 42 shipped"
    );
    let built = MnsTopicEvent::json("orders", "order 42 shipped");
    check_kind("MnsTopicEvent::json", &built);
    assert_eq!(at(&built, "/TopicName"), json!("orders"));
    assert_eq!(at(&built, "/Message"), json!("order 42 shipped"));
    let attrs = MnsTopicEvent::stream_with_attributes("hi", r#"{"tenant":"a"}"#);
    check_kind("MnsTopicEvent::stream_with_attributes", &attrs);
    assert_eq!(at(&attrs, "/attrs/Extend"), json!(r#"{"tenant":"a"}"#));
    assert_eq!(
        MnsTopicEvent::Json(MnsTopicMessage::new("orders", "order 42 shipped")),
        built
    );
    varies(
        "mns-topic id",
        MnsTopicEvent::sample(),
        |e| {
            if let MnsTopicEvent::Json(m) = e {
                m.message_id = "MSG-1".into();
            }
        },
        "/MessageId",
        json!("MSG-1"),
    );
}

#[test]
fn cdn() {
    let sample = CdnEvent::sample();
    equals_bundled(&sample);
    check_kind("CdnEvent::sample", &sample);
    assert_eq!(CdnEvent::new([CdnRecord::sample()]), sample);
    let built = CdnEvent::new([CdnRecord::log_file_created(
        "img.example.com",
        "https://logs/a.gz",
    )]);
    check_kind("CdnRecord::log_file_created", &built);
    assert_eq!(
        at(&built, "/events/0/resource/domain"),
        json!("img.example.com")
    );
    assert_eq!(
        at(&built, "/events/0/eventParameter/domain"),
        json!("img.example.com")
    );
    assert_eq!(
        at(&built, "/events/0/eventParameter/filePath"),
        json!("https://logs/a.gz")
    );
    varies(
        "cdn region",
        CdnEvent::sample(),
        |e| e.events[0].region = "cn-shanghai".into(),
        "/events/0/region",
        json!("cn-shanghai"),
    );
}

#[test]
fn apigw() {
    let sample = ApigwRequest::sample();
    equals_bundled(&sample);
    check_kind("ApigwRequest::sample", &sample);
    let built = ApigwRequest::new("PUT", "/orders/7")
        .with_path_parameter("id", "7")
        .with_query("verbose", "1")
        .with_header("accept", "application/json")
        .with_json_body(&json!({"quantity": 3}))
        .unwrap();
    check_kind("ApigwRequest::new", &built);
    assert_eq!(at(&built, "/httpMethod"), json!("PUT"));
    assert_eq!(at(&built, "/pathParameters/id"), json!("7"));
    assert_eq!(at(&built, "/queryParameters/verbose"), json!("1"));
    assert_eq!(at(&built, "/headers/accept"), json!("application/json"));
    assert_eq!(
        at(&built, "/headers/Content-Type"),
        json!("application/json")
    );
    assert_eq!(at(&built, "/body"), json!(r#"{"quantity":3}"#));
    assert_eq!(at(&built, "/isBase64Encoded"), json!(false));
    let binary = ApigwRequest::new("POST", "/blobs").with_binary_body([0u8, 1, 255]);
    check_kind("ApigwRequest::with_binary_body", &binary);
    assert_eq!(at(&binary, "/body"), json!("AAH/"));
    assert_eq!(at(&binary, "/isBase64Encoded"), json!(true));
    let text = binary.with_body("plain");
    assert_eq!(at(&text, "/isBase64Encoded"), json!(false));
    varies(
        "apigw path",
        ApigwRequest::sample(),
        |r| r.path = "/orders/7".into(),
        "/path",
        json!("/orders/7"),
    );

    // The response has the HTTP response's shape, so it is detected as that (documented).
    let response = ApigwResponse::sample();
    equals_bundled(&response);
    check(
        "ApigwResponse::sample",
        &response,
        Some(TriggerKind::HttpResponse),
    );
}

#[test]
fn http() {
    let sample = HttpRequest::sample();
    equals_bundled(&sample);
    check_kind("HttpRequest::sample", &sample);
    assert_eq!(HttpRequestContext::sample(), sample.request_context);
    let built = HttpRequest::new("POST", "/orders/new item")
        .with_header("X-Tenant", "acme")
        .with_query("dryRun", "true")
        .with_json_body(&json!({"quantity": 2}))
        .unwrap();
    check_kind("HttpRequest::new", &built);
    assert_eq!(at(&built, "/rawPath"), json!("/orders/new%20item"));
    assert_eq!(
        at(&built, "/requestContext/http/path"),
        json!("/orders/new item")
    );
    assert_eq!(at(&built, "/requestContext/http/method"), json!("POST"));
    assert_eq!(at(&built, "/headers/X-Tenant"), json!("acme"));
    assert_eq!(
        at(&built, "/headers/Content-Type"),
        json!("application/json")
    );
    assert_eq!(at(&built, "/queryParameters/dryRun"), json!("true"));
    assert_eq!(at(&built, "/body"), json!(r#"{"quantity":2}"#));
    let binary = HttpRequest::new("PUT", "/b").with_binary_body(b"\x00\xff");
    check_kind("HttpRequest::with_binary_body", &binary);
    assert_eq!(at(&binary, "/body"), json!("AP8="));
    assert_eq!(at(&binary, "/isBase64Encoded"), json!(true));
    varies(
        "http source ip",
        HttpRequest::sample(),
        |r| r.request_context.http.source_ip = "10.0.0.1".into(),
        "/requestContext/http/sourceIp",
        json!("10.0.0.1"),
    );

    let response = HttpResponse::sample();
    equals_bundled(&response);
    check_kind("HttpResponse::sample", &response);
}

#[test]
fn system_event() {
    let sample = SystemEvent::sample();
    equals_bundled(&sample);
    check_kind("SystemEvent::sample", &sample);
    assert_eq!(
        SystemEventContentValue::from(SystemEventContent::sample()),
        sample.content
    );
    let built = SystemEvent::ecs(
        SystemEventType::SystemFailureReboot,
        SystemEventStatus::Executing,
        "i-abc",
    );
    check_kind("SystemEvent::ecs", &built);
    assert_eq!(
        at(&built, "/name"),
        json!("Instance:SystemFailure.Reboot:Executing")
    );
    assert_eq!(at(&built, "/status"), json!("Executing"));
    assert_eq!(
        at(&built, "/content/eventType"),
        json!("SystemFailure.Reboot")
    );
    assert_eq!(at(&built, "/content/ecsInstanceId"), json!("i-abc"));
    assert_eq!(
        at(&built, "/resourceId"),
        json!("acs:ecs:cn-hangzhou:12345678:instance/i-abc")
    );
    varies(
        "system-event level",
        SystemEvent::sample(),
        |e| e.level = fc_events::system_event::SystemEventLevel::Warn,
        "/level",
        json!("WARN"),
    );
}

#[test]
fn iot() {
    // IoT payloads are any JSON: never detected, always chosen explicitly.
    let sample = IotEvent::sample();
    equals_bundled(&sample);
    check("IotEvent::sample", &sample, None);
    let built = IotEvent::json(&json!({"device": "sensor-2", "celsius": 19.25})).unwrap();
    check("IotEvent::json", &built, None);
    assert_eq!(at(&built, "/celsius"), json!(19.25));
}

#[test]
fn tablestore() {
    let sample = TablestoreEvent::sample();
    equals_bundled(&sample);
    check_kind("TablestoreEvent::sample", &sample);
    assert_eq!(TablestoreRecord::sample(), sample.records[0]);
    let mut varied = TablestoreEvent::sample();
    varied.records.truncate(1);
    varied.records[0].info.timestamp.0 = 1_704_067_200_000_000;
    assert_eq!(
        at(&varied, "/Records/0/Info/Timestamp"),
        json!(1_704_067_200_000_000_i64)
    );
    check_kind("TablestoreEvent varied", &varied);
}

#[test]
fn mns_queue() {
    let sample = MnsQueueEvent::sample();
    equals_bundled(&sample);
    check_kind("MnsQueueEvent::sample", &sample);
    assert_eq!(MnsQueueCloudEvent::sample(), sample.as_slice()[0]);
    assert_eq!(
        MnsQueueData::sample(),
        sample.as_slice()[0].data.clone().into_typed().unwrap()
    );
    let built = MnsQueueEvent::new([MnsQueueData::new("order 1"), MnsQueueData::new("order 2")]);
    check_kind("MnsQueueEvent::new", &built);
    assert_eq!(at(&built, "/1/data/messageBody"), json!("order 2"));
    assert_eq!(
        at(&built, "/0/id"),
        json!("00000000-0000-4000-8000-000000000001")
    );
    assert_eq!(
        at(&built, "/1/id"),
        json!("00000000-0000-4000-8000-000000000002")
    );
    let one = MnsQueueEvent::from(MnsQueueCloudEvent::from_data(MnsQueueData::new("x")));
    check_kind("MnsQueueCloudEvent::from_data", &one);
    assert_eq!(at(&one, "/data/messageBody"), json!("x"));
    varies(
        "mns-queue body",
        MnsQueueEvent::sample(),
        |b| b.as_mut_slice()[1].data.typed_mut().unwrap().message_body = "second".into(),
        "/1/data/messageBody",
        json!("second"),
    );
}

#[test]
fn rocketmq() {
    let sample = RocketmqEvent::sample();
    equals_bundled(&sample);
    check_kind("RocketmqEvent::sample", &sample);
    assert_eq!(RocketmqMessage::sample(), sample.as_slice()[0]);
    assert_eq!(
        RocketmqMessage::CloudEvent(RocketmqCloudEvent::sample()),
        sample.as_slice()[0]
    );
    assert_eq!(RocketmqData::sample().body, "TEST");
    let built = RocketmqEvent::new([RocketmqData::new("orders", "order 1")]);
    check_kind("RocketmqEvent::new", &built);
    assert_eq!(at(&built, "/0/data/topic"), json!("orders"));
    assert_eq!(at(&built, "/0/data/body"), json!("order 1"));
    let one = RocketmqEvent::from(RocketmqMessage::CloudEvent(RocketmqCloudEvent::from_data(
        RocketmqData::new("t", "b"),
    )));
    check_kind("RocketmqCloudEvent::from_data", &one);
    let apache = RocketmqEvent::from(vec![
        RocketmqMessage::Apache(RocketmqApacheMessage::sample()),
        RocketmqMessage::Apache(RocketmqApacheMessage::new("orders", "hello")),
    ]);
    check_kind("RocketmqApacheMessage::new", &apache);
    assert_eq!(at(&apache, "/1/topic"), json!("orders"));
    assert_eq!(at(&apache, "/1/body"), json!("hello"));
    assert_eq!(
        at(&apache, "/0/msgId"),
        json!("7F0000010BDD2A84AEE70DA49B570001")
    );
    varies(
        "rocketmq tags",
        RocketmqEvent::sample(),
        |b| {
            if let RocketmqMessage::CloudEvent(e) = &mut b.as_mut_slice()[0] {
                e.data.typed_mut().unwrap().system_properties.tags = Some("express".into());
            }
        },
        "/0/data/systemProperties/TAGS",
        json!("express"),
    );
}

#[test]
fn rabbitmq() {
    let sample = RabbitmqEvent::sample();
    equals_bundled(&sample);
    check_kind("RabbitmqEvent::sample", &sample);
    assert_eq!(RabbitmqCloudEvent::sample(), sample.as_slice()[0]);
    assert_eq!(
        RabbitmqData::sample(),
        sample.as_slice()[0].data.clone().into_typed().unwrap()
    );
    let built = RabbitmqEvent::new([RabbitmqData::new("jobs", "run \"now\"")]);
    check_kind("RabbitmqEvent::new", &built);
    assert_eq!(at(&built, "/0/data/body"), json!("run \"now\""));
    assert_eq!(at(&built, "/0/data/envelope/routingKey"), json!("jobs"));
    let one = RabbitmqEvent::from(RabbitmqCloudEvent::from_data(RabbitmqData::new("k", "b")));
    check_kind("RabbitmqCloudEvent::from_data", &one);
    varies(
        "rabbitmq body",
        RabbitmqEvent::sample(),
        |b| {
            b.as_mut_slice()[0].data.typed_mut().unwrap().body =
                JsonText::parse(r#"{"n":1.50}"#).unwrap()
        },
        "/0/data/body",
        json!({"n": 1.5}),
    );
}

#[test]
fn kafka() {
    let sample = KafkaEvent::sample();
    equals_bundled(&sample);
    check_kind("KafkaEvent::sample", &sample);
    assert_eq!(KafkaRecord::sample(), sample.as_slice()[0]);
    assert_eq!(
        KafkaRecord::object(KafkaCloudEvent::sample()),
        sample.as_slice()[0]
    );
    assert_eq!(KafkaData::sample().partition, 7);
    let built = KafkaEvent::new([KafkaData::new("clicks", "a"), KafkaData::new("clicks", "b")]);
    check_kind("KafkaEvent::new", &built);
    assert_eq!(at(&built, "/1/data/value"), json!("b"));
    assert_eq!(at(&built, "/1/data/topic"), json!("clicks"));
    let one = KafkaEvent::from(KafkaRecord::object(KafkaCloudEvent::from_data(
        KafkaData::new("t", "v"),
    )));
    check_kind("KafkaCloudEvent::from_data", &one);
    varies(
        "kafka offset",
        KafkaEvent::sample(),
        |b| b.as_mut_slice()[0].data.typed_mut().unwrap().offset = 26,
        "/0/data/offset",
        json!(26),
    );
}

#[test]
fn dts() {
    let sample = DtsEvent::sample();
    equals_bundled(&sample);
    check_kind("DtsEvent::sample", &sample);
    assert_eq!(DtsCloudEvent::sample(), sample.as_slice()[0]);
    assert_eq!(
        DtsData::sample(),
        sample.as_slice()[0].data.clone().into_typed().unwrap()
    );
    let mut second = DtsData::sample();
    second.offset += 1;
    let built = DtsEvent::new([DtsData::sample(), second]);
    check_kind("DtsEvent::new", &built);
    assert_eq!(at(&built, "/1/data/offset"), json!(3_218_100));
    let one = DtsEvent::from(DtsCloudEvent::from_data(DtsData::sample()));
    check_kind("DtsCloudEvent::from_data", &one);
    varies(
        "dts operation",
        DtsEvent::sample(),
        |b| {
            let data = b.as_mut_slice()[0].data.typed_mut().unwrap();
            data.operation_type = DtsOperationType::Insert;
            data.before_image = None;
        },
        "/0/data/operationType",
        json!("INSERT"),
    );
}

#[test]
fn eventbridge() {
    let sample = EventbridgeEvent::sample();
    equals_bundled(&sample);
    check_kind("EventbridgeEvent::sample", &sample);
    assert_eq!(
        EventbridgeEvent::from(EventbridgeCloudEvent::sample()),
        sample
    );
    let custom = EventbridgeCloudEvent::custom("shop.orders", "order:Created", json!({"id": 1}));
    let oss =
        EventbridgeCloudEvent::oss(OssRecord::new(OssEventName::PutObject, "photos", "a.png"));
    let built = EventbridgeEvent::new([custom, oss.clone()]);
    check_kind("EventbridgeEvent::new", &built);
    assert_eq!(at(&built, "/0/source"), json!("shop.orders"));
    assert_eq!(at(&built, "/0/data/id"), json!(1));
    assert_eq!(at(&built, "/1/type"), json!("oss:ObjectCreated:PutObject"));
    assert_eq!(
        at(&built, "/1/subject"),
        json!("acs:oss:cn-hangzhou:164901546557****:photos/a.png")
    );
    assert_eq!(at(&built, "/1/data/oss/object/key"), json!("a.png"));
    check_kind("EventbridgeCloudEvent::oss", &EventbridgeEvent::from(oss));
    varies(
        "eventbridge subject",
        EventbridgeEvent::sample(),
        |e| e.as_mut_slice()[0].subject = Some("orders".into()),
        "/subject",
        json!("orders"),
    );
}

#[test]
fn mqtt() {
    let sample = MqttEvent::sample();
    equals_bundled(&sample);
    check_kind("MqttEvent::sample", &sample);
    assert_eq!(MqttEvent::new([MqttMessage::sample()]), sample);
    let built = MqttEvent::new([MqttMessage::new("devices", "/lamp-1", "on")]);
    check_kind("MqttEvent::new", &built);
    assert_eq!(at(&built, "/0/props/firstTopic"), json!("devices"));
    assert_eq!(at(&built, "/0/props/secondTopic"), json!("/lamp-1"));
    assert_eq!(at(&built, "/0/body"), json!("on"));
    varies(
        "mqtt body",
        MqttEvent::sample(),
        |b| b.as_mut_slice()[0].body = "off".into(),
        "/0/body",
        json!("off"),
    );
}

#[test]
fn datahub() {
    let sample = DatahubEvent::sample();
    equals_bundled(&sample);
    check_kind("DatahubEvent::sample", &sample);
    let built = DatahubEvent::new(
        "shop",
        "orders",
        [
            DatahubRecord::tuple("0", 1, [Some("1001"), None, Some("é \"q\"")]),
            DatahubRecord::new("3", 9_007_199_254_740_993, "aGVsbG8=").at(1_700_000_000_000),
        ],
    );
    check_kind("DatahubEvent::new", &built);
    assert_eq!(
        at(&built, "/eventSourceARN"),
        json!("/projects/shop/topics/orders")
    );
    assert_eq!(
        at(&built, "/records/0/data"),
        json!(r#"["1001",null,"é \"q\""]"#)
    );
    assert_eq!(
        built.records[0].columns().unwrap(),
        [Some("1001".to_owned()), None, Some("é \"q\"".to_owned())]
    );
    assert_eq!(
        at(&built, "/records/1/eventId"),
        json!("3:9007199254740993")
    );
    assert_eq!(
        at(&built, "/records/1/systemTime"),
        json!(1_700_000_000_000u64)
    );
    assert_eq!(
        at(&built, "/records/0/systemTime"),
        json!(1_463_000_123_000u64)
    );
    check_kind(
        "DatahubRecord::sample in a batch",
        &DatahubEvent::new("p", "t", [DatahubRecord::sample()]),
    );
    varies(
        "datahub region",
        DatahubEvent::sample(),
        |e| e.region = "cn-shanghai".into(),
        "/region",
        json!("cn-shanghai"),
    );
}

#[test]
fn fc_destination() {
    let sample = DestinationRecord::sample();
    equals_bundled(&sample);
    check_kind("DestinationRecord::sample", &sample);
    let arn = "acs:fc:cn-shanghai:1234:functions/my-func";
    let failed = DestinationRecord::new(
        arn,
        DestinationCondition::UnhandledInvocationError,
        r#"{"order":7}"#,
        r#"{"errorMessage":"boom"}"#,
    );
    check_kind("DestinationRecord::new (failure)", &failed);
    assert_eq!(at(&failed, "/requestContext/functionArn"), json!(arn));
    assert_eq!(
        at(&failed, "/responseContext/functionError"),
        json!("UnhandledInvocationError")
    );
    assert_eq!(at(&failed, "/timestamp"), json!("2020-08-20T12:00:00.000Z"));
    let stopped = DestinationRecord::new(arn, DestinationCondition::None, "{}", "");
    check_kind("DestinationRecord::new (no condition)", &stopped);
    assert_eq!(at(&stopped, "/requestContext/condition"), json!(""));
    assert_eq!(at(&stopped, "/responseContext/functionError"), json!(""));
    assert!(!stopped.is_failure());
    varies(
        "destination attempts",
        DestinationRecord::sample(),
        |r| r.request_context.approximate_invoke_count = 1,
        "/requestContext/approximateInvokeCount",
        json!(1),
    );
}

/// Every kind compiled in has a typed sample that validates, so none is left out above.
#[test]
fn every_kind_has_a_typed_sample() {
    for kind in TriggerKind::ALL {
        let bytes = fc_events::samples::sample(*kind).unwrap();
        let event = Event::from_slice_as(*kind, bytes).unwrap();
        let typed: Vec<u8> = match event {
            Event::Oss(_) => OssEvent::sample().encode(),
            Event::MnsTopic(_) => MnsTopicEvent::sample().encode(),
            Event::Sls(_) => SlsEvent::sample().encode(),
            Event::Cdn(_) => CdnEvent::sample().encode(),
            Event::Timer(_) => TimerEvent::sample().encode(),
            Event::ApigwRequest(_) => ApigwRequest::sample().encode(),
            Event::ApigwResponse(_) => ApigwResponse::sample().encode(),
            Event::HttpRequest(_) => HttpRequest::sample().encode(),
            Event::HttpResponse(_) => HttpResponse::sample().encode(),
            Event::SystemEvent(_) => SystemEvent::sample().encode(),
            Event::Iot(_) => IotEvent::sample().encode(),
            Event::MnsQueue(_) => MnsQueueEvent::sample().encode(),
            Event::Rocketmq(_) => RocketmqEvent::sample().encode(),
            Event::Rabbitmq(_) => RabbitmqEvent::sample().encode(),
            Event::Kafka(_) => KafkaEvent::sample().encode(),
            Event::Dts(_) => DtsEvent::sample().encode(),
            Event::Mqtt(_) => MqttEvent::sample().encode(),
            Event::Eventbridge(_) => EventbridgeEvent::sample().encode(),
            Event::Tablestore(_) => TablestoreEvent::sample().encode(),
            Event::Datahub(_) => DatahubEvent::sample().encode(),
            Event::FcDestination(_) => DestinationRecord::sample().encode(),
            _ => panic!("{kind}: no typed sample"),
        }
        .unwrap();
        assert_eq!(typed, event.to_vec().unwrap(), "{kind}");
    }
}

/// The smallest of three runs of `f`, in seconds.
fn fastest(mut f: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Complexity guard (not a timing test): building a batch of 100,000 records costs at most 50
/// times what linear growth from 1,000 records predicts.
#[test]
fn batches_build_in_linear_time() {
    let queue = |n: usize| {
        let datas = vec![MnsQueueData::sample(); n];
        move || assert_eq!(MnsQueueEvent::new(datas.clone()).len(), n)
    };
    let oss = |n: usize| {
        let records = vec![OssRecord::sample(); n];
        move || assert_eq!(OssEvent::new(records.clone()).events.len(), n)
    };
    let (small, large) = (1_000, 100_000);
    let bound = 50.0 * (large / small) as f64;
    let ratio = fastest(queue(large)) / fastest(queue(small));
    assert!(
        ratio < bound,
        "MnsQueueEvent::new: {ratio:.0}x for 100x the records"
    );
    let ratio = fastest(oss(large)) / fastest(oss(small));
    assert!(
        ratio < bound,
        "OssEvent::new: {ratio:.0}x for 100x the records"
    );
}
