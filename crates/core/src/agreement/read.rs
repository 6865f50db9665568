//! Turning an agreement file into an [`Agreement`]: TOML syntax, then the unknown keys and the
//! types (serde, over the raw structs of `schema`), then every value, section by section in
//! file order. A section with a bad value still has the rest of its values checked, and so do
//! the sections after it, so one reading reports every problem of the file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::DeTable;

use super::amend::read_amendments;
use super::locate::Locator;
use super::schema::{
    RawAgreement, RawBand, RawCalendar, RawChannel, RawCredits, RawEscalation, RawReporting,
    RawTargets, clean_path, for_people, prune,
};
use super::values::{
    bounded_amount, channel_hours, credit_amount, currency_of, date_of, day_spec, decimal_of,
    in_unit_interval, non_empty, percent, valid_id, weekly,
};
use super::{
    Agreement, Band, ChannelHours, CreditAmount, CreditTerms, EscalationLevel, Reporting,
    SupportChannel, Target,
};
use crate::calendar::{Calendar, Holiday, WeeklyHours};
use crate::duration::parse_duration;
use crate::error::InputErrors;
use crate::model::{Channel, ClockKind, ClockName, Priority, ReportingPeriod, Tier};

/// Parses and validates an agreement. `file` is the name used in error messages.
///
/// # Errors
/// Every problem found, each with file, line, column, key and reason, in file order: the first
/// syntax error; else every unknown key, then the first value of the wrong type (serde stops there);
/// else every invalid value. With `[[amendments]]` (format v1.1), the base terms are read so,
/// then each amendment and the terms after it, named and located in the amendment (see the
/// module documentation of `agreement`); a value of the wrong type stops the reading of the
/// terms it is part of, so of those after later amendments too.
pub fn parse_agreement(file: &str, src: &str) -> Result<Agreement, InputErrors> {
    let mut loc = Locator {
        file,
        src,
        errors: InputErrors::default(),
        scope: None,
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
    // Format v1.1: the amendments are read after the base terms, which are read as a v1 file.
    let amendments = root.get_mut().remove("amendments");
    prune(&mut loc, root.get_mut(), RawAgreement::KEYS, "");
    let base_doc = amendments.as_ref().map(|_| root.clone());
    let agreement = read_terms(&mut loc, root);
    let amendments = match (amendments, base_doc) {
        (Some(raw), Some(doc)) => read_amendments(&mut loc, &doc, raw),
        _ => Vec::new(),
    };
    let agreement = agreement.map(|mut a| {
        a.amendments = amendments;
        a
    });
    let mut errors = loc.errors;
    errors.errors.sort_by_key(|e| (e.line, e.column));
    match agreement {
        Some(a) => errors.into_result(a),
        None => Err(errors),
    }
}

/// The terms of a document whose unknown keys are pruned: the types (serde, which stops at the
/// first value of the wrong type), then every value. The base terms and the terms after each
/// amendment are read alike.
pub(super) fn read_terms(loc: &mut Locator<'_>, root: Spanned<DeTable<'_>>) -> Option<Agreement> {
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
    raw.and_then(|raw| build(loc, raw, &doc))
}

/// The sections in the order `formats.md` lists them. The order matters for problems at the
/// same line and column: the stable sort in [`parse_agreement`] leaves them as they were found.
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
    let (effective_from, effective_to) = term(loc, &raw);
    let scope = scope(loc, &raw.scope);
    let account_manager = raw.account_manager.as_ref().map(|m| m.get_ref().clone());
    if let Some(m) = &raw.account_manager {
        loc.check(
            m.span(),
            "account_manager",
            non_empty(m.get_ref(), "account_manager"),
        );
    }
    let technical_staff = technical_staff(loc, raw.technical_staff.as_deref());
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
    let (tz, week, holidays) = calendar(loc, raw.calendar.get_ref());
    let targets = targets(loc, &raw.targets);
    // Only when every target was read: a target that failed may have been the only one counted
    // on business hours.
    if let (Some(week), Some(targets)) = (&week, &targets)
        && week.weekly_secs() == 0
        && targets.iter().any(|t| t.clock == ClockKind::Business)
    {
        loc.at(raw.calendar.span(), "calendar", "the calendar has no business hours, yet a target is counted on it (give it hours or use clock = \"24x7\")");
    }
    let channels = channels(loc, &raw.channels, doc);
    let escalation = escalation(loc, &raw.escalation);
    let reporting = reporting(loc, raw.reporting.as_ref());
    let credits = credits(loc, raw.credits.as_ref());

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
        targets: targets?,
        channels,
        responsibilities: raw.responsibilities.map(|r| r.items).unwrap_or_default(),
        escalation,
        reporting,
        credits,
        amendments: Vec::new(),
    })
}

/// `effective_from` and `effective_to`, and that the term does not end before it starts.
fn term(loc: &mut Locator<'_>, raw: &RawAgreement) -> (Option<NaiveDate>, Option<NaiveDate>) {
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
    (effective_from, effective_to)
}

/// The categories in scope: at least one, each once.
fn scope(loc: &mut Locator<'_>, raw: &Spanned<Vec<Spanned<String>>>) -> Vec<String> {
    let mut scope = Vec::new();
    for (i, s) in raw.get_ref().iter().enumerate() {
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
    if raw.get_ref().is_empty() {
        loc.at(
            raw.span(),
            "scope",
            "the scope must name at least one category",
        );
    }
    scope
}

/// The named technical staff, trimmed (the names are shown and matched as written).
fn technical_staff(loc: &mut Locator<'_>, raw: Option<&[Spanned<String>]>) -> Vec<String> {
    let mut technical_staff = Vec::new();
    for (i, m) in raw.into_iter().flatten().enumerate() {
        let key = format!("technical_staff[{i}]");
        if let Some(()) = loc.check(m.span(), &key, non_empty(m.get_ref(), &key)) {
            technical_staff.push(m.get_ref().trim().to_owned());
        }
    }
    technical_staff
}

/// `[calendar]`: the time zone, the week's business hours and the holidays.
fn calendar(
    loc: &mut Locator<'_>,
    cal: &RawCalendar,
) -> (Option<Tz>, Option<WeeklyHours>, Vec<Holiday>) {
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
    (tz, week, holidays)
}

/// `[targets.p1]` to `[targets.p4]`, all four required; `None` when any is missing or invalid
/// (each problem is still reported).
fn targets(loc: &mut Locator<'_>, raw: &Spanned<RawTargets>) -> Option<[Target; 4]> {
    let t = raw.get_ref();
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
                raw.span(),
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
    targets_ok.then_some(targets)
}

/// `[[channels]]`: each kind once.
fn channels(
    loc: &mut Locator<'_>,
    raw: &[Spanned<RawChannel>],
    doc: &Spanned<DeTable<'_>>,
) -> Vec<SupportChannel> {
    let mut channels = Vec::new();
    for (i, ch) in raw.iter().enumerate() {
        let c = ch.get_ref();
        let kind = loc.check(
            c.kind.span(),
            &format!("channels[{i}].kind"),
            Channel::parse(c.kind.get_ref()),
        );
        let hours = match &c.hours {
            None => Some(ChannelHours::Calendar),
            Some(h) => channel_hours(loc, i, h, doc),
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
    channels
}

/// `[[escalation]]`: each level once, sorted by level.
fn escalation(loc: &mut Locator<'_>, raw: &[Spanned<RawEscalation>]) -> Vec<EscalationLevel> {
    let mut escalation: Vec<EscalationLevel> = Vec::new();
    for (i, e) in raw.iter().enumerate() {
        let r = e.get_ref();
        if let Some(level) = escalation_level(loc, i, r) {
            if escalation.iter().any(|x| x.level == level.level) {
                loc.at(
                    r.level.span(),
                    format!("escalation[{i}].level"),
                    format!("level {} is defined twice", level.level),
                );
            }
            escalation.push(level);
        }
    }
    escalation.sort_by_key(|e| e.level);
    escalation
}

/// Rung `i` of the ladder on its own.
fn escalation_level(loc: &mut Locator<'_>, i: usize, r: &RawEscalation) -> Option<EscalationLevel> {
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
    let (level, clock, at) = (level?, clock?, at?);
    Some(EscalationLevel {
        level,
        name: r.name.clone(),
        clock,
        at,
        contact: r.contact.clone(),
    })
}

/// `[reporting]`: monthly, with no targets, unless it says otherwise.
fn reporting(loc: &mut Locator<'_>, raw: Option<&RawReporting>) -> Reporting {
    let mut reporting = Reporting {
        period: ReportingPeriod::Month,
        compliance_target: None,
        csat_target: None,
    };
    let Some(r) = raw else { return reporting };
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
    reporting
}

/// `[credits]`: none owed unless it says otherwise.
fn credits(loc: &mut Locator<'_>, raw: Option<&RawCredits>) -> CreditTerms {
    let mut credits = CreditTerms::default();
    let Some(c) = raw else { return credits };
    credits.per_breach = per_breach(loc, &c.per_breach);
    credits.bands = bands(loc, &c.bands);
    if let Some(cap) = &c.cap_percent {
        credits.cap_percent = loc.check(
            cap.span(),
            "credits.cap_percent",
            decimal_of(cap.get_ref()).and_then(percent),
        );
    }
    credits
}

/// `per_breach`: a credit per priority, by priority name.
fn per_breach(
    loc: &mut Locator<'_>,
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> [Option<CreditAmount>; 4] {
    let mut per_breach = [None; 4];
    for (k, v) in raw {
        let key = format!("credits.per_breach.{}", k.get_ref());
        let p = loc.check(k.span(), &key, Priority::parse(k.get_ref()));
        let amount = loc.check(v.span(), &key, credit_amount(v.get_ref()));
        if let (Some(p), Some(a)) = (p, amount) {
            per_breach[p.index()] = Some(a);
        }
    }
    per_breach
}

/// The compliance bands, each threshold once, sorted by `below` descending.
fn bands(loc: &mut Locator<'_>, raw: &[Spanned<RawBand>]) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    for (i, b) in raw.iter().enumerate() {
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
            if bands.iter().any(|b| b.below == below) {
                loc.at(
                    b.span(),
                    format!("credits.bands[{i}].below"),
                    format!("two bands start below {below}"),
                );
            }
            bands.push(Band { below, percent });
        }
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.below));
    bands
}
