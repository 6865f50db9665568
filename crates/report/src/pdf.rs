//! The report as a PDF, typeset by typst used as a library: tables that span pages repeat their
//! headers, pages are numbered "n of m", and the bundled Inter faces are embedded (subset).
//!
//! The layout is `templates/report.typ`; the content is the formatted view as `/data.json` and
//! the charts as `/charts/*.svg` in a virtual file system that holds nothing else, so a report
//! reads no file, font or package from the machine. Text from agreements and tickets is data the
//! template places as text; typst never parses it as markup.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::fonts;
use crate::view::{AgreementView, Attachment, Chart, PortfolioView, with_to_date};

const TEMPLATE: &str = include_str!("../templates/report.typ");

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The template failed (a bug: the message says where).
    #[error("the report layout failed: {0}")]
    Layout(String),
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Export(String),
    /// The data could not be serialised.
    #[error("the report data could not be prepared: {0}")]
    Data(#[from] serde_json::Error),
}

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

// Parsed once per process: every report uses the same faces.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = fonts::ALL
        .iter()
        .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|p| FileId::new(RootedPath::new(VirtualRoot::Project, p)))
}

struct ReportWorld {
    main: FileId,
    source: Source,
    data: (FileId, Bytes),
    /// Charts (`/charts/…`) and attachments (`/<name>.csv`).
    files: Vec<(FileId, Bytes)>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data.0 {
            return Ok(self.data.1.clone());
        }
        self.files
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, b)| b.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Reports print the generation time they are given; typst's clock is not consulted.
        None
    }
}

fn describe(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn render(
    data: serde_json::Value,
    charts: Vec<&Chart>,
    attachments: Vec<&Attachment>,
    ident: &str,
) -> Result<Vec<u8>, PdfError> {
    let main = file_id("/report.typ").ok_or_else(|| PdfError::Layout("bad path".into()))?;
    let data_id = file_id("/data.json").ok_or_else(|| PdfError::Layout("bad path".into()))?;
    let world = ReportWorld {
        main,
        source: Source::new(main, TEMPLATE.to_owned()),
        data: (data_id, Bytes::new(serde_json::to_vec(&data)?)),
        files: charts
            .into_iter()
            .filter_map(|c| {
                file_id(&format!("/charts/{}", c.file))
                    .map(|id| (id, Bytes::new(c.svg.clone().into_bytes())))
            })
            .chain(attachments.into_iter().filter_map(|f| {
                file_id(&format!("/{}", f.file)).map(|id| (id, Bytes::new(f.bytes.clone())))
            }))
            .collect(),
    };
    let doc: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| PdfError::Layout(describe(&e)))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some("Accord".to_owned())),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| PdfError::Export(describe(&e)))
}

/// One agreement's report as a PDF.
///
/// # Errors
/// [`PdfError`] when typesetting fails (a defect, not a user error).
pub fn agreement(v: &AgreementView, generated: &str) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::json!({
        "kind": "agreement",
        "title": format!("{} — {}", v.title, with_to_date(&v.period, &v.to_date)),
        "author": v.provider,
        "generated": generated,
        "header-left": format!("{} · {}", v.title, v.id),
        // Every page of a period to date says so, not only the cover.
        "header-right": header_period(&v.period, &v.to_date),
        "agreement": v,
    });
    render(
        data,
        v.charts.iter().collect(),
        v.attachments.iter().collect(),
        &format!("{}:{}", v.id, v.period),
    )
}

/// A portfolio report as a PDF.
///
/// # Errors
/// [`PdfError`] when typesetting fails (a defect, not a user error).
pub fn portfolio(v: &PortfolioView, generated: &str) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::json!({
        "kind": "portfolio",
        "title": format!(
            "Portfolio — {} — {}",
            v.selection,
            with_to_date(&v.period, &v.to_date)
        ),
        "author": "Accord",
        "generated": generated,
        "header-left": format!("Portfolio · {}", v.selection),
        "header-right": header_period(&v.period, &v.to_date),
        "portfolio": v,
    });
    let charts = v
        .charts
        .iter()
        .chain(v.agreements.iter().flat_map(|a| a.charts.iter()))
        .collect();
    let attachments = v
        .agreements
        .iter()
        .flat_map(|a| a.attachments.iter())
        .collect();
    render(
        data,
        charts,
        attachments,
        &format!("portfolio:{}:{}", v.selection, v.period),
    )
}

/// The period as every page's header names it: short, and marked when it is to date.
fn header_period(period: &str, to_date: &str) -> String {
    if to_date.is_empty() {
        period.to_owned()
    } else {
        format!("{period} to date (provisional)")
    }
}
