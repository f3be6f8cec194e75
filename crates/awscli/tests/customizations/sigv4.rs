//! An independent SigV4 query-string check (the algorithm of
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>),
//! so a presigned URL can be verified with the credentials that signed it.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::util::PresignedUrl;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 encoding of a query key or value (everything but unreserved).
fn uri_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The signature `url` should carry when signed (GET, empty payload) with
/// `secret`, given the values of its signed headers other than `host`.
pub fn expected_signature(url: &str, extra_headers: &[(&str, &str)], secret: &str) -> String {
    let parsed = PresignedUrl::parse(url);
    let rest = parsed
        .scheme_host_path
        .split_once("://")
        .map(|(_, r)| r)
        .expect("an absolute URL");
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority
        .strip_suffix(":443")
        .unwrap_or(authority)
        .to_owned();
    let mut query: Vec<(String, String)> = parsed
        .query
        .iter()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| (uri_encode(k), uri_encode(v)))
        .collect();
    query.sort();
    let canonical_query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers: Vec<(String, String)> = vec![("host".into(), host)];
    headers.extend(
        extra_headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned())),
    );
    headers.sort();
    let signed = parsed.get("X-Amz-SignedHeaders").expect("SignedHeaders");
    assert_eq!(
        signed,
        headers
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        "the signed headers"
    );
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let payload = hex(&Sha256::digest(b""));
    let canonical_request =
        format!("GET\n{path}\n{canonical_query}\n{canonical_headers}\n{signed}\n{payload}");
    let date = parsed.get("X-Amz-Date").expect("X-Amz-Date");
    let credential = parsed.get("X-Amz-Credential").expect("X-Amz-Credential");
    let scope_parts: Vec<&str> = credential.splitn(2, '/').collect();
    let scope = scope_parts[1];
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let fields: Vec<&str> = scope.split('/').collect();
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), fields[0]);
    key = hmac(&key, fields[1]);
    key = hmac(&key, fields[2]);
    key = hmac(&key, fields[3]);
    hex(&hmac(&key, &string_to_sign))
}

#[test]
fn checker_accepts_a_reference_signed_url() {
    // A token the reference CLI made (`rds generate-db-auth-token`, keys
    // `testing`/`testing`): the checker must agree with botocore.
    let url = "https://db.x.rds.amazonaws.com:5432/?Action=connect&DBUser=me%40x%20y&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=testing%2F20261127%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20261127T030415Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=96489aa08594fb73bd06fbecddcf7a860b18923296e243ce9dcfda9232f04d4f";
    let parsed = PresignedUrl::parse(url);
    assert_eq!(
        expected_signature(url, &[], "testing"),
        parsed.get("X-Amz-Signature").unwrap()
    );
}
