//! Time members, kept exactly as received, with typed accessors beside them.
//!
//! FC triggers use at least six time encodings (see each trigger module). The wire form is what these
//! newtypes store, so re-encoding gives back the same bytes; `to_datetime()` interprets it.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::codec::Absent;
use crate::Text;

/// A time that could not be interpreted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not {expected}")]
pub struct TimeError {
    /// The value as received.
    pub value: String,
    /// What form was expected.
    pub expected: &'static str,
}

/// An RFC 3339 time string such as `2022-08-13T06:45:43.000Z`, `2018-03-16T14:19:55+08:00` or
/// `2022-07-22T06:34:27.9Z` (0 to 9 fractional digits), kept as received.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rfc3339(pub Text);

impl Rfc3339 {
    /// The time with its offset.
    pub fn to_datetime(&self) -> Result<DateTime<FixedOffset>, TimeError> {
        DateTime::parse_from_rfc3339(&self.0).map_err(|_| TimeError {
            value: self.0.to_string(),
            expected: "an RFC 3339 time",
        })
    }

    /// The time in UTC.
    pub fn to_utc(&self) -> Result<DateTime<Utc>, TimeError> {
        self.to_datetime().map(|t| t.with_timezone(&Utc))
    }

    /// The string as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Rfc3339 {
    fn from(s: &str) -> Self {
        Rfc3339(Text::from(s))
    }
}

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Absent for Rfc3339 {}

impl JsonSchema for Rfc3339 {
    fn schema_name() -> Cow<'static, str> {
        "Rfc3339".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

/// An ISO 8601 basic-format time such as `20230217T103516.475+0800` (CloudMonitor), kept as received.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BasicIso(pub Text);

impl BasicIso {
    /// The pattern the JSON Schema uses for this form. It accepts everything [`BasicIso::to_datetime`]
    /// does (any number of fractional digits, an offset with or without a colon), and, having no
    /// calendar, some dates it does not (February 30).
    pub const PATTERN: &'static str = r"^[0-9]{8}T[0-9]{6}(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})$";

    /// The time with its offset. Also accepts the form without fraction and with `Z`.
    pub fn to_datetime(&self) -> Result<DateTime<FixedOffset>, TimeError> {
        let s = self.0.as_str();
        let normalized: Cow<str> = match s.strip_suffix('Z') {
            Some(head) => format!("{head}+0000").into(),
            None => s.into(),
        };
        ["%Y%m%dT%H%M%S%.f%z", "%Y%m%dT%H%M%S%z"]
            .iter()
            .find_map(|f| DateTime::parse_from_str(&normalized, f).ok())
            .ok_or_else(|| TimeError {
                value: self.0.to_string(),
                expected: "an ISO 8601 basic-format time (20230217T103516.475+0800)",
            })
    }

    /// The string as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Absent for BasicIso {}

impl JsonSchema for BasicIso {
    fn schema_name() -> Cow<'static, str> {
        "BasicIso".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "string", "pattern": BasicIso::PATTERN })
    }
}

/// The plausible span of an epoch time, in `units_per_second` (1, 1,000 or 1,000,000): from
/// 2000-01-01 to 2100-01-01, inclusive. Validation reports epoch times outside it (`range`), and the
/// JSON Schemas give it as `minimum`/`maximum`: a value outside it is almost always a unit mix-up
/// (seconds sent where milliseconds are expected, or the reverse).
pub const fn plausible_epoch_range(units_per_second: i64) -> (i64, i64) {
    const FROM: i64 = 946_684_800; // 2000-01-01T00:00:00Z
    const TO: i64 = 4_102_444_800; // 2100-01-01T00:00:00Z
    (FROM * units_per_second, TO * units_per_second)
}

macro_rules! epoch {
    ($(#[$m:meta])* $name:ident, $unit:literal, $per_second:literal, $to:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The time in UTC, or an error when the number is outside chrono's range.
            pub fn to_datetime(self) -> Result<DateTime<Utc>, TimeError> {
                let f: fn(i64) -> Option<DateTime<Utc>> = $to;
                f(self.0).ok_or_else(|| TimeError {
                    value: self.0.to_string(),
                    expected: concat!("an epoch time in ", $unit, " within the representable range"),
                })
            }
        }

        impl Absent for $name {}

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let (min, max) = plausible_epoch_range($per_second);
                schemars::json_schema!({
                    "type": "integer",
                    "description": concat!("Unix epoch time in ", $unit, ", between years 2000 and 2100."),
                    "minimum": min,
                    "maximum": max,
                })
            }
        }
    };
}

epoch!(
    /// Unix time in seconds (SLS `cursorTime`, CDN task times, DTS `sourceTimestamp`).
    EpochSeconds, "seconds", 1, |v| Utc.timestamp_opt(v, 0).single()
);
epoch!(
    /// Unix time in milliseconds (MNS `PublishTime`, Kafka `timestamp`, Tablestore cell versions).
    EpochMillis, "milliseconds", 1_000, |v| Utc.timestamp_millis_opt(v).single()
);
epoch!(
    /// Unix time in microseconds (Tablestore `Info.Timestamp`).
    EpochMicros, "microseconds", 1_000_000, |v| Utc.timestamp_micros(v).single()
);
