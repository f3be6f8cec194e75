//! Shell completion: the `aws_completer` protocol that bash, zsh and fish
//! call. The line being typed comes in `COMP_LINE` (tcsh: `COMMAND_LINE`)
//! and the cursor position, in characters, in `COMP_POINT` (the end of the
//! line when unset); the candidates go to stdout, one a line, with no
//! trailing space (the shell adds its own), and a lone empty line when
//! there is none. The exit code is always 0.
//!
//! Spec: the AWS CLI v2's `bin/aws_completer` and `awscli/autocomplete/`
//! (`main.py`, `parser.py`, `local/basic.py`); its `v1` predecessor was
//! `awscli/completer.py`. The same binary answers as `aws_completer` when
//! invoked under that name (a link or a copy), as `main.rs` routes it.
//!
//! Setting it up, as the AWS CLI documents it:
//! - bash: `complete -C aws_completer aws`
//! - zsh: `autoload bashcompinit && bashcompinit && autoload -Uz compinit
//!   && compinit`, then `complete -C aws_completer aws` (the same protocol).
//! - fish: `complete -c aws -f -a '(env COMP_LINE=(commandline -pc)
//!   aws_completer)'` — `commandline -pc` is the command up to the cursor,
//!   and with `COMP_POINT` unset the whole of it counts; fish then keeps
//!   the candidates that start with the token under the cursor, which are
//!   the ones printed.
//!
//! The pieces: [`index`] (what can be typed where, from the models and the
//! command tables), [`parser`] (the incomplete line), [`complete`] (the
//! candidates).
use std::io::Write;

use crate::driver::Env;

mod complete;
mod index;
mod parser;

/// The candidates for `line` with the cursor at character `cursor` (the
/// end when `None`), in the order they are printed.
pub fn candidates(line: &str, cursor: Option<usize>, env: &Env) -> Vec<String> {
    let index = index::CommandIndex::new();
    let mut parsed = parser::parse(&index, line, cursor);
    complete::complete(&index, &mut parsed, env)
}

/// Prints the completions for the command line in `COMP_LINE`; the exit
/// code is always 0, as the reference's completer never fails the shell.
pub fn run(env: &Env, stdout: &mut dyn Write) -> u8 {
    let line = env
        .get("COMP_LINE")
        .filter(|l| !l.is_empty())
        .or_else(|| env.get("COMMAND_LINE"))
        .cloned()
        .unwrap_or_default();
    let cursor = env
        .get("COMP_POINT")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or_else(|| line.chars().count());
    let names = candidates(&line, Some(cursor), env);
    // A shell that stopped reading has no use for an error.
    let _ = writeln!(stdout, "{}", names.join("\n"));
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(line: &str, point: Option<&str>) -> String {
        let mut env = Env::new();
        env.insert("COMP_LINE".to_owned(), line.to_owned());
        if let Some(p) = point {
            env.insert("COMP_POINT".to_owned(), p.to_owned());
        }
        let mut out = Vec::new();
        assert_eq!(run(&env, &mut out), 0);
        String::from_utf8(out).expect("the candidates are UTF-8")
    }

    #[test]
    fn one_candidate_a_line_and_an_empty_line_for_none() {
        assert_eq!(
            output("aws sts get-caller-id", None),
            "get-caller-identity\n"
        );
        assert_eq!(output("aws nope ", None), "\n");
        assert_eq!(output("", None), "\n");
    }

    #[test]
    fn the_cursor_cuts_the_line() {
        assert_eq!(
            output("aws sts get-caller-id --region x", Some("21")),
            "get-caller-identity\n"
        );
    }
}
