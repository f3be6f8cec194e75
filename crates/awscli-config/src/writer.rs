//! Writing the shared `config` and `credentials` files: the `ConfigFileWriter` of
//! `awscli/customizations/configure/writer.py` (AWS CLI v2), used by `aws configure`,
//! `configure set` and `configure import`.
//!
//! The edit is line based and ported rule for rule, quirks included, so that a file edited by
//! this CLI is byte-identical to one edited by the reference:
//! - the section is found by its header line (`[name]`, or `[profile "a b"]` for names with
//!   spaces), skipping comment lines; a missing section is appended at the end of the file,
//!   after a `\n` if the file does not end with one;
//! - an existing `key = value` line (found with the writer's own option regex, which also
//!   matches lines such as `# key = x`) is replaced by `key = value`; a new key is inserted
//!   after the last option line of the section (one line further down when the section runs to
//!   the end of the file, as the reference does);
//! - nested values (`s3.max_concurrent_requests`) become `s3 =` plus lines indented by four
//!   spaces; existing sub-keys keep their indentation;
//! - every other line (comments, blank lines, other sections) is kept as is. Line endings are
//!   normalised to `\n` as Python's text mode does.
//!
//! Where this port deliberately differs from the reference (see
//! /work/shared/docs/reference-reliability.md, "File permissions"):
//! - the file is replaced atomically (a temporary file in the same directory, fsync, rename),
//!   so a crash never leaves a truncated file; the temporary file gets the existing file's
//!   permission bits, so existing files keep their mode (they are never chmod-ed). A symlinked
//!   file is edited through the link (the link itself is kept).
//! - a new file is created with mode 0600 (as the reference); a missing parent directory is
//!   created with mode 0700 (the reference uses `os.makedirs` and the umask, giving 0755).
//! - the reference fails with a Python `UnboundLocalError` when a nested key is set on a block
//!   that starts with a non-option line or ends the file (`[default]\ns3 =\n`); this port
//!   inserts the sub-key instead.
//! - section names, keys and values containing `\n` or `\r` are rejected (2.36 behaviour,
//!   aws/aws-cli#10167) so that a value cannot inject lines into the file.

use std::io::Write;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

/// A value to write: a plain value or a nested block of sub-keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteValue {
    /// `key = value`.
    Scalar(String),
    /// `key =` followed by indented `subkey = value` lines.
    Nested(IndexMap<String, String>),
}

impl From<&str> for WriteValue {
    fn from(value: &str) -> Self {
        WriteValue::Scalar(value.to_string())
    }
}

impl From<String> for WriteValue {
    fn from(value: String) -> Self {
        WriteValue::Scalar(value)
    }
}

/// The values to write into one section (the reference's `new_values` dict with its
/// `__section__` key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionUpdate {
    /// The section name as written between the brackets: `default`, `profile dev`, `dev` (in
    /// the credentials file), `sso-session x`, `plugins` ...
    pub section: String,
    /// The keys and values, in writing order.
    pub values: IndexMap<String, WriteValue>,
}

impl SectionUpdate {
    /// An update of `section` with no values yet.
    pub fn new(section: impl Into<String>) -> Self {
        Self {
            section: section.into(),
            values: IndexMap::new(),
        }
    }

    /// Adds a plain value.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.values
            .insert(key.into(), WriteValue::Scalar(value.into()));
        self
    }

    /// Adds one sub-key of a nested block.
    pub fn with_nested(
        mut self,
        key: impl Into<String>,
        subkey: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        let mut nested = IndexMap::new();
        nested.insert(subkey.into(), value.into());
        self.values.insert(key.into(), WriteValue::Nested(nested));
        self
    }

    /// Rejects a section name, key or value holding a line break: written as is, it would end
    /// the line and let the rest be read as new keys or sections.
    pub fn validate(&self) -> Result<(), WriteError> {
        let check = |what: &str, text: &str| {
            if text.contains(['\n', '\r']) {
                Err(WriteError::LineBreak {
                    what: what.to_string(),
                })
            } else {
                Ok(())
            }
        };
        check("section name", &self.section)?;
        for (key, value) in &self.values {
            check("configuration key", key)?;
            match value {
                WriteValue::Scalar(value) => check("configuration value", value)?,
                WriteValue::Nested(nested) => {
                    for (subkey, value) in nested {
                        check("configuration key", subkey)?;
                        check("configuration value", value)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Why a write failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A section name, key or value contains `\n` or `\r`.
    #[error("The {what} must not contain newline or carriage return characters.")]
    LineBreak {
        /// `section name`, `configuration key` or `configuration value`.
        what: String,
    },
    /// The existing file is not UTF-8 text (Python fails to decode it too).
    #[error("Unable to read {}: the file is not valid UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// Reading, creating or replacing the file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system error.
        #[source]
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What [`update_config_file`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    /// The file did not exist and was created (mode 0600).
    pub created: bool,
    /// The file existed and grants permissions to group or others (any bit outside 0o700),
    /// checked before writing. Only reported when the caller asked for the check.
    pub overly_permissive: bool,
}

/// The 2.36 warning for a credentials file readable by others (`PERMISSIONS_WARNING_TEMPLATE`
/// of `awscli/customizations/configure/__init__.py`), including its leading blank line and
/// trailing newline; the caller writes it to stderr.
pub fn permissions_warning(path: &Path) -> String {
    let path = path.display();
    format!(
        "\naws: [WARNING]: The file '{path}' is accessible by other users. Consider running \
         'chmod 600 {path}' to restrict access to only your user.\n"
    )
}

/// `is_overly_permissive(mode, 0o700)`: any permission bit outside the owner's.
pub fn is_overly_permissive(mode: u32) -> bool {
    (mode & 0o777) & !0o700 != 0
}

/// Whether the existing regular file at `path` is readable or writable by others
/// (`warn_if_permissive`); false when it does not exist or on non-Unix systems.
pub fn file_is_overly_permissive(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_file() => {
                is_overly_permissive(metadata.permissions().mode())
            }
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// `ConfigFileWriter.update_config`: applies `update` to the file at `path`, creating the file
/// (and its directory) when missing. With `check_permissions` the outcome reports whether an
/// existing file was readable by others (2.36 does this for the credentials file).
pub fn update_config_file(
    path: &Path,
    update: &SectionUpdate,
    check_permissions: bool,
) -> Result<WriteOutcome, WriteError> {
    update.validate()?;
    // Edit the target of a symlink, not the link: renaming over the link would replace it.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let existing = match std::fs::metadata(&target) {
        Ok(metadata) if metadata.is_file() => Some(metadata),
        _ => None,
    };
    let overly_permissive = check_permissions && file_is_overly_permissive(&target);
    let (old_text, mode) = match &existing {
        Some(metadata) => {
            let bytes = std::fs::read(&target).map_err(io_error(&target))?;
            let text = String::from_utf8(bytes).map_err(|_| WriteError::NotUtf8 {
                path: target.clone(),
            })?;
            (Some(text), permission_bits(metadata))
        }
        None => {
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                create_private_dir(parent)?;
            }
            (None, 0o600)
        }
    };
    let new_text = update_text(old_text.as_deref(), update);
    write_atomically(&target, new_text.as_bytes(), mode)?;
    Ok(WriteOutcome {
        created: existing.is_none(),
        overly_permissive,
    })
}

#[cfg(unix)]
fn permission_bits(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(_metadata: &std::fs::Metadata) -> u32 {
    0o600
}

fn create_private_dir(dir: &Path) -> Result<(), WriteError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io_error(dir))
}

/// Writes `bytes` to a new file next to `path` with permission bits `mode`, flushes it to disk
/// and renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: u32) -> Result<(), WriteError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0u32;
    let (temp_path, mut file) = loop {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let candidate = dir.join(format!(
            ".{name}.{}.{nanos:x}{attempt}.tmp",
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode);
        }
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&candidate) {
            Ok(file) => break (candidate, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(io_error(&candidate)(e)),
        }
    };
    let result = (|| {
        // The umask may have cleared bits of an existing file's mode: set them explicitly.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp_path, path)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temp_path);
        return Err(io_error(path)(error));
    }
    // Make the rename itself durable; failure to sync a directory is not worth failing for.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The new contents of a file after `update`, given its current contents (`None` when the file
/// does not exist). Pure: [`update_config_file`] adds the file handling.
pub fn update_text(existing: Option<&str>, update: &SectionUpdate) -> String {
    let Some(existing) = existing else {
        return new_section_text("", update);
    };
    let mut contents = read_lines(existing);
    let Some(start) = find_section_start(&contents, &update.section) else {
        return new_section_text(existing_normalised(existing).as_str(), update);
    };
    let mut values = update.values.clone();
    update_section_contents(&mut contents, start, &mut values);
    contents.concat()
}

/// Python text mode reads `\r\n` and `\r` as `\n`.
fn existing_normalised(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `f.readlines()`: lines with their `\n` kept.
fn read_lines(text: &str) -> Vec<String> {
    existing_normalised(text)
        .split_inclusive('\n')
        .map(str::to_string)
        .collect()
}

/// `_write_new_section`: appends `[section]` and the values to the file.
fn new_section_text(existing: &str, update: &SectionUpdate) -> String {
    let mut text = existing.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("[{}]\n", update.section));
    let mut values = update.values.clone();
    text.push_str(&render_values(&mut values, ""));
    text
}

/// `SECTION_REGEX = r'^\s*\[(?P<header>[^]]+)\]'` with `search`: returns the whole match
/// (leading whitespace included, as `match.group(0)`).
fn section_match(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(is_py_regex_space);
    let indent = line.len() - trimmed.len();
    let rest = trimmed.strip_prefix('[')?;
    let end = rest.find(']')?;
    if end == 0 {
        return None;
    }
    Some(&line[..indent + 1 + end + 1])
}

/// `OPTION_REGEX = r'(?P<option>[^:=][^:=]*)\s*(?P<vi>[:=])\s*(?P<value>.*)$'` with `search`:
/// returns the `option` group. The greedy option group stops at the first `:` or `=` after
/// its start, so it keeps trailing whitespace; the search starts at the first character that
/// is not a delimiter.
fn option_match(line: &str) -> Option<&str> {
    let start = line.find(|c| c != ':' && c != '=')?;
    let delimiter = line[start..].find([':', '='])? + start;
    Some(&line[start..delimiter])
}

/// `\s` of Python's `re` on `str`: Unicode whitespace.
fn is_py_regex_space(c: char) -> bool {
    crate::ini::is_py_space(c)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_regex_space)
}

fn indent_of(option: &str) -> usize {
    // Python counts characters; `len(s) - len(s.lstrip())`.
    option.chars().count() - option.trim_start_matches(is_py_regex_space).chars().count()
}

/// `_find_section_start`.
fn find_section_start(contents: &[String], section: &str) -> Option<usize> {
    contents.iter().position(|line| {
        let stripped = py_strip(line);
        if stripped.starts_with('#') || stripped.starts_with(';') {
            return false;
        }
        section_match(line).is_some_and(|m| matches_section(m, section))
    })
}

/// `_matches_section`: `[name]`, or for names with spaces also `[first "rest"]`.
fn matches_section(matched: &str, section: &str) -> bool {
    if matched == format!("[{section}]") {
        return true;
    }
    let parts: Vec<&str> = section.split(' ').collect();
    parts.len() > 1 && matched == format!("[{} \"{}\"]", parts[0], parts[1..].join(" "))
}

/// `_update_section_contents`, from the header line `start`.
fn update_section_contents(
    contents: &mut Vec<String>,
    start: usize,
    values: &mut IndexMap<String, WriteValue>,
) {
    let mut last_matching_line = start;
    let mut j = start + 1;
    while j < contents.len() {
        if section_match(&contents[j]).is_some() {
            insert_new_values(last_matching_line, contents, values, "");
            return;
        }
        if let Some(option) = option_match(&contents[j]).map(str::to_string) {
            last_matching_line = j;
            let key = py_strip(&option).to_string();
            match values.get(&key).cloned() {
                Some(WriteValue::Scalar(value)) => {
                    contents[j] = format!("{key} = {value}\n");
                    values.shift_remove(&key);
                }
                Some(WriteValue::Nested(nested)) => {
                    values.shift_remove(&key);
                    update_subattributes(j, contents, nested, indent_of(&option));
                    return;
                }
                None => {}
            }
        }
        j += 1;
    }
    if !values.is_empty() {
        if contents.last().is_some_and(|line| !line.ends_with('\n')) {
            contents.push("\n".to_string());
        }
        insert_new_values(last_matching_line + 1, contents, values, "");
    }
}

/// `_update_subattributes`: updates the sub-keys of the block whose `key =` line is `index`.
fn update_subattributes(
    index: usize,
    contents: &mut Vec<String>,
    nested: IndexMap<String, String>,
    starting_indent: usize,
) {
    let mut values: IndexMap<String, WriteValue> = nested
        .into_iter()
        .map(|(k, v)| (k, WriteValue::Scalar(v)))
        .collect();
    // The reference reads `current_indent` from the last option line seen; before any, it
    // raises. Starting from the block's own indent makes a leading non-option line end the
    // block, which inserts the sub-keys right after `key =`.
    let mut current_indent: Option<usize> = None;
    let mut i = index + 1;
    while i < contents.len() {
        if let Some(option) = option_match(&contents[i]).map(str::to_string) {
            let indent = indent_of(&option);
            current_indent = Some(indent);
            let key = py_strip(&option).to_string();
            if let Some(WriteValue::Scalar(value)) = values.get(&key).cloned() {
                contents[i] = format!("{}{key} = {value}\n", " ".repeat(indent));
                values.shift_remove(&key);
            }
        }
        let at_block_end = current_indent.is_none_or(|indent| indent == starting_indent);
        if at_block_end || section_match(&contents[i]).is_some() {
            insert_new_values(i - 1, contents, &mut values, "    ");
            return;
        }
        i += 1;
    }
    // The block runs to the end of the file.
    insert_new_values(contents.len() - 1, contents, &mut values, "    ");
}

/// `_insert_new_values`: inserts the rendered values after line `line_number` (Python's
/// `list.insert` appends when the index is past the end).
fn insert_new_values(
    line_number: usize,
    contents: &mut Vec<String>,
    values: &mut IndexMap<String, WriteValue>,
    indent: &str,
) {
    let rendered = render_values(values, indent);
    let at = (line_number + 1).min(contents.len());
    contents.insert(at, rendered);
}

fn render_values(values: &mut IndexMap<String, WriteValue>, indent: &str) -> String {
    let mut out = String::new();
    for (key, value) in values.drain(..) {
        match value {
            WriteValue::Scalar(value) => out.push_str(&format!("{indent}{key} = {value}\n")),
            WriteValue::Nested(nested) => {
                out.push_str(&format!("{indent}{key} =\n"));
                for (subkey, value) in nested {
                    out.push_str(&format!("{indent}    {subkey} = {value}\n"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(existing: Option<&str>, section: &str, key: &str, value: &str) -> String {
        update_text(existing, &SectionUpdate::new(section).with(key, value))
    }

    fn set_nested(existing: Option<&str>, section: &str, key: &str, sub: &str, v: &str) -> String {
        update_text(
            existing,
            &SectionUpdate::new(section).with_nested(key, sub, v),
        )
    }

    // Expected texts below were produced by /usr/bin/aws (2.9.19) `configure set` on the same
    // starting files (the writer is unchanged in 2.36 apart from validation and the warning).

    #[test]
    fn new_file_gets_one_section() {
        assert_eq!(
            set(None, "default", "region", "us-west-2"),
            "[default]\nregion = us-west-2\n"
        );
        assert_eq!(
            set_nested(None, "profile dev", "s3", "max_concurrent_requests", "20"),
            "[profile dev]\ns3 =\n    max_concurrent_requests = 20\n"
        );
    }

    #[test]
    fn existing_key_is_replaced_and_comments_kept() {
        let text = "# top comment\n[default]\n; note\nregion = us-east-1 \noutput=json\n\n[profile x]\nregion = b\n";
        assert_eq!(
            set(Some(text), "default", "region", "eu-west-1"),
            "# top comment\n[default]\n; note\nregion = eu-west-1\noutput=json\n\n[profile x]\nregion = b\n"
        );
    }

    #[test]
    fn new_key_goes_after_last_option_of_section() {
        let text = "[default]\nregion = a\n\n[profile x]\nregion = b\n";
        assert_eq!(
            set(Some(text), "default", "output", "json"),
            "[default]\nregion = a\noutput = json\n\n[profile x]\nregion = b\n"
        );
        // At the end of the file the insertion point is one line further down.
        let text = "[default]\nregion = a\n\n# trailing\n";
        assert_eq!(
            set(Some(text), "default", "output", "json"),
            "[default]\nregion = a\n\noutput = json\n# trailing\n"
        );
        assert_eq!(
            set(Some("[default]\nregion = a"), "default", "output", "json"),
            "[default]\nregion = a\noutput = json\n"
        );
    }

    #[test]
    fn missing_section_is_appended() {
        assert_eq!(
            set(Some("[default]\nregion = a"), "profile x", "region", "b"),
            "[default]\nregion = a\n[profile x]\nregion = b\n"
        );
        assert_eq!(
            set(Some(""), "default", "region", "b"),
            "[default]\nregion = b\n"
        );
        // Names with spaces arrive shell-quoted (`profile_to_section`); a double-quoted header
        // matches the unquoted name only.
        assert_eq!(
            set(
                Some("[profile 'a b']\nregion = a\n"),
                "profile 'a b'",
                "region",
                "c"
            ),
            "[profile 'a b']\nregion = c\n"
        );
        assert!(matches_section("[profile \"a b\"]", "profile a b"));
        assert!(!matches_section("[profile \"a b\"]", "profile 'a b'"));
        // Commented-out headers are not sections.
        assert_eq!(
            set(Some("#[default]\n"), "default", "region", "c"),
            "#[default]\n[default]\nregion = c\n"
        );
    }

    #[test]
    fn nested_values() {
        let text = "[default]\ns3 =\n  max_queue_size = 10\nregion = a\n";
        assert_eq!(
            set_nested(Some(text), "default", "s3", "max_queue_size", "20"),
            "[default]\ns3 =\n  max_queue_size = 20\nregion = a\n"
        );
        assert_eq!(
            set_nested(Some(text), "default", "s3", "addressing_style", "path"),
            "[default]\ns3 =\n  max_queue_size = 10\n    addressing_style = path\nregion = a\n"
        );
        let text = "[default]\nregion = a\ns3 =\n  max_queue_size = 10\n";
        assert_eq!(
            set_nested(Some(text), "default", "s3", "addressing_style", "path"),
            "[default]\nregion = a\ns3 =\n  max_queue_size = 10\n    addressing_style = path\n"
        );
        assert_eq!(
            set_nested(Some("[default]\nregion = a\n"), "default", "s3", "x", "1"),
            "[default]\nregion = a\ns3 =\n    x = 1\n"
        );
    }

    #[test]
    fn crlf_is_normalised() {
        assert_eq!(
            set(
                Some("[default]\r\nregion = a\r\n"),
                "default",
                "region",
                "b"
            ),
            "[default]\nregion = b\n"
        );
    }

    #[test]
    fn line_breaks_are_rejected() {
        let update = SectionUpdate::new("default").with("region", "a\n[evil]");
        assert!(matches!(
            update.validate(),
            Err(WriteError::LineBreak { .. })
        ));
        let update = SectionUpdate::new("default\r").with("region", "a");
        assert!(update.validate().is_err());
        let update = SectionUpdate::new("default").with_nested("s3", "x\n", "1");
        assert!(update.validate().is_err());
    }

    #[test]
    fn option_regex_quirks() {
        assert_eq!(option_match("region = a\n"), Some("region "));
        assert_eq!(option_match("  key: v\n"), Some("  key"));
        assert_eq!(option_match("=x=1\n"), Some("x"));
        assert_eq!(option_match("no delimiter\n"), None);
        assert_eq!(option_match("# c = 1\n"), Some("# c "));
        assert_eq!(section_match("  [a] x\n"), Some("  [a]"));
        assert_eq!(section_match("[]\n"), None);
    }

    #[test]
    fn permission_check() {
        assert!(!is_overly_permissive(0o600));
        assert!(!is_overly_permissive(0o700));
        assert!(is_overly_permissive(0o644));
        assert!(is_overly_permissive(0o601));
        assert_eq!(
            permissions_warning(Path::new("/h/.aws/credentials")),
            "\naws: [WARNING]: The file '/h/.aws/credentials' is accessible by other users. \
             Consider running 'chmod 600 /h/.aws/credentials' to restrict access to only your \
             user.\n"
        );
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "awscli-config-writer-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private_and_existing_modes_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("modes");
        let path = dir.join(".aws").join("credentials");
        let update = SectionUpdate::new("default").with("aws_access_key_id", "AKID");
        let outcome = update_config_file(&path, &update, true).unwrap();
        assert!(outcome.created);
        assert!(!outcome.overly_permissive);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.join(".aws")), 0o700);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[default]\naws_access_key_id = AKID\n"
        );

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let update = SectionUpdate::new("default").with("aws_access_key_id", "AKID2");
        let outcome = update_config_file(&path, &update, true).unwrap();
        assert!(!outcome.created);
        assert!(outcome.overly_permissive);
        assert_eq!(mode(&path), 0o644, "existing files are never chmod-ed");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[default]\naws_access_key_id = AKID2\n"
        );
        // No temporary file is left behind.
        let entries: Vec<_> = std::fs::read_dir(dir.join(".aws")).unwrap().collect();
        assert_eq!(entries.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_file_is_edited_through_the_link() {
        let dir = temp_dir("symlink");
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("real-config");
        std::fs::write(&real, "[default]\nregion = a\n").unwrap();
        let link = dir.join("config");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        update_config_file(
            &link,
            &SectionUpdate::new("default").with("region", "b"),
            false,
        )
        .unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "[default]\nregion = b\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn atomic_write_failure_leaves_the_file_untouched() {
        let dir = temp_dir("atomic");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, "[default]\nregion = a\n").unwrap();
        // Renaming onto a non-empty directory fails after the temporary file was written.
        let blocked = dir.join("blocked");
        std::fs::create_dir_all(blocked.join("inner")).unwrap();
        assert!(write_atomically(&blocked, b"x", 0o600).is_err());
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[default]\nregion = a\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
