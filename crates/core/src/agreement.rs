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

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::calendar::{Calendar, Holiday, WEEKDAYS, WeeklyHours, Window};
use crate::duration::parse_duration;
use crate::error::{InputError, InputErrors};
use crate::model::{Channel, ClockKind, ClockName, Priority, ReportingPeriod, Tier};

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
}

impl Agreement {
    /// The target of a priority.
    #[must_use]
    pub fn target(&self, p: Priority) -> &Target {
        &self.targets[p.index()]
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

// ---------------------------------------------------------------------------------------------
// Raw TOML shape.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgreement {
    id: Spanned<String>,
    title: Spanned<String>,
    provider: Spanned<String>,
    alliance: Spanned<String>,
    region: Spanned<String>,
    tier: Spanned<String>,
    effective_from: Spanned<Datetime>,
    effective_to: Option<Spanned<Datetime>>,
    scope: Spanned<Vec<Spanned<String>>>,
    account_manager: Option<Spanned<String>>,
    technical_staff: Option<Vec<Spanned<String>>>,
    monthly_fee: Spanned<RawNumber>,
    currency: Spanned<String>,
    calendar: Spanned<RawCalendar>,
    targets: Spanned<RawTargets>,
    #[serde(default)]
    channels: Vec<Spanned<RawChannel>>,
    responsibilities: Option<RawResponsibilities>,
    #[serde(default)]
    escalation: Vec<Spanned<RawEscalation>>,
    reporting: Option<RawReporting>,
    credits: Option<RawCredits>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

type RawDay = Option<Spanned<Vec<Spanned<String>>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    time_zone: Spanned<String>,
    mon: RawDay,
    tue: RawDay,
    wed: RawDay,
    thu: RawDay,
    fri: RawDay,
    sat: RawDay,
    sun: RawDay,
    #[serde(default)]
    holidays: Vec<Spanned<RawHoliday>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: Spanned<Datetime>,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    p1: Option<Spanned<RawTarget>>,
    p2: Option<Spanned<RawTarget>>,
    p3: Option<Spanned<RawTarget>>,
    p4: Option<Spanned<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    first_response: Spanned<String>,
    resolution: Spanned<String>,
    clock: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    kind: Spanned<String>,
    hours: Option<Spanned<RawHours>>,
    #[serde(default)]
    after_hours: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawHours {
    Named(String),
    Daily(Vec<String>),
    Weekly(BTreeMap<String, Vec<String>>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponsibilities {
    #[serde(default)]
    items: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalation {
    level: Spanned<i64>,
    #[serde(default)]
    name: String,
    clock: Spanned<String>,
    at: Spanned<RawNumber>,
    #[serde(default)]
    contact: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReporting {
    period: Option<Spanned<String>>,
    compliance_target: Option<Spanned<RawNumber>>,
    csat_target: Option<Spanned<RawNumber>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredits {
    #[serde(default)]
    per_breach: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    bands: Vec<Spanned<RawBand>>,
    cap_percent: Option<Spanned<RawNumber>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    below: Spanned<RawNumber>,
    percent: Spanned<RawNumber>,
}

// ---------------------------------------------------------------------------------------------
// Locating problems.

struct Locator<'a> {
    file: &'a str,
    src: &'a str,
    errors: InputErrors,
}

impl Locator<'_> {
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let before = &self.src.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = self
            .src
            .get(line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    fn at(
        &mut self,
        span: std::ops::Range<usize>,
        key: impl Into<String>,
        reason: impl Into<String>,
    ) {
        let (line, column) = self.line_col(span.start);
        self.errors.push(InputError {
            file: self.file.to_owned(),
            line,
            column,
            key: key.into(),
            reason: reason.into(),
        });
    }

    fn check<T>(
        &mut self,
        span: std::ops::Range<usize>,
        key: &str,
        r: Result<T, String>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.at(span, key, e);
                None
            }
        }
    }
}

/// The largest amount an agreement may state (`monthly_fee`, a fixed per-breach credit):
/// 10^15 in its currency (see the module documentation).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// An amount within [`MAX_AMOUNT`].
fn bounded_amount(v: Decimal, what: &str) -> Result<Decimal, String> {
    if v > MAX_AMOUNT {
        Err(format!(
            "`{v}`: {what} must be at most 1000000000000000 (10^15) in the agreement's currency"
        ))
    } else {
        Ok(v)
    }
}

fn decimal_of(n: &RawNumber) -> Result<Decimal, String> {
    let text = match n {
        RawNumber::Int(i) => return Ok(Decimal::from(*i)),
        // Rust prints the shortest spelling that reads back to the same float: `0.75`, `0.9`.
        RawNumber::Float(f) if f.is_finite() => f.to_string(),
        RawNumber::Float(f) => return Err(format!("`{f}` is not a number")),
        RawNumber::Text(t) => t.clone(),
    };
    text.trim()
        .parse::<Decimal>()
        .map_err(|_| format!("`{text}` is not a decimal number"))
}

fn date_of(d: &Datetime) -> Result<NaiveDate, String> {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .ok_or_else(|| format!("`{d}` is not a date")),
        _ => Err(format!(
            "`{d}` must be a plain date like 2026-01-01, without a time"
        )),
    }
}

fn in_unit_interval(v: Decimal) -> Result<Decimal, String> {
    if v > Decimal::ZERO && v <= Decimal::ONE {
        Ok(v)
    } else {
        Err(format!(
            "`{v}` must be a fraction above 0 and at most 1 (e.g. 0.95)"
        ))
    }
}

fn non_empty(s: &str, what: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        Err(format!("{what} must not be empty"))
    } else {
        Ok(())
    }
}

fn valid_id(id: &str) -> Result<(), String> {
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not an id: use 1 to 64 of A-Z a-z 0-9 . _ -"
        ))
    }
}

/// One weekday's windows as written: the span of the list, and each window with its span.
type DaySpec = Option<(
    std::ops::Range<usize>,
    Vec<(std::ops::Range<usize>, String)>,
)>;

fn day_spec(d: &RawDay) -> DaySpec {
    d.as_ref().map(|d| {
        (
            d.span(),
            d.get_ref()
                .iter()
                .map(|w| (w.span(), w.get_ref().clone()))
                .collect(),
        )
    })
}

/// Validates a week of windows; problems are recorded and give `None`.
fn weekly(loc: &mut Locator<'_>, prefix: &str, days: [DaySpec; 7]) -> Option<WeeklyHours> {
    let mut out: [Vec<Window>; 7] = Default::default();
    let mut ok = true;
    for (i, day) in days.iter().enumerate() {
        let Some((_, windows)) = day else { continue };
        for (j, (span, text)) in windows.iter().enumerate() {
            let key = format!("{prefix}{}[{j}]", WEEKDAYS[i]);
            match loc.check(span.clone(), &key, Window::parse(text)) {
                Some(w) => out[i].push(w),
                None => ok = false,
            }
        }
    }
    match WeeklyHours::new(out) {
        Ok(w) if ok => Some(w),
        Ok(_) => None,
        Err((i, reason)) => {
            let span = days[i].as_ref().map_or(0..0, |d| d.0.clone());
            loc.at(span, format!("{prefix}{}", WEEKDAYS[i]), reason);
            None
        }
    }
}

fn currency_of(code: &str) -> Result<Currency, String> {
    let c = iso_currency::Currency::from_code(code)
        .ok_or_else(|| format!("`{code}` is not an ISO 4217 currency code (e.g. USD, CAD, EUR)"))?;
    Ok(Currency {
        code: code.to_owned(),
        minor_digits: u32::from(c.exponent().unwrap_or(0)),
    })
}

fn credit_amount(text: &str) -> Result<CreditAmount, String> {
    let bad =
        || format!("`{text}` is neither an amount (`250.00`) nor a percent of the fee (`5%`)");
    if let Some(p) = text.strip_suffix('%') {
        let v: Decimal = p.trim().parse().map_err(|_| bad())?;
        if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
            return Err(format!(
                "`{text}`: a percent must be above 0 and at most 100"
            ));
        }
        Ok(CreditAmount::PercentOfFee(v))
    } else {
        let v: Decimal = text.trim().parse().map_err(|_| bad())?;
        if v <= Decimal::ZERO {
            return Err(format!("`{text}`: a credit must be positive"));
        }
        Ok(CreditAmount::Fixed(bounded_amount(v, "a credit")?))
    }
}

fn percent(v: Decimal) -> Result<Decimal, String> {
    if v >= Decimal::ZERO && v <= Decimal::ONE_HUNDRED {
        Ok(v)
    } else {
        Err(format!("`{v}` must be a percent from 0 to 100"))
    }
}

/// Reads the serde error's key path, without serde_spanned's internal field names.
fn clean_path(path: &str) -> String {
    let p: Vec<&str> = path
        .split('.')
        .filter(|seg| !seg.starts_with("$__") && !seg.is_empty())
        .collect();
    p.join(".").replace(".[", "[").replace("[0].$__", "[0]")
}

/// The keys an agreement may have, for reporting every unknown key at once (serde stops at the
/// first) and then reading the rest of the file as if they were not there.
#[derive(Clone, Copy)]
enum Shape {
    /// A value checked by serde and the validation.
    Value,
    /// A table with exactly these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with exactly these keys.
    Tables(&'static [(&'static str, Shape)]),
}

const WEEK: [(&str, Shape); 7] = [
    ("mon", Shape::Value),
    ("tue", Shape::Value),
    ("wed", Shape::Value),
    ("thu", Shape::Value),
    ("fri", Shape::Value),
    ("sat", Shape::Value),
    ("sun", Shape::Value),
];
const TARGET: Shape = Shape::Table(&[
    ("first_response", Shape::Value),
    ("resolution", Shape::Value),
    ("clock", Shape::Value),
]);
const AGREEMENT: &[(&str, Shape)] = &[
    ("id", Shape::Value),
    ("title", Shape::Value),
    ("provider", Shape::Value),
    ("alliance", Shape::Value),
    ("region", Shape::Value),
    ("tier", Shape::Value),
    ("effective_from", Shape::Value),
    ("effective_to", Shape::Value),
    ("scope", Shape::Value),
    ("account_manager", Shape::Value),
    ("technical_staff", Shape::Value),
    ("monthly_fee", Shape::Value),
    ("currency", Shape::Value),
    (
        "calendar",
        Shape::Table(&[
            ("time_zone", Shape::Value),
            WEEK[0],
            WEEK[1],
            WEEK[2],
            WEEK[3],
            WEEK[4],
            WEEK[5],
            WEEK[6],
            (
                "holidays",
                Shape::Tables(&[("date", Shape::Value), ("name", Shape::Value)]),
            ),
        ]),
    ),
    (
        "targets",
        Shape::Table(&[
            ("p1", TARGET),
            ("p2", TARGET),
            ("p3", TARGET),
            ("p4", TARGET),
        ]),
    ),
    (
        "channels",
        Shape::Tables(&[
            ("kind", Shape::Value),
            ("hours", Shape::Value),
            ("after_hours", Shape::Value),
        ]),
    ),
    ("responsibilities", Shape::Table(&[("items", Shape::Value)])),
    (
        "escalation",
        Shape::Tables(&[
            ("level", Shape::Value),
            ("name", Shape::Value),
            ("clock", Shape::Value),
            ("at", Shape::Value),
            ("contact", Shape::Value),
        ]),
    ),
    (
        "reporting",
        Shape::Table(&[
            ("period", Shape::Value),
            ("compliance_target", Shape::Value),
            ("csat_target", Shape::Value),
        ]),
    ),
    (
        "credits",
        Shape::Table(&[
            ("per_breach", Shape::Value),
            (
                "bands",
                Shape::Tables(&[("below", Shape::Value), ("percent", Shape::Value)]),
            ),
            ("cap_percent", Shape::Value),
        ]),
    ),
];

/// A key as TOML writes it: bare when it can be, else quoted.
fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_owned()
    } else {
        format!("\"{}\"", k.escape_default())
    }
}

/// Reports and removes the keys `fields` does not name, recursively.
fn prune(loc: &mut Locator<'_>, table: &mut DeTable<'_>, fields: &[(&str, Shape)], path: &str) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    let mut unknown = Vec::new();
    for (k, _) in table.iter() {
        if !fields.iter().any(|(name, _)| *name == k.get_ref().as_ref()) {
            unknown.push((k.span(), k.get_ref().to_string()));
        }
    }
    for (span, k) in &unknown {
        let expected = fields
            .iter()
            .map(|(n, _)| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        // As the file must spell it: an empty key or one with spaces is quoted.
        let k = toml_key(k);
        loc.at(
            span.clone(),
            join(&k),
            format!("unknown field `{k}`, expected one of {expected} (unknown keys are an error: a typo must not drop a promise)"),
        );
    }
    for (_, k) in &unknown {
        table.remove(k.as_str());
    }
    for (k, v) in table.iter_mut() {
        let Some((_, shape)) = fields
            .iter()
            .find(|(name, _)| *name == k.get_ref().as_ref())
        else {
            continue;
        };
        match (shape, v.get_mut()) {
            (Shape::Table(f), DeValue::Table(t)) => prune(loc, t, f, &join(k.get_ref())),
            (Shape::Tables(f), DeValue::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let DeValue::Table(t) = item.get_mut() {
                        prune(loc, t, f, &format!("{}[{i}]", join(k.get_ref())));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Words for people in place of serde's and toml's internal names.
fn for_people(msg: &str) -> String {
    let mut out = msg
        .replace(
            "data did not match any variant of untagged enum RawNumber",
            "expected a number",
        )
        .replace(
            "data did not match any variant of untagged enum RawHours",
            "expected \"calendar\", \"24x7\", a list of windows or a table of weekday windows",
        )
        .replace("expected i64", "expected an integer")
        .replace("expected u32", "expected an integer");
    while let Some(at) = out.find("struct Raw") {
        let end = out[at + 7..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(out.len(), |e| at + 7 + e);
        out.replace_range(at..end, "a table");
    }
    if out.contains("spanned") || out.contains("custom name") || out.contains("$__") {
        out = "has the wrong type for this key (see formats.md)".to_owned();
    }
    out
}

/// Parses and validates an agreement. `file` is the name used in error messages.
///
/// # Errors
/// Every problem found, each with file, line, column, key and reason, in file order: the first
/// syntax error; else every unknown key, then the first value of the wrong type (serde stops there);
/// else every invalid value.
pub fn parse_agreement(file: &str, src: &str) -> Result<Agreement, InputErrors> {
    let mut loc = Locator {
        file,
        src,
        errors: InputErrors::default(),
    };
    let (mut root, syntax) = DeTable::parse_recoverable(src);
    // Only the first syntax error: after one, the parser's recovery guesses, and the errors it
    // reports next are mostly echoes of the first.
    if let Some(e) = syntax.first() {
        let span = e.span().unwrap_or(0..0);
        let key = if e.message().contains("duplicate key") {
            src.get(span.clone())
                .unwrap_or_default()
                .trim()
                .trim_matches('"')
                .to_owned()
        } else {
            String::new()
        };
        loc.at(span, key, format!("not valid TOML: {}", e.message()));
        return Err(loc.errors);
    }
    prune(&mut loc, root.get_mut(), AGREEMENT, "");
    let doc = root.clone();
    let raw: Option<RawAgreement> =
        match serde_path_to_error::deserialize(toml::Deserializer::from(root)) {
            Ok(r) => Some(r),
            Err(e) => {
                let mut key = clean_path(&e.path().to_string());
                let msg = e.inner().message().to_owned();
                // serde names the missing field itself; put it in the key path.
                if let Some(rest) = msg.strip_prefix("missing field `") {
                    let field = rest.split('`').next().unwrap_or_default();
                    key = if key.is_empty() {
                        field.to_owned()
                    } else {
                        format!("{key}.{field}")
                    };
                }
                loc.at(e.inner().span().unwrap_or(0..0), key, for_people(&msg));
                None
            }
        };
    let agreement = raw.and_then(|raw| build(&mut loc, raw, &doc));
    let mut errors = loc.errors;
    errors.errors.sort_by_key(|e| (e.line, e.column));
    match agreement {
        Some(a) => errors.into_result(a),
        None => Err(errors),
    }
}

/// The span of a value by key path (`["channels", "1", "hours", "0"]`), for values read without
/// spans of their own.
fn span_of(doc: &Spanned<DeTable<'_>>, path: &[&str]) -> Option<std::ops::Range<usize>> {
    let (first, rest) = path.split_first()?;
    let (_, mut v) = doc
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == *first)?;
    for seg in rest {
        v = match v.get_ref() {
            DeValue::Table(t) => t.iter().find(|(k, _)| k.get_ref().as_ref() == *seg)?.1,
            DeValue::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v.span())
}

#[allow(clippy::too_many_lines)] // one pass over the sections, in file order
fn build(
    loc: &mut Locator<'_>,
    raw: RawAgreement,
    doc: &Spanned<DeTable<'_>>,
) -> Option<Agreement> {
    let id = raw.id.get_ref().clone();
    loc.check(raw.id.span(), "id", valid_id(&id));
    for (v, key) in [
        (&raw.title, "title"),
        (&raw.provider, "provider"),
        (&raw.alliance, "alliance"),
        (&raw.region, "region"),
    ] {
        loc.check(v.span(), key, non_empty(v.get_ref(), key));
    }
    let tier = loc.check(raw.tier.span(), "tier", Tier::parse(raw.tier.get_ref()));
    let effective_from = loc.check(
        raw.effective_from.span(),
        "effective_from",
        date_of(raw.effective_from.get_ref()),
    );
    let effective_to = raw
        .effective_to
        .as_ref()
        .and_then(|d| loc.check(d.span(), "effective_to", date_of(d.get_ref())));
    if let (Some(from), Some(to), Some(span)) = (
        effective_from,
        effective_to,
        raw.effective_to.as_ref().map(Spanned::span),
    ) && to < from
    {
        loc.at(
            span,
            "effective_to",
            format!("the term ends ({to}) before it starts ({from})"),
        );
    }
    let mut scope = Vec::new();
    for (i, s) in raw.scope.get_ref().iter().enumerate() {
        let key = format!("scope[{i}]");
        let v = s.get_ref();
        if v.is_empty()
            || !v
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            loc.at(s.span(), key, format!("`{v}` is not a category: use lower-case words joined by `_`, e.g. `technical_support`"));
        } else if scope.contains(v) {
            loc.at(s.span(), key, format!("`{v}` is listed twice"));
        } else {
            scope.push(v.clone());
        }
    }
    if raw.scope.get_ref().is_empty() {
        loc.at(
            raw.scope.span(),
            "scope",
            "the scope must name at least one category",
        );
    }
    let account_manager = raw.account_manager.as_ref().map(|m| m.get_ref().clone());
    if let Some(m) = &raw.account_manager {
        loc.check(
            m.span(),
            "account_manager",
            non_empty(m.get_ref(), "account_manager"),
        );
    }
    let mut technical_staff = Vec::new();
    for (i, m) in raw.technical_staff.iter().flatten().enumerate() {
        let key = format!("technical_staff[{i}]");
        if let Some(()) = loc.check(m.span(), &key, non_empty(m.get_ref(), &key)) {
            technical_staff.push(m.get_ref().trim().to_owned());
        }
    }
    let monthly_fee = loc.check(
        raw.monthly_fee.span(),
        "monthly_fee",
        decimal_of(raw.monthly_fee.get_ref()).and_then(|v| {
            if v < Decimal::ZERO {
                Err(format!("`{v}`: the fee must not be negative"))
            } else {
                bounded_amount(v, "the fee")
            }
        }),
    );
    let currency = loc.check(
        raw.currency.span(),
        "currency",
        currency_of(raw.currency.get_ref()),
    );

    // Calendar.
    let cal = raw.calendar.get_ref();
    let tz = loc.check(cal.time_zone.span(), "calendar.time_zone", {
        let name = cal.time_zone.get_ref();
        name.parse::<Tz>()
            .map_err(|_| format!("`{name}` is not an IANA time zone (e.g. America/New_York)"))
    });
    let days = [
        &cal.mon, &cal.tue, &cal.wed, &cal.thu, &cal.fri, &cal.sat, &cal.sun,
    ]
    .map(day_spec);
    let week = weekly(loc, "calendar.", days);
    let mut holidays = Vec::new();
    for (i, h) in cal.holidays.iter().enumerate() {
        let h = h.get_ref();
        if let Some(date) = loc.check(
            h.date.span(),
            &format!("calendar.holidays[{i}].date"),
            date_of(h.date.get_ref()),
        ) {
            holidays.push(Holiday {
                date,
                name: h.name.clone(),
            });
        }
    }

    // Targets.
    let t = raw.targets.get_ref();
    let mut targets = [Target {
        first_response_s: 0,
        resolution_s: 0,
        clock: ClockKind::Business,
    }; 4];
    let mut targets_ok = true;
    for (i, (p, rt)) in [
        (Priority::P1, &t.p1),
        (Priority::P2, &t.p2),
        (Priority::P3, &t.p3),
        (Priority::P4, &t.p4),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(rt) = rt else {
            loc.at(
                raw.targets.span(),
                format!("targets.{p}"),
                format!("the targets of {p} are missing: all four priorities p1..p4 are required"),
            );
            targets_ok = false;
            continue;
        };
        let rt = rt.get_ref();
        let fr = loc.check(
            rt.first_response.span(),
            &format!("targets.{p}.first_response"),
            parse_duration(rt.first_response.get_ref()),
        );
        let res = loc.check(
            rt.resolution.span(),
            &format!("targets.{p}.resolution"),
            parse_duration(rt.resolution.get_ref()),
        );
        let clock = match &rt.clock {
            None => Some(ClockKind::Business),
            Some(c) => loc.check(
                c.span(),
                &format!("targets.{p}.clock"),
                ClockKind::parse(c.get_ref()),
            ),
        };
        match (fr, res, clock) {
            (Some(fr), Some(res), Some(clock)) => {
                targets[i] = Target {
                    first_response_s: fr,
                    resolution_s: res,
                    clock,
                }
            }
            _ => targets_ok = false,
        }
    }
    if let Some(week) = &week
        && week.weekly_secs() == 0
        && targets.iter().any(|t| t.clock == ClockKind::Business)
        && targets_ok
    {
        loc.at(raw.calendar.span(), "calendar", "the calendar has no business hours, yet a target is counted on it (give it hours or use clock = \"24x7\")");
    }

    // Channels.
    let mut channels = Vec::new();
    for (i, ch) in raw.channels.iter().enumerate() {
        let c = ch.get_ref();
        let kind = loc.check(
            c.kind.span(),
            &format!("channels[{i}].kind"),
            Channel::parse(c.kind.get_ref()),
        );
        let hours = match &c.hours {
            None => Some(ChannelHours::Calendar),
            Some(h) => match h.get_ref() {
                RawHours::Named(n) if n == "calendar" => Some(ChannelHours::Calendar),
                RawHours::Named(n) if n == "24x7" => Some(ChannelHours::Always),
                RawHours::Named(n) => {
                    loc.at(
                        h.span(),
                        format!("channels[{i}].hours"),
                        format!("`{n}` is not \"calendar\", \"24x7\" or a list of windows"),
                    );
                    None
                }
                RawHours::Daily(ws) => {
                    // The same windows every day: validate the list once, under its own keys.
                    let mut day = Vec::new();
                    for (j, w) in ws.iter().enumerate() {
                        let span =
                            span_of(doc, &["channels", &i.to_string(), "hours", &j.to_string()])
                                .unwrap_or_else(|| h.span());
                        if let Some(w) =
                            loc.check(span, &format!("channels[{i}].hours[{j}]"), Window::parse(w))
                        {
                            day.push(w);
                        }
                    }
                    let valid = day.len() == ws.len();
                    WeeklyHours::new(std::array::from_fn(|_| day.clone()))
                        .map_err(|(_, reason)| {
                            loc.at(h.span(), format!("channels[{i}].hours"), reason);
                        })
                        .ok()
                        .filter(|_| valid)
                        .map(ChannelHours::Weekly)
                }
                RawHours::Weekly(wk) => {
                    if let Some(k) = wk.keys().find(|k| !WEEKDAYS.contains(&k.as_str())) {
                        loc.at(
                            h.span(),
                            format!("channels[{i}].hours.{k}"),
                            format!("`{k}` is not a weekday (mon..sun)"),
                        );
                        None
                    } else {
                        let days = WEEKDAYS.map(|d| {
                            wk.get(d).map(|ws| {
                                (h.span(), ws.iter().map(|w| (h.span(), w.clone())).collect())
                            })
                        });
                        weekly(loc, &format!("channels[{i}].hours."), days)
                            .map(ChannelHours::Weekly)
                    }
                }
            },
        };
        if let (Some(kind), Some(hours)) = (kind, hours) {
            if channels.iter().any(|c: &SupportChannel| c.kind == kind) {
                loc.at(
                    ch.span(),
                    format!("channels[{i}].kind"),
                    format!("the {kind} channel is listed twice"),
                );
            }
            channels.push(SupportChannel {
                kind,
                hours,
                after_hours: c.after_hours.clone(),
            });
        }
    }

    // Escalation.
    let mut escalation: Vec<EscalationLevel> = Vec::new();
    for (i, e) in raw.escalation.iter().enumerate() {
        let r = e.get_ref();
        let level = loc.check(r.level.span(), &format!("escalation[{i}].level"), {
            let l = *r.level.get_ref();
            match u32::try_from(l) {
                Ok(l) if (1..=99).contains(&l) => Ok(l),
                _ => Err(format!("`{l}` is not a level: use 1, 2, 3…")),
            }
        });
        let clock = loc.check(
            r.clock.span(),
            &format!("escalation[{i}].clock"),
            ClockName::parse(r.clock.get_ref()),
        );
        let at = loc.check(
            r.at.span(),
            &format!("escalation[{i}].at"),
            decimal_of(r.at.get_ref()).and_then(|v| {
                if v > Decimal::ZERO && v <= Decimal::from(100) {
                    Ok(v)
                } else {
                    Err(format!(
                        "`{v}` must be a positive fraction of the target (e.g. 0.75, 1.0, 1.5)"
                    ))
                }
            }),
        );
        if let (Some(level), Some(clock), Some(at)) = (level, clock, at) {
            if escalation.iter().any(|x| x.level == level) {
                loc.at(
                    r.level.span(),
                    format!("escalation[{i}].level"),
                    format!("level {level} is defined twice"),
                );
            }
            escalation.push(EscalationLevel {
                level,
                name: r.name.clone(),
                clock,
                at,
                contact: r.contact.clone(),
            });
        }
    }
    escalation.sort_by_key(|e| e.level);

    // Reporting.
    let mut reporting = Reporting {
        period: ReportingPeriod::Month,
        compliance_target: None,
        csat_target: None,
    };
    if let Some(r) = &raw.reporting {
        if let Some(p) = &r.period
            && let Some(p) = loc.check(
                p.span(),
                "reporting.period",
                ReportingPeriod::parse(p.get_ref()),
            )
        {
            reporting.period = p;
        }
        if let Some(c) = &r.compliance_target {
            reporting.compliance_target = loc.check(
                c.span(),
                "reporting.compliance_target",
                decimal_of(c.get_ref()).and_then(in_unit_interval),
            );
        }
        if let Some(c) = &r.csat_target {
            reporting.csat_target = loc.check(
                c.span(),
                "reporting.csat_target",
                decimal_of(c.get_ref()).and_then(|v| {
                    if v >= Decimal::ONE && v <= Decimal::from(5) {
                        Ok(v)
                    } else {
                        Err(format!("`{v}` must be a CSAT score from 1 to 5"))
                    }
                }),
            );
        }
    }

    // Credits.
    let mut credits = CreditTerms::default();
    if let Some(c) = &raw.credits {
        for (k, v) in &c.per_breach {
            let key = format!("credits.per_breach.{}", k.get_ref());
            let p = loc.check(k.span(), &key, Priority::parse(k.get_ref()));
            let amount = loc.check(v.span(), &key, credit_amount(v.get_ref()));
            if let (Some(p), Some(a)) = (p, amount) {
                credits.per_breach[p.index()] = Some(a);
            }
        }
        for (i, b) in c.bands.iter().enumerate() {
            let r = b.get_ref();
            let below = loc.check(
                r.below.span(),
                &format!("credits.bands[{i}].below"),
                decimal_of(r.below.get_ref()).and_then(in_unit_interval),
            );
            let pct = loc.check(
                r.percent.span(),
                &format!("credits.bands[{i}].percent"),
                decimal_of(r.percent.get_ref()).and_then(percent),
            );
            if let (Some(below), Some(percent)) = (below, pct) {
                if credits.bands.iter().any(|b| b.below == below) {
                    loc.at(
                        b.span(),
                        format!("credits.bands[{i}].below"),
                        format!("two bands start below {below}"),
                    );
                }
                credits.bands.push(Band { below, percent });
            }
        }
        credits.bands.sort_by_key(|b| std::cmp::Reverse(b.below));
        if let Some(cap) = &c.cap_percent {
            credits.cap_percent = loc.check(
                cap.span(),
                "credits.cap_percent",
                decimal_of(cap.get_ref()).and_then(percent),
            );
        }
    }

    Some(Agreement {
        id,
        title: raw.title.into_inner(),
        provider: raw.provider.into_inner(),
        alliance: raw.alliance.into_inner(),
        region: raw.region.into_inner(),
        tier: tier?,
        effective_from: effective_from?,
        effective_to,
        scope,
        account_manager,
        technical_staff,
        monthly_fee: monthly_fee?,
        currency: currency?,
        calendar: Calendar::new(tz?, week?, holidays),
        targets: if targets_ok { targets } else { return None },
        channels,
        responsibilities: raw.responsibilities.map(|r| r.items).unwrap_or_default(),
        escalation,
        reporting,
        credits,
    })
}

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
