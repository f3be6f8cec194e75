//! botocore's `configloader.py`: `raw_config_parse` (INI → sections of values, with indented
//! blocks parsed as one level of nested settings) and `build_profile_map` (sections → profiles,
//! sso-sessions, services, and other sections).
//!
//! Section mapping (botocore 1.43 `build_profile_map`):
//! - `[default]` → profile `default`;
//! - a name starting with `profile` is `shlex.split`; exactly two words `profile NAME` → profile
//!   `NAME` (so `[profile "a b"]` is profile `a b`); anything else (`[profile]`, `[profiles]`,
//!   `[profile a b]`, unbalanced quotes) is **dropped**;
//! - likewise `sso-session NAME` and `services NAME`;
//! - every other name, including `[foo]`, is kept as a plain section and is **not** a profile in
//!   the config file (only the credentials file uses bare `[NAME]`);
//! - when two sections map to one profile (`[default]` and `[profile default]`), the later one wins.

use indexmap::IndexMap;

use crate::ini::{py_splitlines, py_strip, IniDocument, IniError};
use crate::shlex;

/// A value in a config section: a plain string, or a nested block such as
/// `s3 =\n  max_concurrent_requests = 20`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigValue {
    /// A plain value.
    String(String),
    /// An indented block of `key = value` lines (keys keep their case, unlike top-level keys).
    Nested(IndexMap<String, String>),
}

impl ConfigValue {
    /// The plain string, if this is not a nested block.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ConfigValue::String(s) => Some(s),
            ConfigValue::Nested(_) => None,
        }
    }

    /// The nested block, if this is one.
    pub fn as_nested(&self) -> Option<&IndexMap<String, String>> {
        match self {
            ConfigValue::Nested(map) => Some(map),
            ConfigValue::String(_) => None,
        }
    }
}

/// The settings of one section (or profile), keyed by lower-cased key, in file order.
pub type ConfigSection = IndexMap<String, ConfigValue>;

/// A file that parsed as INI but not as botocore configuration, or did not parse at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RawParseError {
    /// configparser rejected the text.
    #[error(transparent)]
    Ini(#[from] IniError),
    /// A nested block has a line without `=`.
    #[error("nested value of {key:?} in section {section:?} has a line without '='")]
    Nested {
        /// The section.
        section: String,
        /// The key owning the nested block.
        key: String,
    },
}

/// The result of `raw_config_parse`: every section by its literal name, plus the document for
/// layout-preserving writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawConfig {
    /// Sections by literal name (`profile foo`, `default`, `sso-session x`, ...), in file order,
    /// each already merged with `[DEFAULT]`.
    pub sections: IndexMap<String, ConfigSection>,
    /// The parsed document (lines and spans).
    pub document: IniDocument,
}

/// `raw_config_parse(path, parse_subsections=True)` on the file's bytes.
pub fn raw_config_parse(bytes: &[u8]) -> Result<RawConfig, RawParseError> {
    let document = IniDocument::parse_bytes(bytes)?;
    let mut sections = IndexMap::new();
    for section in &document.sections {
        let mut values = ConfigSection::new();
        for (key, value) in document.merged_options(section) {
            let value = if value.starts_with('\n') {
                ConfigValue::Nested(parse_nested(value).ok_or_else(|| RawParseError::Nested {
                    section: section.name.clone(),
                    key: key.to_string(),
                })?)
            } else {
                ConfigValue::String(value.to_string())
            };
            values.insert(key.to_string(), value);
        }
        sections.insert(section.name.clone(), values);
    }
    Ok(RawConfig { sections, document })
}

/// `_parse_nested`: each non-blank line is `key = value`, split at the first `=`, both stripped.
fn parse_nested(value: &str) -> Option<IndexMap<String, String>> {
    let mut parsed = IndexMap::new();
    for line in py_splitlines(value) {
        let line = py_strip(line);
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once('=')?;
        parsed.insert(py_strip(key).to_string(), py_strip(value).to_string());
    }
    Some(parsed)
}

/// The result of `build_profile_map` on the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFile {
    /// Profiles by name (`default` included).
    pub profiles: IndexMap<String, ConfigSection>,
    /// `[sso-session NAME]` sections by name.
    pub sso_sessions: IndexMap<String, ConfigSection>,
    /// `[services NAME]` sections by name.
    pub services: IndexMap<String, ConfigSection>,
    /// Every other section by literal name (`plugins`, `preview`, `foo`, ...).
    pub sections: IndexMap<String, ConfigSection>,
}

/// `build_profile_map(raw_config_parse(...))`.
pub fn build_profile_map(raw: &IndexMap<String, ConfigSection>) -> ConfigFile {
    let mut file = ConfigFile::default();
    for (key, values) in raw {
        let target = if key.starts_with("profile") {
            Some(&mut file.profiles)
        } else if key.starts_with("sso-session") {
            Some(&mut file.sso_sessions)
        } else if key.starts_with("services") {
            Some(&mut file.services)
        } else {
            None
        };
        match target {
            Some(map) => {
                if let Ok(parts) = shlex::split(key) {
                    if let [_, name] = parts.as_slice() {
                        map.insert(name.clone(), values.clone());
                    }
                }
            }
            None if key == "default" => {
                file.profiles.insert(key.clone(), values.clone());
            }
            None => {
                file.sections.insert(key.clone(), values.clone());
            }
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> ConfigFile {
        build_profile_map(&raw_config_parse(text.as_bytes()).unwrap().sections)
    }

    #[test]
    fn build_profile_map_section_kinds() {
        let file = load(
            "[default]\na=1\n[profile p]\nb=2\n[profile \"x y\"]\nc=3\n[profile a b]\nd=4\n\
             [profiles]\ne=5\n[foo]\nf=6\n[sso-session s]\ng=7\n[services svc]\nh=8\n[plugins]\ni=9\n",
        );
        assert_eq!(
            file.profiles.keys().collect::<Vec<_>>(),
            ["default", "p", "x y"]
        );
        assert_eq!(file.sso_sessions.keys().collect::<Vec<_>>(), ["s"]);
        assert_eq!(file.services.keys().collect::<Vec<_>>(), ["svc"]);
        assert_eq!(file.sections.keys().collect::<Vec<_>>(), ["foo", "plugins"]);
    }

    #[test]
    fn build_profile_map_later_default_wins() {
        let file = load("[default]\nregion=a\n[profile default]\nregion=b\n");
        assert_eq!(
            file.profiles["default"]["region"],
            ConfigValue::String("b".into())
        );
        let file = load("[profile default]\nregion=b\n[default]\nregion=a\n");
        assert_eq!(
            file.profiles["default"]["region"],
            ConfigValue::String("a".into())
        );
    }

    #[test]
    fn raw_config_parse_nested_blocks() {
        let raw =
            raw_config_parse(b"[default]\ns3 =\n  Max = 1\n  a = b = c\nx = y\n  z = w\nempty =\n")
                .unwrap();
        let section = &raw.sections["default"];
        let nested = section["s3"].as_nested().unwrap();
        assert_eq!(nested["Max"], "1");
        assert_eq!(nested["a"], "b = c");
        assert_eq!(section["x"].as_str(), Some("y\nz = w"));
        assert_eq!(section["empty"].as_str(), Some(""));
    }

    #[test]
    fn raw_config_parse_nested_without_equals_is_error() {
        assert!(matches!(
            raw_config_parse(b"[default]\ns3 =\n  oops\n"),
            Err(RawParseError::Nested { .. })
        ));
    }
}
