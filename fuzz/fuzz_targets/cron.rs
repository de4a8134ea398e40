//! Arbitrary text as timer schedules (`cronExpression`); seeded with the cron and `@every` examples.
//!
//! Never a panic, with overflow checks on. A schedule that parses lists fire times in order,
//! strictly after the start; an `@every` interval is a whole number of minutes, at least one. Error
//! messages stay short (values are quoted by a bounded prefix).
#![no_main]

use chrono::{TimeZone, Utc};
use fc_events::trigger::CronSchedule;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schedule = match CronSchedule::parse(text) {
        Ok(s) => s,
        Err(e) => {
            assert!(
                e.message.len() <= 1_024,
                "a {}-byte message",
                e.message.len()
            );
            return;
        }
    };
    if let Some(d) = schedule.interval() {
        assert!(d.as_secs() >= 60 && d.as_secs() % 60 == 0, "{d:?}");
    }
    let start = Utc.with_ymd_and_hms(2024, 2, 28, 23, 59, 59).unwrap();
    if let Ok(times) = schedule.upcoming(start, 3) {
        let mut last = start;
        for t in times {
            assert!(t > last, "{t} after {last}");
            last = t;
        }
    }
});
