//! Commands the reference adds to service commands by hand
//! (`awscli/customizations/`): registry logins (`ecr`, `ecr-public`), EKS
//! tokens and kubeconfigs, RDS auth tokens, `logs tail`, the Session
//! Manager plugin launchers (`ssm start-session`, `ecs execute-command`),
//! `cloudformation deploy`/`package`, `cloudfront sign`, `codeartifact
//! login`, `ec2 get-password-data --priv-launch-key`, CodeDeploy's `deploy
//! push/register/deregister/install/uninstall` and `ecs deploy`, the git
//! `codecommit credential-helper`, `datapipeline list-runs` and
//! `create-default-roles`, `dlm create-default-role`, `emr-containers
//! update-role-trust-policy`, `configservice subscribe`/`get-status`,
//! `gamelift upload-build`/`get-game-session-log` and `servicecatalog
//! generate`.
//!
//! Spec: the AWS CLI v2 sources under `awscli/customizations/` (one module
//! here per file or folder there, named alike) and
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
mod codecommit;
mod codedeploy;
mod configservice;
mod datapipeline;
mod display;
mod dlm;
mod ec2_password;
mod ecr;
mod ecs_deploy;
mod eks;
mod emrcontainers;
mod gamelift;
mod logs_tail;
mod pyjson;
mod rds;
mod servicecatalog;
mod session_manager;
pub(crate) mod sso;

/// The hand-written commands of the service command `service_cli_name`
/// (its CLI name: `ecr`, `eks`, `s3api` ...).
pub fn commands_for(service_cli_name: &str) -> &'static [&'static str] {
    match service_cli_name {
        "ecr" | "ecr-public" => &["get-login-password"],
        "eks" => &["get-token", "update-kubeconfig"],
        "rds" => &["generate-db-auth-token"],
        "logs" => &["tail"],
        "ssm" => &["start-session"],
        "ecs" => &["deploy", "execute-command"],
        "deploy" => &["push", "register", "deregister", "install", "uninstall"],
        "cloudformation" => &["deploy", "package"],
        "sso" => &["login", "logout"],
        "cloudfront" => &["sign"],
        "codeartifact" => &["login"],
        "codecommit" => &["credential-helper"],
        "datapipeline" => &["list-runs", "create-default-roles"],
        "dlm" => &["create-default-role"],
        "configservice" => &["get-status", "subscribe"],
        "emr-containers" => &["update-role-trust-policy"],
        "gamelift" => &["upload-build", "get-game-session-log"],
        "servicecatalog" => &["generate"],
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
        ("codecommit", "credential-helper") => {
            codecommit::credential_helper(globals, rest, env, stdout)
        }
        ("datapipeline", "list-runs") => datapipeline::list_runs(globals, rest, env, stdout),
        ("datapipeline", "create-default-roles") => {
            datapipeline::create_default_roles(globals, rest, env, stdout)
        }
        ("dlm", "create-default-role") => dlm::create_default_role(globals, rest, env, stdout),
        ("configservice", "get-status") => configservice::get_status(globals, rest, env, stdout),
        ("configservice", "subscribe") => configservice::subscribe(globals, rest, env, stdout),
        ("gamelift", "upload-build") => gamelift::upload_build(globals, rest, env, stdout),
        ("servicecatalog", "generate") => servicecatalog::generate(globals, rest, env, stdout),
        ("gamelift", "get-game-session-log") => {
            gamelift::get_game_session_log(globals, rest, env, stdout)
        }
        ("emr-containers", "update-role-trust-policy") => {
            emrcontainers::update_role_trust_policy(globals, rest, env, stdout)
        }
        ("cloudfront", "sign") => cloudfront::sign(globals, rest, env, stdout),
        ("cloudformation", "deploy") => cloudformation::deploy::deploy(globals, rest, env, stdout),
        ("cloudformation", "package") => cloudformation::package::run(globals, rest, env, stdout),
        ("sso", "login") => sso::login(globals, rest, env, stdout),
        ("sso", "logout") => sso::logout(globals, rest, env, stdout),
        ("ecs", "execute-command") => session_manager::execute_command(service, globals, rest, env),
        ("ecs", "deploy") => ecs_deploy::run(globals, rest, env, stdout),
        ("deploy", "push") => codedeploy::push::run(globals, rest, env, stdout),
        ("deploy", "register") => codedeploy::register::register(globals, rest, env, stdout),
        ("deploy", "deregister") => codedeploy::register::deregister(globals, rest, env, stdout),
        ("deploy", "install") => codedeploy::install::install(globals, rest, env, stdout),
        ("deploy", "uninstall") => codedeploy::install::uninstall(globals, rest, env, stdout),
        _ => Err(CliError::General(format!("{name} is not available in this build yet")).into()),
    }
}
