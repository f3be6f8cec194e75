//! `aws configure` asking its four questions, driven through a pseudo-terminal (tmux) and
//! through a pipe, for both CLIs on the same starting files: the same prompts (existing values
//! masked as `[****************ABCD]`, `[None]` when unset) and the same files written.
//!
//! 2.36 prints a `Tip:` about `aws login` before the prompts of a profile that does not exist
//! yet (aws/aws-cli#10144); 2.9.19 does not, so for such profiles the screens are compared
//! from the first prompt on and the tip is checked separately.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use awscli_test_support::terminal::Terminal;
use awscli_test_support::Cli;

use crate::support::{separate_clis, write};

const TIP: &str = "Tip: You can deliver temporary credentials to the AWS CLI using your AWS Console session by running the command 'aws login'.";

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
