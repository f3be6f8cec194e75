//! The embedded model snapshot (`models/` at the workspace root, written by
//! `scripts/update-models` from the pinned botocore release).
//!
//! Every service is one zstd frame, compressed with a dictionary trained on
//! the whole set (so small frames compress nearly as well as one big one);
//! [`load`] decompresses just the one asked for. Names are botocore's
//! directory names (`s3`, not the CLI's `s3api`).

use crate::{Docs, ModelError, Service};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The botocore release the snapshot was taken from.
pub fn botocore_version() -> &'static str {
    BOTOCORE_VERSION
}

/// Names of every embedded service, sorted.
pub fn service_names() -> impl Iterator<Item = &'static str> {
    SERVICES.iter().map(|(name, _)| *name)
}

/// Whether a service of that name is embedded.
pub fn has_service(name: &str) -> bool {
    find(SERVICES, name).is_some()
}

fn find(table: &'static [(&'static str, &'static [u8])], name: &str) -> Option<&'static [u8]> {
    table
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| table[i].1)
}

/// The largest decompressed model we accept (ec2's docs are ~6 MB).
const MAX_DECOMPRESSED: usize = 64 << 20;

/// One-shot decompression: the frames carry their content size (written by
/// `scripts/update-models`), so the output is allocated once and zstd needs
/// no streaming window (8 MB at level 19), which keeps start-up memory and
/// page faults low.
fn decompress(what: &str, bytes: &[u8], dictionary: &[u8]) -> Result<String, ModelError> {
    let err = |source| ModelError::Decompress {
        service: what.to_owned(),
        source,
    };
    let mut decompressor = if dictionary.is_empty() {
        zstd::bulk::Decompressor::new()
    } else {
        zstd::bulk::Decompressor::with_dictionary(dictionary)
    }
    .map_err(err)?;
    let out = decompressor
        .decompress(bytes, MAX_DECOMPRESSED)
        .map_err(err)?;
    String::from_utf8(out).map_err(|e| err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Decompresses and decodes the model of service `name`.
pub fn load(name: &str) -> Result<Service, ModelError> {
    let bytes = find(SERVICES, name).ok_or_else(|| ModelError::UnknownService(name.to_owned()))?;
    Service::from_bundle_json(name, decompress(name, bytes, SERVICES_DICT)?)
}

/// The documentation of service `name` (only `help` needs it).
pub fn docs(name: &str) -> Result<Docs, ModelError> {
    let bytes = find(DOCS, name).ok_or_else(|| ModelError::UnknownService(name.to_owned()))?;
    let text = decompress(name, bytes, DOCS_DICT)?;
    serde_json::from_str(&text).map_err(|source| ModelError::Decode {
        what: format!("{name} docs"),
        source,
    })
}

/// The documentation text of service `name`, decompressed but not decoded
/// (JSON of the layout [`docs`] decodes), for a reader that needs only part
/// of it: one operation's help page decodes its own entries
/// (`awscli_help::operation_docs`), which for ec2 saves most of the time.
pub fn docs_text(name: &str) -> Result<String, ModelError> {
    let bytes = find(DOCS, name).ok_or_else(|| ModelError::UnknownService(name.to_owned()))?;
    decompress(name, bytes, DOCS_DICT)
}

/// `partitions.json`, as JSON text.
pub fn partitions_json() -> Result<String, ModelError> {
    decompress("partitions", PARTITIONS, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_text_is_what_docs_decodes() {
        let text = docs_text("sts").unwrap();
        let decoded: Docs = serde_json::from_str(&text).unwrap();
        let docs = docs("sts").unwrap();
        assert_eq!(decoded.operations, docs.operations);
        assert!(decoded.operations.contains_key("AssumeRole"));
        assert!(matches!(
            docs_text("no-such-service"),
            Err(ModelError::UnknownService(_))
        ));
    }

    #[test]
    fn every_embedded_service_decodes_with_its_operations_and_shapes() {
        let mut count = 0;
        for name in service_names() {
            let service = load(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            for op in service.operation_names().collect::<Vec<_>>() {
                service
                    .operation(op)
                    .unwrap_or_else(|e| panic!("{name}.{op}: {e}"));
            }
            for shape in service.shape_names().collect::<Vec<_>>() {
                service
                    .shape(shape)
                    .unwrap_or_else(|e| panic!("{name}.{shape}: {e}"));
            }
            for waiter in service.waiter_names().collect::<Vec<_>>() {
                service
                    .waiter(waiter)
                    .unwrap_or_else(|e| panic!("{name}.{waiter}: {e}"));
            }
            for op in service.operation_names().collect::<Vec<_>>() {
                service
                    .paginator(op)
                    .unwrap_or_else(|e| panic!("{name}.{op} paginator: {e}"));
            }
            count += 1;
        }
        assert!(count > 400, "only {count} services embedded");
    }

    #[test]
    fn docs_and_partitions_decode() {
        let docs = docs("sts").unwrap();
        assert!(docs.operations.contains_key("GetCallerIdentity"));
        assert!(partitions_json().unwrap().contains("\"aws-cn\""));
    }

    #[test]
    fn unknown_service_is_an_error() {
        assert!(matches!(load("nope"), Err(ModelError::UnknownService(_))));
    }
}
