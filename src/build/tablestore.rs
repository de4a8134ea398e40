//! Tablestore: samples (the constructors are in the kind's module).

use crate::events::tablestore::{TablestoreEvent, TablestoreRecord};

impl TablestoreEvent {
    /// The bundled sample (`fc-events sample tablestore`, CBOR): an `UpdateRow` of primary key
    /// (`pk_int` 42, `pk_str` `abc`, `pk_blob`) with puts and deletes of several column types, then a
    /// `DeleteRow`. Build others with [`TablestoreEvent::new`] and [`TablestoreRecord::new`].
    ///
    /// ```
    /// use fc_events::tablestore::TablestoreEvent;
    ///
    /// let mut event = TablestoreEvent::sample();
    /// event.records.truncate(1);
    /// assert!(fc_events::validate::validate(&event).is_empty());
    /// ```
    pub fn sample() -> Self {
        super::sample()
    }
}

impl TablestoreRecord {
    /// The first record of [`TablestoreEvent::sample`] (an `UpdateRow`).
    ///
    /// ```
    /// use fc_events::tablestore::TablestoreRecord;
    ///
    /// let record = TablestoreRecord::sample();
    /// assert_eq!(record.primary_key_value("pk_int").and_then(|v| v.as_i64()), Some(42));
    /// ```
    pub fn sample() -> Self {
        TablestoreEvent::sample().records.swap_remove(0)
    }
}
