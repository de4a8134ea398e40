//! MNS queue: samples and constructors.

use crate::events::mns_queue::{MnsQueueCloudEvent, MnsQueueData, MnsQueueEvent};
use crate::wire::Text;

impl MnsQueueEvent {
    /// The bundled sample (`fc-events sample mns-queue`): a batch of two `mns:Queue:SendMessage`
    /// events with body `TEST` from queue `zeus`.
    ///
    /// ```
    /// use fc_events::mns_queue::MnsQueueEvent;
    ///
    /// let mut batch = MnsQueueEvent::sample();
    /// batch.as_mut_slice()[1].data.typed_mut().unwrap().message_body = "second".into();
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch with one event per message (each [`MnsQueueCloudEvent::from_data`], with ids
    /// `00000000-0000-4000-8000-000000000001`, `…0002`, …).
    ///
    /// ```
    /// use fc_events::mns_queue::{MnsQueueData, MnsQueueEvent};
    ///
    /// let batch = MnsQueueEvent::new([MnsQueueData::new("order 1"), MnsQueueData::new("order 2")]);
    /// assert_eq!(batch.len(), 2);
    /// assert_eq!(batch.as_slice()[1].id, "00000000-0000-4000-8000-000000000002");
    /// ```
    pub fn new(messages: impl IntoIterator<Item = MnsQueueData>) -> Self {
        MnsQueueEvent::from(super::batch(MnsQueueCloudEvent::sample(), messages))
    }
}

impl MnsQueueCloudEvent {
    /// The first event of [`MnsQueueEvent::sample`].
    ///
    /// ```
    /// use fc_events::mns_queue::MnsQueueCloudEvent;
    ///
    /// assert_eq!(MnsQueueCloudEvent::sample().ty, "mns:Queue:SendMessage");
    /// ```
    pub fn sample() -> Self {
        super::first(MnsQueueEvent::sample())
    }

    /// An event carrying `data`, with the sample's attributes (id, source, `mns:Queue:SendMessage`,
    /// subject, times `2021-04-08T06:28:17.093Z`/`2021-10-15T07:06:34.028Z`, account, region).
    ///
    /// ```
    /// use fc_events::mns_queue::{MnsQueueCloudEvent, MnsQueueData};
    ///
    /// let event = MnsQueueCloudEvent::from_data(MnsQueueData::new("hello"));
    /// assert_eq!(event.data.as_typed().unwrap().message_body, "hello");
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn from_data(data: MnsQueueData) -> Self {
        let mut event = MnsQueueCloudEvent::sample();
        event.data = data.into();
        event
    }
}

impl MnsQueueData {
    /// The `data` of [`MnsQueueCloudEvent::sample`].
    ///
    /// ```
    /// assert_eq!(fc_events::mns_queue::MnsQueueData::sample().message_body, "TEST");
    /// ```
    pub fn sample() -> Self {
        super::typed(MnsQueueCloudEvent::sample().data)
    }

    /// A message with body `body` (plain text; put base64 text here for a base64 queue). The
    /// request and message ids are the sample's.
    ///
    /// ```
    /// use fc_events::mns_queue::MnsQueueData;
    ///
    /// let mut data = MnsQueueData::new("aGVsbG8=");
    /// data.message_id = "MSG-2".into();
    /// assert_eq!(data.decode_body_base64().unwrap(), b"hello");
    /// ```
    pub fn new(body: impl Into<Text>) -> Self {
        let mut data = MnsQueueData::sample();
        data.message_body = body.into();
        data
    }
}
