//! botocore's `partitions.json` and the `aws.partition` function over it.
//!
//! A region belongs to the first partition that lists it or whose
//! `regionRegex` matches it; anything else falls back to the first partition
//! (`aws`), as botocore's `RuleSetStandardLibrary.aws_partition` does.
//! Spec: <https://smithy.io/2.0/aws/rules-engine/library-functions.html#aws-partition-function>.
use std::collections::HashSet;
use std::sync::Arc;

use indexmap::IndexMap;
use regex_lite::Regex;
use serde_json::Value as Json;

use crate::value::{Object, Value};
use crate::EndpointError;

/// The parsed `partitions.json`.
#[derive(Debug)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

#[derive(Debug)]
struct Partition {
    id: String,
    regions: HashSet<String>,
    region_regex: Regex,
    /// `outputs`, with `name` set to the partition id.
    outputs: Object,
}

impl Partitions {
    /// Parses `partitions.json` text.
    pub fn from_json(text: &str) -> Result<Partitions, EndpointError> {
        let invalid = EndpointError::InvalidPartitions;
        let json: Json =
            serde_json::from_str(text).map_err(|e| invalid(format!("not JSON: {e}")))?;
        let list = json
            .get("partitions")
            .and_then(Json::as_array)
            .ok_or_else(|| invalid("missing `partitions`".into()))?;
        let mut partitions = Vec::with_capacity(list.len());
        for entry in list {
            let id = entry
                .get("id")
                .and_then(Json::as_str)
                .ok_or_else(|| invalid("partition without `id`".into()))?;
            let pattern = entry
                .get("regionRegex")
                .and_then(Json::as_str)
                .ok_or_else(|| invalid(format!("partition {id} without `regionRegex`")))?;
            // Python's `re.match` anchors at the start only.
            let region_regex = Regex::new(&format!("^(?:{pattern})"))
                .map_err(|e| invalid(format!("partition {id}: bad regionRegex: {e}")))?;
            let regions = entry
                .get("regions")
                .and_then(Json::as_object)
                .map(|r| r.keys().cloned().collect())
                .unwrap_or_default();
            let mut outputs: IndexMap<String, Value> = entry
                .get("outputs")
                .and_then(Json::as_object)
                .ok_or_else(|| invalid(format!("partition {id} without `outputs`")))?
                .iter()
                .map(|(k, v)| (k.clone(), Value::from_json(v)))
                .collect();
            outputs.insert("name".to_owned(), Value::String(id.to_owned()));
            partitions.push(Partition {
                id: id.to_owned(),
                regions,
                region_regex,
                outputs: Arc::new(outputs),
            });
        }
        if partitions.is_empty() {
            return Err(invalid("no partitions".into()));
        }
        Ok(Partitions { partitions })
    }

    fn find(&self, region: Option<&str>) -> &Partition {
        region
            .and_then(|region| {
                self.partitions
                    .iter()
                    .find(|p| p.regions.contains(region) || p.region_regex.is_match(region))
            })
            .unwrap_or(&self.partitions[0])
    }

    pub(crate) fn partition_outputs(&self, region: Option<&str>) -> Object {
        Arc::clone(&self.find(region).outputs)
    }

    /// The id of the partition a region belongs to (`aws`, `aws-cn`, ...).
    pub fn partition_id(&self, region: &str) -> &str {
        &self.find(Some(region)).id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = r#"{"partitions": [
        {"id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$", "regions": {"aws-global": {}},
         "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com"}},
        {"id": "aws-cn", "regionRegex": "^cn\\-\\w+\\-\\d+$", "regions": {},
         "outputs": {"name": "aws-cn", "dnsSuffix": "amazonaws.com.cn"}}]}"#;

    #[test]
    fn regions_match_by_list_regex_or_default() {
        let p = Partitions::from_json(DATA).unwrap();
        assert_eq!(p.partition_id("cn-north-1"), "aws-cn");
        assert_eq!(p.partition_id("aws-global"), "aws");
        assert_eq!(p.partition_id("mars-east-1"), "aws");
        assert_eq!(
            p.partition_outputs(Some("cn-north-1"))["dnsSuffix"],
            Value::String("amazonaws.com.cn".into())
        );
    }
}
