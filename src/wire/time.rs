//! Time members, kept exactly as received, with typed accessors beside them.
//!
//! FC triggers use at least six time encodings (see each trigger module). The wire form is what these
//! newtypes store, so re-encoding gives back the same bytes; `to_datetime()` interprets it.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::wire::member::Absent;
use crate::wire::Text;

/// A time that could not be interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    /// The value as received.
    pub value: String,
    /// What form was expected.
    pub expected: &'static str,
}

crate::wire::error::error_type!(TimeError: e => "`{}` is not {}", e.value, e.expected);

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

    /// Whether [`to_datetime`](Self::to_datetime) accepts the string. The common form is recognised
    /// without building a time; anything else is left to the parser.
    pub fn is_valid(&self) -> bool {
        common_rfc3339(self.0.as_bytes()) || self.to_datetime().is_ok()
    }

    /// The string as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `s` is `YYYY-MM-DDTHH:MM:SS[.F](Z|±HH:MM)` (1 to 9 fractional digits) with a real date,
/// hours to 23, minutes and seconds to 59 and an offset under 24 hours: the form every FC trigger
/// sends, and a subset of what chrono's RFC 3339 parser accepts. `false` means "ask the parser", not
/// "invalid" (leap seconds, `t`/`z`, a space separator, … are the parser's to judge).
fn common_rfc3339(s: &[u8]) -> bool {
    let num = |from: usize, len: usize| -> Option<u32> {
        s.get(from..from + len)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let at = |i: usize, c: u8| s.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return false;
    }
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0, 4),
        num(5, 2),
        num(8, 2),
        num(11, 2),
        num(14, 2),
        num(17, 2),
    ) else {
        return false;
    };
    let real_date = i32::try_from(year)
        .ok()
        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, month, day))
        .is_some();
    if !real_date || hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    let mut end = 19;
    if at(end, b'.') {
        let digits = s[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return false;
        }
        end += 1 + digits;
    }
    match &s[end..] {
        b"Z" => true,
        [b'+' | b'-', _, _, b':', _, _] => {
            num(end + 1, 2).is_some_and(|h| h <= 23) && num(end + 4, 2).is_some_and(|m| m <= 59)
        }
        _ => false,
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

#[cfg(feature = "schema")]
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

#[cfg(feature = "schema")]
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

        #[cfg(feature = "schema")]
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_common_form_is_recognised() {
        for s in [
            "2023-12-26T07:49:00Z",
            "2022-08-13T06:45:43.000Z",
            "2022-07-22T06:34:27.9Z",
            "2018-03-16T14:19:55+08:00",
            "2024-02-29T23:59:59.123456789-23:59",
        ] {
            assert!(common_rfc3339(s.as_bytes()), "{s}");
            assert!(Rfc3339::from(s).is_valid(), "{s}");
        }
        for s in [
            "2023-02-29T07:49:00Z",
            "2023-12-26T24:00:00Z",
            "2023-12-26T07:60:00Z",
            "2023-12-26T07:49:00.Z",
            "2023-12-26T07:49:00.1234567890Z",
            "2023-12-26T07:49:00+24:00",
            "2023-12-26T07:49:00",
            "2023-12-26T07:49:00Zjunk",
            "2023-12-26 07:49:00Z",
            "",
        ] {
            assert!(!common_rfc3339(s.as_bytes()), "{s}");
        }
        // Left to chrono, which accepts these.
        assert!(Rfc3339::from("2016-12-31T23:59:60Z").is_valid());
        assert!(Rfc3339::from("2023-12-26t07:49:00z").is_valid());
        assert!(!Rfc3339::from("2023-02-29T07:49:00Z").is_valid());
    }

    /// Times near every field's limits, in the forms FC sends and the ones only chrono judges.
    fn near_valid() -> impl Strategy<Value = String> {
        let date = (0u32..=9999, 0u32..=13, 0u32..=32);
        let clock = (0u32..=25, 0u32..=61, 0u32..=61);
        let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{0,11}"];
        let separator = prop_oneof![4 => Just('T'), 1 => Just('t'), 1 => Just(' ')];
        let offset = prop_oneof![
            3 => Just("Z".to_owned()),
            1 => Just("z".to_owned()),
            1 => Just(String::new()),
            3 => (any::<bool>(), 0u32..=25, 0u32..=61)
                .prop_map(|(plus, h, m)| format!("{}{h:02}:{m:02}", if plus { '+' } else { '-' })),
        ];
        (date, separator, clock, fraction, offset).prop_map(
            |((y, mo, d), sep, (h, mi, s), f, off)| {
                format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{f}{off}")
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// The shortcut only ever says yes where chrono says yes, and `is_valid` always agrees with
        /// chrono.
        #[test]
        fn the_shortcut_never_accepts_what_chrono_rejects(s in near_valid()) {
            let chrono_ok = DateTime::parse_from_rfc3339(&s).is_ok();
            if common_rfc3339(s.as_bytes()) {
                prop_assert!(chrono_ok, "{}", s);
            }
            prop_assert_eq!(Rfc3339::from(s.as_str()).is_valid(), chrono_ok);
        }
    }
}
