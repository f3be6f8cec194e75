//! The top-level command table: every service model under its CLI name,
//! plus the hand-written commands (`s3`, `configure` ...).
//!
//! Spec: `CLIDriver._build_builtin_commands` (one command per botocore
//! service) and the `building-command-table.main` customizations that rename
//! (`s3` -> `s3api`, `config` -> `configservice`, `codedeploy` -> `deploy`),
//! alias (`opsworks-cm` for `opsworkscm`) and add commands.

/// What a top-level command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A service model, by its botocore name.
    Service(&'static str),
    /// A hand-written command.
    Custom(Custom),
}

/// The hand-written top-level commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Custom {
    S3,
    Configure,
    Help,
    Ddb,
    History,
}

/// Model names whose CLI command has another name.
const RENAMES: &[(&str, &str)] = &[
    ("s3", "s3api"),
    ("config", "configservice"),
    ("codedeploy", "deploy"),
];

/// Hidden second names of a command (kept working, not listed).
const ALIASES: &[(&str, &str)] = &[("opsworks-cm", "opsworkscm")];

const CUSTOM: &[(&str, Custom)] = &[
    ("s3", Custom::S3),
    ("configure", Custom::Configure),
    ("ddb", Custom::Ddb),
    ("history", Custom::History),
    ("help", Custom::Help),
];

/// The CLI name of a botocore service.
pub fn cli_name(service: &'static str) -> &'static str {
    RENAMES
        .iter()
        .find(|(model, _)| *model == service)
        .map(|(_, cli)| *cli)
        .unwrap_or(service)
}

/// The CLI name of a service known only at run time.
pub fn cli_name_of(service: &str) -> &str {
    RENAMES
        .iter()
        .find(|(model, _)| *model == service)
        .map(|(_, cli)| *cli)
        .unwrap_or(service)
}

/// Every visible command name, as argparse lists the choices.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = awscli_model::store::service_names().map(cli_name).collect();
    names.extend(CUSTOM.iter().map(|(n, _)| *n));
    names
}

/// The command a name typed on the line runs.
pub fn lookup(name: &str) -> Option<Target> {
    if let Some((_, custom)) = CUSTOM.iter().find(|(n, _)| *n == name) {
        return Some(Target::Custom(*custom));
    }
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, real)| *real)
        .unwrap_or(name);
    if RENAMES.iter().any(|(model, _)| *model == name) {
        // The model name itself is taken by the rename (`s3`) or gone (`config`).
        return None;
    }
    let model = RENAMES
        .iter()
        .find(|(_, cli)| *cli == name)
        .map(|(model, _)| *model)
        .unwrap_or(name);
    awscli_model::store::service_names()
        .find(|s| *s == model)
        .map(Target::Service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_services_answer_to_their_cli_names_only() {
        assert_eq!(lookup("s3api"), Some(Target::Service("s3")));
        assert_eq!(lookup("s3"), Some(Target::Custom(Custom::S3)));
        assert_eq!(lookup("configservice"), Some(Target::Service("config")));
        assert_eq!(lookup("config"), None);
        assert_eq!(lookup("deploy"), Some(Target::Service("codedeploy")));
        assert_eq!(lookup("codedeploy"), None);
        assert_eq!(lookup("ec2"), Some(Target::Service("ec2")));
        assert_eq!(lookup("nope"), None);
    }

    #[test]
    fn every_listed_name_resolves() {
        for name in names() {
            assert!(lookup(name).is_some(), "{name}");
        }
    }
}
