//! `aws cloudfront sign`: a CloudFront signed URL, made locally with the
//! key pair's RSA private key (PKCS#1 v1.5 over SHA-1).
//!
//! Spec: `awscli/customizations/cloudfront.py` (`SignCommand`) and
//! botocore's `signers.CloudFrontSigner`. Only `--date-less-than` gives a
//! canned policy (`Expires=`); `--date-greater-than` or `--ip-address`
//! make a custom policy (`Policy=`). CloudFront's base64 replaces `+=/`
//! with `-_~`. The URL is printed without a newline, as the reference does.
use std::io::Write;

use awscli_args::paramfile::{get_paramfile, ParamFile};
use awscli_args::StdFileSystem;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::RsaPrivateKey;

use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

const SPECS: &[Spec] = &[
    Spec::required("--url"),
    Spec::required("--key-pair-id"),
    Spec::required("--private-key"),
    Spec::required("--date-less-than"),
    Spec::value("--date-greater-than"),
    Spec::value("--ip-address"),
];

/// Loads a PEM private key (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
pub fn load_private_key(pem: &str) -> Option<RsaPrivateKey> {
    RsaPrivateKey::from_pkcs1_pem(pem)
        .ok()
        .or_else(|| RsaPrivateKey::from_pkcs8_pem(pem).ok())
}

/// CloudFront's URL-safe base64.
fn url_b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(data)
        .replace('+', "-")
        .replace('=', "_")
        .replace('/', "~")
}

/// `CloudFrontSigner.build_policy`, as compact JSON.
fn build_policy(
    resource: &str,
    less_than: i64,
    greater_than: Option<i64>,
    ip_address: Option<&str>,
) -> String {
    let mut resource_json = String::new();
    awscli_jmespath::python::write_json_string(&mut resource_json, resource, true);
    let mut condition = format!("{{\"DateLessThan\":{{\"AWS:EpochTime\":{less_than}}}");
    if let Some(ip) = ip_address.filter(|ip| !ip.is_empty()) {
        let ip = if ip.contains('/') {
            ip.to_owned()
        } else {
            format!("{ip}/32")
        };
        let mut ip_json = String::new();
        awscli_jmespath::python::write_json_string(&mut ip_json, &ip, true);
        condition.push_str(&format!(",\"IpAddress\":{{\"AWS:SourceIp\":{ip_json}}}"));
    }
    if let Some(moment) = greater_than {
        condition.push_str(&format!(
            ",\"DateGreaterThan\":{{\"AWS:EpochTime\":{moment}}}"
        ));
    }
    condition.push('}');
    format!("{{\"Statement\":[{{\"Resource\":{resource_json},\"Condition\":{condition}}}]}}")
}

/// `parse_to_aware_datetime` then `int(datetime2timestamp(...))`.
fn epoch_seconds(text: &str) -> Result<i64, CliError> {
    super::logs_tail::absolute_millis(text)
        .map(|ms| ms.div_euclid(1000))
        .ok_or_else(|| {
            CliError::General(format!(
                "Invalid timestamp \"{text}\": Unknown string format: {text}"
            ))
        })
}

pub fn sign(
    _globals: &GlobalArgs,
    rest: &[String],
    _env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let url = parsed.value("--url").unwrap_or_default();
    let key_pair_id = parsed.value("--key-pair-id").unwrap_or_default();
    let key_arg = parsed.value("--private-key").unwrap_or_default();
    let key_text = match get_paramfile(key_arg, &StdFileSystem)
        .map_err(|e| CliError::param(format!("Error parsing parameter '--private-key': {e}")))?
    {
        Some(ParamFile::Text(t)) => t,
        Some(ParamFile::Bytes(b)) => String::from_utf8_lossy(&b).into_owned(),
        None => key_arg.to_owned(),
    };
    let key = load_private_key(&key_text).ok_or_else(|| {
        CliError::General(
            "Could not deserialize key data. The data may be in an incorrect format, it may be encrypted with an unsupported algorithm, or it may be an unsupported key type (e.g. EC curves with explicit parameters).".into(),
        )
    })?;
    let less_than = epoch_seconds(parsed.value("--date-less-than").unwrap_or_default())?;
    let greater_than = parsed
        .value("--date-greater-than")
        .map(epoch_seconds)
        .transpose()?;
    let ip = parsed.value("--ip-address");
    let custom = greater_than.is_some() || ip.is_some();
    let policy = build_policy(url, less_than, greater_than, ip);
    let signing_key = rsa::pkcs1v15::SigningKey::<sha1::Sha1>::new(key);
    let signature: rsa::pkcs1v15::Signature =
        rsa::signature::Signer::sign(&signing_key, policy.as_bytes());
    let signature = rsa::signature::SignatureEncoding::to_vec(&signature);
    let mut params = Vec::new();
    if custom {
        params.push(format!("Policy={}", url_b64(policy.as_bytes())));
    } else {
        params.push(format!("Expires={less_than}"));
    }
    params.push(format!("Signature={}", url_b64(&signature)));
    params.push(format!("Key-Pair-Id={key_pair_id}"));
    let separator = if url.contains('?') { '&' } else { '?' };
    write!(stdout, "{url}{separator}{}", params.join("&"))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_are_compact_json_in_the_reference_order() {
        assert_eq!(
            build_policy("https://d.example/é", 10, Some(5), Some("1.2.3.4")),
            "{\"Statement\":[{\"Resource\":\"https://d.example/\\u00e9\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":10},\"IpAddress\":{\"AWS:SourceIp\":\"1.2.3.4/32\"},\"DateGreaterThan\":{\"AWS:EpochTime\":5}}}]}"
        );
    }

    #[test]
    fn url_base64_is_cloudfronts() {
        assert_eq!(url_b64(&[0xfb, 0xff, 0xfe]), "-~~-");
        assert_eq!(url_b64(b"a"), "YQ__");
    }
}
