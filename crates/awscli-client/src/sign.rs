//! SigV4 request signing and presigning, with botocore's choices about the
//! payload hash, over the `aws-sigv4` crate.
//!
//! Spec: botocore `auth.py` (`SigV4Auth`, `S3SigV4Auth`, `SigV4QueryAuth`,
//! `S3SigV4QueryAuth`), `handlers.py` (`unsigned_payload`,
//! `v4-unsigned-body`, `none` auth types) and the SigV4 documentation
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>).
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4::SigningParams;
use awscli_model::{Operation, Service};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::credentials::Credentials;
use crate::http::PreparedRequest;

/// botocore `UNSIGNED_PAYLOAD`.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// botocore `STREAMING_UNSIGNED_PAYLOAD_TRAILER`.
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// SigV4's unreserved characters (RFC 3986): everything else is escaped.
const AWS_URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Which signer a request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignerKind {
    /// `SigV4Auth`.
    V4,
    /// `S3SigV4Auth`: always sends `X-Amz-Content-SHA256`, single-encodes
    /// and does not normalise the path.
    S3V4,
    /// No signature (`--no-sign-request`, or auth type `none`).
    Anonymous,
}

/// How to sign one operation's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningConfig {
    pub signer: SignerKind,
    /// The service name in the credential scope (`signingName`).
    pub signing_name: String,
    /// The region in the credential scope (`signingRegion`).
    pub region: String,
    /// authScheme `disableDoubleEncoding` (true for S3).
    pub disable_double_encoding: bool,
    /// The operation is modeled `unsignedPayload` or `v4-unsigned-body`.
    pub unsigned_payload_operation: bool,
    /// The `s3.payload_signing_enabled` setting, if the user set it.
    pub s3_payload_signing_enabled: Option<bool>,
    /// Sign with SigV4a (the endpoint's auth scheme is `sigv4a`, e.g. an S3
    /// multi-region access point); `region` then holds the region set,
    /// comma-separated.
    pub sigv4a: bool,
}

/// Signing failures.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error("Unable to sign request: {0}")]
    Sign(String),
    #[error("Invalid URL {url:?}: {message}")]
    InvalidUrl { url: String, message: String },
}

/// S3-family signing names, signed with `S3SigV4Auth`.
fn is_s3_signing_name(name: &str) -> bool {
    matches!(
        name,
        "s3" | "s3-outposts" | "s3-object-lambda" | "s3express"
    )
}

impl SigningConfig {
    /// The signing settings for `operation`: name and region from the
    /// endpoint's first auth scheme if the rule set gave one, else the
    /// model's `signingName` (else `endpointPrefix`) and the client region.
    pub fn resolve(
        service: &Service,
        operation: &Operation,
        auth_scheme: Option<&serde_json::Value>,
        region: &str,
        no_sign_request: bool,
    ) -> SigningConfig {
        let meta = &service.metadata;
        let model_name = meta
            .signing_name
            .clone()
            .unwrap_or_else(|| meta.endpoint_prefix.clone());
        let scheme_str = |key: &str| {
            auth_scheme
                .and_then(|s| s.get(key))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let signing_name = scheme_str("signingName").unwrap_or(model_name);
        let sigv4a = scheme_str("name").as_deref() == Some("sigv4a");
        let region_set = auth_scheme
            .and_then(|s| s.get("signingRegionSet"))
            .and_then(|v| v.as_array())
            .map(|set| {
                set.iter()
                    .filter_map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            });
        let signing_region = region_set
            .filter(|_| sigv4a)
            .or_else(|| scheme_str("signingRegion"))
            .unwrap_or_else(|| region.to_owned());
        let disable_double_encoding = auth_scheme
            .and_then(|s| s.get("disableDoubleEncoding"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let authtype = operation.authtype.as_deref();
        let auth_none = authtype == Some("none")
            || (operation.auth.len() == 1 && operation.auth[0] == "smithy.api#noAuth");
        let s3 = matches!(meta.signature_version.as_deref(), Some("s3" | "s3v4"))
            || is_s3_signing_name(&signing_name);
        let signer = if no_sign_request || auth_none {
            SignerKind::Anonymous
        } else if s3 {
            SignerKind::S3V4
        } else {
            SignerKind::V4
        };
        SigningConfig {
            signer,
            signing_name,
            region: signing_region,
            disable_double_encoding: disable_double_encoding || s3,
            unsigned_payload_operation: operation.unsigned_payload
                || authtype == Some("v4-unsigned-body"),
            s3_payload_signing_enabled: None,
            sigv4a,
        }
    }

    fn settings(&self, location: SignatureLocation) -> SigningSettings {
        let mut settings = SigningSettings::default();
        settings.signature_location = location;
        if self.signer == SignerKind::S3V4 || self.disable_double_encoding {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        }
        // botocore does not sign these either (`SIGNED_HEADERS_BLACKLIST`).
        if let Some(excluded) = settings.excluded_headers.as_mut() {
            excluded.push("expect".into());
            excluded.push("amz-sdk-invocation-id".into());
            excluded.push("amz-sdk-request".into());
        }
        settings
    }
}

/// What the request body is, for the payload-hash decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PayloadInfo {
    /// The operation's input has a streaming blob payload.
    pub has_streaming_input: bool,
    /// The body is aws-chunked with checksum trailers (`x-amz-trailer`).
    pub streaming_trailer: bool,
}

/// The payload hash to put in the canonical request, and whether the
/// `X-Amz-Content-SHA256` header is sent. `None` hash = hash the body.
fn payload_mode(
    request: &PreparedRequest,
    config: &SigningConfig,
    info: PayloadInfo,
) -> (Option<&'static str>, bool) {
    let https = request.url.starts_with("https");
    match config.signer {
        SignerKind::S3V4 => {
            if info.streaming_trailer {
                return (Some(STREAMING_UNSIGNED_PAYLOAD_TRAILER), true);
            }
            // S3SigV4Auth._should_sha256_sign_payload
            let has_checksum_header = request.headers.iter().any(|(k, _)| {
                k.eq_ignore_ascii_case("content-md5")
                    || k.to_ascii_lowercase().starts_with("x-amz-checksum-")
            });
            let sign = match config.s3_payload_signing_enabled {
                Some(explicit) => explicit,
                None if !https || !has_checksum_header => true,
                None if info.has_streaming_input => false,
                None => !config.unsigned_payload_operation,
            };
            (if sign { None } else { Some(UNSIGNED_PAYLOAD) }, true)
        }
        _ => {
            // SigV4Auth: payloads are always signed over plain http.
            if https && config.unsigned_payload_operation {
                (Some(UNSIGNED_PAYLOAD), true)
            } else {
                (None, false)
            }
        }
    }
}

/// The `Host` header value botocore signs: host, plus the port unless it
/// is the scheme's default.
pub fn host_header(url: &str) -> Result<String, SigningError> {
    let uri: http::Uri =
        url.parse()
            .map_err(|e: http::uri::InvalidUri| SigningError::InvalidUrl {
                url: url.to_owned(),
                message: e.to_string(),
            })?;
    let host = uri.host().ok_or_else(|| SigningError::InvalidUrl {
        url: url.to_owned(),
        message: "no host".into(),
    })?;
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    };
    Ok(match uri.port_u16() {
        Some(p) if p != default_port => format!("{host}:{p}"),
        _ => host.to_owned(),
    })
}

fn remove_header(request: &mut PreparedRequest, name: &str) {
    request
        .headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case(name));
}

/// Signs `request` in place with SigV4 headers (`Authorization`,
/// `X-Amz-Date`, `X-Amz-Security-Token`, `X-Amz-Content-SHA256`). An
/// anonymous config leaves it untouched.
pub fn sign_request(
    request: &mut PreparedRequest,
    config: &SigningConfig,
    credentials: &Credentials,
    time: SystemTime,
    payload: PayloadInfo,
) -> Result<(), SigningError> {
    if config.signer == SignerKind::Anonymous {
        return Ok(());
    }
    for name in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        remove_header(request, name);
    }
    if request.header("host").is_none() {
        let host = host_header(&request.url)?;
        request.headers.insert(0, ("Host".to_owned(), host));
    }
    let (precomputed, send_hash_header) = payload_mode(request, config, payload);
    let body = match precomputed {
        Some(UNSIGNED_PAYLOAD) => SignableBody::UnsignedPayload,
        Some(_) => SignableBody::StreamingUnsignedPayloadTrailer,
        None => SignableBody::Bytes(&request.body),
    };
    let mut settings = config.settings(SignatureLocation::Headers);
    if send_hash_header {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let identity = credentials.to_identity();
    let params = signing_params(config, &identity, time, settings)?;
    let signable = SignableRequest::new(
        &request.method,
        request.url.as_str(),
        request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
        body,
    )
    .map_err(|e| SigningError::Sign(e.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| SigningError::Sign(e.to_string()))?
        .into_parts();
    let (headers, _) = instructions.into_parts();
    for header in headers {
        request.headers.push((
            canonical_header_name(header.name()),
            header.value().to_owned(),
        ));
    }
    Ok(())
}

/// SigV4 or SigV4a parameters for `config`.
fn signing_params<'a>(
    config: &'a SigningConfig,
    identity: &'a aws_smithy_runtime_api::client::identity::Identity,
    time: SystemTime,
    settings: SigningSettings,
) -> Result<aws_sigv4::http_request::SigningParams<'a>, SigningError> {
    if config.sigv4a {
        return aws_sigv4::sign::v4a::SigningParams::builder()
            .identity(identity)
            .region_set(&config.region)
            .name(&config.signing_name)
            .time(time)
            .settings(settings)
            .build()
            .map(Into::into)
            .map_err(|e| SigningError::Sign(e.to_string()));
    }
    SigningParams::builder()
        .identity(identity)
        .region(&config.region)
        .name(&config.signing_name)
        .time(time)
        .settings(settings)
        .build()
        .map(Into::into)
        .map_err(|e| SigningError::Sign(e.to_string()))
}

/// botocore's spelling of the headers the signer adds.
fn canonical_header_name(name: &str) -> String {
    match name {
        "authorization" => "Authorization".into(),
        "x-amz-date" => "X-Amz-Date".into(),
        "x-amz-security-token" => "X-Amz-Security-Token".into(),
        "x-amz-content-sha256" => "X-Amz-Content-SHA256".into(),
        other => other.into(),
    }
}

/// A presigned URL (query-string SigV4, `SigV4QueryAuth` /
/// `S3SigV4QueryAuth`), valid for `expires_in` from `time`. `headers` are
/// extra headers the URL's user must send (they are signed), besides Host.
pub fn presign_url(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    config: &SigningConfig,
    credentials: &Credentials,
    time: SystemTime,
    expires_in: Duration,
) -> Result<String, SigningError> {
    let mut all_headers = vec![("host".to_owned(), host_header(url)?)];
    all_headers.extend(headers.iter().cloned());
    let body = match config.signer {
        SignerKind::S3V4 => SignableBody::UnsignedPayload,
        _ => SignableBody::Bytes(&[]),
    };
    let mut settings = config.settings(SignatureLocation::QueryParams);
    settings.expires_in = Some(expires_in);
    let identity = credentials.to_identity();
    let params = signing_params(config, &identity, time, settings)?;
    let signable = SignableRequest::new(
        method,
        url,
        all_headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        body,
    )
    .map_err(|e| SigningError::Sign(e.to_string()))?;
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| SigningError::Sign(e.to_string()))?
        .into_parts();
    let mut out = url.to_owned();
    let mut separator = if url.contains('?') { '&' } else { '?' };
    for (name, value) in instructions.params() {
        out.push(separator);
        separator = '&';
        out.push_str(&utf8_percent_encode(name, AWS_URI_ENCODE).to_string());
        out.push('=');
        out.push_str(&utf8_percent_encode(value, AWS_URI_ENCODE).to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time() -> SystemTime {
        // 2015-08-30T12:36:00Z, the SigV4 suite's date.
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    fn creds() -> Credentials {
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    }

    fn config(signer: SignerKind, name: &str) -> SigningConfig {
        SigningConfig {
            signer,
            signing_name: name.into(),
            region: "us-east-1".into(),
            disable_double_encoding: false,
            unsigned_payload_operation: false,
            s3_payload_signing_enabled: None,
            sigv4a: false,
        }
    }

    /// A SigV4a signature is ECDSA (not deterministic): check its shape and
    /// the region set in the credential scope.
    #[test]
    fn sigv4a_signs_with_the_region_set() {
        let mut cfg = config(SignerKind::S3V4, "s3");
        cfg.sigv4a = true;
        cfg.region = "*".into();
        let mut request = get("https://mrap.accesspoint.s3-global.amazonaws.com/key");
        sign_request(&mut request, &cfg, &creds(), time(), PayloadInfo::default()).unwrap();
        let auth = request.header("authorization").unwrap().to_owned();
        assert!(
            auth.starts_with(
                "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/s3/aws4_request"
            ),
            "{auth}"
        );
        assert_eq!(request.header("x-amz-region-set"), Some("*"));
    }

    fn get(url: &str) -> PreparedRequest {
        PreparedRequest {
            method: "GET".into(),
            url: url.into(),
            headers: vec![],
            body: Default::default(),
        }
    }

    #[test]
    fn sign_vanilla_matches_suite() {
        let mut r = get("https://example.amazonaws.com/");
        sign_request(
            &mut r,
            &config(SignerKind::V4, "service"),
            &creds(),
            time(),
            PayloadInfo::default(),
        )
        .expect("sign");
        assert_eq!(
            r.header("authorization"),
            Some("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        );
        assert_eq!(r.header("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(r.header("x-amz-content-sha256"), None);
    }

    #[test]
    fn sign_with_session_token_adds_header() {
        let mut r = get("https://example.amazonaws.com/");
        let c = creds().with_session_token("TOKEN");
        sign_request(
            &mut r,
            &config(SignerKind::V4, "service"),
            &c,
            time(),
            PayloadInfo::default(),
        )
        .expect("sign");
        assert_eq!(r.header("x-amz-security-token"), Some("TOKEN"));
        assert!(r
            .header("authorization")
            .is_some_and(|a| a.contains("x-amz-security-token")));
    }

    #[test]
    fn s3_always_sends_content_sha256() {
        let mut r = get("http://127.0.0.1:9000/bucket/key");
        sign_request(
            &mut r,
            &config(SignerKind::S3V4, "s3"),
            &creds(),
            time(),
            PayloadInfo::default(),
        )
        .expect("sign");
        assert_eq!(
            r.header("x-amz-content-sha256"),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(r.header("host"), Some("127.0.0.1:9000"));
    }

    #[test]
    fn s3_https_streaming_with_checksum_is_unsigned_payload() {
        let mut r = get("https://bucket.s3.amazonaws.com/key");
        r.method = "PUT".into();
        r.headers
            .push(("x-amz-checksum-crc32".into(), "AAAAAA==".into()));
        let info = PayloadInfo {
            has_streaming_input: true,
            streaming_trailer: false,
        };
        sign_request(
            &mut r,
            &config(SignerKind::S3V4, "s3"),
            &creds(),
            time(),
            info,
        )
        .expect("sign");
        assert_eq!(r.header("x-amz-content-sha256"), Some(UNSIGNED_PAYLOAD));
        // Without a checksum header the payload is signed even over https.
        let mut r = get("https://bucket.s3.amazonaws.com/key");
        sign_request(
            &mut r,
            &config(SignerKind::S3V4, "s3"),
            &creds(),
            time(),
            info,
        )
        .expect("sign");
        assert_ne!(r.header("x-amz-content-sha256"), Some(UNSIGNED_PAYLOAD));
    }

    #[test]
    fn unsigned_payload_operation_only_over_https() {
        let mut c = config(SignerKind::V4, "service");
        c.unsigned_payload_operation = true;
        let mut r = get("https://example.amazonaws.com/");
        sign_request(&mut r, &c, &creds(), time(), PayloadInfo::default()).expect("sign");
        assert_eq!(r.header("x-amz-content-sha256"), Some(UNSIGNED_PAYLOAD));
        let mut r = get("http://example.amazonaws.com/");
        sign_request(&mut r, &c, &creds(), time(), PayloadInfo::default()).expect("sign");
        assert_eq!(r.header("x-amz-content-sha256"), None);
    }

    #[test]
    fn anonymous_leaves_request_alone() {
        let mut r = get("https://example.amazonaws.com/");
        sign_request(
            &mut r,
            &config(SignerKind::Anonymous, "s3"),
            &creds(),
            time(),
            PayloadInfo::default(),
        )
        .expect("sign");
        assert!(r.headers.is_empty());
    }

    #[test]
    fn presign_s3_url_has_query_signature() {
        let url = presign_url(
            "GET",
            "https://examplebucket.s3.amazonaws.com/test.txt",
            &[],
            &config(SignerKind::S3V4, "s3"),
            &Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600), // 2013-05-24
            Duration::from_secs(86400),
        )
        .expect("presign");
        // The example from the S3 SigV4 query-auth documentation.
        assert!(
            url.contains(
                "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
            ),
            "{url}"
        );
        assert!(url.contains(
            "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        ));
        assert!(url.contains("X-Amz-Expires=86400"));
    }

    #[test]
    fn host_header_drops_default_port() {
        assert_eq!(host_header("https://a.b:443/").ok().as_deref(), Some("a.b"));
        assert_eq!(
            host_header("http://a.b:8080/x").ok().as_deref(),
            Some("a.b:8080")
        );
    }
}
