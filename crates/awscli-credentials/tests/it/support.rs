//! The hermetic world the chain tests run in: an in-memory filesystem and environment, a fixed
//! clock, a recording in-process transport and no sleeping.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awscli_client::{
    BoxFuture, BufferedBody, HttpTransport, PreparedRequest, Sleeper, TransportError,
    TransportResponse,
};
use awscli_config::{CommandLine, Config, Env, MemoryFs};
use awscli_credentials::{
    resolve_chain, ChainOptions, CredentialsError, MemoryFileSystem, ResolvedCredentials,
};

/// 2026-01-01T00:00:00Z.
pub const NOW: u64 = 1_767_225_600;
pub const HOME: &str = "/home/u";

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

/// One answer of the fake transport.
pub type Handler =
    Arc<dyn Fn(&PreparedRequest) -> Result<(u16, String), TransportError> + Send + Sync>;

/// An in-process transport that records requests and answers from a handler.
pub struct FakeTransport {
    handler: Handler,
    pub requests: Mutex<Vec<PreparedRequest>>,
}

impl FakeTransport {
    pub fn new(
        handler: impl Fn(&PreparedRequest) -> Result<(u16, String), TransportError>
            + Send
            + Sync
            + 'static,
    ) -> Arc<Self> {
        Arc::new(Self {
            handler: Arc::new(handler),
            requests: Mutex::new(Vec::new()),
        })
    }

    /// A transport that must not be used.
    pub fn unused() -> Arc<Self> {
        Self::new(|request| panic!("unexpected request to {}", request.url))
    }

    pub fn requests(&self) -> Vec<PreparedRequest> {
        self.requests
            .lock()
            .expect("no panics while recording")
            .clone()
    }
}

impl HttpTransport for FakeTransport {
    fn send<'a>(
        &'a self,
        request: &'a PreparedRequest,
    ) -> BoxFuture<'a, Result<TransportResponse, TransportError>> {
        self.requests
            .lock()
            .expect("no panics while recording")
            .push(request.clone());
        let answer = (self.handler)(request);
        Box::pin(async move {
            answer.map(|(status, body)| TransportResponse {
                status,
                headers: vec![("x-amzn-requestid".into(), "req-1".into())],
                body: Box::new(BufferedBody::new(body)),
            })
        })
    }
}

pub struct NoSleep;

impl Sleeper for NoSleep {
    fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// Environment, files and command line of one test.
pub struct World {
    pub env: Vec<(String, String)>,
    pub files: MemoryFileSystem,
    pub cli_profile: Option<String>,
    pub prompts: Arc<Mutex<Vec<String>>>,
}

impl World {
    pub fn new() -> Self {
        let world = Self {
            env: vec![("HOME".into(), HOME.into())],
            files: MemoryFileSystem::new(),
            cli_profile: None,
            prompts: Arc::new(Mutex::new(Vec::new())),
        };
        // Keep IMDS out of every test that does not ask for it.
        world.with_env("AWS_EC2_METADATA_DISABLED", "true")
    }

    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.into(), value.into()));
        self
    }

    pub fn without_env(mut self, name: &str) -> Self {
        self.env.retain(|(n, _)| n != name);
        self
    }

    pub fn with_file(self, path: &str, contents: &str) -> Self {
        let path = path.replace('~', HOME);
        self.files.insert(path, contents.as_bytes().to_vec());
        self
    }

    pub fn config(self, contents: &str) -> Self {
        self.with_file("~/.aws/config", contents)
    }

    pub fn credentials(self, contents: &str) -> Self {
        self.with_file("~/.aws/credentials", contents)
    }

    pub fn profile(mut self, name: &str) -> Self {
        self.cli_profile = Some(name.into());
        self
    }

    pub fn load_config(&self) -> Config {
        let mut fs = MemoryFs::new();
        for path in self.files.paths() {
            if let Some(bytes) = self.files.get(&path) {
                fs.insert(path, bytes);
            }
        }
        let mut command_line = CommandLine::new();
        if let Some(profile) = &self.cli_profile {
            command_line.set("profile", profile.clone());
        }
        Config::load(Env::from_vars(self.env.clone()), &fs, command_line)
            .expect("test configuration parses")
    }

    pub fn options(&self, transport: Arc<dyn HttpTransport>) -> ChainOptions {
        let mut options = ChainOptions::new(transport);
        options.fs = Arc::new(self.files.clone());
        options.clock = Arc::new(now);
        options.sleeper = Arc::new(NoSleep);
        let prompts = Arc::clone(&self.prompts);
        options.prompter = Some(Arc::new(move |prompt: &str| {
            prompts.lock().expect("no panics").push(prompt.to_string());
            Ok("123456\n".to_string())
        }));
        options
    }

    pub async fn resolve(
        &self,
        transport: Arc<dyn HttpTransport>,
    ) -> Result<ResolvedCredentials, CredentialsError> {
        resolve_chain(&self.load_config(), self.options(transport)).await
    }
}

/// Resolves and fetches: `(method, access key id)`.
pub async fn method_and_key(
    world: &World,
    transport: Arc<dyn HttpTransport>,
) -> Result<(String, String), String> {
    let resolved = world.resolve(transport).await.map_err(|e| e.to_string())?;
    let credentials = resolved
        .provider
        .credentials()
        .await
        .map_err(|e| e.to_string())?;
    Ok((resolved.method.to_string(), credentials.access_key_id))
}

/// The STS query response for `action` (AssumeRole, AssumeRoleWithWebIdentity).
pub fn sts_response(action: &str, access_key_id: &str, expiration: &str) -> String {
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result><Credentials><AccessKeyId>{access_key_id}</AccessKeyId><SecretAccessKey>SECRET-{access_key_id}</SecretAccessKey><SessionToken>TOKEN-{access_key_id}</SessionToken><Expiration>{expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA123:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser></{action}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></{action}Response>"#
    )
}

/// Decodes an `application/x-www-form-urlencoded` body into pairs.
pub fn form(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn form_value(body: &[u8], key: &str) -> Option<String> {
    form(body)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}
