//! The `s3 =` transfer settings of the selected profile, converted and validated as
//! `awscli/customizations/s3/transferconfig.py` (`RuntimeConfig.build_config`) does, with the
//! 2.36 keys of reference section 8.3.
//!
//! Sizes (`multipart_threshold`, `multipart_chunksize`, `io_chunksize`) accept an integer byte
//! count or a `KB`/`MB`/`GB`/`TB` (or `KiB`...) suffix, all base 1024 (`human_readable_to_int`).
//! Rates (`max_bandwidth`, `target_bandwidth`) must end in `B/s` or `b/s`.

use indexmap::IndexMap;

use crate::config::Config;
use crate::error::ConfigError;
use crate::settings::parse_python_int;

const MIB: u64 = 1024 * 1024;

/// The transfer configuration of `aws s3` commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferConfig {
    /// Size at which uploads/downloads switch to multipart (default 8 MiB).
    pub multipart_threshold: u64,
    /// Part size (default 8 MiB).
    pub multipart_chunksize: u64,
    /// Worker count (default 10).
    pub max_concurrent_requests: u64,
    /// Task queue bound (default 1000).
    pub max_queue_size: u64,
    /// Bytes per second cap, if any.
    pub max_bandwidth: Option<u64>,
    /// `auto` (default), `classic` or `crt`.
    pub preferred_transfer_client: String,
    /// CRT target bandwidth in bytes per second, if configured.
    pub target_bandwidth: Option<u64>,
    /// Download write-queue element size (default 256 KiB).
    pub io_chunksize: u64,
    /// Keys the CLI passes through untouched (CRT-only ones such as `should_stream`,
    /// `disk_throughput`, `direct_io`, and any unknown key).
    pub other: IndexMap<String, String>,
}

impl Default for TransferConfig {
    fn default() -> Self {
        Self {
            multipart_threshold: 8 * MIB,
            multipart_chunksize: 8 * MIB,
            max_concurrent_requests: 10,
            max_queue_size: 1000,
            max_bandwidth: None,
            preferred_transfer_client: "auto".to_string(),
            target_bandwidth: None,
            io_chunksize: 256 * 1024,
            other: IndexMap::new(),
        }
    }
}

/// `preferred_transfer_client` choices.
pub const TRANSFER_CLIENT_CHOICES: &[&str] = &["auto", "classic", "crt"];

/// `SIZE_SUFFIX` of `awscli/customizations/s3/utils.py`.
const SIZE_SUFFIX: &[(&str, u64)] = &[
    ("kb", 1024),
    ("mb", MIB),
    ("gb", 1024 * MIB),
    ("tb", 1024 * 1024 * MIB),
    ("kib", 1024),
    ("mib", MIB),
    ("gib", 1024 * MIB),
    ("tib", 1024 * 1024 * MIB),
];

fn invalid(message: String) -> ConfigError {
    ConfigError::InvalidTransferConfig { message }
}

/// `human_readable_to_int`: `10MB` → 10485760, `1024` → 1024.
pub fn human_readable_to_int(value: &str) -> Result<i64, ConfigError> {
    let lower = value.to_lowercase();
    let suffix_len = if lower.ends_with("ib") { 3 } else { 2 };
    let suffix = lower
        .char_indices()
        .rev()
        .nth(suffix_len - 1)
        .map(|(i, _)| &lower[i..]);
    let multiplier = suffix
        .filter(|_| lower.chars().count() >= 2)
        .and_then(|suffix| SIZE_SUFFIX.iter().find(|(s, _)| *s == suffix))
        .map(|(s, m)| (s.len(), *m));
    match multiplier {
        None => {
            parse_python_int(&lower).ok_or_else(|| invalid(format!("Invalid size value: {lower}")))
        }
        Some((len, multiplier)) => {
            let number = &lower[..lower.len() - len];
            let number = parse_python_int(number).ok_or_else(|| {
                invalid(format!(
                    "invalid literal for int() with base 10: '{number}'"
                ))
            })?;
            Ok(number.saturating_mul(multiplier as i64))
        }
    }
}

/// Converts a rate (`10MB/s`, `800Kb/s`) to bytes per second.
fn human_readable_rate(value: &str) -> Result<i64, ConfigError> {
    if let Some(bytes) = value.strip_suffix("B/s") {
        human_readable_to_int(&format!("{bytes}B"))
    } else if let Some(bits) = value.strip_suffix("b/s") {
        Ok(human_readable_to_int(&format!("{bits}b"))? / 8)
    } else {
        Err(invalid(format!(
            "Invalid rate: {value}. The value must be expressed as a rate in terms of bytes per \
             second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)"
        )))
    }
}

fn positive(name: &str, original: &str, value: i64) -> Result<u64, ConfigError> {
    u64::try_from(value).ok().filter(|v| *v > 0).ok_or_else(|| {
        invalid(format!(
            "Value for {name} must be a positive integer: {original}"
        ))
    })
}

/// `RuntimeConfig().build_config(**s3_block)`.
pub fn build_transfer_config(
    block: &IndexMap<String, String>,
) -> Result<TransferConfig, ConfigError> {
    let mut config = TransferConfig::default();
    for (key, value) in block {
        match key.as_str() {
            "multipart_threshold" | "multipart_chunksize" | "io_chunksize" => {
                let bytes = positive(key, value, human_readable_to_int(value)?)?;
                match key.as_str() {
                    "multipart_threshold" => config.multipart_threshold = bytes,
                    "multipart_chunksize" => config.multipart_chunksize = bytes,
                    _ => config.io_chunksize = bytes,
                }
            }
            "max_bandwidth" | "target_bandwidth" => {
                let rate = Some(positive(key, value, human_readable_rate(value)?)?);
                if key == "max_bandwidth" {
                    config.max_bandwidth = rate;
                } else {
                    config.target_bandwidth = rate;
                }
            }
            "max_concurrent_requests" | "max_queue_size" => {
                let number = parse_python_int(value)
                    .ok_or_else(|| {
                        invalid(format!(
                            "Value for {key} must be a positive integer: {value}"
                        ))
                    })
                    .and_then(|n| positive(key, value, n))?;
                if key == "max_concurrent_requests" {
                    config.max_concurrent_requests = number;
                } else {
                    config.max_queue_size = number;
                }
            }
            "preferred_transfer_client" => {
                if !TRANSFER_CLIENT_CHOICES.contains(&value.as_str()) {
                    return Err(invalid(format!(
                        "Invalid value: \"{value}\" for configuration option: \
                         \"preferred_transfer_client\". Supported values are: {}",
                        TRANSFER_CLIENT_CHOICES.join(", ")
                    )));
                }
                config.preferred_transfer_client = value.clone();
            }
            _ => {
                config.other.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(config)
}

impl Config {
    /// The transfer configuration from the selected profile's `s3` block (`subcommands.py` reads
    /// `get_scoped_config().get('s3', {})`; a plain `s3 = x` value counts as no block).
    pub fn transfer_config(&self) -> Result<TransferConfig, ConfigError> {
        let block = self
            .scoped_config()?
            .get("s3")
            .and_then(|entry| entry.value.as_nested())
            .cloned()
            .unwrap_or_default();
        build_transfer_config(&block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_readable_sizes() {
        assert_eq!(human_readable_to_int("10MB").unwrap(), 10 * MIB as i64);
        assert_eq!(human_readable_to_int("10mib").unwrap(), 10 * MIB as i64);
        assert_eq!(human_readable_to_int("1KB").unwrap(), 1024);
        assert_eq!(human_readable_to_int("1024").unwrap(), 1024);
        assert_eq!(
            human_readable_to_int("2 GB").unwrap(),
            2 * 1024 * MIB as i64
        );
        assert_eq!(
            human_readable_to_int("10xb").unwrap_err().to_string(),
            "Invalid size value: 10xb"
        );
        assert!(human_readable_to_int("1.5MB").is_err());
    }

    fn block(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn build_transfer_config_conversions() {
        let config = build_transfer_config(&block(&[
            ("multipart_threshold", "64MB"),
            ("max_concurrent_requests", "20"),
            ("max_bandwidth", "50MB/s"),
            ("target_bandwidth", "8Mb/s"),
            ("addressing_style", "path"),
        ]))
        .unwrap();
        assert_eq!(config.multipart_threshold, 64 * MIB);
        assert_eq!(config.multipart_chunksize, 8 * MIB);
        assert_eq!(config.max_concurrent_requests, 20);
        assert_eq!(config.max_bandwidth, Some(50 * MIB));
        assert_eq!(config.target_bandwidth, Some(MIB));
        assert_eq!(config.other["addressing_style"], "path");
    }

    #[test]
    fn build_transfer_config_errors() {
        let error = |pairs| {
            build_transfer_config(&block(pairs))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error(&[("max_concurrent_requests", "0")]),
            "Value for max_concurrent_requests must be a positive integer: 0"
        );
        assert_eq!(
            error(&[("max_queue_size", "x")]),
            "Value for max_queue_size must be a positive integer: x"
        );
        assert!(error(&[("max_bandwidth", "10MB")]).starts_with("Invalid rate: 10MB."));
        assert_eq!(
            error(&[("preferred_transfer_client", "fast")]),
            "Invalid value: \"fast\" for configuration option: \"preferred_transfer_client\". \
             Supported values are: auto, classic, crt"
        );
    }
}
