//! The JMESPath parser: a port of jmespath.py's top-down operator precedence
//! (Pratt) parser (`jmespath/parser.py`), kept structurally identical so that
//! the same expressions fail with the same messages and caret positions.
use crate::lexer::{tokenize, Token, TokenType, TokenValue};
use crate::JmespathError;
use awscli_model::Value;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparator {
    Eq,
    Ne,
    Lt,
    Gt,
    Lte,
    Gte,
}

/// The syntax tree, one variant per jmespath.py AST node type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Field(String),
    Subexpression(Vec<Node>),
    IndexExpression(Vec<Node>),
    Index(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Projection(Box<Node>, Box<Node>),
    ValueProjection(Box<Node>, Box<Node>),
    /// left, right, condition
    FilterProjection(Box<Node>, Box<Node>, Box<Node>),
    Flatten(Box<Node>),
    Identity,
    Current,
    Literal(Value),
    MultiSelectList(Vec<Node>),
    MultiSelectHash(Vec<(String, Node)>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Pipe(Box<Node>, Box<Node>),
    Comparator(Comparator, Box<Node>, Box<Node>),
    Function(String, Vec<Node>),
    Expref(Box<Node>),
}

/// Binding powers from jmespath.py; everything below `PROJECTION_STOP`
/// ends a projection.
fn binding_power(kind: TokenType) -> u8 {
    use TokenType::*;
    match kind {
        Eof | UnquotedIdentifier | QuotedIdentifier | Literal | Rbracket | Rparen | Comma
        | Rbrace | Number | Current | Expref | Colon => 0,
        Pipe => 1,
        Or => 2,
        And => 3,
        Eq | Gt | Lt | Gte | Lte | Ne => 5,
        Flatten => 9,
        Star => 20,
        Filter => 21,
        Dot => 40,
        Not => 45,
        Lbrace => 50,
        Lbracket => 55,
        Lparen => 60,
    }
}

const PROJECTION_STOP: u8 = 10;

/// Parses `expression` into a syntax tree.
pub(crate) fn parse(expression: &str) -> Result<Node, JmespathError> {
    let tokens = tokenize(expression)?;
    let mut parser = Parser {
        tokens,
        index: 0,
        expression,
    };
    let parsed = parser.expression(0)?;
    if parser.current() != TokenType::Eof {
        let t = parser.token(0).clone();
        let message = format!("Unexpected token: {}", t.value.display());
        return Err(parser.parse_error(&t, &message));
    }
    Ok(parsed)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    index: usize,
    expression: &'a str,
}

type ParseResult = Result<Node, JmespathError>;

impl Parser<'_> {
    fn token(&self, offset: isize) -> &Token {
        // Reading past the end only happens after eof; stay on it.
        let i = (self.index as isize + offset).clamp(0, self.tokens.len() as isize - 1);
        &self.tokens[i as usize]
    }

    fn current(&self) -> TokenType {
        self.token(0).kind
    }

    fn lookahead(&self, n: isize) -> TokenType {
        self.token(n).kind
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    fn parse_error(&self, token: &Token, message: &str) -> JmespathError {
        self.error_at(
            token.start,
            &token.value.display(),
            token.kind.name(),
            message,
        )
    }

    fn error_at(&self, position: usize, value: &str, kind: &str, message: &str) -> JmespathError {
        JmespathError::Syntax(format!(
            "{message}: Parse error at column {position}, token \"{value}\" ({}), for expression:\n\"{}\"\n{}^",
            kind.to_uppercase(),
            self.expression,
            " ".repeat(position + 1)
        ))
    }

    fn incomplete(&self) -> JmespathError {
        let position = self.expression.chars().count();
        JmespathError::Syntax(format!(
            "Invalid jmespath expression: Incomplete expression:\n\"{}\"\n{}^",
            self.expression,
            " ".repeat(position + 1)
        ))
    }

    fn expression(&mut self, bp: u8) -> ParseResult {
        let left_token = self.token(0).clone();
        self.advance();
        let mut left = self.nud(&left_token)?;
        let mut current = self.current();
        while bp < binding_power(current) {
            left = self.led(current, left)?;
            current = self.current();
        }
        Ok(left)
    }

    fn nud(&mut self, token: &Token) -> ParseResult {
        match token.kind {
            TokenType::Literal => match &token.value {
                TokenValue::Literal(v) => Ok(Node::Literal(v.clone())),
                _ => Ok(Node::Literal(Value::Null)),
            },
            TokenType::UnquotedIdentifier => Ok(Node::Field(token.value.display())),
            TokenType::QuotedIdentifier => {
                if self.current() == TokenType::Lparen {
                    let t = self.token(0).clone();
                    return Err(self.error_at(
                        0,
                        &t.value.display(),
                        t.kind.name(),
                        "Quoted identifier not allowed for function names.",
                    ));
                }
                Ok(Node::Field(token.value.display()))
            }
            TokenType::Star => {
                let right = if self.current() == TokenType::Rbracket {
                    Node::Identity
                } else {
                    self.projection_rhs(binding_power(TokenType::Star))?
                };
                Ok(Node::ValueProjection(
                    Box::new(Node::Identity),
                    Box::new(right),
                ))
            }
            TokenType::Filter => self.led_filter(Node::Identity),
            TokenType::Lbrace => self.multi_select_hash(),
            TokenType::Lparen => {
                let expression = self.expression(0)?;
                self.expect(TokenType::Rparen)?;
                Ok(expression)
            }
            TokenType::Flatten => {
                let left = Node::Flatten(Box::new(Node::Identity));
                let right = self.projection_rhs(binding_power(TokenType::Flatten))?;
                Ok(Node::Projection(Box::new(left), Box::new(right)))
            }
            TokenType::Not => {
                let expression = self.expression(binding_power(TokenType::Not))?;
                Ok(Node::Not(Box::new(expression)))
            }
            TokenType::Lbracket => {
                if matches!(self.current(), TokenType::Number | TokenType::Colon) {
                    let right = self.index_expression()?;
                    self.project_if_slice(Node::Identity, right)
                } else if self.current() == TokenType::Star
                    && self.lookahead(1) == TokenType::Rbracket
                {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(binding_power(TokenType::Star))?;
                    Ok(Node::Projection(Box::new(Node::Identity), Box::new(right)))
                } else {
                    self.multi_select_list()
                }
            }
            TokenType::Current => Ok(Node::Current),
            TokenType::Expref => {
                let expression = self.expression(binding_power(TokenType::Expref))?;
                Ok(Node::Expref(Box::new(expression)))
            }
            TokenType::Eof => Err(self.incomplete()),
            _ => Err(self.parse_error(token, "invalid token")),
        }
    }

    fn led(&mut self, kind: TokenType, left: Node) -> ParseResult {
        let comparator = match kind {
            TokenType::Eq => Some(Comparator::Eq),
            TokenType::Ne => Some(Comparator::Ne),
            TokenType::Gt => Some(Comparator::Gt),
            TokenType::Gte => Some(Comparator::Gte),
            TokenType::Lt => Some(Comparator::Lt),
            TokenType::Lte => Some(Comparator::Lte),
            _ => None,
        };
        if let Some(comparator) = comparator {
            self.advance();
            let right = self.expression(binding_power(kind))?;
            return Ok(Node::Comparator(
                comparator,
                Box::new(left),
                Box::new(right),
            ));
        }
        match kind {
            TokenType::Dot => {
                self.advance();
                if self.current() != TokenType::Star {
                    let right = self.dot_rhs(binding_power(TokenType::Dot))?;
                    match left {
                        Node::Subexpression(mut children) => {
                            children.push(right);
                            Ok(Node::Subexpression(children))
                        }
                        left => Ok(Node::Subexpression(vec![left, right])),
                    }
                } else {
                    self.advance();
                    let right = self.projection_rhs(binding_power(TokenType::Dot))?;
                    Ok(Node::ValueProjection(Box::new(left), Box::new(right)))
                }
            }
            TokenType::Pipe => {
                self.advance();
                let right = self.expression(binding_power(TokenType::Pipe))?;
                Ok(Node::Pipe(Box::new(left), Box::new(right)))
            }
            TokenType::Or => {
                self.advance();
                let right = self.expression(binding_power(TokenType::Or))?;
                Ok(Node::Or(Box::new(left), Box::new(right)))
            }
            TokenType::And => {
                self.advance();
                let right = self.expression(binding_power(TokenType::And))?;
                Ok(Node::And(Box::new(left), Box::new(right)))
            }
            TokenType::Lparen => {
                self.advance();
                let name = match left {
                    Node::Field(name) => name,
                    _ => {
                        // The token before '(' is the invalid function name.
                        let t = self.token(-2).clone();
                        let message = format!("Invalid function name '{}'", t.value.display());
                        return Err(self.parse_error(&t, &message));
                    }
                };
                let mut args = Vec::new();
                while self.current() != TokenType::Rparen {
                    let expression = self.expression(0)?;
                    if self.current() == TokenType::Comma {
                        self.expect(TokenType::Comma)?;
                    }
                    args.push(expression);
                }
                self.expect(TokenType::Rparen)?;
                Ok(Node::Function(name, args))
            }
            TokenType::Filter => {
                self.advance();
                self.led_filter(left)
            }
            TokenType::Flatten => {
                self.advance();
                let left = Node::Flatten(Box::new(left));
                let right = self.projection_rhs(binding_power(TokenType::Flatten))?;
                Ok(Node::Projection(Box::new(left), Box::new(right)))
            }
            TokenType::Lbracket => {
                self.advance();
                if matches!(self.current(), TokenType::Number | TokenType::Colon) {
                    let right = self.index_expression()?;
                    match left {
                        // jmespath.py appends to an existing index expression
                        // instead of nesting (so a slice there does not project).
                        Node::IndexExpression(mut children) => {
                            children.push(right);
                            Ok(Node::IndexExpression(children))
                        }
                        left => self.project_if_slice(left, right),
                    }
                } else {
                    self.expect(TokenType::Star)?;
                    self.expect(TokenType::Rbracket)?;
                    let right = self.projection_rhs(binding_power(TokenType::Star))?;
                    Ok(Node::Projection(Box::new(left), Box::new(right)))
                }
            }
            _ => {
                let t = self.token(0).clone();
                Err(self.parse_error(&t, "invalid token"))
            }
        }
    }

    fn led_filter(&mut self, left: Node) -> ParseResult {
        let condition = self.expression(0)?;
        self.expect(TokenType::Rbracket)?;
        let right = if self.current() == TokenType::Flatten {
            Node::Identity
        } else {
            self.projection_rhs(binding_power(TokenType::Filter))?
        };
        Ok(Node::FilterProjection(
            Box::new(left),
            Box::new(right),
            Box::new(condition),
        ))
    }

    fn index_expression(&mut self) -> ParseResult {
        if self.lookahead(0) == TokenType::Colon || self.lookahead(1) == TokenType::Colon {
            return self.slice_expression();
        }
        let value = match self.token(0).value {
            TokenValue::Number(n) => n,
            _ => 0,
        };
        self.advance();
        self.expect(TokenType::Rbracket)?;
        Ok(Node::Index(value))
    }

    fn slice_expression(&mut self) -> ParseResult {
        let mut parts = [None, None, None];
        let mut index = 0;
        let mut current = self.current();
        while current != TokenType::Rbracket && index < 3 {
            match current {
                TokenType::Colon => {
                    index += 1;
                    if index == 3 {
                        let t = self.token(0).clone();
                        return Err(self.parse_error(&t, "syntax error"));
                    }
                    self.advance();
                }
                TokenType::Number => {
                    if let TokenValue::Number(n) = self.token(0).value {
                        parts[index] = Some(n);
                    }
                    self.advance();
                }
                _ => {
                    let t = self.token(0).clone();
                    return Err(self.parse_error(&t, "syntax error"));
                }
            }
            current = self.current();
        }
        self.expect(TokenType::Rbracket)?;
        Ok(Node::Slice(parts[0], parts[1], parts[2]))
    }

    fn project_if_slice(&mut self, left: Node, right: Node) -> ParseResult {
        let is_slice = matches!(right, Node::Slice(..));
        let index_expression = Node::IndexExpression(vec![left, right]);
        if is_slice {
            let rhs = self.projection_rhs(binding_power(TokenType::Star))?;
            Ok(Node::Projection(Box::new(index_expression), Box::new(rhs)))
        } else {
            Ok(index_expression)
        }
    }

    fn multi_select_list(&mut self) -> ParseResult {
        let mut expressions = Vec::new();
        loop {
            expressions.push(self.expression(0)?);
            if self.current() == TokenType::Rbracket {
                break;
            }
            self.expect(TokenType::Comma)?;
        }
        self.expect(TokenType::Rbracket)?;
        Ok(Node::MultiSelectList(expressions))
    }

    fn multi_select_hash(&mut self) -> ParseResult {
        let mut pairs = Vec::new();
        loop {
            let key_token = self.token(0).clone();
            if !matches!(
                self.current(),
                TokenType::QuotedIdentifier | TokenType::UnquotedIdentifier
            ) {
                return Err(self
                    .maybe_eof_error("['quoted_identifier', 'unquoted_identifier']", &key_token));
            }
            self.advance();
            self.expect(TokenType::Colon)?;
            let value = self.expression(0)?;
            pairs.push((key_token.value.display(), value));
            if self.current() == TokenType::Comma {
                self.expect(TokenType::Comma)?;
            } else if self.current() == TokenType::Rbrace {
                self.expect(TokenType::Rbrace)?;
                break;
            }
        }
        Ok(Node::MultiSelectHash(pairs))
    }

    fn projection_rhs(&mut self, bp: u8) -> ParseResult {
        let current = self.current();
        if binding_power(current) < PROJECTION_STOP {
            Ok(Node::Identity)
        } else if matches!(current, TokenType::Lbracket | TokenType::Filter) {
            self.expression(bp)
        } else if current == TokenType::Dot {
            self.expect(TokenType::Dot)?;
            self.dot_rhs(bp)
        } else {
            let t = self.token(0).clone();
            Err(self.parse_error(&t, "syntax error"))
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> ParseResult {
        match self.current() {
            TokenType::QuotedIdentifier | TokenType::UnquotedIdentifier | TokenType::Star => {
                self.expression(bp)
            }
            TokenType::Lbracket => {
                self.expect(TokenType::Lbracket)?;
                self.multi_select_list()
            }
            TokenType::Lbrace => {
                self.expect(TokenType::Lbrace)?;
                self.multi_select_hash()
            }
            other => {
                let t = self.token(0).clone();
                let message = format!(
                    "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: {}",
                    other.name()
                );
                Err(self.parse_error(&t, &message))
            }
        }
    }

    fn expect(&mut self, kind: TokenType) -> Result<(), JmespathError> {
        if self.current() == kind {
            self.advance();
            Ok(())
        } else {
            let t = self.token(0).clone();
            Err(self.maybe_eof_error(kind.name(), &t))
        }
    }

    fn maybe_eof_error(&self, expected: &str, token: &Token) -> JmespathError {
        if token.kind == TokenType::Eof {
            return self.incomplete();
        }
        let message = format!("Expecting: {expected}, got: {}", token.kind.name());
        self.parse_error(token, &message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(expression: &str) -> String {
        parse(expression).expect_err("invalid").to_string()
    }

    #[test]
    fn parse_incomplete_bracket_matches_cli() {
        assert_eq!(
            message("Users["),
            "Invalid jmespath expression: Incomplete expression:\n\"Users[\"\n       ^"
        );
    }

    #[test]
    fn parse_unexpected_token_matches_cli() {
        assert_eq!(
            message("foo bar"),
            "Unexpected token: bar: Parse error at column 4, token \"bar\" (UNQUOTED_IDENTIFIER), for expression:\n\"foo bar\"\n     ^"
        );
    }

    #[test]
    fn parse_subexpression_flattens() {
        assert_eq!(
            parse("a.b.c").expect("valid"),
            Node::Subexpression(vec![
                Node::Field("a".into()),
                Node::Field("b".into()),
                Node::Field("c".into())
            ])
        );
    }
}
