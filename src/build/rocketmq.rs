//! RocketMQ: samples and constructors.

use crate::events::rocketmq::{
    RocketmqApacheMessage, RocketmqCloudEvent, RocketmqData, RocketmqEvent, RocketmqMessage,
};
use crate::wire::Text;

/// A self-hosted Apache RocketMQ message: the FC 3.0 guide's sample ("Formats of event for
/// different triggers"), with the masked id completed.
const APACHE_SAMPLE: &str = r#"{"msgId":"7F0000010BDD2A84AEE70DA49B570001","topic":"testTopic","systemProperties":{"UNIQ_KEY":"7F0000010BDD2A84AEE70DA49B570001","CLUSTER":"DefaultCluster","MIN_OFFSET":"0","TAGS":"TagA","MAX_OFFSET":"128"},"userProperties":{},"body":"Hello RocketMQ"}"#;

impl RocketmqEvent {
    /// The bundled sample (`fc-events sample rocketmq`): a batch of two EventBridge
    /// `mq:Topic:SendMessage` events with body `TEST` on topic `TopicName`.
    ///
    /// ```
    /// use fc_events::rocketmq::{RocketmqEvent, RocketmqMessage};
    ///
    /// let mut batch = RocketmqEvent::sample();
    /// if let RocketmqMessage::CloudEvent(e) = &mut batch.as_mut_slice()[0] {
    ///     e.data.typed_mut().unwrap().body = "changed".into();
    /// }
    /// assert_eq!(batch.as_slice()[0].body(), Ok("changed"));
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch of EventBridge events, one per message (each [`RocketmqCloudEvent::from_data`],
    /// with ids `00000000-0000-4000-8000-000000000001`, `…0002`, …).
    ///
    /// ```
    /// use fc_events::rocketmq::{RocketmqData, RocketmqEvent};
    ///
    /// let batch = RocketmqEvent::new([RocketmqData::new("orders", "order 1")]);
    /// assert_eq!(batch.as_slice()[0].topic(), Ok("orders"));
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn new(messages: impl IntoIterator<Item = RocketmqData>) -> Self {
        let events = super::batch(RocketmqCloudEvent::sample(), messages);
        RocketmqEvent::from(
            events
                .into_iter()
                .map(RocketmqMessage::CloudEvent)
                .collect::<Vec<_>>(),
        )
    }
}

impl RocketmqMessage {
    /// The first message of [`RocketmqEvent::sample`] (an EventBridge event).
    ///
    /// ```
    /// use fc_events::rocketmq::RocketmqMessage;
    ///
    /// assert_eq!(RocketmqMessage::sample().topic(), Ok("TopicName"));
    /// ```
    pub fn sample() -> Self {
        super::first(RocketmqEvent::sample())
    }
}

impl RocketmqCloudEvent {
    /// The EventBridge event of [`RocketmqMessage::sample`].
    ///
    /// ```
    /// use fc_events::rocketmq::RocketmqCloudEvent;
    ///
    /// assert_eq!(RocketmqCloudEvent::sample().ty, "mq:Topic:SendMessage");
    /// ```
    pub fn sample() -> Self {
        match RocketmqMessage::sample() {
            RocketmqMessage::CloudEvent(e) => e,
            other => unreachable!("the bundled sample holds EventBridge events: {other:?}"),
        }
    }

    /// An event carrying `data`, with the sample's attributes (id, source, `mq:Topic:SendMessage`,
    /// subject, times `2021-04-08T06:01:20.766Z`/`2021-10-15T02:05:16.791Z`, account, region).
    ///
    /// ```
    /// use fc_events::rocketmq::{RocketmqCloudEvent, RocketmqData};
    ///
    /// let event = RocketmqCloudEvent::from_data(RocketmqData::new("orders", "hello"));
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn from_data(data: RocketmqData) -> Self {
        let mut event = RocketmqCloudEvent::sample();
        event.data = data.into();
        event
    }
}

impl RocketmqData {
    /// The `data` of [`RocketmqCloudEvent::sample`].
    ///
    /// ```
    /// assert_eq!(fc_events::rocketmq::RocketmqData::sample().body, "TEST");
    /// ```
    pub fn sample() -> Self {
        super::typed(RocketmqCloudEvent::sample().data)
    }

    /// A message `body` on `topic`; the system properties (offsets, tags, keys, instance,
    /// consume time `1628577790396`) are the sample's, the user properties empty.
    ///
    /// ```
    /// use fc_events::rocketmq::RocketmqData;
    ///
    /// let mut data = RocketmqData::new("orders", "hello");
    /// data.system_properties.tags = Some("express".into());
    /// assert!(fc_events::validate::validate(&data).is_empty());
    /// ```
    pub fn new(topic: impl Into<Text>, body: impl Into<Text>) -> Self {
        let mut data = RocketmqData::sample();
        data.topic = topic.into();
        data.body = body.into();
        data
    }
}

impl RocketmqApacheMessage {
    /// A self-hosted Apache RocketMQ message (FC 3.0): id `7F0000010BDD2A84AEE70DA49B570001`, topic
    /// `testTopic`, tag `TagA`, cluster `DefaultCluster`, body `Hello RocketMQ`, from the FC guide.
    ///
    /// ```
    /// use fc_events::rocketmq::RocketmqApacheMessage;
    ///
    /// assert_eq!(RocketmqApacheMessage::sample().topic, "testTopic");
    /// ```
    pub fn sample() -> Self {
        serde_json::from_str(APACHE_SAMPLE)
            .unwrap_or_else(|e| unreachable!("the Apache RocketMQ sample decodes: {e}"))
    }

    /// A self-hosted message `body` on `topic`; id and system properties are the sample's.
    ///
    /// ```
    /// use fc_events::rocketmq::{RocketmqApacheMessage, RocketmqEvent, RocketmqMessage};
    ///
    /// let message = RocketmqApacheMessage::new("orders", "hello");
    /// let batch = RocketmqEvent::from(vec![RocketmqMessage::Apache(message)]);
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn new(topic: impl Into<Text>, body: impl Into<Text>) -> Self {
        let mut message = RocketmqApacheMessage::sample();
        message.topic = topic.into();
        message.body = body.into();
        message
    }
}
