//! `--case-conflict` of `cp`, `mv` and `sync`: what a download from S3 does
//! when its local name differs only by case from a file that exists or is
//! being downloaded (only one of them can exist on a case-insensitive
//! filesystem).
//!
//! Spec: `awscli/customizations/s3/syncstrategy/caseconflict.py`
//! (`CaseConflictSync`) and `CaseConflictCleanupSubscriber` of the AWS CLI v2
//! (aws/aws-cli#9968, the option with `ignore` as its default, 2.32.x), and
//! the topic page `awscli/topics/s3-case-insensitivity.rst`. The check runs
//! only for recursive S3 -> local transfers (`sync`, `cp --recursive`,
//! `mv --recursive`), on the files the comparator found missing at the
//! destination in exactly that case: a file is in conflict when its
//! lower-cased compare key belongs to a download still in flight, or when
//! its destination path exists (on a case-insensitive filesystem, a file
//! with a case variant of the name). The messages go straight to stderr,
//! whatever `--quiet` says, and count neither as warnings nor failures;
//! `error` stops the command (`fatal error: ...`, exit code 1).
use std::collections::HashSet;
use std::sync::Mutex;

use crate::error::CliError;

/// The topic page the `warn` message points to.
const DOC_URI: &str = "https://docs.aws.amazon.com/cli/latest/topic/s3-case-insensitivity.html";

/// The values of `--case-conflict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseConflict {
    /// The default: no check.
    Ignore,
    Skip,
    Warn,
    Error,
}

impl CaseConflict {
    /// The option's value (argparse has checked it against the choices).
    pub fn parse(value: Option<&str>) -> CaseConflict {
        match value {
            Some("skip") => CaseConflict::Skip,
            Some("warn") => CaseConflict::Warn,
            Some("error") => CaseConflict::Error,
            _ => CaseConflict::Ignore,
        }
    }

    fn name(self) -> &'static str {
        match self {
            CaseConflict::Ignore => "ignore",
            CaseConflict::Skip => "skip",
            CaseConflict::Warn => "warn",
            CaseConflict::Error => "error",
        }
    }
}

/// The mode a command runs with once the source is known.
///
/// S3 Express directory buckets (names ending in `--x-s3`) list keys in no
/// particular order, so conflicts cannot be detected there: `skip` and
/// `error` are refused, and `warn` becomes one standing warning (returned
/// for the caller to print) and no check.
pub fn for_source(
    mode: CaseConflict,
    source_bucket: &str,
) -> Result<(CaseConflict, Option<&'static str>), CliError> {
    if mode == CaseConflict::Ignore || !source_bucket.ends_with("--x-s3") {
        return Ok((mode, None));
    }
    if mode != CaseConflict::Warn {
        return Err(CliError::param(format!(
            "`{}` is not a valid value for `--case-conflict` when operating on S3 Express directory buckets. Valid values: `warn`, `ignore`.",
            mode.name()
        )));
    }
    Ok((CaseConflict::Ignore, Some(EXPRESS_WARNING)))
}

/// Printed as is (no newline), as the reference's `uni_print` does.
const EXPRESS_WARNING: &str = "warning: Recursive copies/moves from an S3 Express directory bucket to a case-insensitive local filesystem may result in undefined behavior if there are S3 object key names that differ only by case. To disable this warning, set the `--case-conflict` parameter to `ignore`. For more information, see https://docs.aws.amazon.com/cli/latest/topic/s3-case-insensitivity.html.";

/// What happens to one download missing at the destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Download it; `key` is in the in-flight set until
    /// [`CaseConflictGate::finished`] is called with it. `notice` (the
    /// `warn` message) goes to stderr first.
    Download { key: String, notice: Option<String> },
    /// Skip it after printing `notice`.
    Skip { notice: String },
    /// Stop the command with this fatal error.
    Fail(String),
}

/// `CaseConflictSync`: the lower-cased compare keys of the downloads in
/// flight, and the mode.
#[derive(Debug)]
pub struct CaseConflictGate {
    mode: CaseConflict,
    submitted: Mutex<HashSet<String>>,
}

impl CaseConflictGate {
    /// A gate for `mode` (not [`CaseConflict::Ignore`], which needs none).
    pub fn new(mode: CaseConflict) -> CaseConflictGate {
        CaseConflictGate {
            mode,
            submitted: Mutex::new(HashSet::new()),
        }
    }

    /// `determine_should_sync` for a file whose compare key is not at the
    /// destination: `src` is `bucket/key`, `dest` the absolute local path.
    pub fn check(&self, compare_key: &str, src: &str, dest: &str) -> Verdict {
        // Python's `str.lower()`; Rust's `to_lowercase` follows the same
        // Unicode lower-case mapping.
        let key = compare_key.to_lowercase();
        let mut submitted = self
            .submitted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let conflict = submitted.contains(&key) || std::path::Path::new(dest).exists();
        let notice = if conflict {
            match self.mode {
                CaseConflict::Ignore => None,
                CaseConflict::Skip => {
                    return Verdict::Skip {
                        notice: format!(
                            "warning: Skipping {src} -> {dest} because a file whose name differs only by case either exists or is being downloaded.\n"
                        ),
                    }
                }
                CaseConflict::Warn => Some(format!(
                    "warning: Downloading {src} -> {dest} despite a file whose name differs only by case either existing or being downloaded. This behavior is not defined on case-insensitive filesystems and may result in overwriting existing files or race conditions between concurrent downloads. For more information, see {DOC_URI}.\n"
                )),
                CaseConflict::Error => {
                    return Verdict::Fail(format!(
                        "Failed to download {src} -> {dest} because a file whose name differs only by case either exists or is being downloaded."
                    ))
                }
            }
        } else {
            None
        };
        submitted.insert(key.clone());
        Verdict::Download { key, notice }
    }

    /// The download of `key` ended (`CaseConflictCleanupSubscriber`): a
    /// later file with the same lower-cased name no longer races it.
    pub fn finished(&self, key: &str) {
        self.submitted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_variant_in_flight_is_a_conflict_until_it_finishes() {
        let gate = CaseConflictGate::new(CaseConflict::Skip);
        let first = gate.check("A.txt", "b/A.txt", "/nonexistent/dir/A.txt");
        assert_eq!(
            first,
            Verdict::Download {
                key: "a.txt".into(),
                notice: None
            }
        );
        assert_eq!(
            gate.check("a.txt", "b/a.txt", "/nonexistent/dir/a.txt"),
            Verdict::Skip {
                notice: "warning: Skipping b/a.txt -> /nonexistent/dir/a.txt because a file whose name differs only by case either exists or is being downloaded.\n".into()
            }
        );
        gate.finished("a.txt");
        assert!(matches!(
            gate.check("a.txt", "b/a.txt", "/nonexistent/dir/a.txt"),
            Verdict::Download { .. }
        ));
    }

    #[test]
    fn existing_destination_is_a_conflict() {
        let dir = std::env::temp_dir();
        let dest = dir.to_string_lossy().into_owned();
        let gate = CaseConflictGate::new(CaseConflict::Error);
        assert_eq!(
            gate.check("x", "b/x", &dest),
            Verdict::Fail(format!("Failed to download b/x -> {dest} because a file whose name differs only by case either exists or is being downloaded."))
        );
        let gate = CaseConflictGate::new(CaseConflict::Warn);
        match gate.check("x", "b/x", &dest) {
            Verdict::Download {
                notice: Some(n), ..
            } => assert!(
                n.starts_with("warning: Downloading b/x -> ")
                    && n.ends_with("s3-case-insensitivity.html.\n")
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn express_buckets_refuse_skip_and_error() {
        assert!(for_source(CaseConflict::Skip, "d--usw2-az1--x-s3").is_err());
        assert!(for_source(CaseConflict::Error, "d--usw2-az1--x-s3").is_err());
        let (mode, warning) = for_source(CaseConflict::Warn, "d--usw2-az1--x-s3").unwrap();
        assert_eq!(mode, CaseConflict::Ignore);
        assert!(warning.is_some());
        assert_eq!(
            for_source(CaseConflict::Skip, "plain").unwrap(),
            (CaseConflict::Skip, None)
        );
    }
}
