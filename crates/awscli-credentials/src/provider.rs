//! [`CredentialsProvider`]: the credentials a chain resolved, refreshed when they near expiry.
//!
//! Ported from botocore `RefreshableCredentials` / `DeferredRefreshableCredentials`
//! (`botocore/credentials.py`): credentials with an expiry are refreshed once fewer than
//! 15 minutes remain (the advisory window); a failed refresh is ignored until fewer than
//! 10 minutes remain (the mandatory window), after which it is the caller's error. Refreshed
//! credentials that are already expired are an error. Deferred providers (assume-role, web
//! identity, SSO) make their first call only when credentials are first asked for.

use std::sync::Arc;
use std::time::SystemTime;

use awscli_client::{BoxFuture, Clock, Credentials};

use crate::error::CredentialsError;
use crate::time::seconds_between;

/// botocore `_DEFAULT_ADVISORY_REFRESH_TIMEOUT` (seconds).
pub const ADVISORY_REFRESH_SECONDS: f64 = 15.0 * 60.0;
/// botocore `_DEFAULT_MANDATORY_REFRESH_TIMEOUT` (seconds).
pub const MANDATORY_REFRESH_SECONDS: f64 = 10.0 * 60.0;

/// A future yielding fresh credentials.
pub type RefreshFuture = BoxFuture<'static, Result<Credentials, CredentialsError>>;
/// Fetches fresh credentials (botocore's `refresh_using`).
pub type Refresher = Arc<dyn Fn() -> RefreshFuture + Send + Sync>;

struct Inner {
    method: &'static str,
    refresher: Option<Refresher>,
    current: tokio::sync::Mutex<Option<Credentials>>,
    clock: Clock,
}

/// A handle to resolved credentials; clones share one cache and one refresh.
#[derive(Clone)]
pub struct CredentialsProvider {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for CredentialsProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsProvider")
            .field("method", &self.inner.method)
            .field("refreshable", &self.inner.refresher.is_some())
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider {
    /// Credentials that never change (static keys).
    pub fn fixed(method: &'static str, credentials: Credentials) -> Self {
        Self::build(method, Some(credentials), None, Arc::new(SystemTime::now))
    }

    /// Credentials known now, refreshed with `refresher` near their expiry.
    pub fn refreshable(
        method: &'static str,
        credentials: Credentials,
        refresher: Refresher,
        clock: Clock,
    ) -> Self {
        Self::build(method, Some(credentials), Some(refresher), clock)
    }

    /// Credentials fetched on first use, then refreshed near their expiry.
    pub fn deferred(method: &'static str, refresher: Refresher, clock: Clock) -> Self {
        Self::build(method, None, Some(refresher), clock)
    }

    fn build(
        method: &'static str,
        current: Option<Credentials>,
        refresher: Option<Refresher>,
        clock: Clock,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                method,
                refresher,
                current: tokio::sync::Mutex::new(current),
                clock,
            }),
        }
    }

    /// botocore's METHOD for the provider that produced these credentials (`configure list`).
    pub fn method(&self) -> &'static str {
        self.inner.method
    }

    /// The credentials to sign with now, refreshing them first when they expire within the
    /// advisory window (botocore `get_frozen_credentials`).
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut current = self.inner.current.lock().await;
        let Some(refresher) = &self.inner.refresher else {
            return current.clone().ok_or(CredentialsError::NoCredentials);
        };
        let now = (self.inner.clock)();
        let mandatory = match current.as_ref() {
            None => true,
            Some(credentials) => match credentials.expiration {
                None => return Ok(credentials.clone()),
                Some(expiration) => {
                    let remaining = seconds_between(now, expiration);
                    if remaining >= ADVISORY_REFRESH_SECONDS {
                        return Ok(credentials.clone());
                    }
                    remaining < MANDATORY_REFRESH_SECONDS
                }
            },
        };
        match refresher().await {
            Ok(fresh) => {
                let expired = fresh.expiration.is_some_and(|expiration| {
                    seconds_between((self.inner.clock)(), expiration) < 0.0
                });
                *current = Some(fresh.clone());
                if expired {
                    return Err(CredentialsError::RefreshedStillExpired);
                }
                Ok(fresh)
            }
            Err(error) if mandatory => Err(error),
            // An advisory refresh that fails keeps the current, still valid, credentials.
            Err(_) => current.clone().ok_or(CredentialsError::NoCredentials),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, UNIX_EPOCH};

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn counting_refresher(calls: Arc<AtomicU64>, lifetime: u64, now: u64, fail: bool) -> Refresher {
        Arc::new(move || {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                if fail {
                    return Err(CredentialsError::Python("boom".into()));
                }
                let mut credentials = Credentials::new(format!("AKID{n}"), "SECRET");
                credentials.expiration = Some(at(now + lifetime));
                Ok(credentials)
            })
        })
    }

    #[tokio::test]
    async fn deferred_fetches_once_then_refreshes_in_advisory_window() {
        let now = Arc::new(AtomicU64::new(1_000_000));
        let clock_now = Arc::clone(&now);
        let clock: Clock = Arc::new(move || at(clock_now.load(Ordering::SeqCst)));
        let calls = Arc::new(AtomicU64::new(0));
        let provider = CredentialsProvider::deferred(
            "assume-role",
            counting_refresher(Arc::clone(&calls), 3600, 1_000_000, false),
            clock,
        );
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        assert_eq!(provider.credentials().await.unwrap().access_key_id, "AKID1");
        assert_eq!(provider.credentials().await.unwrap().access_key_id, "AKID1");
        // 14 minutes before expiry: advisory refresh.
        now.store(1_000_000 + 3600 - 14 * 60, Ordering::SeqCst);
        assert_eq!(provider.credentials().await.unwrap().access_key_id, "AKID2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn failed_refresh_is_ignored_only_in_advisory_window() {
        let now = Arc::new(AtomicU64::new(0));
        let clock_now = Arc::clone(&now);
        let clock: Clock = Arc::new(move || at(clock_now.load(Ordering::SeqCst)));
        let mut initial = Credentials::new("AKID0", "SECRET");
        initial.expiration = Some(at(3600));
        let provider = CredentialsProvider::refreshable(
            "iam-role",
            initial,
            counting_refresher(Arc::new(AtomicU64::new(0)), 3600, 0, true),
            clock,
        );
        now.store(3600 - 12 * 60, Ordering::SeqCst);
        assert_eq!(provider.credentials().await.unwrap().access_key_id, "AKID0");
        now.store(3600 - 9 * 60, Ordering::SeqCst);
        assert_eq!(
            provider.credentials().await.unwrap_err().to_string(),
            "boom"
        );
    }

    #[tokio::test]
    async fn refreshed_but_expired_is_an_error() {
        let clock: Clock = Arc::new(|| at(10_000));
        let provider = CredentialsProvider::deferred(
            "custom-process",
            counting_refresher(Arc::new(AtomicU64::new(0)), 0, 0, false),
            clock,
        );
        assert!(matches!(
            provider.credentials().await,
            Err(CredentialsError::RefreshedStillExpired)
        ));
    }
}
