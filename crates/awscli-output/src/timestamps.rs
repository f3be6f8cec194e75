//! `cli_timestamp_format`: how timestamps in a response are turned into the
//! strings and numbers the CLI queries and prints
//! (`awscli/customizations/timestampformat.py`).
//!
//! The reference converts at parse time, so by the time `--query` runs a
//! timestamp is already a string (`iso8601`) or the raw wire value (`wire`).
//! [`normalize_timestamps`] does the same conversion on a parsed response.
//!
//! `iso8601` is `botocore.utils.parse_timestamp(wire).isoformat()`:
//! - an epoch number (or digits in a header) becomes
//!   `datetime.fromtimestamp(v, tzlocal())`: the LOCAL zone (`TZ`, else
//!   `/etc/localtime`, else UTC), microseconds rounded half-even;
//! - text with a zone keeps the offset it was written with
//!   (`…Z` → `+00:00`), microseconds truncated as dateutil does;
//! - text without a zone stays naive: no offset suffix.
use awscli_jmespath::python::isoformat;
use awscli_model::{Timestamp, Value, WireValue};
use jiff::tz::TimeZone;

/// The `cli_timestamp_format` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampFormat {
    /// `iso8601` (the default): `datetime.isoformat()`.
    #[default]
    Iso8601,
    /// `wire`: the value exactly as the service sent it.
    Wire,
}

impl TimestampFormat {
    /// Parses the setting's value (`wire` or `iso8601`).
    pub fn from_setting(value: &str) -> Option<TimestampFormat> {
        match value {
            "iso8601" => Some(TimestampFormat::Iso8601),
            "wire" => Some(TimestampFormat::Wire),
            _ => None,
        }
    }
}

/// Replaces every [`Value::Timestamp`] in `value` with what the reference
/// CLI's timestamp parser produces, using the system time zone for epoch
/// values.
pub fn normalize_timestamps(value: &mut Value, format: TimestampFormat) {
    let zone = TimeZone::try_system().unwrap_or(TimeZone::UTC);
    normalize_timestamps_in_zone(value, format, &zone);
}

/// [`normalize_timestamps`] with an explicit local zone (for tests and for
/// callers that resolved the zone once).
pub fn normalize_timestamps_in_zone(value: &mut Value, format: TimestampFormat, zone: &TimeZone) {
    match value {
        Value::Timestamp(ts) => *value = convert(ts, format, zone),
        Value::List(items) => {
            for item in items {
                normalize_timestamps_in_zone(item, format, zone);
            }
        }
        Value::Map(map) => {
            for item in map.values_mut() {
                normalize_timestamps_in_zone(item, format, zone);
            }
        }
        _ => {}
    }
}

fn convert(ts: &Timestamp, format: TimestampFormat, zone: &TimeZone) -> Value {
    if format == TimestampFormat::Wire {
        match &ts.wire {
            Some(WireValue::Number(text)) => {
                return match text.parse::<i64>() {
                    Ok(i) => Value::Integer(i),
                    Err(_) => Value::Float(text.parse::<f64>().unwrap_or(ts.as_epoch_f64())),
                }
            }
            Some(WireValue::Text(text)) => return Value::String(text.clone()),
            // Nothing came from the wire (a value built locally): fall back
            // to the ISO form.
            None => {}
        }
    }
    Value::String(iso8601(ts, zone))
}

/// The `iso8601` text of one timestamp.
pub fn iso8601(ts: &Timestamp, zone: &TimeZone) -> String {
    match &ts.wire {
        Some(WireValue::Number(text)) => match epoch_text(text) {
            Some(epoch) => epoch_local(epoch, zone),
            None => fields(ts, zone),
        },
        Some(WireValue::Text(text)) => {
            // botocore tries float() first, so digits in a header are epoch seconds.
            if let Some(epoch) = epoch_text(text) {
                return epoch_local(epoch, zone);
            }
            match zone_of_text(text) {
                TextZone::Offset(offset) => isoformat(ts.seconds, ts.nanos / 1000, offset),
                TextZone::Naive => {
                    let mut text = isoformat(ts.seconds, ts.nanos / 1000, 0);
                    text.truncate(text.len() - "+00:00".len());
                    text
                }
                TextZone::Unknown => fields(ts, zone),
            }
        }
        None => fields(ts, zone),
    }
}

fn fields(ts: &Timestamp, zone: &TimeZone) -> String {
    match ts.offset {
        Some(offset) => isoformat(ts.seconds, ts.nanos / 1000, offset),
        None => {
            let offset = zone_offset(ts.seconds, zone);
            isoformat(ts.seconds, ts.nanos / 1000, offset)
        }
    }
}

/// An epoch value as Python's `float()`/`int()` would read it.
enum Epoch {
    Integer(i64),
    Float(f64),
}

fn epoch_text(text: &str) -> Option<Epoch> {
    let trimmed = text.trim();
    if trimmed.is_empty()
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    if let Ok(i) = trimmed.parse::<i64>() {
        return Some(Epoch::Integer(i));
    }
    trimmed.parse::<f64>().ok().map(Epoch::Float)
}

/// `datetime.fromtimestamp(v, tzlocal()).isoformat()`.
fn epoch_local(epoch: Epoch, zone: &TimeZone) -> String {
    let (seconds, micros) = match epoch {
        Epoch::Integer(i) => (i, 0),
        Epoch::Float(f) => {
            // CPython `_PyTime_ObjectToTimeval(..., ROUND_HALF_EVEN)`.
            let int_part = f.trunc();
            let mut frac = ((f - int_part) * 1e6).round_ties_even();
            let mut int_part = int_part;
            if frac >= 1e6 {
                frac -= 1e6;
                int_part += 1.0;
            } else if frac < 0.0 {
                frac += 1e6;
                int_part -= 1.0;
            }
            (int_part as i64, frac as u32)
        }
    };
    isoformat(seconds, micros, zone_offset(seconds, zone))
}

fn zone_offset(seconds: i64, zone: &TimeZone) -> i32 {
    match jiff::Timestamp::from_second(seconds) {
        Ok(instant) => zone.to_offset(instant).seconds(),
        Err(_) => 0,
    }
}

enum TextZone {
    Offset(i32),
    Naive,
    Unknown,
}

/// Finds the zone a textual timestamp was written with, as dateutil would
/// see it: `Z`, `GMT`/`UTC`, or a numeric offset after the time.
fn zone_of_text(text: &str) -> TextZone {
    let text = text.trim();
    if text.ends_with(['Z', 'z']) || text.contains("GMT") || text.contains("UTC") {
        return TextZone::Offset(0);
    }
    // A numeric offset follows the time (which has a ':').
    if let Some(colon) = text.find(':') {
        let after = &text[colon..];
        if let Some(sign_at) = after.rfind(['+', '-']) {
            let sign = if after[sign_at..].starts_with('-') {
                -1
            } else {
                1
            };
            let digits: String = after[sign_at + 1..]
                .chars()
                .filter(|c| c.is_ascii_digit())
                .collect();
            let offset = match digits.len() {
                2 => digits.parse::<i32>().ok().map(|h| h * 3600),
                4 => {
                    let h: i32 = digits[..2].parse().unwrap_or(0);
                    let m: i32 = digits[2..].parse().unwrap_or(0);
                    Some(h * 3600 + m * 60)
                }
                _ => None,
            };
            return offset.map_or(TextZone::Unknown, |o| TextZone::Offset(sign * o));
        }
        return TextZone::Naive;
    }
    if text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') {
        return TextZone::Naive;
    }
    TextZone::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(seconds: i64, nanos: u32, offset: Option<i32>, wire: Option<WireValue>) -> Timestamp {
        Timestamp {
            seconds,
            nanos,
            offset,
            wire,
        }
    }

    fn tokyo() -> TimeZone {
        TimeZone::fixed(jiff::tz::offset(9))
    }

    #[test]
    fn iso8601_epoch_number_uses_local_zone() {
        let t = ts(
            1_795_743_167,
            741_000_000,
            None,
            Some(WireValue::Number("1795743167.741".into())),
        );
        assert_eq!(iso8601(&t, &tokyo()), "2026-11-27T10:32:47.741000+09:00");
        assert_eq!(
            iso8601(&t, &TimeZone::UTC),
            "2026-11-27T01:32:47.741000+00:00"
        );
    }

    #[test]
    fn iso8601_text_keeps_written_offset() {
        let t = ts(
            1_795_742_553,
            786_231_000,
            Some(0),
            Some(WireValue::Text("2026-11-27T01:22:33.786231Z".into())),
        );
        assert_eq!(iso8601(&t, &tokyo()), "2026-11-27T01:22:33.786231+00:00");
        let t = ts(
            1_795_742_553,
            0,
            Some(3600),
            Some(WireValue::Text("2026-11-27T02:22:33+01:00".into())),
        );
        assert_eq!(iso8601(&t, &tokyo()), "2026-11-27T02:22:33+01:00");
    }

    #[test]
    fn iso8601_integer_epoch_has_no_fraction() {
        let t = ts(0, 0, None, Some(WireValue::Number("0".into())));
        assert_eq!(iso8601(&t, &TimeZone::UTC), "1970-01-01T00:00:00+00:00");
    }

    /// Expected values from `iso_format` in
    /// `awscli/customizations/timestampformat.py` with TZ=UTC.
    #[test]
    fn iso8601_matches_reference_iso_format() {
        let number = |text: &str| ts(0, 0, None, Some(WireValue::Number(text.into())));
        let cases = [
            (number("1795743167.741"), "2026-11-27T01:32:47.741000+00:00"),
            (number("1.0000005"), "1970-01-01T00:00:01.000001+00:00"),
            (number("1.0000015"), "1970-01-01T00:00:01.000001+00:00"),
            (number("1000000000.9999996"), "2001-09-09T01:46:41+00:00"),
            (number("-1.5"), "1969-12-31T23:59:58.500000+00:00"),
            (
                ts(0, 0, None, Some(WireValue::Text("1700000000.5".into()))),
                "2023-11-14T22:13:20.500000+00:00",
            ),
            (
                ts(
                    1_795_742_553,
                    786_231_900,
                    Some(0),
                    Some(WireValue::Text("2026-11-27T01:22:33.7862319Z".into())),
                ),
                "2026-11-27T01:22:33.786231+00:00",
            ),
            (
                ts(
                    1_795_742_553,
                    0,
                    Some(0),
                    Some(WireValue::Text("2026-11-27T01:22:33".into())),
                ),
                "2026-11-27T01:22:33",
            ),
            (
                ts(
                    1_795_742_553,
                    0,
                    Some(0),
                    Some(WireValue::Text("Fri, 27 Nov 2026 01:22:33 GMT".into())),
                ),
                "2026-11-27T01:22:33+00:00",
            ),
            (
                ts(
                    1_795_762_353,
                    0,
                    Some(-19_800),
                    Some(WireValue::Text("2026-11-27T01:22:33-05:30".into())),
                ),
                "2026-11-27T01:22:33-05:30",
            ),
            (
                ts(
                    1_795_737_600,
                    0,
                    Some(0),
                    Some(WireValue::Text("2026-11-27".into())),
                ),
                "2026-11-27T00:00:00",
            ),
        ];
        for (timestamp, expected) in cases {
            assert_eq!(
                iso8601(&timestamp, &TimeZone::UTC),
                expected,
                "{timestamp:?}"
            );
        }
    }

    #[test]
    fn wire_format_keeps_raw_values() {
        let mut v = Value::List(vec![
            Value::Timestamp(ts(
                1,
                0,
                None,
                Some(WireValue::Number("1795743167.741".into())),
            )),
            Value::Timestamp(ts(1, 0, None, Some(WireValue::Number("1795743167".into())))),
            Value::Timestamp(ts(
                1,
                0,
                Some(0),
                Some(WireValue::Text("2026-11-27T01:22:33Z".into())),
            )),
        ]);
        normalize_timestamps_in_zone(&mut v, TimestampFormat::Wire, &TimeZone::UTC);
        assert_eq!(
            v,
            Value::List(vec![
                Value::Float(1795743167.741),
                Value::Integer(1795743167),
                Value::String("2026-11-27T01:22:33Z".into()),
            ])
        );
    }
}
