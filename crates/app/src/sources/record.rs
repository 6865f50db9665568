//! Reading one record of an export: its instants, its JSON, where the profile places it (the
//! agreement of the first rule that matches, and a category in that agreement's scope at its
//! opening), and its problems located by their path. Shared by every source's module.

use accord_core::{Agreement, InputErrors, Instant};

use super::Converted;
use super::zendesk;
use crate::import::InputFile;
use crate::profiles::Profile;

/// A JSON record's instant field: its instant, or why not (`missing`, or what is wrong with it).
pub(crate) fn instant_at(
    record: &serde_json::Value,
    key: &str,
    tz: Option<accord_core::calendar::Tz>,
) -> Result<Instant, String> {
    record
        .get(key)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| "missing".to_owned())
        .and_then(|s| zendesk::instant(s, tz))
}

/// A file read as JSON, or the syntax error located.
pub(crate) fn parse_json(f: &InputFile) -> Result<serde_json::Value, accord_core::InputError> {
    serde_json::from_slice(&f.bytes).map_err(|e| accord_core::InputError {
        file: f.name.clone(),
        line: e.line(),
        column: e.column(),
        key: String::new(),
        reason: format!("not valid JSON: {e}"),
    })
}

/// Why a ticket a rule matched cannot be placed: the rule names no agreement here, or its
/// category is none or outside the scope in force at its opening.
pub(crate) enum Unplaceable {
    /// The rule's agreement is not in the database.
    Agreement(String),
    /// The category the profile gives it.
    Category(String),
}

/// Where a ticket goes: the agreement of `rule` (the first that matched) and its category by
/// the profile's map (`raw`, the source's value), which must be in the scope in force at its
/// opening.
pub(crate) fn place<'a>(
    profile: &Profile,
    agreements: &'a [Agreement],
    rule: &crate::profiles::Rule,
    raw: Option<&str>,
    opened_at: Instant,
) -> Result<(&'a Agreement, String), Unplaceable> {
    let agreement = agreements
        .iter()
        .find(|a| a.id == rule.agreement)
        .ok_or_else(|| {
            Unplaceable::Agreement(format!(
                "the profile places it under `{}`, which is not an agreement here",
                rule.agreement
            ))
        })?;
    let c = &profile.category;
    let raw = raw.map(str::trim).filter(|v| !v.is_empty());
    let category = raw
        .and_then(|v| c.map.get(v).cloned())
        .or_else(|| c.default.clone());
    let scope = &agreement.terms_at(opened_at).scope;
    match category {
        Some(cat) if scope.contains(&cat) => Ok((agreement, cat)),
        Some(cat) => Err(Unplaceable::Category(format!(
            "maps to category `{cat}`, which is not in the scope of {} ({})",
            agreement.id,
            scope.join(", ")
        ))),
        None => Err(Unplaceable::Category(format!(
            "{} maps to no category, and the profile has no category default",
            raw.map_or_else(|| "no value".to_owned(), |v| format!("`{v}`"))
        ))),
    }
}

/// A problem of a JSON export's record, located by its path (JSON has no lines worth naming
/// once parsed: the path says which record and field).
pub(crate) fn bad(file: &str, key: String, reason: String) -> accord_core::InputError {
    accord_core::InputError {
        file: file.to_owned(),
        line: 0,
        column: 0,
        key,
        reason,
    }
}

/// A JSON record placed under its agreement.
pub(crate) struct Placed<'a> {
    /// The source's id.
    pub id: String,
    /// Where it is, for errors: `tickets[3] (id 35436)`.
    pub at: String,
    /// When it opened.
    pub opened_at: Instant,
    /// The agreement the first matching rule names.
    pub agreement: &'a Agreement,
    /// Its category.
    pub category: String,
}

/// Reads a JSON record's id (`id_key`) and opening (`opened`, a dotted path) and places it by
/// the profile: counted as read, then skipped when no rule matches; problems located
/// (`label(id)` names it). `None` when it goes no further.
#[allow(clippy::too_many_arguments)] // the record, where it is, and what it is placed by
pub(crate) fn place_record<'a>(
    record: &serde_json::Value,
    (id_key, opened): (&str, &str),
    file: &str,
    label: impl Fn(&str) -> String,
    profile: &Profile,
    agreements: &'a [Agreement],
    out: &mut Converted,
    errors: &mut InputErrors,
) -> Option<Placed<'a>> {
    use zendesk::{at_path, rule_matches, text, texts_at};
    out.read += 1;
    let Some(id) = record.get(id_key).and_then(text) else {
        errors.push(bad(file, label("?") + "." + id_key, "missing".into()));
        return None;
    };
    let at = label(&id);
    let opened_at = match at_path(record, opened)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| "missing".to_owned())
        .and_then(|s| zendesk::instant(s, profile.time_zone))
    {
        Ok(x) => x,
        Err(e) => {
            errors.push(bad(file, format!("{at}.{opened}"), e));
            return None;
        }
    };
    let Some(rule) = profile.rules.iter().find(|r| rule_matches(record, r)) else {
        out.skip("no rule of the profile places it");
        return None;
    };
    let field = &profile.category.field;
    let raw = (!field.is_empty())
        .then(|| texts_at(record, field).into_iter().next())
        .flatten();
    match place(profile, agreements, rule, raw.as_deref(), opened_at) {
        Ok((agreement, category)) => Some(Placed {
            id,
            at,
            opened_at,
            agreement,
            category,
        }),
        Err(Unplaceable::Agreement(why)) => {
            errors.push(bad(file, at, why));
            None
        }
        Err(Unplaceable::Category(why)) => {
            errors.push(bad(file, format!("{at}.{field}"), why));
            None
        }
    }
}
