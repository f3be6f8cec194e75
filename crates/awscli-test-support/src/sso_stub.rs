//! A stub of IAM Identity Center on 127.0.0.1: the SSO OIDC API
//! (`RegisterClient`, `StartDeviceAuthorization`, `CreateToken` with the
//! device-code and refresh-token grants) and the portal API
//! (`GetRoleCredentials`, `ListAccounts`, `ListAccountRoles`, `Logout`, the
//! account and role lists configurable and optionally paginated), enough to drive
//! `aws sso login`, `aws sso logout` and the SSO credential provider end to
//! end. moto has no SSO portal, so tests point `AWS_ENDPOINT_URL_SSO_OIDC`
//! and `AWS_ENDPOINT_URL_SSO` here.
//!
//! Wire format: the `rest-json` bindings of botocore's `sso-oidc` and `sso`
//! models (paths, `x-amz-sso_bearer_token`, `role_name`/`account_id`
//! query); errors carry their code in `x-amzn-ErrorType` and an OAuth
//! `error` member, as the service sends them.
//!
//! Device authorizations are approved automatically after a configurable
//! number of `CreateToken` polls (each answered `AuthorizationPendingException`),
//! optionally preceded by scripted answers (`SlowDownException`,
//! `ExpiredTokenException`). Every request is recorded by operation name.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::BufReader;
use std::net::TcpStream;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::http::{self, WireRequest};
use crate::recording::RecordedRequest;
use crate::HarnessError;

/// The account the stub assigns to every user.
pub const ACCOUNT_ID: &str = "123456789012";
/// `clientIdIssuedAt` of every registration (2024-01-01T00:00:00Z).
const CLIENT_ISSUED_AT: i64 = 1_704_067_200;
/// `clientSecretExpiresAt` of every registration (2100-01-01T00:00:00Z).
pub const CLIENT_SECRET_EXPIRES_AT: i64 = 4_102_444_800;

/// A scripted answer to one `CreateToken` poll of a device code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    /// `AuthorizationPendingException` (the user has not approved yet).
    Pending,
    /// `SlowDownException` (the client polls too fast).
    SlowDown,
    /// `ExpiredTokenException` (the device code expired).
    Expired,
    /// The token.
    Approve,
}

/// One request the stub answered, with the operation it was routed to.
#[derive(Debug, Clone)]
pub struct StubRequest {
    /// `RegisterClient`, `CreateToken`, `GetRoleCredentials`, ... or
    /// `Unknown`.
    pub operation: &'static str,
    pub request: RecordedRequest,
}

impl StubRequest {
    /// The JSON body (`Null` when empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.request.body).unwrap_or(Value::Null)
    }
}

#[derive(Debug)]
struct State {
    requests: Vec<StubRequest>,
    /// `Pending` answers before a device authorization is approved.
    approve_after: u32,
    /// Answers given before the pending/approve sequence of every new
    /// device code.
    script: Vec<Poll>,
    interval: Option<u64>,
    /// clientId → (secret, had scopes).
    clients: HashMap<String, (String, bool)>,
    /// deviceCode → (clientId, remaining answers).
    devices: HashMap<String, (String, VecDeque<Poll>)>,
    access_tokens: HashSet<String>,
    refresh_tokens: HashMap<String, String>,
    /// Seconds an access token lives (`expiresIn`).
    token_lifetime: i64,
    /// The user codes of the device authorizations, in order.
    user_codes: Vec<String>,
    next: u64,
    /// What `ListAccounts` answers (`accountList` items).
    accounts: Vec<Value>,
    /// Role names by account id for `ListAccountRoles` (missing: `["Admin"]`).
    roles: HashMap<String, Vec<String>>,
    /// Items per page of `ListAccounts`/`ListAccountRoles` (`None`: one page).
    page_size: Option<usize>,
}

/// The stub; see the module docs.
#[derive(Debug)]
pub struct SsoStub {
    state: Arc<Mutex<State>>,
    acceptor: http::Acceptor,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // Every update is a handful of inserts under one lock; a panic in a
    // test thread does not leave the maps inconsistent.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl SsoStub {
    /// Starts on 127.0.0.1 and a free port; device authorizations are
    /// approved on the second poll (one `Pending` first) with an interval
    /// of 0 seconds.
    pub fn start() -> Result<SsoStub, HarnessError> {
        let state = Arc::new(Mutex::new(State {
            requests: Vec::new(),
            approve_after: 1,
            script: Vec::new(),
            interval: Some(0),
            clients: HashMap::new(),
            devices: HashMap::new(),
            access_tokens: HashSet::new(),
            refresh_tokens: HashMap::new(),
            token_lifetime: 8 * 3600,
            user_codes: Vec::new(),
            next: 1,
            accounts: vec![json!({
                "accountId": ACCOUNT_ID,
                "accountName": "stub-account",
                "emailAddress": "stub@example.com",
            })],
            roles: HashMap::new(),
            page_size: None,
        }));
        let acceptor = {
            let state = Arc::clone(&state);
            http::Acceptor::start("starting the SSO stub", move |stream| serve(stream, &state))?
        };
        Ok(SsoStub { state, acceptor })
    }

    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_SSO_OIDC` and
    /// `AWS_ENDPOINT_URL_SSO`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.acceptor.addr())
    }

    /// Approve new device authorizations after `polls` pending answers.
    pub fn approve_after(&self, polls: u32) {
        lock(&self.state).approve_after = polls;
    }

    /// Answers to give new device codes before the pending/approve
    /// sequence (e.g. `[Poll::SlowDown]`, or `[Poll::Expired]`).
    pub fn script(&self, polls: impl IntoIterator<Item = Poll>) {
        lock(&self.state).script = polls.into_iter().collect();
    }

    /// The `interval` of device authorizations (`None` leaves it out, so
    /// clients use RFC 8628's default of 5 seconds).
    pub fn interval(&self, seconds: Option<u64>) {
        lock(&self.state).interval = seconds;
    }

    /// The `expiresIn` of tokens issued from now on (negative issues tokens
    /// that are already expired).
    pub fn token_lifetime(&self, seconds: i64) {
        lock(&self.state).token_lifetime = seconds;
    }

    /// Makes `token` a valid access token (as if issued by an earlier login).
    pub fn add_access_token(&self, token: &str) {
        lock(&self.state).access_tokens.insert(token.to_owned());
    }

    /// Makes `refresh_token` redeemable by `client_id`.
    pub fn add_refresh_token(&self, client_id: &str, client_secret: &str, refresh_token: &str) {
        let mut state = lock(&self.state);
        state
            .clients
            .insert(client_id.to_owned(), (client_secret.to_owned(), true));
        state
            .refresh_tokens
            .insert(refresh_token.to_owned(), client_id.to_owned());
    }

    /// Whether `token` is still accepted (not revoked by `Logout`).
    pub fn access_token_valid(&self, token: &str) -> bool {
        lock(&self.state).access_tokens.contains(token)
    }

    /// Writes endpoint rule sets for `sso-oidc` and `sso` that resolve to
    /// this stub into `data_path` (`<service>/2019-06-10/endpoint-rule-set-1.json`).
    /// The reference 2.9.19 reads no `AWS_ENDPOINT_URL_*` variable and has no
    /// other way to redirect the clients `sso login`, `sso logout` and the
    /// SSO credential provider create, but its loader looks in
    /// `AWS_DATA_PATH` before its own data, so running it with
    /// `AWS_DATA_PATH=<data_path>` points those clients here.
    pub fn write_rule_sets(&self, data_path: &Path) -> Result<(), HarnessError> {
        let rule_set = json!({
            "version": "1.0",
            "parameters": {
                "Region": {
                    "builtIn": "AWS::Region",
                    "required": false,
                    "documentation": "The AWS region used to dispatch the request.",
                    "type": "String",
                },
            },
            "rules": [{
                "conditions": [],
                "endpoint": {"url": self.endpoint(), "properties": {}, "headers": {}},
                "type": "endpoint",
            }],
        });
        for service in ["sso-oidc", "sso"] {
            let dir = data_path.join(service).join("2019-06-10");
            std::fs::create_dir_all(&dir)
                .map_err(HarnessError::io(format!("creating {}", dir.display())))?;
            let path = dir.join("endpoint-rule-set-1.json");
            std::fs::write(&path, rule_set.to_string())
                .map_err(HarnessError::io(format!("writing {}", path.display())))?;
        }
        Ok(())
    }

    /// The accounts `ListAccounts` answers with (`accountList` items:
    /// `accountId`, `accountName`, `emailAddress`).
    pub fn accounts(&self, accounts: Vec<Value>) {
        lock(&self.state).accounts = accounts;
    }

    /// The role names `ListAccountRoles` answers with for `account_id`
    /// (every account has `Admin` unless set).
    pub fn roles(&self, account_id: &str, roles: &[&str]) {
        lock(&self.state).roles.insert(
            account_id.to_owned(),
            roles.iter().map(|r| (*r).to_owned()).collect(),
        );
    }

    /// Splits `ListAccounts`/`ListAccountRoles` answers into pages of
    /// `items` (linked by `nextToken`, the start index).
    pub fn page_size(&self, items: usize) {
        lock(&self.state).page_size = Some(items.max(1));
    }

    /// The user codes handed out so far (what a login prints).
    pub fn user_codes(&self) -> Vec<String> {
        lock(&self.state).user_codes.clone()
    }

    /// The access tokens currently accepted.
    pub fn access_tokens(&self) -> Vec<String> {
        let mut tokens: Vec<String> = lock(&self.state).access_tokens.iter().cloned().collect();
        tokens.sort();
        tokens
    }

    /// The requests answered so far.
    pub fn requests(&self) -> Vec<StubRequest> {
        lock(&self.state).requests.clone()
    }

    /// The operation names of the requests so far, in order.
    pub fn operations(&self) -> Vec<&'static str> {
        lock(&self.state)
            .requests
            .iter()
            .map(|r| r.operation)
            .collect()
    }
}

/// A response: status, `x-amzn-ErrorType` for errors, JSON body.
struct Reply {
    status: u16,
    error_type: Option<&'static str>,
    body: Value,
}

fn ok(body: Value) -> Reply {
    Reply {
        status: 200,
        error_type: None,
        body,
    }
}

fn oidc_error(status: u16, code: &'static str, error: &str, description: &str) -> Reply {
    Reply {
        status,
        error_type: Some(code),
        body: json!({"error": error, "error_description": description}),
    }
}

fn portal_error(status: u16, code: &'static str, message: &str) -> Reply {
    Reply {
        status,
        error_type: Some(code),
        body: json!({"message": message}),
    }
}

fn header<'a>(request: &'a WireRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn query_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

fn route(method: &str, path: &str) -> &'static str {
    match (method, path) {
        ("POST", "/client/register") => "RegisterClient",
        ("POST", "/device_authorization") => "StartDeviceAuthorization",
        ("POST", "/token") => "CreateToken",
        ("GET", "/federation/credentials") => "GetRoleCredentials",
        ("GET", "/assignment/accounts") => "ListAccounts",
        ("GET", "/assignment/roles") => "ListAccountRoles",
        ("POST", "/logout") => "Logout",
        _ => "Unknown",
    }
}

impl State {
    fn fresh(&mut self, prefix: &str) -> String {
        let n = self.next;
        self.next += 1;
        format!("{prefix}-{n}")
    }

    fn issue_token(&mut self, client_id: &str) -> Value {
        let access = self.fresh("access-token");
        self.access_tokens.insert(access.clone());
        let mut body = json!({
            "accessToken": access,
            "tokenType": "Bearer",
            "expiresIn": self.token_lifetime,
        });
        // Identity Center only hands out refresh tokens to clients that
        // registered with scopes (sso-session configuration).
        if self
            .clients
            .get(client_id)
            .is_some_and(|(_, scoped)| *scoped)
        {
            let refresh = self.fresh("refresh-token");
            self.refresh_tokens
                .insert(refresh.clone(), client_id.to_owned());
            body["refreshToken"] = Value::String(refresh);
        }
        body
    }

    /// One page of `items` from the `next_token` of `target` (an index).
    fn page(&self, target: &str, key: &str, items: Vec<Value>) -> Value {
        let start: usize = query_param(target, "next_token")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let size = self.page_size.unwrap_or(usize::MAX);
        let end = start.saturating_add(size).min(items.len());
        let mut body = json!({ key: items.get(start..end).unwrap_or_default() });
        if end < items.len() {
            body["nextToken"] = Value::String(end.to_string());
        }
        body
    }

    fn client_ok(&self, body: &Value) -> Option<String> {
        let id = body.get("clientId")?.as_str()?;
        let secret = body.get("clientSecret")?.as_str()?;
        let (known_secret, _) = self.clients.get(id)?;
        (known_secret == secret).then(|| id.to_owned())
    }

    fn answer(&mut self, operation: &str, request: &WireRequest) -> Reply {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let bearer = header(request, "x-amz-sso_bearer_token").unwrap_or_default();
        match operation {
            "RegisterClient" => {
                let id = self.fresh("client-id");
                let secret = self.fresh("client-secret");
                let scoped = body
                    .get("scopes")
                    .and_then(Value::as_array)
                    .is_some_and(|s| !s.is_empty());
                self.clients.insert(id.clone(), (secret.clone(), scoped));
                // Fixed times, so that runs of two CLIs against fresh stubs
                // cache identical registrations.
                ok(json!({
                    "clientId": id,
                    "clientSecret": secret,
                    "clientIdIssuedAt": CLIENT_ISSUED_AT,
                    "clientSecretExpiresAt": CLIENT_SECRET_EXPIRES_AT,
                }))
            }
            "StartDeviceAuthorization" => {
                let Some(client_id) = self.client_ok(&body) else {
                    return oidc_error(401, "InvalidClientException", "invalid_client", "");
                };
                let device = self.fresh("device-code");
                let user_code = format!("CODE-{}", self.next);
                self.user_codes.push(user_code.clone());
                let mut answers: VecDeque<Poll> = self.script.iter().copied().collect();
                answers.extend(std::iter::repeat_n(
                    Poll::Pending,
                    self.approve_after as usize,
                ));
                answers.push_back(Poll::Approve);
                self.devices.insert(device.clone(), (client_id, answers));
                let mut reply = json!({
                    "deviceCode": device,
                    "userCode": user_code,
                    "verificationUri": "https://device.sso.us-east-1.amazonaws.com/",
                    "verificationUriComplete": format!("https://device.sso.us-east-1.amazonaws.com/?user_code={user_code}"),
                    "expiresIn": 600,
                });
                if let Some(interval) = self.interval {
                    reply["interval"] = json!(interval);
                }
                ok(reply)
            }
            "CreateToken" => {
                let Some(client_id) = self.client_ok(&body) else {
                    return oidc_error(401, "InvalidClientException", "invalid_client", "");
                };
                match body.get("grantType").and_then(Value::as_str) {
                    Some("urn:ietf:params:oauth:grant-type:device_code") => {
                        let code = body
                            .get("deviceCode")
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        let Some((owner, answers)) = self.devices.get_mut(code) else {
                            return oidc_error(400, "InvalidGrantException", "invalid_grant", "");
                        };
                        if *owner != client_id {
                            return oidc_error(400, "InvalidGrantException", "invalid_grant", "");
                        }
                        // Once the script runs out the last answer repeats.
                        let poll = if answers.len() > 1 {
                            answers.pop_front().unwrap_or(Poll::Approve)
                        } else {
                            answers.front().copied().unwrap_or(Poll::Approve)
                        };
                        match poll {
                            Poll::Pending => oidc_error(
                                400,
                                "AuthorizationPendingException",
                                "authorization_pending",
                                "Authorization is still pending",
                            ),
                            Poll::SlowDown => oidc_error(
                                400,
                                "SlowDownException",
                                "slow_down",
                                "Client is polling too fast",
                            ),
                            Poll::Expired => oidc_error(
                                400,
                                "ExpiredTokenException",
                                "expired_token",
                                "Device code has expired",
                            ),
                            Poll::Approve => {
                                self.devices.remove(code);
                                ok(self.issue_token(&client_id))
                            }
                        }
                    }
                    Some("refresh_token") => {
                        let refresh = body
                            .get("refreshToken")
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        match self.refresh_tokens.remove(refresh) {
                            Some(owner) if owner == client_id => ok(self.issue_token(&client_id)),
                            _ => oidc_error(400, "InvalidGrantException", "invalid_grant", ""),
                        }
                    }
                    _ => oidc_error(
                        400,
                        "UnsupportedGrantTypeException",
                        "unsupported_grant_type",
                        "",
                    ),
                }
            }
            "GetRoleCredentials" => {
                if !self.access_tokens.contains(bearer) {
                    return portal_error(
                        401,
                        "UnauthorizedException",
                        "Session token not found or invalid",
                    );
                }
                let role = query_param(&request.target, "role_name").unwrap_or_default();
                let account = query_param(&request.target, "account_id").unwrap_or_default();
                if account != ACCOUNT_ID {
                    return portal_error(403, "ForbiddenException", "No access");
                }
                let n = self.fresh("key");
                ok(json!({"roleCredentials": {
                    "accessKeyId": format!("ASIASSOSTUB{}", n.trim_start_matches("key-")),
                    "secretAccessKey": format!("sso-secret-{role}"),
                    "sessionToken": format!("sso-session-token-{n}"),
                    "expiration": (now_seconds() + 3600) * 1000,
                }}))
            }
            "ListAccounts" => {
                if !self.access_tokens.contains(bearer) {
                    return portal_error(
                        401,
                        "UnauthorizedException",
                        "Session token not found or invalid",
                    );
                }
                let accounts = self.accounts.clone();
                ok(self.page(&request.target, "accountList", accounts))
            }
            "ListAccountRoles" => {
                if !self.access_tokens.contains(bearer) {
                    return portal_error(
                        401,
                        "UnauthorizedException",
                        "Session token not found or invalid",
                    );
                }
                let account = query_param(&request.target, "account_id").unwrap_or_default();
                let roles: Vec<Value> = self
                    .roles
                    .get(&account)
                    .cloned()
                    .unwrap_or_else(|| vec!["Admin".to_owned()])
                    .into_iter()
                    .map(|role| json!({"roleName": role, "accountId": account}))
                    .collect();
                ok(self.page(&request.target, "roleList", roles))
            }
            "Logout" => {
                if !self.access_tokens.remove(bearer) {
                    return portal_error(
                        401,
                        "UnauthorizedException",
                        "Session token not found or invalid",
                    );
                }
                ok(Value::Null)
            }
            _ => portal_error(404, "UnknownOperationException", "Unknown operation"),
        }
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Ok(Some(request)) = http::read_request(&mut reader, &mut writer) {
        let path = request
            .target
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        let operation = route(&request.method, &path);
        let reply = {
            let mut state = lock(state);
            let reply = state.answer(operation, &request);
            state.requests.push(StubRequest {
                operation,
                request: request.into(),
            });
            reply
        };
        let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        if let Some(code) = reply.error_type {
            headers.push(("x-amzn-ErrorType".to_owned(), code.to_owned()));
        }
        let body = if reply.body.is_null() {
            Vec::new()
        } else {
            reply.body.to_string().into_bytes()
        };
        if http::write_response(&mut writer, reply.status, &headers, &body, false).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn post(stub: &SsoStub, path: &str, body: Value) -> (u16, Value) {
        let (status, bytes) = http::send(
            stub.acceptor.addr(),
            "POST",
            path,
            body.to_string().as_bytes(),
            Duration::from_secs(5),
        )
        .expect("the stub answers");
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    #[test]
    fn account_and_role_lists_are_paged() {
        let stub = SsoStub::start().expect("stub starts");
        stub.roles("2", &["A", "B", "C"]);
        stub.page_size(2);
        let state = lock(&stub.state);
        let roles: Vec<Value> = state.roles["2"].iter().map(|r| json!(r)).collect();
        let first = state.page("/assignment/roles?account_id=2", "roleList", roles.clone());
        assert_eq!(first, json!({"roleList": ["A", "B"], "nextToken": "2"}));
        let rest = state.page(
            "/assignment/roles?account_id=2&next_token=2",
            "roleList",
            roles,
        );
        assert_eq!(rest, json!({"roleList": ["C"]}));
    }

    #[test]
    fn device_flow_approves_after_the_configured_polls() {
        let stub = SsoStub::start().expect("stub starts");
        stub.approve_after(2);
        stub.script([Poll::SlowDown]);
        let (_, client) = post(
            &stub,
            "/client/register",
            json!({"clientName": "x", "clientType": "public", "scopes": ["sso:account:access"]}),
        );
        let credentials =
            json!({"clientId": client["clientId"], "clientSecret": client["clientSecret"]});
        let mut start = credentials.clone();
        start["startUrl"] = json!("https://x/start");
        let (status, device) = post(&stub, "/device_authorization", start);
        assert_eq!(status, 200);
        assert_eq!(device["interval"], json!(0));
        let mut poll = credentials.clone();
        poll["grantType"] = json!("urn:ietf:params:oauth:grant-type:device_code");
        poll["deviceCode"] = device["deviceCode"].clone();
        let answers: Vec<Value> = (0..4)
            .map(|_| post(&stub, "/token", poll.clone()).1)
            .collect();
        assert_eq!(answers[0]["error"], json!("slow_down"));
        assert_eq!(answers[1]["error"], json!("authorization_pending"));
        assert_eq!(answers[2]["error"], json!("authorization_pending"));
        let access = answers[3]["accessToken"]
            .as_str()
            .expect("approved")
            .to_owned();
        assert!(answers[3]["refreshToken"].is_string());
        assert!(stub.access_token_valid(&access));
        assert_eq!(
            stub.operations(),
            [
                "RegisterClient",
                "StartDeviceAuthorization",
                "CreateToken",
                "CreateToken",
                "CreateToken",
                "CreateToken"
            ]
        );
    }
}
