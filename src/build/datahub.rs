//! DataHub: samples and constructors.

use crate::events::datahub::{DatahubEvent, DatahubRecord};
use crate::wire::time::EpochMillis;
use crate::wire::Text;

impl DatahubEvent {
    /// The bundled sample (`fc-events sample datahub`): project `test_project_name`, topic
    /// `test_topic_name` in `cn-hangzhou`, two TUPLE records of shard `0` (sequences 12345 and
    /// 12346).
    ///
    /// ```
    /// use fc_events::datahub::DatahubEvent;
    ///
    /// let mut event = DatahubEvent::sample();
    /// event.region = "cn-shanghai".into();
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A batch of `records` from topic `topic` of project `project` (`eventSourceARN`
    /// `/projects/<project>/topics/<topic>`), in the sample's region `cn-hangzhou`.
    ///
    /// ```
    /// use fc_events::datahub::{DatahubEvent, DatahubRecord};
    ///
    /// let event = DatahubEvent::new("shop", "orders", [DatahubRecord::tuple("0", 1, [Some("1001"), None])]);
    /// assert_eq!(event.topic(), Some("orders"));
    /// assert_eq!(event.records[0].columns()?, [Some("1001".to_owned()), None]);
    /// # Ok::<(), fc_events::DecodeError>(())
    /// ```
    pub fn new(
        project: &str,
        topic: &str,
        records: impl IntoIterator<Item = DatahubRecord>,
    ) -> Self {
        let mut event = DatahubEvent::sample();
        event.event_source_arn = Text::from(format!("/projects/{project}/topics/{topic}"));
        event.records = records.into_iter().collect();
        event
    }
}

impl DatahubRecord {
    /// The sample's first record: `eventId` `0:12345`, stored at 1463000123000 (epoch ms), TUPLE
    /// data `["col1's value","col2's value"]`.
    pub fn sample() -> Self {
        DatahubEvent::sample()
            .records
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!("the bundled DataHub sample has a record"))
    }

    /// A record of shard `shard_id` at `sequence` holding `data` as it is (a BLOB topic's record),
    /// stored at the sample's time.
    pub fn new(shard_id: &str, sequence: i64, data: impl Into<Text>) -> Self {
        let mut record = DatahubRecord::sample();
        record.event_id = Text::from(format!("{shard_id}:{sequence}"));
        record.data = data.into();
        record
    }

    /// A TUPLE topic's record: `data` is the JSON text of the column values (`None` for a column
    /// without a value), as the connector sends it.
    pub fn tuple<S: AsRef<str>>(
        shard_id: &str,
        sequence: i64,
        columns: impl IntoIterator<Item = Option<S>>,
    ) -> Self {
        let columns: Vec<Option<String>> = columns
            .into_iter()
            .map(|c| c.map(|s| s.as_ref().to_owned()))
            .collect();
        let text = serde_json::to_string(&columns)
            .unwrap_or_else(|e| unreachable!("strings always encode: {e}"));
        DatahubRecord::new(shard_id, sequence, text)
    }

    /// The same record stored at `millis` (epoch milliseconds).
    pub fn at(mut self, millis: i64) -> Self {
        self.system_time = EpochMillis(millis);
        self
    }
}
