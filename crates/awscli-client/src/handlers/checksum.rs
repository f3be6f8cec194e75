//! Flexible checksums: which algorithm a request gets and where it goes
//! (header, or an aws-chunked trailer), and checking a response body
//! against the `x-amz-checksum-*` header the service sent.
//!
//! Spec: botocore 1.43 `httpchecksum.py` (`resolve_request_checksum_algorithm`,
//! `apply_request_checksum`, `_apply_request_trailer_checksum`,
//! `AwsChunkedWrapper`, `resolve_response_checksum_algorithms`,
//! `handle_checksum_body`) and the Smithy `httpChecksum` trait
//! (<https://smithy.io/2.0/aws/aws-core.html#aws-protocols-httpchecksum-trait>).
use base64::Engine;

use awscli_model::{Operation, Service, Value};
use awscli_protocol::HttpRequest;

use super::{CallState, ChecksumWhen, HandlerConfig, HandlerError};

/// An algorithm of the `httpChecksum` trait that we can compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumAlgorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl ChecksumAlgorithm {
    /// By lowercase name (`crc32`, `crc64nvme`, `sha256` ...).
    pub fn from_name(name: &str) -> Option<ChecksumAlgorithm> {
        Some(match name.to_ascii_lowercase().as_str() {
            "crc32" => ChecksumAlgorithm::Crc32,
            "crc32c" => ChecksumAlgorithm::Crc32c,
            "crc64nvme" => ChecksumAlgorithm::Crc64Nvme,
            "sha1" => ChecksumAlgorithm::Sha1,
            "sha256" => ChecksumAlgorithm::Sha256,
            _ => return None,
        })
    }

    /// The lowercase name botocore keys its checksum classes by.
    pub fn name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "crc32",
            ChecksumAlgorithm::Crc32c => "crc32c",
            ChecksumAlgorithm::Crc64Nvme => "crc64nvme",
            ChecksumAlgorithm::Sha1 => "sha1",
            ChecksumAlgorithm::Sha256 => "sha256",
        }
    }

    /// The `x-amz-checksum-<name>` header.
    pub fn header_name(self) -> String {
        format!("x-amz-checksum-{}", self.name())
    }

    /// The digest of `data` (big-endian for the CRCs, as botocore's
    /// `digest()` returns them).
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut hasher = Hasher::new(self);
        hasher.update(data);
        hasher.finish()
    }

    /// `b64digest()`: the base64 of [`Self::digest`].
    pub fn base64_digest(self, data: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.digest(data))
    }
}

/// botocore's `_ALGORITHMS_PRIORITY_LIST`, keeping only what we support
/// (the xxhash family and sha512 need awscrt and are skipped).
const RESPONSE_PRIORITY: [ChecksumAlgorithm; 5] = [
    ChecksumAlgorithm::Crc64Nvme,
    ChecksumAlgorithm::Crc32c,
    ChecksumAlgorithm::Crc32,
    ChecksumAlgorithm::Sha1,
    ChecksumAlgorithm::Sha256,
];

const fn crc32_table(poly: u32) -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 { (c >> 1) ^ poly } else { c >> 1 };
            bit += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

const fn crc64_table(poly: u64) -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u64;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 { (c >> 1) ^ poly } else { c >> 1 };
            bit += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// Reflected polynomials: CRC-32 (zlib), CRC-32C (Castagnoli) and
/// CRC-64/NVME.
static CRC32_TABLE: [u32; 256] = crc32_table(0xEDB8_8320);
static CRC32C_TABLE: [u32; 256] = crc32_table(0x82F6_3B78);
static CRC64_NVME_TABLE: [u64; 256] = crc64_table(0x9A6C_9329_AC4B_C9B5);

/// An incremental checksum (botocore's `BaseChecksum.update`).
#[derive(Clone)]
pub enum Hasher {
    Crc32(&'static [u32; 256], u32),
    Crc64(u64),
    Digest(Box<ring::digest::Context>),
}

impl Hasher {
    pub fn new(algorithm: ChecksumAlgorithm) -> Hasher {
        match algorithm {
            ChecksumAlgorithm::Crc32 => Hasher::Crc32(&CRC32_TABLE, !0),
            ChecksumAlgorithm::Crc32c => Hasher::Crc32(&CRC32C_TABLE, !0),
            ChecksumAlgorithm::Crc64Nvme => Hasher::Crc64(!0),
            ChecksumAlgorithm::Sha1 => Hasher::Digest(Box::new(ring::digest::Context::new(
                &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            ))),
            ChecksumAlgorithm::Sha256 => {
                Hasher::Digest(Box::new(ring::digest::Context::new(&ring::digest::SHA256)))
            }
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Crc32(table, state) => {
                for &b in data {
                    *state = table[((*state ^ u32::from(b)) & 0xff) as usize] ^ (*state >> 8);
                }
            }
            Hasher::Crc64(state) => {
                for &b in data {
                    *state =
                        CRC64_NVME_TABLE[((*state ^ u64::from(b)) & 0xff) as usize] ^ (*state >> 8);
                }
            }
            Hasher::Digest(context) => context.update(data),
        }
    }

    pub fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Crc32(_, state) => (!state).to_be_bytes().to_vec(),
            Hasher::Crc64(state) => (!state).to_be_bytes().to_vec(),
            Hasher::Digest(context) => context.finish().as_ref().to_vec(),
        }
    }
}

/// Where the request checksum goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumLocation {
    Header,
    /// An aws-chunked body with the checksum as trailer (streaming input
    /// over https).
    Trailer,
}

/// `context['checksum']['request_algorithm']` (+ the algorithm-member
/// header botocore adds when it picked the default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestChecksum {
    pub algorithm: ChecksumAlgorithm,
    pub location: ChecksumLocation,
    /// `(header, "CRC32")` when the default algorithm was chosen for an
    /// operation with a `requestAlgorithmMember`.
    pub algorithm_header: Option<(String, String)>,
}

fn has_checksum_header(request: &HttpRequest) -> bool {
    request.headers.iter().any(|(k, _)| {
        k.len() > 15
            && k[..15].eq_ignore_ascii_case("x-amz-checksum-")
            && k[15..].bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// `resolve_request_checksum_algorithm`.
pub(super) fn resolve_request_checksum(
    service: &Service,
    operation: &Operation,
    config: &HandlerConfig,
    params: &Value,
    url: &str,
    request: &HttpRequest,
) -> Result<Option<RequestChecksum>, HandlerError> {
    if has_checksum_header(request) {
        return Ok(None);
    }
    let http_checksum = operation.http_checksum.clone().unwrap_or_default();
    let required = operation.http_checksum_required || http_checksum.request_checksum_required;
    let member = http_checksum.request_algorithm_member.as_deref();
    let chosen = member.and_then(|m| params.get(m)).and_then(Value::as_str);
    let (algorithm, algorithm_header) = if let Some(name) = chosen {
        let algorithm = ChecksumAlgorithm::from_name(name).ok_or_else(|| {
            HandlerError::FlexibleChecksum(format!(
                "Unsupported checksum algorithm: {}",
                name.to_lowercase()
            ))
        })?;
        (algorithm, None)
    } else if required
        || (member.is_some() && config.request_checksum_calculation == ChecksumWhen::WhenSupported)
    {
        let algorithm = config.default_checksum_algorithm;
        let header = member
            .and_then(|m| algorithm_member_header(service, operation, m))
            .map(|h| (h, algorithm.name().to_ascii_uppercase()));
        (algorithm, header)
    } else {
        return Ok(None);
    };
    let streaming = crate::invoke::has_streaming_input(service, operation);
    // Trailers leave the payload unsigned, so botocore only uses them over
    // TLS. (It also skips them for the legacy SigV2 `s3` signer, which the
    // client never uses: the model's `signatureVersion: s3` resolves to
    // `s3v4`.)
    let location = if streaming && url.starts_with("https://") {
        ChecksumLocation::Trailer
    } else {
        ChecksumLocation::Header
    };
    Ok(Some(RequestChecksum {
        algorithm,
        location,
        algorithm_header,
    }))
}

/// `_get_request_algorithm_member_header`: the header the algorithm member
/// is bound to (`x-amz-sdk-checksum-algorithm`).
fn algorithm_member_header(
    service: &Service,
    operation: &Operation,
    member: &str,
) -> Option<String> {
    let input = service.resolve(operation.input.as_ref()?).ok()?;
    input.members.get(member)?.location_name.clone()
}

/// `apply_request_checksum`.
pub(super) fn apply_request_checksum(checksum: &RequestChecksum, request: &mut HttpRequest) {
    let name = checksum.algorithm.header_name();
    let present = request.header(&name).is_some();
    match checksum.location {
        ChecksumLocation::Header if !present => {
            let digest = checksum.algorithm.base64_digest(&request.body);
            request.headers.push((name, digest));
        }
        ChecksumLocation::Trailer if !present => apply_trailer(checksum.algorithm, request),
        _ => {}
    }
    if let Some((header, value)) = &checksum.algorithm_header {
        set_header(request, header, value);
    }
}

fn set_header(request: &mut HttpRequest, name: &str, value: &str) {
    match request
        .headers
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
    {
        Some((_, v)) => *v = value.to_owned(),
        None => request.headers.push((name.to_owned(), value.to_owned())),
    }
}

/// `AwsChunkedWrapper._DEFAULT_CHUNK_SIZE`.
const AWS_CHUNK_SIZE: usize = 1024 * 1024;

/// `_apply_request_trailer_checksum`: the body becomes aws-chunked
/// (`<hex len>\r\n<data>\r\n` ... `0\r\n<name>:<checksum>\r\n\r\n`).
fn apply_trailer(algorithm: ChecksumAlgorithm, request: &mut HttpRequest) {
    let name = algorithm.header_name();
    let decoded_length = request.body.len();
    request
        .headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("content-length"));
    set_header(request, "Transfer-Encoding", "chunked");
    match request
        .headers
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-encoding"))
    {
        Some((_, v)) => v.push_str(",aws-chunked"),
        None => request
            .headers
            .push(("Content-Encoding".into(), "aws-chunked".into())),
    }
    request.headers.push(("X-Amz-Trailer".into(), name.clone()));
    request.headers.push((
        "X-Amz-Decoded-Content-Length".into(),
        decoded_length.to_string(),
    ));
    let mut hasher = Hasher::new(algorithm);
    let mut body = Vec::with_capacity(decoded_length + 128);
    for chunk in request.body.chunks(AWS_CHUNK_SIZE) {
        hasher.update(chunk);
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(chunk);
        body.extend_from_slice(b"\r\n");
    }
    let checksum = base64::engine::general_purpose::STANDARD.encode(hasher.finish());
    body.extend_from_slice(format!("0\r\n{name}:{checksum}\r\n\r\n").as_bytes());
    request.body = body;
}

/// `resolve_response_checksum_algorithms`: the algorithms to look for in
/// the response, in priority order, when the validation-mode member is set.
pub(super) fn resolve_response_algorithms(
    operation: &Operation,
    params: &Value,
) -> Vec<ChecksumAlgorithm> {
    let Some(http_checksum) = &operation.http_checksum else {
        return Vec::new();
    };
    let Some(mode_member) = &http_checksum.request_validation_mode_member else {
        return Vec::new();
    };
    if params.get(mode_member).is_none() {
        return Vec::new();
    }
    let offered: Vec<String> = http_checksum
        .response_algorithms
        .iter()
        .map(|a| a.to_ascii_lowercase())
        .collect();
    RESPONSE_PRIORITY
        .into_iter()
        .filter(|a| offered.iter().any(|o| o == a.name()))
        .collect()
}

/// A response body check in progress (`StreamingChecksumBody`).
pub struct ResponseValidator {
    hasher: Hasher,
    expected: String,
}

impl ResponseValidator {
    /// `handle_checksum_body`: the first algorithm of `state` whose header
    /// the response has, unless it is a composite (`xxx-N`) checksum.
    pub fn for_response(
        state: &CallState,
        headers: &[(String, String)],
    ) -> Option<ResponseValidator> {
        state.response_algorithms.iter().find_map(|algorithm| {
            let name = algorithm.header_name();
            let value = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&name))
                .map(|(_, v)| v)?;
            (!value.contains('-')).then(|| ResponseValidator {
                hasher: Hasher::new(*algorithm),
                expected: value.clone(),
            })
        })
    }

    pub fn update(&mut self, data: &[u8]) {
        self.hasher.update(data);
    }

    /// `_validate_checksum`: the `FlexibleChecksumError` text on mismatch.
    pub fn finish(self) -> Result<(), HandlerError> {
        let digest = self.hasher.finish();
        let expected = base64::engine::general_purpose::STANDARD
            .decode(self.expected.trim())
            .unwrap_or_default();
        if digest == expected {
            return Ok(());
        }
        Err(HandlerError::FlexibleChecksum(format!(
            "Expected checksum {} did not match calculated checksum: {}",
            self.expected,
            base64::engine::general_purpose::STANDARD.encode(digest)
        )))
    }
}

#[cfg(test)]
mod tests;
