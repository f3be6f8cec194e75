//! Turning a resolved endpoint's `authSchemes` property into signing
//! parameters, as botocore's `EndpointRulesetResolver.auth_schemes_to_signing_ctx`
//! (`botocore/regions.py`) does when the user requested no particular
//! signature version.
//!
//! botocore strips the `sig` prefix from each scheme name and takes the first
//! scheme its signers support (the CLI ships the CRT, so `v4a` is among them).
use serde_json::Value as Json;

use crate::{Endpoint, EndpointError};

/// botocore's `AUTH_TYPE_MAPS` keys with the CRT present.
const SUPPORTED_AUTH_TYPES: &[&str] = &[
    "v2",
    "v3",
    "v3https",
    "s3",
    "s3-query",
    "s3-presign-post",
    "s3v4-presign-post",
    "v4-s3express",
    "v4-s3express-query",
    "v4-s3express-presign-post",
    "bearer",
    "v4",
    "v4-query",
    "v4a",
    "s3v4",
    "s3v4-query",
    "s3v4a",
    "s3v4a-query",
];

/// How to sign requests to a resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningInfo {
    /// The scheme name as the rule set spells it: `sigv4`, `sigv4a`,
    /// `sigv4-s3express`.
    pub name: String,
    /// botocore's auth type for it (`request_context['auth_type']`): `v4`,
    /// `v4a`, `v4-s3express`.
    pub auth_type: String,
    pub signing_name: Option<String>,
    /// `signingRegion`, or the `signingRegionSet` joined with `,` (botocore
    /// puts either into `signing['region']`).
    pub signing_region: Option<String>,
    /// `signingRegionSet` as listed (sigv4a).
    pub signing_region_set: Option<Vec<String>>,
    pub disable_double_encoding: Option<bool>,
}

/// The signing parameters of the first auth scheme botocore supports, or
/// `None` when the endpoint lists no auth schemes (sign as the service model
/// says). Listing only unsupported schemes is an error, as in botocore.
pub fn signing_info(endpoint: &Endpoint) -> Result<Option<SigningInfo>, EndpointError> {
    let Some(Json::Array(schemes)) = endpoint.properties.get("authSchemes") else {
        return Ok(None);
    };
    if schemes.is_empty() {
        return Ok(None);
    }
    let scheme_name = |scheme: &Json| {
        scheme
            .get("name")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let chosen = schemes.iter().find_map(|scheme| {
        let name = scheme_name(scheme);
        let auth_type = name.strip_prefix("sig").unwrap_or(&name).to_owned();
        SUPPORTED_AUTH_TYPES
            .contains(&auth_type.as_str())
            .then_some((name, auth_type, scheme))
    });
    let Some((name, auth_type, scheme)) = chosen else {
        let names: Vec<String> = schemes
            .iter()
            .map(|s| {
                scheme_name(s)
                    .strip_prefix("sig")
                    .map(str::to_owned)
                    .unwrap_or_else(|| scheme_name(s))
            })
            .collect();
        return Err(EndpointError::UnknownSignatureVersion(names.join(", ")));
    };
    let string = |key: &str| scheme.get(key).and_then(Json::as_str).map(str::to_owned);
    let signing_region_set: Option<Vec<String>> = scheme
        .get("signingRegionSet")
        .and_then(Json::as_array)
        .map(|set| {
            set.iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        });
    let signing_region = string("signingRegion").or_else(|| {
        signing_region_set
            .as_ref()
            .filter(|set| !set.is_empty())
            .map(|set| set.join(","))
    });
    // botocore's `ensure_boolean`: a bool, or the string "true" in any case.
    let disable_double_encoding = scheme.get("disableDoubleEncoding").map(|v| match v {
        Json::Bool(b) => *b,
        Json::String(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    });
    Ok(Some(SigningInfo {
        name,
        auth_type,
        signing_name: string("signingName"),
        signing_region,
        signing_region_set,
        disable_double_encoding,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(auth_schemes: Json) -> Endpoint {
        let mut properties = serde_json::Map::new();
        properties.insert("authSchemes".into(), auth_schemes);
        Endpoint {
            url: "https://x".into(),
            properties,
            headers: Default::default(),
        }
    }

    #[test]
    fn first_supported_scheme_wins() {
        let e = endpoint(serde_json::json!([
            {"name": "sigv5"},
            {"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"], "disableDoubleEncoding": true},
            {"name": "sigv4", "signingName": "s3", "signingRegion": "us-east-1"}
        ]));
        let info = signing_info(&e).unwrap().unwrap();
        assert_eq!(info.name, "sigv4a");
        assert_eq!(info.auth_type, "v4a");
        assert_eq!(info.signing_region.as_deref(), Some("*"));
        assert_eq!(info.disable_double_encoding, Some(true));
    }

    #[test]
    fn no_auth_schemes_is_none() {
        let e = Endpoint {
            url: "https://x".into(),
            properties: Default::default(),
            headers: Default::default(),
        };
        assert_eq!(signing_info(&e).unwrap(), None);
    }

    #[test]
    fn only_unsupported_schemes_is_an_error() {
        let e = endpoint(serde_json::json!([{"name": "sigv5"}]));
        assert!(matches!(
            signing_info(&e),
            Err(EndpointError::UnknownSignatureVersion(n)) if n == "v5"
        ));
    }
}
