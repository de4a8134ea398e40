//! An event handler served as an FC custom runtime.
//!
//! Run it locally and invoke it as FC would:
//!
//! ```sh
//! FC_SERVER_PORT=9000 cargo run -p fc-events-runtime --example handler
//! cargo run -q --features cli -- invoke --url http://127.0.0.1:9000 timer
//! ```
//!
//! It answers a timer event with its trigger name, an OSS event with the object keys, any other kind
//! with its kind name; a timer event whose payload is `fail` makes it return an error (FC's error
//! answer, status 404).

use fc_events::context::InvokeContext;
use fc_events::Event;
use fc_events_runtime::Runtime;
use serde::Serialize;

/// What the handler answers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The kind of the event received.
    pub kind: &'static str,
    /// The request id FC gave the invocation.
    pub request_id: Option<String>,
    /// The timer trigger's name, or the OSS object keys.
    pub items: Vec<String>,
}

/// The handler: any kind of event, and the invocation context.
pub async fn handle(event: Event, ctx: InvokeContext) -> Result<Answer, String> {
    let items = match &event {
        Event::Timer(timer) => {
            if timer.payload.as_deref() == Some("fail") {
                return Err(format!("timer {} asked to fail", timer.trigger_name));
            }
            vec![timer.trigger_name.to_string()]
        }
        Event::Oss(oss) => oss
            .events
            .iter()
            .map(|r| r.oss.object.key.to_string())
            .collect(),
        _ => Vec::new(),
    };
    Ok(Answer {
        kind: event.kind().name(),
        request_id: ctx.request_id,
        items,
    })
}

/// The runtime with its lifecycle hooks.
pub fn runtime() -> Runtime {
    Runtime::new()
        .initializer(|ctx: InvokeContext| async move {
            println!("initializing for {ctx}");
            Ok::<(), String>(())
        })
        .pre_stop(|_ctx| async { Ok::<(), String>(()) })
}

fn main() -> std::io::Result<()> {
    runtime().run(handle)
}
