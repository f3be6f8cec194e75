//! The AWS CLI command name of a botocore service, as `aws help` lists it.
//!
//! `awscli_args::cli_service_name` has the renames the dispatcher needs
//! (`s3` -> `s3api` ...); the list of commands also shows `opsworks-cm`,
//! the name the AWS CLI documents for `opsworkscm`.

/// The AWS CLI command of a botocore service (`s3` -> `s3api`).
pub fn cli_service_name(service: &str) -> &str {
    match service {
        "opsworkscm" => "opsworks-cm",
        other => awscli_args::cli_service_name(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_services() {
        assert_eq!(cli_service_name("s3"), "s3api");
        assert_eq!(cli_service_name("codedeploy"), "deploy");
        assert_eq!(cli_service_name("config"), "configservice");
        assert_eq!(cli_service_name("opsworkscm"), "opsworks-cm");
        assert_eq!(cli_service_name("ec2"), "ec2");
    }
}
