//! `aws configure` asking its four questions, driven through a pseudo-terminal (tmux) and
//! through a pipe, for both CLIs on the same starting files: the same prompts (existing values
//! masked as `[****************ABCD]`, `[None]` when unset) and the same files written.
//!
//! 2.36 prints a `Tip:` about `aws login` before the prompts of a profile that does not exist
//! yet (aws/aws-cli#10144); 2.9.19 does not, so for such profiles the screens are compared
//! from the first prompt on and the tip is checked separately.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use awscli_test_support::Cli;

use crate::support::{separate_clis, write};

const TIP: &str = "Tip: You can deliver temporary credentials to the AWS CLI using your AWS Console session by running the command 'aws login'.";

/// Python's `shlex.quote` for the tmux shell command.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\"'\"'"))
}

/// A tmux server of our own (its socket in the sandbox), killed when dropped.
struct Terminal {
    socket: PathBuf,
}

impl Terminal {
    /// Starts `cli` with `args` in a 120x40 terminal; the shell prints `EXIT=<rc>` after it.
    fn start(cli: &Cli, args: &[&str]) -> Option<Terminal> {
        if Command::new("tmux").arg("-V").output().is_err() {
            return None;
        }
        let command = cli.command(args);
        let mut line = format!(
            "cd {} && env -i",
            quote(&cli.sandbox().path().display().to_string())
        );
        for (name, value) in command.get_envs() {
            if let Some(value) = value {
                line.push_str(&format!(
                    " {}={}",
                    name.to_string_lossy(),
                    quote(&value.to_string_lossy())
                ));
            }
        }
        line.push_str(&format!(
            " TERM=xterm {}",
            quote(&command.get_program().to_string_lossy())
        ));
        for arg in command.get_args() {
            line.push_str(&format!(" {}", quote(&arg.to_string_lossy())));
        }
        line.push_str("; echo EXIT=$?; sleep 600");
        let socket = cli.sandbox().path().join("tmux.sock");
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
                "40",
                "-s",
                "t",
            ])
            .arg(line)
            .status()
            .expect("running tmux");
        assert!(status.success(), "tmux new-session failed");
        Some(Terminal { socket })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("running tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The screen, wrapped lines joined, trailing blank lines dropped.
    fn screen(&self) -> String {
        let text = self.tmux(&["capture-pane", "-p", "-J", "-t", "t"]);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n")
    }

    /// Waits (up to a minute, a harness limit, not an assertion on speed) until the screen
    /// holds `count` occurrences of `text`.
    fn wait_for(&self, text: &str, count: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= count {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn type_line(&self, text: &str) {
        if !text.is_empty() {
            self.tmux(&["send-keys", "-t", "t", "-l", text]);
        }
        self.tmux(&["send-keys", "-t", "t", "Enter"]);
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}

const PROMPTS: [&str; 4] = [
    "AWS Access Key ID [",
    "AWS Secret Access Key [",
    "Default region name [",
    "Default output format [",
];

/// Answers the four prompts in a terminal and returns the final screen.
fn converse(cli: &Cli, args: &[&str], answers: &[&str; 4]) -> Option<String> {
    let terminal = Terminal::start(cli, args)?;
    for (prompt, answer) in PROMPTS.iter().zip(answers) {
        terminal.wait_for(prompt, 1);
        terminal.type_line(answer);
    }
    Some(terminal.wait_for("EXIT=", 1))
}

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(".aws").join(file)).ok()
}

/// The screen from the first prompt on, and whether the 2.36 tip came before it.
fn from_first_prompt(screen: &str) -> (String, bool) {
    let at = screen.find(PROMPTS[0]).unwrap_or(0);
    (screen[at..].to_string(), screen[..at].contains(TIP))
}

#[track_caller]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn assert_same_conversation(
    setup: &dyn Fn(&Cli),
    args: &[&str],
    answers: &[&str; 4],
    expect_tip: bool,
) {
    let (ours, reference) = separate_clis();
    setup(&ours);
    setup(&reference);
    let Some(expected) = converse(&reference, args, answers) else {
        eprintln!("skipped: tmux is not installed");
        return;
    };
    let actual = converse(&ours, args, answers).expect("tmux ran for the reference");
    let (expected_prompts, reference_tip) = from_first_prompt(&expected);
    let (actual_prompts, tip) = from_first_prompt(&actual);
    assert!(!reference_tip);
    assert_eq!(actual_prompts, expected_prompts);
    assert_eq!(tip, expect_tip, "the 2.36 tip; screen:\n{actual}");
    if !expect_tip {
        assert_eq!(actual, expected);
    }
    for file in ["config", "credentials"] {
        assert_eq!(
            read(ours.sandbox().path(), file),
            read(reference.sandbox().path(), file),
            "{file}"
        );
    }
}

fn existing_files(cli: &Cli) {
    write(
        cli,
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDEXISTINGABCD\naws_secret_access_key = secretWXYZ\n",
    );
    // Owner-only, so 2.36's warning about readable credentials files stays out of the way.
    let path = cli.sandbox().path().join(".aws/credentials");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    write(
        cli,
        ".aws/config",
        "[default]\nregion = us-east-1\n# a comment\n",
    );
}

fn no_files(_: &Cli) {}

#[test]
fn terminal_with_existing_values_masked() {
    assert_same_conversation(
        &existing_files,
        &["configure"],
        &["AKIDNEWKEY5678", "", "eu-west-1", ""],
        false,
    );
}

#[test]
fn terminal_keeping_everything_writes_nothing() {
    assert_same_conversation(&existing_files, &["configure"], &["", "", "", ""], false);
}

#[test]
fn terminal_new_profile() {
    assert_same_conversation(
        &no_files,
        &["configure", "--profile", "fresh"],
        &["AKIDFRESH0001", "freshsecret", "ap-southeast-2", "yaml"],
        true,
    );
}

/// Piped answers: the prompts go to stdout without a newline after them.
#[test]
fn piped_stdin() {
    for (setup, args, input) in [
        (
            &existing_files as &dyn Fn(&Cli),
            &["configure"][..],
            "AKIDPIPED0001\n\nus-west-2\ntext\n",
        ),
        (
            &no_files,
            &["configure", "--profile", "p"],
            "AKIDP\nsp\n\n\n",
        ),
        // End of input before the last question: nothing is written.
        (&existing_files, &["configure"], "AKIDHALF\n"),
    ] {
        let (ours, reference) = separate_clis();
        setup(&ours);
        setup(&reference);
        let expected = reference.run_with_stdin(args, Some(input.as_bytes()));
        let actual = ours.run_with_stdin(args, Some(input.as_bytes()));
        let strip_tip = |text: String| match text.find(PROMPTS[0]) {
            Some(at) => text[at..].to_string(),
            None => text,
        };
        assert_eq!(
            (actual.exit_code, strip_tip(actual.stdout_text())),
            (expected.exit_code, expected.stdout_text()),
            "for {input:?}; our stderr: {}",
            actual.stderr
        );
        assert_eq!(actual.stderr, expected.stderr_as_v2_36(), "for {input:?}");
        for file in ["config", "credentials"] {
            assert_eq!(
                read(ours.sandbox().path(), file),
                read(reference.sandbox().path(), file),
                "{file} for {input:?}"
            );
        }
    }
}
