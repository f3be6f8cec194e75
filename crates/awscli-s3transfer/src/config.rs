//! The transfer settings of the `s3 =` section of a profile and their
//! conversions: human-readable sizes and rates, validation, and the part
//! size adjusted to S3's limits.
//!
//! Spec: `awscli/customizations/s3/transferconfig.py` (`RuntimeConfig`,
//! `DEFAULTS`), `awscli/customizations/s3/utils.py` (`human_readable_to_int`)
//! and `s3transfer/utils.py` (`ChunksizeAdjuster`).

/// S3's limit on the number of parts of a multipart upload.
pub const MAX_PARTS: u64 = 10_000;
/// The smallest part S3 accepts (except the last).
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// The largest part S3 accepts.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// The largest object a single PutObject can create.
pub const MAX_SINGLE_UPLOAD_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// The largest object S3 stores (5 TiB).
pub const MAX_UPLOAD_SIZE: u64 = 5 * 1024 * 1024 * 1024 * 1024;

/// A bad value in the `s3` settings (`InvalidConfigError`).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The resolved transfer settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferConfig {
    /// Requests in flight at once (`max_concurrent_requests`).
    pub max_concurrent_requests: usize,
    /// Files queued ahead of the transfers (`max_queue_size`).
    pub max_queue_size: usize,
    pub multipart_threshold: u64,
    pub multipart_chunksize: u64,
    /// Bytes per second over all transfers, if limited.
    pub max_bandwidth: Option<u64>,
    /// `max_concurrent_requests` was set in the profile (not our default).
    pub explicit_concurrency: bool,
    /// `multipart_chunksize` was set in the profile (not our default).
    pub explicit_chunksize: bool,
}

/// The part size of ranged downloads unless `multipart_chunksize` is set:
/// each GET costs the server a fixed price, and a download part streams to
/// disk without being held in memory, so bigger parts are nearly free.
pub const DEFAULT_DOWNLOAD_PART_SIZE: u64 = 64 * 1024 * 1024;

/// Upload bodies held in memory at once, unless settings ask for more.
pub const DEFAULT_BUFFER_BUDGET: u64 = 24 * 1024 * 1024;

impl Default for TransferConfig {
    fn default() -> Self {
        TransferConfig {
            max_concurrent_requests: 10,
            max_queue_size: 1000,
            multipart_threshold: 8 * 1024 * 1024,
            multipart_chunksize: 8 * 1024 * 1024,
            max_bandwidth: None,
            explicit_concurrency: false,
            explicit_chunksize: false,
        }
    }
}

impl TransferConfig {
    /// Builds the settings from the raw strings of the `s3` section
    /// (`lookup("multipart_threshold")` ...), as `RuntimeConfig.build_config`.
    pub fn from_settings(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<TransferConfig, ConfigError> {
        let mut config = TransferConfig::default();
        if let Some(v) = lookup("multipart_threshold") {
            config.multipart_threshold = positive("multipart_threshold", &v, parse_size(&v))?;
        }
        if let Some(v) = lookup("multipart_chunksize") {
            config.multipart_chunksize = positive("multipart_chunksize", &v, parse_size(&v))?;
            config.explicit_chunksize = true;
        }
        if let Some(v) = lookup("max_concurrent_requests") {
            config.max_concurrent_requests =
                positive("max_concurrent_requests", &v, v.trim().parse().ok())? as usize;
            config.explicit_concurrency = true;
        }
        if let Some(v) = lookup("max_queue_size") {
            config.max_queue_size = positive("max_queue_size", &v, v.trim().parse().ok())? as usize;
        }
        if let Some(v) = lookup("max_bandwidth") {
            let rate = parse_rate(&v)?;
            config.max_bandwidth = Some(positive("max_bandwidth", &v, rate)?);
        }
        if let Some(v) = lookup("preferred_transfer_client") {
            if !matches!(v.as_str(), "auto" | "classic" | "crt") {
                return Err(ConfigError(format!(
                    "Invalid value: \"{v}\" for configuration option: \"preferred_transfer_client\". Supported values are: auto, classic, crt"
                )));
            }
        }
        Ok(config)
    }

    /// The bytes of upload bodies to hold in memory at once: 24 MiB (two
    /// parts at least), or every request's part when the profile set
    /// `max_concurrent_requests` itself.
    pub fn buffer_budget(&self) -> u64 {
        let parts = if self.explicit_concurrency {
            self.max_concurrent_requests as u64
        } else {
            2
        };
        DEFAULT_BUFFER_BUDGET.max(parts.saturating_mul(self.multipart_chunksize.max(MIN_PART_SIZE)))
    }

    /// The part size of a ranged download of `size` bytes: the configured
    /// part size, or [`DEFAULT_DOWNLOAD_PART_SIZE`] when the profile left
    /// it at its default.
    pub fn download_chunksize_for(&self, size: u64) -> u64 {
        if self.explicit_chunksize {
            return self.chunksize_for(Some(size));
        }
        adjust_chunksize(
            self.multipart_chunksize.max(DEFAULT_DOWNLOAD_PART_SIZE),
            Some(size),
        )
    }

    /// The part size for an object of `size` bytes.
    pub fn chunksize_for(&self, size: Option<u64>) -> u64 {
        adjust_chunksize(self.multipart_chunksize, size)
    }
}

fn positive(name: &str, raw: &str, value: Option<u64>) -> Result<u64, ConfigError> {
    match value {
        Some(v) if v > 0 => Ok(v),
        _ => Err(ConfigError(format!(
            "Value for {name} must be a positive integer: {raw}"
        ))),
    }
}

/// `human_readable_to_int`: `1024`, `8MB`, `8MiB`, `1.5GB` (all base 1024).
pub fn parse_size(value: &str) -> Option<u64> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let suffixes: [(&str, u64); 8] = [
        ("kib", 1 << 10),
        ("mib", 1 << 20),
        ("gib", 1 << 30),
        ("tib", 1 << 40),
        ("kb", 1 << 10),
        ("mb", 1 << 20),
        ("gb", 1 << 30),
        ("tb", 1 << 40),
    ];
    for (suffix, factor) in suffixes {
        if let Some(number) = lower.strip_suffix(suffix) {
            let n: f64 = number.trim().parse().ok()?;
            return Some((n * factor as f64) as u64);
        }
    }
    if let Some(number) = lower.strip_suffix('b') {
        return number.trim().parse().ok();
    }
    v.parse().ok()
}

/// A `max_bandwidth` rate: `10MB/s` (bytes) or `80Mb/s` (bits).
pub fn parse_rate(value: &str) -> Result<Option<u64>, ConfigError> {
    if value.trim().chars().all(|c| c.is_ascii_digit()) {
        return Ok(value.trim().parse().ok());
    }
    // `value[:-2]`: only the `/s` goes, the unit letter stays.
    if value.ends_with("B/s") {
        return Ok(parse_size(&value[..value.len() - 2]));
    }
    if value.ends_with("b/s") {
        return Ok(parse_size(&value[..value.len() - 2]).map(|bits| bits / 8));
    }
    Err(ConfigError(format!(
        "Invalid rate: {value}. The value must be expressed as a rate in terms of bytes per second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)"
    )))
}

/// `ChunksizeAdjuster.adjust_chunksize`: doubles the part size until the
/// object fits in 10,000 parts, then clamps it to S3's part size limits.
pub fn adjust_chunksize(chunksize: u64, size: Option<u64>) -> u64 {
    let mut chunk = chunksize.max(1);
    if let Some(size) = size {
        while size.div_ceil(chunk) > MAX_PARTS {
            chunk *= 2;
        }
    }
    chunk.clamp(MIN_PART_SIZE, MAX_PART_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("8MB"), Some(8 << 20));
        assert_eq!(parse_size("8MiB"), Some(8 << 20));
        assert_eq!(parse_size("10KB"), Some(10 << 10));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_rate("1MB/s"), Ok(Some(1 << 20)));
        assert_eq!(parse_rate("8Mb/s"), Ok(Some(1 << 20)));
        assert!(parse_rate("1MB").is_err());
    }

    #[test]
    fn chunksize_grows_to_the_part_limit() {
        let eight = 8 << 20;
        assert_eq!(adjust_chunksize(eight, Some(100)), eight);
        assert_eq!(adjust_chunksize(1, None), MIN_PART_SIZE);
        // 100 GiB in 8 MiB parts is 12,800 parts: doubled to 16 MiB.
        assert_eq!(adjust_chunksize(eight, Some(100 << 30)), 16 << 20);
    }

    #[test]
    fn settings() {
        let c = TransferConfig::from_settings(|k| match k {
            "max_concurrent_requests" => Some("4".into()),
            "multipart_threshold" => Some("64MB".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.max_concurrent_requests, 4);
        assert_eq!(c.multipart_threshold, 64 << 20);
        let bad = TransferConfig::from_settings(|k| {
            (k == "max_concurrent_requests").then(|| "0".to_owned())
        });
        assert_eq!(
            bad.unwrap_err().0,
            "Value for max_concurrent_requests must be a positive integer: 0"
        );
    }
}
