//! `aws servicecatalog generate product|provisioning-artifact`: uploads a
//! template file to S3 (key = its file name, `ServerSideEncryption:
//! AES256`, progress on stderr), then creates a product, or a provisioning
//! artifact of an existing product, loading the template from the path-style
//! S3 URL, and prints the answer as `json.dumps(..., indent=2,
//! ensure_ascii=False)` with no final newline.
//!
//! Spec: `awscli/customizations/servicecatalog/` (`generate.py`,
//! `generatebase.py`, `generateproduct.py`,
//! `generateprovisioningartifact.py`, `utils.py`) and
//! `awscli/customizations/s3uploader.py`. Both clients take
//! `--endpoint-url`. The region must be one of the `aws` partition regions
//! Service Catalog lists in botocore's `endpoints.json` (botocore 1.43.67).
//! Timestamps print as text in the `cli_timestamp_format`, as the
//! reference's response parser hands them over.
use std::io::Write;

use awscli_model::Value;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SUBCOMMANDS: [&str; 2] = ["product", "provisioning-artifact"];

const ARTIFACT_TYPES: [&str; 3] = [
    "CLOUD_FORMATION_TEMPLATE",
    "MARKETPLACE_AMI",
    "MARKETPLACE_CAR",
];

const PRODUCT_TYPES: [&str; 2] = ["CLOUD_FORMATION_TEMPLATE", "MARKETPLACE"];

const PRODUCT_SPECS: &[Spec] = &[
    Spec::required("--product-name"),
    Spec::required("--product-owner"),
    Spec::required("--product-type"),
    Spec::value("--product-description"),
    Spec::value("--product-distributor"),
    Spec::list("--tags"),
    Spec::required("--file-path"),
    Spec::required("--bucket-name"),
    Spec::value("--support-description"),
    Spec::value("--support-email"),
    Spec::required("--provisioning-artifact-name"),
    Spec::required("--provisioning-artifact-description"),
    Spec::required("--provisioning-artifact-type"),
];

const ARTIFACT_SPECS: &[Spec] = &[
    Spec::required("--file-path"),
    Spec::required("--bucket-name"),
    Spec::required("--provisioning-artifact-name"),
    Spec::required("--provisioning-artifact-description"),
    Spec::required("--provisioning-artifact-type"),
    Spec::required("--product-id"),
];

/// `session.get_available_regions('servicecatalog')` (partition `aws`).
const REGIONS: [&str; 30] = [
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-6",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// `aws servicecatalog generate <subcommand>`.
pub fn generate(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let Some(first) = rest.first() else {
        return Err(CliError::param(
            "too few arguments\n\nusage: aws [options] servicecatalog generate <subcommand> [parameters]",
        )
        .into());
    };
    let (specs, product) = match first.as_str() {
        "product" => (PRODUCT_SPECS, true),
        "provisioning-artifact" => (ARTIFACT_SPECS, false),
        other => return Err(CliError::invalid_choice("subcommand", other, SUBCOMMANDS).into()),
    };
    let parsed = args::parse(specs, &rest[1..])?;
    let choice = |name: &str, choices: &[&str]| -> Result<String, CliError> {
        let value = parsed.value(name).unwrap_or_default();
        if choices.contains(&value) {
            Ok(value.to_owned())
        } else {
            Err(CliError::invalid_choice(
                name,
                value,
                choices.iter().copied(),
            ))
        }
    };
    if product {
        choice("--product-type", &PRODUCT_TYPES)?;
    }
    let artifact_type = choice("--provisioning-artifact-type", &ARTIFACT_TYPES)?;
    let session = Session::new(globals, env)?;
    let region = session.region()?;
    if !region.as_deref().is_some_and(|r| REGIONS.contains(&r)) {
        // The reference names the `--region` value, `None` when it came from elsewhere.
        return Err(CliError::param(format!(
            "An error occurred (InvalidParametersException) : Region {} is not supported",
            globals.region.as_deref().unwrap_or("None")
        ))
        .into());
    }
    let region = region.unwrap_or_default();
    let file_path = parsed.value("--file-path").unwrap_or_default();
    let bucket = parsed.value("--bucket-name").unwrap_or_default();
    let key = std::path::Path::new(file_path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let body = std::fs::read(file_path)
        .map_err(|_| CliError::General(format!("{file_path} cannot be found")))?;
    let mut api = Api::new(session);
    upload(&mut api, bucket, &key, body)?;
    let base = if region == "us-east-1" {
        "https://s3.amazonaws.com".to_owned()
    } else {
        format!("https://s3-{region}.amazonaws.com")
    };
    let s3_url = format!("{base}/{bucket}/{key}");
    let artifact = map([
        (
            "Name",
            string(
                parsed
                    .value("--provisioning-artifact-name")
                    .unwrap_or_default(),
            ),
        ),
        (
            "Description",
            string(
                parsed
                    .value("--provisioning-artifact-description")
                    .unwrap_or_default(),
            ),
        ),
        ("Info", map([("LoadTemplateFromURL", string(s3_url))])),
        ("Type", string(artifact_type)),
    ]);
    let catalog = api::model("servicecatalog")?;
    let mut response = if product {
        let input = product_input(&parsed, artifact)?;
        api.call(&catalog, "CreateProduct", &input)?
    } else {
        let input = map([
            (
                "ProductId",
                string(parsed.value("--product-id").unwrap_or_default()),
            ),
            ("Parameters", artifact),
        ]);
        api.call(&catalog, "CreateProvisioningArtifact", &input)?
    };
    if let Some(m) = response.as_map_mut() {
        m.shift_remove("ResponseMetadata");
    }
    let format = super::display::timestamp_format(&api.session)?;
    awscli_output::normalize_timestamps(&mut response, format);
    write!(
        stdout,
        "{}",
        super::pyjson::dumps_with(&response, Some(2), false)
    )?;
    Ok(0)
}

/// `_extract_tags`: `Key=k,Value=v` words to maps, in the order given.
fn extract_tags(words: &[String]) -> Result<Value, CliError> {
    let mut tags = Vec::new();
    for word in words {
        let mut tag = indexmap::IndexMap::new();
        for (index, pair) in word.split(',').enumerate() {
            let parts: Vec<&str> = pair.split('=').collect();
            let [k, v] = parts.as_slice() else {
                return Err(CliError::General(format!(
                    "dictionary update sequence element #{index} has length {}; 2 is required",
                    parts.len()
                )));
            };
            tag.insert((*k).to_owned(), string(*v));
        }
        tags.push(Value::Map(tag));
    }
    Ok(Value::List(tags))
}

fn product_input(parsed: &args::Parsed, artifact: Value) -> Result<Value, CliError> {
    let value = |name: &str| string(parsed.value(name).unwrap_or_default());
    let mut input = map([
        ("Name", value("--product-name")),
        ("Owner", value("--product-owner")),
        ("ProductType", value("--product-type")),
        (
            "Tags",
            extract_tags(parsed.list("--tags").unwrap_or_default())?,
        ),
        ("ProvisioningArtifactParameters", artifact),
    ]);
    let optional = [
        ("--support-description", "SupportDescription"),
        ("--product-description", "Description"),
        ("--support-email", "SupportEmail"),
        ("--product-distributor", "Distributor"),
    ];
    if let Some(m) = input.as_map_mut() {
        for (option, member) in optional {
            if let Some(v) = parsed.value(option).filter(|v| !v.is_empty()) {
                m.insert(member.into(), string(v));
            }
        }
    }
    Ok(input)
}

/// `S3Uploader.upload` with `force_upload`: one `PutObject`, progress on
/// stderr as the body is sent (so also before a service error).
fn upload(api: &mut Api, bucket: &str, key: &str, body: Vec<u8>) -> Result<(), CliError> {
    let s3 = api::model("s3")?;
    let size = body.len();
    let put = map([
        ("Bucket", string(bucket)),
        ("Key", string(key)),
        ("Body", Value::Blob(body)),
        ("ServerSideEncryption", string("AES256")),
    ]);
    let result = api.call(&s3, "PutObject", &put);
    if matches!(result, Ok(_) | Err(CliError::Service { .. })) && size > 0 {
        #[expect(
            clippy::print_stderr,
            reason = "the reference reports upload progress on stderr"
        )]
        {
            eprint!("\rUploading to {key}  {size} / {size}.0  (100.00%)");
        }
    }
    match result {
        Err(e @ CliError::Service { .. }) if e.to_string().contains("(NoSuchBucket)") => {
            Err(CliError::General(format!(
                "S3 Bucket does not exist. Execute the command to create a new bucket\naws s3 mb s3://{bucket}"
            )))
        }
        other => other.map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_keep_their_order_and_need_pairs() {
        let tags = extract_tags(&["Key=a,Value=b".to_owned()]).unwrap();
        assert_eq!(
            tags,
            Value::List(vec![map([("Key", string("a")), ("Value", string("b"))])])
        );
        let e = extract_tags(&["Key".to_owned()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "dictionary update sequence element #0 has length 1; 2 is required"
        );
    }
}
