//! Quoting input in messages: at most a bounded prefix of a long value.

use std::fmt;

/// How many characters of a value a message quotes before cutting it short.
pub const QUOTE_CHARS: usize = 80;

/// A value quoted for a message ([`quote`]).
#[derive(Clone, Copy)]
pub struct Quoted<'a>(&'a str);

/// Quotes `value` for a message, as `{:?}` does, but at most its first [`QUOTE_CHARS`] characters:
/// a longer value is cut, closed with `…`, and followed by its length.
///
/// Every message of the crate that quotes input goes through this, so a fault about a 40,000-character
/// value stays short.
///
/// ```
/// use fc_events::validate::quote;
///
/// assert_eq!(quote("a\"b").to_string(), r#""a\"b""#);
/// let long = "x".repeat(40_000);
/// assert_eq!(
///     quote(&long).to_string(),
///     format!("\"{}…\" (40,000 characters)", "x".repeat(80))
/// );
/// ```
pub fn quote(value: &str) -> Quoted<'_> {
    Quoted(value)
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let cut = self.0.char_indices().nth(QUOTE_CHARS).map(|(i, _)| i);
        let shown = &self.0[..cut.unwrap_or(self.0.len())];
        f.write_str("\"")?;
        for c in shown.chars() {
            // Like `{:?}` on a string: a single quote needs no escape inside double quotes.
            if c == '\'' {
                f.write_str("'")?;
            } else {
                fmt::Display::fmt(&c.escape_debug(), f)?;
            }
        }
        match cut {
            None => f.write_str("\""),
            Some(_) => {
                let total = shown.chars().count() + self.0[shown.len()..].chars().count();
                write!(f, "…\" ({} characters)", thousands(total))
            }
        }
    }
}

/// The same text as `Display`, so `{:?}` and `{}` quote alike.
impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A message written by a decoder (serde's `invalid type: string "…", expected …`, ``unknown
/// variant `…` ``) with each `"…"` or `` `…` `` run longer than [`QUOTE_CHARS`] characters cut the
/// way [`quote`] cuts (the count is of the run as written, escapes included). Linear.
pub(crate) fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1_024));
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let delim = rest.as_bytes()[open];
        out.push_str(&rest[..=open]);
        let body = &rest[open + 1..];
        // The closing delimiter: for `"`, one not escaped by a backslash.
        let mut close = None;
        let mut escaped = false;
        for (i, b) in body.bytes().enumerate() {
            if escaped {
                escaped = false;
            } else if b == b'\\' && delim == b'"' {
                escaped = true;
            } else if b == delim {
                close = Some(i);
                break;
            }
        }
        let Some(close) = close else {
            out.push_str(body);
            return out;
        };
        let run = &body[..close];
        match run.char_indices().nth(QUOTE_CHARS) {
            None => out.push_str(run),
            Some((cut, _)) => {
                let mut shown = &run[..cut];
                // Never end inside an escape.
                let backslashes = shown.len() - shown.trim_end_matches('\\').len();
                if delim == b'"' && backslashes % 2 == 1 {
                    shown = &shown[..shown.len() - 1];
                }
                out.push_str(shown);
                out.push('…');
                out.push(char::from(delim));
                out.push_str(&format!(" ({} characters", thousands(run.chars().count())));
                out.push(')');
                rest = &body[close + 1..];
                continue;
            }
        }
        out.push(char::from(delim));
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `n` with `,` between groups of three digits.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_quoted_like_debug() {
        for s in [
            "",
            "abc",
            "a\"b",
            "tab\there",
            "new\nline",
            "it's",
            "é\u{7f}\u{0}",
        ] {
            assert_eq!(quote(s).to_string(), format!("{s:?}"), "{s:?}");
        }
        let exactly = "y".repeat(QUOTE_CHARS);
        assert_eq!(quote(&exactly).to_string(), format!("{exactly:?}"));
    }

    #[test]
    fn long_values_are_cut_at_a_character() {
        let s = format!("{}{}", "é".repeat(QUOTE_CHARS), "z".repeat(1_000));
        assert_eq!(
            quote(&s).to_string(),
            format!("\"{}…\" (1,080 characters)", "é".repeat(QUOTE_CHARS))
        );
        assert_eq!(
            shorten_quoted(&format!(
                "invalid type: string {:?}, expected u8",
                "a\"".repeat(100)
            )),
            format!(
                "invalid type: string \"{}…\" (300 characters), expected u8",
                "a\\\"".repeat(26) + "a"
            )
        );
        let variant = format!("unknown variant `{}`, expected `a` or `b`", "v".repeat(81));
        assert_eq!(
            shorten_quoted(&variant),
            format!(
                "unknown variant `{}…` (81 characters), expected `a` or `b`",
                "v".repeat(80)
            )
        );
        assert_eq!(shorten_quoted("no \"end"), "no \"end");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
