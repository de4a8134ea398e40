//! Trigger definitions: fixtures round-trip, validation faults, conflicts, cron schedules, matching,
//! schema and the functions the CLI calls.
#![cfg(all(feature = "trigger-config", feature = "oss", feature = "timer"))]

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc, Weekday};
use fc_events::trigger::config::{CdnTriggerConfig, OssTriggerConfig, TimerTriggerConfig};
use fc_events::trigger::cron::{CronErrorKind, CronField};
use fc_events::trigger::{
    check_config_files, check_config_slice, check_named_config_files, conflicts, next_fire_times,
    ConfigForm, Conflict, CronSchedule, SourceArn, TriggerConfig, TriggerDefinition,
    TriggerDefinitions, TriggerType,
};
use fc_events::validate::{code, Fault, Position};

fn dir() -> PathBuf {
    common::fixtures_dir().join("trigger-config")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && common::ext(p) == "json")
        .collect();
    files.sort();
    files
}

fn faults_of(name: &str) -> Vec<Fault> {
    let bytes = std::fs::read(dir().join(name)).unwrap();
    check_config_slice(&bytes).faults
}

/// `(pointer, code)` pairs, in report order.
fn located(faults: &[Fault]) -> Vec<(String, &'static str)> {
    faults.iter().map(|f| (f.pointer.clone(), f.code)).collect()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. Model: lossless round trip, typed configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn every_fixture_round_trips_value_for_value() {
    let mut files = json_files(&dir());
    let valid = files.len();
    files.extend(json_files(&dir().join("invalid")));
    assert!(
        valid >= 3 && files.len() >= 7,
        "fixtures missing: {files:?}"
    );
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let file = TriggerDefinitions::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let input: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let output = serde_json::to_value(&file).unwrap();
        assert_eq!(output, input, "{} re-encodes differently", path.display());
        // Valid fixtures have no faults; invalid ones have some.
        let faults = file.check();
        if i < valid {
            assert!(faults.is_empty(), "{}: {faults:#?}", path.display());
        } else {
            assert!(!faults.is_empty(), "{} has no faults", path.display());
        }
    }
}

#[test]
fn configurations_are_typed_by_trigger_type() {
    let bytes = std::fs::read(dir().join("trigger-config-edge-all-types.json")).unwrap();
    let file = TriggerDefinitions::from_slice(&bytes).unwrap();
    let kinds: Vec<(TriggerType, Option<TriggerType>)> = file
        .definitions()
        .iter()
        .map(|d| {
            (
                d.trigger_type.clone(),
                d.trigger_config
                    .as_ref()
                    .and_then(TriggerConfig::trigger_type),
            )
        })
        .collect();
    for (t, c) in &kinds {
        assert_eq!(Some(t), c.as_ref());
    }
    let types: Vec<&str> = kinds.iter().map(|(t, _)| t.as_str()).collect();
    for t in TriggerType::KNOWN {
        assert!(types.contains(t), "no {t} definition in the fixture");
    }
    let defs = file.definitions();
    let Some(TriggerConfig::Oss(oss)) = &defs[0].trigger_config else {
        panic!("not OSS")
    };
    assert_eq!(oss.prefix(), "source/");
    assert_eq!(oss.suffix(), ".zip");
    let Some(TriggerConfig::Sls(sls)) = &defs[1].trigger_config else {
        panic!("not SLS")
    };
    let job = sls.job_config.as_ref().unwrap();
    assert_eq!(
        job.max_retry_time.as_ref().and_then(|n| n.as_i64()),
        Some(3)
    );
    // `startTime: null` is an unknown member, kept.
    let source = sls.source_config.as_ref().unwrap();
    assert!(source.extra.contains_key("startTime"));
    // An unknown top-level member is kept.
    assert!(defs[8].extra.contains_key("x-team"));
}

#[test]
fn config_before_type_and_as_string_decode_alike() {
    // Members in API (alphabetical) order: triggerConfig comes before triggerType, as a string.
    let bytes =
        std::fs::read(dir().join("trigger-config-edge-fc3-list-string-config.json")).unwrap();
    let file = TriggerDefinitions::from_slice(&bytes).unwrap();
    assert!(matches!(file, TriggerDefinitions::Listed(_)));
    let d = &file.definitions()[0];
    let Some(TriggerConfig::Oss(c)) = &d.trigger_config else {
        panic!("not typed: {:?}", d.trigger_config)
    };
    assert_eq!(c.events, ["oss:ObjectCreated:*"]);
    assert_eq!(c.prefix(), "/prefix");
    let ConfigForm::String(original) = &d.config_form else {
        panic!("form lost")
    };
    // Written back byte for byte (spaces included), not re-serialized.
    let out = serde_json::to_value(d).unwrap();
    assert_eq!(
        out["triggerConfig"],
        serde_json::Value::String(original.clone())
    );
    assert!(original.contains("\"events\": ["));
}

#[test]
fn an_edited_string_config_is_written_from_the_new_value() {
    let text = r#"{"triggerName":"t","triggerType":"timer","triggerConfig":"{\"cronExpression\": \"0 0 4 * * *\"}"}"#;
    let mut d = TriggerDefinition::from_slice(text.as_bytes()).unwrap();
    if let Some(TriggerConfig::Timer(t)) = &mut d.trigger_config {
        t.cron_expression = Some("0 30 4 * * *".into());
    }
    let out = serde_json::to_value(&d).unwrap();
    let inner: serde_json::Value =
        serde_json::from_str(out["triggerConfig"].as_str().expect("still a string")).unwrap();
    assert_eq!(inner, serde_json::json!({"cronExpression": "0 30 4 * * *"}));
}

#[test]
fn plain_serde_decodes_config_before_type() {
    let text = r#"{"triggerConfig":{"events":["oss:ObjectRemoved:*"],"extra":1},"triggerType":"oss","triggerName":"t"}"#;
    let d: TriggerDefinition = serde_json::from_str(text).unwrap();
    let Some(TriggerConfig::Oss(c)) = &d.trigger_config else {
        panic!("not typed")
    };
    assert_eq!(c.events, ["oss:ObjectRemoved:*"]);
    assert_eq!(c.extra.get("extra").and_then(|v| v.as_i64()), Some(1));
    // A bad member inside is reported with its place in the message.
    let bad = r#"{"triggerConfig":{"events":[5]},"triggerType":"oss","triggerName":"t"}"#;
    let e = serde_json::from_str::<TriggerDefinition>(bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalid type") && e.contains("/events/0"), "{e}");
}

#[test]
fn unknown_type_keeps_its_configuration() {
    let bytes = std::fs::read(dir().join("invalid/trigger-config-edge-unknown-type.json")).unwrap();
    let d = TriggerDefinition::from_slice(&bytes).unwrap();
    assert_eq!(d.trigger_type, TriggerType::Other("queue_v2".into()));
    let Some(TriggerConfig::Other(raw)) = &d.trigger_config else {
        panic!("not raw")
    };
    let expected: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(raw.to_json(), expected["triggerConfig"]);
    assert_eq!(
        located(&fc_events::validate::validate(&d)),
        [("/triggerType".to_owned(), code::ENUM)]
    );
}

#[test]
fn decode_errors_are_located_in_either_member_order() {
    for text in [
        r#"{"triggerName":"t","triggerType":"oss","triggerConfig":{"events":["a", 5]}}"#,
        r#"{"triggerConfig":{"events":["a", 5]},"triggerName":"t","triggerType":"oss"}"#,
    ] {
        let e = TriggerDefinition::from_slice(text.as_bytes()).unwrap_err();
        assert_eq!(e.pointer(), "/triggerConfig/events/1", "{text}");
        assert_eq!(e.code, "type");
    }
    let e = TriggerDefinitions::from_slice(
        br#"[{"triggerName":"a","triggerType":"timer","triggerConfig":{}},
             {"triggerName":"b","triggerType":"http","triggerConfig":{"methods":"GET"}}]"#,
    )
    .unwrap_err();
    assert_eq!(e.pointer(), "/1/triggerConfig/methods");
    let e = TriggerDefinition::from_slice(br#"{"triggerName":"a"}"#).unwrap_err();
    assert_eq!((e.pointer(), e.code), ("/triggerType", "required"));
    let e = TriggerDefinition::from_slice(
        br#"{"triggerName":"a","triggerName":"b","triggerType":"timer"}"#,
    )
    .unwrap_err();
    assert!(e.message.contains("duplicate"), "{e}");
    // A string configuration that is not JSON: located at the member, with the inner place.
    let e = TriggerDefinition::from_slice(
        br#"{"triggerName":"a","triggerType":"timer","triggerConfig":"{\"enable\": yes}"}"#,
    )
    .unwrap_err();
    assert_eq!(e.pointer(), "/triggerConfig");
    assert!(e.message.contains("triggerConfig string"), "{e}");
    // Syntax errors keep line and column.
    let e = TriggerDefinitions::from_slice(b"[\n{\"triggerName\": }").unwrap_err();
    assert_eq!((e.code, e.line), ("syntax", Some(2)));
}

#[test]
fn source_arns_parse_into_their_parts() {
    let cases = [
        (
            "acs:oss:cn-hangzhou:123456789:my-bucket",
            SourceArn::Oss {
                region: "cn-hangzhou".into(),
                account_id: "123456789".into(),
                bucket: "my-bucket".into(),
            },
        ),
        (
            "acs:log:cn-hangzhou:123456789:project/my-project",
            SourceArn::Log {
                region: "cn-hangzhou".into(),
                account_id: "123456789".into(),
                project: "my-project".into(),
            },
        ),
        (
            "acs:mns:cn-hangzhou:123456789:/topics/my-topic",
            SourceArn::MnsTopic {
                region: "cn-hangzhou".into(),
                account_id: "123456789".into(),
                topic: "my-topic".into(),
            },
        ),
        (
            "acs:ots:cn-hangzhou:123456789:instance/inst/table/orders",
            SourceArn::Tablestore {
                region: "cn-hangzhou".into(),
                account_id: "123456789".into(),
                instance: "inst".into(),
                table: "orders".into(),
            },
        ),
        (
            "acs:cdn:*:123456789",
            SourceArn::Cdn {
                account_id: "123456789".into(),
                resource: None,
            },
        ),
        (
            "acs:cdn:*:123456789:domain/example.com",
            SourceArn::Cdn {
                account_id: "123456789".into(),
                resource: Some("domain/example.com".into()),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(SourceArn::parse(text).as_ref(), Ok(&expected), "{text}");
    }
    for bad in [
        "arn:oss:cn-hangzhou:1:b",
        "acs:oss:cn-hangzhou:1:Upper_Case",
        "acs:oss::1:bucket",
        "acs:log:cn-hangzhou:1:logstore/x",
        "acs:mns:cn-hangzhou:1:topics/t",
        "acs:ots:cn-hangzhou:1:instance/i",
        "acs:cdn:cn-hangzhou:1",
        "acs:oss",
    ] {
        assert!(SourceArn::parse(bad).is_err(), "{bad} parsed");
    }
    assert!(matches!(
        SourceArn::parse("acs:fc:cn-hangzhou:1:functions/f"),
        Ok(SourceArn::Other(a)) if a.service == "fc" && a.resource.as_deref() == Some("functions/f")
    ));
}

#[test]
fn qualifiers_parse() {
    use fc_events::trigger::Qualifier;
    assert_eq!(Qualifier::parse("LATEST"), Ok(Qualifier::Latest));
    assert_eq!(Qualifier::parse("12"), Ok(Qualifier::Version(12)));
    assert_eq!(
        Qualifier::parse("prod_v2-blue"),
        Ok(Qualifier::Alias("prod_v2-blue"))
    );
    for bad in ["", "0", "-x", "has space", &"a".repeat(129)] {
        assert!(Qualifier::parse(bad).is_err(), "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Validation with pointers
// ---------------------------------------------------------------------------------------------

#[test]
fn rule_faults_are_located_and_coded() {
    let faults = faults_of("invalid/trigger-config-edge-rule-faults.json");
    let expected: Vec<(&str, &str)> = vec![
        ("/0/triggerName", code::FORMAT),
        ("/0/sourceArn", code::CONSISTENCY),
        ("/0/invocationRole", code::FORMAT),
        ("/0/qualifier", code::RANGE),
        ("/0/triggerConfig/events/0", code::FORMAT),
        ("/0/triggerConfig/events/1", code::ENUM),
        ("/1/triggerConfig/sourceConfig/logstore", code::REQUIRED),
        ("/1/triggerConfig/jobConfig/maxRetryTime", code::RANGE),
        ("/1/triggerConfig/jobConfig/triggerInterval", code::RANGE),
        ("/1/triggerConfig/functionParameter", code::TYPE),
        ("/2/triggerConfig/cronExpression", code::RANGE),
        ("/3/triggerConfig/authType", code::ENUM),
        ("/3/triggerConfig/methods/1", code::ENUM),
        ("/4/triggerConfig/eventName", code::ENUM),
        ("/4/triggerConfig/eventVersion", code::ENUM),
        ("/4/triggerConfig/filter/domain/0", code::FORMAT),
        ("/5/sourceArn", code::FORMAT),
        ("/5/triggerConfig/notifyContentFormat", code::ENUM),
        ("/5/triggerConfig/notifyStrategy", code::ENUM),
        ("/6/triggerConfig/eventRuleFilterPattern", code::FORMAT),
        ("/7/triggerType", code::ENUM),
        ("/8/triggerConfig", code::RANGE),
        ("/9/triggerConfig", code::REQUIRED),
    ];
    let got = located(&faults);
    let want: Vec<(String, &str)> = expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    assert_eq!(got, want, "{faults:#?}");
    // Messages say what was expected and what was found.
    let by_ptr = |p: &str| &faults.iter().find(|f| f.pointer == p).unwrap().message;
    assert!(by_ptr("/1/triggerConfig/jobConfig/maxRetryTime").contains("0 to 100, found 101"));
    assert!(by_ptr("/1/triggerConfig/jobConfig/triggerInterval").contains("3 to 600, found 2"));
    assert!(by_ptr("/0/triggerConfig/events/0").contains("oss:ObjectCreated:PutObject"));
    assert!(by_ptr("/2/triggerConfig/cronExpression").contains("hours"));
    assert!(by_ptr("/8/triggerConfig").contains("at /jobConfig/maxRetryTime"));
}

#[test]
fn range_bounds_are_inclusive() {
    let def = |retry: i64, interval: &str| {
        format!(
            r#"{{"triggerName":"l","triggerType":"log","sourceArn":"acs:log:cn-hangzhou:1:project/p",
                "triggerConfig":{{"sourceConfig":{{"logstore":"s"}},"jobConfig":{{"maxRetryTime":{retry},"triggerInterval":{interval}}}}}}}"#
        )
    };
    for (retry, interval, faults) in [
        (0, "3", 0),
        (100, "600", 0),
        (100, "\"600\"", 0),
        (-1, "3", 1),
        (0, "601", 1),
        (101, "2", 2),
        (0, "\"often\"", 1),
    ] {
        let report = check_config_slice(def(retry, interval).as_bytes());
        assert_eq!(
            report.faults.len(),
            faults,
            "{retry} {interval}: {:?}",
            report.faults
        );
    }
}

#[test]
fn required_source_arn_and_missing_members() {
    let report = check_config_slice(
        br#"{"triggerName":"o","triggerType":"oss","triggerConfig":{"events":[]}}"#,
    );
    assert_eq!(
        located(&report.faults),
        [
            ("/sourceArn".to_owned(), code::REQUIRED),
            ("/triggerConfig/events".to_owned(), code::REQUIRED)
        ]
    );
    let report =
        check_config_slice(br#"{"triggerName":"t","triggerType":"timer","triggerConfig":{}}"#);
    assert_eq!(
        located(&report.faults),
        [("/triggerConfig/cronExpression".to_owned(), code::REQUIRED)]
    );
    let report = check_config_slice(
        br#"{"triggerName":"c","triggerType":"cdn_events","sourceArn":"acs:cdn:*:1","triggerConfig":{}}"#,
    );
    assert_eq!(
        located(&report.faults),
        [
            ("/triggerConfig/eventName".to_owned(), code::REQUIRED),
            ("/triggerConfig/eventVersion".to_owned(), code::REQUIRED),
            ("/triggerConfig/filter".to_owned(), code::REQUIRED)
        ]
    );
}

#[test]
fn a_config_of_another_type_is_inconsistent() {
    let mut d = TriggerDefinition::new("t", TimerTriggerConfig::default());
    d.trigger_type = TriggerType::Http;
    assert_eq!(
        located(&fc_events::validate::validate(&d)),
        [("/triggerConfig".to_owned(), code::CONSISTENCY)]
    );
}

// ---------------------------------------------------------------------------------------------
// 2b. Cron: the seed's table, syntax and the gaps filled
// ---------------------------------------------------------------------------------------------

/// The examples of the seed's cron table (Beijing time in the description, UTC in the expression),
/// each with a start instant and the fire times that must follow it.
#[test]
fn every_example_of_the_seed_cron_table() {
    struct Case {
        expr: &'static str,
        beijing: &'static str,
        after: DateTime<Utc>,
        expected: Vec<DateTime<Utc>>,
    }
    // 2024-01-01 is a Monday.
    let cases = [
        Case {
            expr: "0 0 4 * * *",
            beijing: "12:00 every day",
            after: utc(2024, 1, 1, 5, 0, 0),
            expected: vec![
                utc(2024, 1, 2, 4, 0, 0),
                utc(2024, 1, 3, 4, 0, 0),
                utc(2024, 1, 4, 4, 0, 0),
            ],
        },
        Case {
            expr: "0 30 4 * * *",
            beijing: "12:30 every day",
            after: utc(2024, 2, 28, 12, 0, 0),
            expected: vec![utc(2024, 2, 29, 4, 30, 0), utc(2024, 3, 1, 4, 30, 0)],
        },
        Case {
            expr: "0 26,29,33 * * * *",
            beijing: "minutes 26, 29 and 33 of every hour",
            after: utc(2024, 1, 1, 23, 30, 0),
            expected: vec![
                utc(2024, 1, 1, 23, 33, 0),
                utc(2024, 1, 2, 0, 26, 0),
                utc(2024, 1, 2, 0, 29, 0),
                utc(2024, 1, 2, 0, 33, 0),
            ],
        },
        Case {
            expr: "0 30 4 ? * MON-FRI",
            beijing: "12:30 Monday to Friday",
            after: utc(2024, 1, 5, 5, 0, 0), // Friday, after the day's run
            expected: vec![utc(2024, 1, 8, 4, 30, 0), utc(2024, 1, 9, 4, 30, 0)],
        },
        Case {
            expr: "0 0/5 4-6 ? * MON-FRI",
            beijing: "every 5 minutes from 12:00 to 14:55, Monday to Friday",
            after: utc(2024, 1, 5, 6, 50, 0),
            expected: vec![
                utc(2024, 1, 5, 6, 55, 0),
                utc(2024, 1, 8, 4, 0, 0),
                utc(2024, 1, 8, 4, 5, 0),
            ],
        },
        Case {
            expr: "0 0 4 ? JAN,FEB,MAR,APR *",
            beijing: "12:00 every day from January to April",
            after: utc(2024, 4, 30, 5, 0, 0),
            expected: vec![utc(2025, 1, 1, 4, 0, 0), utc(2025, 1, 2, 4, 0, 0)],
        },
    ];
    for case in &cases {
        let got = next_fire_times(case.expr, case.after, case.expected.len()).unwrap();
        assert_eq!(got, case.expected, "{} ({})", case.expr, case.beijing);
    }
    // Cross-checks of the Beijing reading, independent of the lists above.
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let daily = next_fire_times("0 0 4 * * *", utc(2024, 1, 1, 0, 0, 0), 400).unwrap();
    assert!(daily.iter().all(|t| t.with_timezone(&beijing).hour() == 12));
    assert_eq!(
        daily
            .windows(2)
            .filter(|w| w[1] - w[0] != Duration::days(1))
            .count(),
        0
    );
    let weekdays =
        next_fire_times("0 0/5 4-6 ? * MON-FRI", utc(2024, 1, 1, 0, 0, 0), 36 * 10).unwrap();
    for t in &weekdays {
        let local = t.with_timezone(&beijing);
        assert!(
            (12..=14).contains(&local.hour()) && local.minute() % 5 == 0,
            "{t}"
        );
        assert!(
            !matches!(local.weekday(), Weekday::Sat | Weekday::Sun),
            "{t}"
        );
    }
    // 36 runs a day: ten of them cover exactly two working weeks.
    assert_eq!(
        weekdays.last().unwrap().date_naive(),
        utc(2024, 1, 12, 0, 0, 0).date_naive()
    );
    let spring =
        next_fire_times("0 0 4 ? JAN,FEB,MAR,APR *", utc(2023, 12, 31, 0, 0, 0), 121).unwrap();
    assert!(spring.iter().all(|t| t.month() <= 4));
    assert_eq!(spring.len(), 121); // 31 + 29 + 31 + 30 days of 2024
    assert_eq!(spring[120], utc(2024, 4, 30, 4, 0, 0));
}

/// The examples of the seed's special-character table, each in a full expression.
#[test]
fn the_seed_special_character_examples() {
    let start = utc(2024, 1, 1, 0, 0, 0); // a Monday
                                          // `,`: MON,WED,FRI in day-of-week is Monday, Wednesday and Friday.
    let t = next_fire_times("0 0 0 ? * MON,WED,FRI", start, 6).unwrap();
    let days: Vec<Weekday> = t.iter().map(|t| t.weekday()).collect();
    assert_eq!(
        days,
        [
            Weekday::Wed,
            Weekday::Fri,
            Weekday::Mon,
            Weekday::Wed,
            Weekday::Fri,
            Weekday::Mon
        ]
    );
    // `-`: 10-12 in hours is 10, 11 and 12 o'clock UTC.
    let t = next_fire_times("0 0 10-12 * * *", start, 4).unwrap();
    let hours: Vec<u32> = t.iter().map(|t| t.hour()).collect();
    assert_eq!(hours, [10, 11, 12, 10]);
    // `/`: 3/5 in minutes is minute 3, then every 5 minutes (3, 8, …, 58).
    let t = next_fire_times("0 3/5 * * * *", start, 13).unwrap();
    let minutes: Vec<u32> = t.iter().map(|t| t.minute()).collect();
    assert_eq!(minutes, [3, 8, 13, 18, 23, 28, 33, 38, 43, 48, 53, 58, 3]);
    // `*` and 0: 0 in minutes fires at minute 0 of every hour.
    let t = next_fire_times("0 0 * * * *", start, 3).unwrap();
    assert_eq!(
        t,
        [
            utc(2024, 1, 1, 1, 0, 0),
            utc(2024, 1, 1, 2, 0, 0),
            utc(2024, 1, 1, 3, 0, 0)
        ]
    );
    // `?`: only in the day fields.
    assert!(CronSchedule::parse("0 0 0 ? * *").is_ok());
    assert!(CronSchedule::parse("0 0 0 * * ?").is_ok());
    assert!(CronSchedule::parse("? 0 0 * * *").is_err());
}

#[test]
fn cron_details() {
    // `n/m`: from n, every m.
    let t = next_fire_times("0 3/5 * * * *", utc(2024, 1, 1, 0, 0, 0), 3).unwrap();
    assert_eq!(
        t,
        [
            utc(2024, 1, 1, 0, 3, 0),
            utc(2024, 1, 1, 0, 8, 0),
            utc(2024, 1, 1, 0, 13, 0)
        ]
    );
    // Seconds are honoured.
    let t = next_fire_times("*/20 * * * * *", utc(2024, 1, 1, 0, 0, 0), 2).unwrap();
    assert_eq!(t, [utc(2024, 1, 1, 0, 0, 20), utc(2024, 1, 1, 0, 0, 40)]);
    // Weekdays: 1 is Monday, 7 and SUN are Sunday; names are case-insensitive.
    for (expr, weekday) in [
        ("0 0 0 ? * 1", Weekday::Mon),
        ("0 0 0 ? * 7", Weekday::Sun),
        ("0 0 0 ? * SUN", Weekday::Sun),
        ("0 0 0 ? * sat", Weekday::Sat),
    ] {
        let t = next_fire_times(expr, utc(2024, 1, 10, 0, 0, 0), 3).unwrap();
        assert!(t.iter().all(|t| t.weekday() == weekday), "{expr}: {t:?}");
    }
    // Leap day only.
    let t = next_fire_times("0 0 0 29 2 ?", utc(2024, 3, 1, 0, 0, 0), 1).unwrap();
    assert_eq!(t, [utc(2028, 2, 29, 0, 0, 0)]);
    // Both day fields restricted: either one matching is enough (Vixie cron's rule).
    let t = next_fire_times("0 0 0 1 * MON", utc(2024, 3, 30, 0, 0, 0), 3).unwrap();
    assert_eq!(
        t,
        [
            utc(2024, 4, 1, 0, 0, 0),
            utc(2024, 4, 8, 0, 0, 0),
            utc(2024, 4, 15, 0, 0, 0)
        ]
    );
    let t = next_fire_times("0 0 0 2 * MON", utc(2024, 3, 30, 0, 0, 0), 2).unwrap();
    assert_eq!(t, [utc(2024, 4, 1, 0, 0, 0), utc(2024, 4, 2, 0, 0, 0)]);
    // CRON_TZ=UTC is UTC.
    let t = next_fire_times("CRON_TZ=UTC 0 0 4 * * *", utc(2024, 1, 1, 0, 0, 0), 1).unwrap();
    assert_eq!(t, [utc(2024, 1, 1, 4, 0, 0)]);
}

#[test]
fn cron_faults_name_the_field() {
    let cases: &[(&str, CronErrorKind, Option<CronField>)] = &[
        ("0 0 24 * * *", CronErrorKind::Range, Some(CronField::Hours)),
        (
            "60 0 4 * * *",
            CronErrorKind::Range,
            Some(CronField::Seconds),
        ),
        (
            "0 0 4 0 * ?",
            CronErrorKind::Range,
            Some(CronField::DayOfMonth),
        ),
        ("0 0 4 ? 13 *", CronErrorKind::Range, Some(CronField::Month)),
        (
            "0 0 4 ? * 0",
            CronErrorKind::Range,
            Some(CronField::DayOfWeek),
        ),
        (
            "0 0 4 ? * MON/2",
            CronErrorKind::Syntax,
            Some(CronField::DayOfWeek),
        ),
        (
            "0 ? 4 * * *",
            CronErrorKind::Syntax,
            Some(CronField::Minutes),
        ),
        (
            "0 0 4 L * ?",
            CronErrorKind::Syntax,
            Some(CronField::DayOfMonth),
        ),
        (
            "0 0 4 ? * MON#2",
            CronErrorKind::Syntax,
            Some(CronField::DayOfWeek),
        ),
        (
            "0 0 4 ? * FUN",
            CronErrorKind::Syntax,
            Some(CronField::DayOfWeek),
        ),
        (
            "0 0 4 ? JAN-XYZ *",
            CronErrorKind::Syntax,
            Some(CronField::Month),
        ),
        (
            "0 0 12-4 * * *",
            CronErrorKind::Range,
            Some(CronField::Hours),
        ),
        (
            "0 0/0 * * * *",
            CronErrorKind::Range,
            Some(CronField::Minutes),
        ),
        (
            "0 0,,5 * * * *",
            CronErrorKind::Syntax,
            Some(CronField::Minutes),
        ),
        (
            "0 0 0 31 2 ?",
            CronErrorKind::Range,
            Some(CronField::DayOfMonth),
        ),
        ("0 0 4 * *", CronErrorKind::Syntax, None),
        ("0 0 4 * * * 2024", CronErrorKind::Syntax, None),
        ("", CronErrorKind::Syntax, None),
        ("@daily", CronErrorKind::Syntax, None),
        ("@every", CronErrorKind::Syntax, None),
        ("@every 5", CronErrorKind::Syntax, None),
        ("@every 5 m", CronErrorKind::Syntax, None),
        ("@every 30s", CronErrorKind::Range, None),
        ("@every 90s", CronErrorKind::Range, None),
        ("CRON_TZ= 0 0 4 * * *", CronErrorKind::Syntax, None),
        (
            "CRON_TZ=Asia/Shanghai @every 5m",
            CronErrorKind::Syntax,
            None,
        ),
    ];
    for (expr, kind, field) in cases {
        let e = CronSchedule::parse(expr).expect_err(expr);
        assert_eq!((e.kind, e.field), (*kind, *field), "{expr}: {e}");
        assert!(!e.message.is_empty());
    }
}

#[test]
fn every_intervals_are_parsed_and_counted_from_the_given_instant() {
    for (expr, secs) in [
        ("@every 4m", 240),
        ("@every 1h30m", 5400),
        ("@every 1.5h", 5400),
        ("@every 2h", 7200),
        ("@every 120s", 120),
        ("@every 1h0m0s", 3600),
        ("@every 60000ms", 60),
    ] {
        let s = CronSchedule::parse(expr).unwrap();
        assert_eq!(s.interval().map(|d| d.as_secs()), Some(secs), "{expr}");
        let start = utc(2024, 1, 1, 0, 0, 7);
        let times = s.upcoming(start, 3).unwrap();
        let step = Duration::seconds(secs as i64);
        assert_eq!(
            times,
            [start + step, start + step * 2, start + step * 3],
            "{expr}"
        );
    }
}

#[test]
fn named_time_zones_parse_but_are_not_evaluated() {
    let s = CronSchedule::parse("CRON_TZ=Asia/Shanghai 0 0 4 1 * *").unwrap();
    assert_eq!(s.time_zone(), Some("Asia/Shanghai"));
    let e = s.upcoming(utc(2024, 1, 1, 0, 0, 0), 1).unwrap_err();
    assert_eq!(e.kind, CronErrorKind::Unsupported);
    assert!(s.next_after(utc(2024, 1, 1, 0, 0, 0)).is_none());
    // Validation accepts it.
    let d = TriggerDefinition::new(
        "tz",
        TimerTriggerConfig::new("CRON_TZ=Asia/Shanghai 0 0 4 1 * *"),
    );
    assert!(fc_events::validate::validate(&d).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3. Conflicts
// ---------------------------------------------------------------------------------------------

#[test]
fn the_seed_oss_rules_table() {
    // Table 1: beside (PutObject, source, zip), (source, "") and ("", zip) both fail, and they
    // overlap each other too.
    let bytes =
        std::fs::read(dir().join("invalid/trigger-config-seed-oss-rules-conflict.json")).unwrap();
    let file = TriggerDefinitions::from_slice(&bytes).unwrap();
    let found = file.conflicts();
    let pairs: Vec<(usize, usize, String)> = found
        .iter()
        .map(|c| match c {
            Conflict::OssOverlap {
                first,
                second,
                overlap,
                bucket,
            } => {
                assert_eq!(bucket, "seed-bucket");
                assert_eq!(overlap.event, "oss:ObjectCreated:PutObject");
                (*first, *second, overlap.key.clone())
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (0, 1, "sourcezip".to_owned()),
            (0, 2, "sourcezip".to_owned()),
            (1, 2, "sourcezip".to_owned())
        ]
    );
    // The reported key fires both triggers of each pair.
    for (a, b, key) in &pairs {
        for i in [a, b] {
            let Some(TriggerConfig::Oss(c)) = &file.definitions()[*i].trigger_config else {
                panic!()
            };
            assert!(c.matches("ObjectCreated:PutObject", key));
        }
    }
    let faults = file.check();
    assert_eq!(
        located(&faults),
        [
            ("/1/triggerConfig".to_owned(), code::CONFLICT),
            ("/2/triggerConfig".to_owned(), code::CONFLICT),
            ("/2/triggerConfig".to_owned(), code::CONFLICT)
        ]
    );
    assert!(
        faults[0]
            .message
            .contains("`source-any` overlaps `source-zip` (/0)"),
        "{}",
        faults[0]
    );
    // Table 2: (source1, 1zip) and (source, zip1) coexist.
    let ok = faults_of("trigger-config-seed-oss-rules-coexist.json");
    assert!(ok.is_empty(), "{ok:?}");
}

#[test]
fn more_than_ten_oss_triggers_on_a_bucket() {
    let faults = faults_of("invalid/trigger-config-edge-eleven-oss-triggers.json");
    assert_eq!(
        located(&faults),
        [("/10".to_owned(), code::LIMIT)],
        "{faults:?}"
    );
    assert!(faults[0].message.contains("busy-bucket has 11"));
    // Ten are fine; other buckets and other types do not count.
    let bytes =
        std::fs::read(dir().join("invalid/trigger-config-edge-eleven-oss-triggers.json")).unwrap();
    let TriggerDefinitions::Many(mut defs) = TriggerDefinitions::from_slice(&bytes).unwrap() else {
        panic!()
    };
    defs[10].source_arn = Some("acs:oss:cn-hangzhou:123456789:other-bucket".into());
    assert!(conflicts(&defs).is_empty());
    defs.push(TriggerDefinition::new("t", TimerTriggerConfig::default()));
    assert!(conflicts(&defs).is_empty());
}

#[test]
fn event_sets_intersect_through_wildcards() {
    let cfg =
        |events: &[&str], p: &str, s: &str| OssTriggerConfig::new(events.iter().copied(), p, s);
    let put = cfg(&["oss:ObjectCreated:PutObject"], "", "");
    let created = cfg(&["oss:ObjectCreated:*"], "", "");
    let removed = cfg(&["oss:ObjectRemoved:*"], "", "");
    let everything = cfg(&["oss:*"], "", "");
    let delete = cfg(
        &[
            "oss:ObjectRemoved:DeleteObject",
            "oss:ObjectModified:UpdateObjectMeta",
        ],
        "",
        "",
    );
    assert_eq!(
        put.overlap(&created).unwrap().unwrap().event,
        "oss:ObjectCreated:PutObject"
    );
    assert!(created.overlap(&removed).unwrap().is_none());
    assert!(put.overlap(&delete).unwrap().is_none());
    assert_eq!(
        everything.overlap(&delete).unwrap().unwrap().event,
        "oss:ObjectRemoved:DeleteObject"
    );
    assert_eq!(
        removed.overlap(&delete).unwrap().unwrap().event,
        "oss:ObjectRemoved:DeleteObject"
    );
    // Undocumented names still intersect by pattern.
    let restore = cfg(&["oss:ObjectRestore:*"], "", "");
    let completed = cfg(&["oss:ObjectRestore:Completed"], "", "");
    assert_eq!(
        restore.overlap(&completed).unwrap().unwrap().event,
        "oss:ObjectRestore:Completed"
    );
    // No filters at all: any key.
    assert_eq!(put.overlap(&created).unwrap().unwrap().key, "a");
}

/// Brute force over every key up to length 6 on a two-letter alphabet: `overlap` finds a key
/// exactly when one exists, and the key it gives matches both.
#[test]
fn key_overlap_agrees_with_brute_force() {
    fn words(max: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..max {
            let next: Vec<String> = frontier
                .iter()
                .flat_map(|w| ["a", "b"].map(|c| format!("{w}{c}")))
                .collect();
            out.extend(next.iter().cloned());
            frontier = next;
        }
        out
    }
    let affixes = words(3);
    let keys = words(6);
    let event = ["oss:ObjectCreated:PutObject"];
    let mut checked = 0;
    for p1 in &affixes {
        for s1 in affixes.iter().step_by(3) {
            let a = OssTriggerConfig::new(event, p1, s1);
            for p2 in affixes.iter().step_by(2) {
                for s2 in &affixes {
                    let b = OssTriggerConfig::new(event, p2, s2);
                    let exists = keys
                        .iter()
                        .filter(|k| !k.is_empty())
                        .any(|k| a.matches_key(k) && b.matches_key(k));
                    match a.overlap(&b).unwrap() {
                        Some(o) => {
                            assert!(exists, "{p1}/{s1} vs {p2}/{s2}");
                            assert!(a.matches_key(&o.key) && b.matches_key(&o.key), "{o:?}");
                            assert!(!o.key.is_empty());
                        }
                        None => assert!(!exists, "{p1}/{s1} vs {p2}/{s2} missed"),
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 15 * 5 * 8 * 15);
}

#[test]
fn conflicts_across_files() {
    let a = br#"{"triggerName":"a","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:shared",
                "triggerConfig":{"events":["oss:ObjectCreated:*"],"filter":{"key":{"prefix":"img/"}}}}"#;
    let b = br#"[{"triggerName":"b","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:shared",
                "triggerConfig":{"events":["oss:ObjectCreated:PostObject"],"filter":{"key":{"suffix":".png"}}}}]"#;
    let reports = check_config_files(&[a, b]);
    assert!(reports[0].is_valid());
    assert_eq!(
        located(&reports[1].faults),
        [("/0/triggerConfig".to_owned(), code::CONFLICT)]
    );
    assert!(reports[1].faults[0].message.contains("file 1:(root)"));
    assert!(reports[1].faults[0].message.contains("\"img/.png\""));
}

// ---------------------------------------------------------------------------------------------
// 4. Matching
// ---------------------------------------------------------------------------------------------

fn oss_fixture() -> fc_events::oss::OssEvent {
    let bytes =
        std::fs::read(common::fixtures_dir().join("oss/oss-fc3-doc-trigger-event-formats-1.json"))
            .unwrap();
    fc_events::oss::OssEvent::from_slice(&bytes).unwrap()
}

#[test]
fn oss_events_match_names_wildcards_and_key_filters() {
    let event = oss_fixture(); // ObjectCreated:PutObject, key source/a.png, bucket testbucket
    let def = |events: &[&str], p: &str, s: &str| {
        TriggerDefinition::new("t", OssTriggerConfig::new(events.iter().copied(), p, s))
            .with_source_arn("acs:oss:cn-hangzhou:123456789:testbucket")
    };
    let cases: &[(&[&str], &str, &str, bool)] = &[
        (&["oss:ObjectCreated:PutObject"], "", "", true),
        (&["oss:ObjectCreated:*"], "source/", ".png", true),
        (&["oss:*"], "source", "", true),
        (
            &["oss:ObjectRemoved:*", "oss:ObjectCreated:PutObject"],
            "",
            "png",
            true,
        ),
        (&["oss:ObjectCreated:PostObject"], "", "", false),
        (&["oss:ObjectRemoved:*"], "", "", false),
        (&["ObjectCreated:PutObject"], "", "", false), // without prefix it is no pattern of FC's
        (&["oss:ObjectCreated:*"], "target/", "", false),
        (&["oss:ObjectCreated:*"], "", ".jpg", false),
    ];
    for (events, p, s, expected) in cases {
        let d = def(events, p, s);
        assert_eq!(
            d.fired_by(&event),
            Some(*expected),
            "{events:?} {p:?} {s:?}"
        );
        assert_eq!(
            d.fired_by(&fc_events::Event::Oss(event.clone())),
            Some(*expected)
        );
    }
    // Another bucket never fires; no sourceArn skips the bucket check.
    let other = def(&["oss:*"], "", "").with_source_arn("acs:oss:cn-hangzhou:123456789:elsewhere");
    assert_eq!(other.fired_by(&event), Some(false));
    let mut anywhere = def(&["oss:*"], "", "");
    anywhere.source_arn = None;
    assert_eq!(anywhere.fired_by(&event), Some(true));
    // A timer trigger is not fired by an OSS event.
    let timer = TriggerDefinition::new("timer-trigger", TimerTriggerConfig::default());
    assert_eq!(timer.fired_by(&event), Some(false));
}

#[test]
fn event_names_match_with_or_without_the_prefix() {
    let c = OssTriggerConfig::new(["oss:ObjectCreated:*"], "", "");
    assert!(c.matches("ObjectCreated:CompleteMultipartUpload", "k"));
    assert!(c.matches("oss:ObjectCreated:CompleteMultipartUpload", "k"));
    assert!(!c.matches("ObjectRemoved:DeleteObject", "k"));
    assert!(!c.matches("oss:ObjectCreatedX", "k"));
}

#[test]
fn timer_events_match_their_trigger_name() {
    let bytes = std::fs::read(
        common::fixtures_dir().join("timer/timer-fc3-doc-trigger-event-formats-1.json"),
    )
    .unwrap();
    let event = fc_events::Event::from_slice(&bytes).unwrap();
    let named = |n: &str| TriggerDefinition::new(n, TimerTriggerConfig::new("@every 5m"));
    assert_eq!(named("timer-trigger").fired_by(&event), Some(true));
    assert_eq!(named("other").fired_by(&event), Some(false));
    let oss = TriggerDefinition::new("timer-trigger", OssTriggerConfig::new(["oss:*"], "", ""));
    assert_eq!(oss.fired_by(&event), Some(false));
}

#[test]
fn cdn_rule_on_names_and_domains() {
    let config: CdnTriggerConfig = serde_json::from_str(
        r#"{"eventName":"LogFileCreated","eventVersion":"1.0.0","filter":{"domain":["example.com","*.cdn.example.org"]}}"#,
    )
    .unwrap();
    assert!(config.matches("LogFileCreated", "example.com"));
    assert!(config.matches("LogFileCreated", "EXAMPLE.com"));
    assert!(config.matches("LogFileCreated", "img.cdn.example.org"));
    assert!(!config.matches("LogFileCreated", "cdn.example.org"));
    assert!(!config.matches("LogFileCreated", "xcdn.example.org"));
    assert!(!config.matches("LogFileCreated", "www.example.com"));
    assert!(!config.matches("CdnDomainStarted", "example.com"));
}

/// The typed event of a fixture (detected) and a definition parsed from JSON.
fn fixture_event(path: &str) -> fc_events::Event {
    let bytes = std::fs::read(common::fixtures_dir().join(path)).unwrap();
    fc_events::Event::from_slice(&bytes).unwrap()
}

fn definition(json: &str) -> TriggerDefinition {
    let d = TriggerDefinition::from_slice(json.as_bytes()).unwrap();
    assert!(
        fc_events::validate::validate(&d).is_empty(),
        "the test's definitions are valid: {json}"
    );
    d
}

#[cfg(feature = "cdn")]
#[test]
fn cdn_events_match_name_domain_and_account() {
    // LogFileCreated on example.com, account 1xxxxxxxxxxxx.
    let event = fixture_event("cdn/cdn-seed-1.json");
    let fc_events::Event::Cdn(cdn) = &event else {
        panic!("a CDN event")
    };
    let def = |name: &str, domains: &str, account: &str| {
        definition(&format!(
            r#"{{"triggerName": "cdn", "triggerType": "cdn_events", "sourceArn": "acs:cdn:*:{account}",
                "triggerConfig": {{"eventName": "{name}", "eventVersion": "1.0.0",
                                   "filter": {{"domain": [{domains}]}}}}}}"#
        ))
    };
    let cases = [
        ("LogFileCreated", r#""example.com""#, "1xxxxxxxxxxxx", true),
        (
            "LogFileCreated",
            r#""a.example.org", "EXAMPLE.COM""#,
            "1xxxxxxxxxxxx",
            true,
        ),
        (
            "LogFileCreated",
            r#""www.example.com""#,
            "1xxxxxxxxxxxx",
            false,
        ),
        (
            "CachedObjectsRefreshed",
            r#""example.com""#,
            "1xxxxxxxxxxxx",
            false,
        ),
        ("LogFileCreated", r#""example.com""#, "99999", false),
    ];
    for (name, domains, account, expected) in cases {
        let d = def(name, domains, account);
        assert_eq!(
            d.fired_by(&event),
            Some(expected),
            "{name} {domains} {account}"
        );
        assert_eq!(d.fired_by(cdn), Some(expected));
        assert_eq!(d.fired_by(&cdn.events[0]), Some(expected));
    }
    // Without a sourceArn the account is not checked.
    let mut anywhere = def("LogFileCreated", r#""example.com""#, "99999");
    anywhere.source_arn = None;
    assert_eq!(anywhere.fired_by(&event), Some(true));
    // A domain event of another record shape: CdnDomainStarted on chongshi.alicdn.com.
    let started = fixture_event("cdn/cdn-seed-3.json");
    assert_eq!(
        def("CdnDomainStarted", r#""*.alicdn.com""#, "12345678").fired_by(&started),
        Some(true)
    );
    assert_eq!(
        def("CdnDomainStopped", r#""*.alicdn.com""#, "12345678").fired_by(&started),
        Some(false)
    );
    // Triggers of other types are not fired by a CDN event.
    let timer = TriggerDefinition::new("cdn", TimerTriggerConfig::new("@every 5m"));
    assert_eq!(timer.fired_by(&event), Some(false));
}

#[cfg(feature = "sls")]
#[test]
fn sls_events_match_project_and_logstore() {
    // Project log-com, Logstore log-en.
    let event = fixture_event("sls/sls-seed-1.json");
    let fc_events::Event::Sls(sls) = &event else {
        panic!("an SLS event")
    };
    let def = |project: &str, logstore: &str| {
        definition(&format!(
            r#"{{"triggerName": "etl", "triggerType": "log",
                "sourceArn": "acs:log:cn-shanghai:123456789:project/{project}",
                "triggerConfig": {{"sourceConfig": {{"logstore": "{logstore}"}},
                                   "jobConfig": {{"maxRetryTime": 3, "triggerInterval": 60}},
                                   "logConfig": {{"project": "{project}", "logstore": "fc-logs"}},
                                   "enable": true}}}}"#
        ))
    };
    let cases = [
        ("log-com", "log-en", true),
        ("log-com", "log-fr", false),
        ("other", "log-en", false),
        ("other", "log-fr", false),
    ];
    for (project, logstore, expected) in cases {
        let d = def(project, logstore);
        assert_eq!(d.fired_by(&event), Some(expected), "{project}/{logstore}");
        assert_eq!(d.fired_by(sls), Some(expected));
    }
    // The project comes from sourceArn only: without it, the Logstore alone decides.
    let mut no_arn = def("other", "log-en");
    no_arn.source_arn = None;
    assert_eq!(no_arn.fired_by(&event), Some(true));
    // The rule on plain strings.
    let TriggerConfig::Sls(config) = def("log-com", "log-en").trigger_config.unwrap() else {
        unreachable!()
    };
    assert!(config.matches(Some("log-com"), "log-com", "log-en"));
    assert!(config.matches(None, "anything", "log-en"));
    assert!(!config.matches(Some("log-com"), "log-com", "log-e"));
    // An OSS trigger is not fired by an SLS event.
    let oss = TriggerDefinition::new("etl", OssTriggerConfig::new(["oss:*"], "", ""));
    assert_eq!(oss.fired_by(&event), Some(false));
}

#[cfg(feature = "mns-topic")]
#[test]
fn mns_topic_events_match_format_topic_and_owner() {
    let def = |format: Option<&str>, topic: &str, owner: &str| {
        let format = format.map_or(String::new(), |f| {
            format!(r#""notifyContentFormat": "{f}","#)
        });
        definition(&format!(
            r#"{{"triggerName": "topic", "triggerType": "mns_topic",
                "sourceArn": "acs:mns:cn-hangzhou:{owner}:/topics/{topic}",
                "triggerConfig": {{{format} "notifyStrategy": "BACKOFF_RETRY"}}}}"#
        ))
    };
    // JSON format, topic test-topic of 118620210433****; with and without attributes.
    for path in [
        "mns-topic/mns-topic-seed-2.json",
        "mns-topic/mns-topic-seed-3.json",
    ] {
        let event = fixture_event(path);
        let fc_events::Event::MnsTopic(message) = &event else {
            panic!("an MNS topic event")
        };
        let owner = "118620210433****";
        let cases = [
            (Some("JSON"), "test-topic", owner, Some(true)),
            (None, "test-topic", owner, Some(true)),
            (Some("JSON"), "other-topic", owner, Some(false)),
            (Some("JSON"), "test-topic", "1186202104330000", Some(false)),
            // A STREAM subscription never delivers the JSON shape.
            (Some("STREAM"), "test-topic", owner, Some(false)),
        ];
        for (format, topic, account, expected) in cases {
            let d = def(format, topic, account);
            assert_eq!(
                d.fired_by(&event),
                expected,
                "{path}: {format:?} {topic} {account}"
            );
            assert_eq!(d.fired_by(message), expected);
        }
    }
    // STREAM format: the raw body and {body, attrs} do not name their topic.
    for path in [
        "mns-topic/mns-topic-seed-1.txt",
        "mns-topic/mns-topic-edge-stream-attrs-more.json",
    ] {
        let event = fixture_event(path);
        assert!(matches!(event, fc_events::Event::MnsTopic(_)), "{path}");
        assert_eq!(
            def(Some("STREAM"), "t", "1").fired_by(&event),
            None,
            "{path}"
        );
        assert_eq!(def(None, "t", "1").fired_by(&event), None, "{path}");
        assert_eq!(
            def(Some("JSON"), "t", "1").fired_by(&event),
            Some(false),
            "{path}"
        );
        let timer = TriggerDefinition::new("topic", TimerTriggerConfig::new("@every 5m"));
        assert_eq!(timer.fired_by(&event), Some(false), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Schema and the CLI's functions
// ---------------------------------------------------------------------------------------------

#[test]
fn schema_describes_every_configuration() {
    use fc_events::schema::Draft;
    let s = fc_events::trigger::schema(Draft::Draft07);
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    let defs = s["definitions"].as_object().expect("definitions");
    for name in [
        "TriggerDefinition",
        "TriggerList",
        "OssTriggerConfig",
        "SlsTriggerConfig",
        "TimerTriggerConfig",
        "HttpTriggerConfig",
        "TablestoreTriggerConfig",
        "CdnTriggerConfig",
        "MnsTopicTriggerConfig",
        "EventBridgeTriggerConfig",
    ] {
        assert!(
            defs.contains_key(name),
            "{name} missing from {:?}",
            defs.keys()
        );
    }
    let branches = defs["TriggerDefinition"]["allOf"].as_array().unwrap();
    let consts: Vec<&str> = branches
        .iter()
        .map(|b| {
            b["if"]["properties"]["triggerType"]["const"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(consts, TriggerType::KNOWN);
    assert_eq!(
        defs["TriggerType"]["enum"],
        serde_json::json!(TriggerType::KNOWN)
    );
    // The OSS config schema uses the wire names.
    let oss = &defs["OssTriggerConfig"]["properties"];
    assert!(oss["events"].is_object() && oss["filter"].is_object());
    let s = fc_events::trigger::schema(Draft::Draft2020_12);
    assert!(s["$defs"]["TriggerDefinition"].is_object());
    assert_eq!(
        fc_events::trigger::SCHEMA_FILE,
        "trigger-config.schema.json"
    );
}

#[test]
fn check_config_slice_reports_decode_and_rule_faults() {
    let r = check_config_slice(b"{ nope");
    assert_eq!(
        (r.definitions, r.faults.len(), r.faults[0].code),
        (0, 1, code::SYNTAX)
    );
    assert_eq!((r.faults[0].line, r.faults[0].column), (Some(1), Some(3)));
    assert_eq!(
        r.positions(b"{ nope"),
        vec![Some(Position::Json {
            line: 1,
            column: 3,
            offset: 2
        })]
    );
    let bytes = std::fs::read(dir().join("trigger-config-edge-all-types.json")).unwrap();
    let r = check_config_slice(&bytes);
    assert_eq!(r.definitions, 9);
    assert!(r.is_valid(), "{:?}", r.faults);
    assert!(r.into_result().is_ok());
    let bytes =
        std::fs::read(dir().join("trigger-config-edge-fc3-list-string-config.json")).unwrap();
    assert!(check_config_slice(&bytes).is_valid());
}

/// The JSON position of byte `offset` in `text`, counted here independently of the library.
fn position_at(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position::Json {
        line: before.matches('\n').count() + 1,
        column: text[line_start..offset].chars().count() + 1,
        offset,
    }
}

/// Where the value after the first `member` (a `"name": ` text) at or after `from` begins.
fn value_after(text: &str, from: usize, member: &str) -> usize {
    from + text[from..].find(member).expect("the member is there") + member.len()
}

#[test]
fn config_faults_are_placed_in_their_own_file() {
    let images = "{\"triggerName\": \"images\", \"triggerType\": \"oss\",\n \
        \"sourceArn\": \"acs:oss:cn-hangzhou:123456789:shared\",\n \
        \"triggerConfig\": {\"events\": [\"oss:ObjectCreated:*\"], \"filter\": {\"key\": {\"prefix\": \"img/\"}}}}";
    let pngs = "{\"triggers\": [\n  {\"triggerName\": \"bad\", \"triggerType\": \"timer\",\n   \
        \"triggerConfig\": {\"cronExpression\": \"0 0 24 * * *\"}},\n  \
        {\"triggerName\": \"pngs\", \"triggerType\": \"oss\",\n   \
        \"sourceArn\": \"acs:oss:cn-hangzhou:123456789:shared\",\n   \
        \"triggerConfig\": {\"events\": [\"oss:ObjectCreated:PostObject\"], \"filter\": {\"key\": {\"suffix\": \"é.png\"}}}}\n]}";
    let broken = "[\n  {\"triggerName\": \"x\",\n  }\n]";
    let reports = check_named_config_files(&[
        ("a.json", images.as_bytes()),
        ("b.json", pngs.as_bytes()),
        ("c.json", broken.as_bytes()),
    ]);
    assert!(reports[0].is_valid());
    let b = &reports[1];
    let pointers: Vec<&str> = b.faults.iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/triggers/0/triggerConfig/cronExpression",
            "/triggers/1/triggerConfig"
        ]
    );
    // The rule fault at its value; the conflict at the later trigger's `triggerConfig`, in the
    // file that trigger is in.
    let second = pngs.find("\"pngs\"").unwrap();
    assert_eq!(
        b.positions(pngs.as_bytes()),
        vec![
            Some(position_at(
                pngs,
                value_after(pngs, 0, "\"cronExpression\": ")
            )),
            Some(position_at(
                pngs,
                value_after(pngs, second, "\"triggerConfig\": ")
            )),
        ]
    );
    // A syntax error: a plain message, placed where the parser stopped (the `}` after the
    // trailing comma), not at the definition its pointer names.
    let c = &reports[2];
    assert_eq!(c.faults[0].code, code::SYNTAX);
    assert!(!c.faults[0].message.contains("line"), "{}", c.faults[0]);
    assert_eq!(
        c.positions(broken.as_bytes()),
        vec![Some(position_at(broken, broken.rfind('}').unwrap()))]
    );
    assert_eq!(
        c.faults[0].position(broken.as_bytes()),
        c.positions(broken.as_bytes())[0]
    );
}

#[test]
fn warnings_leave_a_config_report_valid() {
    let mut report = check_config_slice(b"[]");
    assert!(report.is_valid());
    let mut warning = Fault::error("/0", code::FORMAT, "informational");
    warning.severity = fc_events::validate::Severity::Warning;
    report.faults.push(warning);
    assert!(report.is_valid());
    assert!(report.clone().into_result().is_ok());
    report
        .faults
        .push(Fault::error("/1", code::FORMAT, "wrong"));
    assert!(!report.is_valid());
    assert_eq!(report.into_result().unwrap_err().0.len(), 2);
}

#[test]
fn the_cron_command_function() {
    let t = next_fire_times("0 0 4 * * *", utc(2024, 1, 1, 4, 0, 0), 2).unwrap();
    assert_eq!(
        t,
        [utc(2024, 1, 2, 4, 0, 0), utc(2024, 1, 3, 4, 0, 0)],
        "strictly after"
    );
    assert!(next_fire_times("0 0 4 * * *", utc(2024, 1, 1, 0, 0, 0), 0)
        .unwrap()
        .is_empty());
    let e = next_fire_times("0 0 25 * * *", utc(2024, 1, 1, 0, 0, 0), 1).unwrap_err();
    assert_eq!(e.fault_code(), code::RANGE);
}

// ---------------------------------------------------------------------------------------------
// 6. Complexity guards: each shape at 1,000 and at 100,000; the large one must cost at most
//    50 × 100 × the small one (linear is 100 ×, quadratic 10,000 ×).
// ---------------------------------------------------------------------------------------------

/// The fastest of three runs (interference only adds time).
fn fastest<T>(run: &impl Fn() -> T) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Runs `make(1_000)` and `make(100_000)` through `run`; fails when the large input costs more
/// than 50 × 100 × the small one in two runs (the second only when the first was over). The large
/// runs have a thread of their own, so the guard fails as soon as the bound has passed instead of
/// waiting for quadratic code to finish.
fn assert_linear<I, T>(
    what: &str,
    make: impl Fn(usize) -> I,
    run: impl Fn(&I) -> T + Send + 'static,
) where
    I: Send + 'static,
{
    let (small, large) = (make(1_000), make(100_000));
    // A floor keeps a sub-microsecond small run from making the bound meaninglessly tight.
    let t_small = fastest(&|| run(&small)).max(std::time::Duration::from_micros(20));
    let bound = t_small * 50 * 100;
    let (done, runs) = std::sync::mpsc::channel();
    let (again, asked) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || loop {
        let start = std::time::Instant::now();
        std::hint::black_box(run(&large));
        if done.send(start.elapsed()).is_err() || asked.recv().is_err() {
            break;
        }
    });
    for attempt in 1..=2 {
        let Ok(t_large) = runs.recv_timeout(bound) else {
            panic!(
                "{what}: 100,000 still running after 50 × 100 × {t_small:?} (1,000) = {bound:?}"
            );
        };
        if t_large <= bound {
            return;
        }
        assert!(
            attempt < 2,
            "{what}: 100,000 took {t_large:?}, over 50 × 100 × {t_small:?} (1,000) = {bound:?}"
        );
        again.send(()).unwrap();
    }
}

/// `n` OSS triggers on one bucket that all overlap each other (n²/2 overlaps).
fn overlapping_oss_file(n: usize) -> Vec<u8> {
    let defs: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"triggerName":"t{i}","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:one-bucket","triggerConfig":{{"events":["oss:ObjectCreated:*"],"filter":{{"key":{{"prefix":"p{}","suffix":""}}}}}}}}"#,
                "",
            )
        })
        .collect();
    format!("[{}]", defs.join(",")).into_bytes()
}

/// `n` definitions of mixed types over `n / 5` buckets, none conflicting.
fn mixed_file(n: usize) -> Vec<u8> {
    let defs: Vec<String> = (0..n)
        .map(|i| match i % 3 {
            0 => format!(
                r#"{{"triggerName":"oss{i}","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:bucket-{}","triggerConfig":{{"events":["oss:ObjectCreated:PutObject","oss:ObjectRemoved:*"],"filter":{{"key":{{"prefix":"dir{i}/","suffix":".zip"}}}}}}}}"#,
                i % (n / 5)
            ),
            1 => format!(
                r#"{{"triggerName":"timer{i}","triggerType":"timer","triggerConfig":{{"cronExpression":"0 {} 4 * * *","enable":true}}}}"#,
                i % 60
            ),
            _ => format!(
                r#"{{"triggerName":"http{i}","triggerType":"http","triggerConfig":"{{\"authType\":\"anonymous\",\"methods\":[\"GET\",\"POST\"]}}"}}"#
            ),
        })
        .collect();
    format!("[{}]", defs.join(",")).into_bytes()
}

#[test]
fn definitions_that_all_overlap_cost_linear_time_and_output() {
    assert_linear("overlapping OSS triggers", overlapping_oss_file, |bytes| {
        check_config_slice(bytes)
    });
    // The report is bounded too: at most 10 overlaps per trigger, and the rest counted.
    let report = check_config_slice(&overlapping_oss_file(1_000));
    assert!(
        report.faults.len() <= 1 + 10 * 1_000,
        "{}",
        report.faults.len()
    );
    assert_eq!(report.faults[0].code, code::LIMIT);
    assert!(
        report.faults[0]
            .message
            .contains("more overlaps were found than are reported"),
        "{}",
        report.faults[0].message
    );
    // Every conflict is found from its fault.
    for (i, c) in report.conflicts.iter().enumerate().step_by(97) {
        assert_eq!(report.conflict_of(c.fault), Some(&report.conflicts[i]));
    }
}

#[test]
fn placing_many_config_faults_costs_linear_time() {
    // Every trigger overlaps the earlier ones: about 10 conflicts per trigger, each one placed.
    let make = |n: usize| {
        let bytes = overlapping_oss_file(n);
        let report = check_config_slice(&bytes);
        (bytes, report)
    };
    assert_linear(
        "positions of conflicts",
        make,
        |(bytes, report): &(Vec<u8>, fc_events::trigger::ConfigReport)| report.positions(bytes),
    );
    // Each at its own place: the 11th trigger for the limit, `triggerConfig` for an overlap.
    let (bytes, report) = make(1_000);
    let text = std::str::from_utf8(&bytes).unwrap();
    let starts: Vec<usize> = text
        .match_indices("{\"triggerName\"")
        .map(|(i, _)| i)
        .collect();
    let positions = report.positions(&bytes);
    assert_eq!(positions.len(), report.faults.len());
    for (fault, got) in report.faults.iter().zip(&positions).step_by(37) {
        let mut parts = fault.pointer[1..].splitn(2, '/');
        let i: usize = parts.next().unwrap().parse().unwrap();
        let want = match parts.next() {
            None => starts[i],
            Some("triggerConfig") => value_after(text, starts[i], "\"triggerConfig\":"),
            Some(other) => panic!("unexpected member {other}"),
        };
        assert_eq!(*got, Some(position_at(text, want)), "{}", fault.pointer);
    }
}

#[test]
fn mixed_definitions_cost_linear_time() {
    assert_linear("mixed definitions", mixed_file, |bytes| {
        let report = check_config_slice(bytes);
        assert!(report.is_valid(), "{:?}", report.faults.first());
        report
    });
}

#[test]
fn long_patterns_and_affixes_cost_linear_time() {
    // Two triggers whose event patterns and key filters are `n` characters long, full of `*`.
    let make = |n: usize| {
        let pattern = format!("oss:{}", "*a".repeat(n / 2));
        let other = format!("oss:{}", "a*".repeat(n / 2));
        let affix = "ab".repeat(n / 2);
        let def = |name: &str, events: &str, prefix: &str, suffix: &str| {
            format!(
                r#"{{"triggerName":"{name}","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:one-bucket","triggerConfig":{{"events":["{events}"],"filter":{{"key":{{"prefix":"{prefix}","suffix":"{suffix}"}}}}}}}}"#
            )
        };
        format!(
            "[{},{}]",
            def("a", &pattern, &affix, &affix),
            def("b", &other, &affix[..n / 2], &affix[n / 2..])
        )
        .into_bytes()
    };
    assert_linear("long patterns", make, |bytes| check_config_slice(bytes));
    let report = check_config_slice(&make(100_000));
    // Both patterns cover no documented event (two faults) and they intersect: a conflict.
    assert_eq!(
        report.faults.iter().map(|f| f.code).collect::<Vec<_>>(),
        [code::ENUM, code::ENUM, code::CONFLICT],
        "{:?}",
        report.faults
    );
    // Messages quote at most 80 characters of a value.
    for f in &report.faults {
        assert!(
            f.message.len() < 1_500,
            "{} bytes: {}",
            f.message.len(),
            f.message
        );
        assert!(f.message.contains("characters)"), "{}", f.message);
    }
}

#[test]
fn glob_matching_and_intersection_are_linear() {
    use fc_events::trigger::fire::{glob_intersection, glob_match};
    // The classic backtracking worst case: many stars, a text that almost matches.
    assert_linear(
        "glob_match",
        |n| (format!("{}b", "*a".repeat(n / 2)), "a".repeat(n)),
        |(p, t)| glob_match(p, t),
    );
    assert_linear(
        "glob_intersection",
        |n| {
            (
                format!("oss:{}", "*ab".repeat(n / 3)),
                format!("oss:{}", "ba*".repeat(n / 3)),
            )
        },
        |(a, b)| glob_intersection(a, b),
    );
}

/// Every pair of patterns over `a`, `b`, `*` up to length 4 against every text up to length 5:
/// `glob_match` agrees with a reference backtracking matcher, and `glob_intersection` finds a
/// string exactly when one of those texts (or its own witness) matches both.
#[test]
fn globs_agree_with_brute_force() {
    use fc_events::trigger::fire::{glob_intersection, glob_match};
    fn reference(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, _) => t.is_empty(),
            (Some(b'*'), _) => reference(&p[1..], t) || (!t.is_empty() && reference(p, &t[1..])),
            (Some(c), Some(d)) => c == d && reference(&p[1..], &t[1..]),
            (Some(_), None) => false,
        }
    }
    fn words(alphabet: &[&str], max: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..max {
            frontier = frontier
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            out.extend(frontier.iter().cloned());
        }
        out
    }
    let patterns = words(&["a", "b", "*"], 4);
    let texts = words(&["a", "b"], 5);
    for p in &patterns {
        for t in &texts {
            assert_eq!(
                glob_match(p, t),
                reference(p.as_bytes(), t.as_bytes()),
                "{p:?} {t:?}"
            );
        }
    }
    for p in &patterns {
        for q in &patterns {
            let exists = texts.iter().any(|t| glob_match(p, t) && glob_match(q, t));
            match glob_intersection(p, q) {
                Some(w) => assert!(glob_match(p, &w) && glob_match(q, &w), "{p:?} {q:?} {w:?}"),
                None => assert!(!exists, "{p:?} {q:?} missed"),
            }
        }
    }
}

#[test]
fn long_cron_expressions_cost_linear_time() {
    // A six-field expression whose seconds field is a list of `n` characters.
    let fields = |n: usize| {
        let list: Vec<String> = (0..n / 3).map(|i| (i % 60).to_string()).collect();
        format!("{} 0 4 * * *", list.join(","))
    };
    assert_linear("cron list", fields, |s| CronSchedule::parse(s).unwrap());
    // `@every` with `n` characters of terms.
    let every = |n: usize| format!("@every {}", "1m0s".repeat(n / 4));
    assert_linear("@every terms", every, |s| CronSchedule::parse(s).unwrap());
    assert_eq!(
        CronSchedule::parse(&every(1_000)).unwrap().interval(),
        Some(std::time::Duration::from_secs(250 * 60))
    );
    // An `n`-digit number and an `n`-digit fraction.
    let digits = |n: usize| format!("@every {}m", "9".repeat(n));
    assert_linear("@every digits", digits, |s| {
        CronSchedule::parse(s).unwrap_err()
    });
    let fraction = |n: usize| format!("@every 1.{}m", "5".repeat(n));
    assert_linear("@every fraction", fraction, |s| {
        CronSchedule::parse(s).unwrap_err()
    });
    let e = CronSchedule::parse(&digits(100_000)).unwrap_err();
    assert!(
        e.message.len() < 300 && e.message.contains("(100,001 characters)"),
        "{}",
        e.message
    );
}

#[test]
fn every_sums_that_overflow_are_faults() {
    for text in [
        "@every 340282366920938463463374607431768211.456us5m",
        "@every 340282366920938463463374607431768211455ns1ns",
        "@every 5000000000000000000000000000000h",
        "@every 99999999999999999999999999999999999999.9999999999999999999h",
    ] {
        let e = CronSchedule::parse(text).unwrap_err();
        assert_eq!(e.kind, CronErrorKind::Range, "{text}: {e}");
        assert!(e.message.contains("too long"), "{text}: {e}");
        let d = TriggerDefinition::new("t", TimerTriggerConfig::new(text));
        let faults = fc_events::validate::validate(&d);
        assert_eq!(
            located(&faults),
            [("/triggerConfig/cronExpression".to_owned(), code::RANGE)],
            "{text}"
        );
    }
    // The largest sums that fit are still checked for FC's rule, not wrapped.
    let e = CronSchedule::parse("@every 340282366920938463463374607431768211455ns").unwrap_err();
    assert!(
        e.message.contains("whole number of minutes") || e.message.contains("too long"),
        "{e}"
    );
}

#[test]
fn wide_objects_cost_linear_time_and_keep_rejecting_duplicates() {
    let make = |n: usize| {
        let members: Vec<String> = (0..n).map(|i| format!(r#""x{i}":{i}"#)).collect();
        format!(
            r#"{{"triggerName":"wide","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:one-bucket","triggerConfig":{{"events":["oss:ObjectCreated:*"],{}}},{}}}"#,
            members.join(","),
            members.join(",")
        )
        .into_bytes()
    };
    assert_linear("wide objects", make, |bytes| {
        let report = check_config_slice(bytes);
        assert!(report.is_valid(), "{:?}", report.faults.first());
        report
    });
    // A duplicate far past the first members is still found, in the definition and in its
    // configuration.
    for at in [3, 40, 999] {
        let members: Vec<String> = (0..1_000).map(|i| format!(r#""x{i}":{i}"#)).collect();
        let dup = format!(r#""x{at}":0"#);
        let config = format!(
            r#"{{"triggerName":"wide","triggerType":"oss","sourceArn":"acs:oss:cn-hangzhou:1:one-bucket","triggerConfig":{{"events":["oss:ObjectCreated:*"],{},{dup}}}}}"#,
            members.join(",")
        );
        let e = TriggerDefinitions::from_slice(config.as_bytes()).unwrap_err();
        assert!(
            e.to_string().contains(&format!("duplicate field `x{at}`")),
            "{e}"
        );
        let top = format!(
            r#"{{"triggerName":"wide","triggerType":"timer",{},{dup}}}"#,
            members.join(",")
        );
        let e = TriggerDefinitions::from_slice(top.as_bytes()).unwrap_err();
        assert!(
            e.to_string().contains(&format!("duplicate field `x{at}`")),
            "{e}"
        );
    }
}

#[test]
fn long_every_intervals_are_quoted_by_a_bounded_prefix() {
    use fc_events::trigger::CronSchedule;
    // Too short, and not a whole number of minutes: both messages quote the interval, whatever its
    // length (fuzzing found a 4 KB interval quoted whole).
    for text in [
        format!("@every {}ns", "0".repeat(4_000)),
        format!("@every 1m{}1s", "0".repeat(4_000)),
    ] {
        let e = CronSchedule::parse(&text).unwrap_err();
        assert!(
            e.message.len() < 300,
            "{} bytes: {}",
            e.message.len(),
            e.message
        );
        assert!(e.message.contains("characters)"), "{}", e.message);
    }
}
