//! The crate's own JSON reader against serde_json. Arbitrary bytes are decoded as each kind twice:
//! through `Event::from_slice_as` (the crate's reader first, serde_json for whatever it declines)
//! and through `serde_json::from_slice` of the kind's type (serde_json alone). Whenever both decode,
//! the events are equal and encode to the same bytes; and `JsonText` keeps exactly the text
//! serde_json's `RawValue` keeps.
#![no_main]

use fc_events::{Event, TriggerKind};

fn same<T>(kind: TriggerKind, data: &[u8])
where
    T: serde::de::DeserializeOwned + Into<Event>,
{
    let (Ok(ours), Ok(theirs)) = (Event::from_slice_as(kind, data), serde_json::from_slice::<T>(data))
    else {
        return;
    };
    let theirs: Event = theirs.into();
    assert_eq!(ours, theirs, "{kind}: the readers decoded different events");
    assert_eq!(ours.to_vec().ok(), theirs.to_vec().ok(), "{kind}: different encodings");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    use fc_events::*;
    same::<oss::OssEvent>(TriggerKind::Oss, data);
    same::<sls::SlsEvent>(TriggerKind::Sls, data);
    same::<cdn::CdnEvent>(TriggerKind::Cdn, data);
    same::<timer::TimerEvent>(TriggerKind::Timer, data);
    same::<apigw::ApigwRequest>(TriggerKind::ApigwRequest, data);
    same::<apigw::ApigwResponse>(TriggerKind::ApigwResponse, data);
    same::<http::HttpRequest>(TriggerKind::HttpRequest, data);
    same::<http::HttpResponse>(TriggerKind::HttpResponse, data);
    same::<system_event::SystemEvent>(TriggerKind::SystemEvent, data);
    same::<mns_queue::MnsQueueEvent>(TriggerKind::MnsQueue, data);
    same::<rocketmq::RocketmqEvent>(TriggerKind::Rocketmq, data);
    same::<rabbitmq::RabbitmqEvent>(TriggerKind::Rabbitmq, data);
    same::<kafka::KafkaEvent>(TriggerKind::Kafka, data);
    same::<dts::DtsEvent>(TriggerKind::Dts, data);
    same::<mqtt::MqttEvent>(TriggerKind::Mqtt, data);
    same::<eventbridge::EventbridgeEvent>(TriggerKind::Eventbridge, data);
    same::<datahub::DatahubEvent>(TriggerKind::Datahub, data);
    same::<destination::DestinationRecord>(TriggerKind::FcDestination, data);
    if let Ok(text) = std::str::from_utf8(data) {
        let raw = serde_json::from_str::<Box<serde_json::value::RawValue>>(text);
        match (fc_events::JsonText::parse(text), raw) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours.as_json_str(), theirs.get()),
            (Err(_), Err(_)) => {}
            (ours, theirs) => panic!("JsonText {ours:?} disagrees with RawValue {theirs:?}"),
        }
    }
});
