//! The pager through a real pseudo-terminal: each test starts a detached
//! tmux server on its own socket with an 80x24 window, runs our binary in
//! it against a `RecordingServer`, and reads the screen with
//! `capture-pane`. The command line ends by printing `[exit N]`, so a
//! finished command is visible on the screen; a command waiting in a pager
//! is not.
//!
//! Skipped (with a note on stderr) when tmux is not installed.
//! Spec: reference-cli.md section 5, `awscli/utils.py` `OutputStreamFactory`.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use awscli_test_support::{CannedResponse, RecordingServer, Sandbox};

const ROWS: usize = 24;
const COLUMNS: usize = 80;

/// A tmux server with one window running one shell command.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Runs `script` (sh) in a new detached window.
    fn start(dir: &Path, script: &str) -> Tmux {
        let socket = dir.join("tmux.sock");
        let script_path = dir.join("run.sh");
        std::fs::write(&script_path, script).expect("writing the test script");
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-x"])
            .arg(COLUMNS.to_string())
            .arg("-y")
            .arg(ROWS.to_string())
            .arg("sh")
            .arg(&script_path)
            .env_remove("TMUX")
            .status()
            .expect("tmux starts");
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket }
    }

    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.arg("-S").arg(&self.socket);
        command
    }

    /// The visible screen, trailing blank lines removed.
    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
    }

    fn keys(&self, keys: &str) {
        let status = self
            .tmux()
            .args(["send-keys", keys])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// Waits until `done` holds for the screen, or panics with the screen.
    #[track_caller]
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Checks that the screen stays without `marker` for a moment (the
    /// command is waiting in the pager).
    #[track_caller]
    fn stays_without(&self, marker: &str) -> String {
        std::thread::sleep(Duration::from_millis(700));
        let screen = self.screen();
        assert!(
            !screen.contains(marker),
            "expected the command to wait in the pager; the screen:\n{screen}"
        );
        screen
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// A `dynamodb list-tables` response with `n` table names, one line each in JSON.
fn tables(n: usize) -> CannedResponse {
    let names: Vec<String> = (1..=n).map(|i| format!("\"table-{i:03}\"")).collect();
    CannedResponse::json(
        "application/x-amz-json-1.0",
        format!("{{\"TableNames\":[{}]}}", names.join(",")),
    )
}

/// One test's world: a sandbox, a canned server and the shell line that
/// runs our binary hermetically.
struct Setup {
    sandbox: Sandbox,
    server: RecordingServer,
}

impl Setup {
    fn new(response: CannedResponse) -> Setup {
        let server = RecordingServer::start().expect("recording server");
        server.set_default(response);
        Setup {
            sandbox: Sandbox::new().expect("sandbox"),
            server,
        }
    }

    /// `env -i ... aws dynamodb list-tables --no-paginate <extra>`, with
    /// `vars` added to the environment (no pager variable unless given).
    fn command(&self, vars: &[(&str, &str)], extra: &str) -> String {
        self.aws(
            vars,
            &format!(
                "dynamodb list-tables --no-paginate --endpoint-url {} {extra}",
                self.server.endpoint()
            ),
        )
    }

    /// `env -i ... aws <args>` (args already shell words).
    fn aws(&self, vars: &[(&str, &str)], args: &str) -> String {
        let home = self.sandbox.path().display().to_string();
        let mut env = vec![
            ("PATH".to_owned(), "/usr/local/bin:/usr/bin:/bin".to_owned()),
            ("HOME".to_owned(), home.clone()),
            ("TERM".to_owned(), "screen".to_owned()),
            ("LANG".to_owned(), "C.UTF-8".to_owned()),
            ("AWS_CONFIG_FILE".to_owned(), format!("{home}/config")),
            (
                "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
                format!("{home}/credentials"),
            ),
            ("AWS_ACCESS_KEY_ID".to_owned(), "testing".to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), "testing".to_owned()),
            ("AWS_DEFAULT_REGION".to_owned(), "us-east-1".to_owned()),
            ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
        ];
        for (k, v) in vars {
            env.retain(|(name, _)| name != k);
            env.push(((*k).to_owned(), (*v).to_owned()));
        }
        let assignments: Vec<String> = env
            .iter()
            .map(|(k, v)| format!("{k}={}", sh_quote(v)))
            .collect();
        format!(
            "env -i {} {} {args}",
            assignments.join(" "),
            sh_quote(env!("CARGO_BIN_EXE_aws")),
        )
    }

    /// Runs `line` in tmux, then prints the exit code and keeps the window open.
    fn run(&self, line: &str) -> Tmux {
        Tmux::start(
            self.sandbox.path(),
            &format!("{line}\necho \"[exit $?]\"\nsleep 600\n"),
        )
    }
}

/// `v` as one sh word.
fn sh_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}

macro_rules! require_tmux {
    () => {
        if !Tmux::available() {
            eprintln!("skipped: tmux is not installed (apt-get install -y tmux)");
            return;
        }
    };
}

#[test]
fn output_longer_than_the_screen_is_paged_by_less() {
    require_tmux!();
    let setup = Setup::new(tables(60));
    let tmux = setup.run(&setup.command(&[], ""));
    tmux.wait_for("the first screen", |s| s.contains("table-010"));
    let screen = tmux.stays_without("[exit");
    assert!(screen.starts_with("{\n    \"TableNames\": ["), "{screen}");
    assert!(!screen.contains("table-060"), "{screen}");
    // less with LESS=FRX: q quits and the command finishes cleanly.
    tmux.keys("q");
    tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
}

#[test]
fn output_shorter_than_the_screen_is_printed_and_less_exits() {
    require_tmux!();
    let setup = Setup::new(tables(3));
    let tmux = setup.run(&setup.command(&[], ""));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.contains("\"table-003\"\n    ]\n}"), "{screen}");
}

#[test]
fn no_cli_pager_never_pages() {
    require_tmux!();
    let setup = Setup::new(tables(60));
    let tmux = setup.run(&setup.command(&[], "--no-cli-pager"));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.contains("table-060"), "{screen}");
}

#[test]
fn an_empty_pager_setting_never_pages() {
    require_tmux!();
    let setup = Setup::new(tables(60));
    let tmux = setup.run(&setup.command(&[("AWS_PAGER", "")], ""));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.contains("table-060"), "{screen}");
}

#[test]
fn a_pipe_never_pages() {
    require_tmux!();
    let setup = Setup::new(tables(60));
    let line = format!("{} | tail -n 3", setup.command(&[], ""));
    let tmux = setup.run(&line);
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.contains("\"table-060\"\n    ]\n}"), "{screen}");
}

#[test]
fn the_user_pager_gets_less_flags() {
    require_tmux!();
    let setup = Setup::new(tables(3));
    let pager = "sh -c 'echo LESS=$LESS; cat'";
    let tmux = setup.run(&setup.command(&[("AWS_PAGER", pager)], ""));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.starts_with("LESS=FRX\n{"), "{screen}");
}

#[test]
fn a_missing_less_falls_back_to_the_built_in_pager() {
    require_tmux!();
    let setup = Setup::new(tables(60));
    // No directory on PATH has less (the binary is started by its full path).
    let tmux = setup.run(&setup.command(&[("PATH", "/nonexistent")], ""));
    let screen = tmux.wait_for("the built-in prompt", |s| s.contains("--More--"));
    assert!(screen.starts_with("{\n    \"TableNames\": ["), "{screen}");
    assert!(screen.contains("table-021"), "{screen}");
    assert!(!screen.contains("table-022"), "{screen}");
    tmux.stays_without("[exit");
    // Enter shows one more line, space a screenful, q quits.
    tmux.keys("Enter");
    tmux.wait_for("one more line", |s| {
        s.contains("table-022") && !s.contains("table-023")
    });
    tmux.keys("Space");
    tmux.wait_for("the next screen", |s| s.contains("table-045"));
    tmux.keys("q");
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(!screen.contains("table-060"), "{screen}");
}

#[test]
fn a_missing_less_with_short_output_prints_it() {
    require_tmux!();
    let setup = Setup::new(tables(3));
    let tmux = setup.run(&setup.command(&[("PATH", "/nonexistent")], ""));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.contains("\"table-003\"\n    ]\n}"), "{screen}");
    assert!(!screen.contains("--More--"), "{screen}");
}

#[test]
fn a_missing_named_pager_fails_with_253() {
    require_tmux!();
    let setup = Setup::new(tables(3));
    let tmux = setup.run(&setup.command(&[("AWS_PAGER", "nonexistentpager")], ""));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit "));
    assert!(screen.contains("[exit 253]"), "{screen}");
    let expected = "aws: [ERROR]: An error occurred (Pager): Unable to redirect output to pager. \
                    Received the following error when opening pager:\n[Errno 2] No such file or \
                    directory: 'nonexistentpager'\n\nLearn more about configuring the output pager \
                    by running \"aws help config-vars\".";
    // The screen wraps at 80 columns; compare without line breaks.
    let flat = |s: &str| s.replace('\n', "");
    assert!(flat(&screen).contains(&flat(expected)), "{screen}");
    assert!(!screen.contains("TableNames"), "{screen}");
}

#[test]
fn the_cli_pager_profile_setting_is_used() {
    require_tmux!();
    let setup = Setup::new(tables(3));
    std::fs::write(
        setup.sandbox.path().join("config"),
        "[default]\ncli_pager = sh -c 'echo FROM-PROFILE; cat'\n",
    )
    .expect("config file");
    let tmux = setup.run(&setup.command(&[("PAGER", "nonexistentpager")], ""));
    let screen = tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
    assert!(screen.starts_with("FROM-PROFILE\n{"), "{screen}");
}

#[test]
fn help_without_less_uses_the_built_in_pager() {
    require_tmux!();
    let setup = Setup::new(tables(1));
    let tmux = setup.run(&setup.aws(&[("PATH", "/nonexistent")], "dynamodb help"));
    let screen = tmux.wait_for("the built-in prompt", |s| s.contains("--More--"));
    assert!(screen.contains("DESCRIPTION"), "{screen}");
    tmux.stays_without("[exit");
    tmux.keys("q");
    tmux.wait_for("the exit code", |s| s.contains("[exit 0]"));
}
