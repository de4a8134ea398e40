//! MNS topic: samples and constructors.

use crate::events::mns_topic::{
    MnsStreamBody, MnsTopicEvent, MnsTopicMessage, MnsTopicStreamMessage,
};
use crate::wire::Text;

impl MnsTopicEvent {
    /// The bundled sample (`fc-events sample mns-topic`): a `JSON`-format message `hello topic` on
    /// topic `Mytopic`, published at `1550216480040` (epoch ms).
    ///
    /// ```
    /// use fc_events::mns_topic::MnsTopicEvent;
    ///
    /// let mut event = MnsTopicEvent::sample();
    /// if let MnsTopicEvent::Json(m) = &mut event {
    ///     m.message = "bye".into();
    /// }
    /// assert_eq!(event.body_str(), Some("bye"));
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A `STREAM`-format payload without attributes: the raw `body`.
    ///
    /// ```
    /// use fc_events::mns_topic::MnsTopicEvent;
    ///
    /// let event = MnsTopicEvent::stream("order 42 shipped");
    /// assert_eq!(event.to_wire()?, b"order 42 shipped");
    /// # Ok::<(), fc_events::EncodeError>(())
    /// ```
    pub fn stream(body: impl Into<MnsStreamBody>) -> Self {
        MnsTopicEvent::Stream(body.into())
    }

    /// A `JSON`-format message `message` on `topic` ([`MnsTopicMessage::new`]).
    ///
    /// ```
    /// use fc_events::mns_topic::MnsTopicEvent;
    ///
    /// let event = MnsTopicEvent::json("orders", "order 42 shipped");
    /// assert_eq!(event.body_str(), Some("order 42 shipped"));
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn json(topic: impl Into<Text>, message: impl Into<Text>) -> Self {
        MnsTopicEvent::Json(MnsTopicMessage::new(topic, message))
    }

    /// A `STREAM`-format message with attributes: `body` and the `Extend` attribute (a JSON object
    /// as a string, e.g. `{"key":"value"}`).
    ///
    /// ```
    /// use fc_events::mns_topic::MnsTopicEvent;
    ///
    /// let event = MnsTopicEvent::stream_with_attributes("hi", r#"{"tenant":"a"}"#);
    /// assert_eq!(event.body_str(), Some("hi"));
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn stream_with_attributes(body: impl Into<Text>, extend: impl Into<Text>) -> Self {
        let mut message = MnsTopicStreamMessage {
            body: body.into(),
            ..Default::default()
        };
        message.attrs.extend = Some(extend.into());
        MnsTopicEvent::StreamWithAttributes(message)
    }
}

impl MnsTopicMessage {
    /// The message of [`MnsTopicEvent::sample`].
    ///
    /// ```
    /// assert_eq!(fc_events::mns_topic::MnsTopicMessage::sample().topic_name, "Mytopic");
    /// ```
    pub fn sample() -> Self {
        match MnsTopicEvent::sample() {
            MnsTopicEvent::Json(m) => m,
            other => unreachable!("the bundled sample is a JSON-format message: {other:?}"),
        }
    }

    /// A `JSON`-format message `message` on `topic`. Owner, subscriber, subscription, message id
    /// and publish time are the sample's; `MessageMD5` is kept from the sample too (it is not
    /// recomputed for `message`).
    ///
    /// ```
    /// use fc_events::mns_topic::MnsTopicMessage;
    ///
    /// let mut message = MnsTopicMessage::new("orders", "order 42 shipped");
    /// message.message_id = "MSG-1".into();
    /// assert!(fc_events::validate::validate(&message).is_empty());
    /// ```
    pub fn new(topic: impl Into<Text>, message: impl Into<Text>) -> Self {
        let mut m = MnsTopicMessage::sample();
        m.topic_name = topic.into();
        m.message = message.into();
        m
    }
}
