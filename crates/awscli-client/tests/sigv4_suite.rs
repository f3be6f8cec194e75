//! The SigV4 test suite that botocore runs (`tests/unit/auth/aws4_testsuite`,
//! from aws-c-auth), read in place from the pinned botocore sdist and run
//! through this crate's signing wrapper: one test per case, comparing the
//! `Authorization` header byte for byte (it covers the canonical request
//! and the string to sign).
//!
//! Skipped as botocore skips them (`tests/unit/auth/test_sigv4.py`
//! `TESTS_TO_IGNORE`): `normalize-path/get-space` (a bad request line) and
//! the three `get-vanilla-query-order-*` cases (repeated query keys).
//! Also skipped here: `get-utf8`. Its request line holds a raw UTF-8 path
//! that botocore percent-encodes once; requests reaching our signer always
//! carry the serializer's percent-encoded path, which SigV4 (non-S3) encodes
//! a second time, exactly as botocore does for serialized paths, so the
//! case cannot be expressed through this input.
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use awscli_client::{
    sign_request, Credentials, PayloadInfo, PreparedRequest, SignerKind, SigningConfig,
};
use libtest_mimic::{Arguments, Failed, Trial};

const SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../.cache/botocore-1.43.67/tests/unit/auth/aws4_testsuite"
);

const IGNORED: &[&str] = &[
    "get-utf8",
    "normalize-path/get-space",
    "get-vanilla-query-order-key-case",
    "get-vanilla-query-order-key",
    "get-vanilla-query-order-value",
];

fn cases(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if !path.is_dir() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.join(format!("{name}.req")).exists() {
            let rel = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or(name);
            out.push((rel, path.clone()));
        }
        cases(&path, root, out);
    }
}

/// Percent-encodes what cannot appear raw in a URI path (spaces, UTF-8).
fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn run_case(dir: &Path) -> Result<(), Failed> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let read = |ext: &str| {
        std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).map(|s| s.replace('\r', ""))
    };
    let raw = read("req").map_err(|e| format!("read .req: {e}"))?;
    let creq = read("creq").map_err(|e| format!("read .creq: {e}"))?;
    let expected = read("authz").map_err(|e| format!("read .authz: {e}"))?;

    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    let mut lines = head.lines();
    let request_line = lines.next().ok_or("empty request")?;
    let mut parts = request_line.splitn(2, ' ');
    let method = parts.next().ok_or("no method")?;
    let target = parts
        .next()
        .and_then(|rest| rest.rsplit_once(' '))
        .map(|(t, _)| t)
        .ok_or("no target")?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            // A folded continuation line belongs to the previous header.
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("bad header line {line:?}"))?;
        headers.push((k.to_owned(), v.to_owned()));
    }
    let host = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .ok_or("no host")?;
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let mut url = format!("https://{host}{}", encode_path(path));
    if let Some(q) = query {
        url.push('?');
        url.push_str(&encode_path(q));
    }
    let token = creq
        .lines()
        .find_map(|l| l.strip_prefix("x-amz-security-token:"))
        .map(str::to_owned);
    let mut credentials =
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    credentials.session_token = token;
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case("x-amz-date"));
    let mut request = PreparedRequest {
        method: method.to_owned(),
        url,
        headers,
        body: body.as_bytes().to_vec().into(),
    };
    let config = SigningConfig {
        signer: SignerKind::V4,
        sigv4a: false,
        signing_name: "service".into(),
        region: "us-east-1".into(),
        disable_double_encoding: false,
        unsigned_payload_operation: false,
        s3_payload_signing_enabled: None,
    };
    // 2015-08-30T12:36:00Z
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
    sign_request(
        &mut request,
        &config,
        &credentials,
        time,
        PayloadInfo::default(),
    )
    .map_err(|e| e.to_string())?;
    let actual = request.header("authorization").unwrap_or_default();
    if actual != expected.trim_end() {
        return Err(format!("Authorization mismatch\n  actual: {actual}\nexpected: {expected}\ncanonical request expected:\n{creq}").into());
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(SUITE);
    let mut found = Vec::new();
    cases(&root, &root, &mut found);
    let trials = found
        .into_iter()
        .map(|(name, dir)| {
            let ignored = IGNORED.contains(&name.as_str());
            Trial::test(name, move || run_case(&dir)).with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
