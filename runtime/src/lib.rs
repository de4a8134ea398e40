//! Run a Rust handler on Alibaba Cloud Function Compute (FC 3.0) as a custom runtime.
//!
//! FC runs a custom runtime as an HTTP server listening on `FC_SERVER_PORT` (9000 when unset). Each
//! event invocation arrives as `POST /invoke` with the payload as the body and the invocation context
//! in `x-fc-*` headers; the optional lifecycle hooks arrive as `POST /initialize`, `GET /pre-freeze`
//! and `GET /pre-stop`. This crate serves that protocol on hyper and calls your async handler with
//! the typed payload ([`fc_events::Event`] or one kind's type) and the typed
//! [`InvokeContext`]:
//!
//! ```no_run
//! use fc_events::{timer::TimerEvent, context::InvokeContext};
//!
//! async fn handler(event: TimerEvent, ctx: InvokeContext) -> Result<String, String> {
//!     Ok(format!("{} fired for {}", event.trigger_name, ctx.request_id.unwrap_or_default()))
//! }
//!
//! fn main() -> std::io::Result<()> {
//!     fc_events_runtime::run(handler)
//! }
//! ```
//!
//! # The protocol as served
//!
//! * `POST /invoke`: the body is decoded as the handler's input type (and validated, unless
//!   [`Runtime::validate`] turns it off); the handler's answer is serialised as JSON and returned
//!   with status 200 and `x-fc-status: 200`.
//! * A failure (a body that does not decode or validate, a handler error or panic, malformed context
//!   headers) is FC's error answer: status 404, `x-fc-status: 404` (FC records the invocation as
//!   failed), and a JSON body `{"errorMessage": "...", "errorType": "..."}` (the members the FC Go
//!   runtime SDK reports), plus `"faults": [{"pointer", "code", "message"}]` for a payload fault.
//!   The error types are listed in [`ErrorType`].
//! * `POST /initialize`, `GET /pre-freeze`, `GET /pre-stop`: the hooks set on [`Runtime`]; 200 when
//!   a hook succeeds or none is set, the error answer when it fails. After `/pre-stop` has been
//!   answered the server stops accepting connections, finishes the invocations in flight, and
//!   [`Runtime::serve`] returns. [`run`] also stops this way on SIGTERM or Ctrl-C.
//! * Each invocation runs in its own task: FC 3.0's instance concurrency (several invocations on one
//!   instance at once, on separate connections) is served concurrently.
//! * `FC Invoke Start RequestId: ...` and `FC Invoke End RequestId: ...` lines go to standard output
//!   for each invocation (FC's console shows an invocation's log between them); turn them off with
//!   [`Runtime::log_invocations`].
//!
//! HTTP-trigger functions receive the real HTTP request instead: [`Runtime::serve_http`] /
//! [`run_http`] pass every request (other than the lifecycle hooks) to a handler taking an
//! `http::Request<Bytes>` and returning an `http::Response`.
//!
//! Sources: the FC custom-runtime specification (Alibaba Cloud help, "Custom runtime event
//! functions", "Function instance lifecycle hooks", "Common request headers in Function Compute"),
//! and the FC Go runtime SDK (`aliyun/fc-runtime-go-sdk`, `fc/messages/messages.go` for the error
//! body members, `fc/function.go` for the start and end log lines).

#![warn(missing_docs)]

/// The README's example, compiled as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use std::convert::Infallible;
use std::fmt::Display;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use fc_events::validate::Fault;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::Notify;

pub use fc_events::context::InvokeContext;
pub use fc_events::Incoming;

/// The port FC tells a custom runtime to listen on, from `FC_SERVER_PORT`.
pub const PORT_VARIABLE: &str = "FC_SERVER_PORT";
/// The port used when `FC_SERVER_PORT` is not set.
pub const DEFAULT_PORT: u16 = 9000;
/// The largest request body read by default (FC's synchronous invocation payload limit is 32 MB).
pub const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;

/// The `errorType` of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorType {
    /// The body does not decode as the handler's input type.
    DecodeError,
    /// The body decodes but breaks a validation rule of its kind.
    InvalidPayload,
    /// The handler returned an error.
    HandlerError,
    /// The handler panicked.
    HandlerPanic,
    /// The handler's answer could not be serialised.
    SerializationError,
    /// An `x-fc-*` header could not be read (see [`fc_events::context::ContextError`]).
    InvalidContext,
    /// The body exceeds [`Runtime::max_body`], or could not be read.
    BodyError,
    /// A lifecycle hook returned an error.
    HookError,
    /// No entry point at this path.
    NotFound,
}

impl ErrorType {
    /// The name written in `errorType`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::DecodeError => "DecodeError",
            ErrorType::InvalidPayload => "InvalidPayload",
            ErrorType::HandlerError => "HandlerError",
            ErrorType::HandlerPanic => "HandlerPanic",
            ErrorType::SerializationError => "SerializationError",
            ErrorType::InvalidContext => "InvalidContext",
            ErrorType::BodyError => "BodyError",
            ErrorType::HookError => "HookError",
            ErrorType::NotFound => "NotFound",
        }
    }
}

/// An event handler: an async function of the decoded payload and the invocation context,
/// returning a serialisable answer or an error (shown to FC through its `Display`).
///
/// Implemented for every `Fn(P, InvokeContext) -> impl Future<Output = Result<R, E>>` that is
/// `Send + Sync + 'static`, with `R: Serialize` and `E: Display`.
pub trait Handler<P>: Send + Sync + 'static {
    /// The answer.
    type Output: Serialize;
    /// The error.
    type Error: Display;
    /// The future the handler returns.
    type Future: Future<Output = Result<Self::Output, Self::Error>> + Send + 'static;
    /// Calls the handler.
    fn call(&self, payload: P, ctx: InvokeContext) -> Self::Future;
}

impl<P, F, Fut, R, E> Handler<P> for F
where
    F: Fn(P, InvokeContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<R, E>> + Send + 'static,
    R: Serialize,
    E: Display,
{
    type Output = R;
    type Error = E;
    type Future = Fut;
    fn call(&self, payload: P, ctx: InvokeContext) -> Fut {
        self(payload, ctx)
    }
}

/// An HTTP-trigger handler: an async function of the real request (body read in full) and the
/// invocation context, returning the response.
///
/// Implemented for every `Fn(Request<Bytes>, InvokeContext) -> impl Future<Output =
/// Result<Response<B>, E>>` that is `Send + Sync + 'static`, with `B: Into<Bytes>` and `E: Display`.
pub trait HttpHandler: Send + Sync + 'static {
    /// The response body.
    type Body: Into<Bytes>;
    /// The error.
    type Error: Display;
    /// The future the handler returns.
    type Future: Future<Output = Result<Response<Self::Body>, Self::Error>> + Send + 'static;
    /// Calls the handler.
    fn call(&self, request: Request<Bytes>, ctx: InvokeContext) -> Self::Future;
}

impl<F, Fut, B, E> HttpHandler for F
where
    F: Fn(Request<Bytes>, InvokeContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<B>, E>> + Send + 'static,
    B: Into<Bytes>,
    E: Display,
{
    type Body = B;
    type Error = E;
    type Future = Fut;
    fn call(&self, request: Request<Bytes>, ctx: InvokeContext) -> Fut {
        self(request, ctx)
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type Answer = Response<Full<Bytes>>;
type Hook = Arc<dyn Fn(InvokeContext) -> BoxFuture<Result<(), String>> + Send + Sync>;
type Main = Arc<dyn Fn(Request<Bytes>, InvokeContext) -> BoxFuture<Answer> + Send + Sync>;

/// Serves the event protocol on `listener` with default settings until `/pre-stop`.
pub async fn serve<P, H>(listener: TcpListener, handler: H) -> io::Result<()>
where
    P: Incoming + Send + 'static,
    H: Handler<P>,
{
    Runtime::new().serve(listener, handler).await
}

/// Listens on `FC_SERVER_PORT` (all interfaces) and serves the event protocol with default settings
/// until `/pre-stop`, SIGTERM or Ctrl-C. Blocks; builds its own tokio runtime.
pub fn run<P, H>(handler: H) -> io::Result<()>
where
    P: Incoming + Send + 'static,
    H: Handler<P>,
{
    Runtime::new().run(handler)
}

/// Like [`run`], for an HTTP-trigger function.
pub fn run_http<H: HttpHandler>(handler: H) -> io::Result<()> {
    Runtime::new().run_http(handler)
}

/// The runtime's settings and lifecycle hooks; [`serve`] and [`run`] use the defaults.
#[derive(Clone)]
pub struct Runtime {
    initializer: Option<Hook>,
    pre_freeze: Option<Hook>,
    pre_stop: Option<Hook>,
    validate: bool,
    log: bool,
    max_body: usize,
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::new()
    }
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("initializer", &self.initializer.is_some())
            .field("pre_freeze", &self.pre_freeze.is_some())
            .field("pre_stop", &self.pre_stop.is_some())
            .field("validate", &self.validate)
            .field("log", &self.log)
            .field("max_body", &self.max_body)
            .finish()
    }
}

fn hook<F, Fut, E>(f: F) -> Hook
where
    F: Fn(InvokeContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Display,
{
    Arc::new(move |ctx| {
        let fut = f(ctx);
        Box::pin(async move { fut.await.map_err(|e| e.to_string()) })
    })
}

impl Runtime {
    /// No hooks, payloads validated, invocation log lines on, bodies up to [`DEFAULT_MAX_BODY`].
    pub fn new() -> Runtime {
        Runtime {
            initializer: None,
            pre_freeze: None,
            pre_stop: None,
            validate: true,
            log: true,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// The Initializer hook (`POST /initialize`), run once per instance before any invocation.
    pub fn initializer<F, Fut, E>(mut self, f: F) -> Runtime
    where
        F: Fn(InvokeContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Display,
    {
        self.initializer = Some(hook(f));
        self
    }

    /// The PreFreeze hook (`GET /pre-freeze`).
    pub fn pre_freeze<F, Fut, E>(mut self, f: F) -> Runtime
    where
        F: Fn(InvokeContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Display,
    {
        self.pre_freeze = Some(hook(f));
        self
    }

    /// The PreStop hook (`GET /pre-stop`); the server shuts down gracefully after it has answered.
    pub fn pre_stop<F, Fut, E>(mut self, f: F) -> Runtime
    where
        F: Fn(InvokeContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Display,
    {
        self.pre_stop = Some(hook(f));
        self
    }

    /// Whether a payload that decodes but breaks its kind's validation rules is refused (`true` by
    /// default) or handed to the handler.
    pub fn validate(mut self, on: bool) -> Runtime {
        self.validate = on;
        self
    }

    /// Whether the `FC Invoke Start/End RequestId:` lines are written (`true` by default).
    pub fn log_invocations(mut self, on: bool) -> Runtime {
        self.log = on;
        self
    }

    /// The largest request body accepted, in bytes.
    pub fn max_body(mut self, bytes: usize) -> Runtime {
        self.max_body = bytes;
        self
    }

    /// Serves the event protocol on `listener` until `/pre-stop`.
    pub async fn serve<P, H>(self, listener: TcpListener, handler: H) -> io::Result<()>
    where
        P: Incoming + Send + 'static,
        H: Handler<P>,
    {
        self.serve_with_shutdown(listener, handler, std::future::pending())
            .await
    }

    /// Serves the event protocol on `listener` until `/pre-stop` or until `signal` completes; then
    /// stops accepting, finishes the invocations in flight, and returns.
    pub async fn serve_with_shutdown<P, H>(
        self,
        listener: TcpListener,
        handler: H,
        signal: impl Future<Output = ()> + Send,
    ) -> io::Result<()>
    where
        P: Incoming + Send + 'static,
        H: Handler<P>,
    {
        let main = event_main(handler, self.validate);
        self.serve_main(listener, main, false, signal).await
    }

    /// Serves an HTTP-trigger function on `listener`: every request except the lifecycle hooks goes
    /// to `handler`, until `/pre-stop`. The handler's response goes back as it is, with
    /// `x-fc-status: 200` added unless it sets one (an error page is still a successful invocation);
    /// a handler error or panic is FC's error answer. A request to `/initialize`, `/pre-freeze` or
    /// `/pre-stop` is the hook unless `x-fc-control-path: /http-invoke` marks it as a user's request.
    pub async fn serve_http<H: HttpHandler>(
        self,
        listener: TcpListener,
        handler: H,
    ) -> io::Result<()> {
        self.serve_http_with_shutdown(listener, handler, std::future::pending())
            .await
    }

    /// Like [`Runtime::serve_http`], also stopping when `signal` completes.
    pub async fn serve_http_with_shutdown<H: HttpHandler>(
        self,
        listener: TcpListener,
        handler: H,
        signal: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let main = http_main(handler);
        self.serve_main(listener, main, true, signal).await
    }

    /// Listens on `FC_SERVER_PORT` and serves the event protocol until `/pre-stop`, SIGTERM or
    /// Ctrl-C. Blocks.
    pub fn run<P, H>(self, handler: H) -> io::Result<()>
    where
        P: Incoming + Send + 'static,
        H: Handler<P>,
    {
        block_on_listener(|listener| self.serve_with_shutdown(listener, handler, terminate()))
    }

    /// Like [`Runtime::run`], for an HTTP-trigger function.
    pub fn run_http<H: HttpHandler>(self, handler: H) -> io::Result<()> {
        block_on_listener(|listener| self.serve_http_with_shutdown(listener, handler, terminate()))
    }

    async fn serve_main(
        self,
        listener: TcpListener,
        main: Main,
        http_mode: bool,
        signal: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let stop = Arc::new(Notify::new());
        let shared = Arc::new(Shared {
            runtime: self,
            main,
            http_mode,
            stop: stop.clone(),
        });
        let graceful = GracefulShutdown::new();
        let mut signal = std::pin::pin!(signal);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            // Out of descriptors and the like: wait and go on serving.
                            eprintln!("fc-events-runtime: accept failed: {e}");
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let shared = shared.clone();
                    let service = service_fn(move |req| {
                        let shared = shared.clone();
                        async move { Ok::<_, Infallible>(shared.route(req).await) }
                    });
                    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    let conn = graceful.watch(conn);
                    tokio::spawn(async move {
                        let _ = conn.await;
                    });
                }
                _ = stop.notified() => break,
                _ = &mut signal => break,
            }
        }
        drop(listener);
        graceful.shutdown().await;
        Ok(())
    }
}

fn block_on_listener<F, Fut>(serve: F) -> io::Result<()>
where
    F: FnOnce(TcpListener) -> Fut,
    Fut: Future<Output = io::Result<()>>,
{
    let port = match std::env::var(PORT_VARIABLE) {
        Ok(p) => p.trim().parse::<u16>().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{PORT_VARIABLE}: expected a port number, found {p:?}"),
            )
        })?,
        Err(_) => DEFAULT_PORT,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = TcpListener::bind(("0.0.0.0", port)).await?;
        serve(listener).await
    })
}

/// Completes on SIGTERM (what FC sends an instance it stops) or Ctrl-C.
async fn terminate() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

struct Shared {
    runtime: Runtime,
    main: Main,
    http_mode: bool,
    stop: Arc<Notify>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    Main,
    Initialize,
    PreFreeze,
    PreStop,
    NotFound,
}

impl Shared {
    fn route_of(&self, req: &Request<Body>) -> Route {
        let hook = match (req.method(), req.uri().path()) {
            (&Method::POST, "/initialize") => Some(Route::Initialize),
            (&Method::GET, "/pre-freeze") => Some(Route::PreFreeze),
            (&Method::GET, "/pre-stop") => Some(Route::PreStop),
            _ => None,
        };
        if self.http_mode {
            // A user's own request to a path named like a hook is FC's `/http-invoke`.
            let http_invoke = req
                .headers()
                .get("x-fc-control-path")
                .is_some_and(|v| v.as_bytes() == b"/http-invoke");
            match hook {
                Some(route) if !http_invoke => route,
                _ => Route::Main,
            }
        } else {
            match (hook, req.method(), req.uri().path()) {
                (Some(route), _, _) => route,
                (None, &Method::POST, "/invoke") => Route::Main,
                _ => Route::NotFound,
            }
        }
    }

    async fn route(&self, req: Request<Body>) -> Answer {
        let route = self.route_of(&req);
        if route == Route::NotFound {
            return error_answer(
                ErrorType::NotFound,
                format!("no entry point {} {}", req.method(), req.uri().path()),
                None,
            );
        }
        let ctx = match InvokeContext::from_headers(
            req.headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?))),
        ) {
            Ok(ctx) => ctx,
            Err(e) => return error_answer(ErrorType::InvalidContext, e.to_string(), None),
        };
        let rid = ctx.request_id.clone().unwrap_or_default();
        let (hook, label) = match route {
            Route::Initialize => (Some(&self.runtime.initializer), "Initialize"),
            Route::PreFreeze => (Some(&self.runtime.pre_freeze), "PreFreeze"),
            Route::PreStop => (Some(&self.runtime.pre_stop), "PreStop"),
            _ => (None, "Invoke"),
        };
        self.log(format_args!("FC {label} Start RequestId: {rid}"));
        let answer = match hook {
            Some(hook) => {
                let answer = match hook {
                    Some(f) => match f(ctx).await {
                        Ok(()) => ok_answer(Bytes::new(), None),
                        Err(e) => error_answer(ErrorType::HookError, e, None),
                    },
                    None => ok_answer(Bytes::new(), None),
                };
                if route == Route::PreStop {
                    // Stored as a permit: the accept loop sees it even if it is busy right now.
                    self.stop.notify_one();
                }
                answer
            }
            None => {
                let (parts, body) = req.into_parts();
                match Limited::new(body, self.runtime.max_body).collect().await {
                    Ok(body) => (self.main)(Request::from_parts(parts, body.to_bytes()), ctx).await,
                    Err(e) => error_answer(
                        ErrorType::BodyError,
                        format!("cannot read the request body: {e}"),
                        None,
                    ),
                }
            }
        };
        let failed = answer
            .headers()
            .get("x-fc-status")
            .is_some_and(|v| v.as_bytes() != b"200");
        if failed {
            self.log(format_args!(
                "FC {label} End RequestId: {rid}, Error: Unhandled function error"
            ));
        } else {
            self.log(format_args!("FC {label} End RequestId: {rid}"));
        }
        answer
    }

    fn log(&self, line: std::fmt::Arguments<'_>) {
        if self.runtime.log {
            use std::io::Write as _;
            let _ = writeln!(io::stdout().lock(), "{line}");
        }
    }
}

fn event_main<P, H>(handler: H, validate: bool) -> Main
where
    P: Incoming + Send + 'static,
    H: Handler<P>,
{
    let handler = Arc::new(handler);
    Arc::new(move |req: Request<Bytes>, ctx: InvokeContext| {
        let handler = handler.clone();
        Box::pin(async move {
            let payload = match P::decode_incoming(req.body()) {
                Ok(p) => p,
                Err(e) => {
                    let fault = Fault::from(&e);
                    return error_answer(ErrorType::DecodeError, e.to_string(), Some(vec![fault]));
                }
            };
            if validate {
                let faults = payload.faults();
                if !faults.is_empty() {
                    let message = fc_events::validate::Faults(faults.clone()).to_string();
                    return error_answer(ErrorType::InvalidPayload, message, Some(faults));
                }
            }
            // A task of its own: a panic becomes an error answer instead of a dropped connection.
            let task = tokio::spawn(async move {
                match handler.call(payload, ctx).await {
                    Ok(answer) => Ok(serde_json::to_vec(&answer)),
                    Err(e) => Err(e.to_string()),
                }
            });
            match task.await {
                Ok(Ok(Ok(body))) => ok_answer(Bytes::from(body), Some("application/json")),
                Ok(Ok(Err(e))) => error_answer(ErrorType::SerializationError, e.to_string(), None),
                Ok(Err(message)) => error_answer(ErrorType::HandlerError, message, None),
                Err(e) => error_answer(ErrorType::HandlerPanic, panic_message(e), None),
            }
        }) as BoxFuture<Answer>
    })
}

fn http_main<H: HttpHandler>(handler: H) -> Main {
    let handler = Arc::new(handler);
    Arc::new(move |req: Request<Bytes>, ctx: InvokeContext| {
        let handler = handler.clone();
        Box::pin(async move {
            let task = tokio::spawn(async move {
                handler
                    .call(req, ctx)
                    .await
                    .map(|r| r.map(|b| Full::new(b.into())))
                    .map_err(|e| e.to_string())
            });
            match task.await {
                Ok(Ok(mut response)) => {
                    response
                        .headers_mut()
                        .entry("x-fc-status")
                        .or_insert(HeaderValue::from_static("200"));
                    response
                }
                Ok(Err(message)) => error_answer(ErrorType::HandlerError, message, None),
                Err(e) => error_answer(ErrorType::HandlerPanic, panic_message(e), None),
            }
        }) as BoxFuture<Answer>
    })
}

fn panic_message(e: tokio::task::JoinError) -> String {
    if !e.is_panic() {
        return "the handler was cancelled".to_owned();
    }
    let payload = e.into_panic();
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("the handler panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("the handler panicked: {s}")
    } else {
        "the handler panicked".to_owned()
    }
}

fn ok_answer(body: Bytes, content_type: Option<&'static str>) -> Answer {
    let mut r = Response::new(Full::new(body));
    let h = r.headers_mut();
    h.insert("x-fc-status", HeaderValue::from_static("200"));
    if let Some(ct) = content_type {
        h.insert(http::header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    r
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    error_message: &'a str,
    error_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    faults: Option<&'a [Fault]>,
}

/// FC's error answer: status 404, `x-fc-status: 404`, a JSON body naming the error.
fn error_answer(kind: ErrorType, message: String, faults: Option<Vec<Fault>>) -> Answer {
    let body = serde_json::to_vec(&ErrorBody {
        error_message: &message,
        error_type: kind.as_str(),
        faults: faults.as_deref(),
    })
    .unwrap_or_else(|_| {
        br#"{"errorMessage":"unprintable error","errorType":"HandlerError"}"#.to_vec()
    });
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::NOT_FOUND;
    let h = r.headers_mut();
    h.insert("x-fc-status", HeaderValue::from_static("404"));
    h.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}
