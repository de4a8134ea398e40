//! RabbitMQ trigger: string or JSON bodies, handler envelope, malformed and invalid payloads.

mod common;

use fc_events::rabbitmq::RabbitmqEvent;
use fc_events::validate::{code, validate_slice};
use fc_events::{Event, TriggerKind};
use serde::Deserialize;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/rabbitmq/{name}")).unwrap()
}

fn event(id: &str, body: Value) -> Value {
    json!({
        "id": id, "source": "acs:amqp", "specversion": "1.0", "type": "amqp:Queue:SendMessage",
        "datacontenttype": "application/json; charset=utf-8",
        "subject": "acs:amqp:cn-qingdao:123:/instances/amqp-cn-xxx/vhosts/v/queues/q",
        "time": "2022-08-19T09:55:53.460Z", "aliyunaccountid": "123",
        "data": {
            "envelope": {"deliveryTag": 2, "redeliver": false, "exchange": "", "routingKey": "rk"},
            "props": {"messageId": "m"},
            "body": body
        }
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn decode_fault(v: &Value) -> (String, &'static str) {
    let e = Event::from_slice_as(TriggerKind::Rabbitmq, &bytes(v)).expect_err("must fail");
    (e.pointer().to_owned(), e.code)
}

/// The one fault of a payload (one record) whose data does not fit its model, which must degrade.
fn misfit(v: &Value) -> (String, &'static str) {
    let faults = common::degrades(TriggerKind::Rabbitmq, &bytes(v), &[0]);
    assert_eq!(faults.len(), 1, "{faults:?}");
    faults[0].clone()
}

fn faults(v: &Value) -> Vec<(String, &'static str)> {
    validate_slice(Some(TriggerKind::Rabbitmq), &bytes(v))
        .faults
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

#[test]
fn body_is_an_object_or_a_string() {
    let doc = RabbitmqEvent::from_slice(&fixture(
        "rabbitmq-batch-fc3-doc-trigger-event-formats-1.json",
    ))
    .unwrap();
    let data = doc.first().unwrap().data.as_typed().unwrap();
    assert_eq!(data.body, json!({"Hello": "RabbitMQ"}));
    assert_eq!(data.envelope.exchange, "");
    assert_eq!(data.props.content_encoding.as_deref(), Some("UTF-8"));

    let text =
        RabbitmqEvent::from_slice(&fixture("rabbitmq-awesome-fc-code-example-1.json")).unwrap();
    let ev = text.first().unwrap();
    assert_eq!(
        ev.data.as_typed().unwrap().body_str().as_deref(),
        Some("消息发送Body010")
    );
    assert_eq!(
        ev.data_content_type.as_deref(),
        Some("application/json; charset=utf-8")
    );
    // The typo of the Java sample is kept as received.
    let typo =
        RabbitmqEvent::from_slice(&fixture("rabbitmq-awesome-fc-code-example-2.json")).unwrap();
    assert_eq!(
        typo.first().unwrap().data_content_type.as_deref(),
        Some("application/json; charsetu003dutf-8")
    );

    let more = RabbitmqEvent::from_slice(&fixture("rabbitmq-edge-single-more-props.json")).unwrap();
    let props = &more.first().unwrap().data.as_typed().unwrap().props;
    assert_eq!(
        props.delivery_mode.as_ref().and_then(|n| n.as_i64()),
        Some(2)
    );
    assert_eq!(props.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        props.extra.get("clusterId").and_then(|v| v.as_str()),
        Some("legacy")
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct Greeting {
    #[serde(rename = "Hello")]
    hello: String,
}

#[test]
fn handler_envelope_reads_json_bodies_and_json_in_strings() {
    let v = json!([
        event("a", json!({"Hello": "object"})),
        event("b", json!("{\"Hello\": \"string\"}")),
        event("c", json!("plain text")),
        event("d", json!({"Hello": 5})),
    ]);
    let batch = RabbitmqEvent::from_slice(&bytes(&v)).unwrap();
    let parsed = batch.parse_records::<Greeting>();
    let ok: Vec<&str> = parsed.successes().map(|(_, g)| g.hello.as_str()).collect();
    assert_eq!(ok, ["object", "string"]);
    let errors: Vec<_> = parsed
        .failures()
        .map(|(r, e)| (r.id.as_str(), e.pointer.as_str()))
        .collect();
    // A fault inside a JSON body points into it.
    assert_eq!(errors, [("c", "/2/data/body"), ("d", "/3/data/body/Hello")]);
    // Text handlers take string bodies as they are.
    let texts = RabbitmqEvent::from_slice(&bytes(&json!([event("c", json!("plain text"))])))
        .unwrap()
        .parse_records::<String>()
        .into_result()
        .unwrap();
    assert_eq!(texts, ["plain text"]);
}

#[test]
fn data_that_is_not_a_rabbitmq_message_degrades_and_is_located() {
    let mut v = event("a", json!("x"));
    v["data"]["envelope"]["deliveryTag"] = json!("2");
    assert_eq!(
        misfit(&json!([v])),
        ("/0/data/envelope/deliveryTag".to_owned(), code::TYPE)
    );
    let mut v = event("a", json!("x"));
    v["data"]["envelope"]
        .as_object_mut()
        .unwrap()
        .remove("redeliver");
    assert_eq!(
        misfit(&v),
        ("/data/envelope/redeliver".to_owned(), code::REQUIRED)
    );
    let mut v = event("a", json!("x"));
    v["data"].as_object_mut().unwrap().remove("body");
    assert_eq!(misfit(&v), ("/data/body".to_owned(), code::REQUIRED));
    let mut v = event("a", json!("x"));
    v["data"]["props"]["headers"] = json!("h");
    assert_eq!(misfit(&v), ("/data/props/headers".to_owned(), code::TYPE));
    let event = RabbitmqEvent::from_slice(&bytes(&v)).unwrap();
    let unfit = event.first().unwrap().data.typed().unwrap_err();
    assert_eq!(unfit.expected, "a RabbitMQ message");
    // A fault outside `data` still fails the event, at its place.
    v["id"] = json!(1);
    assert_eq!(decode_fault(&v), ("/id".to_owned(), code::TYPE));
}

#[test]
fn validation_rules_each_pass_and_fail() {
    assert!(faults(&event("a", json!(null))).is_empty());
    let mut v = event("a", json!("x"));
    v["data"]["envelope"]["deliveryTag"] = json!(-1);
    assert_eq!(
        faults(&v),
        [("/data/envelope/deliveryTag".to_owned(), code::RANGE)]
    );
    let mut v = event("a", json!("x"));
    v["data"]["props"]["deliveryMode"] = json!("persistent");
    v["data"]["props"]["priority"] = json!(-3);
    assert_eq!(
        faults(&v),
        [
            ("/data/props/deliveryMode".to_owned(), code::TYPE),
            ("/data/props/priority".to_owned(), code::RANGE)
        ]
    );
    let mut v = event("a", json!("x"));
    v["type"] = json!("alikafka:Topic:Message");
    assert_eq!(faults(&v), [("/type".to_owned(), code::CONSISTENCY)]);
}
