//! The reference's argument customizations of model operations: arguments
//! a `building-argument-table.<service>.<operation>` handler adds to (or
//! removes from) an operation's table, what each one puts into the call
//! parameters (`add_to_params`), the `operation-args-parsed` checks that go
//! with them, and the CLI's own `before-parameter-build` handlers that
//! rewrite the parameters before botocore validates them.
//!
//! Specs (AWS CLI v2, `awscli/customizations/`):
//! - `ec2/addcount.py`: `run-instances --count N|MIN:MAX` replaces
//!   `--min-count`/`--max-count`, both defaulting to 1;
//! - `ec2/runinstances.py`: `--secondary-private-ip-addresses`,
//!   `--secondary-private-ip-address-count`,
//!   `--[no-]associate-public-ip-address` (built into `NetworkInterfaces`);
//! - `ec2/secgroupsimplify.py`: `--protocol --port --cidr --source-group
//!   --group-owner` of `authorize|revoke-security-group-ingress|egress`;
//! - `ec2/protocolarg.py`: `tcp|udp|icmp|all` for `--protocol` of
//!   `create|replace-network-acl-entry`;
//! - `putmetricdata.py`: `cloudwatch put-metric-data --metric-name --value
//!   --unit --timestamp --dimensions --statistic-values --storage-resolution`;
//! - `awslambda.py`: `--zip-file` of `create-function`,
//!   `publish-layer-version` and `update-function-code`;
//! - `sessendemail.py`: `ses send-email --from --to --cc --bcc --subject
//!   --text --html`;
//! - `iamvirtmfa.py`: iam `create-virtual-mfa-device --outfile
//!   --bootstrap-method`, and `iot.py`: iot `--certificate-pem-outfile`,
//!   `--public-key-outfile`, `--private-key-outfile` (files written from the
//!   response, see [`ResponseFile`]);
//! - `cloudfront.py`: `create-invalidation --paths`, `create-distribution
//!   --origin-domain-name --default-root-object` (not `update-distribution
//!   --default-root-object`, which needs a call of its own);
//! - `codedeploy/locationargs.py`: deploy `--s3-location`,
//!   `--github-location`;
//! - `emr/addtags.py`, `emr/listclusters.py`: emr `add-tags --tags k=v`,
//!   `list-clusters --cluster-states|--active|--terminated|--failed`;
//! - `cloudsearch.py` (over `flatten.py`): `define-expression --name
//!   --expression`, `define-index-field --name --type --default-value ...`;
//! - `kinesis.py`: `list-streams --exclusive-start-stream-name` (hidden)
//!   turns auto-pagination off;
//! - `rds.py`: `add-option-to-option-group` / `remove-option-from-option-group`
//!   (`ModifyOptionGroup` with `--options`);
//! - `translate.py`: `import-terminology --data-file`;
//! - `configservice/putconfigurationrecorder.py`: `--recording-group`;
//! - `ec2/paginate.py`: pages of 1000 for `describe-volumes` /
//!   `describe-snapshots`;
//! - `rekognition.py`: `--image-bytes` (`--source-image-bytes`,
//!   `--target-image-bytes`) for `Image.Bytes`.
//!
//! Each argument is a [`CustomArgument`]; the table keeps it as
//! [`ArgumentKind::Custom`](crate::ArgumentKind::Custom) in the position the
//! reference's handler puts it (after the model's members, since handlers
//! append to the table).
use awscli_model::{Service, Value};
use indexmap::IndexMap;

use crate::argparse::{py_int, RawValue};
use crate::paramfile::ParamFileSystem;
use crate::table::{ArgumentKind, CliArgument};
use crate::ArgsError;

/// How argparse reads a customization's argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomNargs {
    /// One value.
    One,
    /// One value, converted by `int()` (`type=int`).
    Int,
    /// Zero or more values (`nargs='*'`).
    Many,
    /// One or more values (`nargs='+'`).
    AtLeastOne,
    /// A flag: `store_true` (`true`) or `store_false` (`false`).
    Flag(bool),
}

/// One argument a customization adds to a model operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomArgument {
    /// ec2 `run-instances --count`: `MinCount` and `MaxCount`.
    Count,
    /// ec2 `run-instances --secondary-private-ip-addresses`.
    SecondaryPrivateIpAddresses,
    /// ec2 `run-instances --secondary-private-ip-address-count`.
    SecondaryPrivateIpAddressCount,
    /// ec2 `run-instances --associate-public-ip-address`.
    AssociatePublicIpAddress,
    /// ec2 `run-instances --no-associate-public-ip-address`.
    NoAssociatePublicIpAddress,
    /// ec2 security group rules: `--protocol` (`IpProtocol`).
    Protocol,
    /// `--port`: `FromPort` and `ToPort`.
    Port,
    /// `--cidr`: one `IpRanges` entry.
    Cidr,
    /// `--source-group`: `GroupId` (`sg-...`) or `GroupName`.
    SourceGroup,
    /// `--group-owner`: `UserId` of the group pair.
    GroupOwner,
    /// cloudwatch `put-metric-data`: a member of the first `MetricData`
    /// entry.
    MetricDatum(MetricDatumField),
    /// lambda `--zip-file`: the `ZipFile` of the structure member `member`
    /// (`Code`, `Content`).
    ZipFile { member: &'static str },
    /// ses `send-email --to|--cc|--bcc`: `Destination.<key>`.
    Addresses { key: &'static str },
    /// ses `send-email --subject|--text|--html`: a part of `Message`.
    MessagePart { key: &'static str },
    /// iam `create-virtual-mfa-device --outfile`: where the seed goes.
    MfaOutfile,
    /// iam `create-virtual-mfa-device --bootstrap-method`.
    MfaBootstrapMethod,
    /// iot `--certificate-pem-outfile` and the like: the result of `query`
    /// on the response is saved to the file (mode 0600).
    QueryOutfile { query: &'static str },
    /// translate `import-terminology --data-file`: the `key` (`File`) blob
    /// of the structure member `member` (`TerminologyData`).
    NestedBlob {
        member: &'static str,
        key: &'static str,
    },
    /// configservice `put-configuration-recorder --recording-group`: the
    /// member `key` (`recordingGroup`) of the structure member `member`
    /// (`ConfigurationRecorder`), read as that member's shape (shorthand,
    /// JSON).
    NestedMember {
        member: &'static str,
        key: &'static str,
    },
    /// deploy `--s3-location` / `--github-location`
    /// (`codedeploy/locationargs.py`): a `revision` of that type, read as
    /// the model's `S3Location` / `GitHubLocation` shape.
    RevisionLocation { github: bool },
    /// emr `add-tags --tags k=v k2`: `Tags` from `key[=value]` words.
    EmrTags,
    /// emr `list-clusters --cluster-states` (one or more states).
    ClusterStates,
    /// emr `list-clusters --active|--terminated|--failed`: these states.
    ClusterStateFilter { states: &'static [&'static str] },
    /// cloudsearch `define-expression` / `define-index-field` flattened
    /// options (`cloudsearch.py` over `flatten.py`): `key` of the structure
    /// `container`; `boolean` values are read as `not value.lower() ==
    /// 'false'`; `index_options` puts the value into the
    /// `<Type>Options` structure the `--type` names (`index_hydrate`).
    Flattened {
        container: &'static str,
        key: &'static str,
        boolean: bool,
        index_options: bool,
    },
    /// cloudfront `create-distribution --origin-domain-name`: a minimal
    /// distribution with that one origin.
    OriginDomainName,
    /// cloudfront `create-distribution --default-root-object`.
    DefaultRootObject,
    /// cloudfront `create-invalidation --paths`: a whole
    /// `InvalidationBatch` with a made-up caller reference.
    InvalidationPaths,
    /// rekognition `--image-bytes` and the like: the `Bytes` of the
    /// structure member `member` (`Image`, `SourceImage`, `TargetImage`).
    ImageBytes { member: &'static str },
}

/// `iamvirtmfa.py` `CHOICES`.
pub const BOOTSTRAP_METHODS: [&str; 2] = ["QRCodePNG", "Base32StringSeed"];

/// The `put-metric-data` arguments, by the `MetricDatum` member they set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricDatumField {
    MetricName,
    Timestamp,
    Unit,
    Value,
    Dimensions,
    StatisticValues,
    StorageResolution,
}

impl CustomArgument {
    /// How argparse reads it.
    pub fn nargs(&self) -> CustomNargs {
        match self {
            CustomArgument::SecondaryPrivateIpAddresses => CustomNargs::Many,
            CustomArgument::SecondaryPrivateIpAddressCount => CustomNargs::Int,
            CustomArgument::AssociatePublicIpAddress => CustomNargs::Flag(true),
            CustomArgument::NoAssociatePublicIpAddress => CustomNargs::Flag(false),
            CustomArgument::Addresses { .. }
            | CustomArgument::InvalidationPaths
            | CustomArgument::EmrTags
            | CustomArgument::ClusterStates => CustomNargs::AtLeastOne,
            CustomArgument::ClusterStateFilter { .. } => CustomNargs::Flag(true),
            _ => CustomNargs::One,
        }
    }

    /// The values argparse accepts, if restricted (`choices=`).
    pub fn choices(&self) -> Option<&'static [&'static str]> {
        match self {
            CustomArgument::MfaBootstrapMethod => Some(&BOOTSTRAP_METHODS),
            _ => None,
        }
    }

    /// The type help shows in parentheses.
    pub fn type_name(&self) -> &'static str {
        match self {
            CustomArgument::SecondaryPrivateIpAddressCount => "integer",
            CustomArgument::AssociatePublicIpAddress
            | CustomArgument::NoAssociatePublicIpAddress
            | CustomArgument::ClusterStateFilter { .. } => "boolean",
            CustomArgument::EmrTags | CustomArgument::ClusterStates => "list",
            CustomArgument::Flattened { boolean: true, .. } => "boolean",
            CustomArgument::ZipFile { .. }
            | CustomArgument::ImageBytes { .. }
            | CustomArgument::NestedBlob { .. } => "blob",
            CustomArgument::NestedMember { .. } | CustomArgument::RevisionLocation { .. } => {
                "structure"
            }
            _ => "string",
        }
    }

    /// What help says about it (our own words).
    pub fn documentation(&self) -> &'static str {
        use MetricDatumField as F;
        match self {
            CustomArgument::Count => {
                "How many instances to launch: one number N (at least N, the \
                 default being 1) or a range MIN:MAX."
            }
            CustomArgument::SecondaryPrivateIpAddresses => {
                "[EC2-VPC] Secondary private IP addresses to give the primary \
                 network interface; repeat the value for several."
            }
            CustomArgument::SecondaryPrivateIpAddressCount => {
                "[EC2-VPC] How many secondary private IP addresses to assign \
                 to the primary network interface."
            }
            CustomArgument::AssociatePublicIpAddress
            | CustomArgument::NoAssociatePublicIpAddress => {
                "[EC2-VPC] Whether the new instance gets a public IP address \
                 on its primary network interface."
            }
            CustomArgument::Protocol => {
                "The IP protocol: tcp, udp, icmp, a protocol number, or all \
                 (-1). Without --port the rule covers every port."
            }
            CustomArgument::Port => {
                "TCP/UDP: a port or a range FROM-TO. ICMP: TYPE-CODE, -1 \
                 meaning every type or code."
            }
            CustomArgument::Cidr => "An IPv4 address range in CIDR notation.",
            CustomArgument::SourceGroup => "The ID or name of the source security group.",
            CustomArgument::GroupOwner => "The account ID that owns the source security group.",
            CustomArgument::MetricDatum(field) => match field {
                F::MetricName => "The metric's name.",
                F::Timestamp => "When the data point was taken (default: when it is received).",
                F::Unit => "The metric's unit.",
                F::Value => "The data point's value.",
                F::Dimensions => {
                    "Dimensions of the metric as Name=Value pairs separated by \
                     commas."
                }
                F::StatisticValues => {
                    "Statistics of the data point: SampleCount=,Sum=,Minimum=,\
                     Maximum= separated by commas."
                }
                F::StorageResolution => {
                    "1 for high-resolution storage (one-second granularity), \
                     60 for standard resolution."
                }
            },
            CustomArgument::ZipFile { member } => {
                if *member == "Content" {
                    "The zip file of the layer content, given as \
                     fileb://path/to/file.zip. Use this or --content."
                } else {
                    "The zip file of the function code, given as \
                     fileb://path/to/file.zip. Use this or --code."
                }
            }
            CustomArgument::Addresses { key } => match *key {
                "CcAddresses" => "Carbon-copy recipients, separated by spaces.",
                "BccAddresses" => "Blind-carbon-copy recipients, separated by spaces.",
                _ => "Primary recipients, separated by spaces.",
            },
            CustomArgument::MessagePart { key } => match *key {
                "Subject" => "The message's subject line.",
                "Html" => "The message body as HTML.",
                _ => "The message body as plain text.",
            },
            CustomArgument::MfaOutfile => {
                "The file the bootstrap seed of the device is written to."
            }
            CustomArgument::MfaBootstrapMethod => {
                "How the seed is saved: QRCodePNG (a QR code image) or \
                 Base32StringSeed (the base32 secret)."
            }
            CustomArgument::QueryOutfile { query } => match *query {
                "certificatePem" => "Writes the certificate (PEM) of the response to this file.",
                "keyPair.PublicKey" => "Writes the public key of the response to this file.",
                _ => "Writes the private key of the response to this file.",
            },
            CustomArgument::NestedBlob { .. } => {
                "The terminology file, given as fileb://path/to/file (instead \
                 of File in --terminology-data)."
            }
            CustomArgument::NestedMember { .. } => {
                "Which resource types the recorder records (the recordingGroup \
                 of --configuration-recorder), in shorthand or JSON."
            }
            CustomArgument::RevisionLocation { github: false } => {
                "Where the revision is in Amazon S3: bucket, key and bundleType \
                 (tar, tgz or zip), optionally eTag and version."
            }
            CustomArgument::RevisionLocation { github: true } => {
                "Where the revision is in GitHub: repository (account/name) \
                 and commitId."
            }
            CustomArgument::Flattened { key, .. } => match *key {
                "ExpressionName" | "IndexFieldName" => "The name of the expression or field.",
                "ExpressionValue" => "The expression to evaluate for ranking or sorting.",
                "IndexFieldType" => {
                    "The field's type (int, double, literal, text, date, \
                                     latlon, or one of the -array types)."
                }
                "DefaultValue" => "The value used when a document does not specify one.",
                "FacetEnabled" => "Whether facet information can be returned for the field.",
                "SearchEnabled" => "Whether the field's contents are searchable.",
                "ReturnEnabled" => "Whether the field can be returned in search results.",
                "SortEnabled" => "Whether the field can be used to sort search results.",
                "SourceField" => "The field to copy the value from.",
                "HighlightEnabled" => "Whether highlights can be returned for the field.",
                _ => "The analysis scheme of a text field.",
            },
            CustomArgument::OriginDomainName => {
                "The domain name of the one origin of a new distribution with \
                 default settings (instead of --distribution-config)."
            }
            CustomArgument::DefaultRootObject => {
                "The object returned for requests of the root URL, such as \
                 index.html (instead of --distribution-config)."
            }
            CustomArgument::EmrTags => {
                "Tags as key=value words separated by spaces (a key alone \
                 gets an empty value)."
            }
            CustomArgument::ClusterStates => {
                "Only clusters in these states (STARTING, BOOTSTRAPPING, \
                 RUNNING, WAITING, TERMINATING, TERMINATED, \
                 TERMINATED_WITH_ERRORS)."
            }
            CustomArgument::ClusterStateFilter { states } => match states.first() {
                Some(&"TERMINATED") => "Only terminated clusters.",
                Some(&"TERMINATED_WITH_ERRORS") => "Only clusters that failed.",
                _ => {
                    "Only active clusters (starting, bootstrapping, running, \
                       waiting or terminating)."
                }
            },
            CustomArgument::InvalidationPaths => {
                "The paths to invalidate, separated by spaces (instead of \
                 --invalidation-batch)."
            }
            CustomArgument::ImageBytes { .. } => {
                "The image itself, read from a local file given as \
                 fileb://path/to/image.png."
            }
        }
    }
}

/// An argument added by a customization.
fn custom(name: &str, kind: CustomArgument) -> CliArgument {
    CliArgument {
        name: name.to_owned(),
        dest: name.replace('-', "_"),
        kind: ArgumentKind::Custom(kind),
        required: false,
        document_as_required: false,
        hidden: false,
    }
}

fn remove(arguments: &mut Vec<CliArgument>, name: &str) {
    arguments.retain(|a| a.name != name);
}

/// `argument_table[name] = ...` over an existing name: the new argument
/// takes the old one's place.
fn replace(arguments: &mut [CliArgument], name: &str, kind: CustomArgument, required: bool) {
    for argument in arguments.iter_mut().filter(|a| a.name == name) {
        argument.kind = ArgumentKind::Custom(kind);
        argument.required = required;
        argument.document_as_required = required;
    }
}

/// emr `constants.LIST_CLUSTERS_ACTIVE_STATES`.
const LIST_CLUSTERS_ACTIVE_STATES: [&str; 5] = [
    "STARTING",
    "BOOTSTRAPPING",
    "RUNNING",
    "WAITING",
    "TERMINATING",
];

/// `utils.rename_argument`: deleted and re-added at the end under `new`.
fn rename(arguments: &mut Vec<CliArgument>, old: &str, new: &str) {
    if let Some(at) = arguments.iter().position(|a| a.name == old) {
        let mut argument = arguments.remove(at);
        argument.name = new.to_owned();
        argument.dest = new.replace('-', "_");
        arguments.push(argument);
    }
}

fn hide(arguments: &mut [CliArgument], name: &str) {
    for argument in arguments.iter_mut().filter(|a| a.name == name) {
        argument.hidden = true;
    }
}

fn not_required(arguments: &mut [CliArgument], name: &str) {
    for argument in arguments.iter_mut().filter(|a| a.name == name) {
        argument.required = false;
        argument.document_as_required = false;
    }
}

/// The `building-argument-table.<service>.<operation>` handlers: edits the
/// table of `service` `operation` (CLI names) after its members and
/// renames.
pub(crate) fn customize_table(
    model: &Service,
    service: &str,
    operation: &str,
    arguments: &mut Vec<CliArgument>,
) {
    use CustomArgument as C;
    use MetricDatumField as F;
    match (service, operation) {
        ("ec2", "run-instances") => {
            // addcount.py, then runinstances.py (registered in that order).
            remove(arguments, "min-count");
            remove(arguments, "max-count");
            arguments.push(custom("count", C::Count));
            arguments.push(custom(
                "secondary-private-ip-addresses",
                C::SecondaryPrivateIpAddresses,
            ));
            arguments.push(custom(
                "secondary-private-ip-address-count",
                C::SecondaryPrivateIpAddressCount,
            ));
            arguments.push(custom(
                "associate-public-ip-address",
                C::AssociatePublicIpAddress,
            ));
            arguments.push(custom(
                "no-associate-public-ip-address",
                C::NoAssociatePublicIpAddress,
            ));
        }
        (
            "ec2",
            "authorize-security-group-ingress"
            | "authorize-security-group-egress"
            | "revoke-security-group-ingress"
            | "revoke-security-group-egress",
        ) => {
            for (new, replaced) in [
                ("protocol", &["ip-protocol"][..]),
                ("port", &["from-port", "to-port"][..]),
                ("cidr", &["cidr-ip"][..]),
                ("source-group", &["source-security-group-name"][..]),
                ("group-owner", &["source-security-group-owner-id"][..]),
            ] {
                let kind = match new {
                    "protocol" => C::Protocol,
                    "port" => C::Port,
                    "cidr" => C::Cidr,
                    "source-group" => C::SourceGroup,
                    _ => C::GroupOwner,
                };
                arguments.push(custom(new, kind));
                for name in replaced {
                    hide(arguments, name);
                }
            }
        }
        ("cloudwatch", "put-metric-data") => {
            not_required(arguments, "metric-data");
            for (name, field) in [
                ("metric-name", F::MetricName),
                ("timestamp", F::Timestamp),
                ("unit", F::Unit),
                ("value", F::Value),
                ("dimensions", F::Dimensions),
                ("statistic-values", F::StatisticValues),
                ("storage-resolution", F::StorageResolution),
            ] {
                arguments.push(custom(name, C::MetricDatum(field)));
            }
        }
        ("lambda", "create-function") => {
            // ZipFileArgumentHoister: `--code` stays in place, no longer
            // required (its ZipFile is refused, see check_member_value).
            not_required(arguments, "code");
            arguments.push(custom("zip-file", C::ZipFile { member: "Code" }));
        }
        ("lambda", "publish-layer-version") => {
            not_required(arguments, "content");
            arguments.push(custom("zip-file", C::ZipFile { member: "Content" }));
        }
        ("ses", "send-email") => {
            not_required(arguments, "message");
            not_required(arguments, "destination");
            // utils.rename_argument: deleted and re-added at the end.
            if let Some(i) = arguments.iter().position(|a| a.name == "source") {
                let mut from = arguments.remove(i);
                from.name = "from".to_owned();
                from.dest = "from".to_owned();
                arguments.push(from);
            }
            for (name, key) in [
                ("to", "ToAddresses"),
                ("cc", "CcAddresses"),
                ("bcc", "BccAddresses"),
            ] {
                arguments.push(custom(name, C::Addresses { key }));
            }
            for (name, key) in [("subject", "Subject"), ("text", "Text"), ("html", "Html")] {
                arguments.push(custom(name, C::MessagePart { key }));
            }
        }
        ("iam", "create-virtual-mfa-device") => {
            arguments.push(required_custom("outfile", C::MfaOutfile));
            arguments.push(required_custom("bootstrap-method", C::MfaBootstrapMethod));
        }
        ("iot", "create-keys-and-certificate") => {
            for (name, query) in [
                ("certificate-pem-outfile", "certificatePem"),
                ("public-key-outfile", "keyPair.PublicKey"),
                ("private-key-outfile", "keyPair.PrivateKey"),
            ] {
                arguments.push(custom(name, C::QueryOutfile { query }));
            }
        }
        ("iot", "create-certificate-from-csr") => {
            arguments.push(custom(
                "certificate-pem-outfile",
                C::QueryOutfile {
                    query: "certificatePem",
                },
            ));
        }
        ("rds", "add-option-to-option-group") => {
            rename(arguments, "options-to-include", "options");
            remove(arguments, "options-to-remove");
        }
        ("rds", "remove-option-from-option-group") => {
            rename(arguments, "options-to-remove", "options");
            remove(arguments, "options-to-include");
        }
        ("translate", "import-terminology") => {
            // `--terminology-data` keeps its place, no longer required (its
            // File is refused, see check_member_value).
            not_required(arguments, "terminology-data");
            arguments.push(required_custom(
                "data-file",
                C::NestedBlob {
                    member: "TerminologyData",
                    key: "File",
                },
            ));
        }
        ("configservice", "put-configuration-recorder") => {
            arguments.push(custom(
                "recording-group",
                C::NestedMember {
                    member: "ConfigurationRecorder",
                    key: "recordingGroup",
                },
            ));
        }
        (
            "deploy",
            "get-application-revision" | "register-application-revision" | "create-deployment",
        ) => {
            arguments.push(custom("s3-location", C::RevisionLocation { github: false }));
            arguments.push(custom(
                "github-location",
                C::RevisionLocation { github: true },
            ));
            not_required(arguments, "revision");
        }
        ("emr", "add-tags") => {
            replace(arguments, "tags", C::EmrTags, true);
        }
        ("emr", "list-clusters") => {
            replace(arguments, "cluster-states", C::ClusterStates, false);
            for (name, states) in [
                ("active", &LIST_CLUSTERS_ACTIVE_STATES[..]),
                ("terminated", &["TERMINATED"][..]),
                ("failed", &["TERMINATED_WITH_ERRORS"][..]),
            ] {
                arguments.push(custom(name, C::ClusterStateFilter { states }));
            }
        }
        ("cloudsearch", "define-expression") => {
            remove(arguments, "expression");
            for (name, key) in [
                ("name", "ExpressionName"),
                ("expression", "ExpressionValue"),
            ] {
                arguments.push(required_custom(
                    name,
                    C::Flattened {
                        container: "Expression",
                        key,
                        boolean: false,
                        index_options: false,
                    },
                ));
            }
        }
        ("cloudsearch", "define-index-field") => {
            remove(arguments, "index-field");
            for (name, key, required, boolean, index_options) in [
                ("name", "IndexFieldName", true, false, false),
                ("type", "IndexFieldType", true, false, false),
                ("default-value", "DefaultValue", false, false, true),
                ("facet-enabled", "FacetEnabled", false, true, true),
                ("search-enabled", "SearchEnabled", false, true, true),
                ("return-enabled", "ReturnEnabled", false, true, true),
                ("sort-enabled", "SortEnabled", false, true, true),
                ("source-field", "SourceField", false, false, true),
                ("highlight-enabled", "HighlightEnabled", false, true, true),
                ("analysis-scheme", "AnalysisScheme", false, false, true),
            ] {
                let kind = C::Flattened {
                    container: "IndexField",
                    key,
                    boolean,
                    index_options,
                };
                arguments.push(if required {
                    required_custom(name, kind)
                } else {
                    custom(name, kind)
                });
            }
        }
        ("kinesis", "list-streams") => hide(arguments, "exclusive-start-stream-name"),
        ("cloudfront", "create-distribution") => {
            not_required(arguments, "distribution-config");
            arguments.push(custom("origin-domain-name", C::OriginDomainName));
            arguments.push(custom("default-root-object", C::DefaultRootObject));
        }
        ("cloudfront", "create-invalidation") => {
            not_required(arguments, "invalidation-batch");
            arguments.push(custom("paths", C::InvalidationPaths));
        }
        ("rekognition", _) => {
            // FILE_PARAMETER_UPDATES, in its order; `*.image` only where
            // the argument is an Image-like structure (a blob `Bytes`).
            let updates: &[(&str, &str, &'static str)] = if operation == "compare-faces" {
                &[
                    ("source-image", "source-image-bytes", "SourceImage"),
                    ("target-image", "target-image-bytes", "TargetImage"),
                ]
            } else {
                &[("image", "image-bytes", "Image")]
            };
            for (source, new, member) in updates {
                let Some(at) = arguments.iter().position(|a| a.name == *source) else {
                    continue;
                };
                let image_like = match &arguments[at].kind {
                    ArgumentKind::Member { shape, .. } => model
                        .shape(shape)
                        .ok()
                        .and_then(|s| s.members.get("Bytes"))
                        .and_then(|m| model.resolve(m).ok())
                        .is_some_and(|b| b.kind == awscli_model::ShapeType::Blob),
                    _ => false,
                };
                if image_like {
                    arguments[at].required = false;
                    arguments[at].document_as_required = false;
                    arguments.push(custom(new, C::ImageBytes { member }));
                }
            }
        }
        _ => {}
    }
}

fn required_custom(name: &str, kind: CustomArgument) -> CliArgument {
    CliArgument {
        required: true,
        document_as_required: true,
        ..custom(name, kind)
    }
}

/// A file a customization writes from the response (`after-call`
/// handlers of `iamvirtmfa.py` and `iot.py`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseFile {
    /// `--outfile` / `--bootstrap-method` of iam `create-virtual-mfa-device`:
    /// the base64 seed `VirtualMFADevice.<method>` is decoded into `path`,
    /// and both seeds are left out of the printed output.
    VirtualMfaSeed {
        path: String,
        method: Option<String>,
    },
    /// iot: the result of `query` on the response, as text, mode 0600.
    Query { path: String, query: &'static str },
}

/// What to write for a [`ResponseFile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContents {
    pub path: String,
    pub contents: Vec<u8>,
    /// Permission bits to set after writing (`os.chmod`).
    pub mode: Option<u32>,
}

impl ResponseFile {
    /// Takes this file's contents from the (successful) `output`, which it
    /// may change; `None` when there is nothing to write.
    pub fn take_from(&self, output: &mut Value) -> Option<FileContents> {
        match self {
            ResponseFile::VirtualMfaSeed { path, method } => {
                let method = method.as_deref()?;
                let device = output
                    .as_map_mut()?
                    .get_mut("VirtualMFADevice")?
                    .as_map_mut()?;
                // The CLI keeps response blobs as their base64 text and
                // iamvirtmfa.py decodes it; our parser already did.
                let contents = match device.get(method)? {
                    Value::Blob(bytes) => bytes.clone(),
                    Value::String(text) => crate::validate::python_b64decode(text).ok()?,
                    _ => return None,
                };
                for choice in BOOTSTRAP_METHODS {
                    device.shift_remove(choice);
                }
                Some(FileContents {
                    path: path.clone(),
                    contents,
                    mode: None,
                })
            }
            ResponseFile::Query { path, query } => {
                let found = awscli_jmespath::search(query, output).ok()?;
                let contents = match found {
                    Value::String(text) => text.into_bytes(),
                    _ => Vec::new(),
                };
                Some(FileContents {
                    path: path.clone(),
                    contents,
                    mode: Some(0o600),
                })
            }
        }
    }
}

/// `params['DistributionConfig']`, created from cloudfront.py's
/// `distribution_config_template` when absent.
fn distribution_config(params: &mut IndexMap<String, Value>) -> &mut IndexMap<String, Value> {
    if !params.contains_key("DistributionConfig") {
        let template = serde_json::json!({
            "CallerReference": unique_string("cli"),
            "Origins": {"Quantity": 0, "Items": []},
            "DefaultCacheBehavior": {
                "TargetOriginId": "placeholder",
                "ForwardedValues": {
                    "QueryString": false,
                    "Cookies": {"Forward": "none"},
                },
                "TrustedSigners": {"Enabled": false, "Quantity": 0},
                "ViewerProtocolPolicy": "allow-all",
                "MinTTL": 0
            },
            "Enabled": true,
            "Comment": "",
        });
        params.insert("DistributionConfig".to_owned(), from_json(template));
    }
    entry_map(params, "DistributionConfig")
}

fn from_json(value: serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::Map(map.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
    }
}

/// cloudfront.py `unique_string`: `<prefix>-<epoch seconds>-<1..=1000000>`.
fn unique_string(prefix: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    // A randomly keyed hasher is random enough for a caller reference.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(now.as_nanos());
    let random = hasher.finish() % 1_000_000 + 1;
    format!("{prefix}-{}-{random}", now.as_secs())
}

/// `resolve_given_outfile_path`: the path expanded, refused when its
/// directory cannot be written.
fn resolve_outfile(path: &str, fs: &dyn ParamFileSystem) -> Result<String, ArgsError> {
    let expanded = crate::paramfile::expand_path(path, fs);
    let dir = match std::path::Path::new(&expanded).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !fs.is_writable_dir(&dir) {
        return Err(validation(format!("Unable to write to file: {expanded}")));
    }
    Ok(expanded)
}

/// A value as the customization's `add_to_params` sees it, after
/// `load-cli-arg` (`file://` / `fileb://`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loaded {
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<String>),
    Int(i64),
    Bool(bool),
}

impl Loaded {
    /// Python truthiness (`if value:`).
    fn truthy(&self) -> bool {
        match self {
            Loaded::Str(s) => !s.is_empty(),
            Loaded::Bytes(b) => !b.is_empty(),
            Loaded::List(l) => !l.is_empty(),
            Loaded::Int(i) => *i != 0,
            Loaded::Bool(b) => *b,
        }
    }

    fn text(&self) -> String {
        match self {
            Loaded::Str(s) => s.clone(),
            Loaded::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Loaded::List(l) => l.join(" "),
            Loaded::Int(i) => i.to_string(),
            Loaded::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        }
    }
}

fn validation(message: impl Into<String>) -> ArgsError {
    ArgsError::ParamValidation(message.into())
}

/// `params[name]`, created as `default` when absent, as a mutable map.
fn entry_map<'a>(
    params: &'a mut IndexMap<String, Value>,
    name: &str,
) -> &'a mut IndexMap<String, Value> {
    let slot = params
        .entry(name.to_owned())
        .or_insert_with(Value::empty_map);
    if !matches!(slot, Value::Map(_)) {
        *slot = Value::empty_map();
    }
    match slot {
        Value::Map(map) => map,
        _ => unreachable!("the slot was just made a map"),
    }
}

/// cloudsearch.py `index_hydrate`: the option goes into the
/// `<Type>Options` structure of the field's `--type`.
fn index_hydrate(
    params: &mut IndexMap<String, Value>,
    key: &str,
    value: Value,
) -> Result<(), ArgsError> {
    let field = entry_map(params, "IndexField");
    let Some(Value::String(field_type)) = field.get("IndexFieldType") else {
        return Err(validation("You must pass the --type option."));
    };
    // `''.join(i.capitalize() for i in type.split('-'))`.
    let mut type_name: String = field_type
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => {
                    first.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase()
                }
                None => String::new(),
            }
        })
        .collect();
    if type_name == "Latlon" {
        type_name = "LatLon".to_owned();
    }
    let value = match (key, type_name.as_str(), value) {
        ("DefaultValue", "Int" | "IntArray", Value::String(text)) => {
            Value::Integer(int_or_value_error(&text).map_err(ArgsError::General)?)
        }
        ("DefaultValue", "Double" | "DoubleArray", Value::String(text)) => {
            Value::Float(crate::argparse::py_float(&text).ok_or_else(|| {
                ArgsError::General(format!(
                    "could not convert string to float: {}",
                    crate::pyfmt::repr_str(&text)
                ))
            })?)
        }
        (_, _, value) => value,
    };
    entry_map(field, &format!("{type_name}Options")).insert(key.to_owned(), value);
    Ok(())
}

/// `params[member][key] = value`, creating the structure.
pub(crate) fn set_nested(
    params: &mut IndexMap<String, Value>,
    member: &str,
    key: &str,
    value: Value,
) {
    entry_map(params, member).insert(key.to_owned(), value);
}

/// `build_revision_location` of `codedeploy/locationargs.py`: the
/// `revision` for a location read from `--s3-location` / `--github-location`.
pub(crate) fn revision_location(github: bool, location: Value) -> Result<Value, ArgsError> {
    let Value::Map(location) = location else {
        return Err(ArgsError::General(
            "the location is not a structure".to_owned(),
        ));
    };
    let given = |key: &str| match location.get(key) {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Null | Value::Bool(false)) | None => false,
        Some(_) => true,
    };
    let (required, message, kind, member): (&[&str], &str, &str, &str) = if github {
        (
            &["repository", "commitId"],
            "--github-location must specify repository and commitId.",
            "GitHub",
            "gitHubLocation",
        )
    } else {
        (
            &["bucket", "key", "bundleType"],
            "--s3-location must specify bucket, key and bundleType.",
            "S3",
            "s3Location",
        )
    };
    if !required.iter().all(|k| given(k)) {
        return Err(validation(message));
    }
    let mut inner = IndexMap::new();
    let optional: &[&str] = if github { &[] } else { &["eTag", "version"] };
    for key in required.iter().chain(optional) {
        if let Some(value) = location.get(*key) {
            inner.insert((*key).to_owned(), value.clone());
        }
    }
    let mut revision = IndexMap::new();
    revision.insert("revisionType".to_owned(), Value::String(kind.to_owned()));
    revision.insert(member.to_owned(), Value::Map(inner));
    Ok(Value::Map(revision))
}

/// `params[name][0]` of a list of structures, created as `[first]` when the
/// list is absent (or empty).
fn first_element<'a>(
    params: &'a mut IndexMap<String, Value>,
    name: &str,
    first: impl FnOnce() -> IndexMap<String, Value>,
) -> &'a mut IndexMap<String, Value> {
    let slot = params
        .entry(name.to_owned())
        .or_insert_with(|| Value::List(Vec::new()));
    if !matches!(slot, Value::List(items) if matches!(items.first(), Some(Value::Map(_)))) {
        *slot = Value::List(vec![Value::Map(first())]);
    }
    match slot {
        Value::List(items) => match items.first_mut() {
            Some(Value::Map(map)) => map,
            _ => unreachable!("the first element was just made a map"),
        },
        _ => unreachable!("the slot was just made a list"),
    }
}

/// runinstances.py `_build_network_interfaces`.
fn build_network_interface(params: &mut IndexMap<String, Value>, key: &str, value: Value) {
    let interface = first_element(params, "NetworkInterfaces", || {
        let mut first = IndexMap::new();
        first.insert("DeviceIndex".to_owned(), Value::Integer(0));
        first
    });
    if key == "PrivateIpAddresses" && interface.contains_key(key) {
        return;
    }
    interface.insert(key.to_owned(), value);
}

/// secgroupsimplify.py `_build_ip_permissions`.
fn build_ip_permissions(params: &mut IndexMap<String, Value>, key: &str, value: Value) {
    let permission = first_element(params, "IpPermissions", IndexMap::new);
    if matches!(key, "GroupId" | "GroupName" | "UserId") {
        let pairs = permission
            .entry("UserIdGroupPairs".to_owned())
            .or_insert_with(|| Value::List(vec![Value::empty_map()]));
        if let Value::List(items) = pairs {
            if items.is_empty() {
                items.push(Value::empty_map());
            }
            if let Some(Value::Map(pair)) = items.first_mut() {
                pair.insert(key.to_owned(), value);
            }
        }
    } else {
        permission.insert(key.to_owned(), value);
    }
}

/// Python's `int(text)`, as the `ValueError` message it raises.
fn int_or_value_error(text: &str) -> Result<i64, String> {
    py_int(text).ok_or_else(|| {
        format!(
            "invalid literal for int() with base 10: {}",
            crate::pyfmt::repr_str(text)
        )
    })
}

/// awscli `utils.split_on_commas` for values without brackets: a plain
/// split, or the `csv` reader's reading when quotes or backslashes appear.
pub(crate) fn split_on_commas(value: &str) -> Vec<String> {
    if !value.contains(['"', '\\', '\'', ']', '[']) {
        return value.split(',').map(str::to_owned).collect();
    }
    // csv.reader(escapechar='\\'), one row: `"` quotes a field, `\` escapes
    // the next character.
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
                at_field_start = false;
            }
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    current.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            ',' if !quoted => {
                parts.push(std::mem::take(&mut current));
                at_field_start = true;
            }
            c => {
                current.push(c);
                at_field_start = false;
            }
        }
    }
    parts.push(current);
    parts
}

/// `key, value = pair.split('=')`, with Python's unpacking errors.
fn split_pair(pair: &str) -> Result<(String, String), ArgsError> {
    let parts: Vec<&str> = pair.split('=').collect();
    match parts.as_slice() {
        [key, value] => Ok(((*key).to_owned(), (*value).to_owned())),
        [_] => Err(ArgsError::General(
            "not enough values to unpack (expected 2, got 1)".to_owned(),
        )),
        _ => Err(ArgsError::General(
            "too many values to unpack (expected 2)".to_owned(),
        )),
    }
}

/// `decimal.Decimal(text)`, kept as a float (the value's wire type).
fn decimal(text: &str) -> Result<Value, ArgsError> {
    let trimmed = text.trim();
    crate::argparse::py_float(trimmed)
        .map(Value::Float)
        .ok_or_else(|| ArgsError::General("[<class 'decimal.ConversionSyntax'>]".to_owned()))
}

/// The `ERROR_MSG` of awslambda.py.
const ZIP_FILE_ERROR: &str = "--zip-file must be a zip file with the fileb:// prefix.\n\
                              Example usage:  --zip-file fileb://path/to/file.zip";

/// `zipfile.ZipFile(BytesIO(data)).infolist()` succeeds: an end of central
/// directory record whose central directory entries all carry their
/// signature.
pub(crate) fn is_zip(data: &[u8]) -> bool {
    const EOCD: &[u8] = b"PK\x05\x06";
    const EOCD_LEN: usize = 22;
    if data.len() < EOCD_LEN {
        return false;
    }
    // The record is last, possibly followed by a comment of up to 64 KiB.
    let lowest = data.len().saturating_sub(EOCD_LEN + 0xFFFF);
    let Some(at) = (lowest..=data.len() - EOCD_LEN)
        .rev()
        .find(|&i| &data[i..i + 4] == EOCD)
    else {
        return false;
    };
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at =
        |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as usize;
    let size = u32_at(at + 12);
    let offset = u32_at(at + 16);
    // Data prepended to the archive shifts every offset (`concat`).
    let Some(concat) = at.checked_sub(size + offset) else {
        return false;
    };
    let mut position = concat + offset;
    let end = position + size;
    while position < end {
        if position + 46 > data.len() || &data[position..position + 4] != b"PK\x01\x02" {
            return false;
        }
        position += 46 + u16_at(position + 28) + u16_at(position + 30) + u16_at(position + 32);
    }
    true
}

/// `add_to_params` of `argument` with its loaded `value`.
pub(crate) fn add_to_params(
    argument: CustomArgument,
    params: &mut IndexMap<String, Value>,
    value: &Loaded,
    fs: &dyn ParamFileSystem,
    files: &mut Vec<ResponseFile>,
) -> Result<(), ArgsError> {
    use CustomArgument as C;
    use MetricDatumField as F;
    match argument {
        C::Count => {
            let text = value.text();
            let (min, max) = match text.split_once(':') {
                Some((min, max)) if !max.contains(':') => (min, max),
                Some(_) => ("", ""),
                None => (text.as_str(), text.as_str()),
            };
            match (py_int(min), py_int(max)) {
                (Some(min), Some(max)) => {
                    params.insert("MinCount".to_owned(), Value::Integer(min));
                    params.insert("MaxCount".to_owned(), Value::Integer(max));
                }
                // addcount.py raises a ParamValidationError it never
                // imported: the reference reports the NameError (255).
                _ => {
                    return Err(ArgsError::General(
                        "name 'ParamValidationError' is not defined".to_owned(),
                    ))
                }
            }
        }
        C::SecondaryPrivateIpAddresses => {
            if let Loaded::List(addresses) = value {
                if !addresses.is_empty() {
                    let entries = addresses
                        .iter()
                        .map(|address| {
                            let mut entry = IndexMap::new();
                            entry.insert(
                                "PrivateIpAddress".to_owned(),
                                Value::String(address.clone()),
                            );
                            entry.insert("Primary".to_owned(), Value::Bool(false));
                            Value::Map(entry)
                        })
                        .collect();
                    build_network_interface(params, "PrivateIpAddresses", Value::List(entries));
                }
            }
        }
        C::SecondaryPrivateIpAddressCount => {
            if let Loaded::Int(count) = value {
                if *count != 0 {
                    build_network_interface(
                        params,
                        "SecondaryPrivateIpAddressCount",
                        Value::Integer(*count),
                    );
                }
            }
        }
        C::AssociatePublicIpAddress | C::NoAssociatePublicIpAddress => {
            if let Loaded::Bool(flag) = value {
                build_network_interface(params, "AssociatePublicIpAddress", Value::Bool(*flag));
            }
        }
        C::Protocol if value.truthy() => {
            let mut text = value.text();
            match py_int(&text) {
                Some(number) => {
                    if !(0..=255).contains(&number) && number != -1 {
                        return Err(validation(
                            "protocol numbers must be in the range 0-255 or -1 to specify all protocols",
                        ));
                    }
                }
                None => {
                    if !matches!(text.as_str(), "tcp" | "udp" | "icmp" | "all") {
                        return Err(validation(
                            "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.",
                        ));
                    }
                    if text == "all" {
                        text = "-1".to_owned();
                    }
                }
            }
            build_ip_permissions(params, "IpProtocol", Value::String(text));
        }
        C::Port if value.truthy() => {
            let text = value.text();
            let (from, to) = if text == "-1" || text == "all" {
                ("-1", "-1")
            } else if let Some((from, to)) = text.split_once('-') {
                (from, to)
            } else {
                (text.as_str(), text.as_str())
            };
            let bad = || {
                validation("port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)")
            };
            let from = py_int(from).ok_or_else(bad)?;
            build_ip_permissions(params, "FromPort", Value::Integer(from));
            let to = py_int(to).ok_or_else(bad)?;
            build_ip_permissions(params, "ToPort", Value::Integer(to));
        }
        C::Cidr if value.truthy() => {
            let mut range = IndexMap::new();
            range.insert("CidrIp".to_owned(), Value::String(value.text()));
            build_ip_permissions(params, "IpRanges", Value::List(vec![Value::Map(range)]));
        }
        C::SourceGroup if value.truthy() => {
            let text = value.text();
            let key = if text.starts_with("sg-") {
                "GroupId"
            } else {
                "GroupName"
            };
            build_ip_permissions(params, key, Value::String(text));
        }
        C::GroupOwner if value.truthy() => {
            build_ip_permissions(params, "UserId", Value::String(value.text()));
        }
        C::Protocol | C::Port | C::Cidr | C::SourceGroup | C::GroupOwner => {}
        C::MetricDatum(field) => {
            let text = value.text();
            let member_value = match field {
                F::MetricName => ("MetricName", Value::String(text)),
                F::Unit => ("Unit", Value::String(text)),
                F::Timestamp => ("Timestamp", Value::String(text)),
                F::Value => ("Value", decimal(&text)?),
                F::Dimensions => {
                    let mut dimensions = Vec::new();
                    for pair in split_on_commas(&text) {
                        let (name, value) = split_pair(&pair)?;
                        let mut dimension = IndexMap::new();
                        dimension.insert("Name".to_owned(), Value::String(name));
                        dimension.insert("Value".to_owned(), Value::String(value));
                        dimensions.push(Value::Map(dimension));
                    }
                    ("Dimensions", Value::List(dimensions))
                }
                F::StatisticValues => {
                    let mut statistics = IndexMap::new();
                    for pair in split_on_commas(&text) {
                        let (name, value) = split_pair(&pair)?;
                        statistics.insert(name, decimal(&value)?);
                    }
                    ("StatisticValues", Value::Map(statistics))
                }
                F::StorageResolution => (
                    "StorageResolution",
                    Value::Integer(int_or_value_error(&text).map_err(ArgsError::General)?),
                ),
            };
            let (member, member_value) = member_value;
            first_element(params, "MetricData", IndexMap::new)
                .insert(member.to_owned(), member_value);
        }
        C::ZipFile { member } => {
            let bytes = match value {
                Loaded::Bytes(b) => b.clone(),
                other => other.text().into_bytes(),
            };
            if !is_zip(&bytes) {
                return Err(validation(ZIP_FILE_ERROR));
            }
            entry_map(params, member).insert("ZipFile".to_owned(), Value::Blob(bytes));
        }
        C::Addresses { key } => {
            if let Loaded::List(addresses) = value {
                if !addresses.is_empty() {
                    let list = addresses.iter().cloned().map(Value::String).collect();
                    entry_map(params, "Destination").insert(key.to_owned(), Value::List(list));
                }
            }
        }
        C::MfaOutfile => files.push(ResponseFile::VirtualMfaSeed {
            path: resolve_outfile(&value.text(), fs)?,
            method: None,
        }),
        C::MfaBootstrapMethod => {
            for file in files.iter_mut() {
                if let ResponseFile::VirtualMfaSeed { method, .. } = file {
                    *method = Some(value.text());
                }
            }
        }
        C::QueryOutfile { query } => files.push(ResponseFile::Query {
            path: resolve_outfile(&value.text(), fs)?,
            query,
        }),
        C::NestedBlob { member, key } => {
            let bytes = match value {
                Loaded::Bytes(b) => Value::Blob(b.clone()),
                other => Value::String(other.text()),
            };
            entry_map(params, member).insert(key.to_owned(), bytes);
        }
        // Unpacked against the model by the parser (see parse.rs).
        C::NestedMember { .. } | C::RevisionLocation { .. } => {}
        C::Flattened {
            container,
            key,
            boolean,
            index_options,
        } => {
            let text = value.text();
            let flat = if boolean {
                Value::Bool(text.to_lowercase() != "false")
            } else {
                Value::String(text)
            };
            if index_options {
                index_hydrate(params, key, flat)?;
            } else {
                entry_map(params, container).insert(key.to_owned(), flat);
            }
        }
        C::OriginDomainName => {
            let domain = value.text();
            let origin_id = unique_string(&domain);
            let mut item = IndexMap::new();
            item.insert("Id".to_owned(), Value::String(origin_id.clone()));
            item.insert("DomainName".to_owned(), Value::String(domain.clone()));
            item.insert("OriginPath".to_owned(), Value::String(String::new()));
            // Only `<bucket>.s3.amazonaws.com` is an S3 origin to cloudfront.py.
            if domain.ends_with(".s3.amazonaws.com") {
                let mut s3 = IndexMap::new();
                s3.insert(
                    "OriginAccessIdentity".to_owned(),
                    Value::String(String::new()),
                );
                item.insert("S3OriginConfig".to_owned(), Value::Map(s3));
            } else {
                let mut custom_origin = IndexMap::new();
                custom_origin.insert("HTTPPort".to_owned(), Value::Integer(80));
                custom_origin.insert("HTTPSPort".to_owned(), Value::Integer(443));
                custom_origin.insert(
                    "OriginProtocolPolicy".to_owned(),
                    Value::String("http-only".to_owned()),
                );
                item.insert("CustomOriginConfig".to_owned(), Value::Map(custom_origin));
            }
            let config = distribution_config(params);
            let mut origins = IndexMap::new();
            origins.insert("Quantity".to_owned(), Value::Integer(1));
            origins.insert("Items".to_owned(), Value::List(vec![Value::Map(item)]));
            config.insert("Origins".to_owned(), Value::Map(origins));
            entry_map(config, "DefaultCacheBehavior")
                .insert("TargetOriginId".to_owned(), Value::String(origin_id));
        }
        C::DefaultRootObject => {
            distribution_config(params)
                .insert("DefaultRootObject".to_owned(), Value::String(value.text()));
        }
        C::EmrTags => {
            if let Loaded::List(words) = value {
                let tags = words
                    .iter()
                    .map(|word| {
                        let (key, value) = word.split_once('=').unwrap_or((word, ""));
                        let mut tag = IndexMap::new();
                        tag.insert("Key".to_owned(), Value::String(key.to_owned()));
                        tag.insert("Value".to_owned(), Value::String(value.to_owned()));
                        Value::Map(tag)
                    })
                    .collect();
                params.insert("Tags".to_owned(), Value::List(tags));
            }
        }
        C::ClusterStates | C::ClusterStateFilter { .. } => {
            let states: Vec<Value> = match (argument, value) {
                (C::ClusterStates, Loaded::List(states)) => {
                    states.iter().cloned().map(Value::String).collect()
                }
                (C::ClusterStateFilter { states }, Loaded::Bool(true)) => states
                    .iter()
                    .map(|s| Value::String((*s).to_owned()))
                    .collect(),
                _ => return Ok(()),
            };
            if matches!(params.get("ClusterStates"), Some(Value::List(l)) if !l.is_empty()) {
                return Err(validation(
                    "aws: error: You can specify only one of the cluster state filters: \
                     --cluster-states, --active, --terminated, --failed.",
                ));
            }
            params.insert("ClusterStates".to_owned(), Value::List(states));
        }
        C::InvalidationPaths => {
            if let Loaded::List(paths) = value {
                let mut items = IndexMap::new();
                items.insert(
                    "Quantity".to_owned(),
                    Value::Integer(i64::try_from(paths.len()).unwrap_or(i64::MAX)),
                );
                items.insert(
                    "Items".to_owned(),
                    Value::List(paths.iter().cloned().map(Value::String).collect()),
                );
                let mut batch = IndexMap::new();
                batch.insert(
                    "CallerReference".to_owned(),
                    Value::String(unique_string("cli")),
                );
                batch.insert("Paths".to_owned(), Value::Map(items));
                params.insert("InvalidationBatch".to_owned(), Value::Map(batch));
            }
        }
        C::ImageBytes { member } => {
            let bytes = match value {
                Loaded::Bytes(b) => Value::Blob(b.clone()),
                other => Value::String(other.text()),
            };
            entry_map(params, member).insert("Bytes".to_owned(), bytes);
        }
        C::MessagePart { key } => {
            if value.truthy() {
                if !params.contains_key("Message") {
                    let mut message = IndexMap::new();
                    message.insert("Subject".to_owned(), Value::empty_map());
                    message.insert("Body".to_owned(), Value::empty_map());
                    params.insert("Message".to_owned(), Value::Map(message));
                }
                let mut data = IndexMap::new();
                data.insert("Data".to_owned(), Value::String(value.text()));
                let message = entry_map(params, "Message");
                if key == "Subject" {
                    message.insert("Subject".to_owned(), Value::Map(data));
                } else {
                    entry_map(message, "Body").insert(key.to_owned(), Value::Map(data));
                }
            }
        }
    }
    Ok(())
}

/// A model member's value was unpacked: the checks customizations make on
/// it (`ReplacedZipFileArgument.add_to_params`,
/// `validate_is_zip_file` of `process-cli-arg`).
pub(crate) fn check_member_value(
    service: &str,
    operation: &str,
    argument: &CliArgument,
    value: &Value,
) -> Result<(), ArgsError> {
    match (service, operation, argument.name.as_str()) {
        ("lambda", "create-function", "code") | ("lambda", "publish-layer-version", "content") => {
            if matches!(value, Value::Map(map) if map.contains_key("ZipFile")) {
                return Err(validation(format!(
                    "ZipFile cannot be provided as part of the {} argument.  Please use the \
                     '--zip-file' option instead to specify a zip file.",
                    argument.cli_name()
                )));
            }
        }
        ("translate", "import-terminology", "terminology-data") => {
            if matches!(value, Value::Map(map) if map.contains_key("File")) {
                return Err(validation(
                    "File cannot be provided as part of the '--terminology-data' argument. \
                     Please use the '--data-file' option instead to specify a file.",
                ));
            }
        }
        ("lambda", "update-function-code", "zip-file") => {
            let bytes = match value {
                Value::Blob(b) => b.clone(),
                Value::String(s) => s.clone().into_bytes(),
                _ => return Ok(()),
            };
            if !is_zip(&bytes) {
                return Err(validation(ZIP_FILE_ERROR));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether argparse's value for an argument counts as given (`if
/// arg_dict[key]:`).
fn truthy(values: &std::collections::HashMap<String, RawValue>, dest: &str) -> bool {
    match values.get(dest) {
        Some(RawValue::Str(s)) => !s.is_empty(),
        Some(RawValue::List(l)) => !l.is_empty(),
        Some(RawValue::Bool(b)) => *b,
        Some(RawValue::Int(i)) => *i != 0,
        Some(RawValue::Float(f)) => *f != 0.0,
        None => false,
    }
}

/// `validate_mutually_exclusive(parsed_args, *groups)`: given arguments
/// (in table order) from two groups.
fn mutually_exclusive(
    table_dests: &[&str],
    given: &std::collections::HashMap<String, RawValue>,
    groups: &[&[&str]],
) -> Result<(), ArgsError> {
    let mut current: Option<&[&str]> = None;
    for dest in table_dests.iter().filter(|d| given.contains_key(**d)) {
        let Some(group) = groups.iter().find(|g| g.contains(dest)) else {
            continue;
        };
        match current {
            None => current = Some(group),
            Some(first) if first != *group => {
                return Err(validation(format!(
                    "The key \"{dest}\" cannot be specified when one of the following keys \
                     are also specified: {}",
                    first.join(", ")
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The `operation-args-parsed` checks of the customizations.
pub(crate) fn check_parsed_args(
    service: &str,
    operation: &str,
    table_dests: &[&str],
    values: &std::collections::HashMap<String, RawValue>,
) -> Result<(), ArgsError> {
    match (service, operation) {
        ("ec2", "run-instances") if truthy(values, "network_interfaces") => {
            for key in [
                "secondary_private_ip_addresses",
                "secondary_private_ip_address_count",
                "associate_public_ip_address",
            ] {
                if truthy(values, key) {
                    return Err(validation(
                        "Mixing the --network-interfaces option with the simple, scalar options \
                         is not supported.",
                    ));
                }
            }
        }
        (
            "ec2",
            "authorize-security-group-ingress"
            | "authorize-security-group-egress"
            | "revoke-security-group-ingress"
            | "revoke-security-group-egress",
        ) if truthy(values, "ip_permissions") => {
            for key in ["protocol", "port", "cidr", "source_group", "group_owner"] {
                if truthy(values, key) {
                    return Err(validation(format!(
                        "The --{key} option is not compatible with the --ip-permissions option "
                    )));
                }
            }
        }
        ("cloudwatch", "put-metric-data") => mutually_exclusive(
            table_dests,
            values,
            &[
                &["metric_data"],
                &[
                    "metric_name",
                    "timestamp",
                    "unit",
                    "value",
                    "dimensions",
                    "statistic_values",
                ],
            ],
        )?,
        ("cloudfront", "create-invalidation") => {
            mutually_exclusive(table_dests, values, &[&["invalidation_batch"], &["paths"]])?
        }
        ("cloudfront", "create-distribution") => mutually_exclusive(
            table_dests,
            values,
            &[
                &["default_root_object", "origin_domain_name"],
                &["distribution_config"],
            ],
        )?,
        ("ses", "send-email") => {
            mutually_exclusive(
                table_dests,
                values,
                &[&["destination"], &["to", "cc", "bcc"]],
            )?;
            mutually_exclusive(table_dests, values, &[&["message"], &["text", "html"]])?;
        }
        _ => {}
    }
    Ok(())
}

/// kinesis.py: `list-streams --exclusive-start-stream-name` (the old way to
/// page) turns auto-pagination off, after the pagination checks.
pub(crate) fn disables_pagination(
    service: &str,
    operation: &str,
    values: &std::collections::HashMap<String, RawValue>,
) -> bool {
    (service, operation) == ("kinesis", "list-streams")
        && values.contains_key("exclusive_start_stream_name")
}

/// `ec2/paginate.py` `EC2PageSizeInjector` (a `calling-command` handler):
/// auto-paginated `describe-volumes` / `describe-snapshots` calls with
/// nothing but whitelisted parameters ask for pages of 1000.
pub(crate) fn injected_page_size(
    service: &str,
    operation: &str,
    input: &Value,
    paginate: bool,
    page_size: Option<&Value>,
) -> Option<Value> {
    if service != "ec2" || !paginate || page_size.is_some() {
        return None;
    }
    let extra: &[&str] = match operation {
        "describe-volumes" => &[],
        "describe-snapshots" => &["OwnerIds", "RestorableByUserIds"],
        _ => return None,
    };
    let allowed = |key: &str| extra.contains(&key) || matches!(key, "NextToken" | "DryRun");
    match input {
        Value::Map(map) if map.keys().all(|k| allowed(k)) => Some(Value::Integer(1000)),
        _ => None,
    }
}

/// The CLI's `before-parameter-build` handlers (they run on the final
/// parameters, `--cli-input-json` included, before botocore validates).
pub fn before_parameter_build(service: &Service, operation: &str, params: &mut Value) {
    let Some(params) = params.as_map_mut() else {
        return;
    };
    match (service.name.as_str(), operation) {
        ("ec2", "RunInstances") => {
            // addcount.py set_default_count, then runinstances.py _fix_args.
            params
                .entry("MaxCount".to_owned())
                .or_insert(Value::Integer(1));
            params
                .entry("MinCount".to_owned())
                .or_insert(Value::Integer(1));
            fix_run_instances_network_interface(params);
        }
        ("ec2", "CreateNetworkAclEntry" | "ReplaceNetworkAclEntry") => {
            if let Some(Value::String(protocol)) = params.get_mut("Protocol") {
                let number = match protocol.as_str() {
                    "tcp" => "6",
                    "udp" => "17",
                    "icmp" => "1",
                    "all" => "-1",
                    _ => return,
                };
                *protocol = number.to_owned();
            }
        }
        _ => {}
    }
}

/// runinstances.py `_fix_args`: with a network interface built from the
/// scalar options, the top-level members that conflict with it move into
/// it.
fn fix_run_instances_network_interface(params: &mut IndexMap<String, Value>) {
    let moved = |params: &IndexMap<String, Value>| match params.get("NetworkInterfaces") {
        Some(Value::List(items)) => match items.first() {
            Some(Value::Map(interface)) => [
                "PrivateIpAddresses",
                "SecondaryPrivateIpAddressCount",
                "AssociatePublicIpAddress",
            ]
            .iter()
            .any(|k| interface.contains_key(*k)),
            _ => false,
        },
        _ => false,
    };
    if !moved(params) {
        return;
    }
    let mut take = |name: &str| params.shift_remove(name);
    let subnet = take("SubnetId");
    let groups = take("SecurityGroupIds");
    let private_ip = take("PrivateIpAddress");
    let ipv6_count = take("Ipv6AddressCount");
    let ipv6_addresses = take("Ipv6Addresses");
    let Some(Value::List(items)) = params.get_mut("NetworkInterfaces") else {
        return;
    };
    let Some(Value::Map(interface)) = items.first_mut() else {
        return;
    };
    if let Some(subnet) = subnet {
        interface.insert("SubnetId".to_owned(), subnet);
    }
    if let Some(groups) = groups {
        interface.insert("Groups".to_owned(), groups);
    }
    if let Some(ip) = private_ip {
        let mut address = IndexMap::new();
        address.insert("PrivateIpAddress".to_owned(), ip);
        address.insert("Primary".to_owned(), Value::Bool(true));
        interface.insert(
            "PrivateIpAddresses".to_owned(),
            Value::List(vec![Value::Map(address)]),
        );
    }
    if let Some(count) = ipv6_count {
        interface.insert("Ipv6AddressCount".to_owned(), count);
    }
    if let Some(addresses) = ipv6_addresses {
        interface.insert("Ipv6Addresses".to_owned(), addresses);
    }
}

#[cfg(test)]
mod tests;
