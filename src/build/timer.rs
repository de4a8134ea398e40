//! Timer: samples and constructors.

use crate::events::timer::TimerEvent;
use crate::wire::Text;

impl TimerEvent {
    /// The bundled sample (`fc-events sample timer`): trigger `timer-trigger` with payload
    /// `awesome-fc`, fired at `2023-12-26T07:49:00Z`.
    ///
    /// ```
    /// use fc_events::timer::TimerEvent;
    ///
    /// let mut event = TimerEvent::sample();
    /// event.trigger_time = "2024-01-01T00:00:00Z".into();
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// An event of trigger `trigger_name` with the configured message `payload`, fired at the
    /// sample's fixed time `2023-12-26T07:49:00Z` (set `trigger_time` to change it).
    ///
    /// ```
    /// use fc_events::timer::TimerEvent;
    ///
    /// let event = TimerEvent::new("nightly", r#"{"mode":"full"}"#);
    /// assert_eq!(event.trigger_name, "nightly");
    /// assert_eq!(event.payload_json().unwrap()?["mode"], "full");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(trigger_name: impl Into<Text>, payload: impl Into<Text>) -> Self {
        let mut event = TimerEvent::sample();
        event.trigger_name = trigger_name.into();
        event.payload = Some(payload.into());
        event
    }
}
