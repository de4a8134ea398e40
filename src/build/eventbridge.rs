//! EventBridge: samples and constructors.

use crate::events::eventbridge::{EventbridgeCloudEvent, EventbridgeData, EventbridgeEvent};
use crate::events::oss::OssRecord;
use crate::wire::Text;

impl EventbridgeEvent {
    /// The bundled sample (`fc-events sample eventbridge`): one custom event (`my.event`,
    /// `ui:Created:PostObject`) with data `{"body": "Hello eventbridge trigger !", "number": 100}`.
    ///
    /// ```
    /// use fc_events::eventbridge::EventbridgeEvent;
    ///
    /// let mut event = EventbridgeEvent::sample();
    /// event.as_mut_slice()[0].subject = Some("orders".into());
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch holding `events`.
    ///
    /// ```
    /// use fc_events::eventbridge::{EventbridgeCloudEvent, EventbridgeEvent};
    /// use fc_events::oss::{OssEventName, OssRecord};
    ///
    /// let batch = EventbridgeEvent::new([
    ///     EventbridgeCloudEvent::custom("shop.orders", "order:Created", serde_json::json!({"id": 1})),
    ///     EventbridgeCloudEvent::oss(OssRecord::new(OssEventName::PutObject, "b", "k")),
    /// ]);
    /// assert_eq!(batch.len(), 2);
    /// assert!(fc_events::validate::validate(&batch).is_empty());
    /// ```
    pub fn new(events: impl IntoIterator<Item = EventbridgeCloudEvent>) -> Self {
        EventbridgeEvent::from(events.into_iter().collect::<Vec<_>>())
    }
}

impl EventbridgeCloudEvent {
    /// The event of [`EventbridgeEvent::sample`].
    ///
    /// ```
    /// use fc_events::eventbridge::EventbridgeCloudEvent;
    ///
    /// assert_eq!(EventbridgeCloudEvent::sample().source, "my.event");
    /// ```
    pub fn sample() -> Self {
        super::first(EventbridgeEvent::sample())
    }

    /// A custom event from `source` of type `ty` with `data`; id, subject, data schema, times
    /// (`2023-02-17T10:35:16.475Z`) and aliyun* attributes are the sample's.
    ///
    /// `source` should not start with `acs.` and `ty` not with a trigger's prefix (`mns:`, `mq:`,
    /// `amqp:`, `alikafka:`, `dts:`): such events are told apart as those kinds.
    ///
    /// ```
    /// use fc_events::eventbridge::EventbridgeCloudEvent;
    ///
    /// let event = EventbridgeCloudEvent::custom("shop.orders", "order:Created", serde_json::json!({"id": 1}));
    /// assert_eq!(event.data.as_json().unwrap()["id"], 1);
    /// ```
    pub fn custom(source: impl Into<Text>, ty: impl Into<Text>, data: serde_json::Value) -> Self {
        let mut event = EventbridgeCloudEvent::sample();
        event.source = source.into();
        event.ty = ty.into();
        event.data = EventbridgeData::Custom(data.into());
        event
    }

    /// An `acs.oss` event carrying `record`: type `oss:<eventName>`, subject
    /// `acs:oss:<region>:<owner>:<bucket>/<key>` and time from the record, on the `default` bus;
    /// id and publish attributes are the sample's.
    ///
    /// ```
    /// use fc_events::eventbridge::EventbridgeCloudEvent;
    /// use fc_events::oss::{OssEventName, OssRecord};
    ///
    /// let event = EventbridgeCloudEvent::oss(OssRecord::new(OssEventName::PutObject, "photos", "a.png"));
    /// assert_eq!(event.ty, "oss:ObjectCreated:PutObject");
    /// assert_eq!(event.data.as_oss().unwrap().oss.object.key, "a.png");
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn oss(record: OssRecord) -> Self {
        let mut event = EventbridgeCloudEvent::sample();
        event.source = Text::from("acs.oss");
        event.ty = Text::from(format!("oss:{}", record.event_name));
        event.subject = Some(Text::from(format!(
            "acs:oss:{}:{}:{}/{}",
            record.region,
            record.oss.bucket.owner_identity,
            record.oss.bucket.name,
            record.oss.object.key
        )));
        event.data_schema = None;
        event.time = Some(record.event_time.clone());
        event.aliyun_region_id = Some(record.region.clone());
        event.aliyun_event_bus_name = Some(Text::from("default"));
        event.data = EventbridgeData::Oss(Box::new(record));
        event
    }
}
