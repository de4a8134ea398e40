//! The [`Payload`] trait: how each trigger's type is decoded from and encoded to its wire bytes.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::model::validate::Validate;
use crate::wire::error::{DecodeError, EncodeError};
use crate::wire::kind::TriggerKind;

/// A trigger payload type: how it is decoded from and encoded to its wire bytes.
///
/// The defaults are JSON; triggers whose wire is not always JSON (MNS topic STREAM, Tablestore CBOR)
/// override `decode` and `encode`.
pub trait Payload: Sized + Serialize + DeserializeOwned + Validate + SchemaBound {
    /// The kind this type models.
    const KIND: TriggerKind;

    /// Decodes wire bytes. Errors name the place of the fault.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        crate::codec::decode::json(Self::KIND, bytes)
    }

    /// Encodes to the wire form (JSON for most triggers).
    fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        Ok(crate::wire::json_text::to_json_vec(self)?)
    }

    /// The JSON rendering as a value (bytes become `{"$blob": "<base64>"}`). Fails with
    /// [`EncodeError::Unrepresentable`] for JSON text a `serde_json::Value` cannot hold (a number
    /// beyond `f64`, a lone surrogate escape).
    fn to_json_value(&self) -> Result<serde_json::Value, EncodeError> {
        // The JSON text read back: one reader for every type, where a value serializer would be
        // compiled for each.
        let bytes = self.to_json_vec()?;
        crate::wire::json::json_any(None, &bytes).map_err(EncodeError::Unrepresentable)
    }

    /// The JSON rendering as bytes.
    fn to_json_vec(&self) -> Result<Vec<u8>, EncodeError> {
        Ok(crate::wire::json_text::to_json_vec(self)?)
    }

    /// The CBOR rendering (definite lengths).
    #[cfg(feature = "cbor")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cbor")))]
    fn to_cbor_vec(&self) -> Result<Vec<u8>, EncodeError> {
        crate::codec::cbor::to_vec(self)
    }
}

/// What [`Payload`] asks of a type's JSON Schema: with the `schema` feature, a
/// [`schemars::JsonSchema`] impl (every payload type of this crate has one); without it, nothing.
#[cfg(feature = "schema")]
pub trait SchemaBound: schemars::JsonSchema {}
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> SchemaBound for T {}

/// What [`Payload`] asks of a type's JSON Schema: with the `schema` feature, a
/// `schemars::JsonSchema` impl (every payload type of this crate has one); without it, nothing.
#[cfg(not(feature = "schema"))]
pub trait SchemaBound {}
#[cfg(not(feature = "schema"))]
impl<T> SchemaBound for T {}
