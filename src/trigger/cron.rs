//! Timer trigger schedules: FC's cron dialect and the `@every` interval form.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use fc_events::trigger::cron::{next_fire_times, CronSchedule};
//!
//! // Beijing 12:00 every day is 04:00 UTC: FC evaluates cron expressions in UTC.
//! let after = Utc.with_ymd_and_hms(2024, 1, 1, 5, 0, 0).unwrap();
//! let times = next_fire_times("0 0 4 * * *", after, 2)?;
//! assert_eq!(times[0], Utc.with_ymd_and_hms(2024, 1, 2, 4, 0, 0).unwrap());
//! assert_eq!(times[1], Utc.with_ymd_and_hms(2024, 1, 3, 4, 0, 0).unwrap());
//!
//! let every = CronSchedule::parse("@every 1h30m")?;
//! assert_eq!(every.interval().map(|d| d.as_secs()), Some(5400));
//! # Ok::<(), fc_events::trigger::cron::CronError>(())
//! ```
//!
//! The dialect, as the FC timer trigger guide documents it:
//!
//! | field | values | special characters |
//! |---|---|---|
//! | seconds | 0–59 | `, - * /` |
//! | minutes | 0–59 | `, - * /` |
//! | hours | 0–23 | `, - * /` |
//! | day of month | 1–31 | `, - * ? /` |
//! | month | 1–12 or `JAN`–`DEC` | `, - * /` |
//! | day of week | 1–7 or `MON`–`SUN` | `, - * ?` |
//!
//! `n/m` means "from `n`, every `m`" (`3/5` in minutes: 3, 8, 13, …); `?` leaves a day field
//! unspecified. Names are case-insensitive. Besides six fields, FC accepts `@every <duration>` (Go
//! duration syntax: `@every 4m`, `@every 1h30m`, `@every 1.5h`) and a `CRON_TZ=<zone>` prefix.
//!
//! Evaluation is done by the [`croner`] crate; this module checks FC's dialect first (croner accepts
//! more: `L`, `W`, `#`, five fields, years) and fills the gaps croner leaves:
//! * `@every` intervals (parsed here; FC counts them from the trigger's creation, so
//!   [`CronSchedule::next_after`] counts from the instant it is given);
//! * `CRON_TZ=` (checked here; fire times are computed for UTC only, see [`CronSchedule::upcoming`]);
//! * the numeric weekdays: FC documents `1~7` beside `MON~SUN`, read here as 1 = Monday … 7 = Sunday
//!   (croner's reading too). `0` is outside the documented range and reported.
//!
//! When both day fields are restricted, a day matches when either matches (the Vixie-cron rule that
//! croner and robfig/cron follow; FC does not document the case).

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::validate::{code, quote};

/// A field of a six-field cron expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CronField {
    /// Seconds, 0–59.
    Seconds,
    /// Minutes, 0–59.
    Minutes,
    /// Hours, 0–23 (UTC).
    Hours,
    /// Day of month, 1–31.
    DayOfMonth,
    /// Month, 1–12 or `JAN`–`DEC`.
    Month,
    /// Day of week, 1–7 (Monday–Sunday) or `MON`–`SUN`.
    DayOfWeek,
}

impl CronField {
    /// The six fields in expression order.
    pub const ALL: [CronField; 6] = [
        CronField::Seconds,
        CronField::Minutes,
        CronField::Hours,
        CronField::DayOfMonth,
        CronField::Month,
        CronField::DayOfWeek,
    ];

    /// The field's name in messages (`day-of-month`).
    pub fn name(self) -> &'static str {
        match self {
            CronField::Seconds => "seconds",
            CronField::Minutes => "minutes",
            CronField::Hours => "hours",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
        }
    }

    /// The documented value range.
    pub fn range(self) -> (u32, u32) {
        match self {
            CronField::Seconds | CronField::Minutes => (0, 59),
            CronField::Hours => (0, 23),
            CronField::DayOfMonth => (1, 31),
            CronField::Month => (1, 12),
            CronField::DayOfWeek => (1, 7),
        }
    }

    /// The documented special characters.
    pub fn special_characters(self) -> &'static str {
        match self {
            CronField::DayOfMonth => ", - * ? /",
            CronField::DayOfWeek => ", - * ?",
            _ => ", - * /",
        }
    }

    fn allows(self, c: char) -> bool {
        match c {
            ',' | '-' | '*' => true,
            '?' => matches!(self, CronField::DayOfMonth | CronField::DayOfWeek),
            '/' => self != CronField::DayOfWeek,
            _ => false,
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            CronField::Month => &[
                "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
            ],
            CronField::DayOfWeek => &["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
            _ => &[],
        }
    }
}

impl fmt::Display for CronField {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of problem a [`CronError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CronErrorKind {
    /// The expression is not in FC's syntax.
    Syntax,
    /// A value is outside its documented range, or the schedule never fires.
    Range,
    /// The expression is valid but fire times cannot be computed here (a `CRON_TZ` zone other than
    /// UTC).
    Unsupported,
}

/// A cron expression that FC would reject, or whose fire times cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronError {
    /// What kind of problem this is.
    pub kind: CronErrorKind,
    /// The field at fault, when one is.
    pub field: Option<CronField>,
    /// What was expected and what was found.
    pub message: String,
}

crate::wire::error::error_type!(CronError: e => "{}", e.message);

impl CronError {
    fn syntax(field: Option<CronField>, message: impl Into<String>) -> Self {
        CronError {
            kind: CronErrorKind::Syntax,
            field,
            message: message.into(),
        }
    }

    fn range(field: Option<CronField>, message: impl Into<String>) -> Self {
        CronError {
            kind: CronErrorKind::Range,
            field,
            message: message.into(),
        }
    }

    /// The validation fault code for this error ([`code::FORMAT`] or [`code::RANGE`]).
    pub fn fault_code(&self) -> &'static str {
        match self.kind {
            CronErrorKind::Range => code::RANGE,
            _ => code::FORMAT,
        }
    }
}

/// A parsed timer schedule: a six-field cron expression or an `@every` interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronSchedule {
    expression: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Every(Duration),
    Cron {
        time_zone: Option<String>,
        cron: Box<croner::Cron>,
    },
}

/// Time zone names that mean UTC.
const UTC_NAMES: &[&str] = &[
    "UTC",
    "Etc/UTC",
    "GMT",
    "Etc/GMT",
    "Zulu",
    "Etc/Zulu",
    "Universal",
    "Etc/Universal",
    "UCT",
    "Etc/UCT",
];

impl CronSchedule {
    /// Parses and checks an expression against FC's dialect.
    pub fn parse(expression: &str) -> Result<CronSchedule, CronError> {
        let trimmed = expression.trim();
        if trimmed.is_empty() {
            return Err(CronError::syntax(
                None,
                "expected a cron expression with six fields (seconds minutes hours day-of-month month day-of-week) or `@every <duration>`, found an empty string",
            ));
        }
        if let Some(rest) = trimmed.strip_prefix('@') {
            let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            if word != "every" {
                return Err(CronError::syntax(
                    None,
                    format!(
                        "expected `@every <duration>` (the only `@` form FC documents), found {}",
                        quote(&format!("@{word}"))
                    ),
                ));
            }
            let interval = parse_interval(arg.trim())?;
            return Ok(CronSchedule {
                expression: expression.to_owned(),
                kind: Kind::Every(interval),
            });
        }
        let (time_zone, fields_text) = match trimmed.strip_prefix("CRON_TZ=") {
            Some(rest) => {
                let (zone, fields) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                check_zone(zone)?;
                (Some(zone.to_owned()), fields.trim())
            }
            None => (None, trimmed),
        };
        if fields_text.starts_with('@') {
            return Err(CronError::syntax(
                None,
                "expected six cron fields after `CRON_TZ=<zone>`, found an `@` form",
            ));
        }
        let parts: Vec<&str> = fields_text.split_whitespace().collect();
        if parts.len() != 6 {
            return Err(CronError::syntax(
                None,
                format!(
                    "expected six fields (seconds minutes hours day-of-month month day-of-week), found {} in {fields_text:?}",
                    parts.len(), fields_text = quote(fields_text)),
            ));
        }
        let mut sets = [FieldSet::default(); 6];
        for (i, (field, text)) in CronField::ALL.iter().zip(&parts).enumerate() {
            sets[i] = parse_field(*field, text)?;
        }
        check_fires(&sets)?;
        let normalized = sets
            .iter()
            .map(FieldSet::render)
            .collect::<Vec<_>>()
            .join(" ");
        let cron = croner::parser::CronParser::builder()
            .seconds(croner::parser::Seconds::Required)
            .year(croner::parser::Year::Disallowed)
            .build()
            .parse(&normalized)
            .map_err(|e| {
                CronError::syntax(
                    None,
                    format!(
                        "expression {fields_text:?} was not accepted: {e}",
                        fields_text = quote(fields_text)
                    ),
                )
            })?;
        Ok(CronSchedule {
            expression: expression.to_owned(),
            kind: Kind::Cron {
                time_zone,
                cron: Box::new(cron),
            },
        })
    }

    /// The expression as given.
    pub fn as_str(&self) -> &str {
        &self.expression
    }

    /// The interval of an `@every` schedule.
    pub fn interval(&self) -> Option<Duration> {
        match &self.kind {
            Kind::Every(d) => Some(*d),
            Kind::Cron { .. } => None,
        }
    }

    /// The `CRON_TZ` zone, when one is given.
    pub fn time_zone(&self) -> Option<&str> {
        match &self.kind {
            Kind::Cron { time_zone, .. } => time_zone.as_deref(),
            Kind::Every(_) => None,
        }
    }

    /// The first fire time strictly after `after`, or `None` when there is none (or it cannot be
    /// computed: see [`CronSchedule::upcoming`]).
    ///
    /// For `@every`, FC counts intervals from the trigger's creation: pass the creation time (or the
    /// last fire time) to get the next one.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.kind {
            Kind::Every(d) => TimeDelta::from_std(*d)
                .ok()
                .and_then(|d| after.checked_add_signed(d)),
            Kind::Cron { time_zone, cron } => {
                if time_zone
                    .as_deref()
                    .is_some_and(|z| !UTC_NAMES.contains(&z))
                {
                    return None;
                }
                cron.find_next_occurrence(&after, false).ok()
            }
        }
    }

    /// The next `n` fire times strictly after `after` (fewer when the schedule ends within the
    /// search horizon). Fails for a `CRON_TZ` zone other than UTC: this crate does not carry the
    /// time zone database.
    pub fn upcoming(
        &self,
        after: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<DateTime<Utc>>, CronError> {
        if let Some(zone) = self.time_zone().filter(|z| !UTC_NAMES.contains(z)) {
            return Err(CronError {
                kind: CronErrorKind::Unsupported,
                field: None,
                message: format!(
                    "fire times in time zone {zone} are not computed (only UTC is supported); drop CRON_TZ and write the times in UTC"
                ),
            });
        }
        let mut out = Vec::with_capacity(n.min(1024));
        let mut t = after;
        while out.len() < n {
            match self.next_after(t) {
                Some(next) => {
                    out.push(next);
                    t = next;
                }
                None => break,
            }
        }
        Ok(out)
    }
}

impl std::str::FromStr for CronSchedule {
    type Err = CronError;
    fn from_str(s: &str) -> Result<Self, CronError> {
        CronSchedule::parse(s)
    }
}

impl fmt::Display for CronSchedule {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.expression)
    }
}

/// Checks `expression` and lists its next `n` fire times strictly after `after` (what
/// `fc-events cron EXPR` prints).
pub fn next_fire_times(
    expression: &str,
    after: DateTime<Utc>,
    n: usize,
) -> Result<Vec<DateTime<Utc>>, CronError> {
    CronSchedule::parse(expression)?.upcoming(after, n)
}

/// The values one field allows, as a bit set, and whether it was written as `*` or `?`.
#[derive(Debug, Clone, Copy, Default)]
struct FieldSet {
    field: Option<CronField>,
    bits: u64,
    unrestricted: bool,
}

impl FieldSet {
    fn contains(&self, v: u32) -> bool {
        self.bits & (1u64 << v) != 0
    }

    /// The numeric form handed to croner: `*` or a list of values.
    fn render(&self) -> String {
        if self.unrestricted {
            return "*".to_owned();
        }
        (0..64u32)
            .filter(|v| self.contains(*v))
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn parse_field(field: CronField, text: &str) -> Result<FieldSet, CronError> {
    let (min, max) = field.range();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || field.allows(c) {
            continue;
        }
        let what = if matches!(c, ',' | '-' | '*' | '?' | '/') {
            format!(
                "`{c}` is not allowed in {field} (allowed: {})",
                field.special_characters()
            )
        } else {
            format!(
                "unexpected character {c:?} in {field} field {text:?}",
                text = quote(text)
            )
        };
        return Err(CronError::syntax(Some(field), what));
    }
    let mut set = FieldSet {
        field: Some(field),
        ..FieldSet::default()
    };
    if text == "*" || text == "?" {
        set.unrestricted = true;
        set.bits = range_bits(min, max, 1);
        return Ok(set);
    }
    if text.contains('?') {
        return Err(CronError::syntax(
            Some(field),
            format!(
                "`?` must stand alone in {field}, found {text:?}",
                text = quote(text)
            ),
        ));
    }
    for item in text.split(',') {
        if item.is_empty() {
            return Err(CronError::syntax(
                Some(field),
                format!(
                    "empty list item in {field} field {text:?}",
                    text = quote(text)
                ),
            ));
        }
        let (base, step) = match item.split_once('/') {
            Some((base, step)) => {
                let step: u32 = step.parse().map_err(|_| {
                    CronError::syntax(
                        Some(field),
                        format!(
                            "expected a whole number after `/` in {field} item {item:?}",
                            item = quote(item)
                        ),
                    )
                })?;
                if step == 0 || step > max {
                    return Err(CronError::range(
                        Some(field),
                        format!(
                            "step {step} in {field} item {item:?} must be from 1 to {max}",
                            item = quote(item)
                        ),
                    ));
                }
                (base, Some(step))
            }
            None => (item, None),
        };
        let (from, to) = if base == "*" {
            (min, max)
        } else if let Some((a, b)) = base.split_once('-') {
            let (a, b) = (value(field, a, item)?, value(field, b, item)?);
            if a > b {
                return Err(CronError::range(
                    Some(field),
                    format!(
                        "range {base:?} in {field} runs backwards ({a} is after {b})",
                        base = quote(base)
                    ),
                ));
            }
            (a, b)
        } else {
            let a = value(field, base, item)?;
            // `n/m` runs from n to the end of the field; a bare `n` is just n.
            (a, if step.is_some() { max } else { a })
        };
        set.bits |= range_bits(from, to, step.unwrap_or(1));
    }
    Ok(set)
}

fn value(field: CronField, text: &str, item: &str) -> Result<u32, CronError> {
    let (min, max) = field.range();
    if text.is_empty() {
        return Err(CronError::syntax(
            Some(field),
            format!("missing value in {field} item {item:?}", item = quote(item)),
        ));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = text.parse().map_err(|_| {
            CronError::range(
                Some(field),
                format!("{field} value {} is too large", quote(text)),
            )
        })?;
        if n < min || n > max {
            let hint = if field == CronField::DayOfWeek && n == 0 {
                " (Sunday is 7 or SUN)"
            } else {
                ""
            };
            return Err(CronError::range(
                Some(field),
                format!("{field} value {n} is outside {min}–{max}{hint}"),
            ));
        }
        return Ok(n);
    }
    let upper = text.to_ascii_uppercase();
    match field.names().iter().position(|n| *n == upper) {
        Some(i) => Ok(min + i as u32),
        None if field.names().is_empty() => Err(CronError::syntax(
            Some(field),
            format!(
                "expected a number from {min} to {max} in {field}, found {text:?}",
                text = quote(text)
            ),
        )),
        None => Err(CronError::syntax(
            Some(field),
            format!(
                "expected a number from {min} to {max} or one of {} in {field}, found {text:?}",
                field.names().join(", "),
                text = quote(text)
            ),
        )),
    }
}

fn range_bits(from: u32, to: u32, step: u32) -> u64 {
    (from..=to)
        .step_by(step as usize)
        .fold(0u64, |bits, v| bits | (1u64 << v))
}

/// Rejects day-of-month/month combinations that never occur (`0 0 0 31 2 ?`), unless the day of
/// week is restricted too (then either field matching is enough).
fn check_fires(sets: &[FieldSet; 6]) -> Result<(), CronError> {
    let (dom, month, dow) = (&sets[3], &sets[4], &sets[5]);
    if dom.unrestricted || !dow.unrestricted {
        return Ok(());
    }
    const DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let fires = (1..=12u32)
        .any(|m| month.contains(m) && (1..=DAYS[m as usize - 1]).any(|d| dom.contains(d)));
    if fires {
        Ok(())
    } else {
        Err(CronError::range(
            dom.field,
            "the day-of-month and month fields never occur together, so the schedule never fires",
        ))
    }
}

fn check_zone(zone: &str) -> Result<(), CronError> {
    let ok = !zone.is_empty()
        && zone.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
        && zone.starts_with(|c: char| c.is_ascii_alphabetic());
    if ok {
        Ok(())
    } else {
        Err(CronError::syntax(
            None,
            format!("expected an IANA time zone name after CRON_TZ= (such as Asia/Shanghai), found {zone:?}", zone = quote(zone)),
        ))
    }
}

/// Parses the duration of `@every` in Go's syntax (`4m`, `1h30m`, `1.5h`, `90s`) and checks it
/// against FC's interval rule: a whole number of minutes, at least one.
fn parse_interval(text: &str) -> Result<Duration, CronError> {
    let bad = || {
        CronError::syntax(
            None,
            format!(
                "expected a duration after `@every` such as 5m, 1h30m or 1.5h, found {}",
                quote(text)
            ),
        )
    };
    let too_long = || {
        CronError::range(
            None,
            format!(
                "`@every` interval {} is too long (the total overflows; FC intervals are minutes to days)",
                quote(text)
            ),
        )
    };
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Err(bad());
    }
    let mut rest = text;
    let mut nanos: u128 = 0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (num, tail) = rest.split_at(num_len);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let unit_nanos: u128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(bad()),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        if (int.is_empty() && frac.is_empty()) || frac.contains('.') {
            return Err(bad());
        }
        let int: u128 = if int.is_empty() {
            0
        } else {
            // Only digits: parsing fails on overflow alone.
            int.parse().map_err(|_| too_long())?
        };
        let mut part = int.checked_mul(unit_nanos).ok_or_else(too_long)?;
        // Digits past the nanosecond are dropped (as Go does); the fraction is below one unit, so
        // adding it cannot overflow on its own, but the sum may: every step is checked.
        let mut scale = unit_nanos;
        for d in frac.bytes().take(18) {
            scale /= 10;
            part = part
                .checked_add(u128::from(d - b'0') * scale)
                .ok_or_else(too_long)?;
        }
        nanos = nanos.checked_add(part).ok_or_else(too_long)?;
        rest = tail;
    }
    const MINUTE: u128 = 60_000_000_000;
    if nanos < MINUTE {
        return Err(CronError::range(
            None,
            format!(
                "`@every` interval {} is shorter than FC's minimum of one minute",
                quote(text)
            ),
        ));
    }
    if nanos % MINUTE != 0 {
        return Err(CronError::range(
            None,
            format!(
                "`@every` interval {} is not a whole number of minutes (FC runs intervals in minutes)",
                quote(text)
            ),
        ));
    }
    let secs = u64::try_from(nanos / 1_000_000_000).map_err(|_| too_long())?;
    Ok(Duration::from_secs(secs))
}
