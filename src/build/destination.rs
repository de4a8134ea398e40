//! Asynchronous-invocation destination records: samples and constructors.

use crate::events::destination::{DestinationCondition, DestinationRecord};
use crate::wire::Text;

impl DestinationRecord {
    /// The bundled sample (`fc-events sample fc-destination`): a `HandledInvocationError` record of
    /// function `unzip` (service `image-service`, alias `prod`, `cn-hangzhou`) after 3 attempts, at
    /// `2020-08-20T12:00:00.000Z`.
    ///
    /// ```
    /// use fc_events::destination::DestinationRecord;
    ///
    /// let mut record = DestinationRecord::sample();
    /// record.request_context.approximate_invoke_count = 1;
    /// assert!(fc_events::validate::validate(&record).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// A record of an invocation of `function_arn` with the event `request_payload` that ended with
    /// `condition` and returned `response_payload`; `functionError` is the condition's name for an
    /// error condition and `""` otherwise. Time, request id and attempt count are the sample's.
    ///
    /// ```
    /// use fc_events::destination::{DestinationCondition, DestinationRecord};
    ///
    /// let record = DestinationRecord::new(
    ///     "acs:fc:cn-hangzhou:123:services/s.LATEST/functions/f",
    ///     DestinationCondition::UnhandledInvocationError,
    ///     r#"{"order":7}"#,
    ///     r#"{"errorMessage":"boom"}"#,
    /// );
    /// assert!(record.is_failure());
    /// assert_eq!(record.request_payload_json().unwrap()["order"], 7);
    /// ```
    pub fn new(
        function_arn: impl Into<Text>,
        condition: DestinationCondition,
        request_payload: impl Into<Text>,
        response_payload: impl Into<Text>,
    ) -> Self {
        let mut record = DestinationRecord::sample();
        let error = match condition {
            DestinationCondition::UnhandledInvocationError
            | DestinationCondition::HandledInvocationError => condition.as_str(),
            _ => "",
        };
        record.response_context.function_error = Some(Text::from(error));
        record.request_context.function_arn = function_arn.into();
        record.request_context.condition = condition;
        record.request_payload = request_payload.into();
        record.response_payload = response_payload.into();
        record
    }
}
