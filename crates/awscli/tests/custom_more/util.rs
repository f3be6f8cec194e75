//! Shared helpers: the CLI pair and a run against canned responses.

use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

/// Our binary and the reference, sharing one hermetic sandbox.
pub fn clis() -> (Cli, Cli) {
    Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox")
}

/// Runs `args --endpoint-url <server>` (or, with `endpoint_option`, passes
/// the server as that option instead) against `responses`.
pub fn run_canned(
    cli: &Cli,
    args: &[&str],
    endpoint_option: &str,
    responses: &[CannedResponse],
) -> (CliOutput, Vec<RecordedRequest>) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(responses.iter().cloned());
    let endpoint = server.endpoint();
    let mut full: Vec<&str> = args.to_vec();
    full.extend([endpoint_option, endpoint.as_str()]);
    let output = cli.run(&full);
    (output, server.take_requests())
}

/// A JSON-protocol error response.
pub fn json_error(content_type: &str, status: u16, code: &str, message: &str) -> CannedResponse {
    CannedResponse {
        status,
        ..CannedResponse::json(
            content_type,
            format!(r#"{{"__type": "{code}", "message": "{message}"}}"#),
        )
    }
}
