//! The OAuth 2.0 device authorization flow of `aws sso login`: register an
//! OIDC client (cached), start a device authorization, show the user code,
//! then poll `CreateToken` until the user approves, and cache the token.
//!
//! Spec: botocore `utils.py:SSOTokenFetcher` as the CLI 2.9.19 vendors it
//! (`awscli/botocore/utils.py`), and RFC 8628 section 3.5 for the polling
//! rules (`authorization_pending` keeps polling, `slow_down` adds 5 seconds
//! to the interval, `expired_token` ends the flow).
use std::time::{Duration, SystemTime};

use awscli_client::CallError;
use awscli_model::Value;
use indexmap::IndexMap;
use sha1::{Digest, Sha1};

use super::cache::JsonFileCache;

/// RFC 8628: `slow_down` increases the interval by 5 seconds.
const SLOW_DOWN_DELAY: u64 = 5;
/// RFC 8628: the interval when the server names none.
const DEFAULT_INTERVAL: u64 = 5;
/// A registration with less than this left is registered again.
const EXPIRY_WINDOW_SECONDS: f64 = 15.0 * 60.0;
const CLIENT_REGISTRATION_TYPE: &str = "public";
const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The unsigned `sso-oidc` client of the SSO region.
pub trait OidcClient {
    /// Calls `operation` (`RegisterClient`, `StartDeviceAuthorization`,
    /// `CreateToken`) with `input`.
    fn call(&mut self, operation: &str, input: Value) -> Result<Value, CallError>;
}

/// Why the flow stopped.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// botocore `PendingAuthorizationExpiredError`: the user did not approve
    /// before the device code expired.
    #[error("The pending authorization to retrieve an SSO token has expired. The device authorization flow to retrieve an SSO token must be restarted.")]
    PendingAuthorizationExpired,
    /// Any other failed call (a `ClientError` or a connection error).
    #[error(transparent)]
    Call(#[from] CallError),
    /// The token cache could not be written.
    #[error(transparent)]
    Cache(#[from] std::io::Error),
    /// The service answered without a member the flow needs (`KeyError`).
    #[error("'{0}'")]
    MissingMember(&'static str),
}

/// What `StartDeviceAuthorization` answered, as the pending-authorization
/// handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: String,
    pub interval: Option<u64>,
}

/// An OIDC client registration (`_register_client`'s dict).
#[derive(Debug, Clone)]
struct Registration {
    client_id: String,
    client_secret: String,
    /// Already in the cache's text form (`%Y-%m-%dT%H:%M:%SZ`).
    expires_at: String,
    scopes: Option<Vec<String>>,
}

impl Registration {
    fn to_value(&self) -> Value {
        let mut map = IndexMap::new();
        map.insert("clientId".to_owned(), Value::String(self.client_id.clone()));
        map.insert(
            "clientSecret".to_owned(),
            Value::String(self.client_secret.clone()),
        );
        map.insert(
            "expiresAt".to_owned(),
            Value::String(self.expires_at.clone()),
        );
        if let Some(scopes) = &self.scopes {
            map.insert("scopes".to_owned(), string_list(scopes));
        }
        Value::Map(map)
    }

    fn from_cache(entry: &serde_json::Value) -> Option<Registration> {
        let text = |key: &str| entry.get(key)?.as_str().map(str::to_owned);
        Some(Registration {
            client_id: text("clientId")?,
            client_secret: text("clientSecret")?,
            expires_at: text("expiresAt")?,
            scopes: entry.get("scopes").and_then(|s| s.as_array()).map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect()
            }),
        })
    }
}

fn string_list(items: &[String]) -> Value {
    Value::List(items.iter().cloned().map(Value::String).collect())
}

fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `datetime.strftime('%Y-%m-%dT%H:%M:%SZ')` of a UTC time.
fn utc_text(time: SystemTime) -> String {
    awscli_credentials::time::format_utc(time, "Z")
}

/// The SSO token cache file name: SHA-1 of the session name, or of the
/// start URL for legacy profiles (`_token_cache_key`, shared with
/// `SSOTokenLoader` and the other AWS SDKs).
pub fn token_cache_key(start_url: &str, session_name: Option<&str>) -> String {
    sha1_hex(session_name.unwrap_or(start_url))
}

/// `_registration_cache_key`: SHA-1 of
/// `json.dumps({...}, sort_keys=True)` with the default separators.
fn registration_cache_key(
    start_url: &str,
    region: &str,
    scopes: Option<&[String]>,
    session_name: Option<&str>,
) -> String {
    let string = |s: &str| {
        let mut out = String::new();
        awscli_jmespath::python::write_json_string(&mut out, s, true);
        out
    };
    let scopes = match scopes {
        Some(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|s| string(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "null".to_owned(),
    };
    let session_name = session_name.map_or_else(|| "null".to_owned(), string);
    // Keys in sorted order: region, scopes, session_name, startUrl, tool.
    let text = format!(
        "{{\"region\": {}, \"scopes\": {scopes}, \"session_name\": {session_name}, \"startUrl\": {}, \"tool\": \"botocore\"}}",
        string(region),
        string(start_url),
    );
    sha1_hex(&text)
}

/// `SSOTokenFetcher`: everything the flow needs, injected so unit tests run
/// without a network, a clock or sleeps.
pub struct TokenFetcher<'a> {
    pub sso_region: String,
    pub client: &'a mut dyn OidcClient,
    pub cache: &'a JsonFileCache,
    pub clock: &'a dyn Fn() -> SystemTime,
    pub sleep: &'a mut dyn FnMut(Duration),
}

impl TokenFetcher<'_> {
    fn is_expired(&self, expires_at: &str) -> bool {
        match awscli_credentials::time::parse_system_time(expires_at) {
            Some(end) => {
                awscli_credentials::time::seconds_between((self.clock)(), end)
                    < EXPIRY_WINDOW_SECONDS
            }
            None => true,
        }
    }

    /// `fetch_token`: the cached token when it is still good (unless
    /// `force_refresh`, which `aws sso login` always sets), else a new one
    /// from the device flow, written to the cache.
    pub fn fetch_token(
        &mut self,
        start_url: &str,
        session_name: Option<&str>,
        scopes: Option<&[String]>,
        force_refresh: bool,
        on_pending: &mut dyn FnMut(&Authorization) -> std::io::Result<()>,
    ) -> Result<Value, FetchError> {
        let key = token_cache_key(start_url, session_name);
        if !force_refresh {
            if let Some(cached) = self.cache.get(&key) {
                let expires_at = cached.get("expiresAt").and_then(|v| v.as_str());
                if expires_at.is_some_and(|e| !self.is_expired(e)) {
                    return Ok(awscli_jmespath::python::from_json(cached));
                }
            }
        }
        let token = self.poll_for_token(start_url, session_name, scopes, on_pending)?;
        self.cache.set(&key, &token)?;
        Ok(token)
    }

    fn registration(
        &mut self,
        start_url: &str,
        session_name: Option<&str>,
        scopes: Option<&[String]>,
    ) -> Result<Registration, FetchError> {
        let key = registration_cache_key(start_url, &self.sso_region, scopes, session_name);
        if let Some(cached) = self
            .cache
            .get(&key)
            .and_then(|e| Registration::from_cache(&e))
        {
            if !self.is_expired(&cached.expires_at) {
                return Ok(cached);
            }
        }
        let registration = self.register_client(session_name, scopes)?;
        self.cache.set(&key, &registration.to_value())?;
        Ok(registration)
    }

    fn register_client(
        &mut self,
        session_name: Option<&str>,
        scopes: Option<&[String]>,
    ) -> Result<Registration, FetchError> {
        // Legacy configuration names the client after the current time.
        let name = match session_name {
            Some(name) => name.to_owned(),
            None => (awscli_credentials::time::epoch_seconds((self.clock)()) as i64).to_string(),
        };
        let mut input = IndexMap::new();
        input.insert(
            "clientName".to_owned(),
            Value::String(format!("botocore-client-{name}")),
        );
        input.insert(
            "clientType".to_owned(),
            Value::String(CLIENT_REGISTRATION_TYPE.to_owned()),
        );
        let scopes = scopes.filter(|s| !s.is_empty());
        if let Some(scopes) = scopes {
            input.insert("scopes".to_owned(), string_list(scopes));
        }
        let response = self.client.call("RegisterClient", Value::Map(input))?;
        let expires_at = match response.get("clientSecretExpiresAt") {
            Some(Value::Integer(seconds)) => *seconds as f64,
            Some(Value::Float(seconds)) => *seconds,
            _ => return Err(FetchError::MissingMember("clientSecretExpiresAt")),
        };
        let expires_at = awscli_credentials::time::from_epoch(expires_at)
            .ok_or(FetchError::MissingMember("clientSecretExpiresAt"))?;
        Ok(Registration {
            client_id: text(&response, "clientId")?,
            client_secret: text(&response, "clientSecret")?,
            expires_at: utc_text(expires_at),
            scopes: scopes.map(<[String]>::to_vec),
        })
    }

    fn authorize_client(
        &mut self,
        start_url: &str,
        registration: &Registration,
    ) -> Result<Authorization, FetchError> {
        let input = Value::Map(IndexMap::from([
            (
                "clientId".to_owned(),
                Value::String(registration.client_id.clone()),
            ),
            (
                "clientSecret".to_owned(),
                Value::String(registration.client_secret.clone()),
            ),
            ("startUrl".to_owned(), Value::String(start_url.to_owned())),
        ]));
        let response = self.client.call("StartDeviceAuthorization", input)?;
        let interval = match response.get("interval") {
            Some(Value::Integer(seconds)) => Some((*seconds).max(0) as u64),
            _ => None,
        };
        Ok(Authorization {
            device_code: text(&response, "deviceCode")?,
            user_code: text(&response, "userCode")?,
            verification_uri: text(&response, "verificationUri")?,
            verification_uri_complete: text(&response, "verificationUriComplete")?,
            interval,
        })
    }

    fn poll_for_token(
        &mut self,
        start_url: &str,
        session_name: Option<&str>,
        scopes: Option<&[String]>,
        on_pending: &mut dyn FnMut(&Authorization) -> std::io::Result<()>,
    ) -> Result<Value, FetchError> {
        let registration = self.registration(start_url, session_name, scopes)?;
        let authorization = self.authorize_client(start_url, &registration)?;
        let mut interval = authorization.interval.unwrap_or(DEFAULT_INTERVAL);
        // A pre-authorized client gets its token at once, without the
        // message, so one attempt comes before the handler.
        if let Some(token) =
            self.create_token_attempt(start_url, &registration, &authorization, &mut interval)?
        {
            return Ok(token);
        }
        on_pending(&authorization)?;
        // As in botocore, only the service ends this loop: with a token or
        // with ExpiredTokenException once the device code has expired.
        loop {
            if let Some(token) =
                self.create_token_attempt(start_url, &registration, &authorization, &mut interval)?
            {
                return Ok(token);
            }
            (self.sleep)(Duration::from_secs(interval));
        }
    }

    fn create_token_attempt(
        &mut self,
        start_url: &str,
        registration: &Registration,
        authorization: &Authorization,
        interval: &mut u64,
    ) -> Result<Option<Value>, FetchError> {
        let input = Value::Map(IndexMap::from([
            ("grantType".to_owned(), Value::String(GRANT_TYPE.to_owned())),
            (
                "clientId".to_owned(),
                Value::String(registration.client_id.clone()),
            ),
            (
                "clientSecret".to_owned(),
                Value::String(registration.client_secret.clone()),
            ),
            (
                "deviceCode".to_owned(),
                Value::String(authorization.device_code.clone()),
            ),
        ]));
        let response = match self.client.call("CreateToken", input) {
            Ok(response) => response,
            Err(CallError::Service { error, .. }) if error.code == "SlowDownException" => {
                *interval += SLOW_DOWN_DELAY;
                return Ok(None);
            }
            Err(CallError::Service { error, .. })
                if error.code == "AuthorizationPendingException" =>
            {
                return Ok(None);
            }
            Err(CallError::Service { error, .. }) if error.code == "ExpiredTokenException" => {
                return Err(FetchError::PendingAuthorizationExpired);
            }
            Err(other) => return Err(other.into()),
        };
        let expires_in = match response.get("expiresIn") {
            Some(Value::Integer(seconds)) => *seconds,
            _ => return Err(FetchError::MissingMember("expiresIn")),
        };
        let now = (self.clock)();
        let expires_at = if expires_in >= 0 {
            now + Duration::from_secs(expires_in as u64)
        } else {
            now - Duration::from_secs(expires_in.unsigned_abs())
        };
        let mut token = IndexMap::new();
        token.insert("startUrl".to_owned(), Value::String(start_url.to_owned()));
        token.insert("region".to_owned(), Value::String(self.sso_region.clone()));
        token.insert(
            "accessToken".to_owned(),
            Value::String(text(&response, "accessToken")?),
        );
        token.insert("expiresAt".to_owned(), Value::String(utc_text(expires_at)));
        // The registration is cached alongside the token so that SDKs can
        // refresh it with the refresh token.
        token.insert(
            "clientId".to_owned(),
            Value::String(registration.client_id.clone()),
        );
        token.insert(
            "clientSecret".to_owned(),
            Value::String(registration.client_secret.clone()),
        );
        token.insert(
            "registrationExpiresAt".to_owned(),
            Value::String(registration.expires_at.clone()),
        );
        if let Some(refresh) = response.get("refreshToken").and_then(Value::as_str) {
            token.insert("refreshToken".to_owned(), Value::String(refresh.to_owned()));
        }
        Ok(Some(Value::Map(token)))
    }
}

fn text(response: &Value, key: &'static str) -> Result<String, FetchError> {
    response
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or(FetchError::MissingMember(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    #[test]
    fn cache_keys_match_botocore() {
        // python3: hashlib.sha1(json.dumps({'tool': 'botocore', 'startUrl': URL,
        //   'region': 'us-east-1', 'scopes': [...], 'session_name': ...},
        //   sort_keys=True).encode()).hexdigest()
        let url = "https://d-123.awsapps.com/start";
        let scopes = vec!["sso:account:access".to_owned()];
        assert_eq!(
            registration_cache_key(url, "us-east-1", Some(&scopes), Some("my-sso")),
            "41703fba9789c2c8f9b7faa73b70bebb72c62cc9"
        );
        assert_eq!(
            registration_cache_key(url, "us-east-1", None, None),
            "334df8a025b4d748342a2fb4eaa316ea48c5576c"
        );
        assert_eq!(
            token_cache_key(url, Some("my-sso")),
            "0ad374308c5a4e22f723adf10145eafad7c4031c"
        );
        assert_eq!(
            token_cache_key(url, None),
            "2b829a45f04c9828cb45b7d092d8e4aa30818393"
        );
    }

    /// Answers from a queue and records what was called.
    struct FakeOidc {
        answers: VecDeque<Result<Value, &'static str>>,
        calls: Vec<(String, Value)>,
    }

    fn service_error(code: &str) -> CallError {
        let error = awscli_protocol::ServiceError {
            code: code.to_owned(),
            status: 400,
            ..Default::default()
        };
        CallError::Service {
            error: Box::new(error),
            operation: "CreateToken".to_owned(),
            retry_attempts: 0,
            max_attempts_reached: false,
            headers: Vec::new(),
        }
    }

    impl OidcClient for FakeOidc {
        fn call(&mut self, operation: &str, input: Value) -> Result<Value, CallError> {
            self.calls.push((operation.to_owned(), input));
            match self.answers.pop_front() {
                Some(Ok(value)) => Ok(value),
                Some(Err(code)) => Err(service_error(code)),
                None => Err(service_error("NoMoreAnswers")),
            }
        }
    }

    fn json(text: &str) -> Value {
        awscli_jmespath::python::from_json(serde_json::from_str(text).expect("test JSON"))
    }

    #[test]
    fn device_flow_polls_slows_down_and_caches_the_token() {
        let dir = std::env::temp_dir().join(format!("awscli-sso-fetch-{}", std::process::id()));
        let cache = JsonFileCache::new(&dir);
        let mut client = FakeOidc {
            answers: VecDeque::from([
                Ok(json(
                    r#"{"clientId": "cid", "clientSecret": "cs", "clientSecretExpiresAt": 1800000000}"#,
                )),
                Ok(json(
                    r#"{"deviceCode": "dc", "userCode": "UC", "verificationUri": "https://v", "verificationUriComplete": "https://v?c=UC", "expiresIn": 600, "interval": 1}"#,
                )),
                Err("AuthorizationPendingException"),
                Err("SlowDownException"),
                Err("AuthorizationPendingException"),
                Ok(json(
                    r#"{"accessToken": "at", "expiresIn": 3600, "refreshToken": "rt"}"#,
                )),
            ]),
            calls: Vec::new(),
        };
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let clock = move || now;
        let mut sleeps = Vec::new();
        let mut sleep = |d: Duration| sleeps.push(d.as_secs());
        let mut shown = Vec::new();
        let token = TokenFetcher {
            sso_region: "us-east-1".into(),
            client: &mut client,
            cache: &cache,
            clock: &clock,
            sleep: &mut sleep,
        }
        .fetch_token(
            "https://d-123.awsapps.com/start",
            Some("my-sso"),
            Some(&["sso:account:access".to_owned()]),
            true,
            &mut |a| {
                shown.push(a.user_code.clone());
                Ok(())
            },
        )
        .expect("the flow succeeds");
        assert_eq!(shown, vec!["UC"]);
        // First attempt before the message, then pending (sleep 1), slow
        // down (sleep 6), pending (sleep 6), token.
        assert_eq!(sleeps, vec![6, 6]);
        let ops: Vec<&str> = client.calls.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(
            ops,
            [
                "RegisterClient",
                "StartDeviceAuthorization",
                "CreateToken",
                "CreateToken",
                "CreateToken",
                "CreateToken"
            ]
        );
        assert_eq!(
            client.calls[0].1.get("clientName").and_then(Value::as_str),
            Some("botocore-client-my-sso")
        );
        let written =
            std::fs::read_to_string(cache.path("0ad374308c5a4e22f723adf10145eafad7c4031c"))
                .expect("token cached");
        assert_eq!(
            written,
            r#"{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "at", "expiresAt": "2023-11-14T23:13:20Z", "clientId": "cid", "clientSecret": "cs", "registrationExpiresAt": "2027-01-15T08:00:00Z", "refreshToken": "rt"}"#
        );
        assert_eq!(token.get("accessToken").and_then(Value::as_str), Some("at"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn expired_device_code_ends_the_flow() {
        let dir = std::env::temp_dir().join(format!("awscli-sso-expire-{}", std::process::id()));
        let cache = JsonFileCache::new(&dir);
        let mut client = FakeOidc {
            answers: VecDeque::from([
                Ok(json(
                    r#"{"clientId": "cid", "clientSecret": "cs", "clientSecretExpiresAt": 1800000000}"#,
                )),
                Ok(json(
                    r#"{"deviceCode": "dc", "userCode": "UC", "verificationUri": "https://v", "verificationUriComplete": "https://v?c=UC", "expiresIn": 600}"#,
                )),
                Err("AuthorizationPendingException"),
                Err("AuthorizationPendingException"),
                Err("ExpiredTokenException"),
            ]),
            calls: Vec::new(),
        };
        let clock = || SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut sleeps = Vec::new();
        let mut sleep = |d: Duration| sleeps.push(d.as_secs());
        let error = TokenFetcher {
            sso_region: "us-east-1".into(),
            client: &mut client,
            cache: &cache,
            clock: &clock,
            sleep: &mut sleep,
        }
        .fetch_token("https://s", None, None, true, &mut |_| Ok(()))
        .expect_err("the device code expired");
        assert!(matches!(error, FetchError::PendingAuthorizationExpired));
        // No interval in the answer: RFC 8628's default of 5 seconds.
        assert_eq!(sleeps, vec![5]);
        // Legacy configuration: the client is named after the current time.
        assert_eq!(
            client.calls[0].1.get("clientName").and_then(Value::as_str),
            Some("botocore-client-1700000000")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
