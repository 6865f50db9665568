//! `[[amendments]]` (format v1.1): each amendment's own keys (`effective`, `reference`,
//! `signed`), the keys it may replace, the terms in force after it (the terms before with its
//! keys merged in, read like a file of their own) and the checks between amendments (dates in
//! order and inside the term, one time zone, unique references). The rules are in the
//! documentation of the `agreement` module.

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Amendment;
use super::locate::{Locator, Scope};
use super::read::read_terms;
use super::schema::{RawAgreement, Shape, prune};
use super::values::date_of;

/// An amendment's own keys, which are not terms.
const OWN_KEYS: [&str; 3] = ["effective", "reference", "signed"];

/// Top-level keys an amendment cannot hold, and why.
const FORBIDDEN: [(&str, &str); 3] = [
    (
        "id",
        "an amendment cannot change `id`: amended terms are the same agreement",
    ),
    (
        "effective_from",
        "an amendment cannot change `effective_from`: it takes effect at its own `effective` date (to change the start, correct the base terms)",
    ),
    (
        "amendments",
        "amendments do not nest: list each one at the top level, as `[[amendments]]`",
    ),
];

/// The keys an amendment may hold: its own, then every top-level key but the forbidden ones.
fn amendment_keys() -> Vec<(&'static str, Shape)> {
    OWN_KEYS
        .iter()
        .map(|k| (*k, Shape::Value))
        .chain(
            RawAgreement::KEYS
                .iter()
                .filter(|(k, _)| !FORBIDDEN.iter().any(|(f, _)| f == k))
                .copied(),
        )
        .collect()
}

/// A string value of a table, if it is one.
fn string_at<'t>(table: &'t DeTable<'_>, path: &[&str]) -> Option<&'t str> {
    match value_at(table, path)?.get_ref() {
        DeValue::String(s) => Some(s),
        _ => None,
    }
}

/// A date value of a table, if it is a valid one.
fn date_at(table: &DeTable<'_>, path: &[&str]) -> Option<NaiveDate> {
    match value_at(table, path)?.get_ref() {
        DeValue::Datetime(d) => date_of(d).ok(),
        _ => None,
    }
}

fn value_at<'t, 'a>(table: &'t DeTable<'a>, path: &[&str]) -> Option<&'t Spanned<DeValue<'a>>> {
    let (first, rest) = path.split_first()?;
    let v = table.get(*first)?;
    if rest.is_empty() {
        return Some(v);
    }
    match v.get_ref() {
        DeValue::Table(t) => value_at(t, rest),
        _ => None,
    }
}

/// Merges `amendment` into `terms`: tables key by key at every depth, every other value (arrays
/// included) replaced whole. A merged table keeps the span of the one it amends, so a problem
/// of the whole table is not placed inside the amendment.
fn merge<'a>(terms: &mut DeTable<'a>, amendment: DeTable<'a>) {
    for (k, v) in amendment {
        let entry = match terms.remove_entry(k.get_ref().as_ref()) {
            Some((old_key, old))
                if matches!(old.get_ref(), DeValue::Table(_))
                    && matches!(v.get_ref(), DeValue::Table(_)) =>
            {
                let span = old.span();
                match (old.into_inner(), v.into_inner()) {
                    (DeValue::Table(mut t), DeValue::Table(a)) => {
                        merge(&mut t, a);
                        (old_key, Spanned::new(span, DeValue::Table(t)))
                    }
                    _ => unreachable!("both are tables"),
                }
            }
            _ => (k, v),
        };
        terms.insert(entry.0, entry.1);
    }
}

/// The spans of every key and value in a table, at every depth.
fn spans(table: &DeTable<'_>, out: &mut Vec<Range<usize>>) {
    fn value(v: &Spanned<DeValue<'_>>, out: &mut Vec<Range<usize>>) {
        out.push(v.span());
        match v.get_ref() {
            DeValue::Table(t) => spans(t, out),
            DeValue::Array(a) => a.iter().for_each(|item| value(item, out)),
            _ => {}
        }
    }
    for (k, v) in table {
        out.push(k.span());
        value(v, out);
    }
}

/// An amendment's own keys, read and removed from its table.
struct Own {
    label: String,
    effective: Option<(NaiveDate, Range<usize>)>,
    reference: Option<String>,
    signed: Option<NaiveDate>,
}

/// Reads and removes `effective`, `reference` and `signed` from amendment `i`.
fn own_keys(
    loc: &mut Locator<'_>,
    i: usize,
    header: &Range<usize>,
    table: &mut DeTable<'_>,
    references: &[(String, usize)],
) -> Own {
    let bare = format!("amendments[{i}]");
    let reference = match table.remove("reference") {
        None => {
            loc.at(
                header.clone(),
                format!("{bare}.reference"),
                "an amendment needs a `reference`, how the parties name it (e.g. \"Amendment No. 1\")",
            );
            None
        }
        Some(r) => match r.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some((s.to_string(), r.span())),
            DeValue::String(_) => {
                loc.at(
                    r.span(),
                    format!("{bare}.reference"),
                    "reference must not be empty",
                );
                None
            }
            _ => {
                loc.at(
                    r.span(),
                    format!("{bare}.reference"),
                    "expected a string, how the parties name the amendment (e.g. \"Amendment No. 1\")",
                );
                None
            }
        },
    };
    let label = reference
        .as_ref()
        .map_or_else(|| bare.clone(), |(r, _)| format!("{bare} ({r})"));
    if let Some((r, span)) = &reference
        && let Some((_, j)) = references.iter().find(|(other, _)| other == r)
    {
        loc.at(
            span.clone(),
            format!("{label}.reference"),
            format!("`{r}` is also the reference of amendments[{j}]: each amendment's reference is unique in the file"),
        );
    }
    let date = |loc: &mut Locator<'_>, key: &str, v: Spanned<DeValue<'_>>| {
        let r = match v.get_ref() {
            DeValue::Datetime(d) => date_of(d),
            _ => Err("expected a date like 2026-07-01".to_owned()),
        };
        loc.check(v.span(), &format!("{label}.{key}"), r)
            .map(|d| (d, v.span()))
    };
    let effective = match table.remove("effective") {
        None => {
            loc.at(
                header.clone(),
                format!("{label}.effective"),
                "an amendment needs the local date it takes effect, `effective` (e.g. 2026-07-01)",
            );
            None
        }
        Some(v) => date(loc, "effective", v),
    };
    let signed = table
        .remove("signed")
        .and_then(|v| date(loc, "signed", v))
        .map(|(d, _)| d);
    Own {
        label,
        effective,
        reference: reference.map(|(r, _)| r),
        signed,
    }
}

/// Reads `amendments` (the value of the top-level key), given the base terms as written (their
/// unknown keys pruned). Every problem is recorded in `loc`; the amendments are complete only
/// when there is none.
pub(super) fn read_amendments<'a>(
    loc: &mut Locator<'_>,
    base: &Spanned<DeTable<'a>>,
    raw: Spanned<DeValue<'a>>,
) -> Vec<Amendment> {
    let span = raw.span();
    let DeValue::Array(items) = raw.into_inner() else {
        loc.at(
            span,
            "amendments",
            "expected an array of tables: write each amendment as `[[amendments]]`",
        );
        return Vec::new();
    };
    let keys = amendment_keys();
    let base_from = date_at(base.get_ref(), &["effective_from"]);
    let base_tz = string_at(base.get_ref(), &["calendar", "time_zone"]).map(str::to_owned);
    // The problems of the terms before the next amendment, by key and reason: those of the
    // base terms first.
    let mut previous: Vec<(String, String)> = loc
        .errors
        .errors
        .iter()
        .map(|e| (e.key.clone(), e.reason.clone()))
        .collect();
    let mut terms_before = base.clone();
    let mut references: Vec<(String, usize)> = Vec::new();
    let mut last: Option<(NaiveDate, String)> = None;
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let header = item.span();
        let DeValue::Table(mut table) = item.into_inner() else {
            loc.at(
                header,
                format!("amendments[{i}]"),
                "expected a table: write each amendment as `[[amendments]]`",
            );
            continue;
        };
        let own = own_keys(loc, i, &header, &mut table, &references);
        let label = own.label.clone();
        if let Some(r) = &own.reference {
            references.push((r.clone(), i));
        }
        for (key, why) in FORBIDDEN {
            if let Some((k, _)) = table.remove_entry(key) {
                loc.at(k.span(), format!("{label}.{key}"), why);
            }
        }
        prune(loc, &mut table, &keys, &label);
        if let (Some(was), Some(tz)) = (&base_tz, string_at(&table, &["calendar", "time_zone"]))
            && tz != was
            && let Some(v) = value_at(&table, &["calendar", "time_zone"])
        {
            loc.at(
                v.span(),
                format!("{label}.calendar.time_zone"),
                format!("an amendment cannot change the time zone (`{was}` to `{tz}`): a contract that moves its time zone is a new agreement"),
            );
        }
        let mut written = Vec::new();
        spans(&table, &mut written);
        let mut terms_doc = terms_before.clone();
        merge(terms_doc.get_mut(), table);
        loc.scope = Some(Scope {
            label: label.clone(),
            header: header.clone(),
            own: written,
            previous: std::mem::take(&mut previous),
            found: Vec::new(),
        });
        let terms = read_terms(loc, terms_doc.clone());
        previous = loc.scope.take().map(|s| s.found).unwrap_or_default();
        if let Some((effective, span)) = &own.effective {
            dates(
                loc,
                &label,
                (*effective, span),
                &terms_doc,
                base_from,
                last.as_ref(),
            );
            last = Some((*effective, label.clone()));
        }
        terms_before = terms_doc;
        if let (Some((effective, _)), Some(reference), Some(terms)) =
            (own.effective, own.reference, terms)
        {
            out.push(Amendment {
                effective,
                reference,
                signed: own.signed,
                terms: Arc::new(terms),
            });
        }
    }
    out
}

/// An amendment's `effective` date: after the one before it, after `effective_from`, and not
/// after `effective_to` as in force after the amendment (which may be its own).
fn dates(
    loc: &mut Locator<'_>,
    label: &str,
    (effective, span): (NaiveDate, &Range<usize>),
    terms: &Spanned<DeTable<'_>>,
    base_from: Option<NaiveDate>,
    last: Option<&(NaiveDate, String)>,
) {
    let key = format!("{label}.effective");
    if let Some((before, other)) = last
        && effective <= *before
    {
        loc.at(
            span.clone(),
            &key,
            format!("{effective} is not after {before}, when {other} takes effect: amendments are listed oldest first, each taking effect after the one before"),
        );
    }
    if let Some(from) = base_from
        && effective <= from
    {
        loc.at(
            span.clone(),
            &key,
            format!("{effective} is not after the agreement's `effective_from` ({from}): an amendment changes terms already in force (to change them from the start, correct the base terms)"),
        );
    }
    if let Some(to) = date_at(terms.get_ref(), &["effective_to"])
        && effective > to
    {
        loc.at(
            span.clone(),
            &key,
            format!("{effective} is after the end of the term, `effective_to` = {to} (as amended): an amendment takes effect while the agreement is in force"),
        );
    }
}
