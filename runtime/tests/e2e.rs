//! End to end: the example handler served on a loopback port, invoked through the `fc-events invoke`
//! command and through a plain HTTP client, with every kind's sample, invalid payloads, a handler
//! error, the lifecycle hooks, concurrent invocations, and the HTTP-trigger mode.

#[path = "../examples/handler.rs"]
#[allow(dead_code)]
mod handler;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use fc_events::context::InvokeContext;
use fc_events::timer::TimerEvent;
use fc_events::{Event, TriggerKind};
use fc_events_runtime::Runtime;
use serde_json::{json, Value};
use tokio::net::TcpListener;

/// A server on 127.0.0.1, port chosen by the system, on its own thread and tokio runtime.
struct Server {
    addr: SocketAddr,
    thread: JoinHandle<std::io::Result<()>>,
}

fn start<F, Fut>(serve: F) -> Server
where
    F: FnOnce(TcpListener) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = std::io::Result<()>>,
{
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            tx.send(listener.local_addr()?).unwrap();
            serve(listener).await
        })
    });
    let addr = rx.recv().expect("the server did not start");
    Server { addr, thread }
}

fn example_server() -> Server {
    start(|l| {
        handler::runtime()
            .log_invocations(false)
            .serve(l, handler::handle)
    })
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// Checks FC's error answer and returns its body.
    fn fc_error(&self, error_type: &str) -> Value {
        assert_eq!(self.status, 404, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("x-fc-status"), Some("404"));
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert_eq!(body["errorType"], error_type, "{body}");
        body
    }

    /// Checks a success answer and returns its body.
    fn fc_ok(&self) -> Value {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("x-fc-status"), Some("200"));
        self.json()
    }
}

/// A plain HTTP/1.1 exchange; reads until the server closes.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("no answer in 30 s");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    Answer {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

fn invoke(addr: SocketAddr, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    request(addr, "POST", "/invoke", headers, body)
}

/// The `fc-events` binary of this build (built by `cargo test --workspace --all-features`).
fn cli() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let bin = dir.join(format!("fc-events{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run `cargo test --workspace --all-features`, which builds it",
        bin.display()
    );
    bin
}

/// Runs `fc-events invoke --url http://ADDR ARGS`; returns the exit code and the printed answer.
fn cli_invoke(addr: SocketAddr, args: &[&str]) -> (i32, Answer) {
    let out = Command::new(cli())
        .arg("invoke")
        .arg("--url")
        .arg(format!("http://{addr}"))
        .args(args)
        .output()
        .unwrap();
    let stdout = out.stdout;
    let end = stdout
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or_else(|| {
            panic!(
                "no answer printed: {}{}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let head = std::str::from_utf8(&stdout[..end]).unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let body = stdout[end + 2..]
        .strip_suffix(b"\n")
        .unwrap_or(&stdout[end + 2..])
        .to_vec();
    (
        out.status.code().unwrap(),
        Answer {
            status,
            headers,
            body,
        },
    )
}

/// An example, built by `cargo test` (as `target/<profile>/examples/NAME`).
fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: `cargo test` builds it",
        path.display()
    );
    path
}

fn sample(kind: TriggerKind) -> &'static [u8] {
    fc_events::samples::sample(kind).unwrap()
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.split('-').map(str::len).eq([8, 4, 4, 4, 12])
}

#[test]
fn cli_invokes_like_fc() {
    let server = example_server();
    let addr = server.addr;

    // A kind's sample: the timer's trigger name comes back, with the fresh request id.
    let (code, a) = cli_invoke(addr, &["timer"]);
    assert_eq!(code, 0);
    let body = a.fc_ok();
    assert_eq!(a.header("content-type"), Some("application/json"));
    let timer = TimerEvent::from_slice(sample(TriggerKind::Timer)).unwrap();
    assert_eq!(body["kind"], "timer");
    assert_eq!(body["items"], json!([timer.trigger_name.as_str()]));
    let rid = body["requestId"].as_str().unwrap();
    assert!(is_uuid(rid), "{rid}");
    let (_, again) = cli_invoke(addr, &["timer"]);
    assert_ne!(again.json()["requestId"], body["requestId"]);

    // OSS: the object keys of the sample.
    let (code, a) = cli_invoke(addr, &["oss"]);
    assert_eq!(code, 0);
    let Event::Oss(oss) = Event::from_slice(sample(TriggerKind::Oss)).unwrap() else {
        panic!("not OSS")
    };
    let keys: Vec<&str> = oss
        .events
        .iter()
        .map(|r| r.oss.object.key.as_str())
        .collect();
    assert_eq!(a.fc_ok()["items"], json!(keys));

    // Tablestore: CBOR on the wire, sent as is.
    let (code, a) = cli_invoke(addr, &["tablestore"]);
    assert_eq!(code, 0);
    assert_eq!(a.fc_ok()["kind"], "tablestore");

    let dir = std::env::temp_dir().join(format!("fc-events-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // A file that breaks the timer's rules: exit status 1 and the fault's pointer.
    let bad = dir.join("bad-timer.json");
    std::fs::write(&bad, br#"{"triggerTime":"yesterday","triggerName":"t"}"#).unwrap();
    let (code, a) = cli_invoke(addr, &[bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    let body = a.fc_error("InvalidPayload");
    assert_eq!(body["faults"][0]["pointer"], "/triggerTime");

    // The handler's own error.
    let fail = dir.join("fail.json");
    std::fs::write(
        &fail,
        br#"{"triggerTime":"2024-01-01T00:00:00Z","triggerName":"nightly","payload":"fail"}"#,
    )
    .unwrap();
    let (code, a) = cli_invoke(addr, &[fail.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        a.fc_error("HandlerError")["errorMessage"],
        "timer nightly asked to fail"
    );

    // Extra headers reach the context.
    let (code, a) = cli_invoke(addr, &["-H", "x-fc-request-id: chosen", "timer"]);
    assert_eq!(code, 0);
    assert_eq!(a.fc_ok()["requestId"], "chosen");

    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_reports_a_refused_connection() {
    // A port nobody listens on (bound, then released).
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let out = Command::new(cli())
        .args(["invoke", "--url", &format!("http://{addr}"), "timer"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fc-events: error:"));
}

#[test]
fn every_kind_through_a_plain_client() {
    let server = example_server();
    for &kind in TriggerKind::ALL {
        let bytes = sample(kind);
        let a = invoke(server.addr, &[("x-fc-request-id", kind.name())], bytes);
        // The library itself is the oracle: what it detects is what the handler must report.
        match Event::from_slice(bytes) {
            Ok(event) => {
                let body = a.fc_ok();
                assert_eq!(body["kind"], event.kind().name(), "{kind}");
                assert_eq!(body["requestId"], kind.name());
            }
            Err(e) => {
                let body = a.fc_error("DecodeError");
                assert_eq!(body["errorMessage"], e.to_string(), "{kind}");
            }
        }
    }
}

#[test]
fn invalid_requests_get_fc_error_answers() {
    let server = example_server();
    let addr = server.addr;

    // Not JSON at all... an MNS topic STREAM body is any text, so use broken JSON.
    let a = invoke(
        addr,
        &[],
        br#"{"triggerTime":"2024-01-01T00:00:00Z","triggerName":"#,
    );
    let body = a.fc_error("DecodeError");
    assert!(body["faults"][0]["code"].is_string(), "{body}");

    // A member of the wrong type: the pointer names it.
    let a = invoke(
        addr,
        &[],
        br#"{"triggerTime":"2024-01-01T00:00:00Z","triggerName":5}"#,
    );
    let body = a.fc_error("DecodeError");
    assert_eq!(body["faults"][0]["pointer"], "/triggerName", "{body}");

    // A malformed context header.
    let a = invoke(
        addr,
        &[("x-fc-function-memory", "lots")],
        sample(TriggerKind::Timer),
    );
    let body = a.fc_error("InvalidContext");
    assert_eq!(
        body["errorMessage"],
        "header x-fc-function-memory: expected an integer (MB), found \"lots\""
    );

    // No such entry point.
    let a = request(addr, "GET", "/invoke", &[], b"");
    assert_eq!(
        a.fc_error("NotFound")["errorMessage"],
        "no entry point GET /invoke"
    );

    // The Initializer hook answers 200.
    let a = request(
        addr,
        "POST",
        "/initialize",
        &[("x-fc-request-id", "init-1")],
        b"",
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.header("x-fc-status"), Some("200"));
}

#[test]
fn a_typed_handler_refuses_other_kinds() {
    let server = start(|l| {
        Runtime::new().log_invocations(false).serve(
            l,
            |e: TimerEvent, _ctx: InvokeContext| async move {
                Ok::<_, String>(e.trigger_name.to_string())
            },
        )
    });
    let a = invoke(server.addr, &[], sample(TriggerKind::Timer));
    let timer = TimerEvent::from_slice(sample(TriggerKind::Timer)).unwrap();
    assert_eq!(a.fc_ok(), json!(timer.trigger_name.as_str()));
    let a = invoke(server.addr, &[], sample(TriggerKind::Oss));
    let expected = TimerEvent::from_slice(sample(TriggerKind::Oss)).unwrap_err();
    assert_eq!(
        a.fc_error("DecodeError")["errorMessage"],
        expected.to_string()
    );
}

#[test]
fn panics_and_hook_errors_are_error_answers() {
    let server = start(|l| {
        Runtime::new()
            .log_invocations(false)
            .initializer(|_ctx| async { Err::<(), _>("no database") })
            .serve(l, |_e: Event, _ctx: InvokeContext| async move {
                if true {
                    panic!("boom");
                }
                Ok::<(), String>(())
            })
    });
    let a = invoke(server.addr, &[], sample(TriggerKind::Timer));
    assert_eq!(
        a.fc_error("HandlerPanic")["errorMessage"],
        "the handler panicked: boom"
    );
    let a = request(server.addr, "POST", "/initialize", &[], b"");
    assert_eq!(a.fc_error("HookError")["errorMessage"], "no database");
    // The server survives both.
    let a = request(server.addr, "POST", "/initialize", &[], b"");
    a.fc_error("HookError");
}

#[test]
fn concurrent_invocations_run_concurrently() {
    // Every handler waits until all N are inside it: served one at a time, none would finish (the
    // client gives up after 30 s and the test fails).
    const N: usize = 16;
    let barrier = Arc::new(tokio::sync::Barrier::new(N));
    let server = start(move |l| {
        Runtime::new()
            .log_invocations(false)
            .serve(l, move |_e: Event, ctx: InvokeContext| {
                let barrier = barrier.clone();
                async move {
                    barrier.wait().await;
                    Ok::<_, String>(ctx.request_id)
                }
            })
    });
    let addr = server.addr;
    let clients: Vec<_> = (0..N)
        .map(|i| {
            std::thread::spawn(move || {
                let rid = format!("r{i}");
                let a = invoke(
                    addr,
                    &[("x-fc-request-id", &rid)],
                    sample(TriggerKind::Timer),
                );
                assert_eq!(a.fc_ok(), json!(rid));
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
}

#[test]
fn pre_stop_finishes_in_flight_invocations_then_stops() {
    let release = Arc::new(tokio::sync::Notify::new());
    let entered = Arc::new(tokio::sync::Notify::new());
    let stopped = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (r, e, s) = (release.clone(), entered.clone(), stopped.clone());
    let server = start(move |l| {
        Runtime::new()
            .log_invocations(false)
            .pre_stop(move |_ctx| {
                let s = s.clone();
                async move {
                    s.store(true, std::sync::atomic::Ordering::SeqCst);
                    Ok::<(), String>(())
                }
            })
            .serve(l, move |_e: Event, _ctx: InvokeContext| {
                let (r, e) = (r.clone(), e.clone());
                async move {
                    e.notify_one();
                    r.notified().await;
                    Ok::<_, String>("finished")
                }
            })
    });
    let addr = server.addr;
    let slow = std::thread::spawn(move || invoke(addr, &[], sample(TriggerKind::Timer)));
    // Wait until the slow invocation is inside the handler.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), entered.notified())
            .await
            .expect("the invocation never reached the handler")
    });
    let a = request(addr, "GET", "/pre-stop", &[], b"");
    assert_eq!(a.status, 200);
    assert!(stopped.load(std::sync::atomic::Ordering::SeqCst));
    // The server is draining: the in-flight invocation still gets its answer.
    assert!(!server.thread.is_finished());
    release.notify_one();
    assert_eq!(slow.join().unwrap().fc_ok(), json!("finished"));
    server.thread.join().unwrap().unwrap();
    assert!(
        TcpStream::connect(addr).is_err(),
        "still accepting after pre-stop"
    );
}

#[test]
fn http_trigger_mode_passes_the_real_request() {
    let server = start(|l| {
        Runtime::new().log_invocations(false).serve_http(
            l,
            |req: http::Request<Bytes>, ctx: InvokeContext| async move {
                if req.uri().path() == "/fail" {
                    return Err("refused".to_owned());
                }
                let body = json!({
                    "method": req.method().as_str(),
                    "uri": req.uri().to_string(),
                    "header": req.headers().get("x-custom").map(|v| v.to_str().unwrap()),
                    "body": String::from_utf8_lossy(req.body()),
                    "requestId": ctx.request_id,
                });
                Ok(http::Response::builder()
                    .status(201)
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .unwrap())
            },
        )
    });
    let addr = server.addr;
    let a = request(
        addr,
        "PUT",
        "/items/7?x=1",
        &[("x-custom", "yes"), ("x-fc-request-id", "h-1")],
        b"hello",
    );
    assert_eq!(a.status, 201);
    assert_eq!(a.header("x-fc-status"), Some("200"));
    assert_eq!(
        a.json(),
        json!({"method": "PUT", "uri": "/items/7?x=1", "header": "yes", "body": "hello", "requestId": "h-1"})
    );
    // A user's request to /initialize is an HTTP invocation when FC marks it so.
    let a = request(
        addr,
        "POST",
        "/initialize",
        &[("x-fc-control-path", "/http-invoke")],
        b"",
    );
    assert_eq!(a.status, 201);
    assert_eq!(a.json()["uri"], "/initialize");
    // FC's own Initializer call is the hook.
    let a = request(
        addr,
        "POST",
        "/initialize",
        &[("x-fc-control-path", "/initialize")],
        b"",
    );
    assert_eq!((a.status, a.body.len()), (200, 0));
    let a = request(addr, "GET", "/fail", &[], b"");
    assert_eq!(a.fc_error("HandlerError")["errorMessage"], "refused");
}

#[test]
fn the_example_binary_serves_until_pre_stop() {
    let example = example_binary("handler");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&example)
        .env("FC_SERVER_PORT", port.to_string())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let mut tries = 0;
    while TcpStream::connect(addr).is_err() {
        tries += 1;
        assert!(tries < 300, "the example did not start listening");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, a) = cli_invoke(addr, &["timer"]);
    assert_eq!(code, 0);
    let rid = a.fc_ok()["requestId"].as_str().unwrap().to_owned();
    let a = request(addr, "GET", "/pre-stop", &[], b"");
    assert_eq!(a.status, 200);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    // FC's log lines frame the invocation.
    let log = String::from_utf8(out.stdout).unwrap();
    assert!(
        log.contains(&format!("FC Invoke Start RequestId: {rid}\n")),
        "{log}"
    );
    assert!(
        log.contains(&format!("FC Invoke End RequestId: {rid}\n")),
        "{log}"
    );
}
