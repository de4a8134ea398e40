//! `fc-events invoke`: sends an event to a server speaking FC's custom-runtime protocol, the way FC
//! does (`POST /invoke`, the payload as the body, `Content-Type: application/octet-stream`, the
//! invocation context in `x-fc-*` headers with a fresh request id), and prints the answer.
//!
//! Plain HTTP/1.1 over a `TcpStream`: a local runtime needs no TLS, and no HTTP client dependency is
//! pulled into the tool for it.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::Utc;
use fc_events::context::{ControlPath, InvokeContext};
use fc_events::TriggerKind;

use crate::output::{CliError, Status};

/// Where `invoke` sends by default: FC's default custom-runtime port on this machine.
pub const DEFAULT_URL: &str = "http://127.0.0.1:9000";

/// The function timeout announced in `x-fc-function-timeout`; the deadline is this far from now.
const TIMEOUT: Duration = Duration::from_secs(60);

/// What to invoke.
pub struct Options {
    /// `http://HOST[:PORT][/PATH]`; the path defaults to `/invoke`.
    pub url: String,
    /// A payload file, or a kind whose sample is sent.
    pub input: String,
    /// Extra or overriding headers, `NAME: VALUE`.
    pub headers: Vec<String>,
}

/// Sends the event and prints `STATUS LINE`, the headers and the body. Exit status 1 when the
/// answer is FC's error answer (a status other than 2xx, or `x-fc-status` other than 200).
pub fn run(options: &Options) -> Result<Status, CliError> {
    let body = payload(&options.input)?;
    let url = Url::parse(&options.url)?;
    let mut headers = context_headers();
    for h in &options.headers {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| CliError(format!("--header {h:?}: expected NAME: VALUE")))?;
        let (name, value) = (name.trim(), value.trim());
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        headers.push((name.to_owned(), value.to_owned()));
    }
    let answer =
        send(&url, &headers, &body).map_err(|e| CliError(format!("{}: {e}", options.url)))?;
    let mut out = io::stdout().lock();
    let print = |out: &mut dyn Write| -> io::Result<()> {
        writeln!(out, "{}", answer.status_line)?;
        for (n, v) in &answer.headers {
            writeln!(out, "{n}: {v}")?;
        }
        writeln!(out)?;
        out.write_all(&answer.body)?;
        if !answer.body.ends_with(b"\n") {
            writeln!(out)?;
        }
        out.flush()
    };
    print(&mut out).map_err(|e| CliError(format!("cannot write the answer: {e}")))?;
    let fc_status_ok = answer
        .header("x-fc-status")
        .is_none_or(|v| v.trim() == "200");
    Ok(if (200..300).contains(&answer.status) && fc_status_ok {
        Status::Ok
    } else {
        Status::Invalid
    })
}

/// The body: the file's bytes, or the sample of a kind.
fn payload(input: &str) -> Result<Vec<u8>, CliError> {
    let path = Path::new(input);
    if path.is_file() {
        return std::fs::read(path).map_err(|e| CliError(format!("{input}: {e}")));
    }
    match input.parse::<TriggerKind>() {
        Ok(kind) => fc_events::samples::sample(kind)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| CliError(format!("support for `{kind}` is not compiled in"))),
        Err(e) => Err(CliError(format!(
            "{input}: no such file, and not a kind ({e}; see `fc-events kinds`)"
        ))),
    }
}

/// The headers FC sends with an event invocation, for a local function.
fn context_headers() -> Vec<(String, String)> {
    let mut ctx = InvokeContext::default();
    ctx.request_id = Some(request_id());
    ctx.function_name = Some("local-function".to_owned());
    ctx.function_handler = Some("index.handler".to_owned());
    ctx.function_memory_mb = Some(512);
    ctx.function_timeout = Some(TIMEOUT);
    ctx.deadline = Some(Utc::now() + TIMEOUT);
    ctx.qualifier = Some("LATEST".to_owned());
    ctx.control_path = Some(ControlPath::Invoke);
    let mut headers = vec![(
        "content-type".to_owned(),
        "application/octet-stream".to_owned(),
    )];
    headers.extend(ctx.to_headers());
    headers
}

/// A fresh request id in FC's form (a random UUID, version 4).
fn request_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let word = |salt: u64| {
        // RandomState is keyed randomly per process: two runs never share ids.
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(salt);
        h.finish()
    };
    let (a, b) = (word(1), word(2));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

struct Url {
    host: String,
    port: u16,
    path: String,
}

impl Url {
    fn parse(url: &str) -> Result<Url, CliError> {
        let bad = |why: &str| CliError(format!("--url {url:?}: {why}"));
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| bad("expected http://HOST[:PORT][/PATH] (plain HTTP only)"))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
                (h, p.parse::<u16>().map_err(|_| bad("invalid port"))?)
            }
            _ => (authority, 80),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let path = if path.is_empty() || path == "/" {
            "/invoke"
        } else {
            path
        };
        Ok(Url {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            port,
            path: path.to_owned(),
        })
    }
}

struct Answer {
    status_line: String,
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
}

fn send(url: &Url, headers: &[(String, String)], body: &[u8]) -> io::Result<Answer> {
    let addr = (url.host.as_str(), url.port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "the host has no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(TIMEOUT + Duration::from_secs(10)))?;
    let host = if url.host.contains(':') {
        format!("[{}]:{}", url.host, url.port)
    } else {
        format!("{}:{}", url.host, url.port)
    };
    let mut head = format!("POST {} HTTP/1.1\r\nhost: {host}\r\n", url.path);
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_answer(&raw)
}

fn invalid(why: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why.into())
}

fn parse_answer(raw: &[u8]) -> io::Result<Answer> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| invalid("the answer has no complete HTTP head"))?;
    let head =
        std::str::from_utf8(&raw[..end]).map_err(|_| invalid("the HTTP head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().to_owned();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| invalid(format!("not an HTTP status line: {status_line:?}")))?;
    let mut headers = Vec::new();
    for line in lines {
        let (n, v) = line
            .split_once(':')
            .ok_or_else(|| invalid(format!("not an HTTP header: {line:?}")))?;
        headers.push((n.trim().to_owned(), v.trim().to_owned()));
    }
    let mut answer = Answer {
        status_line,
        status,
        headers,
        body: Vec::new(),
    };
    let rest = &raw[end + 4..];
    answer.body = if answer
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        dechunk(rest)?
    } else if let Some(len) = answer.header("content-length") {
        let len: usize = len.parse().map_err(|_| invalid("invalid content-length"))?;
        rest.get(..len)
            .ok_or_else(|| invalid("the body is shorter than its content-length"))?
            .to_vec()
    } else {
        rest.to_vec()
    };
    Ok(answer)
}

/// Decodes a chunked body (RFC 9112 section 7.1); trailers are ignored.
fn dechunk(mut rest: &[u8]) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let eol = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| invalid("truncated chunk size"))?;
        let size_text = std::str::from_utf8(&rest[..eol]).map_err(|_| invalid("bad chunk size"))?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("bad chunk size"))?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest.get(..size).ok_or_else(|| invalid("truncated chunk"))?;
        body.extend_from_slice(chunk);
        rest = rest
            .get(size + 2..)
            .ok_or_else(|| invalid("truncated chunk"))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("http://127.0.0.1:9000").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("127.0.0.1", 9000, "/invoke")
        );
        let u = Url::parse("http://[::1]:8080/run").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("::1", 8080, "/run")
        );
        let u = Url::parse("http://localhost/").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("localhost", 80, "/invoke")
        );
        assert!(Url::parse("https://x").is_err());
        assert!(Url::parse("http://x:port").is_err());
    }

    #[test]
    fn answers() {
        let a = parse_answer(
            b"HTTP/1.1 404 Not Found\r\nx-fc-status: 404\r\ncontent-length: 2\r\n\r\n{}junk",
        )
        .unwrap();
        assert_eq!(a.status, 404);
        assert_eq!(a.header("X-FC-Status"), Some("404"));
        assert_eq!(a.body, b"{}");
        let a = parse_answer(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap();
        assert_eq!(a.body, b"abcde");
        assert!(parse_answer(b"HTTP/1.1 200 OK\r\n").is_err());
        assert!(
            parse_answer(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab").is_err()
        );
    }

    #[test]
    fn payloads_from_kinds_and_files() {
        assert_eq!(
            payload("timer").unwrap(),
            fc_events::samples::sample(TriggerKind::Timer).unwrap()
        );
        let file =
            std::env::temp_dir().join(format!("fc-events-invoke-{}.json", std::process::id()));
        std::fs::write(&file, b"{}").unwrap();
        assert_eq!(payload(file.to_str().unwrap()).unwrap(), b"{}");
        std::fs::remove_file(&file).unwrap();
        let e = payload("no-such-thing").unwrap_err();
        assert!(
            e.0.starts_with("no-such-thing: no such file, and not a kind"),
            "{}",
            e.0
        );
    }

    #[test]
    fn request_ids_are_fresh_uuids() {
        let (a, b) = (request_id(), request_id());
        assert_ne!(a, b);
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&a[14..15], "4");
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn context_headers_read_back() {
        let headers = context_headers();
        let ctx = InvokeContext::from_headers(headers.iter().map(|(n, v)| (n, v))).unwrap();
        assert_eq!(ctx.control_path, Some(ControlPath::Invoke));
        assert_eq!(ctx.function_timeout, Some(TIMEOUT));
        assert!(ctx.deadline.unwrap() > Utc::now());
        assert_eq!(
            headers[0],
            ("content-type".into(), "application/octet-stream".into())
        );
    }
}
