//! The JMESPath tokenizer, a port of `jmespath/lexer.py` (jmespath 1.0.1).
//!
//! Positions are counted in characters, not bytes, because the error
//! messages put a caret under the offending column exactly as Python does.
use crate::python;
use crate::JmespathError;
use awscli_model::Value;

/// The kind of a token; the names are jmespath.py's token types, which show
/// up upper-cased in parse error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenType {
    Dot,
    Star,
    Rbracket,
    Comma,
    Colon,
    Current,
    Lparen,
    Rparen,
    Lbrace,
    Rbrace,
    UnquotedIdentifier,
    QuotedIdentifier,
    Flatten,
    Filter,
    Lbracket,
    Literal,
    Or,
    Pipe,
    And,
    Expref,
    Number,
    Lte,
    Lt,
    Gte,
    Gt,
    Ne,
    Not,
    Eq,
    Eof,
}

impl TokenType {
    /// The jmespath.py name of the token type.
    pub(crate) fn name(self) -> &'static str {
        match self {
            TokenType::Dot => "dot",
            TokenType::Star => "star",
            TokenType::Rbracket => "rbracket",
            TokenType::Comma => "comma",
            TokenType::Colon => "colon",
            TokenType::Current => "current",
            TokenType::Lparen => "lparen",
            TokenType::Rparen => "rparen",
            TokenType::Lbrace => "lbrace",
            TokenType::Rbrace => "rbrace",
            TokenType::UnquotedIdentifier => "unquoted_identifier",
            TokenType::QuotedIdentifier => "quoted_identifier",
            TokenType::Flatten => "flatten",
            TokenType::Filter => "filter",
            TokenType::Lbracket => "lbracket",
            TokenType::Literal => "literal",
            TokenType::Or => "or",
            TokenType::Pipe => "pipe",
            TokenType::And => "and",
            TokenType::Expref => "expref",
            TokenType::Number => "number",
            TokenType::Lte => "lte",
            TokenType::Lt => "lt",
            TokenType::Gte => "gte",
            TokenType::Gt => "gt",
            TokenType::Ne => "ne",
            TokenType::Not => "not",
            TokenType::Eq => "eq",
            TokenType::Eof => "eof",
        }
    }
}

/// What a token carries besides its type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenValue {
    /// Punctuation and operators: their text.
    Text(String),
    /// Identifiers (quoted ones decoded).
    Identifier(String),
    Number(i64),
    Literal(Value),
}

impl TokenValue {
    /// The value as Python's `str()` prints it in a parse error.
    pub(crate) fn display(&self) -> String {
        match self {
            TokenValue::Text(s) | TokenValue::Identifier(s) => s.clone(),
            TokenValue::Number(n) => n.to_string(),
            TokenValue::Literal(v) => python::str_of(v),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenType,
    pub value: TokenValue,
    /// Character offset of the token's first character.
    pub start: usize,
}

fn is_start_identifier(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_identifier(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    expression: &'a str,
    chars: Vec<char>,
    position: usize,
    current: Option<char>,
}

/// Builds a lexer error carrying the whole expression.
fn lexer_error(expression: &str, position: usize, message: String) -> JmespathError {
    JmespathError::Syntax(format!(
        "Bad jmespath expression: {message}:\n{expression}\n{}^",
        " ".repeat(position)
    ))
}

/// Splits `expression` into tokens, ending with an `eof` token.
pub(crate) fn tokenize(expression: &str) -> Result<Vec<Token>, JmespathError> {
    if expression.is_empty() {
        return Err(JmespathError::Syntax(
            "Invalid JMESPath expression: cannot be empty.".to_owned(),
        ));
    }
    let chars: Vec<char> = expression.chars().collect();
    let current = chars.first().copied();
    let mut lexer = Lexer {
        expression,
        chars,
        position: 0,
        current,
    };
    lexer.run()
}

impl Lexer<'_> {
    /// Advances one character. Like jmespath.py, the position stays on the
    /// last character when the end is reached.
    fn next(&mut self) -> Option<char> {
        if self.position + 1 >= self.chars.len() {
            self.current = None;
        } else {
            self.position += 1;
            self.current = Some(self.chars[self.position]);
        }
        self.current
    }

    fn simple(&mut self, kind: TokenType, c: char) -> Token {
        let token = Token {
            kind,
            value: TokenValue::Text(c.to_string()),
            start: self.position,
        };
        self.next();
        token
    }

    fn run(&mut self) -> Result<Vec<Token>, JmespathError> {
        let mut tokens = Vec::new();
        while let Some(c) = self.current {
            let simple = match c {
                '.' => Some(TokenType::Dot),
                '*' => Some(TokenType::Star),
                ']' => Some(TokenType::Rbracket),
                ',' => Some(TokenType::Comma),
                ':' => Some(TokenType::Colon),
                '@' => Some(TokenType::Current),
                '(' => Some(TokenType::Lparen),
                ')' => Some(TokenType::Rparen),
                '{' => Some(TokenType::Lbrace),
                '}' => Some(TokenType::Rbrace),
                _ => None,
            };
            if let Some(kind) = simple {
                tokens.push(self.simple(kind, c));
                continue;
            }
            match c {
                c if is_start_identifier(c) => {
                    let start = self.position;
                    let mut buff = String::from(c);
                    while let Some(n) = self.next() {
                        if !is_identifier(n) {
                            break;
                        }
                        buff.push(n);
                    }
                    tokens.push(Token {
                        kind: TokenType::UnquotedIdentifier,
                        value: TokenValue::Identifier(buff),
                        start,
                    });
                }
                ' ' | '\t' | '\n' | '\r' => {
                    self.next();
                }
                '[' => {
                    let start = self.position;
                    let (kind, text) = match self.next() {
                        Some(']') => {
                            self.next();
                            (TokenType::Flatten, "[]")
                        }
                        Some('?') => {
                            self.next();
                            (TokenType::Filter, "[?")
                        }
                        _ => (TokenType::Lbracket, "["),
                    };
                    tokens.push(Token {
                        kind,
                        value: TokenValue::Text(text.to_owned()),
                        start,
                    });
                }
                '\'' => tokens.push(self.raw_string_literal()?),
                '|' => tokens.push(self.match_or_else('|', TokenType::Or, TokenType::Pipe)),
                '&' => tokens.push(self.match_or_else('&', TokenType::And, TokenType::Expref)),
                '`' => tokens.push(self.literal()?),
                '0'..='9' => {
                    let start = self.position;
                    let buff = self.consume_number();
                    tokens.push(Token {
                        kind: TokenType::Number,
                        value: TokenValue::Number(parse_int(&buff)),
                        start,
                    });
                }
                '-' => {
                    let start = self.position;
                    let buff = self.consume_number();
                    if buff.chars().count() > 1 {
                        tokens.push(Token {
                            kind: TokenType::Number,
                            value: TokenValue::Number(parse_int(&buff)),
                            start,
                        });
                    } else {
                        return Err(lexer_error(
                            self.expression,
                            start,
                            format!("Unknown token '{buff}'"),
                        ));
                    }
                }
                '"' => tokens.push(self.quoted_identifier()?),
                '<' => tokens.push(self.match_or_else('=', TokenType::Lte, TokenType::Lt)),
                '>' => tokens.push(self.match_or_else('=', TokenType::Gte, TokenType::Gt)),
                '!' => tokens.push(self.match_or_else('=', TokenType::Ne, TokenType::Not)),
                '=' => {
                    if self.next() == Some('=') {
                        tokens.push(Token {
                            kind: TokenType::Eq,
                            value: TokenValue::Text("==".to_owned()),
                            start: self.position - 1,
                        });
                        self.next();
                    } else {
                        // At the end the position never advanced, so there
                        // is nothing to rewind.
                        let position = if self.current.is_none() {
                            self.position
                        } else {
                            self.position - 1
                        };
                        return Err(lexer_error(
                            self.expression,
                            position,
                            "Unknown token '='".to_owned(),
                        ));
                    }
                }
                other => {
                    return Err(lexer_error(
                        self.expression,
                        self.position,
                        format!("Unknown token {other}"),
                    ));
                }
            }
        }
        tokens.push(Token {
            kind: TokenType::Eof,
            value: TokenValue::Text(String::new()),
            start: self.chars.len(),
        });
        Ok(tokens)
    }

    fn consume_number(&mut self) -> String {
        let mut buff = String::new();
        if let Some(c) = self.current {
            buff.push(c);
        }
        while let Some(n) = self.next() {
            if !n.is_ascii_digit() {
                break;
            }
            buff.push(n);
        }
        buff
    }

    /// Consumes up to the closing `delimiter`, keeping backslash escapes
    /// (backslash and the escaped character) in the returned text.
    fn consume_until(&mut self, delimiter: char) -> Result<String, JmespathError> {
        let start = self.position;
        let mut buff = String::new();
        self.next();
        while self.current != Some(delimiter) {
            if self.current == Some('\\') {
                buff.push('\\');
                self.next();
            }
            match self.current {
                None => {
                    return Err(lexer_error(
                        self.expression,
                        start,
                        format!("Unclosed {delimiter} delimiter"),
                    ));
                }
                Some(c) => buff.push(c),
            }
            self.next();
        }
        self.next();
        Ok(buff)
    }

    fn literal(&mut self) -> Result<Token, JmespathError> {
        let start = self.position;
        let lexeme = self.consume_until('`')?.replace("\\`", "`");
        let value = match parse_json(&lexeme) {
            Some(v) => v,
            // JEP-12: a literal that is not valid JSON is read as a JSON
            // string (deprecated, but jmespath.py still accepts it).
            None => match parse_json(&format!("\"{}\"", lexeme.trim_start())) {
                Some(v) => v,
                None => {
                    return Err(lexer_error(
                        self.expression,
                        start,
                        format!("Bad token {lexeme}"),
                    ))
                }
            },
        };
        Ok(Token {
            kind: TokenType::Literal,
            value: TokenValue::Literal(value),
            start,
        })
    }

    fn quoted_identifier(&mut self) -> Result<Token, JmespathError> {
        let start = self.position;
        let lexeme = self.consume_until('"')?;
        match decode_json_string(&lexeme) {
            Ok(s) => Ok(Token {
                kind: TokenType::QuotedIdentifier,
                value: TokenValue::Identifier(s),
                start,
            }),
            Err(message) => Err(lexer_error(self.expression, start, message.to_owned())),
        }
    }

    fn raw_string_literal(&mut self) -> Result<Token, JmespathError> {
        let start = self.position;
        let lexeme = self.consume_until('\'')?.replace("\\'", "'");
        Ok(Token {
            kind: TokenType::Literal,
            value: TokenValue::Literal(Value::String(lexeme)),
            start,
        })
    }

    fn match_or_else(&mut self, expected: char, matched: TokenType, other: TokenType) -> Token {
        let start = self.position;
        let current = self.current.unwrap_or_default();
        let next = self.next();
        if next == Some(expected) {
            self.next();
            return Token {
                kind: matched,
                value: TokenValue::Text(format!("{current}{expected}")),
                start,
            };
        }
        Token {
            kind: other,
            value: TokenValue::Text(current.to_string()),
            start,
        }
    }
}

/// Python's `int()` on a run of digits; values beyond i64 saturate (they are
/// meaningless as indices anyway).
fn parse_int(text: &str) -> i64 {
    text.parse::<i64>().unwrap_or(if text.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// `json.loads` of a literal, `None` when it is not valid JSON.
pub(crate) fn parse_json(text: &str) -> Option<Value> {
    let parsed: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(python::from_json(parsed))
}

/// Decodes the body of a JSON string (without its quotes), returning
/// Python's `json` error message (the part before the first `:`) on failure.
fn decode_json_string(body: &str) -> Result<String, &'static str> {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let first = read_hex4(&mut chars).ok_or("Invalid \\uXXXX escape")?;
                    let code = if (0xd800..0xdc00).contains(&first) {
                        // A high surrogate pairs with a following \uXXXX low one.
                        let mut look = chars.clone();
                        if look.next() == Some('\\') && look.next() == Some('u') {
                            match read_hex4(&mut look) {
                                Some(low) if (0xdc00..0xe000).contains(&low) => {
                                    chars = look;
                                    0x10000 + ((first - 0xd800) << 10) + (low - 0xdc00)
                                }
                                Some(_) => first,
                                None => return Err("Invalid \\uXXXX escape"),
                            }
                        } else {
                            first
                        }
                    } else {
                        first
                    };
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                _ => return Err("Invalid \\escape"),
            },
            c if (c as u32) < 0x20 => return Err("Invalid control character at"),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn read_hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut code = 0;
    for _ in 0..4 {
        code = code * 16 + chars.next()?.to_digit(16)?;
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenType> {
        tokenize(text)
            .expect("test expressions are valid")
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn tokenize_filter_and_comparator() {
        use TokenType::*;
        assert_eq!(
            kinds("a[?b>=`1`]"),
            vec![
                UnquotedIdentifier,
                Filter,
                UnquotedIdentifier,
                Gte,
                Literal,
                Rbracket,
                Eof
            ]
        );
    }

    #[test]
    fn tokenize_lone_equals_reports_its_column() {
        let err = tokenize("a.=b").expect_err("lone = is invalid");
        assert_eq!(
            err.to_string(),
            "Bad jmespath expression: Unknown token '=':\na.=b\n  ^"
        );
    }

    #[test]
    fn tokenize_unclosed_quote() {
        let err = tokenize("\"abc").expect_err("unclosed");
        assert_eq!(
            err.to_string(),
            "Bad jmespath expression: Unclosed \" delimiter:\n\"abc\n^"
        );
    }
}
