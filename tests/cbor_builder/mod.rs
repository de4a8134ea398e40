//! Hand assembly of CBOR (RFC 8949 §3) for tests, independent of the encoder under test.
#![allow(dead_code)]

/// A header of major type `major` with argument `n`, shortest form.
pub fn head(major: u8, n: u64) -> Vec<u8> {
    let m = major << 5;
    match n {
        0..=23 => vec![m | n as u8],
        24..=0xff => vec![m | 24, n as u8],
        0x100..=0xffff => [vec![m | 25], (n as u16).to_be_bytes().to_vec()].concat(),
        0x1_0000..=0xffff_ffff => [vec![m | 26], (n as u32).to_be_bytes().to_vec()].concat(),
        _ => [vec![m | 27], n.to_be_bytes().to_vec()].concat(),
    }
}

/// An unsigned integer.
pub fn uint(n: u64) -> Vec<u8> {
    head(0, n)
}

/// A signed integer.
pub fn int(n: i64) -> Vec<u8> {
    if n >= 0 {
        head(0, n as u64)
    } else {
        head(1, (-1 - n) as u64)
    }
}

/// A text string.
pub fn text(s: &str) -> Vec<u8> {
    [head(3, s.len() as u64), s.as_bytes().to_vec()].concat()
}

/// A byte string.
pub fn bytes(b: &[u8]) -> Vec<u8> {
    [head(2, b.len() as u64), b.to_vec()].concat()
}

/// A definite-length map with text keys.
pub fn map(pairs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = head(5, pairs.len() as u64);
    for (k, v) in pairs {
        out.extend(text(k));
        out.extend(v);
    }
    out
}

/// A definite-length array.
pub fn array(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = head(4, items.len() as u64);
    for i in items {
        out.extend(i);
    }
    out
}

/// An indefinite-length map with text keys.
pub fn indef_map(pairs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![0xbf];
    for (k, v) in pairs {
        out.extend(text(k));
        out.extend(v);
    }
    out.push(0xff);
    out
}

/// An indefinite-length array.
pub fn indef_array(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0x9f];
    for i in items {
        out.extend(i);
    }
    out.push(0xff);
    out
}

/// An indefinite-length (chunked) text string.
pub fn chunked_text(chunks: &[&str]) -> Vec<u8> {
    let mut out = vec![0x7f];
    for c in chunks {
        out.extend(text(c));
    }
    out.push(0xff);
    out
}

/// An indefinite-length (chunked) byte string.
pub fn chunked_bytes(chunks: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![0x5f];
    for c in chunks {
        out.extend(bytes(c));
    }
    out.push(0xff);
    out
}

/// float16 from its bits.
pub fn f16_bits(bits: u16) -> Vec<u8> {
    [vec![0xf9], bits.to_be_bytes().to_vec()].concat()
}

/// float32.
pub fn f32(x: f32) -> Vec<u8> {
    [vec![0xfa], x.to_be_bytes().to_vec()].concat()
}

/// float64.
pub fn f64(x: f64) -> Vec<u8> {
    [vec![0xfb], x.to_be_bytes().to_vec()].concat()
}

pub const TS_US: u64 = 1_506_416_585_740_836;
pub const TS_MS: u64 = 1_506_416_585_741;

/// A one-record event whose first primary-key value is `pk_value` and whose columns are `columns`.
pub fn event(pk_value: Vec<u8>, columns: Vec<Vec<u8>>) -> Vec<u8> {
    map(&[
        ("Version", text("Sync-v1")),
        (
            "Records",
            array(&[record(vec![pk("id", pk_value)], columns, vec![])]),
        ),
    ])
}

/// A record with extra members.
pub fn record(pks: Vec<Vec<u8>>, columns: Vec<Vec<u8>>, extra: Vec<(&str, Vec<u8>)>) -> Vec<u8> {
    let mut pairs = vec![
        ("Type", text("PutRow")),
        ("Info", map(&[("Timestamp", uint(TS_US))])),
        ("PrimaryKey", array(&pks)),
        ("Columns", array(&columns)),
    ];
    pairs.extend(extra);
    map(&pairs)
}

/// A primary-key column.
pub fn pk(name: &str, value: Vec<u8>) -> Vec<u8> {
    map(&[("ColumnName", text(name)), ("Value", value)])
}

/// A Put column.
pub fn put(name: &str, value: Vec<u8>) -> Vec<u8> {
    map(&[
        ("Type", text("Put")),
        ("ColumnName", text(name)),
        ("Value", value),
        ("Timestamp", uint(TS_MS)),
    ])
}
