//! The rule-set standard library: `getAttr`, `substring`, `uriEncode`,
//! `parseURL`, `isValidHostLabel`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`, as botocore's `RuleSetStandardLibrary`
//! implements them (URL parsing follows Python's `urllib.parse.urlparse`).
//! Spec: <https://smithy.io/2.0/additional-specs/rules-engine/standard-library.html>
//! and <https://smithy.io/2.0/aws/rules-engine/library-functions.html>.
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
use regex_lite::Regex;

use crate::ruleset::PathPart;
use crate::value::Value;
use crate::EndpointError;

pub(crate) fn bools_error(a: &Value, b: &Value) -> EndpointError {
    EndpointError::Resolution(format!(
        "Both arguments must be bools, not {} and {}.",
        a.python_type(),
        b.python_type()
    ))
}

pub(crate) fn get_attr(value: &Value, path: &[PathPart]) -> Result<Value, EndpointError> {
    let mut current = value;
    for part in path {
        match part {
            PathPart::Key(key) => {
                current = match current {
                    Value::Object(map) => map.get(key).ok_or_else(|| {
                        EndpointError::Resolution(format!("getAttr: no attribute {key}"))
                    })?,
                    other => {
                        return Err(EndpointError::Resolution(format!(
                            "getAttr: cannot read {key} from {}",
                            other.python_type()
                        )))
                    }
                }
            }
            PathPart::Index(name, index) => {
                if let Some(name) = name {
                    current = match current {
                        Value::Object(map) => map.get(name).unwrap_or(&Value::None),
                        other => {
                            return Err(EndpointError::Resolution(format!(
                                "getAttr: cannot read {} from {}",
                                part.describe(),
                                other.python_type()
                            )))
                        }
                    };
                }
                return Ok(match current {
                    Value::Array(items) => items.get(*index).cloned().unwrap_or(Value::None),
                    Value::String(s) => s
                        .chars()
                        .nth(*index)
                        .map_or(Value::None, |c| Value::String(c.to_string())),
                    _ => Value::None,
                });
            }
        }
    }
    Ok(current.clone())
}

pub(crate) fn substring(
    value: &Value,
    start: &Value,
    stop: &Value,
    reverse: &Value,
) -> Result<Value, EndpointError> {
    let Value::String(s) = value else {
        return Err(EndpointError::Resolution(format!(
            "Input must be a string, not {}.",
            value.python_type()
        )));
    };
    let (Value::Int(start), Value::Int(stop)) = (start, stop) else {
        return Err(EndpointError::Resolution(
            "substring indices must be integers".to_owned(),
        ));
    };
    // Only ASCII strings are sliced, so byte and character indices agree;
    // botocore compares the length in characters first.
    let len = s.chars().count() as i64;
    if start >= stop || len < *stop || !s.is_ascii() || *start < 0 {
        return Ok(Value::None);
    }
    let (from, to) = if matches!(reverse, Value::Bool(true)) {
        (len - stop, len - start)
    } else {
        (*start, *stop)
    };
    Ok(Value::String(s[from as usize..to as usize].to_owned()))
}

/// Python's `quote(value, safe='-._~')` of the UTF-8 bytes.
pub(crate) fn uri_encode(value: &str) -> String {
    quote(value, b"-._~")
}

fn quote(value: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) || safe.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$`, per label when subdomains are allowed.
pub(crate) fn is_valid_host_label(value: &str, allow_subdomains: &Value) -> bool {
    match allow_subdomains {
        Value::Bool(true) => value.split('.').all(is_single_host_label),
        Value::Bool(false) if value.contains('.') => false,
        _ => is_single_host_label(value),
    }
}

fn is_single_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

pub(crate) fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: &Value) -> bool {
    if value.chars().count() < 3 || value.to_lowercase() != value || ipv4_re().is_match(value) {
        return false;
    }
    is_valid_host_label(value, allow_subdomains)
}

pub(crate) fn parse_arn(value: &str) -> Value {
    if !value.starts_with("arn:") {
        return Value::None;
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts[..] else {
        return Value::None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Value::None;
    }
    let resource_id = resource
        .replace(':', "/")
        .split('/')
        .map(|s| Value::String(s.to_owned()))
        .collect();
    let mut map = IndexMap::with_capacity(5);
    map.insert("partition".to_owned(), Value::String(partition.to_owned()));
    map.insert("service".to_owned(), Value::String(service.to_owned()));
    map.insert("region".to_owned(), Value::String(region.to_owned()));
    map.insert("accountId".to_owned(), Value::String(account.to_owned()));
    map.insert("resourceId".to_owned(), Value::Array(resource_id));
    Value::Object(Arc::new(map))
}

/// botocore's `parse_url`: `None` unless an http(s) URL without a query.
pub(crate) fn parse_url(value: &str) -> Value {
    let Some(url) = UrlParts::parse(value) else {
        return Value::None;
    };
    // botocore's IP checks raise on a URL without a host; such a URL is no
    // endpoint, so treat it as unparsable.
    if url.port_is_invalid() || url.hostname().is_none() {
        return Value::None;
    }
    if (url.scheme != "https" && url.scheme != "http") || !url.query.is_empty() {
        return Value::None;
    }
    let mut normalized_path = quote(&normalize_url_path(&url.path), b"/");
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    let is_ip = is_valid_ipv4_endpoint_url(&url) || is_valid_ipv6_endpoint_url(value, &url);
    let mut map = IndexMap::with_capacity(5);
    map.insert("scheme".to_owned(), Value::String(url.scheme));
    map.insert("authority".to_owned(), Value::String(url.netloc));
    map.insert("path".to_owned(), Value::String(url.path));
    map.insert("normalizedPath".to_owned(), Value::String(normalized_path));
    map.insert("isIp".to_owned(), Value::Bool(is_ip));
    Value::Object(Arc::new(map))
}

/// The parts of Python's `urlparse` result botocore reads.
struct UrlParts {
    scheme: String,
    netloc: String,
    path: String,
    query: String,
}

impl UrlParts {
    /// Python's `urllib.parse.urlparse` (3.11); `None` where it raises.
    fn parse(value: &str) -> Option<UrlParts> {
        let url: String = value
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
            .collect();
        let mut rest = url.as_str();
        let mut scheme = String::new();
        if let Some(colon) = rest.find(':') {
            let candidate = &rest[..colon];
            if colon > 0
                && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
                && candidate
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            {
                scheme = candidate.to_ascii_lowercase();
                rest = &rest[colon + 1..];
            }
        }
        let mut netloc = "";
        if let Some(after) = rest.strip_prefix("//") {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            netloc = &after[..end];
            rest = &after[end..];
            if netloc.contains('[') != netloc.contains(']') {
                return None; // ValueError: Invalid IPv6 URL
            }
            if let Some((_, bracketed)) = netloc.split_once('[') {
                // Python checks a bracketed host is an IPv6 address (or an
                // IPvFuture `v1.x`) and raises otherwise.
                let host = bracketed.split_once(']').map_or(bracketed, |(h, _)| h);
                let future = host.strip_prefix('v').is_some_and(|rest| {
                    rest.split_once('.').is_some_and(|(hex, tail)| {
                        !hex.is_empty()
                            && hex.bytes().all(|b| b.is_ascii_hexdigit())
                            && !tail.is_empty()
                    })
                });
                if !future && !ipv6_addrz_re().is_match(&format!("[{host}]")) {
                    return None;
                }
            }
        }
        if let Some((before, _fragment)) = rest.split_once('#') {
            rest = before;
        }
        let mut query = "";
        if let Some((before, after)) = rest.split_once('?') {
            rest = before;
            query = after;
        }
        let mut path = rest;
        // `;params` on the last segment are split off for http(s).
        if matches!(scheme.as_str(), "http" | "https" | "") && path.contains(';') {
            let from = path.rfind('/').unwrap_or(0);
            if let Some(semi) = path[from..].find(';') {
                path = &path[..from + semi];
            }
        }
        Some(UrlParts {
            scheme,
            netloc: netloc.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
        })
    }

    /// `(hostname, port)` as Python's `_hostinfo` splits the netloc.
    fn host_info(&self) -> (&str, Option<&str>) {
        let hostinfo = self
            .netloc
            .rsplit_once('@')
            .map_or(self.netloc.as_str(), |(_, h)| h);
        let (host, port) = match hostinfo.split_once('[') {
            Some((_, bracketed)) => {
                let (host, after) = bracketed.split_once(']').unwrap_or((bracketed, ""));
                (host, after.split_once(':').map_or("", |(_, p)| p))
            }
            None => hostinfo.split_once(':').unwrap_or((hostinfo, "")),
        };
        (host, (!port.is_empty()).then_some(port))
    }

    /// Whether reading `.port` raises in Python.
    fn port_is_invalid(&self) -> bool {
        match self.host_info().1 {
            None => false,
            Some(port) => {
                !port.bytes().all(|b| b.is_ascii_digit())
                    || port.parse::<u64>().map_or(true, |p| p > 65535)
            }
        }
    }

    /// Python's `.hostname`: lowercased, zone id kept as is.
    fn hostname(&self) -> Option<String> {
        let host = self.host_info().0;
        if host.is_empty() {
            return None;
        }
        Some(match host.split_once('%') {
            Some((h, zone)) => format!("{}%{zone}", h.to_lowercase()),
            None => host.to_lowercase(),
        })
    }
}

fn is_valid_ipv4_endpoint_url(url: &UrlParts) -> bool {
    url.hostname().is_some_and(|h| ipv4_re().is_match(&h))
}

fn is_valid_ipv6_endpoint_url(value: &str, url: &UrlParts) -> bool {
    if value.contains(['\t', '\r', '\n']) {
        return false;
    }
    let hostname = url.hostname().unwrap_or_else(|| "None".to_owned());
    ipv6_addrz_re().is_match(&format!("[{hostname}]"))
}

/// RFC 3986 dot-segment removal, also collapsing repeated slashes
/// (botocore's `normalize_url_path`).
fn normalize_url_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut output: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                output.pop();
            }
            s => output.push(s),
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !output.is_empty() {
        "/"
    } else {
        ""
    };
    format!("{first}{}{last}", output.join("/"))
}

const IPV4_PAT: &str = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}";

fn ipv4_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!("^{IPV4_PAT}$")).expect("the IPv4 pattern is a valid regex")
    })
}

/// botocore's `IPV6_ADDRZ_RE` (from `botocore/compat.py`, after urllib3).
fn ipv6_addrz_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let hex = "[0-9A-Fa-f]{1,4}";
        let ls32 = format!("(?:{hex}:{hex}|{IPV4_PAT})");
        let variations = [
            format!("(?:{hex}:){{6}}{ls32}"),
            format!("::(?:{hex}:){{5}}{ls32}"),
            format!("(?:{hex})?::(?:{hex}:){{4}}{ls32}"),
            format!("(?:(?:{hex}:)?{hex})?::(?:{hex}:){{3}}{ls32}"),
            format!("(?:(?:{hex}:){{0,2}}{hex})?::(?:{hex}:){{2}}{ls32}"),
            format!("(?:(?:{hex}:){{0,3}}{hex})?::{hex}:{ls32}"),
            format!("(?:(?:{hex}:){{0,4}}{hex})?::{ls32}"),
            format!("(?:(?:{hex}:){{0,5}}{hex})?::{hex}"),
            format!("(?:(?:{hex}:){{0,6}}{hex})?::"),
        ];
        let ipv6 = format!("(?:{})", variations.join("|"));
        let unreserved = r"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._!\-~";
        let zone_id = format!("(?:%25|%)(?:[{unreserved}]|%[a-fA-F0-9]{{2}})+");
        Regex::new(&format!(r"^\[{ipv6}(?:{zone_id})?\]$"))
            .expect("the IPv6 pattern is a valid regex")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(value: &str) -> IndexMap<String, Value> {
        match parse_url(value) {
            Value::Object(map) => (*map).clone(),
            other => panic!("{value}: {other:?}"),
        }
    }

    #[test]
    fn parse_url_splits_and_normalizes() {
        let u = url("https://example.com:8443/a//b/../c");
        assert_eq!(u["authority"], Value::String("example.com:8443".into()));
        assert_eq!(u["path"], Value::String("/a//b/../c".into()));
        assert_eq!(u["normalizedPath"], Value::String("/a/c/".into()));
        assert_eq!(u["isIp"], Value::Bool(false));
    }

    #[test]
    fn parse_url_detects_ips() {
        assert_eq!(url("http://127.0.0.1:5000")["isIp"], Value::Bool(true));
        assert_eq!(url("https://[::1]:443/")["isIp"], Value::Bool(true));
        assert_eq!(url("https://[fe80::1%25eth0]/")["isIp"], Value::Bool(true));
    }

    #[test]
    fn parse_url_rejects_queries_and_other_schemes() {
        assert_eq!(parse_url("https://example.com/?a=b"), Value::None);
        assert_eq!(parse_url("ftp://example.com"), Value::None);
        assert_eq!(parse_url("https://example.com:port"), Value::None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("abc-1", &Value::Bool(false)));
        assert!(!is_valid_host_label("a.b", &Value::Bool(false)));
        assert!(is_valid_host_label("a.b", &Value::Bool(true)));
        assert!(!is_valid_host_label("a..b", &Value::Bool(true)));
        assert!(!is_valid_host_label("-a", &Value::Bool(false)));
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("bucket", &Value::Bool(false)));
        assert!(!is_virtual_hostable_s3_bucket(
            "Bucket",
            &Value::Bool(false)
        ));
        assert!(!is_virtual_hostable_s3_bucket("ab", &Value::Bool(false)));
        assert!(!is_virtual_hostable_s3_bucket(
            "192.168.0.1",
            &Value::Bool(true)
        ));
    }

    #[test]
    fn arn_resource_id_splits_on_colon_and_slash() {
        let Value::Object(arn) = parse_arn("arn:aws:s3:us-east-1:123:accesspoint/my:x") else {
            panic!("not parsed");
        };
        assert_eq!(arn["accountId"], Value::String("123".into()));
        assert_eq!(
            arn["resourceId"],
            Value::Array(vec![
                Value::String("accesspoint".into()),
                Value::String("my".into()),
                Value::String("x".into())
            ])
        );
        assert_eq!(parse_arn("arn:aws:s3:::"), Value::None);
    }

    #[test]
    fn uri_encode_keeps_unreserved() {
        assert_eq!(uri_encode("a b/c~é"), "a%20b%2Fc~%C3%A9");
    }
}
