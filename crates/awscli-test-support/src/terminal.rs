//! A CLI run on a real terminal: a tmux server of our own (its socket in the
//! CLI's sandbox) holding one 120x40 window, for the interactive commands
//! (`aws configure`, `aws configure sso`) whose prompts need a TTY.
//!
//! The command runs in a clean environment (`env -i` plus the CLI's own
//! variables and `TERM=xterm`); after it the shell prints `EXIT=<rc>`.
use std::process::Command;
use std::time::{Duration, Instant};

use crate::Cli;

/// Python's `shlex.quote`, for the shell line tmux runs.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\"'\"'"))
}

/// The tmux server; killed when dropped.
#[derive(Debug)]
pub struct Terminal {
    socket: std::path::PathBuf,
}

impl Terminal {
    /// Starts `cli` with `args`, or `None` when tmux is not installed.
    pub fn start(cli: &Cli, args: &[&str]) -> Option<Terminal> {
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
    pub fn screen(&self) -> String {
        let text = self.tmux(&["capture-pane", "-p", "-J", "-t", "t"]);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n")
    }

    /// Waits (up to a minute, a harness limit, not an assertion on speed)
    /// until the screen holds `count` occurrences of `text`; returns it.
    pub fn wait_for(&self, text: &str, count: usize) -> String {
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

    /// Presses `Enter`, `Down`, `Up` or `BSpace` by name; anything else is
    /// typed as text.
    pub fn send(&self, keys: &[&str]) {
        for key in keys {
            match *key {
                "Enter" | "Down" | "Up" | "BSpace" => self.tmux(&["send-keys", "-t", "t", key]),
                text => self.tmux(&["send-keys", "-t", "t", "-l", text]),
            };
        }
    }

    /// Types `text` (when not empty), then Enter.
    pub fn type_line(&self, text: &str) {
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
