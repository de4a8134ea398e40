//! Typed `data` degrades instead of failing, for every CloudEvents kind with a typed `data` model (MNS
//! queue, RocketMQ, RabbitMQ, Kafka, DTS) and for EventBridge's OSS data: data that does not fit
//! (a wrong type, a missing member, numbers no typed field holds) is kept as received and written
//! back byte for byte, the typed view says why it is missing, validation reports the misfit at its
//! place, and a fault outside `data` still fails the payload.

mod common;

use fc_events::validate::code;
use fc_events::{Event, TriggerKind};

/// Members outside the model, holding numbers a `serde_json::Value` or a typed field cannot keep
/// as written: kept text must carry them unchanged.
const ODD: &str = r#""odd":{"big":1E400,"negzero":-0,"long":123456789012345678901234567890,"deep":[{"e":-0.0e-0,"n":[1.50,2e+3]}]}"#;

/// One event of `kind` with `data` written as given. The envelope is written in the order the
/// model writes it back, so a re-encoded payload must equal its input byte for byte.
fn event(kind: TriggerKind, id: &str, data: &str) -> String {
    match kind {
        TriggerKind::MnsQueue => format!(
            r#"{{"id":"{id}","source":"MNS-f-t","specversion":"1.0","type":"mns:Queue:SendMessage","datacontenttype":"application/json; charset=utf-8","subject":"acs:mns:cn-hangzhou:1:queues/q","time":"2021-04-08T06:28:17.093Z","aliyunaccountid":"1","aliyunpublishtime":"2021-10-15T07:06:34.028Z","aliyunoriginalaccountid":"1","aliyuneventbusname":"MNS-f-t","aliyunregionid":"cn-chengdu","aliyunpublishaddr":"42.120.XX.XX","data":{data}}}"#
        ),
        TriggerKind::Rocketmq => format!(
            r#"{{"id":"{id}","source":"acs:mq","specversion":"1.0","type":"mq:Topic:SendMessage","datacontenttype":"application/json; charset=utf-8","subject":"acs:mq:cn-hangzhou:1:MQ_INST_1_x%T","time":"2021-04-08T06:01:20.766Z","aliyunpublishtime":"2021-04-08T06:01:20.725Z","aliyuneventbusname":"BusName","data":{data}}}"#
        ),
        TriggerKind::Rabbitmq => format!(
            r#"{{"id":"{id}","source":"acs:amqp","specversion":"1.0","type":"amqp:Queue:SendMessage","datacontenttype":"application/json; charset=utf-8","subject":"acs:amqp:cn-qingdao:123:/instances/i/vhosts/v/queues/q","time":"2022-08-19T09:55:53.460Z","aliyunaccountid":"123","data":{data}}}"#
        ),
        TriggerKind::Kafka => format!(
            r#"{{"id":"{id}","source":"acs:alikafka","specversion":"1.0","type":"alikafka:Topic:Message","datacontenttype":"application/json; charset=utf-8","subject":"acs:alikafka_pre-cn-1:topic:t","time":"2022-06-23T02:49:51.589Z","aliyunaccountid":"1","data":{data}}}"#
        ),
        TriggerKind::Dts => format!(
            r#"{{"id":"{id}","source":"DTSstreamDemo","specversion":"1.0","type":"dts:ConsumeMessage","datacontenttype":"application/json; charset=utf-8","subject":"acs:dts:cn-hangzhou:1:j/d","time":"2022-06-10T07:55:57Z","data":{data}}}"#
        ),
        TriggerKind::Eventbridge => format!(
            r#"{{"id":"{id}","source":"acs.oss","specversion":"1.0","type":"oss:ObjectCreated:PutObject","time":"2022-08-13T06:45:43Z","aliyuneventbusname":"default","aliyunregionid":"cn-hangzhou","data":{data}}}"#
        ),
        other => unreachable!("{other:?}"),
    }
}

/// Valid `data` of `kind`.
fn data(kind: TriggerKind) -> &'static str {
    match kind {
        TriggerKind::MnsQueue => r#"{"requestId":"r","messageId":"m","messageBody":"TEST"}"#,
        TriggerKind::Rocketmq => {
            r#"{"topic":"T","systemProperties":{"CONSUME_START_TIME":1628577790396,"MIN_OFFSET":"0","MAX_OFFSET":"8","TRACE_ON":"true","TAGS":"a","KEYS":"k","MSG_REGION":"cn-hangzhou","INSTANCE_ID":"MQ_INST_1_x"},"userProperties":{},"body":"TEST"}"#
        }
        TriggerKind::Rabbitmq => {
            r#"{"envelope":{"deliveryTag":98,"exchange":"","redeliver":false,"routingKey":"rk"},"props":{"messageId":"m"},"body":"b"}"#
        }
        TriggerKind::Kafka => {
            r#"{"topic":"t","partition":7,"offset":25,"timestamp":1655952591589,"headers":{"headers":[],"isReadOnly":false},"value":"v"}"#
        }
        TriggerKind::Dts => {
            r#"{"id":321,"topicPartition":{"hash":0,"partition":0,"topic":"t"},"offset":3218099,"sourceTimestamp":1654847757,"operationType":"UPDATE","schema":{"recordFields":[{"fieldName":"id","rawDataTypeNum":8}]}}"#
        }
        TriggerKind::Eventbridge => {
            r#"{"eventName":"ObjectCreated:PutObject","eventSource":"acs:oss","eventTime":"2022-08-13T06:45:43.000Z","eventVersion":"1.0","region":"cn-hangzhou","oss":{"bucket":{"name":"b","arn":"acs:oss:cn-hangzhou:1:b","ownerIdentity":"1"},"object":{"key":"a.png","size":1,"deltaSize":1},"ossSchemaVersion":"1.0"},"requestParameters":{"sourceIPAddress":"1.1.1.1"},"responseElements":{"requestId":"x"},"userIdentity":{"principalId":"1"}}"#
        }
        other => unreachable!("{other:?}"),
    }
}

/// Misfits of `kind`'s data: (what, data text, pointer inside `data`, code).
fn misfits(kind: TriggerKind) -> Vec<(&'static str, String, &'static str, &'static str)> {
    let d = data(kind);
    // `from` replaced by `to` in the valid data (the text must contain `from`).
    let sub = |from: &str, to: &str| {
        assert!(d.contains(from), "{kind}: {from}");
        d.replacen(from, to, 1)
    };
    // The odd members added at the top of `data` and, in a nested object, beside a misfit.
    let odd = |text: String| text.replacen('{', &format!("{{{ODD},"), 1);
    match kind {
        TriggerKind::MnsQueue => vec![
            (
                "wrong type",
                sub(r#""TEST""#, "42"),
                "/messageBody",
                code::TYPE,
            ),
            (
                "missing member",
                sub(r#""messageId":"m","#, ""),
                "/messageId",
                code::REQUIRED,
            ),
            (
                "odd numbers",
                odd(sub(r#""m""#, "-0")),
                "/messageId",
                code::TYPE,
            ),
            ("not an object", r#"["a",1E400]"#.to_owned(), "", code::TYPE),
        ],
        TriggerKind::Rocketmq => vec![
            (
                "wrong type",
                sub(r#""TAGS":"a""#, r#""TAGS":5"#),
                "/systemProperties/TAGS",
                code::TYPE,
            ),
            (
                "missing member",
                sub(r#""topic":"T","#, ""),
                "/topic",
                code::REQUIRED,
            ),
            (
                "odd numbers",
                odd(sub(
                    r#""body":"TEST""#,
                    r#""body":123456789012345678901234567890"#,
                )),
                "/body",
                code::TYPE,
            ),
        ],
        TriggerKind::Rabbitmq => vec![
            (
                "wrong type",
                sub(r#""redeliver":false"#, r#""redeliver":"no""#),
                "/envelope/redeliver",
                code::TYPE,
            ),
            (
                "missing member",
                sub(r#","body":"b""#, ""),
                "/body",
                code::REQUIRED,
            ),
            (
                "odd numbers",
                odd(sub(r#""deliveryTag":98"#, r#""deliveryTag":1E400"#)),
                "/envelope/deliveryTag",
                code::RANGE,
            ),
        ],
        TriggerKind::Kafka => vec![
            (
                "wrong type",
                sub(r#""offset":25"#, r#""offset":"25""#),
                "/offset",
                code::TYPE,
            ),
            (
                "missing member",
                sub(r#""partition":7,"#, ""),
                "/partition",
                code::REQUIRED,
            ),
            (
                "odd numbers",
                odd(sub(
                    r#""offset":25"#,
                    r#""offset":123456789012345678901234567890"#,
                )),
                "/offset",
                code::TYPE,
            ),
            (
                "nested wrong type",
                sub(
                    r#""isReadOnly":false"#,
                    r#""isReadOnly":-0,"more":{"x":1E400}"#,
                ),
                "/headers/isReadOnly",
                code::TYPE,
            ),
        ],
        TriggerKind::Dts => vec![
            (
                "wrong type",
                sub(r#""offset":3218099"#, r#""offset":"3218099""#),
                "/offset",
                code::TYPE,
            ),
            (
                "missing member",
                sub(r#""operationType":"UPDATE","#, ""),
                "/operationType",
                code::REQUIRED,
            ),
            (
                "odd numbers",
                odd(sub(r#""rawDataTypeNum":8"#, r#""rawDataTypeNum":1E400"#)),
                "/schema/recordFields/0/rawDataTypeNum",
                code::RANGE,
            ),
        ],
        TriggerKind::Eventbridge => vec![
            (
                "wrong type",
                sub(r#""size":1,"#, r#""size":"big","#),
                "/oss/object/size",
                code::TYPE,
            ),
            (
                "missing member",
                sub(r#""name":"b","#, ""),
                "/oss/bucket/name",
                code::REQUIRED,
            ),
            (
                "odd numbers",
                odd(sub(r#""deltaSize":1"#, r#""deltaSize":1E400"#)),
                "/oss/object/deltaSize",
                code::RANGE,
            ),
        ],
        other => unreachable!("{other:?}"),
    }
}

const KINDS: [TriggerKind; 6] = [
    TriggerKind::MnsQueue,
    TriggerKind::Rocketmq,
    TriggerKind::Rabbitmq,
    TriggerKind::Kafka,
    TriggerKind::Dts,
    TriggerKind::Eventbridge,
];

/// Decodes `input` as `kind` (and through detection), checks it re-encodes to the input byte for
/// byte, and returns its faults as `(pointer, code)`.
fn decode_encode(kind: TriggerKind, input: &str, what: &str) -> Vec<(String, &'static str)> {
    let event = Event::from_slice_as(kind, input.as_bytes())
        .unwrap_or_else(|e| panic!("{kind} {what}: the payload failed: {e}"));
    let out = String::from_utf8(event.to_vec().unwrap()).unwrap();
    assert_eq!(out, input, "{kind} {what}: re-encoded byte for byte");
    let detected = Event::from_slice(input.as_bytes())
        .unwrap_or_else(|e| panic!("{kind} {what}: detection and decoding failed: {e}"));
    assert_eq!(detected.kind(), kind, "{kind} {what}");
    assert_eq!(detected, event, "{kind} {what}");
    event
        .validate()
        .into_iter()
        .map(|f| (f.pointer, f.code))
        .collect()
}

#[test]
fn valid_data_is_typed_and_re_encodes_byte_for_byte() {
    for kind in KINDS {
        let input = event(kind, "1", data(kind));
        assert_eq!(decode_encode(kind, &input, "valid"), [], "{kind}");
        let batch = format!("[{input},{}]", event(kind, "2", data(kind)));
        assert_eq!(decode_encode(kind, &batch, "valid batch"), [], "{kind}");
    }
}

#[test]
fn misfit_data_is_kept_byte_for_byte_and_reported_at_its_place() {
    for kind in KINDS {
        for (what, misfit, pointer, code) in misfits(kind) {
            // Alone.
            let input = event(kind, "1", &misfit);
            assert_eq!(
                common::data_texts(input.as_bytes()),
                std::slice::from_ref(&misfit),
                "{kind} {what}"
            );
            assert_eq!(
                decode_encode(kind, &input, what),
                [(format!("/data{pointer}"), code)],
                "{kind} {what}"
            );
            // The second record of a batch, the first fitting.
            let batch = format!("[{},{input}]", event(kind, "0", data(kind)));
            assert_eq!(
                decode_encode(kind, &batch, what),
                [(format!("/1/data{pointer}"), code)],
                "{kind} {what} in a batch"
            );
            // A fault outside `data` still fails the payload, located there.
            let bad_id = input.replacen(r#""id":"1""#, r#""id":1"#, 1);
            let e = Event::from_slice_as(kind, bad_id.as_bytes()).unwrap_err();
            assert_eq!((e.pointer(), e.code), ("/id", code::TYPE), "{kind} {what}");
            let bad_id = batch.replacen(r#""id":"1""#, r#""id":1"#, 1);
            let e = Event::from_slice_as(kind, bad_id.as_bytes()).unwrap_err();
            assert_eq!(
                (e.pointer(), e.code),
                ("/1/id", code::TYPE),
                "{kind} {what}"
            );
        }
    }
}

#[test]
fn typed_views_say_why_there_is_none() {
    use fc_events::cloudevent::UnfitData;
    fn check(kind: TriggerKind, unfit: Result<(), &UnfitData>, expected: &str, pointer: &str) {
        let unfit = unfit.expect_err("no typed view");
        assert_eq!(unfit.expected, expected, "{kind}");
        assert_eq!(unfit.error.pointer(), pointer, "{kind}");
        assert!(unfit.to_string().contains(expected), "{kind}: {unfit}");
        assert_eq!(unfit.data.as_json_str(), misfits(kind)[0].1, "{kind}");
    }
    for kind in KINDS {
        let (_, misfit, pointer, _) = &misfits(kind)[0];
        let input = event(kind, "1", misfit);
        let bytes = input.as_bytes();
        match Event::from_slice_as(kind, bytes).unwrap() {
            Event::MnsQueue(e) => {
                let d = &e.first().unwrap().data;
                assert!(d.as_typed().is_none() && d.typed_error().is_some());
                check(kind, d.typed().map(drop), "an MNS queue message", pointer);
            }
            Event::Rocketmq(e) => {
                let m = e.first().unwrap();
                assert_eq!(m.body().map(drop), m.topic().map(drop));
                check(kind, m.body().map(drop), "a RocketMQ message", pointer);
            }
            Event::Rabbitmq(e) => {
                let d = &e.first().unwrap().data;
                check(kind, d.typed().map(drop), "a RabbitMQ message", pointer);
            }
            Event::Kafka(e) => {
                let d = &e.first().unwrap().data;
                check(kind, d.typed().map(drop), "a Kafka record", pointer);
            }
            Event::Dts(e) => {
                let d = &e.first().unwrap().data;
                check(kind, d.typed().map(drop), "a DTS change record", pointer);
            }
            Event::Eventbridge(e) => {
                let d = &e.first().unwrap().data;
                assert!(d.as_oss().is_none());
                let unfit = match d {
                    fc_events::eventbridge::EventbridgeData::Unfit(u) => Err(&**u),
                    _ => Ok(()),
                };
                check(kind, unfit, "an OSS object record", pointer);
            }
            other => unreachable!("{other:?}"),
        }
    }
}

#[test]
fn a_plain_serde_decode_stays_strict() {
    let (_, misfit, _, _) = &misfits(TriggerKind::Kafka)[0];
    let input = event(TriggerKind::Kafka, "1", misfit);
    assert!(serde_json::from_str::<fc_events::kafka::KafkaEvent>(&input).is_err());
    assert!(fc_events::kafka::KafkaEvent::from_slice(input.as_bytes()).is_ok());
}

#[test]
fn a_member_every_documented_event_carries_is_required_by_validation_in_each_record() {
    // (kind, text removed from the second record, the fault's pointer in that record)
    let cases = [
        (
            TriggerKind::MnsQueue,
            r#","aliyunregionid":"cn-chengdu""#,
            "/aliyunregionid",
        ),
        (
            TriggerKind::MnsQueue,
            r#","subject":"acs:mns:cn-hangzhou:1:queues/q""#,
            "/subject",
        ),
        (
            TriggerKind::Rocketmq,
            r#","aliyuneventbusname":"BusName""#,
            "/aliyuneventbusname",
        ),
        (
            TriggerKind::Rocketmq,
            r#""userProperties":{},"#,
            "/data/userProperties",
        ),
        (
            TriggerKind::Rocketmq,
            r#","KEYS":"k""#,
            "/data/systemProperties/KEYS",
        ),
        (
            TriggerKind::Rabbitmq,
            r#""messageId":"m""#,
            "/data/props/messageId",
        ),
        (
            TriggerKind::Kafka,
            r#","aliyunaccountid":"1""#,
            "/aliyunaccountid",
        ),
        (
            TriggerKind::Kafka,
            r#","isReadOnly":false"#,
            "/data/headers/isReadOnly",
        ),
        (
            TriggerKind::Kafka,
            r#""headers":{"headers":[],"isReadOnly":false},"#,
            "/data/headers",
        ),
        (
            TriggerKind::Dts,
            r#""datacontenttype":"application/json; charset=utf-8","#,
            "/datacontenttype",
        ),
        (
            TriggerKind::Eventbridge,
            r#","aliyunregionid":"cn-hangzhou""#,
            "/aliyunregionid",
        ),
    ];
    for (kind, removed, pointer) in cases {
        let second = event(kind, "2", data(kind));
        assert!(second.contains(removed), "{kind}: {removed}");
        let batch = format!(
            "[{},{}]",
            event(kind, "1", data(kind)),
            second.replacen(removed, "", 1)
        );
        // Decoding accepts the absence; validation does not, at the record's index.
        assert_eq!(
            decode_encode(kind, &batch, removed),
            [(format!("/1{pointer}"), code::REQUIRED)],
            "{kind}: {removed}"
        );
    }
}

#[test]
fn a_kafka_string_element_with_unfit_data_reads_back_from_its_cbor_rendering() {
    // Found by fuzzing (`json_cbor`): the element is a JSON string whose `data` has no `value`.
    let element = r#"{"data":{"topic":"T","partition":2,"offset":3,"timestamp":1651058547123,"headers":{"headers":[],"isReadOnly":false},"val.e":"b"},"id":"1","source":"acs:alikafka","specversion":"1.0","type":"alikafka:Topic:Message","datacontenttype":"application/json","time":"2022-08-01T09:32:56.797Z","subject":"s","aliyunaccountid":"1"}"#;
    let json = serde_json::to_vec(&vec![element]).unwrap();
    let event = fc_events::Event::from_slice_as(fc_events::TriggerKind::Kafka, &json).unwrap();
    assert_eq!(event.to_json_vec().unwrap(), json);
    let cbor = event.to_cbor_vec().unwrap();
    let back: fc_events::kafka::KafkaEvent =
        serde_cbor::from_slice(&cbor).expect("the CBOR rendering reads back");
    assert_eq!(serde_json::to_vec(&back).unwrap(), json);
    let report = fc_events::validate::validate_slice(Some(fc_events::TriggerKind::Kafka), &json);
    assert!(
        report.faults.iter().any(|f| f.pointer.starts_with("/0")),
        "{:?}",
        report.faults
    );
}
