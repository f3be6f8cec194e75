//! Shared helpers: one moto server for the whole binary, a fresh fault
//! proxy per run, both CLIs run side by side, and the assertions every
//! scenario makes.

use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use awscli_test_support::cli::reference_path;
use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{Cli, CliOutput, FaultProxy, MotoServer, ProxiedRequest, Rule, Sandbox};

/// The endpoint as it appears in normalized stderr (each run has its own
/// proxy port).
pub const ENDPOINT: &str = "http://127.0.0.1:PROXY";

/// One moto server for every test of this binary. Unlike
/// `MotoServer::shared` it is not locked: the commands here only read, so
/// tests can run (and sleep through backoffs) concurrently.
pub fn moto() -> &'static MotoServer {
    static SERVER: OnceLock<MotoServer> = OnceLock::new();
    SERVER.get_or_init(|| match MotoServer::start() {
        Ok(server) => server,
        Err(error) => panic!("cannot start moto_server: {error}"),
    })
}

/// What one CLI did through its proxy.
#[derive(Debug)]
pub struct Run {
    /// The CLI that ran (its sandbox holds any files the run wrote).
    pub cli: Cli,
    /// The output, with the proxy's endpoint in stderr replaced by
    /// [`ENDPOINT`].
    pub output: CliOutput,
    pub requests: Vec<ProxiedRequest>,
    pub elapsed: Duration,
}

/// Runs `args` through `cli` and a fresh proxy scripted with `rules`.
pub fn run_through_proxy(cli: &Cli, args: &[&str], rules: &[Rule]) -> Run {
    let proxy = FaultProxy::start(moto().addr()).expect("starting the fault proxy");
    proxy.set_rules(rules.to_vec());
    let endpoint = proxy.endpoint();
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--endpoint-url", &endpoint]);
    let started = Instant::now();
    let mut output = cli.run(&full);
    let elapsed = started.elapsed();
    output.stderr = output.stderr.replace(&endpoint, ENDPOINT);
    Run {
        cli: cli.clone(),
        output,
        requests: proxy.take_requests(),
        elapsed,
    }
}

/// The reference's and our runs of `args` under `rules`, run concurrently
/// (each through its own proxy and in its own sandbox, so files they write
/// do not collide), with `env` added to both environments.
pub fn run_both(args: &[&str], rules: &[Rule], env: &[(&str, &str)]) -> (Run, Run) {
    moto();
    let sandbox = || Arc::new(Sandbox::new().expect("creating a test sandbox"));
    let mut ours = Cli::ours(env!("CARGO_BIN_EXE_aws"), sandbox());
    let mut reference = Cli::reference(sandbox());
    for (name, value) in env {
        ours = ours.env(name, value);
        reference = reference.env(name, value);
    }
    thread::scope(|scope| {
        let reference = scope.spawn(|| run_through_proxy(&reference, args, rules));
        let ours = run_through_proxy(&ours, args, rules);
        let reference = match reference.join() {
            Ok(run) => run,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (reference, ours)
    })
}

/// What a scenario must end with.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    /// Attempts both CLIs make (requests seen by the proxy).
    pub attempts: usize,
    /// `max_attempts` in effect (the `max=` of `amz-sdk-request`).
    pub max_attempts: u32,
    pub exit_code: i32,
}

/// Asserts that the reference did what `expected` says, and that ours did
/// the same and printed what the reference printed (stderr in the 2.36
/// layout). Returns the two runs for further checks.
#[track_caller]
pub fn assert_like_reference(
    args: &[&str],
    rules: &[Rule],
    env: &[(&str, &str)],
    expected: Expected,
) -> (Run, Run) {
    let (reference, ours) = run_both(args, rules, env);
    let context = format!(
        "{args:?} {env:?}\nreference ({:?}) stderr: {}\nours ({:?}) stderr: {}",
        reference.elapsed, reference.output.stderr, ours.elapsed, ours.output.stderr
    );
    assert_eq!(
        (reference.requests.len(), reference.output.exit_code),
        (expected.attempts, expected.exit_code),
        "the reference's attempts and exit code; {context}"
    );
    assert_eq!(
        (ours.requests.len(), ours.output.exit_code),
        (expected.attempts, expected.exit_code),
        "our attempts and exit code; {context}"
    );
    // stdout, exit code and stderr (2.36 layout; 2.36's `Additional error
    // details:` block, which 2.9.19 lacks, is allowed after a service error).
    assert_same_outcome(&reference.output, &ours.output);
    // `AWSCLI_TEST_OURS=/usr/bin/aws` checks the harness with the reference
    // in place of ours; 2.9.19 predates these headers.
    if ours.cli.program() != reference_path() {
        assert_attempt_headers(&ours, expected.max_attempts);
    }
    (reference, ours)
}

/// Our requests carry `amz-sdk-request: attempt=1..N; max=M` in order.
#[track_caller]
pub fn assert_attempt_headers(run: &Run, max_attempts: u32) {
    let seen: Vec<Option<(u32, Option<u32>)>> = run
        .requests
        .iter()
        .map(|r| r.sdk_request().map(|h| (h.attempt, h.max)))
        .collect();
    let wanted: Vec<Option<(u32, Option<u32>)>> = (1..)
        .zip(&run.requests)
        .map(|(attempt, _)| Some((attempt, Some(max_attempts))))
        .collect();
    assert_eq!(seen, wanted, "amz-sdk-request headers of our attempts");
    let invocations: Vec<Option<&str>> = run
        .requests
        .iter()
        .map(|r| r.request.header("amz-sdk-invocation-id"))
        .collect();
    assert!(
        invocations
            .iter()
            .all(|id| id.is_some() && *id == invocations[0]),
        "one amz-sdk-invocation-id across all attempts: {invocations:?}"
    );
}
