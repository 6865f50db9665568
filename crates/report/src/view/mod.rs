//! A report as people read it: every number formatted once (percents, durations, money, local
//! times in the agreement's zone) and every chart drawn, so the PDF and the HTML file show the
//! same content. Text from agreements and tickets stays data here; each renderer escapes it for
//! its own format (and the PDF template reads it as data, never as markup).
//!
//! Each concern has its module: `format` writes numbers and instants, `graphs` chooses and
//! fills the charts ([`crate::charts`] draws them), `breaches` lists breaches with their
//! timelines, `credits` sets out the credit statement, `issued` the statement issued for the period and its
//! restatement, `attachments` writes the CSV lists
//! behind a report, and `agreement` and `portfolio` put a report together. Everything is
//! re-exported here, so callers name it `view::…` whichever module it lives in.

mod agreement;
mod attachments;
mod breaches;
mod credits;
mod format;
mod graphs;
mod issued;
mod portfolio;

pub use agreement::{AgreementView, GroupRow, Kpi};
pub use attachments::Attachment;
pub use breaches::{BreachRow, StretchView, segment_colour};
pub use credits::{CreditGroup, CreditRow, Credits};
pub use format::{in_zone, local, money, percent, to_date_words, with_to_date};
pub use graphs::{Chart, ChartKind};
pub use issued::{IssuedView, RestatementSection};
pub use portfolio::{PortfolioRow, PortfolioView};
