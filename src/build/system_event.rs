//! System events: samples and constructors.

use crate::events::system_event::{
    SystemEvent, SystemEventContent, SystemEventContentValue, SystemEventStatus, SystemEventType,
};
use crate::wire::Text;

impl SystemEvent {
    /// The bundled sample (`fc-events sample system-event`): ECS event
    /// `Instance:SystemMaintenance.Reboot:Executed` for instance `i-bp18l0uopocfcl8xxxx` (`web-1`),
    /// level `CRITICAL`, in `cn-hangzhou`.
    ///
    /// ```
    /// use fc_events::system_event::{SystemEvent, SystemEventLevel};
    ///
    /// let mut event = SystemEvent::sample();
    /// event.level = SystemEventLevel::Warn;
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// An ECS system event of `event_type` in `status` for instance `instance_id`: `name`
    /// (`Instance:<type>:<status>`), `resourceId` and the content's event type and instance id
    /// agree. Level, instance name, region, account, event id and times are the sample's.
    ///
    /// ```
    /// use fc_events::system_event::{SystemEvent, SystemEventStatus, SystemEventType};
    ///
    /// let event = SystemEvent::ecs(
    ///     SystemEventType::SystemFailureReboot,
    ///     SystemEventStatus::Executing,
    ///     "i-abc",
    /// );
    /// assert_eq!(event.name, "Instance:SystemFailure.Reboot:Executing");
    /// assert_eq!(event.resource_id, "acs:ecs:cn-hangzhou:12345678:instance/i-abc");
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn ecs(
        event_type: SystemEventType,
        status: SystemEventStatus,
        instance_id: impl Into<Text>,
    ) -> Self {
        let mut event = SystemEvent::sample();
        let instance_id = instance_id.into();
        event.name = Text::from(format!("Instance:{event_type}:{status}"));
        event.resource_id = Text::from(format!(
            "acs:ecs:{}:12345678:instance/{instance_id}",
            event.region_id
        ));
        event.status = Some(status);
        let mut content = SystemEventContent::sample();
        content.event_type = Some(event_type);
        content.ecs_instance_id = Some(instance_id);
        event.content = SystemEventContentValue::from(content);
        event
    }
}

impl SystemEventContent {
    /// The `content` object of [`SystemEvent::sample`].
    ///
    /// ```
    /// use fc_events::system_event::SystemEventContent;
    ///
    /// assert_eq!(SystemEventContent::sample().ecs_instance_name.as_deref(), Some("web-1"));
    /// ```
    pub fn sample() -> Self {
        match SystemEvent::sample().content {
            SystemEventContentValue::Object(c) => *c,
            SystemEventContentValue::Text(t) => {
                unreachable!("the bundled sample's content is an object: {t}")
            }
        }
    }
}
