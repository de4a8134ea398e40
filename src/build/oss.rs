//! OSS: samples and constructors.

use crate::events::oss::{OssEvent, OssEventName, OssRecord};
use crate::wire::Text;

/// The ETag OSS gives empty content: the MD5 of no bytes, upper-case hex.
const EMPTY_ETAG: &str = "D41D8CD98F00B204E9800998ECF8427E";

impl OssEvent {
    /// The bundled sample (`fc-events sample oss`): one `ObjectCreated:PutObject` record for
    /// `source/a.png` in bucket `testbucket`, `cn-hangzhou`, at `2022-08-13T06:45:43.000Z`.
    ///
    /// Vary it field by field:
    ///
    /// ```
    /// use fc_events::oss::OssEvent;
    ///
    /// let mut event = OssEvent::sample();
    /// event.events[0].oss.object.key = "incoming/b.zip".into();
    /// event.events[0].oss.object.size = 42;
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A payload holding `records`.
    ///
    /// ```
    /// use fc_events::oss::{OssEvent, OssEventName, OssRecord};
    ///
    /// let event = OssEvent::new([
    ///     OssRecord::new(OssEventName::PutObject, "photos", "a.png"),
    ///     OssRecord::new(OssEventName::DeleteObject, "photos", "b.png"),
    /// ]);
    /// assert_eq!(event.events.len(), 2);
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn new(records: impl IntoIterator<Item = OssRecord>) -> Self {
        OssEvent {
            events: records.into_iter().collect(),
            ..Default::default()
        }
    }
}

impl OssRecord {
    /// The record of [`OssEvent::sample`].
    ///
    /// ```
    /// use fc_events::oss::OssRecord;
    ///
    /// let record = OssRecord::sample();
    /// assert_eq!(record.oss.bucket.name, "testbucket");
    /// ```
    pub fn sample() -> Self {
        OssEvent::sample().events.swap_remove(0)
    }

    /// A record of `event_name` on object `key` in `bucket`.
    ///
    /// The bucket's `arn` is made from the region, owner and `bucket`; the object has size 0, the
    /// ETag of empty content (`D41D8CD98F00B204E9800998ECF8427E`, the MD5 of nothing, as OSS writes
    /// it) and no metadata; everything else (region `cn-hangzhou`, time
    /// `2022-08-13T06:45:43.000Z`, ids) is the sample's.
    ///
    /// ```
    /// use fc_events::oss::{OssEventName, OssRecord};
    ///
    /// let mut record = OssRecord::new(OssEventName::PutObject, "photos", "2024/cat.jpg");
    /// record.oss.object.size = 1024;
    /// assert_eq!(record.oss.bucket.arn, "acs:oss:cn-hangzhou:164901546557****:photos");
    /// assert!(record.event_name.is_created());
    /// ```
    pub fn new(event_name: OssEventName, bucket: impl Into<Text>, key: impl Into<Text>) -> Self {
        let mut record = OssRecord::sample();
        let bucket = bucket.into();
        record.event_name = event_name;
        record.oss.bucket.arn = Text::from(format!(
            "acs:oss:{}:{}:{}",
            record.region, record.oss.bucket.owner_identity, bucket
        ));
        record.oss.bucket.name = bucket;
        let object = &mut record.oss.object;
        object.key = key.into();
        object.size = 0;
        object.delta_size = 0;
        object.e_tag = Some(Text::from(EMPTY_ETAG));
        object.object_meta = None;
        record
    }
}
