//! Shared helpers: the two CLIs with no credentials in the environment, and the expected
//! 2.36 stderr of a reference run.

use std::sync::Arc;

use awscli_test_support::{Cli, CliOutput, Sandbox};

/// Our binary and the reference sharing one sandbox, with the harness's default environment
/// keys blanked (botocore reads an empty `AWS_ACCESS_KEY_ID` as unset) so that the files and
/// the other providers are what the chain finds.
pub fn clis() -> (Cli, Cli) {
    let (ours, reference) =
        Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox");
    (no_env_keys(ours), no_env_keys(reference))
}

/// Our binary and the reference, each in its own fresh sandbox (for commands that write).
pub fn separate_clis() -> (Cli, Cli) {
    let ours = Cli::ours(
        env!("CARGO_BIN_EXE_aws"),
        Arc::new(Sandbox::new().expect("creating a sandbox")),
    );
    let reference = Cli::reference(Arc::new(Sandbox::new().expect("creating a sandbox")));
    (no_env_keys(ours), no_env_keys(reference))
}

fn no_env_keys(cli: Cli) -> Cli {
    cli.env("AWS_ACCESS_KEY_ID", "")
        .env("AWS_SECRET_ACCESS_KEY", "")
}

/// Writes `contents` to `relative` in the sandbox.
pub fn write(cli: &Cli, relative: &str, contents: &str) {
    cli.sandbox()
        .write(relative, contents)
        .unwrap_or_else(|e| panic!("writing {relative}: {e}"));
}

/// The stderr 2.36 prints for what the reference printed. `configure export-credentials`
/// raises `ConfigurationError` (rc 253), which 2.36 reports under the `Configuration` code,
/// as it reports `NoRegionError` under `NoRegion`; every other layout is converted by
/// `awscli_test_support::stderr_layout`.
pub fn expected_stderr(reference: &CliOutput) -> String {
    let export = reference.args.iter().any(|a| a == "export-credentials");
    if export && reference.exit_code == 253 {
        let message = reference.stderr.trim();
        return format!("\naws: [ERROR]: An error occurred (Configuration): {message}\n");
    }
    reference.stderr_as_v2_36()
}

/// `sha1(text)` in lowercase hex: the SSO token cache file names.
pub fn sha1_hex(text: &str) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
