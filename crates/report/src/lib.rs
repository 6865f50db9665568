//! Accord's reports: what the alliance and the provider sign off each month.
//!
//! [`model`] gathers a report from the engine's answers (`accord-core`: metrics, credits,
//! explanations); [`view`] formats it once for people; [`charts`] draws the charts with
//! plotters as SVG; [`html`] writes a self-contained HTML file and [`pdf`] a PDF typeset by
//! typst with the fonts shipped in [`fonts`]. Everything here is pure: bytes in, bytes out, no
//! file, network or system font access, so the CLI, the app and tests get identical output.

pub mod charts;
pub mod fonts;
pub mod html;
pub mod model;
pub mod pdf;
pub mod view;

pub use model::{AgreementReport, PortfolioReport, Selection, Source};
pub use view::{AgreementView, PortfolioView};
