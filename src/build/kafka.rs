//! Kafka: samples and constructors.

use crate::events::kafka::{KafkaCloudEvent, KafkaData, KafkaEvent, KafkaRecord};
use crate::wire::{JsonText, Text};

impl KafkaEvent {
    /// The bundled sample (`fc-events sample kafka`): a batch of two `alikafka:Topic:Message`
    /// events, partition 7, offset 25, key `keytest`, value `hello kafka msg`.
    ///
    /// ```
    /// use fc_events::kafka::KafkaEvent;
    ///
    /// let mut batch = KafkaEvent::sample();
    /// batch.as_mut_slice()[0].data.typed_mut().unwrap().offset = 26;
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch with one event per record (each [`KafkaCloudEvent::from_data`], sent as an object,
    /// with ids `00000000-0000-4000-8000-000000000001`, `…0002`, …).
    ///
    /// ```
    /// use fc_events::kafka::{KafkaData, KafkaEvent};
    ///
    /// let batch = KafkaEvent::new([KafkaData::new("clicks", "a"), KafkaData::new("clicks", "b")]);
    /// assert_eq!(batch.as_slice()[1].data.as_typed().unwrap().value_str().as_deref(), Some("b"));
    /// ```
    pub fn new(records: impl IntoIterator<Item = KafkaData>) -> Self {
        let events = super::batch(KafkaCloudEvent::sample(), records);
        KafkaEvent::from(
            events
                .into_iter()
                .map(KafkaRecord::object)
                .collect::<Vec<_>>(),
        )
    }
}

impl KafkaRecord {
    /// The first record of [`KafkaEvent::sample`] (an object, not a JSON string).
    ///
    /// ```
    /// use fc_events::kafka::KafkaRecord;
    ///
    /// assert!(!KafkaRecord::sample().is_string());
    /// ```
    pub fn sample() -> Self {
        super::first(KafkaEvent::sample())
    }
}

impl KafkaCloudEvent {
    /// The event of [`KafkaRecord::sample`].
    ///
    /// ```
    /// use fc_events::kafka::KafkaCloudEvent;
    ///
    /// assert_eq!(KafkaCloudEvent::sample().ty, "alikafka:Topic:Message");
    /// ```
    pub fn sample() -> Self {
        KafkaRecord::sample().into_inner()
    }

    /// An event carrying `data`, with the sample's attributes (id, `acs:alikafka`,
    /// `alikafka:Topic:Message`, subject, time `2022-06-23T02:49:51.589Z`, account).
    ///
    /// ```
    /// use fc_events::kafka::{KafkaCloudEvent, KafkaData};
    ///
    /// let event = KafkaCloudEvent::from_data(KafkaData::new("clicks", "a"));
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn from_data(data: KafkaData) -> Self {
        let mut event = KafkaCloudEvent::sample();
        event.data = data.into();
        event
    }
}

impl KafkaData {
    /// The `data` of [`KafkaCloudEvent::sample`].
    ///
    /// ```
    /// assert_eq!(fc_events::kafka::KafkaData::sample().partition, 7);
    /// ```
    pub fn sample() -> Self {
        super::typed(KafkaCloudEvent::sample().data)
    }

    /// A record with the string value `value` on `topic`, without a key; partition, offset,
    /// timestamp (`1655952591589`) and headers are the sample's. For a JSON value set `value` to a
    /// [`JsonText`] (`JsonText::parse`).
    ///
    /// ```
    /// use fc_events::kafka::KafkaData;
    /// use fc_events::JsonText;
    ///
    /// let mut data = KafkaData::new("clicks", "a");
    /// data.key = Some(JsonText::string("user-1"));
    /// assert_eq!(data.key_str().as_deref(), Some("user-1"));
    /// ```
    pub fn new(topic: impl Into<Text>, value: &str) -> Self {
        let mut data = KafkaData::sample();
        data.topic = topic.into();
        data.key = None;
        data.value = JsonText::string(value);
        data
    }
}
