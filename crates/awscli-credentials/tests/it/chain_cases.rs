//! Table-driven precedence cases: environment + config + credentials files → the provider
//! that wins (its METHOD and access key) or the error text. reference-cli.md 2.5.

use crate::support::{method_and_key, FakeTransport, World};

struct Case {
    name: &'static str,
    env: &'static [(&'static str, &'static str)],
    config: Option<&'static str>,
    credentials: Option<&'static str>,
    cli_profile: Option<&'static str>,
    expected: Result<(&'static str, &'static str), &'static str>,
}

const BASE: Case = Case {
    name: "",
    env: &[],
    config: None,
    credentials: None,
    cli_profile: None,
    expected: Err(""),
};

const CASES: &[Case] = &[
    Case {
        name: "env keys win over every file",
        env: &[("AWS_ACCESS_KEY_ID", "AKENV"), ("AWS_SECRET_ACCESS_KEY", "s")],
        credentials: Some("[default]\naws_access_key_id = AKSHARED\naws_secret_access_key = s\n"),
        config: Some("[default]\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n"),
        expected: Ok(("env", "AKENV")),
        ..BASE
    },
    Case {
        name: "env keys win over AWS_PROFILE",
        env: &[
            ("AWS_ACCESS_KEY_ID", "AKENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_PROFILE", "dev"),
        ],
        credentials: Some("[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = s\n"),
        expected: Ok(("env", "AKENV")),
        ..BASE
    },
    Case {
        name: "--profile removes the env provider",
        env: &[("AWS_ACCESS_KEY_ID", "AKENV"), ("AWS_SECRET_ACCESS_KEY", "s")],
        credentials: Some("[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = s\n"),
        cli_profile: Some("dev"),
        expected: Ok(("shared-credentials-file", "AKDEV")),
        ..BASE
    },
    Case {
        name: "empty env access key is unset",
        env: &[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "s")],
        credentials: Some("[default]\naws_access_key_id = AKSHARED\naws_secret_access_key = s\n"),
        expected: Ok(("shared-credentials-file", "AKSHARED")),
        ..BASE
    },
    Case {
        name: "env access key without secret is partial",
        env: &[("AWS_ACCESS_KEY_ID", "AKENV")],
        expected: Err("Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY"),
        ..BASE
    },
    Case {
        name: "credentials file beats config file",
        credentials: Some("[default]\naws_access_key_id = AKSHARED\naws_secret_access_key = s\n"),
        config: Some("[default]\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n"),
        expected: Ok(("shared-credentials-file", "AKSHARED")),
        ..BASE
    },
    Case {
        name: "config file keys",
        config: Some("[profile dev]\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n"),
        env: &[("AWS_PROFILE", "dev")],
        expected: Ok(("config-file", "AKCONFIG")),
        ..BASE
    },
    Case {
        name: "config file partial keys",
        config: Some("[default]\naws_access_key_id = AKCONFIG\n"),
        expected: Err("Partial credentials found in config-file, missing: aws_secret_access_key"),
        ..BASE
    },
    Case {
        name: "credential_process beats config file keys",
        config: Some(
            "[default]\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"s\"}'\n",
        ),
        expected: Ok(("custom-process", "AKPROC")),
        ..BASE
    },
    Case {
        name: "credentials file beats credential_process",
        config: Some("[default]\ncredential_process = false\n"),
        credentials: Some("[default]\naws_access_key_id = AKSHARED\naws_secret_access_key = s\n"),
        expected: Ok(("shared-credentials-file", "AKSHARED")),
        ..BASE
    },
    Case {
        name: "nothing configured and IMDS disabled",
        expected: Err("Unable to locate credentials"),
        ..BASE
    },
    Case {
        name: "AWS_CREDENTIAL_FILE legacy file",
        env: &[("AWS_CREDENTIAL_FILE", "/etc/aws-creds")],
        expected: Ok(("ec2-credentials-file", "AKLEGACY")),
        ..BASE
    },
    Case {
        name: "assume-role needs a source",
        config: Some("[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n"),
        expected: Err("Partial credentials found in assume-role, missing: source_profile or credential_source"),
        ..BASE
    },
    Case {
        name: "login_session is reported as unsupported",
        config: Some("[default]\nlogin_session = arn:aws:iam::123456789012:user/u\n"),
        expected: Err("The login credential provider is not supported"),
        ..BASE
    },
];

#[tokio::test]
async fn chain_precedence_table() {
    let mut failures = Vec::new();
    for case in CASES {
        let mut world = World::new().with_file(
            "/etc/aws-creds",
            "AWSAccessKeyId=AKLEGACY\nAWSSecretKey=s\n",
        );
        for (name, value) in case.env {
            world = world.with_env(name, value);
        }
        if let Some(config) = case.config {
            world = world.config(config);
        }
        if let Some(credentials) = case.credentials {
            world = world.credentials(credentials);
        }
        if let Some(profile) = case.cli_profile {
            world = world.profile(profile);
        }
        let actual = method_and_key(&world, FakeTransport::unused()).await;
        let expected = case
            .expected
            .map(|(m, k)| (m.to_string(), k.to_string()))
            .map_err(str::to_string);
        if actual != expected {
            failures.push(format!(
                "{}: expected {expected:?}, got {actual:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn env_expiration_makes_refreshable_credentials() {
    let world = World::new()
        .with_env("AWS_ACCESS_KEY_ID", "AKENV")
        .with_env("AWS_SECRET_ACCESS_KEY", "s")
        .with_env("AWS_SESSION_TOKEN", "t")
        .with_env("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z");
    let resolved = world.resolve(FakeTransport::unused()).await.unwrap();
    let credentials = resolved.provider.credentials().await.unwrap();
    assert_eq!(credentials.session_token.as_deref(), Some("t"));
    assert!(credentials.expiration.is_some());

    // Already expired: the refresh yields the same values, which botocore rejects.
    let expired = world.with_env("AWS_CREDENTIAL_EXPIRATION", "2020-01-01T00:00:00Z");
    let resolved = expired.resolve(FakeTransport::unused()).await.unwrap();
    assert_eq!(
        resolved
            .provider
            .credentials()
            .await
            .unwrap_err()
            .to_string(),
        "Credentials were refreshed, but the refreshed credentials are still expired."
    );
}

#[tokio::test]
async fn no_credentials_is_the_253_variant() {
    let error = World::new()
        .resolve(FakeTransport::unused())
        .await
        .unwrap_err();
    assert!(error.is_no_credentials());
}
