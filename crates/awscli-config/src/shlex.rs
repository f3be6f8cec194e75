//! Python's `shlex.split(s)` (POSIX mode, whitespace splitting, no comments), which botocore's
//! `build_profile_map` uses to split section names such as `profile "my profile"`.

/// The input ends inside a quotation or right after a backslash (Python raises `ValueError`;
/// botocore then ignores the section).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShlexError {
    /// `No closing quotation`.
    #[error("No closing quotation")]
    NoClosingQuotation,
    /// `No escaped character`.
    #[error("No escaped character")]
    NoEscapedCharacter,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Whitespace,
    Word,
    Quote(char),
    /// After a backslash; holds the state to return to.
    Escape(Escaped),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Escaped {
    Word,
    DoubleQuote,
}

fn is_shlex_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Splits `input` into words like `shlex.split(input)`.
pub fn split(input: &str) -> Result<Vec<String>, ShlexError> {
    let mut words = Vec::new();
    let mut token = String::new();
    // In POSIX mode an empty quoted string (`''`) is still a word.
    let mut quoted = false;
    let mut state = State::Whitespace;
    for c in input.chars() {
        state = match state {
            State::Whitespace => {
                if is_shlex_whitespace(c) {
                    State::Whitespace
                } else if c == '\\' {
                    State::Escape(Escaped::Word)
                } else if c == '\'' || c == '"' {
                    quoted = true;
                    State::Quote(c)
                } else {
                    token.push(c);
                    State::Word
                }
            }
            State::Word => {
                if is_shlex_whitespace(c) {
                    words.push(std::mem::take(&mut token));
                    quoted = false;
                    State::Whitespace
                } else if c == '\\' {
                    State::Escape(Escaped::Word)
                } else if c == '\'' || c == '"' {
                    quoted = true;
                    State::Quote(c)
                } else {
                    token.push(c);
                    State::Word
                }
            }
            State::Quote(q) => {
                if c == q {
                    State::Word
                } else if q == '"' && c == '\\' {
                    State::Escape(Escaped::DoubleQuote)
                } else {
                    token.push(c);
                    State::Quote(q)
                }
            }
            State::Escape(escaped) => {
                // Inside double quotes a backslash only escapes `"` and `\`; otherwise it stays.
                if escaped == Escaped::DoubleQuote && c != '\\' && c != '"' {
                    token.push('\\');
                }
                token.push(c);
                match escaped {
                    Escaped::Word => State::Word,
                    Escaped::DoubleQuote => State::Quote('"'),
                }
            }
        };
    }
    match state {
        State::Quote(_) => Err(ShlexError::NoClosingQuotation),
        State::Escape(_) => Err(ShlexError::NoEscapedCharacter),
        State::Word => {
            words.push(token);
            Ok(words)
        }
        State::Whitespace => {
            if quoted || !token.is_empty() {
                words.push(token);
            }
            Ok(words)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        split(s).unwrap()
    }

    #[test]
    fn split_matches_python_shlex() {
        assert_eq!(ok("profile foo"), ["profile", "foo"]);
        assert_eq!(ok("  profile   foo  "), ["profile", "foo"]);
        assert_eq!(ok("profile \"a b\""), ["profile", "a b"]);
        assert_eq!(ok("profile 'a \"b'"), ["profile", "a \"b"]);
        assert_eq!(ok(r#"profile "a\"b\c""#), ["profile", r#"a"b\c"#]);
        assert_eq!(ok(r"profile a\ b"), ["profile", "a b"]);
        assert_eq!(ok("profile ''"), ["profile", ""]);
        assert_eq!(ok("profile a'b'c"), ["profile", "abc"]);
        assert_eq!(ok("profile #x"), ["profile", "#x"]);
        assert_eq!(ok(""), Vec::<String>::new());
        assert_eq!(split("profile \"a"), Err(ShlexError::NoClosingQuotation));
        assert_eq!(split("profile a\\"), Err(ShlexError::NoEscapedCharacter));
    }
}
