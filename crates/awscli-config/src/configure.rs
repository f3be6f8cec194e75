//! The lookup behind `aws configure get VARNAME` (`awscli/customizations/configure/get.py`).
//!
//! - Without a dot: the selected profile's raw value (`get_scoped_config().get(varname)`; a
//!   missing named profile is an error). Keys are not lower-cased, so `REGION` is never found.
//! - `profile.NAME.KEY[.SUB]`, `NAME.KEY[.SUB]` for `default` or an existing profile, else
//!   `KEY.SUB` in the selected profile (without the existence check).
//! - `SECTION.KEY` where SECTION is a substring of `plugins` (the reference tests
//!   `parts[0] in ('plugins')`, which is a string, not a tuple) reads a top-level section first.
//!   Caveat: the reference's plugin loader removes `cli_legacy_plugin_path` from `[plugins]`
//!   before this runs, so `configure get plugins.cli_legacy_plugin_path` finds nothing there;
//!   the binary should special-case that key if it matters.

use crate::config::Config;
use crate::config_file::ConfigValue;
use crate::error::ConfigError;

/// What `configure get` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigureGet {
    /// A value: printed with a newline, rc 0.
    Value(String),
    /// A nested block: `varname (X) must reference a value, not a section or sub-section.` on
    /// stderr (no newline), rc 1.
    Section,
    /// Not set: no output, rc 1.
    NotFound,
}

fn from_value(value: Option<&ConfigValue>) -> ConfigureGet {
    match value {
        Some(ConfigValue::String(s)) => ConfigureGet::Value(s.clone()),
        Some(ConfigValue::Nested(_)) => ConfigureGet::Section,
        None => ConfigureGet::NotFound,
    }
}

impl Config {
    /// `aws configure get varname`.
    pub fn configure_get(&self, varname: &str) -> Result<ConfigureGet, ConfigError> {
        if !varname.contains('.') {
            let scoped = self.scoped_config()?;
            return Ok(from_value(scoped.get(varname).map(|v| &v.value)));
        }
        let parts: Vec<&str> = varname.split('.').collect();
        if parts.len() == 2 && "plugins".contains(parts[0]) {
            let (section, key) = (parts[0], parts[1]);
            let top_level = self
                .files()
                .config
                .sections
                .get(section)
                .and_then(|s| s.get(key));
            if let Some(value) = top_level {
                return Ok(from_value(Some(value)));
            }
            let in_profile = self
                .profiles()
                .get(section)
                .and_then(|p| p.get(key))
                .map(|v| &v.value);
            return Ok(from_value(in_profile));
        }
        let (profile_name, config_name, remaining) = if parts[0] == "profile" {
            match parts.as_slice() {
                [_, profile, key, rest @ ..] => (profile.to_string(), *key, rest),
                // The reference raises IndexError here; nothing can be found.
                _ => return Ok(ConfigureGet::NotFound),
            }
        } else if parts[0] == "default" || self.profiles().contains_key(parts[0]) {
            (parts[0].to_string(), parts[1], &parts[2..])
        } else {
            (self.profile_name().to_string(), parts[0], &parts[1..])
        };
        let value = self
            .profiles()
            .get(&profile_name)
            .and_then(|p| p.get(config_name))
            .map(|v| &v.value);
        match (remaining, value) {
            ([sub], Some(ConfigValue::Nested(nested))) => Ok(nested
                .get(*sub)
                .map_or(ConfigureGet::NotFound, |v| ConfigureGet::Value(v.clone()))),
            ([_], _) => Ok(ConfigureGet::NotFound),
            (_, value) => Ok(from_value(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CommandLine, Env, LoadedFiles};
    use std::path::PathBuf;

    fn config(text: &str, args: &[(&str, &str)]) -> Config {
        let mut command_line = CommandLine::new();
        for (k, v) in args {
            command_line.set(*k, *v);
        }
        let files = LoadedFiles::from_contents(
            PathBuf::from("/c"),
            Some(text.as_bytes()),
            PathBuf::from("/k"),
            None,
        )
        .expect("test config parses");
        Config::from_parts(Env::new(), command_line, files)
    }

    const TEXT: &str = "[default]\nregion = r\ns3 =\n  Max_X = 1\n[profile p]\nregion = pr\n\
                        [plugins]\ncli_legacy_plugin_path = /x\n";

    #[test]
    fn configure_get_variants() {
        let c = config(TEXT, &[]);
        let value = |s: &str| ConfigureGet::Value(s.to_string());
        assert_eq!(c.configure_get("region"), Ok(value("r")));
        assert_eq!(c.configure_get("REGION"), Ok(ConfigureGet::NotFound));
        // verified: `s3` alone is a section (rc 1), nested keys keep their case
        assert_eq!(c.configure_get("s3"), Ok(ConfigureGet::Section));
        assert_eq!(c.configure_get("s3.Max_X"), Ok(value("1")));
        assert_eq!(c.configure_get("s3.max_x"), Ok(ConfigureGet::NotFound));
        assert_eq!(c.configure_get("default.s3.Max_X"), Ok(value("1")));
        assert_eq!(c.configure_get("p.region"), Ok(value("pr")));
        assert_eq!(c.configure_get("profile.p.region"), Ok(value("pr")));
        assert_eq!(c.configure_get("profile.p"), Ok(ConfigureGet::NotFound));
        // The reference's plugin loader pops `cli_legacy_plugin_path` from the loaded section
        // before `configure get` runs (rc 1 there); this lookup is the plain one.
        assert_eq!(
            c.configure_get("plugins.cli_legacy_plugin_path"),
            Ok(value("/x"))
        );
        let c = config(TEXT, &[("profile", "nope")]);
        assert!(c.configure_get("region").is_err());
        assert_eq!(c.configure_get("p.region"), Ok(value("pr")));
    }
}
