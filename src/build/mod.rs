//! Test events without struct literals: a typed `sample()` for every event and record type, and
//! constructors for the members a handler's test usually sets.
//!
//! Every public type is `#[non_exhaustive]`, so code outside this crate cannot write struct literals;
//! it can assign fields of a value it already has. The constructors give it that value: each one
//! starts from the kind's bundled sample ([`crate::event::samples::sample`]) and sets the members it takes,
//! so every other member keeps a fixed, documented value (ids, accounts, regions and times of the
//! published sample). Tests built from them are reproducible, and their output validates clean.
//!
//! The impl blocks live here, one file per kind, beside the kind's own module.

use crate::model::Payload;

#[cfg(feature = "apigw")]
mod apigw;
#[cfg(feature = "cdn")]
mod cdn;
#[cfg(feature = "datahub")]
mod datahub;
#[cfg(feature = "fc-destination")]
mod destination;
#[cfg(feature = "dts")]
mod dts;
#[cfg(feature = "eventbridge")]
mod eventbridge;
#[cfg(feature = "http")]
mod http;
#[cfg(feature = "iot")]
mod iot;
#[cfg(feature = "kafka")]
mod kafka;
#[cfg(feature = "mns-queue")]
mod mns_queue;
#[cfg(feature = "mns-topic")]
mod mns_topic;
#[cfg(feature = "mqtt")]
mod mqtt;
#[cfg(feature = "oss")]
mod oss;
#[cfg(feature = "rabbitmq")]
mod rabbitmq;
#[cfg(feature = "rocketmq")]
mod rocketmq;
#[cfg(feature = "sls")]
mod sls;
#[cfg(feature = "system-event")]
mod system_event;
#[cfg(feature = "tablestore")]
mod tablestore;
#[cfg(feature = "timer")]
mod timer;

/// The bundled sample of `P`'s kind, decoded.
///
/// The samples are compiled into the crate with their kind's feature, and a test decodes and
/// validates every one of them, so neither step can fail at run time.
pub(crate) fn sample<P: Payload>() -> P {
    let bytes = crate::event::samples::sample(P::KIND)
        .unwrap_or_else(|| unreachable!("the sample of {} is compiled in", P::KIND));
    P::decode(bytes).unwrap_or_else(|e| unreachable!("the bundled {} sample decodes: {e}", P::KIND))
}

/// The first element of a batch sample (every bundled batch sample has one).
#[cfg(any(feature = "cloudevents", feature = "mqtt"))]
pub(crate) fn first<T>(batch: crate::events::batch::OneOrMany<T>) -> T {
    batch
        .into_vec()
        .into_iter()
        .next()
        .unwrap_or_else(|| unreachable!("every bundled batch sample has a record"))
}

/// The id of record `index` of a batch built from parts: a fixed UUID-shaped id, distinct per
/// record (`00000000-0000-4000-8000-000000000001` for the first).
#[cfg(feature = "cloudevents")]
fn batch_id(index: usize) -> crate::wire::Text {
    crate::wire::Text::from(format!("00000000-0000-4000-8000-{:012}", index + 1))
}

/// The typed data of a bundled sample (which always fits its model; the tests decode every one).
#[cfg(feature = "cloudevents")]
pub(crate) fn typed<T: Default>(data: crate::events::cloudevent::TypedData<T>) -> T {
    data.into_typed().unwrap_or_default()
}

/// A batch of events carrying `datas`, each a copy of `template`'s attributes with the id of its
/// place ([`batch_id`]). The template is decoded once and cloned, so the cost is linear in the
/// number of records.
#[cfg(feature = "cloudevents")]
pub(crate) fn batch<D: Default + Clone>(
    mut template: crate::events::cloudevent::CloudEvent<D>,
    datas: impl IntoIterator<Item = impl Into<D>>,
) -> Vec<crate::events::cloudevent::CloudEvent<D>> {
    // The template's own data is not copied into every record.
    template.data = D::default();
    datas
        .into_iter()
        .enumerate()
        .map(|(i, data)| {
            let mut event = template.clone();
            event.id = batch_id(i);
            event.data = data.into();
            event
        })
        .collect()
}
