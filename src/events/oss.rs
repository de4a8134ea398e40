//! OSS (Object Storage Service) trigger: object notifications.
//!
//! A native OSS trigger invokes the function with `{"events": [record, ...]}` (every published sample
//! has one record, but the type is an array):
//!
//! ```
//! use fc_events::oss::{OssEvent, OssEventName};
//!
//! let bytes = br#"{"events":[{"eventName":"ObjectCreated:PutObject","eventSource":"acs:oss",
//!   "eventTime":"2022-08-13T06:45:43.000Z","eventVersion":"1.0","region":"cn-hangzhou",
//!   "oss":{"bucket":{"arn":"acs:oss:cn-hangzhou:123456789:testbucket","name":"testbucket",
//!   "ownerIdentity":"164901546557"},"object":{"deltaSize":122539,"eTag":"688A7BF4F233DC9C",
//!   "key":"source/a.png","size":122539},"ossSchemaVersion":"1.0","ruleId":"9adac8e2"},
//!   "requestParameters":{"sourceIPAddress":"140.205.1.1"},
//!   "responseElements":{"requestId":"58F9FF2D3DF792092E12044C"},
//!   "userIdentity":{"principalId":"164901546557"}}]}"#;
//! let event = OssEvent::from_slice(bytes)?;
//! let record = &event.events[0];
//! assert_eq!(record.event_name, OssEventName::PutObject);
//! assert_eq!(record.oss.object.key, "source/a.png");
//! assert_eq!(record.event_time.to_utc()?.timestamp(), 1_660_373_143);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quirks:
//! * `eventName` has **no** `oss:` prefix here (`ObjectCreated:PutObject`); the prefix appears only in
//!   trigger configuration and in EventBridge `type`. Unknown names are kept in
//!   [`OssEventName::Other`].
//! * `virtualBucket` is `""` in older payloads and absent in newer ones.
//! * `deltaSize` is negative when an overwrite shrinks the object; sizes exceed 2^32.
//! * `objectMeta` carries `mimeType` and, in FC 3.0, `userMeta` (keys keep the `x-oss-meta-` prefix).
//! * `oss.object.key` is kept exactly as received; whether OSS URL-encodes it is not documented.
//!
//! Documented in the FC help page "Formats of event for different triggers" (OSS section).
//!
//! Evidence (member audit): the fc3-doc, go-sdk, devsapp and awesome-fc samples, two awesome-fc
//! sample events, the OSS docs' event-notification pages (AlibabaCloudDocs/oss: the `GetObject` sample and
//! the schema sketches) and the corpus (`tests/fixtures/real/oss/`). Every member decoding requires is sent
//! by all of them. `eTag` is sent by every sample and capture too, where FORMATS.md says "usually": it stays
//! optional to decoding and validation now requires it of the native trigger, naming the event name
//! (`/events/<i>/oss/object/eTag`). `virtualBucket`, `objectMeta` and its members, `position`, `readFrom`
//! and `readTo` are absent from some sources and stay optional. The OSS docs' `GetObject` sample also sends
//! `xVars` (callback variables), kept in `extra`.

use crate::model::validate::{code, Validate, Validator};
use crate::model::Payload;
use crate::wire::error::DecodeError;
use crate::wire::kind::TriggerKind;
use crate::wire::time::Rfc3339;
pub use crate::wire::StringMap;
use crate::wire::Text;

crate::codec::wire_struct! {
    /// The payload of a native OSS trigger.
    #[derive(Debug, Clone, PartialEq, Default)]
    #[cfg_attr(feature = "schema", schemars(transform = records_name_their_rule))]
    pub struct OssEvent {
        /// The notification records; one per invocation in practice.
        ///
        /// Sent by every documented sample and capture.
        "events" => pub events: Vec<OssRecord>,
    }
}

/// The schema of [`OssEvent`]: each record's `oss.ruleId` and `oss.object.eTag` required, as
/// validation requires them of the native trigger (the shared [`OssRecord`] leaves it optional for EventBridge).
#[cfg(feature = "schema")]
fn records_name_their_rule(schema: &mut schemars::Schema) {
    if let Some(items) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("events"))
        .and_then(|e| e.get_mut("items"))
    {
        let record = items.take();
        *items = serde_json::json!({
            "allOf": [
                record,
                {
                    "properties": {
                        "oss": {
                            "required": ["ruleId"],
                            "properties": {
                                "ruleId": { "type": "string" },
                                "object": {
                                    "required": ["eTag"],
                                    "properties": { "eTag": { "type": "string" } }
                                }
                            }
                        }
                    }
                }
            ]
        });
    }
}

impl OssEvent {
    /// Decodes a payload from JSON bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        <Self as Payload>::decode(bytes)
    }
}

impl Payload for OssEvent {
    const KIND: TriggerKind = TriggerKind::Oss;
}

impl Validate for OssEvent {
    fn validate(&self, v: &mut Validator) {
        v.field("events", &self.events);
        // The native trigger fires through a notification rule, so each record names it (the
        // EventBridge path shares `OssRecord` but has no rule).
        v.at("events", |v| {
            for (i, record) in self.events.iter().enumerate() {
                if record.oss.rule_id.is_none() {
                    v.at_index(i, |v| {
                        v.at("oss", |v| {
                            v.fault_at(
                                "ruleId",
                                code::REQUIRED,
                                "expected `ruleId`, which every OSS trigger notification carries, found none",
                            )
                        })
                    });
                }
                // Every documented notification of every event name carries `eTag`; the fault names
                // the event name it is missing from.
                if record.oss.object.e_tag.is_none() {
                    let carrier = format!(
                        "every documented `{}` notification",
                        record.event_name.as_str()
                    );
                    v.at_index(i, |v| {
                        v.at("oss", |v| v.at("object", |v| v.require("eTag", false, &carrier)))
                    });
                }
            }
        });
    }
}

impl Validate for OssRecord {
    fn validate(&self, v: &mut Validator) {
        v.rfc3339("eventTime", &self.event_time);
        v.at("oss", |v| {
            v.at("bucket", |v| v.non_empty("name", &self.oss.bucket.name));
            v.at("object", |v| {
                let o = &self.oss.object;
                v.non_negative("size", o.size);
                for (key, n) in [
                    ("position", o.position),
                    ("readFrom", o.read_from),
                    ("readTo", o.read_to),
                ] {
                    if let Some(n) = n {
                        v.non_negative(key, n);
                    }
                }
            });
        });
    }
}

crate::codec::wire_struct! {
    /// One object notification.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssRecord {
        /// What happened, without the `oss:` prefix (`ObjectCreated:PutObject`).
        ///
        /// Sent by every documented sample and capture.
        "eventName" => pub event_name: OssEventName,
        /// Always `acs:oss`.
        ///
        /// Sent by every documented sample and capture.
        "eventSource" => pub event_source: Text,
        /// When it happened, RFC 3339 with milliseconds (`2022-08-13T06:45:43.000Z`).
        ///
        /// Sent by every documented sample and capture.
        "eventTime" => pub event_time: Rfc3339,
        /// `1.0`.
        ///
        /// Sent by every documented sample and capture.
        "eventVersion" => pub event_version: Text,
        /// The bucket's region, e.g. `cn-hangzhou`.
        ///
        /// Sent by every documented sample and capture.
        "region" => pub region: Text,
        /// Bucket and object.
        ///
        /// Sent by every documented sample and capture.
        "oss" => pub oss: OssEntity,
        /// Who made the request.
        ///
        /// Sent by every documented sample and capture.
        "requestParameters" => pub request_parameters: OssRequestParameters,
        /// The OSS request id.
        ///
        /// Sent by every documented sample and capture.
        "responseElements" => pub response_elements: OssResponseElements,
        /// The account that made the request.
        ///
        /// Sent by every documented sample and capture.
        "userIdentity" => pub user_identity: OssUserIdentity,
    }
}

crate::codec::wire_struct! {
    /// The `oss` member of a record.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssEntity {
        /// The bucket.
        ///
        /// Sent by every documented sample and capture.
        "bucket" => pub bucket: OssBucket,
        /// The object.
        ///
        /// Sent by every documented sample and capture.
        "object" => pub object: OssObject,
        /// `1.0`.
        ///
        /// Sent by every documented sample and capture.
        "ossSchemaVersion" => pub oss_schema_version: Text,
        /// The id of the notification rule (40 hex characters). Every OSS trigger notification
        /// carries it (validation requires it there); an `acs.oss` event delivered through EventBridge
        /// has no notification rule and no `ruleId`.
        ///
        /// Sent by every native sample and capture; absent from EventBridge `acs.oss` data (event-tracking captures), which shares this type.
        "ruleId" => pub rule_id: Option<Text>,
    }
}

crate::codec::wire_struct! {
    /// The bucket an event happened in.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssBucket {
        /// The bucket name.
        #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
        ///
        /// Sent by every documented sample and capture.
        "name" => pub name: Text,
        /// `acs:oss:{region}:{uid}:{bucket}`.
        ///
        /// Sent by every documented sample and capture.
        "arn" => pub arn: Text,
        /// The owner's account id (digits, as a string).
        ///
        /// Sent by every documented sample and capture.
        "ownerIdentity" => pub owner_identity: Text,
        /// `""` in older payloads, absent in newer ones.
        ///
        /// `""` in the go-sdk, devsapp and awesome-fc samples; absent from the fc3-doc sample and the OSS docs' `GetObject` sample.
        "virtualBucket" => pub virtual_bucket: Option<Text>,
    }
}

crate::codec::wire_struct! {
    /// The object an event is about.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssObject {
        /// The object key, exactly as received.
        ///
        /// Sent by every documented sample and capture.
        "key" => pub key: Text,
        /// Size in bytes.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        ///
        /// Sent by every documented sample and capture.
        "size" => pub size: i64,
        /// Change in size; negative when an overwrite shrinks the object.
        ///
        /// Sent by every documented sample and capture.
        "deltaSize" => pub delta_size: i64,
        /// The ETag (upper-case hex, no quotes). Note the spelling `eTag`.
        ///
        /// Sent by every documented sample and capture (FORMATS.md: "usually"); optional to decoding, required by the native trigger's validation.
        "eTag" => pub e_tag: Option<Text>,
        /// Object metadata.
        ///
        /// Sent by the fc3-doc, go-sdk and awesome-fc samples; absent from the devsapp template and the OSS docs' `GetObject` sample.
        "objectMeta" => pub object_meta: Option<OssObjectMeta>,
        /// Append position (AppendObject), when sent.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        ///
        /// In the OSS docs' schema sketch only; no sample or capture sends it.
        "position" => pub position: Option<i64>,
        /// Start of a ranged read, when sent.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        ///
        /// Sent by the OSS docs' `GetObject` samples only (download events).
        "readFrom" => pub read_from: Option<i64>,
        /// End of a ranged read, when sent.
        #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
        ///
        /// Sent by the OSS docs' `GetObject` samples only (download events).
        "readTo" => pub read_to: Option<i64>,
    }
}

crate::codec::wire_struct! {
    /// Object metadata sent with the notification.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssObjectMeta {
        /// Content type, e.g. `application/zip`.
        ///
        /// Sent wherever `objectMeta` is (fc3-doc, go-sdk and awesome-fc samples).
        "mimeType" => pub mime_type: Option<Text>,
        /// User metadata; keys keep the `x-oss-meta-` prefix. Kept in arrival order; a name given
        /// twice is a decode error.
        ///
        /// Sent by the fc3-doc sample only.
        "userMeta" => pub user_meta: Option<StringMap>,
        /// `Cache-Control`.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "cacheControl" => pub cache_control: Option<Text>,
        /// `Content-Encoding`.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "contentEncoding" => pub content_encoding: Option<Text>,
        /// `Content-Disposition`.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "contentDisposition" => pub content_disposition: Option<Text>,
        /// `Expires`.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "expires" => pub expires: Option<Text>,
        /// `Content-Language`.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "contentLanguage" => pub content_language: Option<Text>,
        /// `Access-Control-Allow-Origin`.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "accessControlAllowOrigin" => pub access_control_allow_origin: Option<Text>,
        /// Persistent metadata.
        ///
        /// In the FC Java library's model only; no sample or capture sends it.
        "persistentMeta" => pub persistent_meta: Option<StringMap>,
    }
}

crate::codec::wire_struct! {
    /// `requestParameters`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssRequestParameters {
        /// The client's IP address.
        ///
        /// Sent by every documented sample and capture.
        "sourceIPAddress" => pub source_ip_address: Text,
    }
}

crate::codec::wire_struct! {
    /// `responseElements`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssResponseElements {
        /// The OSS request id (24 hex characters).
        ///
        /// Sent by every documented sample and capture.
        "requestId" => pub request_id: Text,
    }
}

crate::codec::wire_struct! {
    /// `userIdentity`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OssUserIdentity {
        /// The requester's account id, as a string.
        ///
        /// Sent by every documented sample and capture.
        "principalId" => pub principal_id: Text,
    }
}

crate::codec::open_enum! {
    /// An OSS event name as it appears in the payload (no `oss:` prefix).
    #[derive(Default)]
    pub enum OssEventName {
        #[default]
        PutObject = "ObjectCreated:PutObject",
        PutSymlink = "ObjectCreated:PutSymlink",
        PostObject = "ObjectCreated:PostObject",
        CopyObject = "ObjectCreated:CopyObject",
        InitiateMultipartUpload = "ObjectCreated:InitiateMultipartUpload",
        UploadPart = "ObjectCreated:UploadPart",
        UploadPartCopy = "ObjectCreated:UploadPartCopy",
        CompleteMultipartUpload = "ObjectCreated:CompleteMultipartUpload",
        AppendObject = "ObjectCreated:AppendObject",
        DeleteObject = "ObjectRemoved:DeleteObject",
        DeleteObjects = "ObjectRemoved:DeleteObjects",
        AbortMultipartUpload = "ObjectRemoved:AbortMultipartUpload",
        UpdateObjectMeta = "ObjectModified:UpdateObjectMeta",
        GetObject = "ObjectDownloaded:GetObject",
    }
}

impl OssEventName {
    /// The group before the colon: `ObjectCreated`, `ObjectRemoved`, `ObjectModified`, ….
    pub fn group(&self) -> &str {
        let s = self.as_str();
        s.split_once(':').map_or(s, |(g, _)| g)
    }

    /// Whether the name is in the `ObjectCreated` group.
    pub fn is_created(&self) -> bool {
        self.group() == "ObjectCreated"
    }

    /// Whether the name is in the `ObjectRemoved` group.
    pub fn is_removed(&self) -> bool {
        self.group() == "ObjectRemoved"
    }
}
