//! Pages of the hand-written commands: `aws s3` and its verbs, `aws
//! configure` and its subcommands, and the service customizations (`ecr
//! get-login-password`, `eks get-token`, `logs tail` ...).
//!
//! These commands have no model, so each page is described as data: the
//! `aws s3` pages come from the table of `awscli_commands::s3` (which the
//! parser and the completer read too), the others are described here; the
//! option names, types, positional/required flags and order are those of
//! the reference's argument tables (`awscli/customizations/s3/
//! subcommands.py`, `awscli/customizations/configure/*.py`,
//! `awscli/customizations/{ecr,eks,logs,cloudformation,sso,rds,
//! codeartifact,cloudfront}*`), the layout that of
//! `awscli/customizations/commands.py:BasicDocHandler` (see
//! `/work/shared/docs/reference-cli.md` section 9); the descriptions are
//! our own. A command with subcommands shows AVAILABLE COMMANDS and no
//! global options; one with a fixed synopsis text shows that text alone.
use std::sync::LazyLock;

use awscli_commands::s3;

use crate::globals;
use crate::page::{depth, Block, HelpPage, Section, Span};

/// One argument of a hand-written command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomOption {
    /// The name without dashes (`recursive`, `paths`, `group_name`).
    pub name: &'static str,
    /// The CLI type name shown in parentheses: `string`, `boolean`,
    /// `integer`, `blob`, `map`, `list`.
    pub type_name: &'static str,
    pub positional: bool,
    pub required: bool,
    /// What the synopsis shows instead of the generated form
    /// (`<S3Uri> or NONE`).
    pub synopsis: Option<&'static str>,
    /// Takes one or more values (`nargs='+'`).
    pub many: bool,
    /// Listed with the next option as `--x | --no-x`.
    pub paired_with_next: bool,
    pub description: &'static str,
    pub choices: &'static [&'static str],
}

/// One hand-written command's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomCommand {
    /// The words after `aws` (`s3 ls`, `configure set`).
    pub path: &'static str,
    pub description: &'static [&'static str],
    /// A fixed synopsis shown instead of the generated one.
    pub synopsis: Option<&'static str>,
    pub options: &'static [CustomOption],
    /// The subcommands listed under AVAILABLE COMMANDS.
    pub subcommands: &'static [&'static str],
}

const fn opt(
    name: &'static str,
    type_name: &'static str,
    description: &'static str,
) -> CustomOption {
    CustomOption {
        name,
        type_name,
        positional: false,
        required: false,
        synopsis: None,
        many: false,
        paired_with_next: false,
        description,
        choices: &[],
    }
}

const fn flag(name: &'static str, description: &'static str) -> CustomOption {
    opt(name, "boolean", description)
}

const fn required(mut o: CustomOption) -> CustomOption {
    o.required = true;
    o
}

const fn many(mut o: CustomOption) -> CustomOption {
    o.many = true;
    o
}

const fn choices(mut o: CustomOption, values: &'static [&'static str]) -> CustomOption {
    o.choices = values;
    o
}

const fn paired(mut o: CustomOption) -> CustomOption {
    o.paired_with_next = true;
    o
}

const fn syn(mut o: CustomOption, synopsis: &'static str) -> CustomOption {
    o.synopsis = Some(synopsis);
    o
}

const fn positional(
    name: &'static str,
    synopsis: Option<&'static str>,
    description: &'static str,
) -> CustomOption {
    let mut o = opt(name, "string", description);
    o.positional = true;
    o.synopsis = synopsis;
    o
}

// --- aws s3 -----------------------------------------------------------

/// The options of each `aws s3` verb's page, in [`s3::COMMANDS`] order,
/// from the table the parser and the completer read too: the positional
/// paths, then the listed options.
static S3_OPTIONS: LazyLock<Vec<Vec<CustomOption>>> = LazyLock::new(|| {
    s3::COMMANDS
        .iter()
        .map(|command| {
            let paths = command.paths;
            let mut options = vec![CustomOption {
                synopsis: Some(paths.synopsis),
                ..positional(paths.name, None, paths.help)
            }];
            options.extend(
                command
                    .options()
                    .filter(|o| o.listed)
                    .map(|o| CustomOption {
                        many: o.kind == s3::ValueKind::Many,
                        paired_with_next: o.paired_with_next,
                        choices: o.kind.choices(),
                        ..opt(o.name, o.type_name, o.help)
                    }),
            );
            options
        })
        .collect()
});

/// `s3 ls`, `s3 cp` ...
static S3_PATHS: LazyLock<Vec<String>> = LazyLock::new(|| {
    s3::COMMANDS
        .iter()
        .map(|c| format!("s3 {}", c.name))
        .collect()
});

/// The verbs as `aws s3 help` lists them, alphabetically.
static S3_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&'static str> = s3::COMMANDS.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names
});

/// `s3` and its verbs' pages.
static S3_PAGES: LazyLock<Vec<CustomCommand>> = LazyLock::new(|| {
    let mut pages = vec![CustomCommand {
        path: "s3",
        description: s3::DESCRIPTION,
        synopsis: Some("aws s3 <Command> [<Arg> ...]"),
        options: &[],
        subcommands: &S3_VERBS,
    }];
    for ((command, options), path) in s3::COMMANDS
        .iter()
        .zip(S3_OPTIONS.iter())
        .zip(S3_PATHS.iter())
    {
        pages.push(CustomCommand {
            path,
            description: command.description,
            synopsis: None,
            options,
            subcommands: &[],
        });
    }
    pages
});

// --- aws configure ----------------------------------------------------

const CONFIGURE_COMMANDS: &[CustomCommand] = &[
    CustomCommand {
        path: "configure",
        description: &[
            "Asks for an access key ID, a secret access key, a default region and a default \
             output format, one at a time, and saves the answers in the credentials and config \
             files for the profile (default unless --profile or AWS_PROFILE names another). \
             Press Enter to keep the value shown in brackets; type a new value to replace it.",
            "The credentials go to ~/.aws/credentials and the rest to ~/.aws/config, or to the \
             files AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name.",
        ],
        synopsis: Some("aws configure [--profile profile-name]"),
        options: &[],
        subcommands: &[
            "add-model",
            "export-credentials",
            "get",
            "import",
            "list",
            "list-profiles",
            "set",
            "sso",
            "sso-session",
        ],
    },
    CustomCommand {
        path: "configure list",
        description: &[
            "Shows the settings in effect (profile, access key, secret key and region), the \
             keys masked, and where each came from: the command line, the environment, a \
             configuration file or the instance metadata.",
        ],
        synopsis: Some("aws configure list [--profile profile-name]"),
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure get",
        description: &[
            "Prints one setting as the configuration files hold it: a name such as region or \
             s3.max_concurrent_requests reads the current profile; profile.NAME.setting reads \
             another profile. Nothing is printed, and the exit code is 1, when it is not set. \
             Environment variables and command-line options are not consulted.",
        ],
        synopsis: Some("aws configure get varname [--profile profile-name]"),
        options: &[positional("varname", None, "The setting to print.")],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure set",
        description: &[
            "Writes one setting to the configuration files: the credentials (access key, \
             secret key, session token) to the credentials file, anything else to the config \
             file. A dotted name (s3.max_concurrent_requests) sets a nested value; \
             profile.NAME.setting sets it in another profile.",
        ],
        synopsis: Some("aws configure set varname value [--profile profile-name]"),
        options: &[
            positional("varname", None, "The setting to write."),
            positional("value", None, "Its new value."),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure add-model",
        description: &[
            "Adds a service model to the local model directory, so that its operations become \
             commands.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "service-model",
                "string",
                "The JSON service model, usually read from a file with file://.",
            )),
            opt(
                "service-name",
                "string",
                "The command name to use, instead of the model's endpoint prefix.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure import",
        description: &[
            "Creates profiles in the credentials file from the CSV file of access keys the \
             IAM console lets you download.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "csv",
                "string",
                "The CSV file of credentials, given as file://path or as its text.",
            )),
            flag(
                "skip-invalid",
                "Skip the rows that are not usable credentials instead of failing.",
            ),
            opt(
                "profile-prefix",
                "string",
                "Put this in front of every profile name created.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure list-profiles",
        description: &[
            "Prints the name of every profile found in the config and credentials files, one \
             per line.",
        ],
        synopsis: None,
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure sso",
        description: &[
            "Sets up a profile that gets its credentials from IAM Identity Center: asks for \
             the start URL and region, signs in, and lets you choose an account and a role.",
        ],
        synopsis: Some("aws configure sso [--profile profile-name]"),
        options: &[flag(
            "no-browser",
            "Print the sign-in URL and code instead of opening a browser.",
        )],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure sso-session",
        description: &[
            "Creates or updates an sso-session section of the config file, which profiles can \
             share to sign in to IAM Identity Center.",
        ],
        synopsis: Some("aws configure sso-session"),
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "configure export-credentials",
        description: &[
            "Prints the credentials the CLI would use, resolved through the usual chain, in a \
             form other programs can take: the JSON of a credential_process, or shell \
             commands that set the AWS_ environment variables.",
        ],
        synopsis: Some("aws configure export-credentials --profile profile-name"),
        options: &[choices(
            opt(
                "format",
                "string",
                "The output form: process (JSON, the default), env (export lines), \
                 env-no-export, powershell or windows-cmd.",
            ),
            &[
                "process",
                "env",
                "env-no-export",
                "powershell",
                "windows-cmd",
            ],
        )],
        subcommands: &[],
    },
];

// --- service customizations -----------------------------------------

const SERVICE_COMMANDS: &[CustomCommand] = &[
    CustomCommand {
        path: "ecr get-login-password",
        description: &[
            "Prints a password for the registry of the account, valid for 12 hours, to give \
             to docker login (or another OCI client) with the user name AWS. The password is \
             an authorization token obtained with GetAuthorizationToken.",
        ],
        synopsis: None,
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "ecr-public get-login-password",
        description: &[
            "Prints a password for the Amazon ECR Public registry, valid for 12 hours, to give \
             to docker login for public.ecr.aws with the user name AWS.",
        ],
        synopsis: None,
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "eks get-token",
        description: &[
            "Prints a bearer token for a Kubernetes client of an EKS cluster, as the JSON of \
             an ExecCredential object. The token is a presigned STS GetCallerIdentity URL, \
             valid for a short time; kubectl calls this command through the kubeconfig \
             update-kubeconfig writes.",
        ],
        synopsis: None,
        options: &[
            opt(
                "cluster-name",
                "string",
                "The name of the cluster the token is for (required unless --cluster-id is \
                 given).",
            ),
            opt(
                "role-arn",
                "string",
                "A role to assume first; the token then authenticates as that role.",
            ),
            opt(
                "cluster-id",
                "string",
                "The ID of a local cluster on Outposts, used instead of --cluster-name.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "eks update-kubeconfig",
        description: &[
            "Adds or updates the cluster, user and context of an EKS cluster in a kubeconfig \
             file, and makes the context the current one, so that kubectl can reach the \
             cluster with tokens from aws eks get-token.",
        ],
        synopsis: None,
        options: &[
            required(opt("name", "string", "The name of the cluster.")),
            opt(
                "kubeconfig",
                "string",
                "The kubeconfig file to write: the first file of KUBECONFIG, or \
                 ~/.kube/config, when not given.",
            ),
            opt(
                "role-arn",
                "string",
                "A role that the generated user assumes to get its token.",
            ),
            flag(
                "dry-run",
                "Print the resulting kubeconfig instead of writing it.",
            ),
            flag("verbose", "Say more about what is written."),
            opt(
                "alias",
                "string",
                "The name of the context, instead of the cluster ARN.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "logs tail",
        description: &[
            "Prints the events of a CloudWatch Logs group, from a starting time, and with \
             --follow keeps printing new events as they arrive.",
        ],
        synopsis: None,
        options: &[
            positional("group_name", None, "The log group to read."),
            opt(
                "since",
                "string",
                "Where to start: a timestamp (2021-01-01T00:00:00) or a duration back from \
                 now such as 5m, 2h or 1d (s, m, h, d, w). Ten minutes by default.",
            ),
            flag(
                "follow",
                "Keep waiting for new events and print them as they come (Ctrl-C stops).",
            ),
            choices(
                opt(
                    "format",
                    "string",
                    "How each event is printed: detailed (timestamp, stream and message, \
                     the default), short (timestamp and message) or json.",
                ),
                &["detailed", "short", "json"],
            ),
            opt(
                "filter-pattern",
                "string",
                "A CloudWatch Logs filter pattern that events must match.",
            ),
            many(opt(
                "log-stream-names",
                "string",
                "Read only these log streams.",
            )),
            opt(
                "log-stream-name-prefix",
                "string",
                "Read only the log streams whose name starts with this.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "cloudformation deploy",
        description: &[
            "Creates or updates a stack from a local template through a change set, then \
             executes the change set and waits for the stack to settle. A template larger \
             than 51,200 bytes is uploaded to --s3-bucket first.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "template-file",
                "string",
                "The local template file (as aws cloudformation package writes it).",
            )),
            required(opt(
                "stack-name",
                "string",
                "The stack to create or update.",
            )),
            opt(
                "s3-bucket",
                "string",
                "A bucket to upload the template to, needed when the template is too big to \
                 send in the request.",
            ),
            flag(
                "force-upload",
                "Upload the template even when the bucket already has the same one.",
            ),
            opt(
                "s3-prefix",
                "string",
                "A prefix for the key of the uploaded template.",
            ),
            opt(
                "kms-key-id",
                "string",
                "The KMS key that encrypts the uploaded template.",
            ),
            many(opt(
                "parameter-overrides",
                "string",
                "Template parameters as Key=Value pairs, or a JSON file of them; the \
                 parameters not given keep their current value on an update.",
            )),
            many(opt(
                "capabilities",
                "list",
                "The capabilities the template needs, such as CAPABILITY_IAM.",
            )),
            flag(
                "no-execute-changeset",
                "Create the change set and stop, so that it can be reviewed first.",
            ),
            paired(flag(
                "disable-rollback",
                "Keep the resources created when the stack fails instead of rolling back.",
            )),
            flag("no-disable-rollback", ""),
            opt(
                "role-arn",
                "string",
                "A role CloudFormation assumes to act on the stack.",
            ),
            many(opt(
                "notification-arns",
                "list",
                "SNS topics told about the stack's events.",
            )),
            paired(flag(
                "fail-on-empty-changeset",
                "Whether a change set with no changes is an error (exit code 255) or not.",
            )),
            flag("no-fail-on-empty-changeset", ""),
            many(opt(
                "tags",
                "list",
                "Tags of the stack, as Key=Value pairs.",
            )),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "cloudformation package",
        description: &[
            "Uploads the local artifacts a template points to (code directories, nested \
             templates, files) to S3, and writes a copy of the template that refers to the \
             uploaded objects instead.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "template-file",
                "string",
                "The template whose local artifacts are uploaded.",
            )),
            required(opt(
                "s3-bucket",
                "string",
                "The bucket the artifacts are uploaded to.",
            )),
            opt(
                "s3-prefix",
                "string",
                "A prefix for the keys of the uploaded artifacts.",
            ),
            opt(
                "kms-key-id",
                "string",
                "The KMS key that encrypts the uploaded artifacts.",
            ),
            opt(
                "output-template-file",
                "string",
                "Where the rewritten template goes; standard output when not given.",
            ),
            flag("use-json", "Write the template as JSON rather than YAML."),
            flag(
                "force-upload",
                "Upload the artifacts even when the bucket already has them.",
            ),
            opt(
                "metadata",
                "map",
                "Metadata stored with every uploaded object.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "sso login",
        description: &[
            "Signs in to IAM Identity Center for the profile's SSO configuration and caches \
             the access token, from which the profiles that use it get role credentials.",
        ],
        synopsis: None,
        options: &[
            flag(
                "no-browser",
                "Print the sign-in URL and code instead of opening a browser.",
            ),
            opt(
                "sso-session",
                "string",
                "Sign in for this sso-session section rather than the profile's.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "sso logout",
        description: &[
            "Signs out of IAM Identity Center: revokes and removes the cached access tokens \
             and the role credentials cached from them.",
        ],
        synopsis: None,
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "rds generate-db-auth-token",
        description: &[
            "Prints a token to use as the password of an IAM database user, valid for 15 \
             minutes: a signed connect request computed locally, without calling AWS.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "hostname",
                "string",
                "The host name of the database endpoint.",
            )),
            required(opt("port", "integer", "The port the database listens on.")),
            required(opt(
                "username",
                "string",
                "The database user to connect as.",
            )),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "codeartifact login",
        description: &[
            "Gets an authorization token for a CodeArtifact repository and configures a \
             package tool (npm, pip, twine, NuGet or dotnet) to use the repository with it. \
             The token lasts 12 hours unless --duration-seconds says otherwise.",
        ],
        synopsis: None,
        options: &[
            required(choices(
                opt("tool", "string", "The package tool to configure."),
                &["nuget", "dotnet", "npm", "pip", "twine"],
            )),
            required(opt(
                "domain",
                "string",
                "The domain the repository belongs to.",
            )),
            opt(
                "domain-owner",
                "string",
                "The account that owns the domain, when not the caller's.",
            ),
            opt(
                "namespace",
                "string",
                "An npm scope to point at the repository, leaving other packages alone.",
            ),
            opt(
                "duration-seconds",
                "integer",
                "How long the token is valid, in seconds (0 means as long as the session).",
            ),
            required(opt("repository", "string", "The repository to use.")),
            flag(
                "dry-run",
                "Print the commands or settings that would be applied instead of applying \
                 them.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "cloudfront sign",
        description: &[
            "Prints a signed URL for CloudFront content, signed locally with the private key \
             of a CloudFront key pair or key group. A canned policy is used unless a start \
             time or an IP range makes a custom one necessary.",
        ],
        synopsis: None,
        options: &[
            required(opt("url", "string", "The URL to sign.")),
            required(opt(
                "key-pair-id",
                "string",
                "The ID of the public key CloudFront checks the signature with.",
            )),
            required(opt(
                "private-key",
                "string",
                "The matching RSA private key, usually given as file://path.",
            )),
            required(opt(
                "date-less-than",
                "string",
                "When the URL stops working, as a date or timestamp.",
            )),
            opt(
                "date-greater-than",
                "string",
                "When the URL starts working, as a date or timestamp.",
            ),
            opt(
                "ip-address",
                "string",
                "The client address or CIDR range allowed to use the URL.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "deploy push",
        description: &[
            "Zips a folder holding deployable content and its AppSpec file, uploads the \
             archive to Amazon S3 as an application revision, registers the revision with \
             the CodeDeploy application, and prints the create-deployment command that \
             deploys it.",
        ],
        synopsis: None,
        options: &[
            syn(
                required(opt(
                    "application-name",
                    "string",
                    "The CodeDeploy application the revision belongs to.",
                )),
                "--application-name <app-name>",
            ),
            syn(
                required(opt(
                    "s3-location",
                    "string",
                    "Where to upload the archive, as s3://bucket/key.",
                )),
                "--s3-location s3://<bucket>/<key>",
            ),
            paired(flag(
                "ignore-hidden-files",
                "Leave out hidden files (the default is to include them).",
            )),
            flag("no-ignore-hidden-files", ""),
            syn(
                opt(
                    "source",
                    "string",
                    "The folder to zip; the current folder when not given.",
                ),
                "--source <path>",
            ),
            syn(
                opt(
                    "description",
                    "string",
                    "A description of the revision; by default the upload time in UTC.",
                ),
                "--description <description>",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "deploy register",
        description: &[
            "Registers an on-premises instance with CodeDeploy: creates an IAM user for it \
             (unless one is given) with an access key and a policy, registers and tags the \
             instance, and writes the configuration file the CodeDeploy agent reads.",
        ],
        synopsis: None,
        options: &[
            syn(
                required(opt(
                    "instance-name",
                    "string",
                    "The name to register the instance under.",
                )),
                "--instance-name <instance-name>",
            ),
            syn(
                many(opt(
                    "tags",
                    "list",
                    "Tags for the instance, as Key=k,Value=v pairs.",
                )),
                "--tags <value>",
            ),
            syn(
                opt(
                    "iam-user-arn",
                    "string",
                    "An existing IAM user to use instead of creating one.",
                ),
                "--iam-user-arn <iam-user-arn>",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "deploy deregister",
        description: &[
            "Deregisters an on-premises instance from CodeDeploy, removes its tags and, \
             unless told otherwise, deletes the IAM user created for it.",
        ],
        synopsis: None,
        options: &[
            syn(
                required(opt(
                    "instance-name",
                    "string",
                    "The registered name of the instance.",
                )),
                "--instance-name <instance-name>",
            ),
            flag(
                "no-delete-iam-user",
                "Keep the IAM user of the instance and its keys and policies.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "deploy install",
        description: &[
            "Installs the CodeDeploy agent on this on-premises machine (Ubuntu or Red Hat \
             Enterprise Linux) with the given configuration file. Must be run as root.",
        ],
        synopsis: None,
        options: &[
            syn(
                required(opt(
                    "config-file",
                    "string",
                    "The agent configuration file written by deploy register.",
                )),
                "--config-file <path>",
            ),
            flag(
                "override-config",
                "Replace an agent configuration file that already exists.",
            ),
            syn(
                opt(
                    "agent-installer",
                    "string",
                    "The S3 location of the agent installer to use instead of the default.",
                ),
                "--agent-installer <s3-location>",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "deploy uninstall",
        description: &[
            "Removes the CodeDeploy agent and its configuration file from this on-premises \
             machine. Must be run as root.",
        ],
        synopsis: None,
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "ecs deploy",
        description: &[
            "Deploys a new task definition to an ECS service through a CodeDeploy blue/green \
             deployment: registers the task definition, writes its ARN into the AppSpec, \
             starts the deployment and waits for it to succeed.",
        ],
        synopsis: None,
        options: &[
            required(opt("service", "string", "The ECS service to deploy to.")),
            required(opt(
                "task-definition",
                "string",
                "A JSON file with the task definition to register.",
            )),
            required(opt(
                "codedeploy-appspec",
                "string",
                "The AppSpec file (JSON or YAML) of the deployment.",
            )),
            opt(
                "cluster",
                "string",
                "The cluster of the service; the default cluster when not given.",
            ),
            opt(
                "codedeploy-application",
                "string",
                "The CodeDeploy application; by default AppECS-<cluster>-<service>.",
            ),
            opt(
                "codedeploy-deployment-group",
                "string",
                "The deployment group; by default DgpECS-<cluster>-<service>.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "codecommit credential-helper",
        description: &[
            "A git credential helper for CodeCommit repositories over HTTPS: git calls it \
             and it answers a user name and a password signed with your AWS credentials. \
             Configure it with git config credential.helper '!aws codecommit \
             credential-helper $@' and credential.UseHttpPath true.",
        ],
        synopsis: Some("aws codecommit credential-helper"),
        options: &[],
        subcommands: &["get"],
    },
    CustomCommand {
        path: "datapipeline list-runs",
        description: &[
            "Lists the runs of a pipeline, newest first, with their status and times; by \
             default the runs started in the last four days.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "pipeline-id",
                "string",
                "The pipeline whose runs to list.",
            )),
            opt(
                "status",
                "string",
                "Only runs in these states, separated by commas.",
            ),
            opt(
                "start-interval",
                "string",
                "Only runs that started in this interval: two ISO 8601 times separated by a comma.",
            ),
            opt(
                "schedule-interval",
                "string",
                "Only runs scheduled in this interval: two ISO 8601 times separated by a comma.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "dlm create-default-role",
        description: &[
            "Creates the IAM role Data Lifecycle Manager uses by default, with its managed \
             policy attached, unless it already exists.",
        ],
        synopsis: None,
        options: &[
            opt(
                "iam-endpoint",
                "string",
                "The IAM endpoint URL to call instead of the default one.",
            ),
            choices(
                opt(
                    "resource-type",
                    "string",
                    "Whether the role is for snapshot policies or for image policies.",
                ),
                &["snapshot", "image"],
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "emr-containers update-role-trust-policy",
        description: &[
            "Adds to the trust policy of an IAM role the statement that lets jobs of an EMR \
             on EKS namespace assume it through the cluster's OIDC provider.",
        ],
        synopsis: None,
        options: &[
            required(opt("cluster-name", "string", "The EKS cluster.")),
            required(opt(
                "namespace",
                "string",
                "The Kubernetes namespace the jobs run in.",
            )),
            required(opt("role-name", "string", "The IAM role to update.")),
            opt(
                "iam-endpoint",
                "string",
                "The IAM endpoint URL to call instead of the default one.",
            ),
            flag(
                "dry-run",
                "Print the new trust policy without updating the role.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "configservice subscribe",
        description: &[
            "Sets up AWS Config: creates the S3 bucket and SNS topic if needed, then the \
             configuration recorder and delivery channel, and starts recording.",
        ],
        synopsis: None,
        options: &[
            required(opt(
                "s3-bucket",
                "string",
                "The bucket configuration snapshots and history are delivered to.",
            )),
            required(opt(
                "sns-topic",
                "string",
                "The topic (name or ARN) notifications are sent to.",
            )),
            required(opt(
                "iam-role",
                "string",
                "The role AWS Config assumes to record and deliver.",
            )),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "configservice get-status",
        description: &[
            "Prints the state of the configuration recorders and delivery channels of the \
             account in the region.",
        ],
        synopsis: None,
        options: &[],
        subcommands: &[],
    },
    CustomCommand {
        path: "gamelift upload-build",
        description: &[
            "Zips a game server build folder, uploads it to the storage GameLift provides and \
             creates the build.",
        ],
        synopsis: None,
        options: &[
            required(opt("name", "string", "The name of the build.")),
            required(opt("build-version", "string", "The version of the build.")),
            required(opt(
                "build-root",
                "string",
                "The folder holding the build's files.",
            )),
            opt(
                "server-sdk-version",
                "string",
                "The GameLift server SDK version the build uses.",
            ),
            opt(
                "operating-system",
                "string",
                "The operating system the build runs on.",
            ),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "gamelift get-game-session-log",
        description: &["Downloads the log of a game session to a local file."],
        synopsis: None,
        options: &[
            required(opt("game-session-id", "string", "The game session.")),
            required(opt("save-as", "string", "The file to write the log to.")),
        ],
        subcommands: &[],
    },
    CustomCommand {
        path: "servicecatalog generate",
        description: &[
            "Creates a Service Catalog product or provisioning artifact from a local \
             CloudFormation template, uploading the template to S3 first.",
        ],
        synopsis: Some("generate"),
        options: &[],
        subcommands: &["product", "provisioning-artifact"],
    },
];

/// The described pages: `s3`, its verbs, `configure` and its subcommands,
/// and the customizations of services.
pub fn custom_commands() -> impl Iterator<Item = &'static CustomCommand> {
    S3_PAGES
        .iter()
        .chain(CONFIGURE_COMMANDS)
        .chain(SERVICE_COMMANDS)
}

/// The page of `aws <path> help` for a hand-written command (`["s3",
/// "ls"]`), or `None` when `path` is not one of [`custom_commands`].
pub fn custom_command_help(path: &[&str]) -> Option<HelpPage> {
    let joined = path.join(" ");
    let command = custom_commands().find(|c| c.path == joined)?;
    Some(page(command))
}

fn page(command: &CustomCommand) -> HelpPage {
    let name = command.path.rsplit(' ').next().unwrap_or(command.path);
    let mut sections = vec![
        Section::new("Name", vec![Block::text(0, format!("{name} -"))]),
        Section::new(
            "Description",
            command
                .description
                .iter()
                .map(|p| Block::text(0, *p))
                .collect(),
        ),
    ];
    if command.path == "configure" {
        sections.push(Section::new(
            "Configuration Variables",
            configuration_variables(),
        ));
    }
    let has_subcommands = !command.subcommands.is_empty();
    let synopsis = match command.synopsis {
        Some(text) => vec![text.to_owned()],
        None => {
            let mut lines = vec![format!("  {name}")];
            let mut options = command.options.iter().peekable();
            while let Some(option) = options.next() {
                let entry = if option.paired_with_next {
                    let next = options.next().map(|n| n.name).unwrap_or_default();
                    format!("[--{} | --{next}]", option.name)
                } else {
                    synopsis_entry(option)
                };
                lines.push(entry);
            }
            lines.extend(globals::synopsis_lines());
            lines
        }
    };
    sections.push(Section::new(
        "Synopsis",
        vec![Block::Literal {
            indent: depth(1),
            lines: synopsis,
        }],
    ));
    sections.push(Section::new("Options", option_blocks(command.options)));
    if has_subcommands {
        sections.push(Section::new(
            "Available Commands",
            command
                .subcommands
                .iter()
                .map(|s| Block::Bullet {
                    indent: 0,
                    spans: vec![Span::plain(*s)],
                })
                .collect(),
        ));
    } else {
        sections.push(Section::new("Global Options", globals::option_blocks()));
    }
    HelpPage {
        title: name.to_owned(),
        sections,
    }
}

/// One synopsis line, as `BasicDocHandler.doc_synopsis_option` writes it.
fn synopsis_entry(option: &CustomOption) -> String {
    let mut entry = match option.synopsis {
        Some(s) => s.to_owned(),
        None if option.positional => format!("<{}>", option.name),
        None if option.type_name == "boolean" => format!("--{}", option.name),
        None if option.many => format!("--{} <value> [<value>...]", option.name),
        None => format!("--{} <value>", option.name),
    };
    if !(option.required || option.positional) {
        entry = format!("[{entry}]");
    }
    entry
}

fn option_blocks(options: &[CustomOption]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut iter = options.iter();
    while let Some(option) = iter.next() {
        let mut names = if option.positional {
            option.name.to_owned()
        } else {
            format!("--{}", option.name)
        };
        if option.paired_with_next {
            if let Some(next) = iter.next() {
                names = format!("{names} | --{}", next.name);
            }
        }
        blocks.push(Block::paragraph(
            0,
            vec![
                Span::bold(names),
                Span::plain(format!(" ({})", option.type_name)),
            ],
        ));
        if !option.description.is_empty() {
            blocks.push(Block::attached(
                depth(1),
                vec![Span::plain(option.description)],
            ));
        }
        if !option.choices.is_empty() {
            blocks.push(Block::text(depth(1), "Possible values:"));
            for choice in option.choices {
                blocks.push(Block::Bullet {
                    indent: depth(2),
                    spans: vec![Span::plain(*choice)],
                });
            }
        }
    }
    if blocks.is_empty() {
        blocks.push(Block::text(0, "None"));
    }
    blocks
}

/// The settings `aws configure` documents, each with what it holds.
fn configuration_variables() -> Vec<Block> {
    const VARIABLES: &[(&str, &str)] = &[
        ("aws_access_key_id", "the access key ID of the credentials"),
        ("aws_secret_access_key", "the secret key of the credentials"),
        (
            "aws_session_token",
            "the session token, for temporary credentials only",
        ),
        (
            "metadata_service_timeout",
            "how many seconds a request to the instance metadata service may take before \
             it is abandoned (credentials from an instance role)",
        ),
        (
            "metadata_service_num_attempts",
            "how many times a request to the instance metadata service is tried",
        ),
    ];
    let mut blocks = vec![Block::text(
        0,
        "The config file may hold these settings, besides those listed by aws help \
         config-vars:",
    )];
    blocks.extend(VARIABLES.iter().map(|(name, what)| Block::Bullet {
        indent: 0,
        spans: vec![Span::plain(format!("{name} - {what}"))],
    }));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Style;

    #[test]
    fn every_page_renders_with_its_sections() {
        for command in custom_commands() {
            let words: Vec<&str> = command.path.split(' ').collect();
            let page = custom_command_help(&words).unwrap();
            let headings = page.headings();
            assert_eq!(&headings[..2], ["NAME", "DESCRIPTION"], "{}", command.path);
            assert!(headings.contains(&"SYNOPSIS"), "{}", command.path);
            assert!(headings.contains(&"OPTIONS"), "{}", command.path);
            let text = page.render(Style::Plain, 80);
            for markup in ["<p>", "</", "&amp;", "&lt;", "``", ":ref:"] {
                assert!(!text.contains(markup), "{}: {markup}", command.path);
            }
            // A command with subcommands lists them instead of the globals.
            let lists = headings.contains(&"AVAILABLE COMMANDS");
            assert_eq!(lists, !command.subcommands.is_empty(), "{}", command.path);
            assert_eq!(
                lists,
                !headings.contains(&"GLOBAL OPTIONS"),
                "{}",
                command.path
            );
        }
    }

    #[test]
    fn paired_flags_share_one_entry() {
        let page = custom_command_help(&["s3", "cp"]).unwrap();
        let text = page.render(Style::Plain, 80);
        assert!(text.contains("       --follow-symlinks | --no-follow-symlinks (boolean)\n"));
        assert!(text.contains("[--follow-symlinks | --no-follow-symlinks]"));
        assert!(text.contains("<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>"));
    }

    #[test]
    fn unknown_paths_have_no_page() {
        assert!(custom_command_help(&["s3", "nope"]).is_none());
        assert!(custom_command_help(&["sts"]).is_none());
    }
}
