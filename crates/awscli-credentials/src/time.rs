//! The timestamps the credential providers read and write: expirations from STS, SSO, the
//! container and IMDS endpoints, `credential_process` output, and the JSON caches.
//!
//! botocore parses all of them with `dateutil.parser.parse` and writes them with
//! `strftime('%Y-%m-%dT%H:%M:%S%Z')` (credential cache, giving `...UTC`), `isoformat()`
//! (`+00:00`) or `'%Y-%m-%dT%H:%M:%SZ'` (SSO). We accept the ISO 8601 shapes those produce plus
//! a trailing `UTC`/`GMT`; a value without a zone is taken as UTC.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Seconds since the epoch of `text`, or `None` if it is not a timestamp we understand.
pub fn parse_timestamp(text: &str) -> Option<f64> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(text, 0..4)?;
    let month = u32::try_from(digits(text, 5..7)?).ok()?;
    let day = u32::try_from(digits(text, 8..10)?).ok()?;
    let hour = digits(text, 11..13)?;
    let minute = digits(text, 14..16)?;
    let second = digits(text, 17..19)?;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    let mut fraction = 0.0;
    if let Some(after_dot) = rest.strip_prefix('.') {
        let end = after_dot
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after_dot.len());
        if end == 0 {
            return None;
        }
        fraction = format!("0.{}", &after_dot[..end]).parse().ok()?;
        rest = &after_dot[end..];
    }
    let offset_seconds = match rest.trim() {
        "" | "Z" | "z" | "UTC" | "GMT" | "+00:00" | "-00:00" => 0,
        zone => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let zone = zone[1..].replace(':', "");
            if zone.len() != 4 {
                return None;
            }
            let hours = digits(&zone, 0..2)?;
            let minutes = digits(&zone, 2..4)?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some(seconds as f64 + fraction)
}

/// `parse_timestamp` as a `SystemTime`.
pub fn parse_system_time(text: &str) -> Option<SystemTime> {
    let seconds = parse_timestamp(text)?;
    from_epoch(seconds)
}

/// A `SystemTime` from seconds since the epoch (may be before it).
pub fn from_epoch(seconds: f64) -> Option<SystemTime> {
    if !seconds.is_finite() {
        return None;
    }
    if seconds >= 0.0 {
        UNIX_EPOCH.checked_add(Duration::from_secs_f64(seconds))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs_f64(-seconds))
    }
}

/// Seconds since the epoch of `time` (negative before it).
pub fn epoch_seconds(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// Seconds from `now` until `then` (negative when `then` is past).
pub fn seconds_between(now: SystemTime, then: SystemTime) -> f64 {
    epoch_seconds(then) - epoch_seconds(now)
}

/// The UTC date and time of `time` as `(Y, M, D, h, m, s)`.
fn utc_fields(time: SystemTime) -> (i64, u32, u32, i64, i64, i64) {
    let total = epoch_seconds(time).floor() as i64;
    let days = total.div_euclid(86_400);
    let of_day = total.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    (
        year,
        month,
        day,
        of_day / 3600,
        (of_day % 3600) / 60,
        of_day % 60,
    )
}

/// `strftime('%Y-%m-%dT%H:%M:%S' + suffix)` in UTC.
pub fn format_utc(time: SystemTime, suffix: &str) -> String {
    let (year, month, day, hour, minute, second) = utc_fields(time);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_timestamp_accepts_botocore_shapes() {
        let expected = 1_795_738_800.0; // 2026-11-27T00:20:00Z
        for text in [
            "2026-11-27T00:20:00Z",
            "2026-11-27T00:20:00UTC",
            "2026-11-27T00:20:00+00:00",
            "2026-11-27T01:20:00+01:00",
            "2026-11-26T23:20:00-0100",
            "2026-11-27T00:20:00",
            "2026-11-27 00:20:00Z",
        ] {
            assert_eq!(parse_timestamp(text), Some(expected), "{text}");
        }
        assert_eq!(
            parse_timestamp("2026-11-27T00:20:00.5Z"),
            Some(expected + 0.5)
        );
        assert_eq!(parse_timestamp("tomorrow"), None);
        assert_eq!(parse_timestamp("2026-13-27T00:20:00Z"), None);
    }

    #[test]
    fn format_utc_round_trips() {
        let time = parse_system_time("2024-02-29T23:59:58Z").expect("valid timestamp");
        assert_eq!(format_utc(time, "Z"), "2024-02-29T23:59:58Z");
        assert_eq!(format_utc(time, "UTC"), "2024-02-29T23:59:58UTC");
        assert_eq!(format_utc(UNIX_EPOCH, "Z"), "1970-01-01T00:00:00Z");
    }
}
