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
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
