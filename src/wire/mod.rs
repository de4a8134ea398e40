//! Wire primitives: the vocabulary every payload is written in. Nothing here knows a trigger.
//!
//! * [`kind`]: the names of the trigger kinds; [`error`]: decode and encode errors with their place.
//! * [`text`], [`json_text`], [`any_value`]: text members, JSON kept as its text, and values of any
//!   shape (unknown members, `Map`); [`string_map`] for the HTTP-like kinds and OSS
//!   metadata, [`bool_or_string`] for the HTTP-like kinds.
//! * [`context`]: the invocation context FC sends a custom runtime in `x-fc-*` request headers.
//! * [`time`], [`number`]: times and numbers in their wire spelling, with typed accessors.
//! * [`member`], [`blob`], [`json`]: how a member name is read and an absent member left out, the
//!   `{"$blob": ...}` rendering of bytes, and reading JSON with the fault's place.
//! * [`quote`]: a value quoted in a message, at most a bounded prefix of it.
//! * [`float`]: CBOR floats as they arrived (width and bits), so they can be written back exactly.

pub(crate) mod any_value;
pub(crate) mod base64;
pub(crate) mod blob;
#[cfg(any(feature = "apigw", feature = "http"))]
pub(crate) mod bool_or_string;
pub mod context;
pub(crate) mod error;
pub(crate) mod float;
pub(crate) mod json;
pub(crate) mod json_text;
pub(crate) mod kind;
pub(crate) mod locate;
pub(crate) mod member;
pub(crate) mod number;
pub(crate) mod quote;
#[cfg(feature = "fast-reader")]
pub(crate) mod reader;
pub(crate) mod scan;
#[cfg(any(feature = "apigw", feature = "http", feature = "oss"))]
pub(crate) mod string_map;
pub(crate) mod text;
pub mod time;

pub use self::base64::Base64Error;
pub use any_value::{AnyValue, Map, BLOB_KEY};
#[cfg(any(feature = "apigw", feature = "http"))]
pub use bool_or_string::BoolOrString;
pub use error::{CborError, DecodeError, DecodeErrorDetail, EncodeError, Location};
pub use json_text::JsonText;
pub use kind::{TriggerKind, UnknownKind};
pub use number::NumberOrString;
#[cfg(any(feature = "apigw", feature = "http", feature = "oss"))]
pub use string_map::StringMap;
pub use text::Text;
