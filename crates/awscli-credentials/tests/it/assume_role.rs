//! assume-role: source profiles, chains, loops, credential_source, MFA and the JSON cache.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::support::{form_value, method_and_key, sts_response, FakeTransport, World, HOME, NOW};

const ROLE: &str = "arn:aws:iam::123456789012:role/r";

/// An STS fake answering AssumeRole with keys ASIA1, ASIA2, ... in call order.
fn sts() -> Arc<FakeTransport> {
    let calls = AtomicUsize::new(0);
    FakeTransport::new(move |request| {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        assert_eq!(
            form_value(&request.body, "Action").as_deref(),
            Some("AssumeRole")
        );
        Ok((
            200,
            sts_response("AssumeRole", &format!("ASIA{n}"), "2030-01-01T00:00:00Z"),
        ))
    })
}

fn base() -> World {
    World::new().with_env("AWS_REGION", "us-west-2")
}

#[tokio::test]
async fn source_profile_with_static_keys_calls_sts_and_writes_the_cache() {
    let world = base()
        .config(&format!(
            "[default]\nrole_arn = {ROLE}\nsource_profile = base\n"
        ))
        .credentials("[base]\naws_access_key_id = AKBASE\naws_secret_access_key = s\n");
    let transport = sts();
    let resolved = world.resolve(transport.clone()).await.unwrap();
    assert_eq!(resolved.method, "assume-role");
    // Deferred: nothing is sent before the credentials are asked for.
    assert!(transport.requests().is_empty());
    let credentials = resolved.provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id, "ASIA1");
    assert_eq!(credentials.session_token.as_deref(), Some("TOKEN-ASIA1"));

    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.url, "https://sts.us-west-2.amazonaws.com/");
    assert_eq!(form_value(&request.body, "RoleArn").as_deref(), Some(ROLE));
    assert_eq!(
        form_value(&request.body, "RoleSessionName"),
        Some(format!("botocore-session-{NOW}"))
    );
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.contains("Credential=AKBASE/"),
        "{authorization}"
    );

    // The cache key leaves the generated session name out:
    // sha1(json.dumps({"RoleArn": ROLE}, sort_keys=True)).
    let path = format!("{HOME}/.aws/cli/cache/6dc9e6e1e186b9f293814df3266de783142c48a2.json");
    let cached = world
        .files
        .get(&path)
        .unwrap_or_else(|| panic!("no cache at {path}: {:?}", world.files.paths()));
    let cached: serde_json::Value = serde_json::from_slice(&cached).unwrap();
    assert_eq!(cached["Credentials"]["AccessKeyId"], "ASIA1");
    assert_eq!(
        cached["Credentials"]["Expiration"],
        "2030-01-01T00:00:00UTC"
    );
    assert_eq!(cached["AssumedRoleUser"]["AssumedRoleId"], "AROA123:s");
    assert_eq!(cached["ResponseMetadata"]["RequestId"], "req-1");

    // A second process reads the cache instead of calling STS.
    let again = FakeTransport::unused();
    assert_eq!(
        method_and_key(&world, again).await,
        Ok(("assume-role".into(), "ASIA1".into()))
    );
}

#[tokio::test]
async fn expired_cache_entry_is_replaced() {
    let key = "6dc9e6e1e186b9f293814df3266de783142c48a2";
    let stale = r#"{"Credentials": {"AccessKeyId": "ASIAOLD", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-01-01T00:10:00UTC"}}"#;
    let world = base()
        .config(&format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n[profile base]\naws_access_key_id = AKBASE\naws_secret_access_key = s\n"))
        .with_file(&format!("~/.aws/cli/cache/{key}.json"), stale);
    // Ten minutes left is inside the 15-minute window: call STS again.
    assert_eq!(
        method_and_key(&world, sts()).await,
        Ok(("assume-role".into(), "ASIA1".into()))
    );
}

#[tokio::test]
async fn chained_roles_assume_in_order() {
    let world = base().config(&format!(
        "[default]\nrole_arn = {ROLE}-a\nsource_profile = b\n\
         [profile b]\nrole_arn = {ROLE}-b\nsource_profile = c\n\
         [profile c]\naws_access_key_id = AKC\naws_secret_access_key = s\n"
    ));
    let transport = sts();
    assert_eq!(
        method_and_key(&world, transport.clone()).await,
        Ok(("assume-role".into(), "ASIA2".into()))
    );
    let requests = transport.requests();
    assert_eq!(
        form_value(&requests[0].body, "RoleArn"),
        Some(format!("{ROLE}-b"))
    );
    assert!(requests[0]
        .header("Authorization")
        .unwrap()
        .contains("Credential=AKC/"));
    assert_eq!(
        form_value(&requests[1].body, "RoleArn"),
        Some(format!("{ROLE}-a"))
    );
    assert!(requests[1]
        .header("Authorization")
        .unwrap()
        .contains("Credential=ASIA1/"));
}

#[tokio::test]
async fn static_keys_in_a_source_profile_win_over_its_role() {
    let world = base().config(&format!(
        "[default]\nrole_arn = {ROLE}\nsource_profile = b\n\
         [profile b]\nrole_arn = {ROLE}-b\nsource_profile = c\naws_access_key_id = AKB\naws_secret_access_key = s\n"
    ));
    let transport = sts();
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap().1,
        "ASIA1"
    );
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn profile_may_source_itself_only_with_static_keys() {
    let ok = base().config(&format!(
        "[default]\nrole_arn = {ROLE}\nsource_profile = default\naws_access_key_id = AKSELF\naws_secret_access_key = s\n"
    ));
    assert_eq!(method_and_key(&ok, sts()).await.unwrap().1, "ASIA1");

    let looping = base().config(&format!(
        "[default]\nrole_arn = {ROLE}\nsource_profile = default\n"
    ));
    assert_eq!(
        method_and_key(&looping, FakeTransport::unused()).await.unwrap_err(),
        "Infinite loop in credential configuration detected. Attempting to load from profile default which has already been visited. Visited profiles: ['default']"
    );
}

#[tokio::test]
async fn source_profile_cycle_is_an_error() {
    let world = base().config(&format!(
        "[default]\nrole_arn = {ROLE}\nsource_profile = b\n\
         [profile b]\nrole_arn = {ROLE}\nsource_profile = c\n\
         [profile c]\nrole_arn = {ROLE}\nsource_profile = b\n"
    ));
    assert_eq!(
        method_and_key(&world, FakeTransport::unused()).await.unwrap_err(),
        "Infinite loop in credential configuration detected. Attempting to load from profile b which has already been visited. Visited profiles: ['default', 'b', 'c']"
    );
}

#[tokio::test]
async fn configuration_errors_use_botocore_text() {
    let cases = [
        (
            format!("[default]\nrole_arn = {ROLE}\nsource_profile = nope\n"),
            "The source_profile \"nope\" referenced in the profile \"default\" does not exist.",
        ),
        (
            format!("[default]\nrole_arn = {ROLE}\nsource_profile = b\ncredential_source = Environment\n[profile b]\n"),
            "The profile \"default\" contains both source_profile and credential_source.",
        ),
        (
            format!("[default]\nrole_arn = {ROLE}\ncredential_source = environment\n"),
            "The credential source \"environment\" referenced in profile \"default\" is not valid.",
        ),
        (
            format!("[default]\nrole_arn = {ROLE}\nsource_profile = b\n[profile b]\nregion = us-east-1\n"),
            "The source profile \"b\" must have credentials.",
        ),
        (
            format!("[default]\nrole_arn = {ROLE}\ncredential_source = Environment\n"),
            "Error when retrieving credentials from Environment: No credentials found in credential_source referenced in profile default",
        ),
    ];
    for (config, expected) in cases {
        let world = base().config(&config);
        assert_eq!(
            method_and_key(&world, FakeTransport::unused())
                .await
                .unwrap_err(),
            expected,
            "{config}"
        );
    }
}

#[tokio::test]
async fn credential_source_environment_ignores_profile_flag() {
    let world = base()
        .with_env("AWS_ACCESS_KEY_ID", "AKENV")
        .with_env("AWS_SECRET_ACCESS_KEY", "s")
        .config(&format!(
            "[profile dev]\nrole_arn = {ROLE}\ncredential_source = Environment\n"
        ))
        .profile("dev");
    let transport = sts();
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap().1,
        "ASIA1"
    );
    assert!(transport.requests()[0]
        .header("Authorization")
        .unwrap()
        .contains("Credential=AKENV/"));
}

#[tokio::test]
async fn optional_parameters_and_mfa_prompt() {
    let world = base()
        .config(&format!(
            "[default]\nrole_arn = {ROLE}\nsource_profile = b\nexternal_id = ext-1\nrole_session_name = mysession\nduration_seconds = 900\nmfa_serial = arn:aws:iam::123456789012:mfa/u\n\
             [profile b]\naws_access_key_id = AKB\naws_secret_access_key = s\n"
        ));
    let transport = sts();
    let resolved = world.resolve(transport.clone()).await.unwrap();
    assert_eq!(
        resolved.provider.credentials().await.unwrap().access_key_id,
        "ASIA1"
    );
    assert_eq!(
        *world.prompts.lock().unwrap(),
        vec!["Enter MFA code for arn:aws:iam::123456789012:mfa/u: ".to_string()]
    );
    let body = &transport.requests()[0].body;
    assert_eq!(form_value(body, "ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(
        form_value(body, "RoleSessionName").as_deref(),
        Some("mysession")
    );
    assert_eq!(form_value(body, "DurationSeconds").as_deref(), Some("900"));
    assert_eq!(
        form_value(body, "SerialNumber").as_deref(),
        Some("arn:aws:iam::123456789012:mfa/u")
    );
    assert_eq!(form_value(body, "TokenCode").as_deref(), Some("123456"));
    // python3: sha1(json.dumps({"DurationSeconds": 900, "ExternalId": "ext-1", "RoleArn": ROLE,
    //   "RoleSessionName": "mysession", "SerialNumber": "arn:...:mfa/u"}, sort_keys=True))
    let key = "18d12be9519184ad8804f3db96f98ee8574d44cf";
    assert!(world
        .files
        .get(format!("{HOME}/.aws/cli/cache/{key}.json"))
        .is_some());
    // The MFA code cannot be asked for again on refresh.
    assert_eq!(world.prompts.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn sts_error_is_reported_as_a_client_error() {
    let world = base()
        .config(&format!("[default]\nrole_arn = {ROLE}\nsource_profile = b\n[profile b]\naws_access_key_id = AKB\naws_secret_access_key = s\n"));
    let transport = FakeTransport::new(|_| {
        Ok((403, r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>r</RequestId></ErrorResponse>"#.to_string()))
    });
    assert_eq!(
        method_and_key(&world, transport).await.unwrap_err(),
        "An error occurred (AccessDenied) when calling the AssumeRole operation: not allowed"
    );
}

#[tokio::test]
async fn sts_without_region_uses_the_global_endpoint() {
    let world = World::new().config(&format!(
        "[default]\nrole_arn = {ROLE}\nsource_profile = b\n[profile b]\naws_access_key_id = AKB\naws_secret_access_key = s\n"
    ));
    let transport = sts();
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap().1,
        "ASIA1"
    );
    assert_eq!(transport.requests()[0].url, "https://sts.amazonaws.com/");
}
