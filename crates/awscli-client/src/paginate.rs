//! Auto-pagination as the AWS CLI does it: follow the paginator's tokens,
//! truncate at `--max-items` with an opaque `NextToken`, resume from
//! `--starting-token`, map `--page-size` to the limit key, and either hand
//! out pages one at a time (text output) or aggregate them into one result
//! (`build_full_result`).
//!
//! Spec: botocore `paginate.py` (`TokenEncoder`, `TokenDecoder`,
//! `PageIterator`, `Paginator._extract_paging_params`) and
//! `awscli/customizations/paginate.py`.
use awscli_model::{Operation, Paginator, Service, ShapeType, Value};
use base64::Engine;
use indexmap::IndexMap;

use crate::invoke::{CallError, OperationCaller};
use crate::path::{self, PathError};
use crate::python;

/// Pagination failures.
#[derive(Debug, thiserror::Error)]
pub enum PaginateError {
    #[error(transparent)]
    Call(#[from] CallError),
    /// botocore `PaginationError`.
    #[error("Error during pagination: {0}")]
    Pagination(String),
    /// The `ValueError` botocore raises for an unusable `--starting-token`.
    #[error("Bad starting token: {0}")]
    BadStartingToken(String),
    #[error(transparent)]
    Path(#[from] PathError),
}

/// `PaginationConfig`: `--max-items`, `--page-size`, `--starting-token`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaginationConfig {
    pub max_items: Option<i64>,
    pub page_size: Option<i64>,
    pub starting_token: Option<String>,
}

const TRUNCATE_KEY: &str = "boto_truncate_amount";
const ENCODED_KEYS: &str = "boto_encoded_keys";

/// botocore `TokenEncoder`: base64 of Python's `json.dumps` of the token
/// dict; blobs are base64-encoded and their paths listed under
/// `boto_encoded_keys`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokenEncoder;

impl TokenEncoder {
    pub fn encode(&self, token: &IndexMap<String, Value>) -> String {
        let mut paths = Vec::new();
        let mut encoded = token.clone();
        for (key, value) in encoded.iter_mut() {
            collect_blobs(value, &mut vec![Value::String(key.clone())], &mut paths);
        }
        if !paths.is_empty() {
            encoded.insert(ENCODED_KEYS.to_owned(), Value::List(paths));
        }
        let json = python::json_dumps(&Value::Map(encoded));
        base64::engine::general_purpose::STANDARD.encode(json.as_bytes())
    }
}

/// Replaces blobs by base64 strings (done by `json_dumps` already) and
/// records each one's path.
fn collect_blobs(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Value>) {
    match value {
        Value::Blob(_) => out.push(Value::List(path.clone())),
        Value::Map(map) => {
            for (k, v) in map {
                path.push(Value::String(k.clone()));
                collect_blobs(v, path, out);
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Value::Integer(i as i64));
                collect_blobs(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// botocore `TokenDecoder`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokenDecoder;

impl TokenDecoder {
    /// The token dict, or `None` when the text is not a new-style token.
    pub fn decode(&self, token: &str) -> Option<IndexMap<String, Value>> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(token.trim().as_bytes())
            .ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        let Value::Map(mut map) = python::value_from_json(&json) else {
            return None;
        };
        if let Some(Value::List(paths)) = map.shift_remove(ENCODED_KEYS) {
            for p in paths {
                if let Value::List(steps) = p {
                    decode_blob_at(&mut map, &steps);
                }
            }
        }
        Some(map)
    }
}

fn decode_blob_at(map: &mut IndexMap<String, Value>, steps: &[Value]) {
    let Some((Value::String(first), rest)) = steps.split_first() else {
        return;
    };
    let Some(mut current) = map.get_mut(first) else {
        return;
    };
    for step in rest {
        let next = match (current, step) {
            (Value::Map(m), Value::String(k)) => m.get_mut(k),
            (Value::List(l), Value::Integer(i)) => {
                usize::try_from(*i).ok().and_then(|i| l.get_mut(i))
            }
            _ => None,
        };
        let Some(next) = next else { return };
        current = next;
    }
    if let Value::String(s) = current {
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(s.as_bytes()) {
            *current = Value::Blob(bytes);
        }
    }
}

/// Python truthiness of a value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Integer(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Blob(b) => !b.is_empty(),
        Value::Timestamp(_) => true,
        Value::List(l) => !l.is_empty(),
        Value::Map(m) => !m.is_empty(),
    }
}

/// Python `len()` of a result-key value.
fn py_len(value: &Value) -> i64 {
    match value {
        Value::List(l) => l.len() as i64,
        Value::String(s) => s.chars().count() as i64,
        Value::Map(m) => m.len() as i64,
        Value::Blob(b) => b.len() as i64,
        _ => 0,
    }
}

/// A mutable reference to the value at a dotted path, if present.
fn get_path_mut<'v>(
    map: &'v mut IndexMap<String, Value>,
    expression: &str,
) -> Option<&'v mut Value> {
    let mut parts = expression.split('.');
    let mut current = map.get_mut(parts.next()?)?;
    for part in parts {
        current = current.as_map_mut()?.get_mut(part)?;
    }
    Some(current)
}

/// Pages of one paginated operation (botocore `PageIterator`).
pub struct PageIterator<'a> {
    caller: &'a dyn OperationCaller,
    input_token: Vec<String>,
    output_token: Vec<String>,
    more_results: Option<String>,
    result_keys: Vec<String>,
    non_aggregate_keys: Vec<String>,
    max_items: Option<i64>,
    starting_token: Option<String>,
    kwargs: IndexMap<String, Value>,
    next_token: IndexMap<String, Value>,
    previous_next_token: Option<IndexMap<String, Value>>,
    total_items: i64,
    first_request: bool,
    started: bool,
    done: bool,
    pending_error: Option<PaginateError>,
    resume_token: Option<String>,
    non_aggregate_part: IndexMap<String, Value>,
}

impl<'a> PageIterator<'a> {
    /// Paginates `operation` with `input` (the user's parameters, without
    /// the paging ones).
    pub fn new(
        caller: &'a dyn OperationCaller,
        service: &Service,
        operation: &Operation,
        paginator: &Paginator,
        input: &Value,
        config: PaginationConfig,
    ) -> Result<PageIterator<'a>, PaginateError> {
        let mut kwargs = input.as_map().cloned().unwrap_or_default();
        if let Some(size) = config.page_size {
            let Some(limit_key) = paginator.limit_key.as_deref() else {
                return Err(PaginateError::Pagination(
                    "PageSize parameter is not supported for the pagination interface for this operation."
                        .to_owned(),
                ));
            };
            // The limit key's model type decides between "10" and 10.
            let is_string = operation
                .input
                .as_ref()
                .and_then(|m| service.resolve(m).ok())
                .and_then(|shape| shape.members.get(limit_key))
                .and_then(|m| service.resolve(m).ok())
                .is_some_and(|s| s.kind == ShapeType::String);
            let value = if is_string {
                Value::String(size.to_string())
            } else {
                Value::Integer(size)
            };
            kwargs.insert(limit_key.to_owned(), value);
        }
        let input_token = paginator.input_token.to_vec();
        let mut iterator = PageIterator {
            caller,
            next_token: input_token
                .iter()
                .map(|k| (k.clone(), Value::Null))
                .collect(),
            input_token,
            output_token: paginator.output_token.to_vec(),
            more_results: paginator.more_results.clone(),
            result_keys: paginator
                .result_key
                .as_ref()
                .map(|r| r.to_vec())
                .unwrap_or_default(),
            non_aggregate_keys: paginator.non_aggregate_keys.clone(),
            max_items: config.max_items,
            starting_token: config.starting_token,
            kwargs,
            previous_next_token: None,
            total_items: 0,
            first_request: true,
            started: false,
            done: false,
            pending_error: None,
            resume_token: None,
            non_aggregate_part: IndexMap::new(),
        };
        if iterator.starting_token.is_some() {
            let (token, _) = iterator.parse_starting_token()?;
            iterator.next_token = token.clone();
            iterator.inject_token(&token);
        }
        Ok(iterator)
    }

    /// The result-key expressions (`Contents`, `CommonPrefixes` ...).
    pub fn result_keys(&self) -> &[String] {
        &self.result_keys
    }

    /// The `non_aggregate_keys` values of the first page.
    pub fn non_aggregate_part(&self) -> &IndexMap<String, Value> {
        &self.non_aggregate_part
    }

    /// The CLI's `NextToken`, once `--max-items` cut the results short.
    pub fn resume_token(&self) -> Option<&str> {
        self.resume_token.as_deref()
    }

    fn set_resume_token(&mut self, token: &IndexMap<String, Value>) -> Result<(), PaginateError> {
        let mut expected: Vec<&str> = self.input_token.iter().map(String::as_str).collect();
        if token.contains_key(TRUNCATE_KEY) {
            expected.push(TRUNCATE_KEY);
        }
        expected.sort_unstable();
        let mut keys: Vec<&str> = token.keys().map(String::as_str).collect();
        keys.sort_unstable();
        if keys != expected {
            return Err(PaginateError::BadStartingToken(python::repr(&Value::Map(
                token.clone(),
            ))));
        }
        self.resume_token = Some(TokenEncoder.encode(token));
        Ok(())
    }

    /// `_parse_starting_token`: the token dict and the truncation index.
    fn parse_starting_token(&self) -> Result<(IndexMap<String, Value>, i64), PaginateError> {
        let Some(text) = self.starting_token.as_deref() else {
            return Ok((IndexMap::new(), 0));
        };
        if let Some(mut token) = TokenDecoder.decode(text) {
            let index = match token.shift_remove(TRUNCATE_KEY) {
                Some(Value::Integer(i)) => i,
                _ => 0,
            };
            return Ok((token, index));
        }
        // `_parse_starting_token_deprecated`: `tok1___tok2___index`.
        let mut parts: Vec<&str> = text.split("___").collect();
        let mut index = 0;
        if parts.len() == self.input_token.len() + 1 {
            match parts.last().and_then(|p| p.parse::<i64>().ok()) {
                Some(i) => {
                    index = i;
                    parts.pop();
                }
                None => parts = vec![text],
            }
        }
        if parts.len() > self.input_token.len() {
            return Err(PaginateError::BadStartingToken(text.to_owned()));
        }
        let mut token = IndexMap::new();
        for (i, name) in self.input_token.iter().enumerate() {
            let value = match parts.get(i) {
                Some(&"None") | None => Value::Null,
                Some(p) => Value::String((*p).to_owned()),
            };
            token.insert(name.clone(), value);
        }
        Ok((token, index))
    }

    fn inject_token(&mut self, token: &IndexMap<String, Value>) {
        for (name, value) in token {
            let is_none = value.is_null() || value.as_str() == Some("None");
            if is_none {
                self.kwargs.shift_remove(name);
            } else {
                self.kwargs.insert(name.clone(), value.clone());
            }
        }
    }

    fn get_next_token(&self, parsed: &Value) -> Result<IndexMap<String, Value>, PaginateError> {
        if let Some(more) = &self.more_results {
            if !truthy(&path::search(more, parsed)?) {
                return Ok(IndexMap::new());
            }
        }
        let mut tokens = IndexMap::new();
        for (output, input) in self.output_token.iter().zip(&self.input_token) {
            let value = path::search(output, parsed)?;
            tokens.insert(
                input.clone(),
                if truthy(&value) { value } else { Value::Null },
            );
        }
        Ok(tokens)
    }

    /// `_handle_first_request`: drop the items the previous run already
    /// returned, and blank the secondary result keys.
    fn handle_first_request(
        &self,
        parsed: &mut IndexMap<String, Value>,
        starting_truncation: i64,
    ) -> Result<(), PaginateError> {
        let Some(primary) = self.result_keys.first() else {
            return Ok(());
        };
        let whole = Value::Map(parsed.clone());
        let data = match path::search(primary, &whole)? {
            Value::List(items) => Value::List(
                items
                    .into_iter()
                    .skip(starting_truncation.max(0) as usize)
                    .collect(),
            ),
            Value::String(s) => Value::String(
                s.chars()
                    .skip(starting_truncation.max(0) as usize)
                    .collect(),
            ),
            _ => Value::Null,
        };
        path::set_value(parsed, primary, data);
        for key in self.result_keys.iter().skip(1) {
            let empty = match path::search(key, &whole)? {
                Value::List(_) => Value::List(Vec::new()),
                Value::String(_) => Value::String(String::new()),
                n @ (Value::Integer(_) | Value::Float(_)) => n,
                _ => Value::Null,
            };
            path::set_value(parsed, key, empty);
        }
        Ok(())
    }

    /// The next page, or `None` when pagination is over.
    pub async fn next_page(&mut self) -> Result<Option<Value>, PaginateError> {
        if let Some(e) = self.pending_error.take() {
            self.done = true;
            return Err(e);
        }
        if self.done {
            return Ok(None);
        }
        self.started = true;
        let input = Value::Map(self.kwargs.clone());
        let response = self.caller.call(&input).await?;
        let mut parsed = match response.output {
            Value::Map(m) => m,
            _ => IndexMap::new(),
        };
        let mut starting_truncation = 0;
        if self.first_request {
            if self.starting_token.is_some() {
                starting_truncation = self.parse_starting_token()?.1;
                self.handle_first_request(&mut parsed, starting_truncation)?;
            }
            self.first_request = false;
            let whole = Value::Map(parsed.clone());
            let mut part = IndexMap::new();
            for expression in &self.non_aggregate_keys {
                let value = path::search(expression, &whole)?;
                path::set_value(&mut part, expression, value);
            }
            self.non_aggregate_part = part;
        }
        let Some(primary) = self.result_keys.first().cloned() else {
            // No result key: nothing to count or truncate.
            self.advance(&Value::Map(parsed.clone()), 0)?;
            return Ok(Some(Value::Map(parsed)));
        };
        let current = path::search(&primary, &Value::Map(parsed.clone()))?;
        let count = py_len(&current);
        let truncate_amount = match self.max_items {
            Some(max) => self.total_items + count - max,
            None => 0,
        };
        if truncate_amount > 0 {
            let keep = (count - truncate_amount).max(0);
            let truncated = match current {
                Value::List(items) => Value::List(items.into_iter().take(keep as usize).collect()),
                Value::String(s) => Value::String(s.chars().take(keep as usize).collect()),
                _ => Value::List(Vec::new()),
            };
            path::set_value(&mut parsed, &primary, truncated);
            let mut token = self.next_token.clone();
            token.insert(
                TRUNCATE_KEY.to_owned(),
                Value::Integer(keep + starting_truncation),
            );
            self.set_resume_token(&token)?;
            self.done = true;
            return Ok(Some(Value::Map(parsed)));
        }
        self.advance(&Value::Map(parsed.clone()), count)?;
        Ok(Some(Value::Map(parsed)))
    }

    /// What `__iter__` does after yielding a page.
    fn advance(&mut self, parsed: &Value, count: i64) -> Result<(), PaginateError> {
        self.total_items += count;
        let next_token = self.get_next_token(parsed)?;
        if next_token.values().all(Value::is_null) {
            self.done = true;
            return Ok(());
        }
        if self.max_items == Some(self.total_items) {
            self.set_resume_token(&next_token)?;
            self.done = true;
            return Ok(());
        }
        if self.previous_next_token.as_ref() == Some(&next_token) {
            // botocore raises when asked for the page after this one.
            self.pending_error = Some(PaginateError::Pagination(format!(
                "The same next token was received twice: {}",
                python::repr(&Value::Map(next_token))
            )));
            return Ok(());
        }
        self.inject_token(&next_token);
        self.next_token = next_token.clone();
        self.previous_next_token = Some(next_token);
        Ok(())
    }

    /// `build_full_result`: every page merged into one result, plus the
    /// first page's non-aggregate keys and the `NextToken` when truncated.
    pub async fn build_full_result(mut self) -> Result<Value, PaginateError> {
        let mut complete: IndexMap<String, Value> = IndexMap::new();
        while let Some(page) = self.next_page().await? {
            for expression in &self.result_keys {
                let value = path::search(expression, &page)?;
                if value.is_null() {
                    continue;
                }
                let existing = path::search(expression, &Value::Map(complete.clone()))?;
                if existing.is_null() {
                    path::set_value(&mut complete, expression, value);
                    continue;
                }
                let merged = match (existing, value) {
                    (Value::List(mut a), Value::List(b)) => {
                        a.extend(b);
                        Some(Value::List(a))
                    }
                    (Value::Integer(a), Value::Integer(b)) => Some(Value::Integer(a + b)),
                    (Value::Float(a), Value::Float(b)) => Some(Value::Float(a + b)),
                    (Value::Integer(a), Value::Float(b)) | (Value::Float(b), Value::Integer(a)) => {
                        Some(Value::Float(a as f64 + b))
                    }
                    (Value::String(a), Value::String(b)) => Some(Value::String(a + &b)),
                    _ => None,
                };
                if let Some(merged) = merged {
                    match get_path_mut(&mut complete, expression) {
                        Some(slot) => *slot = merged,
                        None => path::set_value(&mut complete, expression, merged),
                    }
                }
            }
        }
        path::merge_maps(&mut complete, &self.non_aggregate_part);
        if let Some(token) = &self.resume_token {
            complete.insert("NextToken".to_owned(), Value::String(token.clone()));
        }
        Ok(Value::Map(complete))
    }
}

#[cfg(test)]
mod tests;
