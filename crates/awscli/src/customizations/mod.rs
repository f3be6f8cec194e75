//! Commands the reference adds to service commands by hand
//! (`awscli/customizations/`): registry logins (`ecr`, `ecr-public`), EKS
//! tokens and kubeconfigs, RDS auth tokens, `logs tail`, the Session
//! Manager plugin launchers (`ssm start-session`, `ecs execute-command`),
//! `cloudformation deploy`, `cloudfront sign`, `codeartifact login` and
//! `ec2 get-password-data --priv-launch-key`.
//!
//! Spec: the AWS CLI v2 sources under `awscli/customizations/` (`ecr.py`,
//! `ecr_public.py`, `eks/`, `rds.py`, `logs/tail.py`, `sessionmanager.py`,
//! `ecs/executecommand.py`, `cloudformation/deploy.py`, `cloudfront.py`,
//! `codeartifact/login.py`, `ec2/decryptpassword.py`) and
//! `/work/shared/docs/reference-cli.md` section 7. Each command lives in
//! its own module; this one only routes.
use std::io::Write;

use awscli_model::Service;

use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

mod api;
mod args;
mod cloudformation;
mod cloudfront;
mod codeartifact;
mod ec2_password;
mod ecr;
mod eks;
mod logs_tail;
mod rds;
mod session_manager;
mod sso;

/// The hand-written commands of the service command `service_cli_name`
/// (its CLI name: `ecr`, `eks`, `s3api` ...).
pub fn commands_for(service_cli_name: &str) -> &'static [&'static str] {
    match service_cli_name {
        "ecr" | "ecr-public" => &["get-login-password"],
        "eks" => &["get-token", "update-kubeconfig"],
        "rds" => &["generate-db-auth-token"],
        "logs" => &["tail"],
        "ssm" => &["start-session"],
        "ecs" => &["execute-command"],
        "cloudformation" => &["deploy", "package"],
        "sso" => &["login", "logout"],
        "cloudfront" => &["sign"],
        "codeartifact" => &["login"],
        "ec2" => &["get-password-data"],
        _ => &[],
    }
}

/// Runs the hand-written command `name` of `service` with the words after it.
pub fn run(
    service: &Service,
    name: &str,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let cli_name = crate::commands::cli_name_of(&service.name);
    match (cli_name, name) {
        ("ecr", "get-login-password") => ecr::get_login_password(false, globals, rest, env, stdout),
        ("ecr-public", "get-login-password") => {
            ecr::get_login_password(true, globals, rest, env, stdout)
        }
        ("eks", "get-token") => eks::get_token::run(globals, rest, env, stdout),
        ("eks", "update-kubeconfig") => eks::update_kubeconfig::run(globals, rest, env, stdout),
        ("rds", "generate-db-auth-token") => {
            rds::generate_db_auth_token(service, globals, rest, env, stdout)
        }
        ("logs", "tail") => logs_tail::run(service, globals, rest, env, stdout),
        ("ssm", "start-session") => session_manager::start_session(service, globals, rest, env),
        ("ec2", "get-password-data") => {
            ec2_password::get_password_data(service, globals, rest, env, stdout)
        }
        ("codeartifact", "login") => codeartifact::login(globals, rest, env, stdout),
        ("cloudfront", "sign") => cloudfront::sign(globals, rest, env, stdout),
        ("cloudformation", "deploy") => cloudformation::deploy::deploy(globals, rest, env, stdout),
        ("cloudformation", "package") => cloudformation::package::run(globals, rest, env, stdout),
        ("sso", "login") => sso::login(globals, rest, env, stdout),
        ("sso", "logout") => sso::logout(globals, rest, env, stdout),
        ("ecs", "execute-command") => session_manager::execute_command(service, globals, rest, env),
        _ => Err(CliError::General(format!("{name} is not available in this build yet")).into()),
    }
}
