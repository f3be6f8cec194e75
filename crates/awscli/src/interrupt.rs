//! Ctrl-C (SIGINT) and SIGTERM for the whole process.
//!
//! The reference turns a `KeyboardInterrupt` anywhere into a newline on
//! stdout and exit status 130 (`InterruptExceptionHandler` in
//! `awscli/errorhandler.py`). We install that behaviour once, at start-up,
//! from a signal-watching thread. Installing it also matters in a
//! container: there `aws` is PID 1, and the kernel drops signals to PID 1
//! that have no handler, so without one Ctrl-C and `docker stop` would be
//! ignored.
//!
//! Commands that react to Ctrl-C themselves (s3 transfers abort their
//! multipart uploads, `logs tail --follow` ends quietly, the Session
//! Manager plugin receives the keys) hold a [`TakeOver`] guard while they
//! run; the default action is skipped for as long as one is alive.
use std::io::Write;
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// How many [`TakeOver`] guards are alive.
static TAKEN_OVER: AtomicUsize = AtomicUsize::new(0);

/// Exit status after Ctrl-C: 128 + SIGINT, as the reference.
pub const INTERRUPTED: u8 = 130;

/// Starts the thread that applies the default action.
///
/// The thread ends the process itself: the main thread may be blocked in
/// a read or a request, and the reference stops it wherever it is. Failing to install
/// it (no threads, no signal pipe) leaves the system's default action,
/// which also ends the process.
#[allow(clippy::exit)]
pub fn install() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if TAKEN_OVER.load(Ordering::SeqCst) > 0 {
                    continue;
                }
                if signal == SIGINT {
                    newline_on_stdout();
                    std::process::exit(i32::from(INTERRUPTED));
                }
                std::process::exit(128 + SIGTERM);
            }
        });
}

/// Writes the reference's newline without taking the stdout lock, which
/// the main thread may hold for the whole command.
fn newline_on_stdout() {
    if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
        let _ = std::fs::File::from(fd).write_all(b"\n");
    }
}

/// While alive, Ctrl-C and SIGTERM are the holder's to handle.
#[must_use = "the default action returns when the guard is dropped"]
pub struct TakeOver(());

/// Takes Ctrl-C and SIGTERM over from the default action.
pub fn take_over() -> TakeOver {
    TAKEN_OVER.fetch_add(1, Ordering::SeqCst);
    TakeOver(())
}

impl Drop for TakeOver {
    fn drop(&mut self) {
        TAKEN_OVER.fetch_sub(1, Ordering::SeqCst);
    }
}
