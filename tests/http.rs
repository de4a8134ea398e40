//! HTTP trigger request, response and platform errors: helpers, builder, malformed input and every
//! validation rule (a passing and a failing case with the exact pointer and code).

mod common;

use base64::Engine as _;
use fc_events::http::{
    is_reserved_response_header, FcErrorResponse, FcErrorType, HttpRequest, HttpResponse,
    RESERVED_RESPONSE_HEADERS,
};
use fc_events::validate::{validate, validate_slice};
use fc_events::{Event, Payload, TriggerKind};
use serde_json::{json, Value};

const KB: usize = 1024;
const MB: usize = 1024 * 1024;

fn request() -> Value {
    json!({
        "version": "v1",
        "rawPath": "/a%20b",
        "body": "hello",
        "isBase64Encoded": false,
        "headers": {"Accept": "text/html, application/json", "X-Acs-Date": "2023-08-17T14:08:11Z"},
        "queryParameters": {"tag": "x,y"},
        "requestContext": {
            "accountId": "1430000000000149",
            "domainName": "t.cn-hangzhou.fcapp.run",
            "domainPrefix": "t",
            "requestId": "",
            "time": "2023-08-17T14:08:11Z",
            "timeEpoch": "1692281291805",
            "http": {"method": "GET", "path": "/a b", "protocol": "HTTP/1.1",
                     "sourceIp": "10.0.0.1", "userAgent": "curl/8"}
        }
    })
}

fn faults(kind: TriggerKind, value: &Value) -> Vec<(String, &'static str)> {
    common::faults_as(kind, value)
}

fn one(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    common::one_fault(pointer, code)
}

#[test]
fn request_helpers() {
    let r: HttpRequest = serde_json::from_value(request()).unwrap();
    assert_eq!(r.method(), "GET");
    assert_eq!(r.path(), "/a b");
    assert_eq!(r.raw_path, "/a%20b");
    assert_eq!(r.header("accept"), Some("text/html, application/json"));
    assert_eq!(
        r.header_values("ACCEPT").collect::<Vec<_>>(),
        ["text/html", "application/json"]
    );
    assert_eq!(r.header_values("missing").count(), 0);
    assert_eq!(r.query("tag"), Some("x,y"));
    assert_eq!(r.query_values("tag").collect::<Vec<_>>(), ["x", "y"]);
    assert_eq!(&*r.body_bytes().unwrap(), b"hello");
    let ctx = &r.request_context;
    assert_eq!(ctx.time_epoch, "1692281291805", "kept as the string sent");
    assert_eq!(ctx.time_epoch_millis(), Some(1_692_281_291_805));
    assert_eq!(
        ctx.time_epoch_datetime().unwrap().timestamp_millis(),
        1_692_281_291_805
    );
    assert_eq!(
        ctx.time.to_utc().unwrap().timestamp(),
        ctx.time_epoch_datetime().unwrap().timestamp()
    );
    assert_eq!(ctx.request_id, "");
    assert_eq!(ctx.trigger_id, None);
}

#[test]
fn request_base64_body_and_json_body() {
    let mut v = request();
    v["body"] = json!("eyJuIjoxfQ==");
    v["isBase64Encoded"] = json!(true);
    let r: HttpRequest = serde_json::from_value(v).unwrap();
    assert_eq!(r.body_json::<Value>().unwrap(), json!({"n": 1}));

    let mut v = request();
    v.as_object_mut().unwrap().remove("body");
    v.as_object_mut().unwrap().remove("queryParameters");
    let r: HttpRequest = serde_json::from_value(v.clone()).unwrap();
    assert!(r.body_bytes().unwrap().is_empty());
    assert_eq!(r.query("tag"), None);
    assert_eq!(r.to_json_value().unwrap(), v, "absent members stay absent");
}

#[test]
fn request_valid_is_clean() {
    assert!(faults(TriggerKind::HttpRequest, &request()).is_empty());
}

#[test]
fn request_version_rule() {
    let mut v = request();
    v["version"] = json!("v2");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/version", "enum")
    );
}

#[test]
fn request_time_rules() {
    let mut v = request();
    v["requestContext"]["time"] = json!("2023-08-17 14:08:11");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/requestContext/time", "format")
    );

    let mut v = request();
    v["requestContext"]["timeEpoch"] = json!("soon");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/requestContext/timeEpoch", "format")
    );
    v["requestContext"]["timeEpoch"] = json!("+1692281291805");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/requestContext/timeEpoch", "format")
    );

    // Seconds where milliseconds belong land in January 1970.
    let mut v = request();
    v["requestContext"]["timeEpoch"] = json!("1692281291");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/requestContext/timeEpoch", "range")
    );
}

#[test]
fn request_base64_rule() {
    let mut v = request();
    v["isBase64Encoded"] = json!(true);
    v["body"] = json!("aGVsbG8=");
    assert!(faults(TriggerKind::HttpRequest, &v).is_empty());
    v["body"] = json!("hello");
    assert_eq!(faults(TriggerKind::HttpRequest, &v), one("/body", "format"));
}

/// Headers whose names plus values are exactly `total` bytes.
fn headers_of(total: usize) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("Accept".into(), json!("*/*")); // 9 bytes
    m.insert("X-Pad".into(), json!("p".repeat(total - 9 - 5)));
    Value::Object(m)
}

#[test]
fn request_header_limit() {
    let mut v = request();
    v["headers"] = headers_of(4 * KB);
    assert!(faults(TriggerKind::HttpRequest, &v).is_empty());
    v["headers"] = headers_of(4 * KB + 1);
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/headers", "limit")
    );
}

#[test]
fn request_path_and_query_limit() {
    // "?tag=x,y" is 8 bytes.
    let mut v = request();
    v["rawPath"] = json!(format!("/{}", "p".repeat(4 * KB - 8 - 1)));
    assert!(faults(TriggerKind::HttpRequest, &v).is_empty());
    v["rawPath"] = json!(format!("/{}", "p".repeat(4 * KB - 8)));
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/rawPath", "limit")
    );
    // The query alone can exceed it too.
    let mut v = request();
    v["queryParameters"]["q"] = json!("q".repeat(4 * KB));
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/rawPath", "limit")
    );
}

#[test]
fn request_body_limit_counts_decoded_bytes() {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut v = request();
    v["body"] = json!("b".repeat(6 * MB));
    assert!(faults(TriggerKind::HttpRequest, &v).is_empty());
    v["body"] = json!("b".repeat(6 * MB + 1));
    assert_eq!(faults(TriggerKind::HttpRequest, &v), one("/body", "limit"));

    // 6 MB of bytes is 8 MB of base64: the decoded size is what counts.
    v["isBase64Encoded"] = json!(true);
    v["body"] = json!(b64.encode(vec![7u8; 6 * MB]));
    assert!(faults(TriggerKind::HttpRequest, &v).is_empty());
    v["body"] = json!(b64.encode(vec![7u8; 6 * MB + 1]));
    assert_eq!(faults(TriggerKind::HttpRequest, &v), one("/body", "limit"));
}

#[test]
fn request_all_faults_are_reported_together() {
    let mut v = request();
    v["version"] = json!("1.0");
    v["headers"] = headers_of(5 * KB);
    v["requestContext"]["time"] = json!("now");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        vec![
            ("/version".to_owned(), "enum"),
            ("/headers".to_owned(), "limit"),
            ("/requestContext/time".to_owned(), "format"),
        ]
    );
}

#[test]
fn request_malformed_inputs_name_the_place() {
    let mut v = request();
    v["requestContext"]["timeEpoch"] = json!(1_692_281_291_805u64);
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/requestContext/timeEpoch", "type")
    );

    let mut v = request();
    v["requestContext"]["http"]
        .as_object_mut()
        .unwrap()
        .remove("method");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/requestContext/http/method", "required")
    );

    let mut v = request();
    v["headers"]["X-Count"] = json!(3);
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/headers/X-Count", "type")
    );

    let mut v = request();
    v["isBase64Encoded"] = json!("false");
    assert_eq!(
        faults(TriggerKind::HttpRequest, &v),
        one("/isBase64Encoded", "type")
    );
}

#[test]
fn invoke_parameter_template_is_not_a_request() {
    let path = common::fixtures_dir()
        .join("invalid/http-request/http-request-devsapp-fc3-cloud-event-invoke-param-1.json");
    let bytes = std::fs::read(path).unwrap();
    let report = validate_slice(Some(TriggerKind::HttpRequest), &bytes);
    let got: Vec<_> = common::pointer_codes(&report.faults);
    assert_eq!(got, [("/version", "required")]);
    // Nor is it detected as anything.
    assert!(Event::from_slice(&bytes).is_err());
}

fn response(headers: Value) -> Value {
    json!({"statusCode": 200, "headers": headers, "isBase64Encoded": false, "body": "ok"})
}

#[test]
fn response_reserved_headers() {
    let fine = response(
        json!({"Content-Type": "text/plain", "X-Fcx": "1", "X-Custom": "2", "Cache-Control": "no-store"}),
    );
    assert!(faults(TriggerKind::HttpResponse, &fine).is_empty());

    for name in RESERVED_RESPONSE_HEADERS {
        let upper = name.to_ascii_uppercase();
        for spelled in [name.to_string(), upper] {
            let v = response(json!({ spelled.clone(): "x" }));
            assert_eq!(
                faults(TriggerKind::HttpResponse, &v),
                one(&format!("/headers/{spelled}"), "reserved-header")
            );
        }
    }
    let v = response(json!({"X-Fc-Request-Id": "1", "Content-Type": "a", "x-fc-a/b~c": "2"}));
    assert_eq!(
        faults(TriggerKind::HttpResponse, &v),
        vec![
            ("/headers/X-Fc-Request-Id".to_owned(), "reserved-header"),
            ("/headers/x-fc-a~1b~0c".to_owned(), "reserved-header"),
        ]
    );
    assert!(is_reserved_response_header("Transfer-Encoding"));
    assert!(!is_reserved_response_header("Content-Type"));
}

#[test]
fn response_limits() {
    let v = response(headers_of(4 * KB));
    assert!(faults(TriggerKind::HttpResponse, &v).is_empty());
    let v = response(headers_of(4 * KB + 1));
    assert_eq!(
        faults(TriggerKind::HttpResponse, &v),
        one("/headers", "limit")
    );

    let mut v = response(json!({}));
    v["body"] = json!("r".repeat(6 * MB));
    assert!(faults(TriggerKind::HttpResponse, &v).is_empty());
    v["body"] = json!("r".repeat(6 * MB + 1));
    assert_eq!(faults(TriggerKind::HttpResponse, &v), one("/body", "limit"));
}

#[test]
fn response_status_and_base64_rules() {
    let mut v = response(json!({}));
    v["statusCode"] = json!(99);
    assert_eq!(
        faults(TriggerKind::HttpResponse, &v),
        one("/statusCode", "range")
    );
    v["statusCode"] = json!(599);
    assert!(faults(TriggerKind::HttpResponse, &v).is_empty());

    v["isBase64Encoded"] = json!(true);
    v["body"] = json!("%%%");
    assert_eq!(
        faults(TriggerKind::HttpResponse, &v),
        one("/body", "format")
    );
    v["body"] = json!("JSU=");
    assert!(faults(TriggerKind::HttpResponse, &v).is_empty());
}

#[test]
fn response_builder_matches_apigw_and_validates() {
    let r = HttpResponse::text("hi")
        .status(201)
        .with_header("Content-Type", "text/html");
    assert_eq!(
        r.to_json_value().unwrap(),
        json!({"statusCode": 201, "headers": {"Content-Type": "text/html"}, "isBase64Encoded": false, "body": "hi"})
    );
    assert_eq!(
        r.to_json_value().unwrap(),
        fc_events::apigw::ApigwResponse::text("hi")
            .status(201)
            .with_header("Content-Type", "text/html")
            .to_json_value()
            .unwrap()
    );
    assert!(validate(&r).is_empty());
    // A header the builder is told to set is still checked.
    let r = r.with_header("Server", "mine");
    assert_eq!(
        common::pointer_codes(&validate(&r)),
        [("/headers/Server", "reserved-header")]
    );
}

#[test]
fn platform_error_answers_decode_from_parts() {
    let e = FcErrorResponse::from_parts(
        502,
        [
            ("X-Fc-Error-Type", "UnhandledInvocationError"),
            ("X-Fc-Request-Id", "req-1"),
        ],
        br#"{"Code":"BadResponse","Message":"response is too large"}"#,
    )
    .unwrap();
    assert_eq!(e.error_type, FcErrorType::UnhandledInvocationError);
    assert_eq!(e.status, 502);
    assert_eq!(e.code.as_deref(), Some("BadResponse"));
    assert_eq!(e.message.as_deref(), Some("response is too large"));
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
    assert!(e.is_documented());
    assert_eq!(e.documented_causes().len(), 3);
    assert!(!e.is_retryable());
    assert_eq!(
        e.to_string(),
        "502 UnhandledInvocationError BadResponse: response is too large"
    );

    // The body's request id wins over the header's; a body that is not JSON is kept as is.
    let e = FcErrorResponse::from_parts(
        429,
        vec![("x-fc-error-type".to_owned(), "FcCommonError".to_owned())],
        b"Too Many Requests",
    )
    .unwrap();
    assert_eq!(e.error_type, FcErrorType::FcCommonError);
    assert_eq!((e.code.clone(), e.message.clone()), (None, None));
    assert_eq!(e.body_text(), "Too Many Requests");
    assert!(e.is_retryable());

    for (status, retry) in [
        (400, false),
        (403, false),
        (404, false),
        (500, true),
        (503, true),
    ] {
        let e = FcErrorResponse::from_parts(status, [("X-FC-ERROR-TYPE", "FcCommonError")], b"")
            .unwrap();
        assert!(e.is_documented(), "{status}");
        assert_eq!(e.is_retryable(), retry, "{status}");
    }

    // Unknown types are kept; undocumented pairs say so.
    let e = FcErrorResponse::from_parts(418, [("X-Fc-Error-Type", "TeapotError")], b"{}").unwrap();
    assert_eq!(e.error_type, FcErrorType::Other("TeapotError".into()));
    assert!(!e.is_documented());
    assert!(e.documented_causes().is_empty());

    // Without the header the answer is the function's own.
    assert!(FcErrorResponse::from_parts(500, [("Content-Type", "text/plain")], b"boom").is_none());
}

#[test]
fn samples_decode_validate_and_are_detected() {
    for kind in [TriggerKind::HttpRequest, TriggerKind::HttpResponse] {
        let bytes = fc_events::samples::sample(kind).unwrap();
        let event = Event::from_slice_as(kind, bytes).unwrap();
        assert!(event.validate().is_empty(), "{kind}");
        assert_eq!(Event::from_slice(bytes).unwrap().kind(), kind);
    }
}
