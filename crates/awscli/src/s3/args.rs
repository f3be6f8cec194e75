//! The argument tables of the `aws s3` commands and an argparse-like
//! parser for them: options anywhere, `--opt value` and `--opt=value`,
//! choices, optional-value options (`--sse` alone means AES256), and the
//! reference's errors (missing paths, unknown options, invalid choices).
//!
//! Spec: the `ARG_TABLE`s of `awscli/customizations/s3/subcommands.py` and
//! `syncstrategy/*.py` as of CLI 2.36 (reference-cli.md section 8.1).
use indexmap::IndexMap;

use crate::error::CliError;

/// The `aws s3` subcommands, in the reference's table order.
pub const COMMANDS: &[&str] = &[
    "ls", "website", "cp", "mv", "rm", "sync", "mb", "rb", "presign",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Flag,
    Value,
    Choice(&'static [&'static str]),
    /// `nargs='?'` with a `const`: the value may be omitted.
    Optional(&'static str, &'static [&'static str]),
    /// `nargs='+'`.
    Many,
    /// `--include/--exclude`: appended in order.
    Filter,
    Int,
}

struct Spec {
    name: &'static str,
    kind: Kind,
}

const ACLS: &[&str] = &[
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
];
const STORAGE_CLASSES: &[&str] = &[
    "STANDARD",
    "REDUCED_REDUNDANCY",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "DEEP_ARCHIVE",
    "GLACIER_IR",
];
const CHECKSUMS: &[&str] = &[
    "CRC64NVME",
    "CRC32",
    "SHA256",
    "SHA1",
    "CRC32C",
    "SHA512",
    "XXHASH64",
    "XXHASH3",
    "XXHASH128",
];

macro_rules! spec {
    ($name:expr, $kind:expr) => {
        Spec {
            name: $name,
            kind: $kind,
        }
    };
}

const TRANSFER: &[Spec] = &[
    spec!("dryrun", Kind::Flag),
    spec!("quiet", Kind::Flag),
    spec!("include", Kind::Filter),
    spec!("exclude", Kind::Filter),
    spec!("acl", Kind::Choice(ACLS)),
    spec!("follow-symlinks", Kind::Flag),
    spec!("no-follow-symlinks", Kind::Flag),
    spec!("no-guess-mime-type", Kind::Flag),
    spec!("sse", Kind::Optional("AES256", &["AES256", "aws:kms"])),
    spec!("sse-c", Kind::Optional("AES256", &["AES256"])),
    spec!("sse-c-key", Kind::Value),
    spec!("sse-kms-key-id", Kind::Value),
    spec!("sse-c-copy-source", Kind::Optional("AES256", &["AES256"])),
    spec!("sse-c-copy-source-key", Kind::Value),
    spec!("storage-class", Kind::Choice(STORAGE_CLASSES)),
    spec!("grants", Kind::Many),
    spec!("website-redirect", Kind::Value),
    spec!("content-type", Kind::Value),
    spec!("cache-control", Kind::Value),
    spec!("content-disposition", Kind::Value),
    spec!("content-encoding", Kind::Value),
    spec!("content-language", Kind::Value),
    spec!("expires", Kind::Value),
    spec!("source-region", Kind::Value),
    spec!("only-show-errors", Kind::Flag),
    spec!("no-progress", Kind::Flag),
    spec!("progress-frequency", Kind::Int),
    spec!("progress-multiline", Kind::Flag),
    spec!("page-size", Kind::Int),
    spec!("ignore-glacier-warnings", Kind::Flag),
    spec!("force-glacier-transfer", Kind::Flag),
    spec!("request-payer", Kind::Optional("requester", &["requester"])),
    spec!("checksum-mode", Kind::Choice(&["ENABLED"])),
    spec!("checksum-algorithm", Kind::Choice(CHECKSUMS)),
    spec!(
        "case-conflict",
        Kind::Choice(&["ignore", "skip", "warn", "error"])
    ),
    spec!("no-overwrite", Kind::Flag),
];

fn specs(command: &str) -> Vec<&'static Spec> {
    const LS: &[Spec] = &[
        spec!("recursive", Kind::Flag),
        spec!("page-size", Kind::Int),
        spec!("human-readable", Kind::Flag),
        spec!("summarize", Kind::Flag),
        spec!("request-payer", Kind::Optional("requester", &["requester"])),
        spec!("bucket-name-prefix", Kind::Value),
        spec!("bucket-region", Kind::Value),
    ];
    const COPY_EXTRA: &[Spec] = &[
        spec!("metadata", Kind::Value),
        spec!(
            "copy-props",
            Kind::Choice(&["none", "metadata-directive", "default"])
        ),
        spec!("metadata-directive", Kind::Choice(&["COPY", "REPLACE"])),
    ];
    const CP_ONLY: &[Spec] = &[
        spec!("expected-size", Kind::Value),
        spec!("recursive", Kind::Flag),
    ];
    const MV_ONLY: &[Spec] = &[
        spec!("recursive", Kind::Flag),
        spec!("validate-same-s3-paths", Kind::Flag),
    ];
    const SYNC_ONLY: &[Spec] = &[
        spec!("delete", Kind::Flag),
        spec!("size-only", Kind::Flag),
        spec!("exact-timestamps", Kind::Flag),
    ];
    const RM: &[Spec] = &[
        spec!("dryrun", Kind::Flag),
        spec!("quiet", Kind::Flag),
        spec!("recursive", Kind::Flag),
        spec!("request-payer", Kind::Optional("requester", &["requester"])),
        spec!("include", Kind::Filter),
        spec!("exclude", Kind::Filter),
        spec!("only-show-errors", Kind::Flag),
        spec!("page-size", Kind::Int),
    ];
    const MB: &[Spec] = &[spec!("tags", Kind::Many)];
    const RB: &[Spec] = &[spec!("force", Kind::Flag)];
    const PRESIGN: &[Spec] = &[spec!("expires-in", Kind::Int)];
    const WEBSITE: &[Spec] = &[
        spec!("index-document", Kind::Value),
        spec!("error-document", Kind::Value),
    ];
    let parts: Vec<&'static [Spec]> = match command {
        "ls" => vec![LS],
        "cp" => vec![TRANSFER, COPY_EXTRA, CP_ONLY],
        "mv" => vec![TRANSFER, COPY_EXTRA, MV_ONLY],
        "sync" => vec![TRANSFER, COPY_EXTRA, SYNC_ONLY],
        "rm" => vec![RM],
        "mb" => vec![MB],
        "rb" => vec![RB],
        "presign" => vec![PRESIGN],
        "website" => vec![WEBSITE],
        _ => vec![],
    };
    parts.into_iter().flat_map(|p| p.iter()).collect()
}

/// A parsed `aws s3` command line.
#[derive(Debug, Default, Clone)]
pub struct Params {
    pub paths: Vec<String>,
    values: IndexMap<String, Vec<String>>,
    /// `--include`/`--exclude` in command-line order (`"include"`, pattern).
    pub filters: Vec<(String, String)>,
}

impl Params {
    pub fn flag(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// An integer option, with Python's `int()` error (exit code 255).
    pub fn int(&self, name: &str) -> Result<Option<i64>, CliError> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => v.trim().parse().map(Some).map_err(|_| {
                CliError::General(format!("invalid literal for int() with base 10: '{v}'"))
            }),
        }
    }
}

/// How many paths each command takes: (required, max).
fn positional(command: &str) -> (usize, usize, &'static str) {
    match command {
        "ls" => (0, 1, "paths"),
        "cp" | "mv" | "sync" => (2, 2, "paths"),
        "rm" | "website" => (1, 1, "paths"),
        _ => (1, 1, "path"),
    }
}

/// Parses the words after `aws s3 <command>`.
pub fn parse(command: &str, words: &[String]) -> Result<Params, CliError> {
    let table = specs(command);
    let mut params = Params::default();
    let mut unknown: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            params.paths.extend(words[i..].iter().cloned());
            break;
        }
        let Some(option) = word.strip_prefix("--") else {
            params.paths.push(word.clone());
            continue;
        };
        let (name, inline) = match option.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (option, None),
        };
        let Some(spec) = table.iter().find(|s| s.name == name) else {
            unknown.push(word.clone());
            // An unknown option's value is also reported by argparse.
            continue;
        };
        let takes_next = |i: usize| {
            words
                .get(i)
                .filter(|w| !w.starts_with('-') || w.as_str() == "-")
        };
        let entry = params.values.entry(name.to_owned()).or_default();
        match spec.kind {
            Kind::Flag => entry.push(String::new()),
            Kind::Value | Kind::Int | Kind::Choice(_) | Kind::Filter => {
                let value = match inline {
                    Some(v) => v,
                    None => match words.get(i) {
                        Some(v) if !(v.starts_with("--") && v.len() > 2) => {
                            i += 1;
                            v.clone()
                        }
                        _ => {
                            let expected = if spec.kind == Kind::Filter {
                                "expected 1 argument"
                            } else {
                                "expected one argument"
                            };
                            return Err(CliError::usage(format!("argument --{name}: {expected}")));
                        }
                    },
                };
                if let Kind::Choice(choices) = spec.kind {
                    if !choices.contains(&value.as_str()) {
                        return Err(CliError::invalid_choice(
                            &format!("--{name}"),
                            &value,
                            choices.iter().copied(),
                        ));
                    }
                }
                if spec.kind == Kind::Filter {
                    params.filters.push((name.to_owned(), value.clone()));
                }
                entry.push(value);
            }
            Kind::Optional(constant, choices) => {
                let value = match inline {
                    Some(v) => v,
                    // argparse's `nargs='?'` takes the next word whenever
                    // it is not an option, then checks it against the
                    // choices (`--sse bad` is an invalid choice).
                    None => match takes_next(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => constant.to_owned(),
                    },
                };
                if !choices.contains(&value.as_str()) {
                    return Err(CliError::invalid_choice(
                        &format!("--{name}"),
                        &value,
                        choices.iter().copied(),
                    ));
                }
                entry.push(value);
            }
            Kind::Many => {
                let mut any = false;
                if let Some(v) = inline {
                    entry.push(v);
                    any = true;
                }
                while let Some(v) = words.get(i).filter(|w| !w.starts_with("--")) {
                    entry.push(v.clone());
                    i += 1;
                    any = true;
                }
                if !any {
                    return Err(CliError::usage(format!(
                        "argument --{name}: expected at least one argument"
                    )));
                }
            }
        }
    }
    let (required, max, label) = positional(command);
    if params.paths.len() < required {
        return Err(CliError::usage(format!(
            "the following arguments are required: {label}"
        )));
    }
    if params.paths.len() > max {
        unknown.splice(0..0, params.paths.drain(max..));
    }
    if !unknown.is_empty() {
        // The s3 commands are BasicCommands: a ParamValidationError, no usage.
        return Err(CliError::param(format!(
            "Unknown options: {}",
            unknown.join(", ")
        )));
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_anywhere_and_filters_in_order() {
        let p = parse(
            "cp",
            &words("--recursive a --exclude * s3://b --include *.txt --sse"),
        )
        .unwrap();
        assert_eq!(p.paths, ["a", "s3://b"]);
        assert!(p.flag("recursive"));
        assert_eq!(p.value("sse"), Some("AES256"));
        assert_eq!(
            p.filters,
            [
                ("exclude".to_owned(), "*".to_owned()),
                ("include".to_owned(), "*.txt".to_owned())
            ]
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(
            parse("cp", &words("a")),
            Err(CliError::ParamValidation { .. })
        ));
        match parse("cp", &words("a b c --foo")) {
            Err(CliError::ParamValidation { message, .. }) => {
                assert_eq!(message, "Unknown options: c, --foo")
            }
            other => panic!("{other:?}"),
        }
        assert!(parse("cp", &words("a b --acl nope")).is_err());
        // `nargs='?'` takes a following non-option word, then checks it.
        assert!(parse("cp", &words("a b --sse bad")).is_err());
        let p = parse("cp", &words("a b --sse --quiet")).unwrap();
        assert_eq!(p.value("sse"), Some("AES256"));
        assert_eq!(p.paths, ["a", "b"]);
    }
}
