//! Log Service: samples and constructors.

use crate::events::sls::{SlsEvent, SlsSource};
use crate::wire::Text;

impl SlsEvent {
    /// The bundled sample (`fc-events sample sls`): shard 0 of `fc-test-project`/`fc-test-logstore`
    /// in `cn-hangzhou`, parameter `{}`, cursor time `1529486425`.
    ///
    /// ```
    /// use fc_events::sls::SlsEvent;
    ///
    /// let mut event = SlsEvent::sample();
    /// event.source.shard_id = 3;
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A job over `logstore` of `project`; the endpoint, shard, cursors, job and task ids and the
    /// cursor time are the sample's.
    ///
    /// ```
    /// use fc_events::sls::SlsEvent;
    ///
    /// let mut event = SlsEvent::new("shop", "orders");
    /// event.parameter = fc_events::JsonText::parse(r#"{"target":"warehouse"}"#)?;
    /// assert_eq!(event.source.logstore_name, "orders");
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// # Ok::<(), fc_events::DecodeError>(())
    /// ```
    pub fn new(project: impl Into<Text>, logstore: impl Into<Text>) -> Self {
        let mut event = SlsEvent::sample();
        event.source.project_name = project.into();
        event.source.logstore_name = logstore.into();
        event
    }
}

impl SlsSource {
    /// The `source` of [`SlsEvent::sample`].
    ///
    /// ```
    /// assert_eq!(fc_events::sls::SlsSource::sample().shard_id, 0);
    /// ```
    pub fn sample() -> Self {
        SlsEvent::sample().source
    }
}
