//! `aws --version` and the User-Agent: what the binary says about itself.
//!
//! Format (design.md): `aws-cli/<version> Rust/<rustc> <OS>/<kernel release>
//! [exec-env/<AWS_EXECUTION_ENV>] <distribution>/<arch>`, the reference's
//! layout with Rust in Python's place, so scripts that match `aws-cli/2.`
//! keep working.

/// The CLI's own version (the workspace version; major 2 = the interface).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the binary runs from: `docker` inside a container image that says
/// so, `exe` otherwise.
fn distribution_source(env: &dyn Fn(&str) -> Option<String>) -> String {
    env("AWS_CLI_DISTRIBUTION_SOURCE_OVERRIDE").unwrap_or_else(|| "exe".to_owned())
}

/// The kernel release (`platform.release()`), read from procfs so it needs no libc call.
fn kernel_release() -> String {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn os_name() -> &'static str {
    match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "Darwin",
        "windows" => "Windows",
        other => other,
    }
}

/// The `--version` line.
pub fn version_string(env: &dyn Fn(&str) -> Option<String>) -> String {
    let mut s = format!(
        "aws-cli/{VERSION} Rust/{} {}/{}",
        env!("AWSCLI_RUSTC_VERSION"),
        os_name(),
        kernel_release()
    );
    if let Some(exec_env) = env("AWS_EXECUTION_ENV") {
        s.push_str(&format!(" exec-env/{exec_env}"));
    }
    s.push_str(&format!(
        " {}/{}",
        distribution_source(env),
        std::env::consts::ARCH
    ));
    s
}

/// The User-Agent header, in the reference's layout.
pub fn user_agent(env: &dyn Fn(&str) -> Option<String>, command: &str) -> String {
    let mut ua = format!(
        "aws-cli/{VERSION} ua/2.1 os/{}#{} md/arch#{} lang/rust#{} md/installer#{} md/prompt#off md/command#{command}",
        std::env::consts::OS,
        kernel_release(),
        std::env::consts::ARCH,
        env!("AWSCLI_RUSTC_VERSION"),
        distribution_source(env),
    );
    if let Some(exec_env) = env("AWS_EXECUTION_ENV") {
        ua.push_str(&format!(" exec-env/{exec_env}"));
    }
    ua
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_string_has_the_reference_layout() {
        let none = |_: &str| None;
        let v = version_string(&none);
        assert!(v.starts_with("aws-cli/2."), "{v}");
        assert!(v.contains(" Rust/"), "{v}");
        assert!(
            v.ends_with(&format!(" exe/{}", std::env::consts::ARCH)),
            "{v}"
        );
        let env = |k: &str| (k == "AWS_EXECUTION_ENV").then(|| "CloudShell".to_owned());
        assert!(version_string(&env).contains(" exec-env/CloudShell exe/"));
    }
}
