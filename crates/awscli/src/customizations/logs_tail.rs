//! `aws logs tail <group>`: the events of a log group since a point in
//! time, through `FilterLogEvents`, optionally followed (`--follow`: poll
//! every 5 s, never printing an event twice).
//!
//! Spec: `awscli/customizations/logs/tail.py`. Formats: `detailed`
//! (`<isoformat with microseconds> <stream> <message>`), `short`
//! (`<%Y-%m-%dT%H:%M:%S> <message>`), `json` (like detailed, without
//! forced microseconds, and messages that are whole JSON documents
//! pretty-printed on the next line). Each message ends in exactly one
//! newline. Timestamps green and stream names cyan when `--color on`, or
//! `auto` on a terminal.
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use awscli_jmespath::python::{isoformat, write_json, JsonStyle};
use awscli_model::{Service, Value};

use super::api::{map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";
/// `FollowLogEventsGenerator._TIME_TO_SLEEP`.
const FOLLOW_INTERVAL: Duration = Duration::from_secs(5);
const FORMATS: [&str; 3] = ["detailed", "short", "json"];

const SPECS: &[Spec] = &[
    Spec::positional("group_name"),
    Spec::value("--since"),
    Spec::flag("--follow"),
    Spec::value("--format"),
    Spec::value("--filter-pattern"),
    Spec::list("--log-stream-names"),
    Spec::value("--log-stream-name-prefix"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Detailed,
    Short,
    Json,
}

pub fn run(
    service: &Service,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let format = match parsed.value("--format").unwrap_or("detailed") {
        "detailed" => Format::Detailed,
        "short" => Format::Short,
        "json" => Format::Json,
        other => return Err(CliError::invalid_choice("--format", other, FORMATS).into()),
    };
    let now_millis = jiff::Timestamp::now().as_millisecond();
    let since = parsed.value("--since").unwrap_or("10m");
    let start = since_to_millis(since, now_millis)?;
    let mut input = map([
        (
            "logGroupName",
            string(parsed.value("group_name").unwrap_or_default()),
        ),
        ("interleaved", Value::Bool(true)),
        ("startTime", Value::Integer(start)),
    ]);
    if let Some(m) = input.as_map_mut() {
        if let Some(pattern) = parsed.value("--filter-pattern") {
            m.insert("filterPattern".into(), string(pattern));
        }
        if let Some(names) = parsed.list("--log-stream-names") {
            m.insert(
                "logStreamNames".into(),
                Value::List(names.iter().map(string).collect()),
            );
        }
        if let Some(prefix) = parsed.value("--log-stream-name-prefix") {
            m.insert("logStreamNamePrefix".into(), string(prefix));
        }
    }
    let color = match globals.color.as_str() {
        "on" => true,
        "off" => false,
        _ => std::io::stdout().is_terminal(),
    };
    let printer = Printer { format, color };
    let mut api = Api::new(Session::new(globals, env)?);
    if parsed.flag("--follow") {
        follow(&mut api, service, input, &printer, stdout)
    } else {
        loop {
            let page = api.call(service, "FilterLogEvents", &input)?;
            for event in events(&page) {
                printer.print(event, stdout)?;
            }
            match page.get("nextToken") {
                Some(token @ Value::String(_)) => {
                    if let Some(m) = input.as_map_mut() {
                        m.insert("nextToken".into(), token.clone());
                    }
                }
                _ => return Ok(0),
            }
        }
    }
}

fn events(page: &Value) -> &[Value] {
    page.get("events").and_then(Value::as_list).unwrap_or(&[])
}

/// The polling loop of `--follow`: remembers the event ids seen at the
/// newest timestamp so the overlapping next poll (which starts there)
/// does not repeat them.
fn follow(
    api: &mut Api,
    service: &Service,
    mut input: Value,
    printer: &Printer,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    // Ctrl-C ends the tail quietly with status 0, as the reference's
    // generator returns on KeyboardInterrupt.
    let _interrupt = crate::interrupt::take_over();
    let interrupted = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted));
    let mut seen: HashMap<i64, HashSet<String>> = HashMap::new();
    loop {
        if interrupted.load(Ordering::Relaxed) {
            return Ok(0);
        }
        let page = api.call(service, "FilterLogEvents", &input)?;
        for event in events(&page) {
            let timestamp = integer(event.get("timestamp"));
            let id = event
                .get("eventId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if seen.entry(timestamp).or_default().insert(id) {
                printer.print(event, stdout)?;
            }
        }
        stdout.flush()?;
        if let Some(newest) = seen.keys().max().copied() {
            seen.retain(|t, _| *t == newest);
        }
        let Some(m) = input.as_map_mut() else {
            return Ok(0);
        };
        match page.get("nextToken") {
            Some(token @ Value::String(_)) => {
                m.insert("nextToken".into(), token.clone());
            }
            _ => {
                if let Some(newest) = seen.keys().max() {
                    m.insert("startTime".into(), Value::Integer(*newest));
                }
                m.shift_remove("nextToken");
                let until = Instant::now() + FOLLOW_INTERVAL;
                while Instant::now() < until && !interrupted.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }
}

fn integer(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Integer(i)) => *i,
        Some(Value::Float(f)) => *f as i64,
        _ => 0,
    }
}

/// `TimestampUtils.to_epoch_millis`: `<n>s|m|h|d|w` before now, else an
/// absolute timestamp (ISO 8601 or epoch seconds).
fn since_to_millis(since: &str, now_millis: i64) -> Result<i64, CliError> {
    let digits: String = since.chars().take_while(char::is_ascii_digit).collect();
    let unit = &since[digits.len()..];
    if !digits.is_empty() {
        let seconds = match unit {
            "s" => Some(1),
            "m" => Some(60),
            "h" => Some(3600),
            "d" => Some(86_400),
            "w" => Some(7 * 86_400),
            _ => None,
        };
        if let (Some(multiplier), Ok(amount)) = (seconds, digits.parse::<i64>()) {
            return Ok(now_millis - amount * multiplier * 1000);
        }
    }
    absolute_millis(since).ok_or_else(|| {
        CliError::General(format!(
            "Invalid timestamp \"{since}\": Unknown string format: {since}"
        ))
    })
}

/// botocore's `parse_timestamp` for the forms people type.
pub(super) fn absolute_millis(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(epoch) = t.parse::<f64>() {
        return Some((epoch * 1000.0) as i64);
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Some(ts.as_millisecond());
    }
    // No offset: botocore reads it as UTC.
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
        return dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_millisecond());
    }
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        return d
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_millisecond());
    }
    None
}

struct Printer {
    format: Format,
    color: bool,
}

impl Printer {
    fn paint(&self, text: &str, color: &str) -> String {
        if self.color {
            format!("{color}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    fn print(&self, event: &Value, out: &mut dyn Write) -> std::io::Result<()> {
        let millis = integer(event.get("timestamp"));
        let seconds = millis.div_euclid(1000);
        let micros = (millis.rem_euclid(1000) * 1000) as u32;
        let message = event.get("message").and_then(Value::as_str).unwrap_or("");
        let stream = event
            .get("logStreamName")
            .and_then(Value::as_str)
            .unwrap_or("");
        let line = match self.format {
            Format::Short => {
                let iso = isoformat(seconds, 0, 0);
                // `%Y-%m-%dT%H:%M:%S`: the isoformat without its offset.
                let short = iso.trim_end_matches("+00:00");
                format!("{} {message}", self.paint(short, GREEN))
            }
            Format::Detailed => {
                let iso = isoformat(seconds, micros, 0);
                let iso = if micros == 0 {
                    iso.replace("+00:00", ".000000+00:00")
                } else {
                    iso
                };
                format!(
                    "{} {} {message}",
                    self.paint(&iso, GREEN),
                    self.paint(stream, CYAN)
                )
            }
            Format::Json => format!(
                "{} {} {}",
                self.paint(&isoformat(seconds, micros, 0), GREEN),
                self.paint(stream, CYAN),
                pretty_json(message)
            ),
        };
        writeln!(out, "{}", line.trim_end())
    }
}

/// `'\n' + json.dumps(json.loads(message), indent=4)`, or the message
/// itself when it is not JSON.
fn pretty_json(message: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(message) {
        Ok(doc) => {
            let value = awscli_jmespath::python::from_json(doc);
            let mut out = String::from("\n");
            let style = JsonStyle {
                indent: Some(4),
                ensure_ascii: true,
                compact: false,
            };
            write_json(&mut out, &value, style);
            out
        }
        Err(_) => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(ts: i64, stream: &str, message: &str) -> Value {
        map([
            ("timestamp", Value::Integer(ts)),
            ("logStreamName", string(stream)),
            ("message", string(message)),
        ])
    }

    fn render(format: Format, color: bool, e: &Value) -> String {
        let mut out = Vec::new();
        Printer { format, color }.print(e, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formats_match_the_reference() {
        let e = event(1_795_748_810_000, "s2", "second stream  ");
        assert_eq!(
            render(Format::Detailed, false, &e),
            "2026-11-27T03:06:50.000000+00:00 s2 second stream\n"
        );
        assert_eq!(
            render(Format::Short, false, &e),
            "2026-11-27T03:06:50 second stream\n"
        );
        assert_eq!(
            render(Format::Json, false, &e),
            "2026-11-27T03:06:50+00:00 s2 second stream\n"
        );
        assert_eq!(
            render(Format::Detailed, true, &e),
            "\x1b[32m2026-11-27T03:06:50.000000+00:00\x1b[0m \x1b[36ms2\x1b[0m second stream\n"
        );
        let j = event(1_795_748_810_123, "s1", r#"{"a": [1, 1e20], "b": {}}"#);
        assert_eq!(
            render(Format::Json, false, &j),
            "2026-11-27T03:06:50.123000+00:00 s1 \n{\n    \"a\": [\n        1,\n        1e+20\n    ],\n    \"b\": {}\n}\n"
        );
    }

    #[test]
    fn since_accepts_relative_and_absolute_times() {
        assert_eq!(since_to_millis("5m", 1_000_000).unwrap(), 700_000);
        assert_eq!(since_to_millis("1w", 1_000_000_000).unwrap(), 395_200_000);
        assert_eq!(
            since_to_millis("2026-11-27T03:00:00Z", 0).unwrap(),
            1_795_748_400_000
        );
        assert_eq!(
            since_to_millis("2026-11-27T03:00:00", 0).unwrap(),
            1_795_748_400_000
        );
        assert!(since_to_millis("yesterday-ish", 0).is_err());
    }
}
