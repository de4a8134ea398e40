//! JSON <-> CBOR for every event kind: arbitrary bytes decoded as each kind's JSON; whatever decodes
//! is encoded as CBOR, decoded from CBOR, and encoded as JSON again, and that JSON must be the
//! first JSON rendering byte for byte once insignificant whitespace is dropped and strings are
//! written with the same escapes, or else (kept JSON text: an IoT payload renders as the text it
//! kept, number spellings included, which CBOR, holding values, cannot carry) value for value.
//! Seeded with every JSON fixture.
#![no_main]

use fc_events::Payload;

/// `json` without whitespace outside strings, and every string written the one way serde_json writes
/// it: CBOR holds a string's value, not the escapes it was spelled with (`\u4e2d` comes back as `中`),
/// while numbers keep their text.
fn minified(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let mut i = 0;
    while i < json.len() {
        let b = json[i];
        if b == b'"' {
            let mut end = i + 1;
            while json[end] != b'"' {
                end += if json[end] == b'\\' { 2 } else { 1 };
            }
            match serde_json::from_slice::<String>(&json[i..=end]) {
                Ok(text) => out.extend_from_slice(serde_json::to_string(&text).unwrap().as_bytes()),
                // Not a string's value (a lone surrogate escape): compared as spelled.
                Err(_) => out.extend_from_slice(&json[i..=end]),
            }
            i = end + 1;
        } else {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                out.push(b);
            }
            i += 1;
        }
    }
    out
}

fn round_trip<P: Payload>(data: &[u8]) {
    let Ok(event) = P::decode(data) else { return };
    let Ok(json) = event.to_json_vec() else {
        return;
    };
    let cbor = match event.to_cbor_vec() {
        Ok(cbor) => cbor,
        // JSON may repeat a member name (kept JSON text such as an IoT payload); a CBOR map may
        // not, so that rendering is refused with an error instead.
        Err(e) if e.to_string().contains("duplicate field") => return,
        Err(e) => panic!("{}: a decoded event does not render as CBOR: {e}", P::KIND),
    };
    let back: P = serde_cbor::from_slice(&cbor).unwrap_or_else(|e| {
        panic!(
            "{}: the CBOR rendering does not decode: {e}\nJSON: {}",
            P::KIND,
            String::from_utf8_lossy(&json)
        )
    });
    let again = back.to_json_vec().expect("encodes");
    if minified(&json) == minified(&again) {
        return;
    }
    // Kept JSON text (an IoT payload, unknown members) holds number spellings that CBOR, holding
    // values, cannot carry (`5.9e-08` comes back as `5.9e-8`): then the values must agree.
    let value = |j: &[u8]| serde_json::from_slice::<serde_json::Value>(j).expect("JSON");
    assert_eq!(
        value(&json),
        value(&again),
        "{}: the JSON rendering changed across CBOR\n{}\n{}",
        P::KIND,
        String::from_utf8_lossy(&json),
        String::from_utf8_lossy(&again)
    );
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.first() == Some(&0xff) || serde_json::from_slice::<serde_json::Value>(data).is_err() {
        return;
    }
    round_trip::<fc_events::oss::OssEvent>(data);
    round_trip::<fc_events::mns_topic::MnsTopicEvent>(data);
    round_trip::<fc_events::sls::SlsEvent>(data);
    round_trip::<fc_events::cdn::CdnEvent>(data);
    round_trip::<fc_events::timer::TimerEvent>(data);
    round_trip::<fc_events::apigw::ApigwRequest>(data);
    round_trip::<fc_events::apigw::ApigwResponse>(data);
    round_trip::<fc_events::http::HttpRequest>(data);
    round_trip::<fc_events::http::HttpResponse>(data);
    round_trip::<fc_events::system_event::SystemEvent>(data);
    round_trip::<fc_events::iot::IotEvent>(data);
    round_trip::<fc_events::mns_queue::MnsQueueEvent>(data);
    round_trip::<fc_events::rocketmq::RocketmqEvent>(data);
    round_trip::<fc_events::rabbitmq::RabbitmqEvent>(data);
    round_trip::<fc_events::kafka::KafkaEvent>(data);
    round_trip::<fc_events::dts::DtsEvent>(data);
    round_trip::<fc_events::mqtt::MqttEvent>(data);
    round_trip::<fc_events::eventbridge::EventbridgeEvent>(data);
    round_trip::<fc_events::tablestore::TablestoreEvent>(data);
});
