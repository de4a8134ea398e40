//! `fc-events cron`: the next fire times of a timer trigger's schedule.

use chrono::{DateTime, Utc};

use crate::output::{CliError, Status};

/// Runs `cron`: `count` fire times strictly after `after` (default: now), one RFC 3339 UTC time
/// per line. An invalid expression is status 1, reported on stderr with the faulty field marked.
#[cfg(feature = "trigger-config")]
pub fn run(
    expression: &str,
    count: usize,
    after: Option<DateTime<Utc>>,
) -> Result<Status, CliError> {
    use crate::output;
    use chrono::SecondsFormat;
    use fc_events::trigger::cron::CronErrorKind;

    let after = after.unwrap_or_else(Utc::now);
    let times = match fc_events::trigger::next_fire_times(expression, after, count) {
        Ok(times) => times,
        // A valid expression whose times this tool cannot compute: not the input's fault.
        Err(e) if e.kind == CronErrorKind::Unsupported => return Err(CliError(e.message)),
        Err(e) => {
            crate::stderr!(
                "fc-events: invalid cron expression: {}",
                output::one_line(&e.message)
            );
            if let Some(marked) = e.field.and_then(|f| mark_field(expression, f)) {
                crate::stderr!("{marked}");
            }
            return Ok(Status::Invalid);
        }
    };
    output::stdout(|w| {
        for t in &times {
            writeln!(w, "{}", t.to_rfc3339_opts(SecondsFormat::AutoSi, true))?;
        }
        Ok(())
    })?;
    if times.len() < count {
        crate::stderr!(
            "fc-events: warning: the schedule fires only {} time(s) after {}",
            times.len(),
            after.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        );
    }
    Ok(Status::Ok)
}

#[cfg(not(feature = "trigger-config"))]
pub fn run(_: &str, _: usize, _: Option<DateTime<Utc>>) -> Result<Status, CliError> {
    Err(crate::catalog::trigger_config_missing())
}

/// The expression (words joined by single spaces) over a line marking `field` with carets:
///
/// ```text
///   0 0 24 * * *
///       ^^ hours field
/// ```
#[cfg(feature = "trigger-config")]
fn mark_field(expression: &str, field: fc_events::trigger::cron::CronField) -> Option<String> {
    use fc_events::trigger::cron::CronField;

    let words: Vec<&str> = expression.split_whitespace().collect();
    let skip = usize::from(words.first().is_some_and(|w| w.starts_with("CRON_TZ=")));
    let index = skip + CronField::ALL.iter().position(|f| *f == field)?;
    let word = words.get(index)?;
    let column: usize = words[..index].iter().map(|w| w.chars().count() + 1).sum();
    Some(format!(
        "  {}\n  {}{} {field} field",
        words.join(" "),
        " ".repeat(column),
        "^".repeat(word.chars().count().max(1)),
    ))
}

#[cfg(all(test, feature = "trigger-config"))]
mod tests {
    use super::*;
    use fc_events::trigger::cron::CronField;

    #[test]
    fn the_faulty_field_is_marked() {
        assert_eq!(
            mark_field("0  0 24 * * *", CronField::Hours).unwrap(),
            "  0 0 24 * * *\n      ^^ hours field"
        );
        assert_eq!(
            mark_field("CRON_TZ=UTC 0 0 4 ? * FUN", CronField::DayOfWeek).unwrap(),
            "  CRON_TZ=UTC 0 0 4 ? * FUN\n                        ^^^ day-of-week field"
        );
        assert_eq!(mark_field("0 0", CronField::Month), None);
    }
}
