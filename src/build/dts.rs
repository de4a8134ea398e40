//! DTS: samples and constructors.

use crate::events::dts::{DtsCloudEvent, DtsData, DtsEvent};

impl DtsEvent {
    /// The bundled sample (`fc-events sample dts`): one `dts:ConsumeMessage` event, an `UPDATE` of
    /// row `id` 115 of `message_info` (MySQL), with its schema and before/after images.
    ///
    /// A change record carries its table's schema, so tests vary this sample rather than build
    /// one from parts:
    ///
    /// ```
    /// use fc_events::dts::{DtsEvent, DtsOperationType};
    ///
    /// let mut batch = DtsEvent::sample();
    /// let data = batch.as_mut_slice()[0].data.typed_mut().unwrap();
    /// data.operation_type = DtsOperationType::Insert;
    /// data.before_image = None;
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch with one event per change record (each [`DtsCloudEvent::from_data`], with ids
    /// `00000000-0000-4000-8000-000000000001`, `…0002`, …).
    ///
    /// ```
    /// use fc_events::dts::{DtsData, DtsEvent};
    ///
    /// let mut second = DtsData::sample();
    /// second.offset += 1;
    /// let batch = DtsEvent::new([DtsData::sample(), second]);
    /// assert_eq!(batch.len(), 2);
    /// ```
    pub fn new(records: impl IntoIterator<Item = DtsData>) -> Self {
        DtsEvent::from(super::batch(DtsCloudEvent::sample(), records))
    }
}

impl DtsCloudEvent {
    /// The event of [`DtsEvent::sample`].
    ///
    /// ```
    /// use fc_events::dts::DtsCloudEvent;
    ///
    /// assert_eq!(DtsCloudEvent::sample().ty, "dts:ConsumeMessage");
    /// ```
    pub fn sample() -> Self {
        super::first(DtsEvent::sample())
    }

    /// An event carrying `data`, with the sample's attributes (id, source `DTSstreamDemo`,
    /// `dts:ConsumeMessage`, subject, time `2022-06-10T07:55:57Z`).
    ///
    /// ```
    /// use fc_events::dts::{DtsCloudEvent, DtsData};
    ///
    /// let mut data = DtsData::sample();
    /// data.offset = 1;
    /// let event = DtsCloudEvent::from_data(data);
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn from_data(data: DtsData) -> Self {
        let mut event = DtsCloudEvent::sample();
        event.data = data.into();
        event
    }
}

impl DtsData {
    /// The `data` of [`DtsCloudEvent::sample`].
    ///
    /// ```
    /// use fc_events::dts::{DtsData, DtsOperationType};
    ///
    /// assert_eq!(DtsData::sample().operation_type, DtsOperationType::Update);
    /// ```
    pub fn sample() -> Self {
        super::typed(DtsCloudEvent::sample().data)
    }
}
