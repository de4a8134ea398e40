//! The OSS model as plain derived structs, shared by `benches/decode.rs` (time) and
//! `examples/perfprobe.rs` (instructions), so both measure the same baselines.

/// The OSS model as plain derived structs that drop unknown members, with text members of type
/// `$text`: with `Text` (the same member types as the crate) the cost floor for capture; with
/// `String`, the ad-hoc structs a handler would write by hand.
macro_rules! plain_oss {
    ($m:ident, $text:ty) => {
        #[allow(dead_code)] // the fields exist to be decoded, not read
        pub mod $m {
            use serde::Deserialize;

            #[derive(Deserialize)]
            pub struct Event {
                pub events: Vec<Record>,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Record {
                pub event_name: $text,
                pub event_source: $text,
                pub event_time: $text,
                pub event_version: $text,
                pub region: $text,
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
                pub oss_schema_version: $text,
                pub rule_id: $text,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Bucket {
                pub name: $text,
                pub arn: $text,
                pub owner_identity: $text,
                pub virtual_bucket: Option<$text>,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Object {
                pub key: $text,
                pub size: i64,
                pub delta_size: i64,
                #[serde(rename = "eTag")]
                pub e_tag: Option<$text>,
                pub object_meta: Option<ObjectMeta>,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct ObjectMeta {
                pub mime_type: Option<$text>,
                pub user_meta: Option<std::collections::BTreeMap<String, $text>>,
            }
            #[derive(Deserialize)]
            pub struct RequestParameters {
                #[serde(rename = "sourceIPAddress")]
                pub source_ip_address: $text,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct ResponseElements {
                pub request_id: $text,
            }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct UserIdentity {
                pub principal_id: $text,
            }
        }
    };
}

plain_oss!(plain, fc_events::Text);
plain_oss!(adhoc, String);
