//! The contracts every trigger's type fulfils: [`Payload`] (decode from and encode to the wire
//! bytes), [`validate::Validate`] (the strict checks, with a JSON Pointer per fault), and the JSON
//! Schema [`dialect`] the types are described in.

#[cfg(feature = "schema")]
pub(crate) mod dialect;
mod payload;
pub(crate) mod validate;

pub use payload::Payload;
