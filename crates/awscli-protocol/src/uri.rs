//! Percent-encoding as botocore does it: `utils.percent_encode` (Python's
//! `quote` with `-_.~` safe) for URI labels and query strings, and
//! `urlencode` (`quote_plus`) for query/ec2 form bodies, which is what
//! `AWSRequest` puts on the wire. Spec: RFC 3986 section 2.
use std::fmt::Write;

use indexmap::IndexMap;

use crate::error::SerializeError;

fn encode_with(input: &str, extra_safe: &str, space_as_plus: bool) -> String {
    let mut out = String::with_capacity(input.len());
    for &b in input.as_bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-_.~".contains(c) || (b < 0x80 && extra_safe.contains(c)) {
            out.push(c);
        } else if space_as_plus && b == b' ' {
            out.push('+');
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `percent_encode(value)`: everything but letters, digits and `-_.~`.
pub fn percent_encode(input: &str) -> String {
    encode_with(input, "", false)
}

/// Greedy labels (`{Key+}`) keep `/`.
pub fn percent_encode_greedy(input: &str) -> String {
    encode_with(input, "/", false)
}

/// `quote_plus`, as `urlencode` uses for form bodies.
pub fn form_encode(input: &str) -> String {
    encode_with(input, "", true)
}

/// `k=v&k=v` for a form body.
pub fn encode_form(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A query-string value: one string or a list (repeated keys).
#[derive(Debug, Clone, PartialEq)]
pub enum QueryValue {
    One(String),
    Many(Vec<String>),
}

/// `percent_encode_sequence`: `k=v` pairs, a list repeating its key.
pub fn encode_query(params: &IndexMap<String, QueryValue>) -> String {
    let mut pairs = Vec::new();
    for (k, v) in params {
        match v {
            QueryValue::One(v) => {
                pairs.push(format!("{}={}", percent_encode(k), percent_encode(v)))
            }
            QueryValue::Many(vs) => {
                for v in vs {
                    pairs.push(format!("{}={}", percent_encode(k), percent_encode(v)));
                }
            }
        }
    }
    pairs.join("&")
}

/// Expands `{Label}` and `{Label+}` in a `requestUri`.
pub fn render_uri_template(
    template: &str,
    labels: &IndexMap<String, String>,
) -> Result<String, SerializeError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &rest[start + 1..start + len];
        let (key, greedy) = match name.strip_suffix('+') {
            Some(k) => (k, true),
            None => (name, false),
        };
        let value = labels
            .get(key)
            .ok_or_else(|| SerializeError::MissingUriParameter(key.to_owned()))?;
        out.push_str(&if greedy {
            percent_encode_greedy(value)
        } else {
            percent_encode(value)
        });
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_uri_template_greedy_keeps_slashes() {
        let mut labels = IndexMap::new();
        labels.insert("Bucket".to_owned(), "b".to_owned());
        labels.insert("Key".to_owned(), "a b/c~d".to_owned());
        assert_eq!(
            render_uri_template("/{Bucket}/{Key+}?x", &labels).unwrap(),
            "/b/a%20b/c~d?x"
        );
        labels.insert("Key".to_owned(), "a/b".to_owned());
        assert_eq!(render_uri_template("/{Key}", &labels).unwrap(), "/a%2Fb");
    }

    #[test]
    fn form_encode_uses_plus_for_space() {
        assert_eq!(form_encode("a b*"), "a+b%2A");
    }
}
