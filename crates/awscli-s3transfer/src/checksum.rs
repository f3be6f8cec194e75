//! Flexible checksums computed on the client: the default CRC64NVME on
//! uploads, and validation of a downloaded body against the full-object
//! checksum S3 returns (`ChecksumMode=ENABLED`).
//!
//! Spec: `botocore/httpchecksum.py` (`StreamingChecksumBody`,
//! `_CHECKSUM_CLS`, the response algorithm priority, skipping composite
//! `xxx-N` values) as of AWS CLI 2.36.
use base64::Engine;

use crate::crc64::Crc64Nvme;

/// A CRC-32 family checksum (reflected, all-ones init and final xor).
#[derive(Debug, Clone)]
pub struct Crc32 {
    table: &'static [u32; 256],
    state: u32,
}

const fn crc32_table(poly: u32) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 { (c >> 1) ^ poly } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CRC32_TABLE: [u32; 256] = crc32_table(0xedb8_8320);
static CRC32C_TABLE: [u32; 256] = crc32_table(0x82f6_3b78);

impl Crc32 {
    pub fn ieee() -> Crc32 {
        Crc32 {
            table: &CRC32_TABLE,
            state: !0,
        }
    }
    pub fn crc32c() -> Crc32 {
        Crc32 {
            table: &CRC32C_TABLE,
            state: !0,
        }
    }
    pub fn update(&mut self, data: &[u8]) {
        let mut c = self.state;
        for &b in data {
            c = (c >> 8) ^ self.table[((c ^ b as u32) & 0xff) as usize];
        }
        self.state = c;
    }
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode((!self.state).to_be_bytes())
    }
}

/// A running checksum of one of the algorithms this client computes.
#[derive(Debug, Clone)]
pub enum Checksum {
    Crc64Nvme(Crc64Nvme),
    Crc32(Crc32),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Checksum {
    /// The checksum for an algorithm name (`CRC64NVME`), if computed here.
    pub fn for_algorithm(name: &str) -> Option<Checksum> {
        match name.to_ascii_uppercase().as_str() {
            "CRC64NVME" => Some(Checksum::Crc64Nvme(Crc64Nvme::new())),
            "CRC32" => Some(Checksum::Crc32(Crc32::ieee())),
            "CRC32C" => Some(Checksum::Crc32(Crc32::crc32c())),
            "SHA1" => Some(Checksum::Sha1(Default::default())),
            "SHA256" => Some(Checksum::Sha256(Default::default())),
            "SHA512" => Some(Checksum::Sha512(Default::default())),
            _ => None,
        }
    }
    /// A new running checksum of the same algorithm (a retried body).
    pub fn fresh(&self) -> Checksum {
        match self {
            Checksum::Crc64Nvme(_) => Checksum::Crc64Nvme(Crc64Nvme::new()),
            Checksum::Crc32(c) => Checksum::Crc32(Crc32 {
                table: c.table,
                state: !0,
            }),
            Checksum::Sha1(_) => Checksum::Sha1(Default::default()),
            Checksum::Sha256(_) => Checksum::Sha256(Default::default()),
            Checksum::Sha512(_) => Checksum::Sha512(Default::default()),
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            Checksum::Crc64Nvme(c) => c.update(data),
            Checksum::Crc32(c) => c.update(data),
            Checksum::Sha1(h) => sha1::Digest::update(h, data),
            Checksum::Sha256(h) => sha2::Digest::update(h, data),
            Checksum::Sha512(h) => sha2::Digest::update(h, data),
        }
    }
    pub fn base64(&self) -> String {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        match self {
            Checksum::Crc64Nvme(c) => c.base64(),
            Checksum::Crc32(c) => c.base64(),
            Checksum::Sha1(h) => b64(&sha1::Digest::finalize(h.clone())),
            Checksum::Sha256(h) => b64(&sha2::Digest::finalize(h.clone())),
            Checksum::Sha512(h) => b64(&sha2::Digest::finalize(h.clone())),
        }
    }
}

/// The input member carrying an algorithm's value (`ChecksumCRC64NVME`).
pub fn member_for(algorithm: &str) -> String {
    format!("Checksum{}", algorithm.to_ascii_uppercase())
}

/// The algorithms validated on download, in botocore's priority order
/// among those computed here.
pub const VALIDATED: [&str; 3] = ["CRC64NVME", "CRC32C", "CRC32"];

/// The response member to validate: its index in [`VALIDATED`] and the
/// expected value. Composite (`xxx-N`) values are skipped.
pub fn response_checksum(output: &awscli_model::Value) -> Option<(usize, String)> {
    for (i, algorithm) in VALIDATED.iter().enumerate() {
        if let Some(value) = output.get(&member_for(algorithm)).and_then(|v| v.as_str()) {
            if value.contains('-') {
                return None;
            }
            return Some((i, value.to_owned()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_values() {
        let mut c = Crc32::ieee();
        c.update(b"123456789");
        assert_eq!(!c.state, 0xcbf4_3926);
        let mut c = Crc32::crc32c();
        c.update(b"123456789");
        assert_eq!(!c.state, 0xe306_9283);
    }

    #[test]
    fn fresh_checksums_start_over() {
        for name in ["CRC64NVME", "CRC32", "CRC32C", "SHA1", "SHA256", "SHA512"] {
            let mut used = Checksum::for_algorithm(name).unwrap();
            used.update(b"partial body");
            let mut again = used.fresh();
            again.update(b"123456789");
            let mut new = Checksum::for_algorithm(name).unwrap();
            new.update(b"123456789");
            assert_eq!(again.base64(), new.base64(), "{name}");
        }
    }

    #[test]
    fn sha_values() {
        let mut c = Checksum::for_algorithm("sha256").unwrap();
        c.update(b"hello\n");
        assert_eq!(c.base64(), "WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=");
        let mut c = Checksum::for_algorithm("SHA1").unwrap();
        c.update(b"hello\n");
        assert_eq!(c.base64(), "9XLTlvrpIGYocU+yzgD3LpTyJY8=");
    }
}
