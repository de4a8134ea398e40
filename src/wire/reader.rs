//! The crate's own JSON reader for typed decoding: a serde `Deserializer` over text already checked
//! to be UTF-8, that reads exactly what serde_json reads and hands every visitor the same calls
//! serde_json would, only with less work per member and per string.
//!
//! It is an accelerator, not a second judge: it never reports an error. Whenever it meets anything
//! it does not read the way serde_json does (a syntax fault, a visitor's refusal, a float where
//! serde_json's parsing could differ, nesting deeper than [`DEPTH`], a lone surrogate, a request
//! such as `deserialize_bytes` it does not serve), it *declines*, and the caller reads the text
//! again with serde_json, which decodes it or reports the fault with its line and column. So every
//! error, and every value of every input this reader declines, is serde_json's own; what this
//! module must guarantee is that each value it does return is the one serde_json would have
//! returned. The differential tests at the bottom, the per-kind ones of `crate::event` (every
//! fixture as every kind) and the fuzz target `reader` hold it to that.
//!
//! Where the work goes down against serde_json's reader:
//! * strings are scanned a word (8 bytes) at a time for `"`, `\` and control bytes, and short ones a
//!   byte at a time, without serde_json's per-string setup;
//! * a string with escapes is measured first (noting where its first escapes are, so they are not
//!   looked for twice) and unescaped into a `String` of its final capacity, built from slices of the
//!   text and the escaped characters (so never checked as UTF-8 again), handed to the visitor by
//!   value (`visit_string`, which `String` and `Text` keep without a copy), where serde_json
//!   unescapes into a scratch buffer grown from empty and the visitor copies it;
//! * member names are compared by the visitor against the borrowed text, as with serde_json.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Deserialize;

/// How deep objects and arrays may nest before the reader declines (serde_json refuses past 128).
pub(crate) const DEPTH: u32 = 100;

/// The reader met something it leaves to serde_json.
#[derive(Debug)]
pub(crate) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    #[cold]
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
    #[cold]
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Declined
    }
    #[cold]
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Declined
    }
    #[cold]
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Declined
    }
    #[cold]
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Declined
    }
    #[cold]
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Declined
    }
    #[cold]
    fn missing_field(_: &'static str) -> Self {
        Declined
    }
    #[cold]
    fn duplicate_field(_: &'static str) -> Self {
        Declined
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// Reads `T` from the whole of `text`, or declines.
#[inline(always)]
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut reader)?;
    // Only whitespace may follow the value.
    match reader.peek() {
        None => Ok(value),
        Some(_) => Err(Declined),
    }
}

/// The escapes of a string whose places [`Reader::read_escaped`] notes on its first pass.
const NOTED_ESCAPES: usize = 32;

/// A position in JSON text.
pub(crate) struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: u32,
}

impl<'de> Reader<'de> {
    /// The next byte that is not whitespace, left unread.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\n' | b'\t' | b'\r' => self.pos += 1,
                _ => return Some(b),
            }
        }
        None
    }

    /// The next byte that is not whitespace, or a decline at the end of the text.
    #[inline(always)]
    fn peek_some(&mut self) -> Result<u8> {
        self.peek().ok_or(Declined)
    }

    /// The index, from `i`, of the first `"`, `\\` or control byte.
    #[inline(always)]
    fn scan(&self, i: usize) -> Result<usize> {
        crate::wire::scan::string_stop(self.bytes, i).ok_or(Declined)
    }

    /// `text[from..to]`, both ends at ASCII bytes of the text.
    #[inline(always)]
    fn slice(&self, from: usize, to: usize) -> Result<&'de str> {
        self.text.get(from..to).ok_or(Declined)
    }

    /// Reads the string whose opening quote is at `self.pos`: `Ok(Ok(text))` when it has no
    /// escapes, `Ok(Err(start, first))` at its first `\\` (or control byte) otherwise, for
    /// [`Reader::read_escaped`].
    #[inline(always)]
    fn read_plain(&mut self) -> Result<std::result::Result<&'de str, (usize, usize)>> {
        let start = self.pos + 1;
        let end = self.scan(start)?;
        if self.bytes[end] == b'"' {
            self.pos = end + 1;
            return Ok(Ok(self.slice(start, end)?));
        }
        Ok(Err((start, end)))
    }

    /// The rest of a string from its first `\` or control byte at `first`: measured, then unescaped.
    ///
    /// The first pass finds the closing quote and notes where the first [`NOTED_ESCAPES`] escapes
    /// begin, so that the second goes from escape to escape without looking for them again (past
    /// those, it looks). The text is built from slices of the input and the escaped characters, so
    /// it is UTF-8 by construction and not checked again.
    #[inline(never)]
    fn read_escaped(&mut self, start: usize, first: usize) -> Result<String> {
        let bytes = self.bytes;
        // Where the string ends: escapes are stepped over (an escaped quote is two bytes), their
        // content checked on the second pass.
        let mut noted = [0usize; NOTED_ESCAPES];
        let mut count = 0;
        let mut end = first;
        loop {
            match bytes[end] {
                b'"' => break,
                b'\\' => {
                    if let Some(slot) = noted.get_mut(count) {
                        *slot = end;
                        count += 1;
                    }
                    end = self.scan(end + 2)?;
                }
                _ => return Err(Declined),
            }
        }
        // Unescaping never lengthens the text.
        let mut out = String::with_capacity(end - start);
        out.push_str(self.slice(start, first)?);
        let noted = &noted[..count];
        let mut i = 0;
        let mut at = first;
        while at < end {
            // `at` is at a `\`.
            let next = self.unescape(at, &mut out)?;
            // The next escape: noted (a surrogate pair is noted as two), or looked for.
            while noted.get(i).is_some_and(|&e| e < next) {
                i += 1;
            }
            at = match noted.get(i) {
                Some(&e) => e,
                None if count < NOTED_ESCAPES => end,
                None => self.scan(next)?,
            };
            out.push_str(self.slice(next, at)?);
        }
        if at != end {
            return Err(Declined);
        }
        self.pos = end + 1;
        Ok(out)
    }

    /// Appends the character of the escape at `at` (a `\`) to `out`; the index after the escape.
    #[inline(always)]
    fn unescape(&self, at: usize, out: &mut String) -> Result<usize> {
        let c = match self.bytes.get(at + 1).ok_or(Declined)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (ch, next) = self.unicode(at)?;
                out.push(ch);
                return Ok(next);
            }
            _ => return Err(Declined),
        };
        out.push(c);
        Ok(at + 2)
    }

    /// The character of the `\u` escape at `at` (a surrogate pair taking two), and the index after
    /// it. A lone or reversed surrogate is left to serde_json, which refuses it in a string.
    fn unicode(&self, at: usize) -> Result<(char, usize)> {
        let unit = self.hex4(at + 2)?;
        if !(0xD800..=0xDBFF).contains(&unit) {
            return Ok((char::from_u32(unit).ok_or(Declined)?, at + 6));
        }
        if self.bytes.get(at + 6..at + 8) != Some(b"\\u") {
            return Err(Declined);
        }
        let low = self.hex4(at + 8)?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return Err(Declined);
        }
        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        Ok((char::from_u32(c).ok_or(Declined)?, at + 12))
    }

    /// Four hex digits from `at`.
    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self.bytes.get(at..at + 4).ok_or(Declined)?;
        digits.iter().try_fold(0u32, |n, &d| {
            let v = (d as char).to_digit(16).ok_or(Declined)?;
            Ok(n << 4 | v)
        })
    }

    /// Steps over a string whose opening quote is at `self.pos`, checking its escapes as serde_json
    /// does when it ignores a string.
    fn skip_str(&mut self) -> Result<()> {
        let mut at = self.scan(self.pos + 1)?;
        loop {
            match self.bytes[at] {
                b'"' => break,
                b'\\' => {
                    let next = match self.bytes.get(at + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => at + 2,
                        Some(b'u') => {
                            self.hex4(at + 2)?;
                            at + 6
                        }
                        _ => return Err(Declined),
                    };
                    at = self.scan(next)?;
                }
                _ => return Err(Declined),
            }
        }
        self.pos = at + 1;
        Ok(())
    }

    /// `word` (after its first byte, already seen) at `self.pos`.
    #[inline]
    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// The digits of a number from `self.pos`, serde_json's grammar: `-? (0 | [1-9][0-9]*)
    /// (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Returns the integer when there is neither fraction nor
    /// exponent and it fits in a `u64`.
    #[inline]
    fn number(&mut self) -> Result<(Option<u64>, bool)> {
        let negative = self.bytes[self.pos] == b'-';
        if negative {
            self.pos += 1;
        }
        let mut n: Option<u64> = Some(0);
        match self.bytes.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                    return Err(Declined);
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&d @ b'0'..=b'9') = self.bytes.get(self.pos) {
                    n = n
                        .and_then(|n| n.checked_mul(10))
                        .and_then(|n| n.checked_add((d - b'0') as u64));
                    self.pos += 1;
                }
            }
            _ => return Err(Declined),
        }
        let mut integer = true;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            integer = false;
            self.digits()?;
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            integer = false;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.digits()?;
        }
        Ok((if integer { n } else { None }, negative))
    }

    /// One or more decimal digits.
    fn digits(&mut self) -> Result<()> {
        let first = self.pos;
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        if self.pos == first {
            Err(Declined)
        } else {
            Ok(())
        }
    }

    /// Reads the number at `self.pos` and hands it to `visitor` as serde_json would: a `u64` for a
    /// non-negative integer that fits, an `i64` for a negative one that fits, an `f64` otherwise
    /// (`-0` included).
    #[inline]
    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let start = self.pos;
        match self.number()? {
            (Some(n), false) => visitor.visit_u64(n),
            (Some(n), true) if n != 0 && n <= i64::MAX as u64 + 1 => {
                visitor.visit_i64((n as i64).wrapping_neg())
            }
            _ => visitor.visit_f64(self.float(start)?),
        }
    }

    /// The number at `start..self.pos` as the nearest `f64`, where serde_json reads it the same
    /// way: with `float_roundtrip` (which `cbor` turns on) both round correctly; without it
    /// serde_json's quicker parse may be a unit in the last place away, so the reader declines.
    #[cold]
    fn float(&self, start: usize) -> Result<f64> {
        if cfg!(feature = "cbor") {
            let v: f64 = self.slice(start, self.pos)?.parse().map_err(|_| Declined)?;
            // serde_json refuses numbers out of range.
            if v.is_finite() {
                return Ok(v);
            }
        }
        Err(Declined)
    }

    /// Steps over one value of any shape, checked as serde_json checks a value it ignores.
    fn skip_value(&mut self) -> Result<()> {
        match self.peek_some()? {
            b'"' => self.skip_str(),
            b'n' => {
                self.pos += 1;
                self.literal(b"ull")
            }
            b't' => {
                self.pos += 1;
                self.literal(b"rue")
            }
            b'f' => {
                self.pos += 1;
                self.literal(b"alse")
            }
            b'-' | b'0'..=b'9' => self.number().map(|_| ()),
            b'[' => {
                self.enter()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip_value()?;
                }
                self.close(b']')
            }
            b'{' => {
                self.enter()?;
                let mut first = true;
                while self.next_member(&mut first)? {
                    self.skip_str()?;
                    self.colon()?;
                    self.skip_value()?;
                }
                self.close(b'}')
            }
            _ => Err(Declined),
        }
    }

    /// Steps into an object or array whose opening byte is at `self.pos`.
    #[inline]
    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > DEPTH {
            return Err(Declined);
        }
        self.pos += 1;
        Ok(())
    }

    /// The closing byte of the object or array being read, after its last member or element.
    #[inline]
    fn close(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            self.depth -= 1;
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// Whether another element follows in an array (leaving the reader at it).
    #[inline]
    fn next_element(&mut self, first: &mut bool) -> Result<bool> {
        match self.peek_some()? {
            b']' => Ok(false),
            b',' if !*first => {
                self.pos += 1;
                Ok(true)
            }
            _ if *first => {
                *first = false;
                Ok(true)
            }
            _ => Err(Declined),
        }
    }

    /// Whether another member follows in an object (leaving the reader at its name's quote).
    #[inline]
    fn next_member(&mut self, first: &mut bool) -> Result<bool> {
        match self.peek_some()? {
            b'}' => Ok(false),
            b',' if !*first => {
                self.pos += 1;
                match self.peek_some()? {
                    b'"' => Ok(true),
                    _ => Err(Declined),
                }
            }
            b'"' if *first => {
                *first = false;
                Ok(true)
            }
            _ => Err(Declined),
        }
    }

    /// The `:` after a member's name.
    #[inline]
    fn colon(&mut self) -> Result<()> {
        if self.peek() == Some(b':') {
            self.pos += 1;
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// Hands the string at `self.pos` to `visitor`, as serde_json does: borrowed when it has no
    /// escapes; otherwise by value (serde_json lends its scratch copy instead, which every visitor
    /// that does not take ownership reads alike).
    #[inline]
    fn visit_str<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.read_plain()? {
            Ok(s) => visitor.visit_borrowed_str(s),
            Err((start, first)) => visitor.visit_string(self.read_escaped(start, first)?),
        }
    }

    #[inline]
    fn visit_map<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_map(Members {
            reader: self,
            first: true,
        })?;
        self.close(b'}')?;
        Ok(value)
    }

    #[inline]
    fn visit_seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_seq(Elements {
            reader: self,
            first: true,
        })?;
        self.close(b']')?;
        Ok(value)
    }
}

/// Deserializer methods that read as `$to` does.
macro_rules! read_as {
    ($to:ident: $($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                self.$to(visitor)
            }
        )*
    };
}

/// Deserializer methods left to serde_json.
macro_rules! declined {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
                Err(Declined)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b'"' => self.visit_str(visitor),
            b'{' => self.visit_map(visitor),
            b'[' => self.visit_seq(visitor),
            b'-' | b'0'..=b'9' => self.visit_number(visitor),
            b'n' => {
                self.pos += 1;
                self.literal(b"ull")?;
                visitor.visit_unit()
            }
            b't' => {
                self.pos += 1;
                self.literal(b"rue")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.pos += 1;
                self.literal(b"alse")?;
                visitor.visit_bool(false)
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b't' | b'f' => self.deserialize_any(visitor),
            _ => Err(Declined),
        }
    }

    // Every integer width and `f64` read alike, as serde_json reads them (the visitor narrows).
    read_as! { deserialize_u64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_f64 }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b'-' | b'0'..=b'9' => self.visit_number(visitor),
            _ => Err(Declined),
        }
    }

    // serde_json reads these with parsers of its own (`f32` at single precision, 128-bit integers
    // from their digits, bytes from strings or arrays).
    declined! { deserialize_f32 deserialize_i128 deserialize_u128 deserialize_char
    deserialize_bytes deserialize_byte_buf }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b'"' => self.visit_str(visitor),
            _ => Err(Declined),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'n') => {
                self.pos += 1;
                self.literal(b"ull")?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b'n' => self.deserialize_any(visitor),
            _ => Err(Declined),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    /// serde_json's raw-value protocol included: the value's text, whitespace around it left out,
    /// offered as a one-member map under the protocol's name, as serde_json offers it.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == crate::wire::json_text::raw_token() {
            self.peek_some()?;
            let start = self.pos;
            self.skip_value()?;
            let raw = self.slice(start, self.pos)?;
            return visitor.visit_map(Raw { raw: Some(raw) });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b'[' => self.visit_seq(visitor),
            _ => Err(Declined),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_some()? {
            b'{' => self.visit_map(visitor),
            _ => Err(Declined),
        }
    }
    /// An object only (serde_json also reads a struct from an array; that is left to it).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    /// A unit variant named by a string; the `{"variant": value}` form is left to serde_json.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek_some()? {
            b'"' => match self.read_plain()? {
                Ok(s) => visitor.visit_enum(de::value::BorrowedStrDeserializer::new(s)),
                Err((start, first)) => {
                    visitor.visit_enum(self.read_escaped(start, first)?.into_deserializer())
                }
            },
            _ => Err(Declined),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// An object's members, for a visitor.
struct Members<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Members<'_, 'de> {
    type Error = Declined;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.next_member(&mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(Name(&mut *self.reader)).map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.colon()?;
        seed.deserialize(&mut *self.reader)
    }
}

/// An array's elements, for a visitor.
struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Declined;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.reader.next_element(&mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// A member's name (the reader at its opening quote): read as a string whatever is asked, as
/// serde_json reads names, except the requests serde_json answers by parsing the name's content
/// (numbers, booleans, bytes, enums), which are declined.
struct Name<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::Deserializer<'de> for Name<'_, 'de> {
    type Error = Declined;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.visit_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    /// serde_json reads a raw value here; that is left to it.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == crate::wire::json_text::raw_token() {
            return Err(Declined);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(Declined)
    }

    declined! { deserialize_bool deserialize_bytes deserialize_byte_buf deserialize_i8
    deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16
    deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 }

    serde::forward_to_deserialize_any! {
        char str string unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// serde_json's raw-value protocol: one member, named by the protocol's token, whose value is the
/// raw text.
struct Raw<'de> {
    raw: Option<&'de str>,
}

impl<'de> de::MapAccess<'de> for Raw<'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.raw.is_none() {
            return Ok(None);
        }
        let token = crate::wire::json_text::raw_token();
        seed.deserialize(de::value::BorrowedStrDeserializer::new(token))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let raw = self.raw.take().ok_or(Declined)?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(raw))
    }
}

/// The reader held against serde_json, for this module's tests and the per-kind ones of
/// `crate::event`.
#[cfg(test)]
pub(crate) mod differential {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

    /// What the reader made of a text, checked against serde_json.
    #[derive(Debug, PartialEq)]
    pub(crate) enum Outcome {
        /// Read, to the value serde_json reads.
        Read,
        /// Declined; serde_json reads it (`true`) or refuses it.
        Declined(bool),
    }

    /// Reads `text` as `T` both ways: a value the reader returns must be serde_json's, member for
    /// member and in its JSON rendering (number spelling and order included).
    pub(crate) fn compare<T>(text: &str) -> Outcome
    where
        T: for<'de> Deserialize<'de> + Serialize + PartialEq + fmt::Debug,
    {
        let reference = serde_json::from_str::<T>(text);
        match from_str::<T>(text) {
            Ok(ours) => {
                let theirs = reference.unwrap_or_else(|e| {
                    panic!("the reader read {text:?}, which serde_json refuses ({e}): {ours:?}")
                });
                assert_eq!(
                    serde_json::to_string(&ours).ok(),
                    serde_json::to_string(&theirs).ok(),
                    "rendering of {text:?}"
                );
                assert_eq!(ours, theirs, "value of {text:?}");
                Outcome::Read
            }
            Err(Declined) => Outcome::Declined(reference.is_ok()),
        }
    }

    /// [`compare`] with the untyped forms: serde_json's `Value`, the crate's `JsonText` (the raw
    /// text), `AnyValue` and `Map`.
    pub(crate) fn compare_untyped(text: &str) -> Outcome {
        let value = compare::<serde_json::Value>(text);
        compare::<crate::wire::json_text::JsonText>(text);
        compare::<crate::wire::any_value::AnyValue>(text);
        compare::<crate::wire::any_value::Map>(text);
        match (
            from_str::<Box<serde_json::value::RawValue>>(text),
            serde_json::from_str::<Box<serde_json::value::RawValue>>(text),
        ) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours.get(), theirs.get()),
            (Ok(ours), Err(e)) => panic!("raw {text:?}: read {ours}, serde_json refuses ({e})"),
            (Err(_), _) => {}
        }
        value
    }

    /// Every JSON fixture (real payloads, hand-written ones, invalid ones) and bundled sample.
    pub(crate) fn corpus() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("tests/fixtures"), root.join("src/event/samples")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        files.push((path.display().to_string(), text));
                    }
                }
            }
        }
        files.sort();
        assert!(
            files.len() > 300,
            "the corpus is where it was: {}",
            files.len()
        );
        files
    }

    /// Pieces that make and break JSON.
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"",
        "\\",
        "\\\"",
        "\\u00e9",
        "\\ud83d\\ude00",
        "\\ud800",
        "\\n",
        "é€😀",
        "\u{1}",
        "0",
        "-0",
        "1.5e3",
        "-12",
        "18446744073709551616",
        "true",
        "null",
        "\"k\"",
        "\"v\"",
        "\"x\":1",
        "{}",
        "[]",
    ];

    /// A fixture edited at a few places: pieces inserted, bytes removed, a span repeated.
    pub(crate) fn edited() -> impl Strategy<Value = String> {
        let corpus = corpus().into_iter().map(|(_, t)| t).collect::<Vec<_>>();
        let edit = (
            any::<prop::sample::Index>(),
            0..3usize,
            prop::sample::select(PIECES),
            0..12usize,
        );
        (
            prop::sample::select(corpus),
            prop::collection::vec(edit, 1..4),
        )
            .prop_map(|(mut text, edits)| {
                for (at, op, piece, len) in edits {
                    let mut i = at.index(text.len() + 1);
                    while !text.is_char_boundary(i) {
                        i -= 1;
                    }
                    match op {
                        0 => text.insert_str(i, piece),
                        1 => {
                            let mut j = (i + len).min(text.len());
                            while !text.is_char_boundary(j) {
                                j += 1;
                            }
                            text.replace_range(i..j, "");
                        }
                        _ => {
                            let mut j = (i + len).min(text.len());
                            while !text.is_char_boundary(j) {
                                j += 1;
                            }
                            let span = text[i..j].to_owned();
                            text.insert_str(i, &span);
                        }
                    }
                }
                text
            })
    }

    /// JSON-ish text from the pieces, valid or not.
    pub(crate) fn jsonish() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..32).prop_map(|v| v.concat())
    }

    pub(crate) fn arb_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::differential::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_are_handed_over_as_serde_json_hands_them() {
        for text in [
            "0",
            "-0",
            "7",
            "-7",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1.5",
            "-1.5e-3",
            "1E+2",
            "2.2250738585072011e-308",
            "0.1e-400",
            "4.9406564584124654e-324",
            "1.7976931348623157e308",
            "9007199254740993",
            "0.30000000000000004",
            "[1, -2, 3.25, 1e2, -0.0]",
            r#"{"a": -0, "b": 1e-7}"#,
        ] {
            let outcome = compare_untyped(text);
            // Floats are read only where serde_json's parsing is exact (with `cbor`).
            let float = text.contains(['.', 'e', 'E']) || text.starts_with("-0") || text.len() > 19;
            if cfg!(feature = "cbor") || !float {
                assert_eq!(outcome, Outcome::Read, "{text}");
            }
        }
        for bad in [
            "01", "-", "1.", "1e", "1e+", ".5", "+1", "1e400", "-1e400", "0x10", "1.e3",
        ] {
            assert_eq!(compare_untyped(bad), Outcome::Declined(false), "{bad}");
        }
    }

    #[test]
    fn strings_and_escapes_are_read_as_serde_json_reads_them() {
        for text in [
            r#""""#,
            r#""plain text that runs past one word""#,
            r#""\"\\\/\b\f\n\r\t""#,
            r#""\u00e9\u20AC\ud83d\ude00 and é€😀""#,
            r#""a\"b""#,
            r#""{\"errorMessage\":\"archive is corrupt\",\"stackTrace\":[]}""#,
            r#"{"k\u0065y": "v", "\"": 1}"#,
            "\"\u{7f}\u{80}\u{10ffff}\"",
        ] {
            assert_eq!(compare_untyped(text), Outcome::Read, "{text}");
        }
        // Escapes past those the first pass notes, surrogate pairs (noted as two) across the
        // limit, and plain runs of every length between them.
        for count in [
            NOTED_ESCAPES - 1,
            NOTED_ESCAPES,
            NOTED_ESCAPES + 1,
            3 * NOTED_ESCAPES,
        ] {
            for (i, escape) in [r"\n", r"\ud83d\ude00", r"\u00e9", r#"\""#]
                .iter()
                .enumerate()
            {
                let body: String = (0..count)
                    .map(|n| format!("{}{escape}", "x".repeat((n + i) % 11)))
                    .collect();
                let text = format!(r#"{{"k{escape}": "{body}", "after": "{body}"}}"#);
                assert_eq!(compare_untyped(&text), Outcome::Read, "{text}");
                let bad = format!(r#""{body}\x{body}""#);
                assert_eq!(compare_untyped(&bad), Outcome::Declined(false), "{bad}");
            }
        }
        for bad in [
            "\"unterminated",
            "\"a\\\"",
            "\"tab\there\"",
            "\"nul\u{0}\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\u12G4""#,
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""\ud800x""#,
        ] {
            assert_eq!(compare_untyped(bad), Outcome::Declined(false), "{bad}");
        }
    }

    #[test]
    fn structure_faults_are_left_to_serde_json() {
        for bad in [
            "",
            " ",
            "{",
            "[",
            "[1,]",
            "[,1]",
            "[1 2]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":1 "b":2}"#,
            r#"{,"a":1}"#,
            r#"{1:2}"#,
            "[1]]",
            "{} {}",
            "nul",
            "truth",
            "[true false]",
        ] {
            assert_eq!(compare_untyped(bad), Outcome::Declined(false), "{bad:?}");
        }
        for good in [
            "[]",
            "{}",
            " [ ] ",
            "[[],[[]],{}]",
            r#"{"a":[{"b":null}],"c":true}"#,
        ] {
            assert_eq!(compare_untyped(good), Outcome::Read, "{good:?}");
        }
    }

    /// Past [`DEPTH`] the reader declines and serde_json reads (or refuses, past its own limit).
    #[test]
    fn deep_nesting_is_left_to_serde_json() {
        let depth = DEPTH as usize;
        let at_limit = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(compare_untyped(&at_limit), Outcome::Read);
        let past = format!("{}{}", "[".repeat(depth + 1), "]".repeat(depth + 1));
        assert_eq!(compare_untyped(&past), Outcome::Declined(true));
        let beyond_serde_json = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            compare_untyped(&beyond_serde_json),
            Outcome::Declined(false)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Decimal spellings of any length and exponent: read (with `cbor`) to the `f64` serde_json
        /// reads, bit for bit (the rendering compares the shortest spelling of each).
        #[test]
        fn long_decimals_round_as_serde_json_rounds_them(
            int in "-?(0|[1-9][0-9]{0,24})",
            frac in "[0-9]{1,40}",
            exp in -400i32..400,
        ) {
            for text in [format!("{int}.{frac}"), format!("{int}.{frac}e{exp}"), format!("{int}E{exp}")] {
                let outcome = compare_untyped(&text);
                // Out of range (infinite) serde_json refuses, and the reader declines.
                let finite = text.parse::<f64>().is_ok_and(f64::is_finite);
                if cfg!(feature = "cbor") || !finite {
                    let expected = if finite { Outcome::Read } else { Outcome::Declined(false) };
                    prop_assert_eq!(outcome, expected, "{}", text);
                }
            }
        }

        #[test]
        fn jsonish_texts_are_read_alike(text in jsonish()) {
            compare_untyped(&text);
        }

        /// Strings of many escapes of every kind (past those the first pass notes) between plain
        /// runs with multi-byte characters: read, to serde_json's string; with a lone surrogate,
        /// a bad escape or a control byte put in anywhere: declined, as serde_json refuses them.
        #[test]
        fn escape_heavy_strings_are_read_alike(
            pieces in prop::collection::vec(prop_oneof![
                3 => "[a-z é€😀]{0,12}",
                3 => prop_oneof![Just(r#"\""#), Just(r"\\"), Just(r"\/"), Just(r"\b"), Just(r"\f"),
                    Just(r"\n"), Just(r"\r"), Just(r"\t")].prop_map(str::to_owned),
                2 => (0u32..0xD800).prop_map(|u| format!(r"\u{u:04x}")),
                1 => (0xD800u32..0xDC00, 0xDC00u32..0xE000)
                    .prop_map(|(h, l)| format!(r"\u{h:04X}\u{l:04x}")),
            ], 0..120),
            bad in prop_oneof![Just(r"\ud800"), Just(r"\udc00"), Just(r"\ud800\u0041"), Just(r"\x"),
                Just(r"\u12"), Just("\u{1}"), Just("\t")],
            at in any::<prop::sample::Index>(),
        ) {
            let body = pieces.concat();
            for text in [format!(r#""{body}""#), format!(r#"{{"{body}": ["{body}"]}}"#)] {
                prop_assert_eq!(compare_untyped(&text), Outcome::Read, "{}", text);
            }
            let mut spoilt = pieces.clone();
            spoilt.insert(at.index(pieces.len() + 1), bad.to_owned());
            let text = format!(r#""{}""#, spoilt.concat());
            prop_assert_eq!(compare_untyped(&text), Outcome::Declined(false), "{}", text);
        }

        /// Any `Value`, written compactly and pretty: read, to the same value.
        #[test]
        fn written_values_are_read(value in arb_value()) {
            for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
                let outcome = compare_untyped(&text);
                if cfg!(feature = "cbor") {
                    prop_assert_eq!(outcome, Outcome::Read);
                }
            }
        }
    }
}
