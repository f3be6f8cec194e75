//! The completer driven by a real interactive bash (`complete -C
//! aws_completer aws`) in a tmux pseudo-terminal: the line is typed, Tab
//! pressed (twice when bash should list several candidates), and the screen
//! compared with the same keys against the reference's completer. This
//! checks the protocol end to end: bash sets `COMP_LINE`/`COMP_POINT`,
//! reads one candidate a line, inserts a unique one with a space after it.
//! Skipped (with a note on stderr) when tmux or the reference is missing.
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use awscli_test_support::Sandbox;

use super::{env, reference_installed, REFERENCE};

struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// An interactive bash with no startup files, `aws` completed by `completer`.
    fn bash(dir: &Path, completer: &Path) -> Tmux {
        let socket = dir.join("tmux.sock");
        let rc = dir.join("bashrc");
        std::fs::write(
            &rc,
            format!(
                "PS1='$ '\nbind 'set bell-style none'\ncomplete -C {} aws\n",
                completer.display()
            ),
        )
        .expect("writing the bashrc");
        let sandbox = env().sandbox.path();
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "30",
            ])
            .arg("env")
            .arg("-i")
            .arg(format!(
                "PATH={}",
                std::env::var("PATH").unwrap_or_default()
            ))
            .arg(format!("HOME={}", sandbox.display()))
            .arg(format!(
                "AWS_CONFIG_FILE={}",
                env().sandbox.config_file().display()
            ))
            .arg(format!(
                "AWS_SHARED_CREDENTIALS_FILE={}",
                env().sandbox.credentials_file().display()
            ))
            .arg("TERM=xterm")
            .arg("bash")
            .arg("--noprofile")
            .arg("--rcfile")
            .arg(&rc)
            .arg("-i")
            .env_remove("TMUX")
            .status()
            .expect("tmux starts");
        assert!(status.success(), "tmux new-session failed");
        let tmux = Tmux { socket };
        tmux.wait_for("the prompt", |s| s.ends_with('$'));
        tmux
    }

    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.arg("-S").arg(&self.socket);
        command
    }

    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let status = self
            .tmux()
            .arg("send-keys")
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

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

    /// Types `line`, presses Tab `tabs` times, and returns the screen once
    /// it has settled.
    fn complete(&self, line: &str, tabs: usize) -> String {
        self.keys(&["-l", line]);
        self.wait_for("the typed line", |s| s.ends_with(line.trim_end()));
        for _ in 0..tabs {
            self.keys(&["Tab"]);
            // The reference's completer is a Python program: give it time.
            std::thread::sleep(Duration::from_millis(1500));
        }
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.screen();
            if now == last {
                return now;
            }
            last = now;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

fn screens(line: &str, tabs: usize) -> Option<(String, String)> {
    if !Tmux::available() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: tmux is not installed");
        }
        return None;
    }
    if !reference_installed() {
        return None;
    }
    let ours = Sandbox::new().expect("a temporary directory");
    let theirs = Sandbox::new().expect("a temporary directory");
    let ours_screen = Tmux::bash(ours.path(), &env().ours).complete(line, tabs);
    let theirs_screen = Tmux::bash(theirs.path(), Path::new(REFERENCE)).complete(line, tabs);
    Some((ours_screen, theirs_screen))
}

#[test]
fn bash_inserts_a_unique_operation_with_a_space() {
    let Some((ours, theirs)) = screens("aws sts get-caller-id", 1) else {
        return;
    };
    assert_eq!(ours, theirs);
    assert!(ours.ends_with("$ aws sts get-caller-identity"), "{ours}");
}

#[test]
fn bash_lists_the_s3_commands() {
    let Some((ours, theirs)) = screens("aws s3 ", 2) else {
        return;
    };
    assert_eq!(ours, theirs);
    assert!(
        ours.contains("presign") && ours.contains("website"),
        "{ours}"
    );
}

#[test]
fn bash_completes_a_global_option_and_a_profile() {
    let Some((ours, theirs)) = screens("aws --prof", 1) else {
        return;
    };
    assert_eq!(ours, theirs);
    let Some((ours, theirs)) = screens("aws --profile pr", 1) else {
        return;
    };
    assert_eq!(ours, theirs);
    assert!(ours.ends_with("$ aws --profile prod"), "{ours}");
}
