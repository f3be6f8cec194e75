//! JMESPath (<https://jmespath.org/specification.html>) evaluated over
//! [`awscli_model::Value`], as the AWS CLI uses it for `--query`, paginator
//! result keys and waiter acceptors.
//!
//! The behaviour is that of jmespath.py 1.0.1, the library the AWS CLI v2
//! ships, including its error messages: a bad `--query` is reported by the
//! CLI as `Bad value for --query <expr>: <message>` where `<message>` is
//! exactly [`JmespathError::Syntax`]'s text.
//!
//! Two value kinds have no Python counterpart by the time the CLI runs a
//! query: a [`Value::Timestamp`] is treated as its ISO 8601 text and a
//! [`Value::Blob`] as its base64 text (what the output would print), for
//! functions, comparisons and truthiness; selecting one returns it unchanged.
//!
//! ```
//! use awscli_model::Value;
//! let data = Value::List(vec![Value::Integer(3), Value::Integer(1)]);
//! let sorted = awscli_jmespath::search("sort(@)", &data).unwrap();
//! assert_eq!(sorted, Value::List(vec![Value::Integer(1), Value::Integer(3)]));
//! ```
use awscli_model::Value;
use thiserror::Error;

mod functions;
mod interpreter;
mod lexer;
mod parser;
pub mod python;

/// A JMESPath error. Syntax errors come from [`compile`]; everything else
/// from [`Expression::search`] (jmespath.py also checks function names and
/// arity only at evaluation time). Each message is jmespath.py's `str(e)`.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum JmespathError {
    /// Lexer or parser error (jmespath.py `LexerError`, `ParseError`,
    /// `IncompleteExpressionError`, `EmptyExpressionError`).
    #[error("{0}")]
    Syntax(String),
    /// A Python-level failure jmespath.py does not wrap (for example
    /// comparing a number with a string in `max_by`).
    #[error("{0}")]
    Runtime(String),
    /// `JMESPathTypeError`: a function argument of the wrong type.
    #[error("{0}")]
    InvalidType(String),
    /// `ArityError`/`VariadictArityError`: wrong number of arguments.
    #[error("{0}")]
    InvalidArity(String),
    /// `UnknownFunctionError`.
    #[error("{0}")]
    UnknownFunction(String),
    /// A value Python rejects, such as a zero slice step.
    #[error("{0}")]
    InvalidValue(String),
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub struct Expression {
    text: String,
    ast: parser::Node,
}

impl Expression {
    /// The expression's source text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Evaluates the expression against `value`.
    pub fn search(&self, value: &Value) -> Result<Value, JmespathError> {
        interpreter::eval(&self.ast, value).map(|v| v.into_owned())
    }
}

/// Compiles `text`; only syntax errors are reported here.
pub fn compile(text: &str) -> Result<Expression, JmespathError> {
    Ok(Expression {
        text: text.to_owned(),
        ast: parser::parse(text)?,
    })
}

/// Compiles and evaluates in one step.
pub fn search(text: &str, value: &Value) -> Result<Value, JmespathError> {
    compile(text)?.search(value)
}

/// jmespath.py's truthiness (`_is_true`): everything except `""`, `[]`,
/// `{}`, null and false. Waiter acceptors and paginator
/// `more_results` checks use it.
pub fn is_truthy(value: &Value) -> bool {
    !interpreter::is_false(value)
}
