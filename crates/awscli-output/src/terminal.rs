//! What the renderers and the binary's built-in pager need to know about a
//! terminal: its size, and a raw-mode guard so the pager can read single
//! keys. Nothing here writes to the terminal.
//!
//! Spec: Python's `shutil.get_terminal_size` (the `COLUMNS`/`LINES`
//! variables win over the `TIOCGWINSZ` answer, 80x24 when neither is
//! known), which the reference's table formatter uses for its width.
use std::os::fd::AsFd;

/// A terminal's size in character cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalSize {
    pub columns: usize,
    pub rows: usize,
}

impl Default for TerminalSize {
    /// `shutil.get_terminal_size`'s fallback.
    fn default() -> Self {
        TerminalSize {
            columns: 80,
            rows: 24,
        }
    }
}

/// The size the kernel reports for `fd`'s terminal, `None` when `fd` is
/// not a terminal (or reports a zero size, as some pseudo-terminals do
/// before their first resize).
pub fn window_size(fd: impl AsFd) -> Option<TerminalSize> {
    let ws = rustix::termios::tcgetwinsize(fd).ok()?;
    if ws.ws_col == 0 || ws.ws_row == 0 {
        return None;
    }
    Some(TerminalSize {
        columns: usize::from(ws.ws_col),
        rows: usize::from(ws.ws_row),
    })
}

/// `shutil.get_terminal_size`: `COLUMNS` and `LINES` (positive integers)
/// override the kernel's answer for `fd` field by field; 80x24 when
/// neither knows.
pub fn size_of(fd: impl AsFd, env: impl Fn(&str) -> Option<String>) -> TerminalSize {
    let from_env = |name: &str| {
        env(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
    };
    let kernel = window_size(fd).unwrap_or_default();
    TerminalSize {
        columns: from_env("COLUMNS").unwrap_or(kernel.columns),
        rows: from_env("LINES").unwrap_or(kernel.rows),
    }
}

/// Puts a terminal in raw mode (no line buffering, no echo, no signals
/// from Ctrl-C) until dropped, when the previous settings come back.
///
/// Output processing is left on so `\n` still returns the carriage.
pub struct RawMode<F: AsFd> {
    fd: F,
    saved: rustix::termios::Termios,
}

impl<F: AsFd> RawMode<F> {
    /// Switches `fd` to raw mode; fails when `fd` is not a terminal.
    pub fn enter(fd: F) -> std::io::Result<RawMode<F>> {
        use rustix::termios::{tcsetattr, LocalModes, OptionalActions, SpecialCodeIndex};
        let saved = rustix::termios::tcgetattr(&fd)?;
        let mut raw = saved.clone();
        raw.local_modes
            .remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG);
        raw.special_codes[SpecialCodeIndex::VMIN] = 1;
        raw.special_codes[SpecialCodeIndex::VTIME] = 0;
        tcsetattr(&fd, OptionalActions::Now, &raw)?;
        Ok(RawMode { fd, saved })
    }

    /// The terminal, to read keys from.
    pub fn fd(&self) -> &F {
        &self.fd
    }
}

impl<F: AsFd> Drop for RawMode<F> {
    fn drop(&mut self) {
        // Nothing useful can be done if the terminal went away meanwhile.
        let _ = rustix::termios::tcsetattr(
            &self.fd,
            rustix::termios::OptionalActions::Now,
            &self.saved,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_and_defaults() {
        // /dev/null is never a terminal, so the kernel answer is the fallback.
        let null = std::fs::File::open("/dev/null").expect("/dev/null exists on Unix");
        assert_eq!(size_of(&null, |_| None), TerminalSize::default());
        let env = |k: &str| match k {
            "COLUMNS" => Some("132".to_owned()),
            "LINES" => Some("0".to_owned()),
            _ => None,
        };
        assert_eq!(
            size_of(&null, env),
            TerminalSize {
                columns: 132,
                rows: 24
            }
        );
        assert!(window_size(&null).is_none());
        assert!(RawMode::enter(&null).is_err());
    }
}
