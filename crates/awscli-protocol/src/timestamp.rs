//! Timestamps on the wire: the three formats of the Smithy
//! `timestampFormat` trait (<https://smithy.io/2.0/spec/protocol-traits.html#timestampformat-trait>)
//! as botocore writes them (`serialize.py` `_timestamp_*`), and the lenient
//! reading botocore does with `dateutil` (`utils.parse_timestamp`): epoch
//! numbers, ISO 8601 and HTTP dates.
use awscli_model::{Timestamp, Value, WireValue};

/// Write precision: botocore's `timestamp_precision` serializer option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// Microseconds in ISO 8601, whole seconds in epoch numbers.
    #[default]
    Default,
    /// Milliseconds in both (bedrock-agentcore).
    Millisecond,
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) to days since 1970-01-01.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: usize,
}

fn parts(seconds: i64) -> Parts {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: ((secs / 60) % 60) as u32,
        second: (secs % 60) as u32,
        // 1970-01-01 was a Thursday.
        weekday: (days + 3).rem_euclid(7) as usize,
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Microseconds as Python's `datetime` holds them (it has no nanoseconds).
fn micros(ts: &Timestamp) -> (i64, u32) {
    let micros = (ts.nanos + 500) / 1000;
    if micros >= 1_000_000 {
        (ts.seconds + 1, 0)
    } else {
        (ts.seconds, micros)
    }
}

/// `2015-01-25T08:00:00Z`, with `.%f` (6 digits) when there are
/// microseconds, or always `.mmm` with millisecond precision.
pub fn format_iso8601(ts: &Timestamp, precision: Precision) -> String {
    let (seconds, micros) = micros(ts);
    let p = parts(seconds);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    );
    match precision {
        Precision::Millisecond => format!("{base}.{:03}Z", micros / 1000),
        Precision::Default if micros > 0 => format!("{base}.{micros:06}Z"),
        Precision::Default => format!("{base}Z"),
    }
}

/// `Sun, 25 Jan 2015 08:00:00 GMT` (`email.utils.formatdate(usegmt=True)`).
pub fn format_rfc822(ts: &Timestamp) -> String {
    let p = parts(ts.seconds);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[p.weekday],
        p.day,
        MONTHS[(p.month - 1) as usize],
        p.year,
        p.hour,
        p.minute,
        p.second
    )
}

/// An epoch number: whole seconds, or seconds with milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EpochNumber {
    Integer(i64),
    Float(f64),
}

pub fn format_unix(ts: &Timestamp, precision: Precision) -> EpochNumber {
    let (seconds, micros) = micros(ts);
    match precision {
        Precision::Default => EpochNumber::Integer(seconds),
        Precision::Millisecond => {
            EpochNumber::Float(seconds as f64 + f64::from(micros / 1000) / 1000.0)
        }
    }
}

/// A timestamp format named by the model (case-insensitive, as botocore
/// lowercases it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Iso8601,
    UnixTimestamp,
    Rfc822,
}

impl Format {
    pub fn from_model(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "iso8601" => Some(Format::Iso8601),
            "unixtimestamp" => Some(Format::UnixTimestamp),
            "rfc822" => Some(Format::Rfc822),
            _ => None,
        }
    }
}

/// A timestamp rendered as text (query strings, headers, XML, form bodies).
pub fn format_text(ts: &Timestamp, format: Format, precision: Precision) -> String {
    match format {
        Format::Iso8601 => format_iso8601(ts, precision),
        Format::Rfc822 => format_rfc822(ts),
        Format::UnixTimestamp => match format_unix(ts, precision) {
            EpochNumber::Integer(i) => i.to_string(),
            EpochNumber::Float(f) => crate::json::python_float_repr(f),
        },
    }
}

/// An input value as a timestamp: a [`Value::Timestamp`], epoch seconds, or
/// text botocore's `parse_to_aware_datetime` accepts.
pub fn timestamp_from_value(value: &Value) -> Option<Timestamp> {
    match value {
        Value::Timestamp(ts) => Some(ts.clone()),
        Value::Integer(i) => Some(Timestamp {
            seconds: *i,
            nanos: 0,
            offset: None,
            wire: None,
        }),
        Value::Float(f) if f.is_finite() => Some(Timestamp::from_epoch_f64(*f)),
        Value::String(s) => parse_timestamp(s),
        _ => None,
    }
}

/// Reads a timestamp from response text or user input: epoch seconds
/// (`1398796238`, `1398796238.123`), ISO 8601 (`2014-04-29T18:30:38Z`,
/// with any fraction and offset) or an HTTP date
/// (`Tue, 29 Apr 2014 18:30:38 GMT`). `wire` is left unset.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Some(ts) = parse_epoch_text(text) {
        return Some(ts);
    }
    parse_iso8601(text).or_else(|| parse_http_date(text))
}

fn parse_epoch_text(text: &str) -> Option<Timestamp> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.matches('.').count() > 1
    {
        return None;
    }
    epoch_from_decimal_text(text)
}

/// Epoch seconds from decimal text, exactly (no float rounding of the
/// fraction): `1398796238.123` has 123,000,000 nanoseconds.
pub(crate) fn epoch_from_decimal_text(text: &str) -> Option<Timestamp> {
    if text.contains(['e', 'E']) {
        let f: f64 = text.parse().ok()?;
        return f.is_finite().then(|| Timestamp::from_epoch_f64(f));
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut nanos: u32 = 0;
    for (i, c) in frac.chars().take(9).enumerate() {
        nanos += c.to_digit(10)? * 10u32.pow(8 - i as u32);
    }
    let (seconds, nanos) = if negative && nanos > 0 {
        (-whole - 1, 1_000_000_000 - nanos)
    } else if negative {
        (-whole, 0)
    } else {
        (whole, nanos)
    };
    Some(Timestamp {
        seconds,
        nanos,
        offset: None,
        wire: None,
    })
}

fn take_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    if s.len() < n || !s.as_bytes()[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// `+hh:mm`, `+hhmm`, `+hh`, `Z`, `GMT`, `UTC`: offset seconds.
fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    match s {
        "Z" | "z" | "GMT" | "UTC" | "UT" => return Some(0),
        _ => {}
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let rest = rest.replace(':', "");
    let (h, m) = match rest.len() {
        2 => (rest.parse::<i32>().ok()?, 0),
        4 => (
            rest[..2].parse::<i32>().ok()?,
            rest[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    Some(sign * (h * 3600 + m * 60))
}

fn build(
    (year, month, day): (i64, u32, u32),
    (hour, minute, second): (u32, u32, u32),
    nanos: u32,
    offset: Option<i32>,
) -> Option<Timestamp> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second.min(59));
    Some(Timestamp {
        seconds: local - i64::from(offset.unwrap_or(0)),
        nanos,
        offset,
        wire: None,
    })
}

fn parse_iso8601(s: &str) -> Option<Timestamp> {
    let (year, s) = take_digits(s, 4)?;
    let s = s.strip_prefix('-')?;
    let (month, s) = take_digits(s, 2)?;
    let s = s.strip_prefix('-')?;
    let (day, s) = take_digits(s, 2)?;
    if s.is_empty() {
        return build((i64::from(year), month, day), (0, 0, 0), 0, None);
    }
    let s = s.strip_prefix(['T', 't', ' '])?;
    let (hour, s) = take_digits(s, 2)?;
    let s = s.strip_prefix(':')?;
    let (minute, s) = take_digits(s, 2)?;
    let (second, mut s) = match s.strip_prefix(':') {
        Some(rest) => take_digits(rest, 2)?,
        None => (0, s),
    };
    let mut nanos = 0u32;
    if let Some(rest) = s.strip_prefix(['.', ',']) {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        for (i, c) in rest[..n].chars().take(9).enumerate() {
            nanos += c.to_digit(10)? * 10u32.pow(8 - i as u32);
        }
        s = &rest[n..];
    }
    let offset = if s.is_empty() {
        None
    } else {
        Some(parse_offset(s)?)
    };
    build(
        (i64::from(year), month, day),
        (hour, minute, second),
        nanos,
        offset,
    )
}

/// RFC 822/1123 dates (`Tue, 29 Apr 2014 18:30:38 GMT`), the weekday optional.
fn parse_http_date(s: &str) -> Option<Timestamp> {
    let s = match s.split_once(',') {
        Some((_, rest)) => rest.trim(),
        None => s,
    };
    let mut fields = s.split_whitespace();
    let day: u32 = fields.next()?.parse().ok()?;
    let month_name = fields.next()?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(&month_name[..month_name.len().min(3)]))?
        as u32
        + 1;
    let year: i64 = fields.next()?.parse().ok()?;
    let time = fields.next()?;
    let mut hms = time.split(':');
    let hour: u32 = hms.next()?.parse().ok()?;
    let minute: u32 = hms.next()?.parse().ok()?;
    let (second, nanos) = match hms.next() {
        Some(sec) => {
            let ts = epoch_from_decimal_text(sec)?;
            (ts.seconds as u32, ts.nanos)
        }
        None => (0, 0),
    };
    let offset = match fields.next() {
        Some(zone) => Some(parse_offset(zone)?),
        None => None,
    };
    build((year, month, day), (hour, minute, second), nanos, offset)
}

/// A timestamp parsed from response text, remembering the text.
pub(crate) fn from_wire_text(text: &str) -> Option<Value> {
    let mut ts = parse_timestamp(text)?;
    ts.wire = Some(WireValue::Text(text.to_owned()));
    Some(Value::Timestamp(ts))
}

/// A timestamp from a JSON or CBOR epoch number, remembering its text.
pub(crate) fn from_wire_number(text: &str) -> Option<Value> {
    let mut ts = epoch_from_decimal_text(text)?;
    ts.wire = Some(WireValue::Number(text.to_owned()));
    Some(Value::Timestamp(ts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(seconds: i64, nanos: u32) -> Timestamp {
        Timestamp {
            seconds,
            nanos,
            offset: None,
            wire: None,
        }
    }

    #[test]
    fn format_iso8601_micros_only_when_present() {
        assert_eq!(
            format_iso8601(&ts(1422172800, 0), Precision::Default),
            "2015-01-25T08:00:00Z"
        );
        assert_eq!(
            format_iso8601(&ts(1422172800, 123_000_000), Precision::Default),
            "2015-01-25T08:00:00.123000Z"
        );
        assert_eq!(
            format_iso8601(&ts(1422172800, 0), Precision::Millisecond),
            "2015-01-25T08:00:00.000Z"
        );
    }

    #[test]
    fn format_rfc822_matches_formatdate() {
        assert_eq!(
            format_rfc822(&ts(1422172800, 0)),
            "Sun, 25 Jan 2015 08:00:00 GMT"
        );
        assert_eq!(format_rfc822(&ts(0, 0)), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn parse_timestamp_reads_all_forms() {
        let a = parse_timestamp("2014-04-29T18:30:38Z").unwrap();
        assert_eq!((a.seconds, a.offset), (1398796238, Some(0)));
        let b = parse_timestamp("Tue, 29 Apr 2014 18:30:38 GMT").unwrap();
        assert_eq!(b.seconds, 1398796238);
        let c = parse_timestamp("1398796238.123").unwrap();
        assert_eq!(
            (c.seconds, c.nanos, c.offset),
            (1398796238, 123_000_000, None)
        );
        let d = parse_timestamp("2014-04-29T20:30:38.5+02:00").unwrap();
        assert_eq!(
            (d.seconds, d.nanos, d.offset),
            (1398796238, 500_000_000, Some(7200))
        );
    }
}
