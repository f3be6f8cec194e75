//! What a transfer command reports while it runs: the result events, the
//! recorder of totals (which gives the exit code), and the printer of
//! `upload: a to s3://b/a` lines, failures, warnings and the `\r`
//! progress line.
//!
//! Spec: `awscli/customizations/s3/results.py` (`ResultRecorder`,
//! `ResultPrinter`, `NoProgressResultPrinter`,
//! `OnlyShowErrorsResultPrinter`) and `utils.human_readable_size`.
use std::io::Write;
use std::time::Instant;

/// One result of a transfer command.
#[derive(Debug, Clone)]
pub enum Event {
    Queued {
        key: usize,
        size: Option<u64>,
    },
    Progress {
        bytes: u64,
    },
    Success {
        key: usize,
        kind: &'static str,
        src: String,
        dest: Option<String>,
    },
    Failure {
        key: usize,
        kind: &'static str,
        src: String,
        dest: Option<String>,
        error: String,
    },
    /// Skipped without a word (`--no-overwrite` found the destination).
    Skipped {
        key: usize,
    },
    DryRun {
        kind: &'static str,
        src: String,
        dest: Option<String>,
    },
    Warning(String),
    /// A message the reference prints straight to stderr, outside its
    /// result printer (`--case-conflict`): shown whatever the verbosity,
    /// counted nowhere.
    Notice(String),
    /// `fatal error: ...`; nothing is printed after it.
    Fatal(String),
    /// Every transfer has been submitted; there were this many.
    FinalTotal(usize),
}

/// How much is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// `--quiet`: nothing.
    Quiet,
    /// `--only-show-errors` (and streams): failures, warnings, errors.
    ErrorsOnly,
    /// `--no-progress`.
    NoProgress,
    All,
}

/// Totals and printing for one command.
pub struct Printer<'a> {
    out: &'a mut dyn Write,
    verbosity: Verbosity,
    bytes_transferred: u64,
    bytes_failed: u64,
    files_transferred: usize,
    files_failed: usize,
    files_warned: usize,
    errors: usize,
    expected_bytes: u64,
    expected_files: usize,
    final_files: Option<usize>,
    start: Option<Instant>,
    ongoing: std::collections::HashMap<usize, (u64, Option<u64>)>,
    progress_length: usize,
    enabled: bool,
    cancelled: bool,
    /// `--progress-multiline`: progress lines end in a newline.
    pub multiline: bool,
    /// `--progress-frequency`: seconds between progress redraws.
    pub frequency: Option<f64>,
    last_progress: Option<Instant>,
}

/// `human_readable_size`.
pub fn human_size(value: u64) -> String {
    const SUFFIXES: [&str; 7] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB"];
    let v = value as f64;
    if value == 1 {
        return "1 Byte".to_owned();
    }
    if value < 1024 {
        return format!("{value} Bytes");
    }
    for (i, suffix) in SUFFIXES.iter().enumerate() {
        let unit = 1024f64.powi(i as i32 + 2);
        if ((v / unit) * 1024.0).round() < 1024.0 {
            return format!("{:.1} {suffix}", 1024.0 * v / unit);
        }
    }
    format!("{:.1} YiB", v / 1024f64.powi(8))
}

impl<'a> Printer<'a> {
    pub fn new(out: &'a mut dyn Write, verbosity: Verbosity) -> Printer<'a> {
        Printer {
            out,
            verbosity,
            bytes_transferred: 0,
            bytes_failed: 0,
            files_transferred: 0,
            files_failed: 0,
            files_warned: 0,
            errors: 0,
            expected_bytes: 0,
            expected_files: 0,
            final_files: None,
            start: None,
            ongoing: Default::default(),
            progress_length: 0,
            enabled: true,
            cancelled: false,
            multiline: false,
            frequency: None,
            last_progress: None,
        }
    }

    /// Ctrl-C: `cancelled: ctrl-c received`, then nothing more (exit 130).
    pub fn cancelled(&mut self) {
        if self.verbosity != Verbosity::Quiet && self.enabled {
            let line = self.pad("cancelled: ctrl-c received", '\n');
            self.write_err(&line);
        }
        self.write_out("\n");
        self.enabled = false;
        self.cancelled = true;
    }

    /// The exit code: 1 after a failure or fatal error, 2 after a warning,
    /// 130 after Ctrl-C.
    pub fn exit_code(&self) -> u8 {
        if self.cancelled {
            return 130;
        }
        if self.files_failed + self.errors > 0 {
            1
        } else if self.files_warned > 0 {
            2
        } else {
            0
        }
    }

    fn totals_final(&self) -> bool {
        self.final_files == Some(self.expected_files)
    }

    /// Records and prints one event.
    pub fn handle(&mut self, event: Event) {
        if let Event::Notice(text) = &event {
            self.write_err(text);
            return;
        }
        if !self.enabled {
            return;
        }
        self.record(&event);
        self.print(event);
    }

    fn record(&mut self, event: &Event) {
        match event {
            Event::Queued { key, size } => {
                self.start.get_or_insert_with(Instant::now);
                self.ongoing.insert(*key, (0, *size));
                self.expected_bytes += size.unwrap_or(0);
                self.expected_files += 1;
            }
            Event::Progress { bytes } => self.bytes_transferred += bytes,
            Event::Success { key, .. } | Event::Skipped { key } => {
                self.ongoing.remove(key);
                self.files_transferred += 1;
            }
            Event::Failure { key, .. } => {
                if let Some((done, Some(total))) = self.ongoing.remove(key) {
                    self.bytes_failed += total.saturating_sub(done);
                }
                self.files_failed += 1;
                self.files_transferred += 1;
            }
            Event::Warning(_) => self.files_warned += 1,
            Event::Fatal(_) => self.errors += 1,
            Event::FinalTotal(n) => self.final_files = Some(*n),
            Event::DryRun { .. } | Event::Notice(_) => {}
        }
    }

    fn print(&mut self, event: Event) {
        let location = |src: &str, dest: &Option<String>| match dest {
            Some(d) => format!("{src} to {d}"),
            None => src.to_owned(),
        };
        match event {
            Event::Queued { .. } | Event::Skipped { .. } | Event::Notice(_) => {}
            Event::Progress { .. } => {
                // The reference redraws on every progress callback; a redraw
                // every 50 ms shows the same numbers without flooding.
                let now = Instant::now();
                let every = self.frequency.unwrap_or(0.05);
                if self
                    .last_progress
                    .is_some_and(|t| now.duration_since(t).as_secs_f64() < every)
                {
                    return;
                }
                self.last_progress = Some(now);
                self.print_progress();
            }
            Event::Success {
                kind, src, dest, ..
            } => {
                if matches!(self.verbosity, Verbosity::All | Verbosity::NoProgress) {
                    let line = self.pad(&format!("{kind}: {}", location(&src, &dest)), '\n');
                    self.write_out(&line);
                    self.redisplay_progress();
                }
            }
            Event::DryRun { kind, src, dest } => {
                // `OnlyShowErrorsResultPrinter` (also used for streams) still
                // prints dry runs.
                if self.verbosity != Verbosity::Quiet {
                    let line =
                        self.pad(&format!("(dryrun) {kind}: {}", location(&src, &dest)), '\n');
                    self.write_out(&line);
                }
            }
            Event::Failure {
                kind,
                src,
                dest,
                error,
                ..
            } => {
                if self.verbosity != Verbosity::Quiet {
                    let line = self.pad(
                        &format!("{kind} failed: {} {error}", location(&src, &dest)),
                        '\n',
                    );
                    self.write_err(&line);
                    self.redisplay_progress();
                }
            }
            Event::Warning(message) => {
                if self.verbosity != Verbosity::Quiet {
                    let line = self.pad(&message, '\n');
                    self.write_err(&line);
                    self.redisplay_progress();
                }
            }
            Event::Fatal(message) => {
                if self.verbosity != Verbosity::Quiet {
                    let line = self.pad(&format!("fatal error: {message}"), '\n');
                    self.write_err(&line);
                }
                self.enabled = false;
            }
            Event::FinalTotal(_) => {
                if self.progress_length > 0 && !self.has_remaining() {
                    let line = self.pad("", '\n');
                    self.write_out(&line);
                }
            }
        }
    }

    fn has_remaining(&self) -> bool {
        !self.totals_final() || self.files_transferred != self.expected_files
    }

    fn redisplay_progress(&mut self) {
        self.progress_length = 0;
        if self.has_remaining() {
            self.print_progress();
        }
    }

    fn print_progress(&mut self) {
        if self.verbosity != Verbosity::All {
            return;
        }
        let estimate = |s: String, final_: bool| if final_ { s } else { format!("~{s}") };
        let final_ = self.totals_final();
        let remaining = estimate(
            (self.expected_files as i64 - self.files_transferred as i64).to_string(),
            final_,
        );
        let mut statement = if self.expected_bytes > 0 {
            let elapsed = self.start.map(|s| s.elapsed().as_secs_f64()).unwrap_or(0.0);
            let speed = if elapsed > 0.0 {
                (self.bytes_transferred as f64 / elapsed) as u64
            } else {
                0
            };
            format!(
                "Completed {}/{} ({}/s) with {remaining} file(s) remaining",
                human_size(self.bytes_transferred + self.bytes_failed),
                estimate(human_size(self.expected_bytes), final_),
                human_size(speed)
            )
        } else {
            format!(
                "Completed {} file(s) with {remaining} file(s) remaining",
                self.files_transferred
            )
        };
        if !final_ {
            statement.push_str(" (calculating...)");
        }
        if self.multiline {
            let line = format!("{statement}\n");
            self.write_out(&line);
            return;
        }
        let line = self.pad(&statement, '\r');
        self.progress_length = line.chars().count() - 1;
        self.write_out(&line);
    }

    fn pad(&self, statement: &str, end: char) -> String {
        let mut s = statement.to_owned();
        let len = s.chars().count();
        if len < self.progress_length {
            s.push_str(&" ".repeat(self.progress_length - len));
        }
        s.push(end);
        s
    }

    /// Writes a streamed object body to stdout (`cp s3://b/k -`).
    pub fn write_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    fn write_out(&mut self, text: &str) {
        // A closed stdout stops the printing, not the transfers.
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    fn write_err(&mut self, text: &str) {
        let _ = self.out.flush();
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(1), "1 Byte");
        assert_eq!(human_size(10), "10 Bytes");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(1024 * 1024), "1.0 MiB");
        assert_eq!(human_size(1023 * 1024 + 1000), "1.0 MiB");
    }

    #[test]
    fn success_then_final() {
        let mut buf = Vec::new();
        {
            let mut p = Printer::new(&mut buf, Verbosity::NoProgress);
            p.handle(Event::Queued {
                key: 0,
                size: Some(3),
            });
            p.handle(Event::Success {
                key: 0,
                kind: "upload",
                src: "./a".into(),
                dest: Some("s3://b/a".into()),
            });
            p.handle(Event::FinalTotal(1));
            assert_eq!(p.exit_code(), 0);
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "upload: ./a to s3://b/a\n");
    }
}
