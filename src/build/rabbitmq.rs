//! RabbitMQ: samples and constructors.

use crate::events::rabbitmq::{RabbitmqCloudEvent, RabbitmqData, RabbitmqEvent};
use crate::wire::{JsonText, Text};

impl RabbitmqEvent {
    /// The bundled sample (`fc-events sample rabbitmq`): a batch of two `amqp:Queue:SendMessage`
    /// events, routing key `housekeeping`, body `{"Hello":"RabbitMQ"}`.
    ///
    /// ```
    /// use fc_events::rabbitmq::RabbitmqEvent;
    ///
    /// let mut batch = RabbitmqEvent::sample();
    /// batch.as_mut_slice()[0].data.typed_mut().unwrap().envelope.redeliver = true;
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch with one event per message (each [`RabbitmqCloudEvent::from_data`], with ids
    /// `00000000-0000-4000-8000-000000000001`, `…0002`, …).
    ///
    /// ```
    /// use fc_events::rabbitmq::{RabbitmqData, RabbitmqEvent};
    ///
    /// let batch = RabbitmqEvent::new([RabbitmqData::new("jobs", "run")]);
    /// assert_eq!(batch.as_slice()[0].data.as_typed().unwrap().body_str().as_deref(), Some("run"));
    /// ```
    pub fn new(messages: impl IntoIterator<Item = RabbitmqData>) -> Self {
        RabbitmqEvent::from(super::batch(RabbitmqCloudEvent::sample(), messages))
    }
}

impl RabbitmqCloudEvent {
    /// The first event of [`RabbitmqEvent::sample`].
    ///
    /// ```
    /// use fc_events::rabbitmq::RabbitmqCloudEvent;
    ///
    /// assert_eq!(RabbitmqCloudEvent::sample().ty, "amqp:Queue:SendMessage");
    /// ```
    pub fn sample() -> Self {
        super::first(RabbitmqEvent::sample())
    }

    /// An event carrying `data`, with the sample's attributes (id, source,
    /// `amqp:Queue:SendMessage`, subject, times `2021-08-12T06:56:40.709Z`/
    /// `2021-10-15T08:58:55.140Z`, account, region).
    ///
    /// ```
    /// use fc_events::rabbitmq::{RabbitmqCloudEvent, RabbitmqData};
    ///
    /// let event = RabbitmqCloudEvent::from_data(RabbitmqData::new("jobs", "run"));
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn from_data(data: RabbitmqData) -> Self {
        let mut event = RabbitmqCloudEvent::sample();
        event.data = data.into();
        event
    }
}

impl RabbitmqData {
    /// The `data` of [`RabbitmqCloudEvent::sample`].
    ///
    /// ```
    /// let data = fc_events::rabbitmq::RabbitmqData::sample();
    /// assert_eq!(data.envelope.routing_key, "housekeeping");
    /// ```
    pub fn sample() -> Self {
        super::typed(RabbitmqCloudEvent::sample().data)
    }

    /// A message with the string body `body` delivered with `routing_key` from the default
    /// exchange; delivery tag `98`, not redelivered, properties as in the sample. For a JSON body
    /// set `body` to a [`JsonText`] (`JsonText::parse`).
    ///
    /// ```
    /// use fc_events::rabbitmq::RabbitmqData;
    /// use fc_events::JsonText;
    ///
    /// let mut data = RabbitmqData::new("jobs", "");
    /// data.body = JsonText::parse(r#"{"job":"reindex"}"#)?;
    /// assert_eq!(data.body.get("job").and_then(|v| v.as_str()), Some("reindex"));
    /// # Ok::<(), fc_events::DecodeError>(())
    /// ```
    pub fn new(routing_key: impl Into<Text>, body: &str) -> Self {
        let mut data = RabbitmqData::sample();
        data.envelope.routing_key = routing_key.into();
        data.envelope.exchange = Text::default();
        data.envelope.redeliver = false;
        data.body = JsonText::string(body);
        data
    }
}
