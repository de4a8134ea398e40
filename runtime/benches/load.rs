//! Bounded load test of the runtime, loopback only: a fixed number of timer invocations over a fixed
//! number of concurrent keep-alive connections, against (a) `fc-events-runtime` with a typed timer
//! handler and (b) a bare hyper server answering the same body without decoding anything. Prints
//! invocations per second, median and p99 latency of each, and the ratios; exits non-zero if any
//! invocation fails. Stops by itself.
//!
//! ```sh
//! cargo bench -p fc-events-runtime --bench load
//! FC_LOAD_COUNT=50000 FC_LOAD_CONCURRENCY=64 cargo bench -p fc-events-runtime --bench load
//! ```

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use fc_events::context::InvokeContext;
use fc_events::timer::TimerEvent;
use fc_events::TriggerKind;
use fc_events_runtime::Runtime;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The answer both servers give: what the typed handler returns for the timer sample.
fn expected_body() -> Bytes {
    let sample = fc_events::samples::sample(TriggerKind::Timer).unwrap();
    let timer = TimerEvent::from_slice(sample).unwrap();
    Bytes::from(serde_json::to_vec(timer.trigger_name.as_str()).unwrap())
}

async fn start_runtime() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        Runtime::new()
            .log_invocations(false)
            .serve(listener, |e: TimerEvent, _ctx: InvokeContext| async move {
                Ok::<_, String>(e.trigger_name)
            })
            .await
    });
    addr
}

async fn start_bare(body: Bytes) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let body = body.clone();
                    async move {
                        // Read the request body as the runtime does, then answer.
                        let _ = req.into_body().collect().await;
                        let mut r = hyper::Response::new(Full::new(body));
                        r.headers_mut()
                            .insert("x-fc-status", http::HeaderValue::from_static("200"));
                        Ok::<_, Infallible>(r)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

struct Outcome {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    failures: usize,
}

/// `count` invocations over `concurrency` connections; latencies of every invocation.
async fn load(addr: SocketAddr, count: usize, concurrency: usize, expected: Bytes) -> Outcome {
    let sample = Bytes::from_static(fc_events::samples::sample(TriggerKind::Timer).unwrap());
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..concurrency {
        let n = count / concurrency + usize::from(c < count % concurrency);
        let (sample, expected) = (sample.clone(), expected.clone());
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .unwrap();
            tokio::spawn(conn);
            let mut latencies = Vec::with_capacity(n);
            let mut failures = 0;
            for i in 0..n {
                let req = hyper::Request::post("/invoke")
                    .header("host", "127.0.0.1")
                    .header("content-type", "application/octet-stream")
                    .header("x-fc-request-id", format!("{c}-{i}"))
                    .header("x-fc-function-memory", "512")
                    .header("x-fc-function-timeout", "60")
                    .body(Full::new(sample.clone()))
                    .unwrap();
                let t = Instant::now();
                let ok = match sender.send_request(req).await {
                    Ok(resp) => {
                        let status = resp.status();
                        let body = resp.into_body().collect().await.map(|b| b.to_bytes());
                        status == 200 && body.ok().as_ref() == Some(&expected)
                    }
                    Err(_) => false,
                };
                latencies.push(t.elapsed());
                failures += usize::from(!ok);
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await.unwrap();
        latencies.extend(l);
        failures += f;
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Outcome {
        per_second: count as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        failures,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run a short round then.
    let benching = std::env::args().any(|a| a == "--bench");
    let count = env_usize("FC_LOAD_COUNT", if benching { 20_000 } else { 500 });
    let concurrency = env_usize("FC_LOAD_CONCURRENCY", 32).max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let expected = expected_body();
        let runtime = start_runtime().await;
        let bare = start_bare(expected.clone()).await;
        // Warm-up, then the measured rounds, alternated so that drift hits both alike.
        load(runtime, count / 10 + 1, concurrency, expected.clone()).await;
        load(bare, count / 10 + 1, concurrency, expected.clone()).await;
        let a = load(runtime, count, concurrency, expected.clone()).await;
        let b = load(bare, count, concurrency, expected.clone()).await;
        println!("{count} invocations over {concurrency} connections (loopback)");
        for (name, o) in [("fc-events-runtime", &a), ("bare hyper", &b)] {
            println!(
                "{name:>18}: {:>9.0} invocations/s, p50 {:>8.1?}, p99 {:>8.1?}, {} failed",
                o.per_second, o.p50, o.p99, o.failures
            );
        }
        println!(
            "  runtime / bare: throughput x{:.2}, p50 x{:.2}, p99 x{:.2} (p99 added {:.1?})",
            a.per_second / b.per_second,
            a.p50.as_secs_f64() / b.p50.as_secs_f64(),
            a.p99.as_secs_f64() / b.p99.as_secs_f64(),
            a.p99.saturating_sub(b.p99),
        );
        if a.failures + b.failures > 0 {
            eprintln!("some invocations failed");
            std::process::exit(1);
        }
    });
}
