//! Table-driven resolver cases: (env, config text, credentials text, command line) → resolved
//! values and sources. Cases marked "verified" were checked against `/usr/bin/aws` 2.9.19
//! (`configure get`/`configure list` with `AWS_CONFIG_FILE`/`AWS_SHARED_CREDENTIALS_FILE` on temp
//! files, inside `unshare -n`).

use std::path::PathBuf;

use crate::credentials::{CredentialMethod, CredentialSource};
use crate::{CommandLine, Config, ConfigError, Env, LoadedFiles, MemoryFs, ValueSource};

const CONFIG: &str = "/cfg/config";
const CREDENTIALS: &str = "/cfg/credentials";

/// The expected outcome of resolving one setting.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Value and source.
    Is(&'static str, Src),
    /// Not set anywhere and no default.
    Unset,
    /// An error whose message is this text.
    Error(&'static str),
}

#[derive(Debug, Clone, Copy)]
enum Src {
    Cli,
    Env(&'static str),
    Cfg,
    Cred,
    Def,
}

struct Case {
    name: &'static str,
    env: &'static [(&'static str, &'static str)],
    config: Option<&'static str>,
    credentials: Option<&'static str>,
    args: &'static [(&'static str, &'static str)],
    expect: &'static [(&'static str, Expect)],
}

use Expect::{Error, Is, Unset};
use Src::{Cfg, Cli, Cred, Def, Env as E};

const CASES: &[Case] = &[
    Case {
        name: "whitespace_and_colon_delimiter",
        env: &[],
        config: Some("[default]\n\tregion\t:\tus-west-2\t\noutput   =   table   \n"),
        credentials: None,
        args: &[],
        expect: &[
            ("region", Is("us-west-2", Cfg)),
            ("output", Is("table", Cfg)),
        ],
    },
    Case {
        name: "region_command_line_wins",
        env: &[("AWS_REGION", "env1"), ("AWS_DEFAULT_REGION", "env2")],
        config: Some("[default]\nregion = cfg\n"),
        credentials: None,
        args: &[("region", "cli")],
        expect: &[("region", Is("cli", Cli))],
    },
    Case {
        name: "region_aws_region_before_default_region",
        env: &[("AWS_REGION", "env1"), ("AWS_DEFAULT_REGION", "env2")],
        config: Some("[default]\nregion = cfg\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("env1", E("AWS_REGION")))],
    },
    Case {
        name: "region_default_region_env_before_config",
        env: &[("AWS_DEFAULT_REGION", "env2")],
        config: Some("[default]\nregion = cfg\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("env2", E("AWS_DEFAULT_REGION")))],
    },
    Case {
        // verified: configure list shows an empty env region
        name: "region_empty_env_counts",
        env: &[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "x")],
        config: Some("[default]\nregion = a\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("", E("AWS_REGION")))],
    },
    Case {
        name: "region_empty_command_line_ignored",
        env: &[],
        config: Some("[default]\nregion = a\n"),
        credentials: None,
        args: &[("region", "")],
        expect: &[("region", Is("a", Cfg))],
    },
    Case {
        // verified: `configure get region` prints `cred`
        name: "credentials_file_overrides_config_for_any_key",
        env: &[],
        config: Some("[default]\nregion = cfg\noutput = text\n"),
        credentials: Some("[default]\nregion = cred\n"),
        args: &[],
        expect: &[("region", Is("cred", Cred)), ("output", Is("text", Cfg))],
    },
    Case {
        name: "no_files_defaults_only",
        env: &[],
        config: None,
        credentials: None,
        args: &[],
        expect: &[
            ("region", Unset),
            ("output", Is("json", Def)),
            ("pager", Is("less", Def)),
            ("cli_binary_format", Is("base64", Def)),
            ("cli_timestamp_format", Is("iso8601", Def)),
            ("retry_mode", Is("standard", Def)),
            ("max_attempts", Is("3", Def)),
            ("ca_bundle", Unset),
            ("use_fips_endpoint", Unset),
            ("s3.addressing_style", Unset),
            ("parameter_validation", Is("true", Def)),
        ],
    },
    Case {
        name: "profile_command_line_beats_env",
        env: &[("AWS_PROFILE", "b"), ("AWS_DEFAULT_PROFILE", "c")],
        config: Some(
            "[profile a]\nregion = ra\n[profile b]\nregion = rb\n[profile c]\nregion = rc\n",
        ),
        credentials: None,
        args: &[("profile", "a")],
        expect: &[("profile", Is("a", Cli)), ("region", Is("ra", Cfg))],
    },
    Case {
        name: "profile_aws_profile_beats_aws_default_profile",
        env: &[("AWS_PROFILE", "b"), ("AWS_DEFAULT_PROFILE", "c")],
        config: Some("[profile b]\nregion = rb\n[profile c]\nregion = rc\n"),
        credentials: None,
        args: &[],
        expect: &[
            ("profile", Is("b", E("AWS_PROFILE"))),
            ("region", Is("rb", Cfg)),
        ],
    },
    Case {
        name: "profile_aws_default_profile",
        env: &[("AWS_DEFAULT_PROFILE", "c")],
        config: Some("[profile c]\nregion = rc\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("rc", Cfg))],
    },
    Case {
        // verified: rc 255
        name: "profile_unknown",
        env: &[],
        config: Some("[default]\nregion = a\n"),
        credentials: None,
        args: &[("profile", "nope")],
        expect: &[
            (
                "region",
                Error("The config profile (nope) could not be found"),
            ),
            (
                "output",
                Error("The config profile (nope) could not be found"),
            ),
        ],
    },
    Case {
        // verified: a named profile must exist even when it is `default`
        name: "profile_default_named_but_missing",
        env: &[("AWS_PROFILE", "default")],
        config: Some(""),
        credentials: None,
        args: &[],
        expect: &[(
            "region",
            Error("The config profile (default) could not be found"),
        )],
    },
    Case {
        // verified: `The config profile () could not be found`
        name: "profile_empty_env_is_a_name",
        env: &[("AWS_PROFILE", "")],
        config: Some("[default]\nregion = a\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Error("The config profile () could not be found"))],
    },
    Case {
        name: "profile_unknown_is_lazy",
        env: &[("AWS_REGION", "r")],
        config: None,
        credentials: None,
        args: &[("profile", "nope")],
        expect: &[
            ("region", Is("r", E("AWS_REGION"))),
            // The pager chain reaches `cli_pager` before `PAGER`, so the missing profile shows.
            (
                "pager",
                Error("The config profile (nope) could not be found"),
            ),
        ],
    },
    Case {
        // verified: `[foo]` in the config file is not a profile
        name: "bare_section_in_config_is_not_a_profile",
        env: &[],
        config: Some("[foo]\nregion = r1\n"),
        credentials: None,
        args: &[("profile", "foo")],
        expect: &[(
            "region",
            Error("The config profile (foo) could not be found"),
        )],
    },
    Case {
        // verified
        name: "profile_only_in_credentials_file",
        env: &[("AWS_PROFILE", "c")],
        config: None,
        credentials: Some("[c]\nregion = cr\n"),
        args: &[],
        expect: &[("region", Is("cr", Cred))],
    },
    Case {
        // verified: the later of [default] / [profile default] wins
        name: "profile_default_section_later_wins",
        env: &[],
        config: Some("[default]\nregion = a\n[profile default]\nregion = b\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("b", Cfg))],
    },
    Case {
        // verified
        name: "quoted_profile_name",
        env: &[],
        config: Some("[profile \"a b\"]\nregion = q\n"),
        credentials: None,
        args: &[("profile", "a b")],
        expect: &[("region", Is("q", Cfg))],
    },
    Case {
        // verified: [DEFAULT] values are inherited
        name: "configparser_default_section_inherited",
        env: &[],
        config: Some("[DEFAULT]\nregion = dd\n[profile x]\noutput = text\n"),
        credentials: None,
        args: &[("profile", "x")],
        expect: &[("region", Is("dd", Cfg)), ("output", Is("text", Cfg))],
    },
    Case {
        // verified: no inline comments
        name: "inline_comment_is_part_of_value",
        env: &[],
        config: Some("[default]\nregion = us-east-1 # c\noutput=json ;x\n"),
        credentials: None,
        args: &[],
        expect: &[
            ("region", Is("us-east-1 # c", Cfg)),
            ("output", Is("json ;x", Cfg)),
        ],
    },
    Case {
        // verified: `configure get region` prints two lines
        name: "continuation_line_joins_value",
        env: &[],
        config: Some("[default]\nregion = a\n  b\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("a\nb", Cfg))],
    },
    Case {
        name: "output_env_and_config",
        env: &[("AWS_DEFAULT_OUTPUT", "table")],
        config: Some("[default]\noutput = text\n"),
        credentials: None,
        args: &[],
        expect: &[("output", Is("table", E("AWS_DEFAULT_OUTPUT")))],
    },
    Case {
        name: "output_command_line",
        env: &[("AWS_DEFAULT_OUTPUT", "table")],
        config: None,
        credentials: None,
        args: &[("output", "yaml")],
        expect: &[("output", Is("yaml", Cli))],
    },
    Case {
        name: "pager_aws_pager_first",
        env: &[("AWS_PAGER", "cat"), ("PAGER", "more")],
        config: Some("[default]\ncli_pager = most\n"),
        credentials: None,
        args: &[],
        expect: &[("pager", Is("cat", E("AWS_PAGER")))],
    },
    Case {
        name: "pager_config_before_pager_env",
        env: &[("PAGER", "more")],
        config: Some("[default]\ncli_pager = most\n"),
        credentials: None,
        args: &[],
        expect: &[("pager", Is("most", Cfg))],
    },
    Case {
        name: "pager_env_pager_then_default",
        env: &[("PAGER", "more")],
        config: None,
        credentials: None,
        args: &[],
        expect: &[("pager", Is("more", E("PAGER")))],
    },
    Case {
        name: "pager_empty_disables",
        env: &[("AWS_PAGER", ""), ("PAGER", "more")],
        config: None,
        credentials: None,
        args: &[],
        expect: &[("pager", Is("", E("AWS_PAGER")))],
    },
    Case {
        name: "binary_format_command_line_then_config",
        env: &[],
        config: Some("[default]\ncli_binary_format = raw-in-base64-out\n"),
        credentials: None,
        args: &[],
        expect: &[("cli_binary_format", Is("raw-in-base64-out", Cfg))],
    },
    Case {
        name: "sdk_settings_env_config_default",
        env: &[("AWS_MAX_ATTEMPTS", "5"), ("AWS_USE_FIPS_ENDPOINT", "TRUE")],
        config: Some(
            "[default]\nmax_attempts = 7\nretry_mode = adaptive\nca_bundle = /ca.pem\n\
             use_dualstack_endpoint = true\nsdk_ua_app_id = app\n",
        ),
        credentials: None,
        args: &[],
        expect: &[
            ("max_attempts", Is("5", E("AWS_MAX_ATTEMPTS"))),
            ("retry_mode", Is("adaptive", Cfg)),
            ("ca_bundle", Is("/ca.pem", Cfg)),
            ("use_fips_endpoint", Is("TRUE", E("AWS_USE_FIPS_ENDPOINT"))),
            ("use_dualstack_endpoint", Is("true", Cfg)),
            ("user_agent_appid", Is("app", Cfg)),
            ("request_checksum_calculation", Is("when_supported", Def)),
        ],
    },
    Case {
        name: "ca_bundle_command_line_env_config",
        env: &[("AWS_CA_BUNDLE", "/env.pem")],
        config: Some("[default]\nca_bundle = /cfg.pem\n"),
        credentials: None,
        args: &[("ca_bundle", "/cli.pem")],
        expect: &[("ca_bundle", Is("/cli.pem", Cli))],
    },
    Case {
        // verified: `configure get s3.addressing_style` prints `path`
        name: "s3_nested_settings",
        env: &[],
        config: Some(
            "[default]\ns3 =\n  max_concurrent_requests = 20\n  # c\n\n  addressing_style=path\n\
             \tuse_accelerate_endpoint = true\nregion=x\n",
        ),
        credentials: None,
        args: &[],
        expect: &[
            ("s3.addressing_style", Is("path", Cfg)),
            ("s3.use_accelerate_endpoint", Is("true", Cfg)),
            ("s3.payload_signing_enabled", Unset),
            ("region", Is("x", Cfg)),
        ],
    },
    Case {
        name: "s3_use_arn_region_top_level_before_nested",
        env: &[],
        config: Some("[default]\ns3_use_arn_region = false\ns3 =\n  use_arn_region = true\n"),
        credentials: None,
        args: &[],
        expect: &[("s3.use_arn_region", Is("false", Cfg))],
    },
    Case {
        name: "s3_use_arn_region_env_first",
        env: &[("AWS_S3_USE_ARN_REGION", "true")],
        config: Some("[default]\ns3 =\n  use_arn_region = false\n"),
        credentials: None,
        args: &[],
        expect: &[("s3.use_arn_region", Is("true", E("AWS_S3_USE_ARN_REGION")))],
    },
    Case {
        name: "s3_plain_value_is_not_a_block",
        env: &[],
        config: Some("[default]\ns3 = path\n"),
        credentials: None,
        args: &[],
        expect: &[("s3.addressing_style", Unset)],
    },
    Case {
        name: "nested_block_where_plain_expected_is_skipped",
        env: &[],
        config: Some("[default]\noutput =\n  a = b\n"),
        credentials: None,
        args: &[],
        expect: &[("output", Is("json", Def))],
    },
    Case {
        name: "uppercase_keys_are_lowercased",
        env: &[],
        config: Some("[default]\nREGION = up\nCli_Pager = p\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Is("up", Cfg)), ("pager", Is("p", Cfg))],
    },
    Case {
        name: "whitespace_indented_option_swallows_next_line",
        env: &[],
        config: Some("[default]\n\tregion\t:\tus-west-2\t\n   output   =   table   \n"),
        credentials: None,
        args: &[],
        // verified: the tab-indented option line sets the indent level to 1, so the next line,
        // indented by 3, continues `region`.
        expect: &[
            ("region", Is("us-west-2\noutput   =   table", Cfg)),
            ("output", Is("json", Def)),
        ],
    },
    Case {
        // verified: rc 255, `Unable to parse config file: <path>`
        name: "parse_error_duplicate_section",
        env: &[],
        config: Some("[default]\nregion = a\n[default]\noutput = json\n"),
        credentials: None,
        args: &[],
        expect: &[("region", Error("Unable to parse config file: /cfg/config"))],
    },
    Case {
        // verified
        name: "parse_error_in_credentials_file",
        env: &[],
        config: Some("[default]\nregion = a\n"),
        credentials: Some("[default\n"),
        args: &[],
        expect: &[(
            "region",
            Error("Unable to parse config file: /cfg/credentials"),
        )],
    },
];

fn build(case: &Case) -> Result<Config, ConfigError> {
    let mut command_line = CommandLine::new();
    for (name, value) in case.args {
        command_line.set(*name, *value);
    }
    let files = LoadedFiles::from_contents(
        PathBuf::from(CONFIG),
        case.config.map(str::as_bytes),
        PathBuf::from(CREDENTIALS),
        case.credentials.map(str::as_bytes),
    )?;
    Ok(Config::from_parts(
        Env::from_slice(case.env),
        command_line,
        files,
    ))
}

fn source(src: Src) -> ValueSource {
    match src {
        Src::Cli => ValueSource::CommandLine,
        Src::Env(name) => ValueSource::Environment(name.to_string()),
        Src::Cfg => ValueSource::ConfigFile(PathBuf::from(CONFIG)),
        Src::Cred => ValueSource::CredentialsFile(PathBuf::from(CREDENTIALS)),
        Src::Def => ValueSource::Default,
    }
}

#[test]
fn resolver_cases() {
    let mut failures = Vec::new();
    for case in CASES {
        for (setting, expect) in case.expect {
            let actual = build(case).and_then(|config| config.resolve(setting));
            let ok = match (*expect, &actual) {
                (Is(value, src), Ok(Some(resolved))) => {
                    resolved.value == value && resolved.source == source(src)
                }
                (Unset, Ok(None)) => true,
                (Error(message), Err(error)) => error.to_string() == message,
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{} / {setting}: expected {expect:?}, got {actual:?}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn config(env: &[(&str, &str)], text: &str, credentials: &str, args: &[(&str, &str)]) -> Config {
    let mut command_line = CommandLine::new();
    for (name, value) in args {
        command_line.set(*name, *value);
    }
    let files = LoadedFiles::from_contents(
        PathBuf::from(CONFIG),
        Some(text.as_bytes()),
        PathBuf::from(CREDENTIALS),
        Some(credentials.as_bytes()),
    )
    .expect("test files parse");
    Config::from_parts(Env::from_slice(env), command_line, files)
}

fn endpoint(config: &Config, client: &str) -> Result<Option<(String, ValueSource)>, String> {
    config
        .endpoint_url(client)
        .map(|v| v.map(|v| (v.value, v.source)))
        .map_err(|e| e.to_string())
}

const SERVICES: &str = "[default]\nservices = local\nendpoint_url = http://profile:1\n\
    [services local]\ns3 =\n  endpoint_url = http://svc-s3:1\nelastic_beanstalk =\n  endpoint_url = http://svc-eb:1\n";

#[test]
fn endpoint_url_precedence() {
    let cfg = ValueSource::ConfigFile(PathBuf::from(CONFIG));
    let env = |name: &str| ValueSource::Environment(name.to_string());
    let all_env = [
        ("AWS_ENDPOINT_URL_S3", "http://env-s3:1"),
        ("AWS_ENDPOINT_URL", "http://env:1"),
    ];
    let c = config(&all_env, SERVICES, "", &[("endpoint_url", "http://cli:1")]);
    assert_eq!(
        endpoint(&c, "s3"),
        Ok(Some(("http://cli:1".into(), ValueSource::CommandLine)))
    );
    let c = config(&all_env, SERVICES, "", &[]);
    assert_eq!(
        endpoint(&c, "s3"),
        Ok(Some(("http://env-s3:1".into(), env("AWS_ENDPOINT_URL_S3"))))
    );
    assert_eq!(
        endpoint(&c, "sqs"),
        Ok(Some(("http://env:1".into(), env("AWS_ENDPOINT_URL"))))
    );
    let c = config(&[("AWS_ENDPOINT_URL_S3", "")], SERVICES, "", &[]);
    assert_eq!(
        endpoint(&c, "s3"),
        Ok(Some(("http://svc-s3:1".into(), cfg.clone())))
    );
    assert_eq!(
        endpoint(&c, "elasticbeanstalk"),
        Ok(Some(("http://svc-eb:1".into(), cfg.clone())))
    );
    assert_eq!(
        endpoint(&c, "sqs"),
        Ok(Some(("http://profile:1".into(), cfg.clone())))
    );
    let c = config(&[], "[default]\nendpoint_url = http://profile:1\n", "", &[]);
    assert_eq!(
        endpoint(&c, "sqs"),
        Ok(Some(("http://profile:1".into(), cfg)))
    );
    assert_eq!(endpoint(&config(&[], "", "", &[]), "sqs"), Ok(None));
}

#[test]
fn endpoint_url_ignore_configured() {
    let env = [
        ("AWS_ENDPOINT_URL", "http://env:1"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ];
    assert_eq!(endpoint(&config(&env, SERVICES, "", &[]), "s3"), Ok(None));
    let c = config(&env, SERVICES, "", &[("endpoint_url", "http://cli:1")]);
    assert_eq!(
        endpoint(&c, "s3"),
        Ok(Some(("http://cli:1".into(), ValueSource::CommandLine)))
    );
    let text = "[default]\nignore_configured_endpoint_urls = TRUE\nendpoint_url = http://p:1\n";
    assert_eq!(endpoint(&config(&[], text, "", &[]), "s3"), Ok(None));
}

#[test]
fn endpoint_url_missing_services_section() {
    let c = config(&[], "[default]\nservices = nope\n", "", &[]);
    assert_eq!(
        endpoint(&c, "s3"),
        Err(
            "The profile is configured to use the services section but the \"nope\" services \
             configuration does not exist."
                .to_string()
        )
    );
    // An environment variable answers before the services section is consulted.
    let c = config(
        &[("AWS_ENDPOINT_URL", "http://e:1")],
        "[default]\nservices = nope\n",
        "",
        &[],
    );
    assert!(endpoint(&c, "s3").is_ok());
}

#[test]
fn timestamp_and_binary_format() {
    let c = config(&[], "[default]\ncli_timestamp_format = bogus\n", "", &[]);
    // verified: rc 253 with this text
    assert_eq!(
        c.timestamp_format().unwrap_err().to_string(),
        "Unknown cli_timestamp_format value: bogus, valid values are \"wire\" or \"iso8601\""
    );
    let c = config(&[], "[default]\ncli_timestamp_format = wire\n", "", &[]);
    assert_eq!(c.timestamp_format(), Ok(crate::TimestampFormat::Wire));
    let c = config(&[], "", "", &[("profile", "nope")]);
    assert_eq!(c.timestamp_format(), Ok(crate::TimestampFormat::Iso8601));
    assert_eq!(c.binary_format(), Ok(crate::BinaryFormat::Base64));
    // verified: 2.9.19 fails with the KeyError text `'bogus'`, rc 255
    let c = config(&[], "[default]\ncli_binary_format = bogus\n", "", &[]);
    assert_eq!(c.binary_format().unwrap_err().to_string(), "'bogus'");
}

#[test]
fn typed_accessors() {
    let c = config(
        &[
            ("AWS_MAX_ATTEMPTS", "abc"),
            ("AWS_USE_FIPS_ENDPOINT", "True"),
        ],
        "",
        "",
        &[],
    );
    assert_eq!(c.resolve_bool("use_fips_endpoint"), Ok(Some(true)));
    assert_eq!(c.resolve_bool("use_dualstack_endpoint"), Ok(None));
    assert!(c.resolve_int("max_attempts").is_err());
    assert_eq!(c.resolve_int("metadata_service_timeout"), Ok(Some(1)));
    assert!(matches!(
        c.resolve("no_such_setting"),
        Err(ConfigError::UnknownSetting(_))
    ));
}

#[test]
fn transfer_config_from_profile() {
    let c = config(
        &[],
        "[default]\ns3 =\n  multipart_threshold = 64MB\n  max_concurrent_requests = 4\n",
        "",
        &[],
    );
    let transfer = c.transfer_config().unwrap();
    assert_eq!(transfer.multipart_threshold, 64 * 1024 * 1024);
    assert_eq!(transfer.max_concurrent_requests, 4);
    let c = config(&[], "[default]\ns3 =\n  multipart_chunksize = 0\n", "", &[]);
    assert_eq!(
        c.transfer_config().unwrap_err().to_string(),
        "Value for multipart_chunksize must be a positive integer: 0"
    );
}

fn source_of(
    env: &[(&str, &str)],
    text: &str,
    credentials: &str,
    args: &[(&str, &str)],
) -> Result<Option<CredentialSource>, String> {
    config(env, text, credentials, args)
        .resolve_credential_source(&MemoryFs::new())
        .map_err(|e| e.to_string())
}

fn static_method(
    source: &Result<Option<CredentialSource>, String>,
) -> Option<(CredentialMethod, String)> {
    match source {
        Ok(Some(CredentialSource::Static(c))) => Some((c.method, c.access_key_id.clone())),
        _ => None,
    }
}

const ENV_KEYS: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", "AKENV"),
    ("AWS_SECRET_ACCESS_KEY", "s"),
    ("AWS_SESSION_TOKEN", "session"),
    ("AWS_SECURITY_TOKEN", "security"),
];
const CFG_KEYS: &str = "[default]\naws_access_key_id = AKCFG\naws_secret_access_key = s\n\
    [profile p]\naws_access_key_id = AKCFGP\naws_secret_access_key = s\n";
const CRED_KEYS: &str = "[default]\naws_access_key_id = AKCRED\naws_secret_access_key = s\n\
    aws_session_token = t\n";

#[test]
fn static_credentials_chain() {
    // verified with `configure list`: env > shared-credentials-file > config-file
    let env = source_of(ENV_KEYS, CFG_KEYS, CRED_KEYS, &[]);
    assert_eq!(
        static_method(&env),
        Some((CredentialMethod::Env, "AKENV".into()))
    );
    if let Ok(Some(CredentialSource::Static(c))) = &env {
        // AWS_SECURITY_TOKEN is checked first.
        assert_eq!(c.session_token.as_deref(), Some("security"));
        assert_eq!(c.method.method(), "env");
    }
    assert_eq!(
        static_method(&source_of(&[], CFG_KEYS, CRED_KEYS, &[])),
        Some((CredentialMethod::SharedCredentialsFile, "AKCRED".into()))
    );
    assert_eq!(
        static_method(&source_of(&[], CFG_KEYS, "", &[])),
        Some((CredentialMethod::ConfigFile, "AKCFG".into()))
    );
    // --profile removes the env provider; AWS_PROFILE does not.
    assert_eq!(
        static_method(&source_of(ENV_KEYS, CFG_KEYS, "", &[("profile", "p")])),
        Some((CredentialMethod::ConfigFile, "AKCFGP".into()))
    );
    let with_env_profile: Vec<(&str, &str)> = ENV_KEYS
        .iter()
        .copied()
        .chain([("AWS_PROFILE", "p")])
        .collect();
    assert_eq!(
        static_method(&source_of(&with_env_profile, CFG_KEYS, "", &[])),
        Some((CredentialMethod::Env, "AKENV".into()))
    );
}

#[test]
fn static_credentials_partial_errors() {
    assert_eq!(
        source_of(&[("AWS_ACCESS_KEY_ID", "AK")], "", "", &[]),
        Err("Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY".into())
    );
    // An empty access key counts as unset.
    assert_eq!(
        source_of(
            &[
                ("AWS_ACCESS_KEY_ID", ""),
                ("AWS_EC2_METADATA_DISABLED", "true")
            ],
            "",
            "",
            &[]
        ),
        Ok(None)
    );
    assert_eq!(
        source_of(&[], "", "[default]\naws_access_key_id = AK\n", &[]),
        Err(
            "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key"
                .into()
        )
    );
}

#[test]
fn other_providers_are_detected() {
    let detect = |env: &[(&str, &str)], text: &str, credentials: &str| {
        source_of(env, text, credentials, &[]).expect("detection succeeds")
    };
    assert_eq!(
        detect(
            &[],
            "[default]\nrole_arn = arn:r\nsource_profile = x\n",
            CRED_KEYS
        ),
        Some(CredentialSource::AssumeRole {
            profile: "default".into()
        })
    );
    assert_eq!(
        detect(
            &[],
            "[default]\nrole_arn = arn:r\nweb_identity_token_file = /t\n",
            ""
        ),
        Some(CredentialSource::WebIdentity { from_env: false })
    );
    assert_eq!(
        detect(
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
                ("AWS_ROLE_ARN", "arn:r")
            ],
            "",
            ""
        ),
        Some(CredentialSource::WebIdentity { from_env: true })
    );
    assert_eq!(
        detect(
            &[],
            "[default]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n",
            ""
        ),
        Some(CredentialSource::Sso {
            profile: "default".into()
        })
    );
    assert_eq!(
        detect(&[], "[default]\ncredential_process = /bin/creds --x\n", ""),
        Some(CredentialSource::Process {
            command: "/bin/creds --x".into()
        })
    );
    // Static keys in the credentials file come before credential_process.
    assert_eq!(
        static_method(&Ok(detect(
            &[],
            "[default]\ncredential_process = x\n",
            CRED_KEYS
        ))),
        Some((CredentialMethod::SharedCredentialsFile, "AKCRED".into()))
    );
    assert_eq!(
        detect(&[], "[default]\nlogin_session = arn:s\n", ""),
        Some(CredentialSource::Login {
            session: "arn:s".into()
        })
    );
    assert_eq!(
        detect(
            &[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")],
            "",
            ""
        ),
        Some(CredentialSource::Container)
    );
    assert_eq!(
        detect(&[], "", ""),
        Some(CredentialSource::InstanceMetadata)
    );
    assert_eq!(
        detect(&[("AWS_EC2_METADATA_DISABLED", "TRUE")], "", ""),
        None
    );
}

#[test]
fn load_through_fs_expands_paths() {
    let env = Env::from_slice(&[
        ("HOME", "/home/u"),
        ("DIR", "/etc/aws"),
        ("AWS_CONFIG_FILE", "$DIR/config"),
    ]);
    let fs = MemoryFs::from_slice(&[
        ("/etc/aws/config", "[default]\nregion = from-env-path\n"),
        ("/home/u/.aws/credentials", "[default]\noutput = text\n"),
    ]);
    let c = Config::load(env, &fs, CommandLine::new()).expect("files parse");
    assert_eq!(c.files().config_path, PathBuf::from("/etc/aws/config"));
    assert_eq!(c.resolve("region").unwrap().unwrap().value, "from-env-path");
    assert_eq!(
        c.resolve("output").unwrap().unwrap().source,
        ValueSource::CredentialsFile(PathBuf::from("/home/u/.aws/credentials"))
    );
}
