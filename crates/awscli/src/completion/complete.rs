//! The completers, asked in turn until one answers: region names, profile
//! names, command and option names, `file://` paths, and the values of an
//! option with fixed choices.
//!
//! Spec: `awscli/autocomplete/local/basic.py` (`RegionCompleter`,
//! `ProfileCompleter`, `ModelIndexCompleter`, `FilePathCompleter`) and
//! `filters.py` (`startswith_filter`) of the AWS CLI v2, in the order
//! `autocomplete/main.py` builds them. Two differences, both on purpose:
//! - the reference's server-side completer (`autocomplete/serverside/`)
//!   calls AWS to list resource names (`--table-name <TAB>` runs
//!   `dynamodb list-tables`); a completion never touches the network here,
//!   so those words get no candidates;
//! - the reference's `aws_completer` runs without a CLI driver, so its
//!   shorthand completer (enum values) stays silent; here the values of an
//!   enum parameter, a list of enums, a global option with choices
//!   (`--output`) or a hand-written option with choices (`s3 cp --acl`) are
//!   offered.
use std::path::Path;

use super::index::{global_args, CommandIndex};
use super::parser::ParsedResult;
use crate::driver::Env;

/// One candidate: the text the shell inserts, and the text the filter
/// matches (`outfile (required)` for `outfile`, a file name for a path).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    name: String,
    display: Option<String>,
}

impl Candidate {
    fn new(name: impl Into<String>) -> Candidate {
        Candidate {
            name: name.into(),
            display: None,
        }
    }
}

fn startswith_filter(prefix: &str, candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates
        .into_iter()
        .filter(|c| c.display.as_deref().unwrap_or(&c.name).starts_with(prefix))
        .collect()
}

/// The candidates for a parsed line, in the order the reference prints them.
pub fn complete(index: &CommandIndex, parsed: &mut ParsedResult, env: &Env) -> Vec<String> {
    let found = regions(parsed)
        .or_else(|| profiles(parsed, env))
        .or_else(|| model_index(index, parsed))
        .or_else(|| file_paths(parsed, env))
        .or_else(|| choices(index, parsed))
        .unwrap_or_default();
    found.into_iter().map(|c| c.name).collect()
}

fn value_fragment<'a>(parsed: &'a ParsedResult, param: &str) -> Option<&'a str> {
    if parsed.current_param.as_deref() == Some(param) {
        parsed.current_fragment.as_deref()
    } else {
        None
    }
}

/// `--region <TAB>`: the regions of the `aws` partition. The reference
/// lists the regions where the service on the line has an endpoint
/// (`endpoints.json`); the pinned models only carry `partitions.json`, and
/// endpoint rule sets accept any region of the partition.
fn regions(parsed: &ParsedResult) -> Option<Vec<Candidate>> {
    let prefix = value_fragment(parsed, "region")?;
    let text = awscli_model::store::partitions_json().ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let aws = json
        .get("partitions")?
        .as_array()?
        .iter()
        .find(|p| p.get("id").and_then(|i| i.as_str()) == Some("aws"))?;
    let mut names: Vec<String> = aws
        .get("regions")?
        .as_object()?
        .keys()
        // `aws-global` is a pseudo region, not one a user picks.
        .filter(|r| r.ends_with(|c: char| c.is_ascii_digit()))
        .cloned()
        .collect();
    names.sort();
    Some(startswith_filter(
        prefix,
        names.into_iter().map(Candidate::new).collect(),
    ))
}

/// `--profile <TAB>`: the profiles of the config and credentials files.
fn profiles(parsed: &ParsedResult, env: &Env) -> Option<Vec<Candidate>> {
    let prefix = value_fragment(parsed, "profile")?;
    let config_env = awscli_config::Env::from_vars(env.iter().map(|(k, v)| (k.clone(), v.clone())));
    // Unreadable files offer no profiles, as a session that fails to load does.
    let names: Vec<Candidate> = awscli_config::Config::load(
        config_env,
        &awscli_config::RealFs,
        awscli_config::CommandLine::new(),
    )
    .map(|config| config.profiles().keys().map(Candidate::new).collect())
    .unwrap_or_default();
    Some(startswith_filter(prefix, names))
}

/// Whether a word the parser could not place looks like a path (or an
/// option), after which options are still offered (`aws s3 cp ./a s3://b/ --`).
fn looks_like_path(word: &str) -> bool {
    word.contains(['.', '/', '\\', ':']) || word.contains("--")
}

/// Commands, then options (`ModelIndexCompleter`).
fn model_index(index: &CommandIndex, parsed: &mut ParsedResult) -> Option<Vec<Candidate>> {
    if !parsed.unparsed_items.is_empty() && parsed.unparsed_items.iter().all(|w| looks_like_path(w))
    {
        if parsed.current_fragment.as_deref().is_none_or(str::is_empty) {
            parsed.current_fragment = parsed.current_command.clone();
        }
        let prefix = parsed.current_fragment.clone().unwrap_or_default();
        return Some(startswith_filter(&prefix, options(index, parsed)));
    }
    if !parsed.unparsed_items.is_empty() || parsed.current_param.is_some() {
        return None;
    }
    let fragment = parsed.current_fragment.clone()?;
    if fragment.starts_with("--") {
        // Options are offered only once `--` is typed, not after a bare
        // space, so as not to dump them all on the user.
        let prefix = if fragment == "--" { "" } else { &fragment };
        return Some(startswith_filter(prefix, options(index, parsed)));
    }
    let mut lineage = parsed.lineage.clone();
    lineage.extend(parsed.current_command.clone());
    let commands: Vec<Candidate> = index
        .command_names(&lineage)
        .into_iter()
        .map(Candidate::new)
        .collect();
    if commands.is_empty() {
        return Some(startswith_filter(&fragment, options(index, parsed)));
    }
    Some(startswith_filter(&fragment, commands))
}

/// The options of the current command, then the global ones, less those
/// already on the line.
fn options(index: &CommandIndex, parsed: &ParsedResult) -> Vec<Candidate> {
    let command = parsed.current_command.as_deref().unwrap_or("");
    let global_scope = parsed.lineage.is_empty() && command == "aws";
    let mut results = Vec::new();
    if !global_scope {
        for name in index.arg_names(&parsed.lineage, command, false) {
            if name == "outfile" {
                results.push(Candidate {
                    name,
                    display: Some("outfile (required)".to_owned()),
                });
            } else {
                results.push(Candidate::new(format!("--{name}")));
            }
        }
    }
    results.extend(
        global_args()
            .into_iter()
            .map(|a| Candidate::new(format!("--{}", a.name))),
    );
    results.retain(|c| {
        let bare = c.name.trim_matches('-');
        !parsed.parsed_params.contains_key(bare) && !parsed.global_params.contains_key(bare)
    });
    results
}

/// `file://` and `fileb://` values: the entries of the directory typed so
/// far, directories with a trailing `/` (prompt_toolkit's `PathCompleter`,
/// which the reference uses, with `~` expanded).
fn file_paths(parsed: &ParsedResult, env: &Env) -> Option<Vec<Candidate>> {
    let fragment = parsed.current_fragment.as_deref()?;
    let (prefix, path) = ["file://", "fileb://"]
        .iter()
        .find_map(|p| fragment.strip_prefix(p).map(|rest| (*p, rest)))?;
    if path == "~" {
        return Some(vec![Candidate::new(format!("{prefix}~/"))]);
    }
    let (dirname, basename) = match path.rfind('/') {
        Some(0) => ("/", &path[1..]),
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    };
    let shown_dir = if dirname.is_empty() || dirname == "/" {
        dirname.to_owned()
    } else {
        format!("{dirname}/")
    };
    let expanded = match (dirname.strip_prefix('~'), env.get("HOME")) {
        (Some(rest), Some(home)) => format!("{home}{rest}"),
        _ => dirname.to_owned(),
    };
    let directory = if expanded.is_empty() { "." } else { &expanded };
    let mut entries: Vec<(String, bool)> = std::fs::read_dir(directory)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let is_dir = Path::new(directory).join(&name).is_dir();
                    (name, is_dir)
                })
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    let candidates = entries
        .into_iter()
        .map(|(name, is_dir)| {
            let display = if is_dir { format!("{name}/") } else { name };
            Candidate {
                name: format!("{prefix}{shown_dir}{display}"),
                display: Some(display),
            }
        })
        .collect();
    Some(startswith_filter(basename, candidates))
}

/// The values of the option being typed, when it has fixed choices.
fn choices(index: &CommandIndex, parsed: &ParsedResult) -> Option<Vec<Candidate>> {
    let param = parsed
        .value_of
        .as_deref()
        .or(parsed.current_param.as_deref())?;
    let prefix = parsed.current_fragment.as_deref()?;
    let command = parsed.current_command.as_deref().unwrap_or("");
    let arg = global_args()
        .into_iter()
        .find(|a| a.name == param)
        .or_else(|| index.arg(&parsed.lineage, command, param))?;
    if arg.choices.is_empty() {
        return None;
    }
    Some(startswith_filter(
        prefix,
        arg.choices.into_iter().map(Candidate::new).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Vec<String> {
        let index = CommandIndex::new();
        let mut parsed = super::super::parser::parse(&index, line, None);
        complete(&index, &mut parsed, &Env::new())
    }

    #[test]
    fn commands_operations_and_options() {
        assert_eq!(run("aws sts get-caller-id"), vec!["get-caller-identity"]);
        assert!(run("aws s3").contains(&"s3api".to_owned()));
        let opts = run("aws ec2 describe-instances --dry-run --");
        assert!(opts.contains(&"--no-dry-run".to_owned()));
        assert!(!opts.contains(&"--dry-run".to_owned()));
        assert!(opts.contains(&"--region".to_owned()));
        assert_eq!(run("aws --prof"), vec!["--profile"]);
    }

    #[test]
    fn outfile_is_offered_bare() {
        let opts = run("aws s3api get-object --bucket b --key k o");
        assert_eq!(opts, vec!["outfile"]);
    }

    #[test]
    fn enum_values_and_global_choices() {
        assert!(run("aws ec2 run-instances --instance-type t2.mi").contains(&"t2.micro".to_owned()));
        assert_eq!(run("aws --output ya"), vec!["yaml", "yaml-stream"]);
        assert_eq!(
            run("aws s3 cp --acl public-read-"),
            vec!["public-read-write"]
        );
    }

    #[test]
    fn regions_of_the_partition() {
        let regions = run("aws ec2 describe-instances --region us-ea");
        assert!(regions.contains(&"us-east-1".to_owned()));
        assert!(regions.iter().all(|r| r.starts_with("us-ea")));
    }

    #[test]
    fn nothing_after_an_unknown_command() {
        assert_eq!(run("aws nope "), Vec::<String>::new());
    }
}
