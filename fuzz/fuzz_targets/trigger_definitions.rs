//! Arbitrary bytes as trigger definition files; seeded with every definition fixture and run with
//! `-dict=fuzz/trigger_definitions.dict`.
//!
//! Never a panic. Every fault message stays short (values are quoted by a bounded prefix). A file
//! that decodes encodes back to JSON that decodes to equal definitions and re-encodes to the same
//! bytes. Split in two, the bytes are also checked as two files together.
#![no_main]

use fc_events::trigger::{check_config_files, check_config_slice, TriggerDefinitions};

/// Longer than any message's fixed text with a few quoted values (80 characters each).
const MAX_MESSAGE: usize = 4_096;

fn short_messages(reports: &[fc_events::trigger::ConfigReport]) {
    for report in reports {
        for fault in &report.faults {
            assert!(
                fault.message.len() <= MAX_MESSAGE,
                "a {}-byte message at {}",
                fault.message.len(),
                fault.pointer
            );
            if let Some(i) = report.faults.iter().position(|f| std::ptr::eq(f, fault)) {
                if let Some(c) = report.conflict_of(i) {
                    assert_eq!(c.fault, i);
                }
            }
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    short_messages(&[check_config_slice(data)]);
    let (a, b) = data.split_at(data.len() / 2);
    short_messages(&check_config_files(&[a, b]));
    let Ok(file) = TriggerDefinitions::from_slice(data) else {
        return;
    };
    let _ = file.check();
    let json = serde_json::to_vec(&file).expect("decoded definitions encode");
    let again = TriggerDefinitions::from_slice(&json)
        .unwrap_or_else(|e| panic!("re-encoded definitions do not decode: {e}"));
    let json2 = serde_json::to_vec(&again).expect("encodes");
    assert_eq!(
        String::from_utf8_lossy(&json),
        String::from_utf8_lossy(&json2),
        "the JSON changed across a round trip"
    );
});
