//! Target durations as agreements write them: `90s`, `45m`, `4h`, `2h30m`, `3d` (a day is 24 h).
//!
//! Units appear at most once, largest first (`d`, `h`, `m`, `s`). A target of zero makes no sense
//! in a contract (it would be breached the second a ticket opens), so it is rejected.

/// Longest target accepted: ten years. Anything longer is almost certainly a typo.
pub const MAX_TARGET_SECS: i64 = 3650 * 86_400;

/// Parses a duration into seconds.
///
/// # Errors
/// A readable reason naming the accepted shapes.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let shape = "durations look like `90s`, `45m`, `4h`, `2h30m` or `3d`";
    if text.is_empty() {
        return Err(format!("empty duration: {shape}"));
    }
    let mut total: i64 = 0;
    let mut last_rank = usize::MAX;
    let mut num: Option<i64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = num
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|n| n.checked_add(i64::from(d)));
            num = Some(
                n.filter(|n| *n <= MAX_TARGET_SECS)
                    .ok_or_else(|| format!("`{text}` is too long"))?,
            );
            continue;
        }
        let (rank, unit) = match c {
            'd' => (0, 86_400),
            'h' => (1, 3_600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return Err(format!("`{text}` has an unexpected `{c}`: {shape}")),
        };
        let n = num
            .take()
            .ok_or_else(|| format!("`{text}` has a unit without a number: {shape}"))?;
        if last_rank != usize::MAX && rank <= last_rank {
            return Err(format!(
                "`{text}` repeats a unit or puts a smaller one first: {shape}"
            ));
        }
        last_rank = rank;
        total = total.saturating_add(n.saturating_mul(unit));
    }
    if num.is_some() {
        return Err(format!(
            "`{text}` ends with a number without a unit: {shape}"
        ));
    }
    if total == 0 {
        return Err(format!("`{text}` is zero: a target must be positive"));
    }
    if total > MAX_TARGET_SECS {
        return Err(format!("`{text}` is longer than ten years"));
    }
    Ok(total)
}

/// Formats seconds the way agreements write them (`2h30m`, `3d`, `90s`).
#[must_use]
pub fn format_duration(secs: i64) -> String {
    if secs == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    let mut rest = secs.abs();
    if secs < 0 {
        out.push('-');
    }
    for (unit, size) in [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)] {
        if rest >= size {
            out.push_str(&(rest / size).to_string());
            out.push(unit);
            rest %= size;
        }
    }
    out
}

/// Seconds as hours with up to two decimals (`4`, `2.5`, `0.25`), for summaries.
#[must_use]
pub fn hours(secs: i64) -> String {
    let h = rust_decimal::Decimal::new(secs, 0) / rust_decimal::Decimal::new(3600, 0);
    h.round_dp(2).normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shapes() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("45m"), Ok(2700));
        assert_eq!(parse_duration("4h"), Ok(14_400));
        assert_eq!(parse_duration("2h30m"), Ok(9000));
        assert_eq!(parse_duration("3d"), Ok(259_200));
        assert_eq!(parse_duration("1d2h3m4s"), Ok(93_784));
    }

    #[test]
    fn rejects_the_rest() {
        for bad in [
            "",
            "0m",
            "4",
            "h",
            "30m2h",
            "4h4h",
            "4 h",
            "4H",
            "-4h",
            "99999999999d",
            "1.5h",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn formats_round_trip() {
        for s in [90, 2700, 14_400, 9000, 259_200, 93_784] {
            assert_eq!(parse_duration(&format_duration(s)), Ok(s));
        }
        assert_eq!(hours(9000), "2.5");
        assert_eq!(hours(900), "0.25");
    }
}
