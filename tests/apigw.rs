//! API Gateway request and response: helpers, builder, malformed input and every validation rule
//! (a passing and a failing case with the exact pointer and code).

use fc_events::apigw::{ApigwRequest, ApigwResponse, BoolOrString};
use fc_events::validate::{validate, validate_slice, Fault};
use fc_events::{Event, Payload, TriggerKind};
use serde_json::{json, Value};

fn request(body: &str, flag: Value) -> Value {
    json!({
        "path": "/echo", "httpMethod": "POST",
        "headers": {"Content-Type": "text/plain", "X-Ca-Api-Gateway": "C66FA93A"},
        "queryParameters": {"a": "1"}, "pathParameters": {},
        "body": body, "isBase64Encoded": flag
    })
}

fn faults(kind: TriggerKind, value: &Value) -> Vec<(String, &'static str)> {
    let report = validate_slice(Some(kind), value.to_string().as_bytes());
    assert_eq!(report.kind, Some(kind));
    report
        .faults
        .into_iter()
        .map(|f: Fault| (f.pointer, f.code))
        .collect()
}

fn one(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(pointer.to_owned(), code)]
}

#[test]
fn request_helpers_read_headers_and_bodies() {
    let r: ApigwRequest = serde_json::from_value(request("aGVsbG8=", json!(true))).unwrap();
    assert_eq!(r.header("x-ca-api-gateway"), Some("C66FA93A"));
    assert_eq!(r.header("X-CA-API-GATEWAY"), Some("C66FA93A"));
    assert_eq!(r.header("missing"), None);
    assert_eq!(r.query("a"), Some("1"));
    assert_eq!(r.query("A"), None, "query names are matched exactly");
    assert_eq!(&*r.body_bytes().unwrap(), b"hello");

    let r: ApigwRequest = serde_json::from_value(request(r#"{"n":1}"#, json!("false"))).unwrap();
    assert_eq!(r.is_base64_encoded, BoolOrString::String("false".into()));
    assert!(!r.is_base64());
    assert_eq!(r.body_json::<Value>().unwrap(), json!({"n": 1}));
}

#[test]
fn request_string_flag_round_trips_as_a_string() {
    let input = request("aGk=", json!("true"));
    let r = ApigwRequest::from_slice(input.to_string().as_bytes()).unwrap();
    assert!(r.is_base64());
    let out: Value = serde_json::from_slice(&r.encode().unwrap()).unwrap();
    assert_eq!(out, input);
}

#[test]
fn request_flag_rule() {
    assert!(faults(TriggerKind::ApigwRequest, &request("", json!("false"))).is_empty());
    assert_eq!(
        faults(TriggerKind::ApigwRequest, &request("", json!("yes"))),
        one("/isBase64Encoded", "format")
    );
}

#[test]
fn request_base64_rule() {
    assert!(faults(TriggerKind::ApigwRequest, &request("aGk=", json!(true))).is_empty());
    // The same text is fine when the body is not flagged.
    assert!(faults(
        TriggerKind::ApigwRequest,
        &request("not base64!", json!(false))
    )
    .is_empty());
    assert_eq!(
        faults(
            TriggerKind::ApigwRequest,
            &request("not base64!", json!(true))
        ),
        one("/body", "format")
    );
}

#[test]
fn request_malformed_inputs_name_the_place() {
    let mut v = request("", json!(false));
    v["queryParameters"]["a"] = json!(1);
    assert_eq!(
        faults(TriggerKind::ApigwRequest, &v),
        one("/queryParameters/a", "type")
    );

    let mut v = request("", json!(false));
    v.as_object_mut().unwrap().remove("httpMethod");
    assert_eq!(
        faults(TriggerKind::ApigwRequest, &v),
        one("/httpMethod", "required")
    );

    let mut v = request("", json!(false));
    v["isBase64Encoded"] = json!(1);
    assert_eq!(
        faults(TriggerKind::ApigwRequest, &v),
        one("/isBase64Encoded", "type")
    );

    // A header given twice would lose a value in a plain map: it is an error instead.
    let text = r#"{"path":"/","httpMethod":"GET","headers":{"A":"1","A":"2"},"queryParameters":{},"pathParameters":{},"body":"","isBase64Encoded":false}"#;
    let e = Event::from_slice_as(TriggerKind::ApigwRequest, text.as_bytes()).unwrap_err();
    assert_eq!(e.pointer(), "/headers");
    assert!(e.message.contains("duplicate key `A`"), "{}", e.message);
}

#[test]
fn response_builder_writes_the_documented_shape() {
    let r = ApigwResponse::text("hello")
        .status(404)
        .with_header("X-Trace", "1");
    assert_eq!(
        r.to_json_value().unwrap(),
        json!({"statusCode": 404, "headers": {"Content-Type": "text/plain; charset=utf-8", "X-Trace": "1"},
               "isBase64Encoded": false, "body": "hello"})
    );

    let r = ApigwResponse::json(&json!({"ok": true, "n": [1, 2]}))
        .unwrap()
        .with_header("content-type", "application/problem+json");
    assert_eq!(
        r.to_json_value().unwrap(),
        json!({"statusCode": 200, "headers": {"content-type": "application/problem+json"},
               "isBase64Encoded": false, "body": "{\"n\":[1,2],\"ok\":true}"})
    );

    let r = ApigwResponse::binary([0u8, 159, 146, 150]);
    assert_eq!(
        r.to_json_value().unwrap(),
        json!({"statusCode": 200, "headers": {"Content-Type": "application/octet-stream"},
               "isBase64Encoded": true, "body": "AJ+Slg=="})
    );
    assert_eq!(&*r.body_bytes().unwrap(), &[0u8, 159, 146, 150]);
    assert!(validate(&r).is_empty());

    assert_eq!(
        ApigwResponse::new(204).to_json_value().unwrap(),
        json!({"statusCode": 204})
    );
    assert_eq!(ApigwResponse::default().status_i64(), Some(200));
}

#[test]
fn response_reads_the_seed_samples_string_forms() {
    let input = json!({"isBase64Encoded": "false", "statusCode": "200",
                       "headers": {"x-custom-header": "no"}, "body": {"path": "/"}});
    let r: ApigwResponse = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(r.status_i64(), Some(200));
    assert!(!r.is_base64());
    assert_eq!(r.body_text().as_deref(), Some(r#"{"path":"/"}"#));
    assert_eq!(r.header("X-Custom-Header"), Some("no"));
    assert_eq!(r.to_json_value().unwrap(), input);
    assert!(validate(&r).is_empty());
}

fn response(status: Value, flag: Value, body: Value) -> Value {
    json!({"isBase64Encoded": flag, "statusCode": status, "headers": {"Date": "today"}, "body": body})
}

#[test]
fn response_status_rule() {
    for ok in [json!(100), json!(599), json!("302")] {
        assert!(
            faults(
                TriggerKind::ApigwResponse,
                &response(ok.clone(), json!(false), json!(""))
            )
            .is_empty(),
            "{ok}"
        );
    }
    for bad in [json!(99), json!(600), json!(-1), json!("700")] {
        assert_eq!(
            faults(
                TriggerKind::ApigwResponse,
                &response(bad, json!(false), json!(""))
            ),
            one("/statusCode", "range")
        );
    }
    assert_eq!(
        faults(
            TriggerKind::ApigwResponse,
            &response(json!("OK"), json!(false), json!(""))
        ),
        one("/statusCode", "format")
    );
    assert_eq!(
        faults(
            TriggerKind::ApigwResponse,
            &response(json!(1.5), json!(false), json!(""))
        ),
        one("/statusCode", "format")
    );
}

#[test]
fn response_base64_rule() {
    assert!(faults(
        TriggerKind::ApigwResponse,
        &response(json!(200), json!(true), json!("AJ+Slg=="))
    )
    .is_empty());
    assert_eq!(
        faults(
            TriggerKind::ApigwResponse,
            &response(json!(200), json!(true), json!("AJ+Slg"))
        ),
        one("/body", "format")
    );
    assert_eq!(
        faults(
            TriggerKind::ApigwResponse,
            &response(json!(200), json!("true"), json!({"a": 1}))
        ),
        one("/body", "type")
    );
    assert_eq!(
        faults(
            TriggerKind::ApigwResponse,
            &response(json!(200), json!("no"), json!(""))
        ),
        one("/isBase64Encoded", "format")
    );
}

#[test]
fn response_http_trigger_rules_do_not_apply_to_api_gateway() {
    // `Date` is reserved for HTTP trigger responses only.
    let v = response(json!(200), json!(false), json!(""));
    assert!(faults(TriggerKind::ApigwResponse, &v).is_empty());
    assert_eq!(
        faults(TriggerKind::HttpResponse, &v),
        one("/headers/Date", "reserved-header")
    );
}

#[test]
fn response_is_detected_as_http_response() {
    let bytes = ApigwResponse::text("x").encode().unwrap();
    assert_eq!(
        Event::from_slice(&bytes).unwrap().kind(),
        TriggerKind::HttpResponse
    );
    assert_eq!(
        Event::from_slice_as(TriggerKind::ApigwResponse, &bytes)
            .unwrap()
            .kind(),
        TriggerKind::ApigwResponse
    );
}

#[test]
fn samples_decode_validate_and_are_detected() {
    for kind in [TriggerKind::ApigwRequest, TriggerKind::ApigwResponse] {
        let bytes = fc_events::samples::sample(kind).unwrap();
        let event = Event::from_slice_as(kind, bytes).unwrap();
        assert!(event.validate().is_empty(), "{kind}");
        let detected = Event::from_slice(bytes).unwrap().kind();
        let expected = if kind == TriggerKind::ApigwResponse {
            TriggerKind::HttpResponse
        } else {
            kind
        };
        assert_eq!(detected, expected);
    }
}

#[test]
fn string_map_keeps_order_and_replaces_ignoring_case() {
    use fc_events::apigw::StringMap;
    let mut m: StringMap = [("B", "1"), ("a", "2"), ("A", "3"), ("c", "4")]
        .into_iter()
        .collect();
    assert_eq!(m.keys().collect::<Vec<_>>(), ["B", "a", "A", "c"]);
    assert_eq!(m.get_ignore_case("A"), Some("2"), "the first match");
    assert_eq!(m.set_ignore_case("A", "5"), Some("2".into()));
    assert_eq!(
        m.iter().collect::<Vec<_>>(),
        [("B", "1"), ("A", "5"), ("c", "4")]
    );
    assert_eq!(m.insert("c", "6"), Some("4".into()));
    assert_eq!(m.remove("B"), Some("1".into()));
    assert_eq!(m.byte_len(), "A5c6".len());
    assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"A":"5","c":"6"}"#);
}
