use fc_events::{samples, Event, TriggerKind};
fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap();
    let kind: TriggerKind = args.next().unwrap().parse().unwrap();
    let n: usize = args.next().unwrap().parse().unwrap();
    let bytes = samples::sample(kind).unwrap();
    let mut acc = 0usize;
    for _ in 0..n {
        match mode.as_str() {
            "value" => {
                acc += serde_json::from_slice::<serde_json::Value>(std::hint::black_box(bytes))
                    .unwrap()
                    .is_object() as usize
            }
            "typed" => {
                acc += Event::from_slice_as(kind, std::hint::black_box(bytes)).is_ok() as usize
            }
            "detect" => {
                acc += fc_events::detect::detect(std::hint::black_box(bytes)).is_ok() as usize
            }
            "validate" => {
                let e = Event::from_slice_as(kind, bytes).unwrap();
                acc += e.validate().len()
            }
            "ignored" => {
                acc += serde_json::from_slice::<serde::de::IgnoredAny>(std::hint::black_box(bytes))
                    .is_ok() as usize
            }
            _ => panic!(),
        }
    }
    println!("{acc}");
}
