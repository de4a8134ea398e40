//! The OSS baselines as plain derived structs, shared by `benches/decode.rs` (time) and
//! `examples/perfprobe.rs` (instructions), so both measure the same baselines.
//!
//! * `plain`: every member `fc_events::oss` models, with the crate's own member types (open event
//!   names, RFC 3339 times, `StringMap`, `Text`), derived with serde and dropping unknown members:
//!   the same decode without capture, so against it the typed decode's extra cost is capture's.
//! * `adhoc`: what a handler would write by hand: the members of the sample, text as `String`.

/// The whole OSS model as derived structs, the crate's member types, no capture of unknown members.
#[allow(dead_code)] // the fields exist to be decoded, not read
pub mod plain {
    use fc_events::oss::{OssEventName, StringMap};
    use fc_events::time::Rfc3339;
    use fc_events::Text;
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Event {
        pub events: Vec<Record>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Record {
        pub event_name: OssEventName,
        pub event_source: Text,
        pub event_time: Rfc3339,
        pub event_version: Text,
        pub region: Text,
        pub oss: Oss,
        pub request_parameters: RequestParameters,
        pub response_elements: ResponseElements,
        pub user_identity: UserIdentity,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Oss {
        pub bucket: Bucket,
        pub object: Object,
        pub oss_schema_version: Text,
        pub rule_id: Option<Text>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Bucket {
        pub name: Text,
        pub arn: Text,
        pub owner_identity: Text,
        pub virtual_bucket: Option<Text>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Object {
        pub key: Text,
        pub size: i64,
        pub delta_size: i64,
        #[serde(rename = "eTag")]
        pub e_tag: Option<Text>,
        pub object_meta: Option<ObjectMeta>,
        pub position: Option<i64>,
        pub read_from: Option<i64>,
        pub read_to: Option<i64>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ObjectMeta {
        pub mime_type: Option<Text>,
        pub user_meta: Option<StringMap>,
        pub cache_control: Option<Text>,
        pub content_encoding: Option<Text>,
        pub content_disposition: Option<Text>,
        pub expires: Option<Text>,
        pub content_language: Option<Text>,
        pub access_control_allow_origin: Option<Text>,
        pub persistent_meta: Option<StringMap>,
    }
    #[derive(Deserialize)]
    pub struct RequestParameters {
        #[serde(rename = "sourceIPAddress")]
        pub source_ip_address: Text,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ResponseElements {
        pub request_id: Text,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserIdentity {
        pub principal_id: Text,
    }
}

/// The members of the OSS sample as derived structs that drop unknown members, text as `String`: the
/// ad-hoc structs a handler would write by hand.
#[allow(dead_code)] // the fields exist to be decoded, not read
pub mod adhoc {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Event {
        pub events: Vec<Record>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Record {
        pub event_name: String,
        pub event_source: String,
        pub event_time: String,
        pub event_version: String,
        pub region: String,
        pub oss: Oss,
        pub request_parameters: RequestParameters,
        pub response_elements: ResponseElements,
        pub user_identity: UserIdentity,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Oss {
        pub bucket: Bucket,
        pub object: Object,
        pub oss_schema_version: String,
        pub rule_id: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Bucket {
        pub name: String,
        pub arn: String,
        pub owner_identity: String,
        pub virtual_bucket: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Object {
        pub key: String,
        pub size: i64,
        pub delta_size: i64,
        #[serde(rename = "eTag")]
        pub e_tag: Option<String>,
        pub object_meta: Option<ObjectMeta>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ObjectMeta {
        pub mime_type: Option<String>,
        pub user_meta: Option<std::collections::BTreeMap<String, String>>,
    }
    #[derive(Deserialize)]
    pub struct RequestParameters {
        #[serde(rename = "sourceIPAddress")]
        pub source_ip_address: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ResponseElements {
        pub request_id: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserIdentity {
        pub principal_id: String,
    }
}
