//! UTC instants at one-second resolution, as the spec exchanges them.
//!
//! Every instant Accord computes with is a count of seconds since the Unix epoch in UTC. Input is
//! RFC 3339 with any offset (fractions of a second are dropped: an event stamped `10:00:00.9`
//! happened during the second `10:00:00`); output is always `YYYY-MM-DDTHH:MM:SSZ`.
//!
//! Instants read are bounded to [`EARLIEST`]..=[`LATEST`] (years 0000 to 9899): every instant
//! Accord writes is RFC 3339, whose years have four digits, and a deadline or escalation is at
//! most a target (ten years of counted time, [`crate::duration::MAX_TARGET_SECS`]) after an
//! instant read — the century left above [`LATEST`] keeps those inside year 9999 for any
//! calendar with at least a few business hours a week. An instant outside is an error where
//! it is read.
//!
//! What has not happened yet cannot be recorded: the entry points that store tickets and
//! events (the command line's ticket writes, imports, the desktop's forms) refuse instants
//! later than their "now" by more than [`MAX_CLOCK_SKEW_SECS`] ([`not_in_future`]); the core
//! stays pure, the caller passes its clock in.
//!
//! Parsing and formatting sit on the hot path of `accord sla` (millions of timestamps per run), so
//! the common `…Z` shape is handled by a small exact routine; anything else falls back to chrono's
//! RFC 3339 parser. Both are tested against each other.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// The earliest instant read: 0000-01-01T00:00:00Z.
pub const EARLIEST: Instant = Instant(-62_167_219_200);

/// The latest instant read: 9899-12-31T23:59:59Z (see the module documentation).
pub const LATEST: Instant = Instant(250_246_627_199);

/// How far ahead of the writer's clock an instant may be and still be recorded (five minutes):
/// clocks of the machines that send events drift apart by seconds, rarely by more.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// Refuses an instant later than `now` by more than [`MAX_CLOCK_SKEW_SECS`].
///
/// # Errors
/// The reason, in words.
pub fn not_in_future(at: Instant, now: Instant) -> Result<(), String> {
    let latest = now.plus(MAX_CLOCK_SKEW_SECS);
    if at > latest {
        Err(format!(
            "{at} is in the future (later than {latest}): record what has happened"
        ))
    } else {
        Ok(())
    }
}

/// A UTC instant, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Instant(pub i64);

impl Instant {
    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn secs(self) -> i64 {
        self.0
    }

    /// This instant moved by `secs` seconds.
    #[must_use]
    pub const fn plus(self, secs: i64) -> Self {
        Self(self.0 + secs)
    }

    /// Parses an RFC 3339 instant (`2026-03-08T07:00:00Z`, `2026-03-08T02:00:00-05:00`).
    ///
    /// # Errors
    /// A readable reason when the text is not an RFC 3339 date-time with an offset.
    pub fn parse(text: &str) -> Result<Self, String> {
        let i = match parse_fast(text.as_bytes()) {
            Some(i) => i,
            None => DateTime::parse_from_rfc3339(text)
                .map(|dt| Self(dt.timestamp()))
                .map_err(|e| format!("`{text}` is not an RFC 3339 instant with an offset ({e})"))?,
        };
        Self::bounded(i, text)
    }

    /// `i` when within [`EARLIEST`]..=[`LATEST`].
    fn bounded(i: Self, text: &str) -> Result<Self, String> {
        if (EARLIEST..=LATEST).contains(&i) {
            Ok(i)
        } else {
            Err(format!(
                "`{text}` is outside the instants Accord reads ({EARLIEST} to {LATEST})"
            ))
        }
    }

    /// Parses an RFC 3339 instant from bytes (the CSV readers' entry point).
    ///
    /// # Errors
    /// As [`Self::parse`]; also when the bytes are not UTF-8.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Self, String> {
        if let Some(i) = parse_fast(bytes).filter(|i| *i <= LATEST) {
            return Ok(i);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::parse(text),
            Err(_) => Err(format!(
                "`{}` is not an RFC 3339 instant",
                String::from_utf8_lossy(bytes)
            )),
        }
    }

    /// The instant as a chrono UTC date-time.
    #[must_use]
    pub fn to_chrono(self) -> DateTime<Utc> {
        Utc.timestamp_opt(self.0, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The instant of a chrono date-time (sub-second part dropped).
    #[must_use]
    pub fn from_chrono<Tz: TimeZone>(dt: &DateTime<Tz>) -> Self {
        Self(dt.timestamp())
    }

    /// The instant of a naive date-time read as UTC.
    #[must_use]
    pub fn from_naive_utc(ndt: NaiveDateTime) -> Self {
        Self(ndt.and_utc().timestamp())
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` to `out`.
    pub fn write_rfc3339(self, out: &mut Vec<u8>) {
        let days = self.0.div_euclid(86_400);
        let sod = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if (0..=9999).contains(&y) {
            let mut buf = *b"0000-00-00T00:00:00Z";
            put2(&mut buf[0..2], (y / 100) as u32);
            put2(&mut buf[2..4], (y % 100) as u32);
            put2(&mut buf[5..7], m);
            put2(&mut buf[8..10], d);
            put2(&mut buf[11..13], (sod / 3600) as u32);
            put2(&mut buf[14..16], (sod / 60 % 60) as u32);
            put2(&mut buf[17..19], (sod % 60) as u32);
            out.extend_from_slice(&buf);
        } else {
            out.extend_from_slice(
                self.to_chrono()
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
                    .as_bytes(),
            );
        }
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::with_capacity(20);
        self.write_rfc3339(&mut out);
        f.write_str(&String::from_utf8_lossy(&out))
    }
}

impl serde::Serialize for Instant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Instants reach TypeScript as the RFC 3339 text they serialise to.
#[cfg(feature = "specta")]
impl specta::Type for Instant {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <String as specta::Type>::definition(types)
    }
}

fn put2(dst: &mut [u8], v: u32) {
    dst[0] = b'0' + (v / 10) as u8;
    dst[1] = b'0' + (v % 10) as u8;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
#[must_use]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
#[must_use]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn digits<const N: usize>(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b.get(..N)? {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly; `None` sends the caller to the general parser.
fn parse_fast(b: &[u8]) -> Option<Instant> {
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let y = digits::<4>(&b[0..])?;
    let m = digits::<2>(&b[5..])?;
    let d = digits::<2>(&b[8..])?;
    let hh = digits::<2>(&b[11..])?;
    let mm = digits::<2>(&b[14..])?;
    let ss = digits::<2>(&b[17..])?;
    if !(1..=12).contains(&m) || d == 0 || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    if d > 28 && NaiveDate::from_ymd_opt(y as i32, m, d).is_none() {
        return None;
    }
    let days = days_from_civil(i64::from(y), m, d);
    Some(Instant(days * 86_400 + i64::from(hh * 3600 + mm * 60 + ss)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_offsets_and_fractions() {
        assert_eq!(Instant::parse("1970-01-01T00:00:00Z").unwrap(), Instant(0));
        assert_eq!(
            Instant::parse("2026-03-08T02:00:00-05:00").unwrap(),
            Instant::parse("2026-03-08T07:00:00Z").unwrap()
        );
        assert_eq!(
            Instant::parse("2026-03-08T07:00:00.999Z").unwrap(),
            Instant::parse("2026-03-08T07:00:00Z").unwrap()
        );
        assert!(Instant::parse("2026-02-30T00:00:00Z").is_err());
        assert!(Instant::parse("2026-03-08 07:00:00").is_err());
        assert!(Instant::parse("").is_err());
    }

    #[test]
    fn instants_are_bounded_to_four_digit_years_and_a_century_to_spare() {
        assert_eq!(EARLIEST.to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(LATEST.to_string(), "9899-12-31T23:59:59Z");
        assert_eq!(Instant::parse("9899-12-31T23:59:59Z"), Ok(LATEST));
        assert_eq!(Instant::parse_bytes(b"0000-01-01T00:00:00Z"), Ok(EARLIEST));
        for text in [
            "9999-12-31T23:59:59Z",
            "9900-01-01T00:00:00Z",
            "0000-01-01T00:00:00+00:01",
        ] {
            let e = Instant::parse(text).unwrap_err();
            assert!(e.contains("outside"), "{text}: {e}");
            assert!(Instant::parse_bytes(text.as_bytes()).is_err(), "{text}");
        }
    }

    #[test]
    fn the_future_is_refused_beyond_the_clock_skew() {
        let now = Instant::parse("2026-12-01T12:00:00Z").unwrap();
        assert!(not_in_future(now.plus(MAX_CLOCK_SKEW_SECS), now).is_ok());
        let e = not_in_future(now.plus(MAX_CLOCK_SKEW_SECS + 1), now).unwrap_err();
        assert!(
            e.contains("2026-12-01T12:05:01Z") && e.contains("future"),
            "{e}"
        );
    }

    proptest! {
        #[test]
        fn fast_path_matches_chrono(secs in -62_135_596_800i64..253_402_300_799) {
            let i = Instant(secs);
            let text = i.to_string();
            prop_assert_eq!(text.clone(), i.to_chrono().format("%Y-%m-%dT%H:%M:%SZ").to_string());
            prop_assert_eq!(parse_fast(text.as_bytes()), Some(i));
            prop_assert_eq!(DateTime::parse_from_rfc3339(&text).unwrap().timestamp(), secs);
        }

        #[test]
        fn fast_path_never_disagrees(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z") {
            if let Some(i) = parse_fast(s.as_bytes()) {
                prop_assert_eq!(DateTime::parse_from_rfc3339(&s).unwrap().timestamp(), i.0);
            }
        }
    }
}
