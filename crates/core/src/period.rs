//! Reporting periods (`sla-semantics.md`, "Metrics over a period"): local months, quarters and
//! `[from, to)` date ranges in an agreement's time zone, and the [`Span`] a report covers.
//!
//! A period that has not ended at the report's instant `as_of` is reported **to date** (spec
//! revision 2): over `[start, as_of)`, every ticket evaluated at `as_of`, so nothing that has not
//! happened is counted. A period that starts after `as_of` has no figures ([`Period::span`] is
//! `None`). A period starting exactly at `as_of` has begun: it is reported to date over the empty
//! range `[start, start)`, with zero counts, rather than left out.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::agreement::Agreement;
use crate::error::CoreError;
use crate::instant::Instant;

/// A reporting period in an agreement's local time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Period {
    /// A calendar month.
    Month {
        /// Year.
        year: i32,
        /// Month 1–12.
        month: u32,
    },
    /// A calendar quarter.
    Quarter {
        /// Year.
        year: i32,
        /// Quarter 1–4.
        quarter: u32,
    },
    /// Local dates `[from, to)`.
    Range {
        /// First date.
        from: NaiveDate,
        /// Date after the last.
        to: NaiveDate,
    },
}

impl Period {
    /// Parses `2026-10`, `2026-Q4` or `2026-10-01..2026-10-15` (dates `[from, to)`).
    ///
    /// # Errors
    /// [`CoreError::BadPeriod`] when the text is none of these.
    pub fn parse(text: &str) -> Result<Self, CoreError> {
        let bad = || CoreError::BadPeriod(text.to_owned());
        if let Some((a, b)) = text.split_once("..") {
            let from = NaiveDate::parse_from_str(a, "%Y-%m-%d").map_err(|_| bad())?;
            let to = NaiveDate::parse_from_str(b, "%Y-%m-%d").map_err(|_| bad())?;
            return if to > from {
                Ok(Self::Range { from, to })
            } else {
                Err(bad())
            };
        }
        let (y, rest) = text.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        if let Some(q) = rest.strip_prefix('Q') {
            let quarter: u32 = q.parse().map_err(|_| bad())?;
            return if (1..=4).contains(&quarter) && q.len() == 1 {
                Ok(Self::Quarter { year, quarter })
            } else {
                Err(bad())
            };
        }
        let month: u32 = rest.parse().map_err(|_| bad())?;
        if rest.len() == 2 && (1..=12).contains(&month) {
            Ok(Self::Month { year, month })
        } else {
            Err(bad())
        }
    }

    /// The local dates `[first, end)`.
    #[must_use]
    pub fn dates(self) -> (NaiveDate, NaiveDate) {
        let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN);
        let next = |y: i32, m: u32| {
            if m == 12 {
                ymd(y + 1, 1)
            } else {
                ymd(y, m + 1)
            }
        };
        match self {
            Self::Month { year, month } => (ymd(year, month), next(year, month)),
            Self::Quarter { year, quarter } => {
                let m = (quarter - 1) * 3 + 1;
                (ymd(year, m), next(year, m + 2))
            }
            Self::Range { from, to } => (from, to),
        }
    }

    /// The UTC instants `[start, end)` of the period in a calendar's time zone.
    #[must_use]
    pub fn bounds(self, agreement: &Agreement) -> (Instant, Instant) {
        let (a, b) = self.dates();
        (
            agreement.calendar.midnight(a),
            agreement.calendar.midnight(b),
        )
    }

    /// Months the period fee is made of: 1, 3, or a custom range's days / 30.
    #[must_use]
    pub fn months(self) -> Decimal {
        match self {
            Self::Month { .. } => Decimal::ONE,
            Self::Quarter { .. } => Decimal::from(3),
            Self::Range { from, to } => Decimal::from((to - from).num_days()) / Decimal::from(30),
        }
    }

    /// The month or quarter containing a local date.
    #[must_use]
    pub fn containing(date: NaiveDate, quarter: bool) -> Self {
        if quarter {
            Self::Quarter {
                year: date.year(),
                quarter: (date.month() - 1) / 3 + 1,
            }
        } else {
            Self::Month {
                year: date.year(),
                month: date.month(),
            }
        }
    }

    /// The period before this one (a range moves back by its own length).
    #[must_use]
    pub fn previous(self) -> Self {
        match self {
            Self::Month { year, month: 1 } => Self::Month {
                year: year - 1,
                month: 12,
            },
            Self::Month { year, month } => Self::Month {
                year,
                month: month - 1,
            },
            Self::Quarter { year, quarter: 1 } => Self::Quarter {
                year: year - 1,
                quarter: 4,
            },
            Self::Quarter { year, quarter } => Self::Quarter {
                year,
                quarter: quarter - 1,
            },
            Self::Range { from, to } => Self::Range {
                from: from - Duration::days((to - from).num_days()),
                to: from,
            },
        }
    }

    /// The period after this one (a range moves by its own length).
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Month { year, month: 12 } => Self::Month {
                year: year + 1,
                month: 1,
            },
            Self::Month { year, month } => Self::Month {
                year,
                month: month + 1,
            },
            Self::Quarter { year, quarter: 4 } => Self::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Self::Quarter { year, quarter } => Self::Quarter {
                year,
                quarter: quarter + 1,
            },
            Self::Range { from, to } => Self::Range {
                from: to,
                to: to + Duration::days((to - from).num_days()),
            },
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Self::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

/// What a report of a period covers at its instant `as_of`: `[start, end)` in UTC, where `end`
/// is the period's end once it has passed, and `as_of` before that (the period to date).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Span {
    /// The period.
    pub period: Period,
    /// Its first instant.
    pub start: Instant,
    /// The end of what is reported (exclusive), and the instant every ticket is evaluated at:
    /// the period's end, or `as_of` while the period has not ended.
    pub end: Instant,
    /// The period's own end.
    pub period_end: Instant,
}

impl Span {
    /// Whether an instant falls in what is reported, `[start, end)`.
    #[must_use]
    pub fn contains(&self, t: Instant) -> bool {
        self.start <= t && t < self.end
    }

    /// `Some(as_of)` when the period had not ended at the report's instant: its figures are to
    /// date and its credits provisional.
    #[must_use]
    pub fn to_date(&self) -> Option<Instant> {
        (self.end < self.period_end).then_some(self.end)
    }
}

impl Period {
    /// What a report of this period at `as_of` covers (the agreement's time zone bounds it);
    /// `None` when the period starts after `as_of`.
    #[must_use]
    pub fn span(self, agreement: &Agreement, as_of: Instant) -> Option<Span> {
        let (start, end) = self.bounds(agreement);
        (start <= as_of).then_some(Span {
            period: self,
            start,
            end: end.min(as_of),
            period_end: end,
        })
    }

    /// The whole period, ended (a report made after it).
    #[must_use]
    pub fn whole(self, agreement: &Agreement) -> Span {
        let (start, end) = self.bounds(agreement);
        Span {
            period: self,
            start,
            end,
            period_end: end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement() -> Agreement {
        let src = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/sample/agreements/premium.toml"
        ))
        .unwrap();
        crate::parse_agreement("premium.toml", &src).unwrap()
    }

    fn t(s: &str) -> Instant {
        Instant::parse(s).unwrap()
    }

    #[test]
    fn periods_parse_print_and_bound_in_local_time() {
        let a = agreement();
        for (text, from, to) in [
            ("2026-10", "2026-10-01T04:00:00Z", "2026-11-01T04:00:00Z"),
            ("2026-Q4", "2026-10-01T04:00:00Z", "2027-01-01T05:00:00Z"),
            (
                "2026-11-01..2026-11-03",
                "2026-11-01T04:00:00Z",
                "2026-11-03T05:00:00Z",
            ),
        ] {
            let p = Period::parse(text).unwrap();
            assert_eq!(p.to_string(), text);
            assert_eq!(p.bounds(&a), (t(from), t(to)));
        }
        for bad in [
            "2026",
            "2026-13",
            "2026-Q5",
            "2026-1",
            "26-10",
            "2026-10-05..2026-10-05",
            "2026-10-01..",
            "x",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Period::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert_eq!(
            Period::parse("2026-Q4").unwrap().next().to_string(),
            "2027-Q1"
        );
        for p in ["2026-01", "2026-Q1", "2026-10-01..2026-10-08"] {
            let p = Period::parse(p).unwrap();
            assert_eq!(p.previous().next(), p);
        }
        assert_eq!(
            Period::parse("2026-01").unwrap().previous().to_string(),
            "2025-12"
        );
        assert_eq!(
            Period::parse("2026-10-01..2026-10-16").unwrap().months(),
            Decimal::new(5, 1)
        );
    }
}
