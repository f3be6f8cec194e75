//! Standard-mode retries, as AWS CLI v2 runs them: what is retryable, how
//! long to wait, and the client-wide retry quota.
//!
//! Spec: botocore `retries/standard.py` (`StandardRetryConditions`,
//! `ExponentialBackoff`, `RetryQuotaChecker`) and `retries/quota.py`; the
//! `amz-sdk-request` header from `handlers.py` `add_retry_headers`. The
//! `adaptive` mode is run as `standard` for now: its client-side rate
//! limiter (`retries/adaptive.py`) is not implemented.
//!
//! Classification and backoff are pure functions so they can be tested
//! without I/O; the random source is passed in.
use std::sync::Mutex;
use std::time::Duration;

/// botocore `DEFAULT_MAX_ATTEMPTS`: three attempts in total.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// `TransientRetryableChecker._TRANSIENT_ERROR_CODES`.
pub const TRANSIENT_ERROR_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// `TransientRetryableChecker._TRANSIENT_STATUS_CODES`.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// `ThrottledRetryableChecker._THROTTLED_ERROR_CODES`.
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// The retry mode setting (`retry_mode`). CLI v2 has no `legacy` mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    #[default]
    Standard,
    /// Accepted, but currently behaves exactly like `Standard`.
    Adaptive,
}

/// Retry settings of one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    pub mode: RetryMode,
    /// Total attempts, including the first (`max_attempts`).
    pub max_attempts: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            mode: RetryMode::Standard,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// What an attempt ended with, as far as retrying cares.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome<'a> {
    /// An HTTP response arrived. `error_code` is the parsed service error code
    /// (None for a success or an unparsable body).
    Response {
        status: u16,
        error_code: Option<&'a str>,
    },
    /// No response: the transport failed.
    TransportError { kind: TransportFailure },
}

/// How the transport failed (botocore's exception classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportFailure {
    /// `EndpointConnectionError`, `SSLError`, `ProxyConnectionError`.
    Connect,
    /// `ConnectTimeoutError`.
    ConnectTimeout,
    /// `ReadTimeoutError`.
    ReadTimeout,
    /// `ConnectionClosedError` and other `HTTPClientError`s.
    Other,
}

/// The modeled `retryable` trait of an operation's error shapes: the error
/// code each retryable shape answers to and whether it is a throttle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModeledRetryableErrors {
    pub errors: Vec<(String, bool)>,
}

/// Why an attempt is retryable, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retryability {
    Transient,
    Throttling,
    Modeled,
    No,
}

/// The standard-mode retry decision for one outcome, ignoring the attempt
/// count (`TransientRetryableChecker | ThrottledRetryableChecker |
/// ModeledRetryableChecker`). The `special.py` checks (STS
/// `IDPCommunicationError`, DynamoDB CRC32) are folded in: the first by
/// code, the second is left to the caller.
pub fn classify(
    outcome: &AttemptOutcome<'_>,
    service_id: &str,
    modeled: &ModeledRetryableErrors,
) -> Retryability {
    match outcome {
        AttemptOutcome::TransportError { .. } => Retryability::Transient,
        AttemptOutcome::Response { status, error_code } => {
            if let Some(code) = error_code {
                if TRANSIENT_ERROR_CODES.contains(code) {
                    return Retryability::Transient;
                }
            }
            if TRANSIENT_STATUS_CODES.contains(status) {
                return Retryability::Transient;
            }
            let Some(code) = error_code else {
                return Retryability::No;
            };
            if THROTTLING_ERROR_CODES.contains(code) {
                return Retryability::Throttling;
            }
            if modeled.errors.iter().any(|(c, _)| c == code) {
                return Retryability::Modeled;
            }
            // special.RetryIDPCommunicationError
            if service_id.eq_ignore_ascii_case("sts") && *code == "IDPCommunicationError" {
                return Retryability::Transient;
            }
            Retryability::No
        }
    }
}

/// `ExponentialBackoff.delay_amount`: `min(rand * 2^(attempt-1), 20)`
/// seconds, where `attempt` is the number of the attempt that just failed
/// (1-based) and `random` is in `[0, 1)`.
pub fn backoff_delay(attempt: u32, random: f64) -> Duration {
    const MAX_BACKOFF: f64 = 20.0;
    let exponent = attempt.saturating_sub(1).min(62) as i32;
    let secs = (random * 2f64.powi(exponent)).min(MAX_BACKOFF);
    Duration::from_secs_f64(secs.max(0.0))
}

/// The `amz-sdk-request` header value: `[ttl=...; ]attempt=N; max=M`.
pub fn sdk_request_header(ttl: Option<&str>, attempt: u32, max_attempts: u32) -> String {
    match ttl {
        Some(ttl) => format!("ttl={ttl}; attempt={attempt}; max={max_attempts}"),
        None => format!("attempt={attempt}; max={max_attempts}"),
    }
}

/// botocore `RetryQuota` + `RetryQuotaChecker`: a bucket of 500 shared by
/// all calls of one client. A retry costs 5 (10 after a timeout); a success
/// gives back 1, or what its retries took.
#[derive(Debug)]
pub struct RetryQuota {
    max_capacity: u32,
    available: Mutex<u32>,
}

/// `RetryQuota.INITIAL_CAPACITY`.
pub const INITIAL_RETRY_QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota::new(INITIAL_RETRY_QUOTA)
    }
}

impl RetryQuota {
    pub fn new(capacity: u32) -> Self {
        RetryQuota {
            max_capacity: capacity,
            available: Mutex::new(capacity),
        }
    }

    pub fn available(&self) -> u32 {
        *self.lock()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        // A poisoned lock only means another thread panicked mid-update of a
        // plain integer; the value is still usable.
        self.available.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the cost of one retry after `outcome`; `Some(cost)` if granted,
    /// `None` when the quota is exhausted (`RetryQuotaReached`).
    pub fn acquire(&self, outcome: &AttemptOutcome<'_>) -> Option<u32> {
        let cost = match outcome {
            AttemptOutcome::TransportError {
                kind: TransportFailure::ConnectTimeout | TransportFailure::ReadTimeout,
            } => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        };
        let mut available = self.lock();
        if cost > *available {
            return None;
        }
        *available -= cost;
        Some(cost)
    }

    /// `release_retry_quota` after a call that ended with HTTP `status`:
    /// `last_acquired` is the cost of the last granted retry of that call.
    pub fn release_after_call(&self, status: u16, last_acquired: Option<u32>) {
        if !(200..300).contains(&status) {
            return;
        }
        let amount = last_acquired.unwrap_or(NO_RETRY_INCREMENT);
        let mut available = self.lock();
        *available = (*available + amount).min(self.max_capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, code: Option<&str>) -> AttemptOutcome<'_> {
        AttemptOutcome::Response {
            status,
            error_code: code,
        }
    }

    #[test]
    fn classify_transient_status_codes_are_retryable() {
        let m = ModeledRetryableErrors::default();
        for s in [500, 502, 503, 504] {
            assert_eq!(classify(&resp(s, None), "s3", &m), Retryability::Transient);
        }
        assert_eq!(classify(&resp(501, None), "s3", &m), Retryability::No);
    }

    #[test]
    fn classify_bare_429_is_not_retryable() {
        let m = ModeledRetryableErrors::default();
        assert_eq!(classify(&resp(429, None), "s3", &m), Retryability::No);
        assert_eq!(
            classify(&resp(429, Some("TooManyRequestsException")), "s3", &m),
            Retryability::Throttling
        );
    }

    #[test]
    fn classify_codes_throttling_transient_modeled() {
        let m = ModeledRetryableErrors {
            errors: vec![("MyRetryable".into(), false)],
        };
        assert_eq!(
            classify(&resp(400, Some("SlowDown")), "s3", &m),
            Retryability::Throttling
        );
        assert_eq!(
            classify(&resp(400, Some("RequestTimeout")), "s3", &m),
            Retryability::Transient
        );
        assert_eq!(
            classify(&resp(400, Some("MyRetryable")), "x", &m),
            Retryability::Modeled
        );
        assert_eq!(
            classify(&resp(400, Some("AccessDenied")), "x", &m),
            Retryability::No
        );
        assert_eq!(
            classify(&resp(400, Some("IDPCommunicationError")), "STS", &m),
            Retryability::Transient
        );
    }

    #[test]
    fn classify_transport_errors_are_transient() {
        let m = ModeledRetryableErrors::default();
        let o = AttemptOutcome::TransportError {
            kind: TransportFailure::Other,
        };
        assert_eq!(classify(&o, "s3", &m), Retryability::Transient);
    }

    #[test]
    fn backoff_with_rand_one_doubles_to_twenty() {
        let got: Vec<f64> = (1..=7)
            .map(|a| backoff_delay(a, 1.0).as_secs_f64())
            .collect();
        assert_eq!(got, vec![1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0]);
        assert_eq!(backoff_delay(2, 0.5), Duration::from_secs(1));
        assert_eq!(backoff_delay(1, 0.0), Duration::ZERO);
    }

    #[test]
    fn sdk_request_header_formats() {
        assert_eq!(sdk_request_header(None, 1, 3), "attempt=1; max=3");
        assert_eq!(
            sdk_request_header(Some("20260101T000000Z"), 2, 3),
            "ttl=20260101T000000Z; attempt=2; max=3"
        );
    }

    #[test]
    fn quota_costs_and_refunds() {
        let q = RetryQuota::default();
        let err = resp(503, None);
        let timeout = AttemptOutcome::TransportError {
            kind: TransportFailure::ReadTimeout,
        };
        assert_eq!(q.acquire(&err), Some(5));
        assert_eq!(q.available(), 495);
        assert_eq!(q.acquire(&timeout), Some(10));
        assert_eq!(q.available(), 485);
        q.release_after_call(200, Some(10));
        assert_eq!(q.available(), 495);
        q.release_after_call(200, None);
        assert_eq!(q.available(), 496);
        // A failed call gives nothing back.
        q.release_after_call(503, Some(5));
        assert_eq!(q.available(), 496);
        // Never above the maximum.
        for _ in 0..10 {
            q.release_after_call(200, None);
        }
        assert_eq!(q.available(), 500);
    }

    #[test]
    fn quota_exhausted_refuses() {
        let q = RetryQuota::new(7);
        let err = resp(500, None);
        assert_eq!(q.acquire(&err), Some(5));
        assert_eq!(q.acquire(&err), None);
        assert_eq!(q.available(), 2);
    }
}
