//! CDN: samples and constructors.

use crate::events::cdn::{CdnEvent, CdnEventName, CdnEventParameter, CdnRecord};
use crate::wire::Text;

impl CdnEvent {
    /// The bundled sample (`fc-events sample cdn`): one `LogFileCreated` record for domain
    /// `example.com` at `2018-06-14T15:31:49+08:00`.
    ///
    /// ```
    /// use fc_events::cdn::CdnEvent;
    ///
    /// let mut event = CdnEvent::sample();
    /// event.events[0].region = "cn-shanghai".into();
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A payload holding `records`.
    ///
    /// ```
    /// use fc_events::cdn::{CdnEvent, CdnRecord};
    ///
    /// let event = CdnEvent::new([CdnRecord::log_file_created("img.example.com", "https://logs/a.gz")]);
    /// assert_eq!(event.events.len(), 1);
    /// ```
    pub fn new(records: impl IntoIterator<Item = CdnRecord>) -> Self {
        CdnEvent {
            events: records.into_iter().collect(),
            ..Default::default()
        }
    }
}

impl CdnRecord {
    /// The record of [`CdnEvent::sample`].
    ///
    /// ```
    /// use fc_events::cdn::{CdnEventName, CdnRecord};
    ///
    /// assert_eq!(CdnRecord::sample().event_name, CdnEventName::LogFileCreated);
    /// ```
    pub fn sample() -> Self {
        CdnEvent::sample().events.swap_remove(0)
    }

    /// A `LogFileCreated` record: the access-log file at `file_path` for `domain` is ready. The
    /// period (`1528959600`–`1528959900`), size, time, trace id and account are the sample's.
    ///
    /// ```
    /// use fc_events::cdn::{CdnEventParameter, CdnRecord};
    ///
    /// let record = CdnRecord::log_file_created("img.example.com", "https://logs/a.gz");
    /// assert_eq!(record.resource.domain, "img.example.com");
    /// assert_eq!(record.event_parameter.domain(), Some("img.example.com"));
    /// assert!(fc_events::validate::validate(&record).is_empty());
    /// ```
    pub fn log_file_created(domain: impl Into<Text>, file_path: impl Into<Text>) -> Self {
        let mut record = CdnRecord::sample();
        let domain = domain.into();
        record.event_name = CdnEventName::LogFileCreated;
        if let CdnEventParameter::LogFile(p) = &mut record.event_parameter {
            p.domain = domain.clone();
            p.file_path = file_path.into();
        }
        record.resource.domain = domain;
        record
    }
}
