//! The client-side pager: where a command's rendered output goes when
//! stdout is a terminal, and the pager help pages go through.
//!
//! Spec: `awscli/utils.py` (`OutputStreamFactory`, `LazyPager`),
//! `awscli/compat.py` (`get_popen_kwargs_for_pager_cmd`), `awscli/help.py`
//! (`PosixHelpRenderer`) and `docs/reference-cli.md` section 5.
//!
//! # Use (for the code that renders results)
//!
//! ```ignore
//! let mut out = crate::pager::open(&session, stdout)?;   // PagedOutput<'_>: io::Write
//! let rendered = output.render(result, &mut out);         // writes start the pager lazily
//! out.finish()?;          // waits for the pager; a pager that could not start is reported here (253)
//! rendered?;
//! ```
//!
//! Call [`PagedOutput::finish`] before looking at the render result: when
//! the pager cannot start, the first write fails with an I/O error and the
//! real report (`CliError::Configuration { code: "Pager", .. }`) comes from
//! `finish`. A reader who quits early (`q` in less) closes the pipe; the
//! writes after that are discarded, as the reference ignores the broken pipe.
//! Dropping a `PagedOutput` without `finish` still waits for the pager.
//!
//! Help pages: [`page_help`].
//!
//! # Behaviour
//! - `--no-cli-pager` → no pager; else the `pager` setting (`AWS_PAGER` >
//!   profile `cli_pager` > `PAGER` > `less`); an empty value disables it.
//! - Only when stdout is a terminal.
//! - Started lazily on the first write, so an empty output starts nothing.
//! - The command is split like `shlex.split` and run with `LESS=FRX` added
//!   when `LESS` is unset.
//! - When the pager is the default `less` and no `less` is installed (a
//!   `FROM scratch` image), a built-in pager shows the output instead: a
//!   screenful at a time with a `--More--` prompt, keys read from
//!   `/dev/tty` (space: next screen, Enter: next line, `q`: quit), and
//!   output that fits on one screen printed straight away (`less -F`).
//! - A pager the user named that cannot start fails with exit code 253 and
//!   the 2.36 message.
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};

use awscli_config::ValueSource;
use awscli_output::terminal::{self, RawMode, TerminalSize};

use crate::error::CliError;
use crate::session::Session;

/// `less` flags the reference sets when `LESS` is unset: quit if one screen
/// (F), pass colour escapes (R), do not clear the screen (X).
const DEFAULT_LESS_FLAGS: &str = "FRX";
/// The help pager when neither `MANPAGER` nor `PAGER` is set.
const DEFAULT_HELP_PAGER: &str = "less -R";
const PROMPT: &str = "\x1b[7m--More--\x1b[0m";
const ERASE_PROMPT: &str = "\r\x1b[K";

/// How output will be paged, decided before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagerPlan {
    /// Straight to stdout.
    Direct,
    /// Spawn `argv` on the first write.
    Spawn {
        argv: Vec<String>,
        env: HashMap<String, String>,
        /// Whether this is the default pager, which falls back to the
        /// built-in one when it is not installed.
        is_default: bool,
    },
}

impl PagerPlan {
    /// The plan for a command's output: `no_pager` is `--no-cli-pager`,
    /// `configured` the resolved `pager` setting and whether it is the
    /// default, `tty` whether stdout is a terminal.
    pub fn for_output(
        no_pager: bool,
        configured: Option<(&str, bool)>,
        tty: bool,
        env: &HashMap<String, String>,
    ) -> Result<PagerPlan, CliError> {
        let Some((command, is_default)) = configured else {
            return Ok(PagerPlan::Direct);
        };
        if no_pager || !tty || command.trim().is_empty() {
            return Ok(PagerPlan::Direct);
        }
        let argv = awscli_config::shlex::split(command).map_err(|e| pager_error(&e.to_string()))?;
        if argv.is_empty() {
            return Ok(PagerPlan::Direct);
        }
        Ok(PagerPlan::Spawn {
            argv,
            env: pager_env(env),
            is_default,
        })
    }
}

/// The pager's environment: ours, with `LESS=FRX` when `LESS` is unset.
fn pager_env(env: &HashMap<String, String>) -> HashMap<String, String> {
    let mut env = env.clone();
    env.entry("LESS".to_owned())
        .or_insert_with(|| DEFAULT_LESS_FLAGS.to_owned());
    env
}

/// Output for a command's results, paged as the configuration says; see the
/// module docs.
pub fn open<'a>(session: &Session, stdout: &'a mut dyn Write) -> Result<PagedOutput<'a>, CliError> {
    let resolved = session
        .config
        .resolve("pager")
        .map_err(crate::session::config_error)?;
    let configured = resolved
        .as_ref()
        .map(|r| (r.value.as_str(), r.source == ValueSource::Default));
    let plan = PagerPlan::for_output(
        session.globals.no_cli_pager,
        configured,
        io::stdout().is_terminal(),
        &session.env,
    )?;
    Ok(PagedOutput::new(plan, stdout))
}

/// The 2.36 report of a pager that cannot start (exit code 253).
fn pager_error(detail: &str) -> CliError {
    CliError::Configuration {
        code: "Pager",
        message: format!(
            "Unable to redirect output to pager. Received the following error when opening pager:\n{detail}\n\n\
             Learn more about configuring the output pager by running \"aws help config-vars\"."
        ),
    }
}

/// Python's text for a failed `Popen`: `[Errno 2] No such file or
/// directory: 'nonexistentpager'`.
fn popen_error_text(e: &io::Error, program: &str) -> String {
    let text = e.to_string();
    let strerror = text
        .rsplit_once(" (os error ")
        .map(|(s, _)| s.to_owned())
        .unwrap_or(text);
    match e.raw_os_error() {
        Some(errno) => format!("[Errno {errno}] {strerror}: {}", python_repr(program)),
        None => strerror,
    }
}

/// `repr()` of a str, enough for program names.
fn python_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

enum Target<'a> {
    /// Not paging, or the pager has not been needed yet.
    Direct(&'a mut dyn Write),
    Pending {
        argv: Vec<String>,
        env: HashMap<String, String>,
        is_default: bool,
        stdout: &'a mut dyn Write,
    },
    Child {
        child: Child,
        /// `None` once the reader has closed the pipe.
        stdin: Option<ChildStdin>,
        /// Ctrl-C belongs to the pager while it runs (the reference
        /// ignores it around its help pager for the same reason).
        _interrupt: crate::interrupt::TakeOver,
    },
    Builtin(BuiltinPager<&'a mut dyn Write, TtyKeys>),
    /// The pager could not start; the report for `finish`.
    Failed(Option<CliError>),
    Finished,
}

/// A writer that pages; see the module docs.
pub struct PagedOutput<'a> {
    target: Target<'a>,
}

impl<'a> PagedOutput<'a> {
    pub fn new(plan: PagerPlan, stdout: &'a mut dyn Write) -> PagedOutput<'a> {
        let target = match plan {
            PagerPlan::Direct => Target::Direct(stdout),
            PagerPlan::Spawn {
                argv,
                env,
                is_default,
            } => Target::Pending {
                argv,
                env,
                is_default,
                stdout,
            },
        };
        PagedOutput { target }
    }

    /// Whether a pager process or the built-in pager has been started.
    #[cfg(test)]
    fn started(&self) -> bool {
        matches!(self.target, Target::Child { .. } | Target::Builtin(_))
    }

    /// Starts the pager for the first write.
    fn start(&mut self) {
        let Target::Pending {
            argv,
            env,
            is_default,
            stdout,
        } = std::mem::replace(&mut self.target, Target::Finished)
        else {
            return;
        };
        // Whatever was written before (nothing, in practice) must reach the
        // terminal before the pager takes it over.
        let _ = stdout.flush();
        let (program, args) = argv
            .split_first()
            .expect("PagerPlan::Spawn always has a program (empty commands are Direct)");
        let spawned = Command::new(program)
            .args(args)
            .env_clear()
            .envs(&env)
            .stdin(Stdio::piped())
            .spawn();
        self.target = match spawned {
            Ok(mut child) => {
                let stdin = child.stdin.take();
                Target::Child {
                    child,
                    stdin,
                    _interrupt: crate::interrupt::take_over(),
                }
            }
            Err(e) if is_default && e.kind() == io::ErrorKind::NotFound => {
                let size = terminal::size_of(io::stdout(), |k| env.get(k).cloned());
                Target::Builtin(BuiltinPager::new(stdout, TtyKeys::default(), size))
            }
            Err(e) => Target::Failed(Some(pager_error(&popen_error_text(&e, program)))),
        };
    }

    /// Waits for the pager to exit; reports a pager that could not start.
    pub fn finish(mut self) -> Result<(), CliError> {
        self.close()
    }

    fn close(&mut self) -> Result<(), CliError> {
        match std::mem::replace(&mut self.target, Target::Finished) {
            Target::Direct(stdout) | Target::Pending { stdout, .. } => match stdout.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    Err(CliError::General(e.to_string()))
                }
                _ => Ok(()),
            },
            Target::Child {
                mut child, stdin, ..
            } => {
                drop(stdin);
                // The pager's own exit status is not ours to report.
                let _ = child.wait();
                Ok(())
            }
            Target::Builtin(pager) => pager.finish().map_err(|e| CliError::General(e.to_string())),
            Target::Failed(error) => error.map_or(Ok(()), Err),
            Target::Finished => Ok(()),
        }
    }
}

impl Drop for PagedOutput<'_> {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

/// An I/O error standing for a pager that could not start (`finish` has the report).
fn not_started() -> io::Error {
    io::Error::other("Unable to redirect output to pager")
}

impl Write for PagedOutput<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if matches!(self.target, Target::Pending { .. }) {
            self.start();
        }
        match &mut self.target {
            Target::Direct(stdout) => stdout.write(buf),
            Target::Child { stdin, .. } => {
                let Some(pipe) = stdin else {
                    return Ok(buf.len());
                };
                match pipe.write(buf) {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                        // The reader quit: the rest of the output is not wanted.
                        *stdin = None;
                        Ok(buf.len())
                    }
                    other => other,
                }
            }
            Target::Builtin(pager) => pager.write(buf),
            Target::Failed(_) => Err(not_started()),
            Target::Pending { .. } | Target::Finished => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Direct(stdout) => stdout.flush(),
            Target::Child {
                stdin: Some(pipe), ..
            } => match pipe.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            },
            Target::Builtin(pager) => pager.flush(),
            _ => Ok(()),
        }
    }
}

/// Where the built-in pager reads its keys.
pub trait KeySource {
    /// The next key the reader pressed, `None` when no key can be read
    /// (then the pager prints the rest without stopping).
    fn next_key(&mut self) -> Option<Key>;
}

/// What a key asks the built-in pager to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    NextScreen,
    NextLine,
    Quit,
}

impl Key {
    /// The action for one byte read from the terminal.
    fn from_byte(byte: u8) -> Key {
        match byte {
            b'q' | b'Q' | 0x03 | 0x04 => Key::Quit,
            b'\r' | b'\n' | b'j' => Key::NextLine,
            _ => Key::NextScreen,
        }
    }
}

/// Keys from `/dev/tty` in raw mode, opened on the first prompt, when stdin
/// is a terminal (otherwise no one is there to press a key).
#[derive(Default)]
pub struct TtyKeys {
    /// `None` before the first key; `Some(None)` when no terminal could be opened.
    tty: Option<Option<RawMode<File>>>,
}

impl TtyKeys {
    fn read_byte(tty: &RawMode<File>) -> Option<u8> {
        let mut byte = [0u8; 1];
        let mut reader: &File = tty.fd();
        match reader.read(&mut byte) {
            Ok(1) => Some(byte[0]),
            _ => None,
        }
    }
}

impl KeySource for TtyKeys {
    fn next_key(&mut self) -> Option<Key> {
        let tty = self.tty.get_or_insert_with(|| {
            // With no keyboard on stdin (`docker run -t` without `-i`, a
            // script) nobody can answer the prompt: print the rest instead
            // of waiting forever on the terminal.
            if !io::stdin().is_terminal() {
                return None;
            }
            File::open("/dev/tty")
                .ok()
                .and_then(|f| RawMode::enter(f).ok())
        });
        let tty = tty.as_ref()?;
        let byte = Self::read_byte(tty)?;
        if byte != 0x1b {
            return Some(Key::from_byte(byte));
        }
        // An arrow key is ESC [ A..D: down means one more line.
        match Self::read_byte(tty)? {
            b'[' => Some(match Self::read_byte(tty)? {
                b'B' => Key::NextLine,
                _ => Key::NextScreen,
            }),
            other => Some(Key::from_byte(other)),
        }
    }
}

/// The built-in pager: holds output back until it is longer than one
/// screen (shorter output is printed whole at the end, like `less -F`),
/// then shows a screenful at a time.
pub struct BuiltinPager<W: Write, K: KeySource> {
    out: W,
    keys: K,
    size: TerminalSize,
    /// Bytes of the line being written (no newline yet).
    partial: Vec<u8>,
    state: BuiltinState,
}

enum BuiltinState {
    /// Complete lines held back, and the screen rows they take.
    Holding { lines: Vec<Vec<u8>>, rows: usize },
    /// Showing: this many more rows may be printed before the next prompt.
    Paging { budget: usize },
    /// The reader quit: everything else is discarded.
    Quit,
}

impl<W: Write, K: KeySource> BuiltinPager<W, K> {
    pub fn new(out: W, keys: K, size: TerminalSize) -> BuiltinPager<W, K> {
        BuiltinPager {
            out,
            keys,
            size: TerminalSize {
                columns: size.columns.max(1),
                rows: size.rows.max(2),
            },
            partial: Vec::new(),
            state: BuiltinState::Holding {
                lines: Vec::new(),
                rows: 0,
            },
        }
    }

    /// Rows of the screen for output; the last one is the prompt's.
    fn page_rows(&self) -> usize {
        self.size.rows - 1
    }

    /// Screen rows one line takes when wrapped (escape sequences take none).
    fn rows_of(&self, line: &[u8]) -> usize {
        let text = String::from_utf8_lossy(line);
        let mut width = 0usize;
        let mut chars = text.trim_end_matches(['\n', '\r']).chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                // CSI sequences (colour, bold) end with a letter.
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else if c == '\x08' {
                width = width.saturating_sub(1);
            } else if c == '\t' {
                width = (width / 8 + 1) * 8;
            } else if !c.is_control() {
                width += 1;
            }
        }
        width.div_ceil(self.size.columns).max(1)
    }

    fn line(&mut self, line: Vec<u8>) -> io::Result<()> {
        let rows = self.rows_of(&line);
        let page_rows = self.page_rows();
        match &mut self.state {
            BuiltinState::Quit => Ok(()),
            BuiltinState::Holding { lines, rows: held } => {
                lines.push(line);
                *held += rows;
                if *held <= page_rows {
                    return Ok(());
                }
                // Longer than a screen: start paging from the top.
                let held = std::mem::take(lines);
                self.state = BuiltinState::Paging { budget: page_rows };
                for line in held {
                    self.show(line)?;
                }
                Ok(())
            }
            BuiltinState::Paging { .. } => self.show(line),
        }
    }

    /// Prints one line, prompting first when the screen is full.
    fn show(&mut self, line: Vec<u8>) -> io::Result<()> {
        let rows = self.rows_of(&line);
        loop {
            match &mut self.state {
                BuiltinState::Quit | BuiltinState::Holding { .. } => return Ok(()),
                BuiltinState::Paging { budget }
                    if *budget >= rows || *budget == self.size.rows - 1 =>
                {
                    *budget = budget.saturating_sub(rows);
                    return self.out.write_all(&line);
                }
                BuiltinState::Paging { .. } => {}
            }
            self.out.write_all(PROMPT.as_bytes())?;
            self.out.flush()?;
            let key = self.keys.next_key();
            self.out.write_all(ERASE_PROMPT.as_bytes())?;
            self.state = match key {
                Some(Key::Quit) => BuiltinState::Quit,
                Some(Key::NextLine) => BuiltinState::Paging { budget: rows },
                Some(Key::NextScreen) => BuiltinState::Paging {
                    budget: self.page_rows(),
                },
                // No terminal to read keys from: print the rest.
                None => BuiltinState::Paging { budget: usize::MAX },
            };
        }
    }

    /// Prints what is held back and the last partial line.
    pub fn finish(mut self) -> io::Result<()> {
        let partial = std::mem::take(&mut self.partial);
        if !partial.is_empty() {
            self.line(partial)?;
        }
        if let BuiltinState::Holding { lines, .. } = &mut self.state {
            for line in std::mem::take(lines) {
                self.out.write_all(&line)?;
            }
        }
        self.out.flush()
    }
}

impl<W: Write, K: KeySource> Write for BuiltinPager<W, K> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if matches!(self.state, BuiltinState::Quit) {
            return Ok(buf.len());
        }
        let mut rest = buf;
        while let Some(end) = rest.iter().position(|b| *b == b'\n') {
            let mut line = std::mem::take(&mut self.partial);
            line.extend_from_slice(&rest[..=end]);
            rest = &rest[end + 1..];
            self.line(line)?;
        }
        self.partial.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Shows a rendered help page: printed when stdout is not a terminal, else
/// through `MANPAGER`, else `PAGER`, else `less -R`, run with the caller's
/// environment as `PosixHelpRenderer` runs it (no `LESS=FRX` here). When
/// the default `less` is missing the built-in pager shows the page; when a
/// pager the user named is missing the page is printed, as the reference
/// does.
pub fn page_help(text: &str, env: &HashMap<String, String>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if !out.is_terminal() {
        out.write_all(text.as_bytes())?;
        return out.flush();
    }
    let named = env
        .get("MANPAGER")
        .or_else(|| env.get("PAGER"))
        .filter(|p| !p.trim().is_empty());
    let command = named.map_or(DEFAULT_HELP_PAGER, String::as_str);
    let argv = awscli_config::shlex::split(command).unwrap_or_default();
    let Some((program, args)) = argv.split_first() else {
        out.write_all(text.as_bytes())?;
        return out.flush();
    };
    let spawned = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env)
        .stdin(Stdio::piped())
        .spawn();
    match spawned {
        Ok(mut child) => {
            if let Some(mut input) = child.stdin.take() {
                // The reader may quit early (q in less): a broken pipe is fine.
                let _ = input.write_all(text.as_bytes());
            }
            child.wait().map(|_| ())
        }
        Err(e) if named.is_none() && e.kind() == io::ErrorKind::NotFound => {
            let size = terminal::size_of(io::stdout(), |k| env.get(k).cloned());
            let mut pager = BuiltinPager::new(&mut out, TtyKeys::default(), size);
            match pager.write_all(text.as_bytes()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e),
                _ => {}
            }
            pager.finish()
        }
        Err(_) => {
            out.write_all(text.as_bytes())?;
            out.flush()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn spawn_plan(argv: &[&str], is_default: bool) -> PagerPlan {
        PagerPlan::Spawn {
            argv: argv.iter().map(|a| (*a).to_owned()).collect(),
            env: pager_env(&env(&[("PATH", "/usr/bin:/bin")])),
            is_default,
        }
    }

    #[test]
    fn plan_is_direct_unless_a_terminal_and_a_pager() {
        let e = env(&[]);
        let direct = |no_pager, configured, tty| {
            PagerPlan::for_output(no_pager, configured, tty, &e).expect("valid commands")
        };
        assert_eq!(direct(true, Some(("less", true)), true), PagerPlan::Direct);
        assert_eq!(
            direct(false, Some(("less", true)), false),
            PagerPlan::Direct
        );
        assert_eq!(direct(false, Some(("", false)), true), PagerPlan::Direct);
        assert_eq!(direct(false, Some(("  ", false)), true), PagerPlan::Direct);
        assert_eq!(direct(false, None, true), PagerPlan::Direct);
    }

    #[test]
    fn plan_splits_like_shlex_and_sets_less() {
        let plan = PagerPlan::for_output(
            false,
            Some(("less -S --prompt='a b'", false)),
            true,
            &env(&[("HOME", "/h")]),
        )
        .expect("valid command");
        let PagerPlan::Spawn {
            argv,
            env: penv,
            is_default,
        } = plan
        else {
            panic!("expected a pager");
        };
        assert_eq!(argv, ["less", "-S", "--prompt=a b"]);
        assert_eq!(penv.get("LESS").map(String::as_str), Some("FRX"));
        assert_eq!(penv.get("HOME").map(String::as_str), Some("/h"));
        assert!(!is_default);

        let plan =
            PagerPlan::for_output(false, Some(("less", true)), true, &env(&[("LESS", "-S")]))
                .expect("valid command");
        let PagerPlan::Spawn { env: penv, .. } = plan else {
            panic!("expected a pager");
        };
        assert_eq!(penv.get("LESS").map(String::as_str), Some("-S"));

        let err = PagerPlan::for_output(false, Some(("less 'open", false)), true, &env(&[]))
            .expect_err("unbalanced quote");
        assert_eq!(err.exit_code(), 253);
    }

    #[test]
    fn empty_output_starts_nothing() {
        let mut stdout = Vec::new();
        let out = PagedOutput::new(spawn_plan(&["nonexistentpager"], false), &mut stdout);
        assert!(!out.started());
        out.finish()
            .expect("nothing was written, so no pager was needed");
        assert!(stdout.is_empty());
    }

    #[test]
    fn a_named_pager_that_cannot_start_is_a_configuration_error() {
        let mut stdout = Vec::new();
        let mut out = PagedOutput::new(spawn_plan(&["nonexistentpager"], false), &mut stdout);
        assert!(out.write_all(b"{}\n").is_err());
        let err = out.finish().expect_err("the pager is missing");
        assert_eq!(err.exit_code(), 253);
        let mut report = Vec::new();
        err.write(&mut report, false).expect("writing to a Vec");
        assert_eq!(
            String::from_utf8_lossy(&report),
            "\naws: [ERROR]: An error occurred (Pager): Unable to redirect output to pager. Received the \
             following error when opening pager:\n[Errno 2] No such file or directory: 'nonexistentpager'\n\n\
             Learn more about configuring the output pager by running \"aws help config-vars\".\n"
        );
        assert!(stdout.is_empty());
    }

    #[test]
    fn the_pager_gets_the_output_and_less_flags() {
        let dir = std::env::temp_dir().join(format!("awscli-pager-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("paged");
        let script = format!("echo \"LESS=$LESS\" > '{0}'; cat >> '{0}'", file.display());
        let mut stdout = Vec::new();
        let mut out = PagedOutput::new(spawn_plan(&["sh", "-c", &script], false), &mut stdout);
        out.write_all(b"line 1\nline 2\n").expect("pipe to sh");
        assert!(out.started());
        out.finish().expect("sh exits");
        let paged = std::fs::read_to_string(&file).expect("the pager wrote its input");
        assert_eq!(paged, "LESS=FRX\nline 1\nline 2\n");
        assert!(stdout.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_pager_that_quits_early_is_not_an_error() {
        let mut stdout = Vec::new();
        let mut out = PagedOutput::new(spawn_plan(&["true"], false), &mut stdout);
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..64 {
            out.write_all(&chunk).expect("a broken pipe is ignored");
        }
        out.finish().expect("true exits 0");
    }

    #[test]
    fn a_missing_default_less_falls_back_to_the_built_in_pager() {
        let mut stdout = Vec::new();
        let mut out =
            PagedOutput::new(spawn_plan(&["awscli-test-no-such-less"], true), &mut stdout);
        out.write_all(b"short\noutput").expect("built-in pager");
        assert!(out.started());
        out.finish().expect("built-in pager");
        assert_eq!(stdout, b"short\noutput");
    }

    struct Scripted(Vec<Key>);

    impl KeySource for Scripted {
        fn next_key(&mut self) -> Option<Key> {
            (!self.0.is_empty()).then(|| self.0.remove(0))
        }
    }

    fn builtin(text: &str, keys: Vec<Key>, rows: usize, columns: usize) -> String {
        let mut out = Vec::new();
        let mut pager = BuiltinPager::new(&mut out, Scripted(keys), TerminalSize { columns, rows });
        // Written in odd pieces, as renderers do.
        for piece in text.as_bytes().chunks(3) {
            pager.write_all(piece).expect("writing to a Vec");
        }
        pager.finish().expect("writing to a Vec");
        String::from_utf8(out)
            .expect("utf-8 in, utf-8 out")
            .replace(PROMPT, "<MORE>")
            .replace(ERASE_PROMPT, "<ERASE>")
    }

    fn numbered(n: usize) -> String {
        (1..=n).map(|i| format!("{i}\n")).collect()
    }

    #[test]
    fn built_in_prints_one_screen_without_stopping() {
        assert_eq!(builtin(&numbered(4), vec![], 5, 80), numbered(4));
        assert_eq!(builtin("", vec![], 5, 80), "");
    }

    #[test]
    fn built_in_pages_by_screen_and_line_and_quits() {
        let text = numbered(10);
        assert_eq!(
            builtin(&text, vec![Key::NextLine, Key::NextScreen], 5, 80),
            "1\n2\n3\n4\n<MORE><ERASE>5\n<MORE><ERASE>6\n7\n8\n9\n<MORE><ERASE>10\n"
        );
        assert_eq!(
            builtin(&text, vec![Key::Quit], 5, 80),
            "1\n2\n3\n4\n<MORE><ERASE>"
        );
    }

    #[test]
    fn built_in_counts_wrapped_rows_and_prints_the_rest_without_a_terminal() {
        // 10 columns: a 25-character line takes three rows.
        let text = format!("{}\n1\n2\n", "x".repeat(25));
        assert_eq!(
            builtin(&text, vec![], 4, 10),
            format!("{}\n<MORE><ERASE>1\n2\n", "x".repeat(25))
        );
    }
}
