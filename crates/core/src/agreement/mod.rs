//! Customer service agreements as typed Rust, read from the TOML of `formats.md`.
//!
//! Reading happens in two stages (as ripgrep does with flags): serde reads the file into raw
//! structs that mirror the TOML and reject unknown keys, keeping each value's byte span; then
//! [`parse_agreement`] validates every value into the domain types, collecting all problems it
//! finds, each located by file, line, column and key path.
//!
//! Decisions where `formats.md` is silent:
//! - Required: `id`, `title`, `provider`, `alliance`, `region`, `tier`, `effective_from`,
//!   `scope`, `monthly_fee`, `currency`, `[calendar]` with `time_zone`, and all four
//!   `[targets.pN]`. Everything else may be left out (no channels, no escalation, no credits).
//! - Weekdays left out of `[calendar]` have no business hours.
//! - Decimals (`monthly_fee`, credit amounts) are strings or integers, never binary floats;
//!   fractions written as TOML floats (`at = 0.75`) are read from their shortest decimal
//!   spelling, so `0.75` is exactly 3/4.
//! - Amounts (`monthly_fee`, fixed per-breach credits) are at most 10^15 (a thousand
//!   million million) in the agreement's currency ([`MAX_AMOUNT`]). The credit arithmetic
//!   multiplies them (a quarter's fee is three monthly fees, a range's fee more, a credit is
//!   a percent of a fee, per-breach credits add up over every breach) in 96-bit decimals,
//!   which hold about 7.9 × 10^28: the bound keeps every such product far inside that, and
//!   is far above any real fee. A larger amount is an error at reading, located like others.
//! - A channel's `hours` is `"calendar"`, `"24x7"`, a list of windows applied every day, or a
//!   table of weekday windows like `[calendar]`.
//!
//! Amendments (format v1.1, `formats.md`; `sla-semantics.md`, "Terms in force"):
//! - A file without `[[amendments]]` is read exactly as a v1 file; its [`Agreement::amendments`]
//!   is empty and its terms are in force at every instant.
//! - The terms after an amendment are the terms before it (the base terms, or those after the
//!   amendment before it) with its keys merged in: tables key by key at every depth
//!   (`calendar`, `targets.pN`, `credits`, inline tables such as `per_breach`), every other
//!   value, arrays included, replaced whole. A key cannot be removed by an amendment, only
//!   given a new value. Each [`Amendment::terms`] is that whole agreement, read and validated
//!   like a file of its own, with no amendments of its own.
//! - An amendment holds `effective` (required local date), `reference` (required, not blank,
//!   unique in the file), `signed` (optional date; not checked against `effective`: an
//!   amendment may be signed after the date it takes effect) and any top-level key but `id`,
//!   `effective_from` and `amendments`.
//! - `effective` dates are strictly increasing in file order, strictly after the base
//!   `effective_from`, and not after the `effective_to` of the terms in force after the
//!   amendment: its own `effective_to` when it sets one (so an amendment extending the term may
//!   take effect up to the new end), else the one it inherits. An amendment that sets no
//!   `effective_to` keeps the term open-ended if it was. As every later amendment is checked
//!   against the end in force after it, an amendment cannot end the term before an earlier
//!   amendment took effect.
//! - `calendar.time_zone` may be repeated in an amendment but not changed (compared as
//!   written): every amendment's start is read in the one time zone.
//! - An amendment starts ([`Amendment::starts`]) at 00:00 of its `effective` date in the
//!   calendar's time zone, read as [`Calendar::midnight`] reads it: when midnight falls in a DST
//!   gap, the instant the gap opens (the first instant of that local date); when it occurs
//!   twice, the earlier. So [`Agreement::terms_at`] of an instant and [`Agreement::terms_on`] of
//!   its local date always agree.
//! - A problem of the terms after an amendment is named by the amendment,
//!   `amendments[1] (Amendment No. 2).targets.p2.resolution` (0-based index, then the
//!   reference; `amendments[1]` alone when it has no valid reference), and located at the value
//!   when the amendment wrote it, else at the amendment's `[[amendments]]` header. A problem the
//!   terms before the amendment had too, at a value the amendment did not write, is reported
//!   once, where it was written, not again for each later amendment. Unknown keys inside an
//!   amendment are named by it too (`amendments[0] (Amendment No. 1).calendar.mondays`).
//!
//! The stages live apart: `schema` is the file's shape (the raw structs, whose fields are also
//! the one list of known keys), `read` turns the raw structs into these types section by
//! section, `values` checks single values (ids, dates, decimals, amounts, weekly windows), and
//! `amend` reads the amendments into the terms in force after each.

mod amend;
pub mod draft;
pub mod holidays;
mod locate;
mod read;
mod schema;
mod values;

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{Calendar, WeeklyHours};
use crate::instant::Instant;
use crate::model::{Channel, ClockKind, ClockName, Priority, ReportingPeriod, Tier};

pub use draft::{AmendmentDraft, DraftError, draft_amendment};
pub use read::parse_agreement;

/// A customer service agreement.
#[derive(Clone, PartialEq, Debug)]
pub struct Agreement {
    /// Unique id, `[A-Za-z0-9._-]{1,64}`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The provider serving the customers.
    pub provider: String,
    /// The reseller alliance whose customers are served.
    pub alliance: String,
    /// The region covered.
    pub region: String,
    /// Basic, Premium or Enterprise.
    pub tier: Tier,
    /// First local date in force.
    pub effective_from: NaiveDate,
    /// Last local date in force (inclusive), if the term ends.
    pub effective_to: Option<NaiveDate>,
    /// Ticket categories the agreement covers.
    pub scope: Vec<String>,
    /// The dedicated account manager (Premium) or the account's manager.
    pub account_manager: Option<String>,
    /// Dedicated technical staff (Enterprise), e.g. `"Ana Ortiz <ana@apc.example>"`. An Accord
    /// addition to format v1: optional, and written only when someone is named, so files
    /// without it stay plain v1.
    pub technical_staff: Vec<String>,
    /// Fee per month, exact.
    pub monthly_fee: Decimal,
    /// ISO 4217 currency.
    pub currency: Currency,
    /// Business calendar.
    pub calendar: Calendar,
    /// Targets per priority, indexed by [`Priority::index`].
    pub targets: [Target; 4],
    /// Support channels.
    pub channels: Vec<SupportChannel>,
    /// Customer responsibilities.
    pub responsibilities: Vec<String>,
    /// Escalation ladder, sorted by level.
    pub escalation: Vec<EscalationLevel>,
    /// Reporting period and targets.
    pub reporting: Reporting,
    /// Service credit terms.
    pub credits: CreditTerms,
    /// Amendments (format v1.1), oldest first, each with the terms in force from its start;
    /// empty for a v1 file, and in the terms of an amendment.
    pub amendments: Vec<Amendment>,
}

impl Agreement {
    /// The target of a priority.
    #[must_use]
    pub fn target(&self, p: Priority) -> &Target {
        &self.targets[p.index()]
    }

    /// The terms in force at an instant: those of the last amendment whose start
    /// ([`Amendment::starts`]) is at or before `at`, else these (base) terms.
    #[must_use]
    pub fn terms_at(&self, at: Instant) -> &Self {
        let n = self.amendments.partition_point(|a| a.starts() <= at);
        n.checked_sub(1).map_or(self, |i| &self.amendments[i].terms)
    }

    /// The terms in force on a local date (in the calendar's time zone): those of the last
    /// amendment effective on or before `date`, else these (base) terms. The same as
    /// [`Self::terms_at`] of any instant of that date.
    #[must_use]
    pub fn terms_on(&self, date: NaiveDate) -> &Self {
        let n = self.amendments.partition_point(|a| a.effective <= date);
        n.checked_sub(1).map_or(self, |i| &self.amendments[i].terms)
    }

    /// The amendment whose terms are in force at an instant (the one [`Self::terms_at`] takes
    /// its terms from), or `None` when the base terms are.
    #[must_use]
    pub fn amendment_at(&self, at: Instant) -> Option<&Amendment> {
        let n = self.amendments.partition_point(|a| a.starts() <= at);
        n.checked_sub(1).map(|i| &self.amendments[i])
    }

    /// Every ticket category of the agreement's life: its base scope, then each category an
    /// amendment's scope adds, in the order they appear. A ticket's category is an index into
    /// this list; whether a ticket may have a category is for the terms governing it (the
    /// scope in force at its opening) to say.
    #[must_use]
    pub fn categories(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.scope.iter().map(String::as_str).collect();
        for m in &self.amendments {
            for c in &m.terms.scope {
                if !all.contains(&c.as_str()) {
                    all.push(c);
                }
            }
        }
        all
    }

    /// The name of the terms in force at an instant, as shown next to a number computed under
    /// them: `Amendment No. 1, in force from 2026-07-01` ([`Amendment::label`]), or `None` when
    /// the base terms are in force.
    #[must_use]
    pub fn terms_label_at(&self, at: Instant) -> Option<String> {
        self.amendment_at(at).map(Amendment::label)
    }
}

/// An amendment (format v1.1): from its start, its terms replace those before it.
#[derive(Clone, PartialEq, Debug)]
pub struct Amendment {
    /// The local date (calendar's time zone) it takes effect.
    pub effective: NaiveDate,
    /// How the parties name it, unique in its agreement, e.g. "Amendment No. 1".
    pub reference: String,
    /// The date it was signed, if given.
    pub signed: Option<NaiveDate>,
    /// The complete terms in force from its start: the terms before it with its keys merged
    /// in (their own `amendments` empty).
    pub terms: Arc<Agreement>,
}

impl Amendment {
    /// The instant it takes effect: 00:00 of `effective` in the calendar's time zone (which no
    /// amendment changes), per [`Calendar::midnight`].
    #[must_use]
    pub fn starts(&self) -> Instant {
        self.terms.calendar.midnight(self.effective)
    }

    /// How it is named next to a number computed under its terms: its reference and effective
    /// date, `Amendment No. 1, in force from 2026-07-01`.
    #[must_use]
    pub fn label(&self) -> String {
        format!(
            "{}, in force from {}",
            self.reference,
            self.effective.format("%Y-%m-%d")
        )
    }
}

/// A currency and the digits of its minor unit.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Currency {
    /// ISO 4217 code, e.g. `USD`.
    pub code: String,
    /// Digits after the decimal point of its minor unit (2 for cents).
    pub minor_digits: u32,
}

/// First-response and resolution targets of one priority.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Target {
    /// First-response target, seconds.
    pub first_response_s: i64,
    /// Resolution target, seconds.
    pub resolution_s: i64,
    /// What the seconds are counted on.
    pub clock: ClockKind,
}

impl Target {
    /// The target of one clock, seconds.
    #[must_use]
    pub const fn of(&self, clock: ClockName) -> i64 {
        match clock {
            ClockName::FirstResponse => self.first_response_s,
            ClockName::Resolution => self.resolution_s,
        }
    }
}

/// When a support channel is staffed.
#[derive(Clone, PartialEq, Debug)]
pub enum ChannelHours {
    /// The agreement's business calendar.
    Calendar,
    /// Around the clock.
    Always,
    /// Its own weekly windows, in the calendar's time zone.
    Weekly(WeeklyHours),
}

/// A support channel and its hours.
#[derive(Clone, PartialEq, Debug)]
pub struct SupportChannel {
    /// Phone, email, live chat or help desk.
    pub kind: Channel,
    /// When it is staffed.
    pub hours: ChannelHours,
    /// What happens outside those hours.
    pub after_hours: String,
}

/// One rung of the escalation ladder.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EscalationLevel {
    /// Level number (1 = first).
    pub level: u32,
    /// Who or what it is, e.g. "Senior support".
    pub name: String,
    /// The clock whose elapsed time triggers it.
    pub clock: ClockName,
    /// Threshold as an exact fraction of that clock's target.
    pub at: Decimal,
    /// Who is contacted.
    pub contact: String,
}

impl EscalationLevel {
    /// `floor(at × target_s)`, exactly.
    #[must_use]
    pub fn threshold_s(&self, target_s: i64) -> i64 {
        let v = (self.at * Decimal::from(target_s)).floor();
        i64::try_from(v).unwrap_or(i64::MAX)
    }
}

/// Reporting period and targets.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Reporting {
    /// Month or quarter.
    pub period: ReportingPeriod,
    /// Compliance the provider aims for (0–1).
    pub compliance_target: Option<Decimal>,
    /// CSAT the provider aims for (1–5).
    pub csat_target: Option<Decimal>,
}

/// A per-breach credit.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CreditAmount {
    /// A fixed amount in the agreement's currency.
    Fixed(Decimal),
    /// A percent of the period fee.
    PercentOfFee(Decimal),
}

/// A compliance band: below `below`, `percent` of the period fee is owed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
pub struct Band {
    /// Compliance threshold (0–1).
    pub below: Decimal,
    /// Percent of the period fee.
    pub percent: Decimal,
}

/// Service credit terms.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CreditTerms {
    /// Credit per resolution breach, per priority (none for unlisted priorities).
    pub per_breach: [Option<CreditAmount>; 4],
    /// Compliance bands, sorted by `below` descending.
    pub bands: Vec<Band>,
    /// Cap as a percent of the period fee; `None` = uncapped.
    pub cap_percent: Option<Decimal>,
}

/// The largest amount an agreement may state (`monthly_fee`, a fixed per-breach credit):
/// 10^15 in its currency (see the module documentation).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Advice about an agreement that is valid but probably not what its authors meant.
#[must_use]
pub fn warnings(a: &Agreement) -> Vec<String> {
    let mut out = Vec::new();
    if a.tier == Tier::Premium && a.account_manager.is_none() {
        out.push("a Premium agreement promises a dedicated account manager, but `account_manager` is not set".to_owned());
    }
    if a.tier == Tier::Enterprise && a.technical_staff.is_empty() {
        out.push("an Enterprise agreement promises dedicated technical staff, but `technical_staff` names no one".to_owned());
    }
    if a.tier != Tier::Enterprise && !a.technical_staff.is_empty() {
        out.push(format!(
            "`technical_staff` is an Enterprise promise; this agreement is {}",
            a.tier
        ));
    }
    for p in Priority::ALL {
        let t = a.target(*p);
        if t.first_response_s > t.resolution_s {
            out.push(format!(
                "{p}: the first-response target is longer than the resolution target"
            ));
        }
    }
    for w in Priority::ALL.windows(2) {
        let (hi, lo) = (a.target(w[0]), a.target(w[1]));
        if hi.clock == lo.clock && hi.resolution_s > lo.resolution_s {
            out.push(format!(
                "{}: the resolution target is longer than that of the lower priority {}",
                w[0], w[1]
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for h in &a.calendar.holidays {
        if !seen.insert(h.date) {
            out.push(format!("holiday {} is listed more than once", h.date));
        }
        if h.date < a.effective_from || a.effective_to.is_some_and(|to| h.date > to) {
            out.push(format!(
                "holiday {} falls outside the agreement's term",
                h.date
            ));
        }
    }
    out
}
