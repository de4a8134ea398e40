//! MQTT: samples and constructors.

use crate::events::mqtt::{MqttEvent, MqttMessage};
use crate::wire::Text;

impl MqttEvent {
    /// The bundled sample (`fc-events sample mqtt`): one message `hello mq4Iot pub sub msg` on
    /// `testTopic` + `/testMq4****`.
    ///
    /// ```
    /// use fc_events::mqtt::MqttEvent;
    ///
    /// let mut batch = MqttEvent::sample();
    /// batch.as_mut_slice()[0].body = "on".into();
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch holding `messages`.
    ///
    /// ```
    /// use fc_events::mqtt::{MqttEvent, MqttMessage};
    ///
    /// let batch = MqttEvent::new([MqttMessage::new("devices", "/lamp-1", "on")]);
    /// assert_eq!(batch.as_slice()[0].props.topic(), "devices/lamp-1");
    /// ```
    pub fn new(messages: impl IntoIterator<Item = MqttMessage>) -> Self {
        MqttEvent::from(messages.into_iter().collect::<Vec<_>>())
    }
}

impl MqttMessage {
    /// The message of [`MqttEvent::sample`].
    ///
    /// ```
    /// assert_eq!(fc_events::mqtt::MqttMessage::sample().props.first_topic, "testTopic");
    /// ```
    pub fn sample() -> Self {
        super::first(MqttEvent::sample())
    }

    /// A message `body` published on `first_topic` + `second_topic` (the subtopic path, starting
    /// with `/`); the client id is the sample's.
    ///
    /// ```
    /// use fc_events::mqtt::MqttMessage;
    ///
    /// let message = MqttMessage::new("devices", "/lamp-1", "on");
    /// assert!(fc_events::validate::validate(&message).is_empty());
    /// ```
    pub fn new(
        first_topic: impl Into<Text>,
        second_topic: impl Into<Text>,
        body: impl Into<Text>,
    ) -> Self {
        let mut message = MqttMessage::sample();
        message.props.first_topic = first_topic.into();
        message.props.second_topic = Some(second_topic.into());
        message.body = body.into();
        message
    }
}
