//! The TOML of an agreement as written (`formats.md`): raw structs that serde fills, keeping
//! each value's byte span, and the keys the file may hold.
//!
//! The structs' fields are the one list of known keys: [`raw_table!`] gives each struct its
//! [`Shaped::SHAPE`] from the same field list serde reads, so a key added to a struct is known
//! to [`prune`] too. `prune` reports every unknown key at once (serde stops at the first) and
//! removes them, so the rest of the file is still read.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use super::locate::Locator;

/// What a key's value may hold, for the unknown-key check.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// A value checked by serde and the validation.
    Value,
    /// A table with exactly these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with exactly these keys.
    Tables(&'static [(&'static str, Shape)]),
}

/// The [`Shape`] of a raw type, read from the type so it cannot drift from what serde reads.
pub(super) trait Shaped {
    const SHAPE: Shape;
}

impl<T: Shaped> Shaped for Spanned<T> {
    const SHAPE: Shape = T::SHAPE;
}

impl<T: Shaped> Shaped for Option<T> {
    const SHAPE: Shape = T::SHAPE;
}

impl<T: Shaped> Shaped for Vec<T> {
    const SHAPE: Shape = match T::SHAPE {
        Shape::Table(keys) => Shape::Tables(keys),
        // A list of values (windows, categories, names) is checked whole, as one value.
        Shape::Value | Shape::Tables(_) => Shape::Value,
    };
}

// Maps (`per_breach`) are values too: their keys are priorities, checked by the validation.
impl<K, V> Shaped for BTreeMap<K, V> {
    const SHAPE: Shape = Shape::Value;
}

// Scalars and untagged values: serde and the validation check them, never key by key.
macro_rules! values {
    ($($t:ty),*) => {
        $(impl Shaped for $t {
            const SHAPE: Shape = Shape::Value;
        })*
    };
}

values!(String, i64, Datetime, RawNumber, RawHours);

/// Declares a raw table: a struct serde fills, rejecting unknown keys, whose fields in order are
/// its known keys (`KEYS`, in the order the unknown-key error lists them).
macro_rules! raw_table {
    (struct $name:ident { $($(#[$attr:meta])* $field:ident: $ty:ty,)* }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct $name {
            $($(#[$attr])* pub(super) $field: $ty,)*
        }

        impl $name {
            pub(super) const KEYS: &'static [(&'static str, Shape)] =
                &[$((stringify!($field), <$ty as Shaped>::SHAPE)),*];
        }

        impl Shaped for $name {
            const SHAPE: Shape = Shape::Table(Self::KEYS);
        }
    };
}

raw_table! {
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
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

pub(super) type RawDay = Option<Spanned<Vec<Spanned<String>>>>;

raw_table! {
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
}

raw_table! {
    struct RawHoliday {
        date: Spanned<Datetime>,
        #[serde(default)]
        name: String,
    }
}

raw_table! {
    struct RawTargets {
        p1: Option<Spanned<RawTarget>>,
        p2: Option<Spanned<RawTarget>>,
        p3: Option<Spanned<RawTarget>>,
        p4: Option<Spanned<RawTarget>>,
    }
}

raw_table! {
    struct RawTarget {
        first_response: Spanned<String>,
        resolution: Spanned<String>,
        clock: Option<Spanned<String>>,
    }
}

raw_table! {
    struct RawChannel {
        kind: Spanned<String>,
        hours: Option<Spanned<RawHours>>,
        #[serde(default)]
        after_hours: String,
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawHours {
    Named(String),
    Daily(Vec<String>),
    Weekly(BTreeMap<String, Vec<String>>),
}

raw_table! {
    struct RawResponsibilities {
        #[serde(default)]
        items: Vec<String>,
    }
}

raw_table! {
    struct RawEscalation {
        level: Spanned<i64>,
        #[serde(default)]
        name: String,
        clock: Spanned<String>,
        at: Spanned<RawNumber>,
        #[serde(default)]
        contact: String,
    }
}

raw_table! {
    struct RawReporting {
        period: Option<Spanned<String>>,
        compliance_target: Option<Spanned<RawNumber>>,
        csat_target: Option<Spanned<RawNumber>>,
    }
}

raw_table! {
    struct RawCredits {
        #[serde(default)]
        per_breach: BTreeMap<Spanned<String>, Spanned<String>>,
        #[serde(default)]
        bands: Vec<Spanned<RawBand>>,
        cap_percent: Option<Spanned<RawNumber>>,
    }
}

raw_table! {
    struct RawBand {
        below: Spanned<RawNumber>,
        percent: Spanned<RawNumber>,
    }
}

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
pub(super) fn prune(
    loc: &mut Locator<'_>,
    table: &mut DeTable<'_>,
    fields: &[(&str, Shape)],
    path: &str,
) {
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
pub(super) fn for_people(msg: &str) -> String {
    // A date written as text (a form's field left empty or half typed): say what a date is.
    if let Some(text) = msg
        .strip_prefix("invalid type: string \"")
        .and_then(|r| r.strip_suffix("\", expected a TOML datetime"))
    {
        return if text.trim().is_empty() {
            "is empty: write a date as YYYY-MM-DD, like 2026-01-01".to_owned()
        } else {
            format!("`{text}` is not a date: write it as YYYY-MM-DD, like 2026-01-01")
        };
    }
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

/// Reads the serde error's key path, without serde_spanned's internal field names.
pub(super) fn clean_path(path: &str) -> String {
    let p: Vec<&str> = path
        .split('.')
        .filter(|seg| !seg.starts_with("$__") && !seg.is_empty())
        .collect();
    p.join(".").replace(".[", "[").replace("[0].$__", "[0]")
}

#[cfg(test)]
mod tests {
    use super::{RawAgreement, Shape};

    fn keys(fields: &[(&str, Shape)]) -> String {
        let key = |(name, shape): &(&str, Shape)| match shape {
            Shape::Value => (*name).to_owned(),
            Shape::Table(f) => format!("{name} {{{}}}", keys(f)),
            Shape::Tables(f) => format!("{name} [{{{}}}]", keys(f)),
        };
        fields.iter().map(key).collect::<Vec<_>>().join(" ")
    }

    /// The key tree read from the structs is the one of `formats.md`: tables are checked key
    /// by key and arrays of tables item by item, while lists of values and `per_breach` are
    /// values (their items are not keys).
    #[test]
    fn known_keys_are_those_of_formats_md() {
        assert_eq!(
            keys(RawAgreement::KEYS),
            "id title provider alliance region tier effective_from effective_to scope \
             account_manager technical_staff monthly_fee currency \
             calendar {time_zone mon tue wed thu fri sat sun holidays [{date name}]} \
             targets {p1 {first_response resolution clock} p2 {first_response resolution clock} \
             p3 {first_response resolution clock} p4 {first_response resolution clock}} \
             channels [{kind hours after_hours}] responsibilities {items} \
             escalation [{level name clock at contact}] \
             reporting {period compliance_target csat_target} \
             credits {per_breach bands [{below percent}] cap_percent}"
        );
    }
}
