//! Mapping profiles (`imports.md`): how a helpdesk's export becomes Accord tickets — which
//! agreement a ticket runs under (the first rule that matches), its category, the prefix of its
//! id, the time zone of instants written without an offset, and overrides of the source's
//! status meanings. A profile is TOML; every problem in one is located (line, column, key).
//!
//! What a profile refers to is checked against the agreements it will place tickets under
//! ([`Profile::check_against`]): each rule's agreement exists, and the category default is in
//! the scope of every agreement a rule names (a mapped category outside the placed agreement's
//! scope is refused per ticket at import, with the ticket named).

use std::collections::BTreeMap;

use accord_core::calendar::Tz;
use accord_core::{Agreement, InputError, InputErrors};
use serde::Deserialize;
use toml::Spanned;

/// The helpdesks a profile can read (`imports.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Zendesk: tickets and audits JSON.
    Zendesk,
    /// ServiceNow: incident list and sys_audit CSV.
    Servicenow,
    /// Jira Service Management: issues with changelogs JSON.
    Jira,
    /// Freshdesk: tickets JSON and the ticket-activities export.
    Freshdesk,
    /// TM Forum TMF621 Trouble Tickets JSON.
    Tmf621,
    /// Any CSV: a tickets file and a status-history file.
    Csv,
}

impl SourceKind {
    /// Every source, in the order the docs list them.
    pub const ALL: [Self; 6] = [
        Self::Zendesk,
        Self::Servicenow,
        Self::Jira,
        Self::Freshdesk,
        Self::Tmf621,
        Self::Csv,
    ];

    /// The profile's spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Zendesk => "zendesk",
            Self::Servicenow => "servicenow",
            Self::Jira => "jira",
            Self::Freshdesk => "freshdesk",
            Self::Tmf621 => "tmf621",
            Self::Csv => "csv",
        }
    }

    /// Parses the profile's spelling.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How a rule compares a ticket's field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// The field's value (a number compared as its decimal text), exactly; for a list such as
    /// `tags`, one of its items exactly.
    Equals(String),
    /// The field's text contains this; for a list such as `tags`, one of its items is this
    /// (membership, not a substring of a tag).
    Contains(String),
}

/// An agreement rule: tickets whose `field` matches run under `agreement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// A source field (a dotted path in JSON), or `tags`.
    pub field: String,
    /// How it is compared.
    pub matches: Match,
    /// The agreement's id.
    pub agreement: String,
    /// Where the rule is written (its 1-based line), for problems found later.
    pub line: usize,
}

/// The category map.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CategoryMap {
    /// The source field holding the category.
    pub field: String,
    /// Source value → Accord category.
    pub map: BTreeMap<String, String>,
    /// For values the map does not name (and tickets without the field).
    pub default: Option<String>,
}

/// What a status of the source means, when the profile overrides the source's default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusMeaning {
    /// Not yet handled (a CSV export's `new`): leaving it is the first response.
    New,
    /// Waiting on the customer: the resolution clock pauses.
    Pause,
    /// The provider's time: the clock runs (a reply from a pause; a reopen from resolved).
    Open,
    /// Resolved.
    Resolved,
    /// Closed.
    Closed,
}

impl StatusMeaning {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "new" => Self::New,
            "pause" => Self::Pause,
            "open" => Self::Open,
            "resolved" => Self::Resolved,
            "closed" => Self::Closed,
            _ => return None,
        })
    }
}

/// A mapping profile, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The source it reads.
    pub source: SourceKind,
    /// Its name, for people.
    pub name: String,
    /// Put before the source's id to make the Accord ticket id (`ZD-` + `35436`).
    pub ticket_prefix: String,
    /// The zone of instants written without an offset.
    pub time_zone: Option<Tz>,
    /// Agreement rules, the first match wins.
    pub rules: Vec<Rule>,
    /// The category map.
    pub category: CategoryMap,
    /// Status overrides, by the source's status name.
    pub status: BTreeMap<String, StatusMeaning>,
    /// For a CSV source: the tickets file's columns by what they hold (`id`, `opened_at`…).
    pub columns: BTreeMap<String, String>,
    /// For a CSV source: the status-history file's columns (`ticket`, `at`, `status`,
    /// `priority`).
    pub history: BTreeMap<String, String>,
    /// Source priority values → Accord priorities (beyond the source's defaults).
    pub priority: BTreeMap<String, accord_core::model::Priority>,
    /// Source channel values → Accord channels (beyond the source's defaults).
    pub channel: BTreeMap<String, accord_core::model::Channel>,
}

impl Profile {
    /// The meaning the profile's `[status]` gives a status, its name compared without regard
    /// to case or surrounding spaces.
    #[must_use]
    pub fn status_named(&self, status: &str) -> Option<StatusMeaning> {
        let s = status.trim();
        self.status
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(s))
            .map(|(_, m)| *m)
    }
}

/// The tickets-file columns a CSV profile can name, and those it must.
pub const CSV_COLUMNS: [&str; 10] = [
    "id",
    "opened_at",
    "priority",
    "channel",
    "subject",
    "customer",
    "csat",
    "responded_at",
    "resolved_at",
    "closed_at",
];
/// The status-history columns a CSV profile can name.
pub const CSV_HISTORY: [&str; 4] = ["ticket", "at", "status", "priority"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    source: Spanned<String>,
    name: String,
    #[serde(default)]
    ticket_prefix: String,
    time_zone: Option<Spanned<String>>,
    #[serde(default)]
    agreement: Vec<Spanned<RawRule>>,
    category: Option<RawCategory>,
    #[serde(default)]
    status: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    columns: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    history: BTreeMap<String, Spanned<String>>,
    priority: Option<RawValueMap>,
    channel: Option<RawValueMap>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValueMap {
    #[serde(default)]
    map: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    field: String,
    equals: Option<toml::Value>,
    contains: Option<String>,
    agreement: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    field: String,
    #[serde(default)]
    map: BTreeMap<String, String>,
    default: Option<String>,
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

impl Profile {
    /// Reads a profile from its TOML; `file` names it in errors.
    ///
    /// # Errors
    /// Every problem found, located.
    pub fn parse(file: &str, text: &str) -> Result<Self, InputErrors> {
        let at = |span: std::ops::Range<usize>, key: &str, reason: String| {
            let (line, column) = line_col(text, span.start);
            InputError {
                file: file.to_owned(),
                line,
                column,
                key: key.to_owned(),
                reason,
            }
        };
        let raw: RawProfile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            at(span, "", e.message().to_owned())
        })?;
        let mut errors = InputErrors::default();
        let source = SourceKind::parse(raw.source.get_ref()).unwrap_or_else(|| {
            errors.push(at(
                raw.source.span(),
                "source",
                format!(
                    "`{}` is not a source Accord reads: write one of {}",
                    raw.source.get_ref(),
                    SourceKind::ALL.map(SourceKind::as_str).join(", ")
                ),
            ));
            SourceKind::Csv
        });
        let time_zone = raw.time_zone.as_ref().and_then(|tz| {
            tz.get_ref()
                .parse::<Tz>()
                .map_err(|_| {
                    errors.push(at(
                        tz.span(),
                        "time_zone",
                        format!(
                            "`{}` is not an IANA time zone (like America/New_York)",
                            tz.get_ref()
                        ),
                    ));
                })
                .ok()
        });
        let mut rules = Vec::new();
        for (i, r) in raw.agreement.iter().enumerate() {
            let key = format!("agreement[{i}]");
            let span = r.span();
            let r = r.get_ref();
            let matches = match (&r.equals, &r.contains) {
                (Some(v), None) => match v {
                    toml::Value::String(s) => Some(Match::Equals(s.clone())),
                    toml::Value::Integer(n) => Some(Match::Equals(n.to_string())),
                    toml::Value::Boolean(b) => Some(Match::Equals(b.to_string())),
                    _ => {
                        errors.push(at(
                            span.clone(),
                            &format!("{key}.equals"),
                            "should be text, a whole number or true/false".into(),
                        ));
                        None
                    }
                },
                (None, Some(c)) => Some(Match::Contains(c.clone())),
                _ => {
                    errors.push(at(
                        span.clone(),
                        &key,
                        "a rule has exactly one of `equals` and `contains`".into(),
                    ));
                    None
                }
            };
            if r.field.trim().is_empty() {
                errors.push(at(span.clone(), &format!("{key}.field"), "is empty".into()));
            }
            if let Some(matches) = matches {
                rules.push(Rule {
                    field: r.field.trim().to_owned(),
                    matches,
                    agreement: r.agreement.trim().to_owned(),
                    line: line_col(text, span.start).0,
                });
            }
        }
        if raw.agreement.is_empty() {
            errors.push(at(
                0..0,
                "agreement",
                "no `[[agreement]]` rule: without one no ticket can be placed".into(),
            ));
        }
        let category = raw
            .category
            .map_or_else(CategoryMap::default, |c| CategoryMap {
                field: c.field,
                map: c.map,
                default: c.default,
            });
        let mut status = BTreeMap::new();
        for (name, meaning) in &raw.status {
            match StatusMeaning::parse(meaning.get_ref()) {
                Some(m) => {
                    status.insert(name.clone(), m);
                }
                None => errors.push(at(
                    meaning.span(),
                    &format!("status.{name}"),
                    format!(
                        "`{}` is not a meaning: write new, pause, open, resolved or closed",
                        meaning.get_ref()
                    ),
                )),
            }
        }
        let mut named =
            |table: &BTreeMap<String, Spanned<String>>, section: &str, allowed: &[&str]| {
                let mut out = BTreeMap::new();
                for (k, v) in table {
                    if allowed.contains(&k.as_str()) {
                        out.insert(k.clone(), v.get_ref().clone());
                    } else {
                        errors.push(at(
                            v.span(),
                            &format!("{section}.{k}"),
                            format!(
                                "is not a column a profile names: write one of {}",
                                allowed.join(", ")
                            ),
                        ));
                    }
                }
                out
            };
        let columns = named(&raw.columns, "columns", &CSV_COLUMNS);
        let history = named(&raw.history, "history", &CSV_HISTORY);
        if source == SourceKind::Csv {
            for required in ["id", "opened_at"] {
                if !columns.contains_key(required) {
                    errors.push(at(
                        raw.source.span(),
                        "columns",
                        format!("a csv profile names the tickets file's `{required}` column in [columns]"),
                    ));
                }
            }
            if !history.is_empty() {
                for required in ["ticket", "at", "status"] {
                    if !history.contains_key(required) {
                        errors.push(at(
                            raw.source.span(),
                            "history",
                            format!(
                                "[history] names the status-history file's `{required}` column"
                            ),
                        ));
                    }
                }
            }
        } else if !columns.is_empty() || !history.is_empty() {
            errors.push(at(
                raw.source.span(),
                "columns",
                format!(
                    "[columns] and [history] are for csv profiles: a {} export has its own fields",
                    source.as_str()
                ),
            ));
        }
        let mut priority = BTreeMap::new();
        for (k, v) in raw.priority.iter().flat_map(|m| &m.map) {
            match accord_core::model::Priority::parse(v.get_ref()) {
                Ok(p) => {
                    priority.insert(k.clone(), p);
                }
                Err(_) => errors.push(at(
                    v.span(),
                    &format!("priority.map.{k}"),
                    format!(
                        "`{}` is not a priority: write p1, p2, p3 or p4",
                        v.get_ref()
                    ),
                )),
            }
        }
        let mut channel = BTreeMap::new();
        for (k, v) in raw.channel.iter().flat_map(|m| &m.map) {
            match accord_core::model::Channel::parse(v.get_ref()) {
                Ok(c) => {
                    channel.insert(k.clone(), c);
                }
                Err(_) => errors.push(at(
                    v.span(),
                    &format!("channel.map.{k}"),
                    format!(
                        "`{}` is not a channel: write phone, email, live_chat or help_desk",
                        v.get_ref()
                    ),
                )),
            }
        }
        errors.into_result(Self {
            source,
            name: raw.name,
            ticket_prefix: raw.ticket_prefix,
            time_zone,
            rules,
            category,
            status,
            columns,
            history,
            priority,
            channel,
        })
    }

    /// Checks what the profile refers to against the agreements it places tickets under.
    ///
    /// # Errors
    /// Every rule naming an unknown agreement, and a category default or mapped category
    /// outside the scope of every agreement the rules name.
    pub fn check_against(&self, file: &str, agreements: &[Agreement]) -> Result<(), InputErrors> {
        let mut errors = InputErrors::default();
        let named: Vec<&Agreement> = self
            .rules
            .iter()
            .filter_map(|r| {
                let found = agreements.iter().find(|a| a.id == r.agreement);
                if found.is_none() {
                    errors.push(InputError {
                        file: file.to_owned(),
                        line: r.line,
                        column: 0,
                        key: "agreement".into(),
                        reason: format!("there is no agreement `{}`", r.agreement),
                    });
                }
                found
            })
            .collect();
        let in_some_scope = |c: &str| named.iter().any(|a| a.categories().contains(&c));
        if let Some(d) = &self.category.default
            && !named.is_empty()
            && !in_some_scope(d)
        {
            errors.push(InputError::whole_file(
                file,
                format!("category.default `{d}` is in the scope of no agreement the rules name"),
            ));
        }
        for (from, to) in &self.category.map {
            if !named.is_empty() && !in_some_scope(to) {
                errors.push(InputError::whole_file(
                    file,
                    format!(
                        "category.map: `{from}` maps to `{to}`, which is in the scope of no agreement the rules name"
                    ),
                ));
            }
        }
        errors.into_result(())
    }
}

/// A stored profile, as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileSummary {
    /// Its name.
    pub name: String,
    /// The source it reads.
    pub source: String,
    /// Its version.
    pub version: i64,
    /// When it was last saved.
    pub updated_at: accord_core::Instant,
    /// By whom.
    pub updated_by: String,
}

/// Checks a profile's TOML, and what it refers to against the database's agreements.
///
/// # Errors
/// [`crate::AppError::Input`] with every problem, located; the database cannot be read.
pub async fn check(
    store: &accord_store::Store,
    file: &str,
    text: &str,
) -> Result<Profile, crate::AppError> {
    let p = Profile::parse(file, text)?;
    let agreements: Vec<Agreement> = store
        .agreements()
        .await?
        .into_iter()
        .map(|s| s.agreement)
        .collect();
    p.check_against(file, &agreements)?;
    Ok(p)
}

/// Saves a profile under its `name` (a new version when its TOML changed).
///
/// # Errors
/// As [`check`]; the database refuses the write.
pub async fn save(
    store: &accord_store::Store,
    file: &str,
    text: &str,
    actor: &str,
    now: accord_core::Instant,
) -> Result<Profile, crate::AppError> {
    let p = check(store, file, text).await?;
    store
        .save_profile(&p.name, p.source.as_str(), text, actor, now)
        .await?;
    Ok(p)
}

/// Every stored profile, by name.
///
/// # Errors
/// The database cannot be read.
pub async fn list(store: &accord_store::Store) -> Result<Vec<ProfileSummary>, crate::AppError> {
    Ok(store
        .profiles()
        .await?
        .into_iter()
        .map(|p| ProfileSummary {
            name: p.name,
            source: p.source,
            version: p.version,
            updated_at: p.updated_at,
            updated_by: p.updated_by,
        })
        .collect())
}

/// A stored profile's TOML of record.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn export(store: &accord_store::Store, name: &str) -> Result<String, crate::AppError> {
    store
        .profiles()
        .await?
        .into_iter()
        .find(|p| p.name == name.trim())
        .map(|p| p.toml)
        .ok_or_else(|| {
            accord_store::StoreError::NotFound(format!("profile `{}`", name.trim())).into()
        })
}
