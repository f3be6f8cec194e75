//! Shell completion (`aws_completer`) against the reference's completer.
//!
//! Each case is one command line: our binary, started under the name
//! `aws_completer`, and the reference's (`/usr/libexec/aws_completer`, the
//! 2.9.19 one: `/usr/bin/aws_completer` on an official install) run with the
//! same environment and HOME (a sandbox with a config file holding three
//! profiles), and their candidates are compared as sets: bash and zsh sort
//! the candidates themselves, and the reference's order comes from its
//! SQLite index.
//!
//! The protocols of the three shells are covered by how a case sets the
//! environment: bash and zsh (`bashcompinit`) set `COMP_LINE` and
//! `COMP_POINT` (a cursor inside the line is tested); fish
//! (`complete -c aws -f -a '(env COMP_LINE=(commandline -pc)
//! aws_completer)'`, see `src/completion/mod.rs`) sets only `COMP_LINE`,
//! cut at the cursor; tcsh sets `COMMAND_LINE`.
//!
//! Where our names differ from 2.9.19's for a known reason, the case lists
//! the allowed names: newer models (botocore 1.43.67 against 2.9.19's
//! vendored one) and the options CLI 2.36 added, which we follow. Lines
//! whose value the reference completes by calling AWS (server-side
//! completion, e.g. `--table-name`) are not compared: we never call the
//! network from a completion. Enum values are an addition of ours (the
//! reference's `aws_completer` prints nothing for them); those cases check
//! that the reference prints nothing and that ours are the model's enum.
//! No network is used.
//!
//! `bash`: the same protocol through a real interactive bash in tmux.
mod bash;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use awscli_args::xform_name;
use awscli_test_support::Sandbox;

const REFERENCE: &str = "/usr/libexec/aws_completer";
const BOTOCORE_DATA: &str = "/usr/lib/python3/dist-packages/awscli/botocore/data";

const CONFIG: &str = "[default]\nregion = us-west-2\n[profile dev]\n[profile prod]\n";
const CREDENTIALS: &str = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\
                           [credsonly]\naws_access_key_id = A\naws_secret_access_key = B\n";

/// How a shell passes the line.
#[derive(Clone, Copy)]
enum Shell {
    /// `COMP_LINE` and `COMP_POINT` at the end of the line (bash, zsh).
    Bash,
    /// `COMP_LINE` and `COMP_POINT` at this character.
    BashAt(usize),
    /// `COMP_LINE` only (fish).
    Fish,
    /// `COMMAND_LINE` only (tcsh).
    Tcsh,
}

struct Env {
    sandbox: Sandbox,
    ours: PathBuf,
}

/// One sandbox for the whole suite, holding the config files and a link to
/// our binary named `aws_completer`.
fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let sandbox = Sandbox::new().expect("a temporary directory can be created");
        sandbox
            .write(".aws/config", CONFIG)
            .expect("sandbox is writable");
        sandbox
            .write(".aws/credentials", CREDENTIALS)
            .expect("sandbox is writable");
        sandbox
            .write("files/notes.txt", "x")
            .expect("sandbox is writable");
        sandbox
            .write("files/nested/a.json", "{}")
            .expect("sandbox is writable");
        let ours = sandbox.path().join("bin").join("aws_completer");
        std::fs::create_dir_all(sandbox.path().join("bin")).expect("sandbox is writable");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_aws"), &ours)
            .expect("a symlink can be made in the sandbox");
        Env { sandbox, ours }
    })
}

fn run(program: &Path, line: &str, shell: Shell) -> Vec<String> {
    let env = env();
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.sandbox.path())
        .env("AWS_CONFIG_FILE", env.sandbox.config_file())
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            env.sandbox.credentials_file(),
        )
        .current_dir(env.sandbox.path());
    match shell {
        Shell::Bash => {
            command
                .env("COMP_LINE", line)
                .env("COMP_POINT", line.chars().count().to_string());
        }
        Shell::BashAt(point) => {
            command
                .env("COMP_LINE", line)
                .env("COMP_POINT", point.to_string());
        }
        Shell::Fish => {
            command.env("COMP_LINE", line);
        }
        Shell::Tcsh => {
            command.env("COMMAND_LINE", line);
        }
    }
    let output = command.output().expect("the completer runs");
    assert!(
        output.status.success(),
        "{} failed on {line:?}: {}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("candidates are UTF-8");
    assert!(text.ends_with('\n'), "output ends with a newline: {text:?}");
    // No candidate carries a trailing space: the shell adds one.
    text.lines()
        .filter(|l| !l.is_empty())
        .inspect(|l| assert_eq!(l.trim_end(), *l, "trailing space in {l:?}"))
        .map(str::to_owned)
        .collect()
}

fn reference_installed() -> bool {
    let installed = Path::new(REFERENCE).exists();
    if !installed {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{REFERENCE} is not installed: comparison skipped");
        }
    }
    installed
}

/// Services of the reference's models (its `botocore/data` directories).
fn reference_services() -> BTreeSet<String> {
    std::fs::read_dir(BOTOCORE_DATA)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

enum Expect {
    /// The same candidates.
    Same,
    /// The same, but for these names, which may be on one side only.
    Drift(&'static [&'static str]),
    /// Top-level command names: the differences are services only one
    /// side's models have; at least this many names are shared.
    Services(usize),
    /// Operation names of a service: the differences are operations only
    /// one side's model has.
    Operations(&'static str),
    /// Options of an operation (model name): the differences are members
    /// of its input only one side's model has, or the names listed.
    Params(&'static str, &'static str, &'static [&'static str]),
    /// The reference prints nothing; ours are these values.
    Extension(fn() -> Vec<String>),
    /// The reference's regions are all in ours (ours come from the newer
    /// partitions.json, a superset).
    Superset,
}

fn check(line: &str, shell: Shell, expect: Expect) {
    if !reference_installed() {
        return;
    }
    let env = env();
    let ours: BTreeSet<String> = run(&env.ours, line, shell).into_iter().collect();
    let theirs: BTreeSet<String> = run(Path::new(REFERENCE), line, shell).into_iter().collect();
    let only_ours: Vec<&String> = ours.difference(&theirs).collect();
    let only_theirs: Vec<&String> = theirs.difference(&ours).collect();
    let report =
        || format!("{line:?}\n  only ours: {only_ours:?}\n  only reference: {only_theirs:?}");
    match expect {
        Expect::Same => assert!(
            only_ours.is_empty() && only_theirs.is_empty(),
            "{}",
            report()
        ),
        Expect::Drift(allowed) => {
            let unexplained: Vec<&&String> = only_ours
                .iter()
                .chain(only_theirs.iter())
                .filter(|n| !allowed.contains(&n.as_str()))
                .collect();
            assert!(
                unexplained.is_empty(),
                "{}\n  unexplained: {unexplained:?}",
                report()
            );
            assert!(!ours.is_empty() || theirs.is_empty(), "{}", report());
        }
        Expect::Services(shared) => {
            let theirs_models = reference_services();
            for name in &only_ours {
                let model = match name.as_str() {
                    "s3api" => "s3",
                    "configservice" => "config",
                    "deploy" => "codedeploy",
                    n => n,
                };
                assert!(
                    !theirs_models.contains(model),
                    "{name} is only ours but the reference has its model\n{}",
                    report()
                );
            }
            for name in &only_theirs {
                assert!(
                    !awscli_model_has(name),
                    "{name} is only the reference's but our models have it\n{}",
                    report()
                );
            }
            assert!(ours.intersection(&theirs).count() >= shared, "{}", report());
        }
        Expect::Operations(service) => {
            let drift = model_drift(service, |model| {
                model["operations"]
                    .as_object()
                    .map(|ops| ops.keys().map(|k| xform_name(k)).collect())
                    .unwrap_or_default()
            });
            let unexplained: Vec<&&String> = only_ours
                .iter()
                .chain(only_theirs.iter())
                .filter(|n| !drift.contains(n.as_str()))
                .collect();
            assert!(
                unexplained.is_empty(),
                "{}\n  unexplained: {unexplained:?}",
                report()
            );
            assert!(!ours.is_empty(), "{}", report());
        }
        Expect::Params(service, operation, allowed) => {
            let drift = model_drift(service, |model| {
                let input = model["operations"][operation]["input"]["shape"]
                    .as_str()
                    .unwrap_or_default();
                model["shapes"][input]["members"]
                    .as_object()
                    .map(|members| {
                        members
                            .keys()
                            .flat_map(|m| {
                                let name = xform_name(m);
                                [format!("--{name}"), format!("--no-{name}")]
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            });
            let unexplained: Vec<&&String> = only_ours
                .iter()
                .chain(only_theirs.iter())
                .filter(|n| !drift.contains(n.as_str()) && !allowed.contains(&n.as_str()))
                .collect();
            assert!(
                unexplained.is_empty(),
                "{}\n  unexplained: {unexplained:?}",
                report()
            );
            assert!(!ours.is_empty(), "{}", report());
        }
        Expect::Extension(expected) => {
            assert!(
                theirs.is_empty(),
                "the reference completes {line:?}: {theirs:?}"
            );
            let expected: BTreeSet<String> = expected().into_iter().collect();
            assert_eq!(ours, expected, "{line:?}");
        }
        Expect::Superset => {
            assert!(only_theirs.is_empty(), "{}", report());
            assert!(!ours.is_empty());
        }
    }
}

/// Whether our model store (through the CLI name) has this command: ours
/// lists every service it embeds, so a name it does not list is a service
/// removed from botocore since 2.9.19 (or a command of the reference we do
/// not have, which the assertion reports).
fn awscli_model_has(name: &str) -> bool {
    let ours: BTreeSet<String> = run(&env().ours, &format!("aws {name}"), Shell::Bash)
        .into_iter()
        .collect();
    ours.contains(name)
}

/// The newest `service-2.json` of `service` under a botocore data directory.
fn model_json(data: &Path, service: &str) -> serde_json::Value {
    let root = data.join(service);
    let version = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .max()
        .expect("a model version");
    let text = std::fs::read_to_string(root.join(version).join("service-2.json"))
        .expect("service-2.json is readable");
    serde_json::from_str(&text).expect("the model is JSON")
}

/// The models our store is built from: the pinned botocore, read in place.
fn pinned_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.cache/botocore-1.43.67/botocore/data")
}

/// The names `names` finds in only one of the two models of `service`
/// (ours, pinned, and the reference's vendored one).
fn model_drift(
    service: &str,
    names: impl Fn(&serde_json::Value) -> BTreeSet<String>,
) -> BTreeSet<String> {
    let ours = names(&model_json(&pinned_data(), service));
    let theirs = names(&model_json(Path::new(BOTOCORE_DATA), service));
    ours.symmetric_difference(&theirs).cloned().collect()
}

/// The enum of a member in the pinned botocore's model (read in place).
fn model_enum(service: &str, shape: &str) -> Vec<String> {
    let json = model_json(&pinned_data(), service);
    json["shapes"][shape]["enum"]
        .as_array()
        .expect("the shape has an enum")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

macro_rules! cases {
    ($($name:ident: $line:expr, $shell:expr, $expect:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check($line, $shell, $expect);
            }
        )*
    };
}

/// Options 2.36 has on the s3 transfer commands that 2.9.19 does not.
const S3_236: &[&str] = &[
    "--progress-frequency",
    "--progress-multiline",
    "--checksum-mode",
    "--checksum-algorithm",
    "--case-conflict",
    "--no-overwrite",
    "--validate-same-s3-paths",
    "--bucket-name-prefix",
    "--bucket-region",
];

cases! {
    // Top-level commands.
    services_all: "aws ", Shell::Bash, Expect::Services(300);
    services_prefix: "aws s3", Shell::Bash, Expect::Services(4);
    services_partial: "aws dynamo", Shell::Bash, Expect::Services(2);
    services_ec2_is_a_prefix: "aws ec2", Shell::Bash, Expect::Services(2);
    unique_service_without_space: "aws sts", Shell::Bash, Expect::Same;
    hand_written_top_level: "aws con", Shell::Bash, Expect::Services(8);
    // Operations.
    operations_partial: "aws ec2 describe-inst", Shell::Bash, Expect::Operations("ec2");
    operations_after_globals: "aws --debug --region us-east-1 sts get-c", Shell::Bash, Expect::Same;
    operations_all_sts: "aws sts ", Shell::Bash, Expect::Operations("sts");
    operations_renamed_service: "aws s3api list-objects", Shell::Bash, Expect::Same;
    wait_is_listed: "aws ec2 wai", Shell::Bash, Expect::Same;
    waiters: "aws dynamodb wait ", Shell::Bash, Expect::Drift(&["contributor-insights-enabled", "export-completed", "import-completed", "kinesis-streaming-destination-active"]);
    // Hand-written commands.
    s3_verbs: "aws s3 ", Shell::Bash, Expect::Same;
    configure_subcommands: "aws configure ", Shell::Bash, Expect::Drift(&["mfa-login"]);
    eks_get_token: "aws eks get", Shell::Bash, Expect::Same;
    ecr_login: "aws ecr get-login", Shell::Bash, Expect::Same;
    logs_tail: "aws logs ta", Shell::Bash, Expect::Same;
    // Options.
    options_after_dashes: "aws ec2 describe-instances --", Shell::Bash, Expect::Params("ec2", "DescribeInstances", &[]);
    options_partial: "aws ec2 describe-instances --inst", Shell::Bash, Expect::Same;
    options_used_are_dropped: "aws ec2 describe-instances --dry-run --instance-ids i-1 --", Shell::Bash, Expect::Params("ec2", "DescribeInstances", &[]);
    options_after_space: "aws sts get-caller-identity ", Shell::Bash, Expect::Same;
    options_with_outfile: "aws s3api get-object --bucket b --key k ", Shell::Bash, Expect::Params("s3", "GetObject", &[]);
    options_outfile_given: "aws s3api get-object --bucket b --key k out.bin --re", Shell::Bash, Expect::Same;
    options_global_scope: "aws --", Shell::Bash, Expect::Same;
    options_global_partial: "aws --prof", Shell::Bash, Expect::Same;
    options_global_used: "aws --debug --no-p", Shell::Bash, Expect::Same;
    // The reference indexes the pagination options for waiters too, but
    // they then fail ("Unknown parameter in input: PaginationConfig"); our
    // waiters do not take them.
    options_waiter: "aws ec2 wait instance-running --", Shell::Bash, Expect::Params("ec2", "DescribeInstances", &["--max-items", "--page-size", "--starting-token"]);
    options_eks_get_token: "aws eks get-token --", Shell::Bash, Expect::Same;
    options_deploy_push: "aws deploy push --", Shell::Bash, Expect::Same;
    options_ecs_deploy: "aws ecs deploy --", Shell::Bash, Expect::Same;
    options_gamelift_upload_build: "aws gamelift upload-build --", Shell::Bash, Expect::Same;
    choices_dlm_resource_type: "aws dlm create-default-role --resource-type ", Shell::Bash, Expect::Same;
    commands_deploy: "aws deploy ", Shell::Bash, Expect::Same;
    options_s3_cp: "aws s3 cp --", Shell::Bash, Expect::Drift(S3_236);
    options_s3_after_paths: "aws s3 cp ./a s3://b/ --", Shell::Bash, Expect::Drift(S3_236);
    options_s3_ls: "aws s3 ls --", Shell::Bash, Expect::Drift(S3_236);
    options_configure_set: "aws configure set --", Shell::Bash, Expect::Same;
    options_extra_on_model_operation: "aws ec2 get-password-data --", Shell::Bash, Expect::Same;
    // Nothing to offer.
    unknown_command: "aws foo ", Shell::Bash, Expect::Same;
    unknown_operation: "aws ec2 nope --", Shell::Bash, Expect::Same;
    after_double_dash: "aws ec2 describe-instances --dry-run -- ", Shell::Bash, Expect::Same;
    positional_value: "aws configure set ", Shell::Bash, Expect::Same;
    value_of_plain_option: "aws sts assume-role --role-arn ", Shell::Bash, Expect::Same;
    finished_word: "aws ec2 describe-instances", Shell::Bash, Expect::Same;
    empty_line: "", Shell::Bash, Expect::Same;
    // Profiles and regions.
    profiles_all: "aws --profile ", Shell::Bash, Expect::Same;
    profiles_prefix: "aws s3 ls --profile d", Shell::Bash, Expect::Same;
    regions_prefix: "aws ec2 describe-instances --region us-", Shell::Bash, Expect::Superset;
    // Paths.
    file_paths: "aws ec2 run-instances --user-data file://files/", Shell::Bash, Expect::Same;
    file_paths_prefix: "aws ec2 run-instances --user-data fileb://files/no", Shell::Bash, Expect::Same;
    // The shells' protocols.
    bash_cursor_inside_the_line: "aws ec2 describe-inst --region us-east-1", Shell::BashAt(21), Expect::Operations("ec2");
    bash_cursor_inside_a_word: "aws ec2 describe-instances", Shell::BashAt(11), Expect::Operations("ec2");
    fish_line_without_point: "aws ec2 describe-inst", Shell::Fish, Expect::Operations("ec2");
    fish_options: "aws sts get-caller-identity --", Shell::Fish, Expect::Same;
    tcsh_command_line: "aws s3 ", Shell::Tcsh, Expect::Same;
    // Ours only: values of enums and choices.
    enum_values: "aws ec2 run-instances --instance-type t2.", Shell::Bash, Expect::Extension(|| {
        model_enum("ec2", "InstanceType").into_iter().filter(|v| v.starts_with("t2.")).collect()
    });
    enum_list_values: "aws ec2 describe-instance-types --instance-types m5.l", Shell::Bash, Expect::Extension(|| {
        model_enum("ec2", "InstanceType").into_iter().filter(|v| v.starts_with("m5.l")).collect()
    });
    global_choices: "aws --output ", Shell::Bash, Expect::Extension(|| {
        // The choices of `--output` in the reference's cli.json.
        ["json", "text", "table", "yaml", "yaml-stream"].map(str::to_owned).to_vec()
    });
}
