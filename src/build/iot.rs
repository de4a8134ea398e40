//! IoT: samples and constructors.

use serde::Serialize;

use crate::events::iot::IotEvent;
use crate::wire::EncodeError;

impl IotEvent {
    /// The bundled sample (`fc-events sample iot`): a reading of device `sensor-1` (product
    /// `a1b2c3d4e5f`), temperature `21.5`, humidity `40`, timestamp `1692281291805`.
    ///
    /// An IoT payload is whatever JSON the rule engine's SQL selects, so vary it by building a new
    /// one ([`IotEvent::json`]) or with `From<serde_json::Value>`.
    ///
    /// ```
    /// use fc_events::iot::IotEvent;
    ///
    /// let event = IotEvent::sample();
    /// assert_eq!(event.get("deviceName").and_then(|v| v.as_str()), Some("sensor-1"));
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }

    /// The payload `value` serializes to (your own message type, a `serde_json::Value`, …).
    ///
    /// ```
    /// use fc_events::iot::IotEvent;
    ///
    /// #[derive(serde::Serialize)]
    /// struct Reading { device: &'static str, celsius: f64 }
    ///
    /// let event = IotEvent::json(&Reading { device: "sensor-2", celsius: 19.0 })?;
    /// assert_eq!(event.as_json_str(), r#"{"device":"sensor-2","celsius":19.0}"#);
    /// # Ok::<(), fc_events::EncodeError>(())
    /// ```
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, EncodeError> {
        // serde_json writes one JSON value without surrounding white space.
        let text = serde_json::to_string(value)?;
        Ok(IotEvent::from(crate::wire::JsonText::from_checked(text)))
    }
}
