//! The report charts, drawn with plotters into SVG: the same pictures in the app, the HTML file
//! and the PDF (where they stay vector).
//!
//! Text is set in the bundled Inter (registered with plotters' `ab_glyph` backend from the bytes
//! shipped in [`crate::fonts`], never looked up on the system), so sizes measured while laying a
//! chart out match what the PDF and the HTML file draw. Every chart has a title, titled axes
//! with units and a legend when it has more than one series; with no data it says so instead of
//! drawing empty axes, and a single point is drawn as a marker (a line needs two).
//!
//! One file at about 600 lines: the charts share one frame (title, axes, legend, empty state)
//! and its measurements, which would otherwise cross module boundaries at every call.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::fonts;

/// Chart size in pixels (SVG user units): wide enough for twelve month labels.
pub const WIDTH: u32 = 760;
/// Chart height.
pub const HEIGHT: u32 = 300;

/// The family name the charts ask for: the bundled font's exact name.
pub const FAMILY: &str = "Inter";

static FONTS: Once = Once::new();

fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are the ones shipped in this crate; a failure would be a broken build.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, fonts::REGULAR);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, fonts::BOLD);
    });
}

/// An sRGB colour.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    fn rgb(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// CSS hex, `#rrggbb`.
    #[must_use]
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// This colour mixed with white (`amount` 0–1 of white).
    #[must_use]
    pub fn tint(self, amount: f64) -> Self {
        let m = |c: u8| {
            let c = f64::from(c);
            // In 0..=255 by construction.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let v = (c + (255.0 - c) * amount).round() as u8;
            v
        };
        Self(m(self.0), m(self.1), m(self.2))
    }
}

/// Agreement colours: distinct, readable on white, colour-blind-aware (Okabe–Ito order).
pub const AGREEMENT_COLOURS: [Colour; 8] = [
    Colour(0, 114, 178),
    Colour(213, 94, 0),
    Colour(0, 158, 115),
    Colour(204, 121, 167),
    Colour(230, 159, 0),
    Colour(86, 180, 233),
    Colour(120, 94, 240),
    Colour(90, 90, 90),
];

/// Priority colours, P1 to P4 (most to least urgent).
pub const PRIORITY_COLOURS: [Colour; 4] = [
    Colour(192, 57, 43),
    Colour(230, 126, 34),
    Colour(41, 128, 185),
    Colour(127, 140, 141),
];

/// The target line's colour (also a timeline's breach mark).
pub const TARGET: Colour = Colour(200, 30, 30);
/// A timeline's deadline mark, where the breach came later than the deadline's next second.
pub const DEADLINE: Colour = Colour(30, 35, 40);
const INK: Colour = Colour(30, 35, 40);
const GRID: Colour = Colour(225, 228, 232);

/// One named series of values, one per category (absent values are gaps).
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Colour.
    pub colour: Colour,
    /// Values, one per category.
    pub values: Vec<Option<f64>>,
    /// Drawn dashed (a secondary series of the same agreement).
    pub dashed: bool,
}

/// How a value axis prints its values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    /// A fraction shown as a percent (`95%`).
    Percent,
    /// A plain count.
    Count,
    /// A score (`4.2`).
    Score,
    /// Money, with the currency code in the axis title.
    Money,
}

impl Unit {
    fn label(self, v: f64) -> String {
        match self {
            Self::Percent => format!("{:.0}%", v * 100.0),
            Self::Count => {
                if (v - v.round()).abs() < 1e-9 {
                    format!("{v:.0}")
                } else {
                    String::new()
                }
            }
            Self::Score => format!("{v:.1}"),
            Self::Money => format!("{v:.0}"),
        }
    }
}

/// A line chart over categories (periods): what the trends are.
#[derive(Clone, Debug)]
pub struct LineChart {
    /// Title.
    pub title: String,
    /// Category labels (x), in order.
    pub categories: Vec<String>,
    /// X axis title.
    pub x_title: String,
    /// Y axis title, with its unit.
    pub y_title: String,
    /// How y values print.
    pub unit: Unit,
    /// Y range.
    pub y_range: (f64, f64),
    /// The series.
    pub series: Vec<Series>,
    /// A target line, with its legend text.
    pub target: Option<(String, f64)>,
}

/// A bar chart over categories, series stacked.
#[derive(Clone, Debug)]
pub struct BarChart {
    /// Title.
    pub title: String,
    /// Category labels (x), in order.
    pub categories: Vec<String>,
    /// X axis title.
    pub x_title: String,
    /// Y axis title, with its unit.
    pub y_title: String,
    /// How y values print.
    pub unit: Unit,
    /// The stacked series.
    pub series: Vec<Series>,
}

fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal)
}

fn bold(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Bold)
}

fn empty_note(area: &DrawingArea<SVGBackend<'_>, Shift>, text: &str) {
    let (w, h) = area.dim_in_pixel();
    let style = font(15.0)
        .color(&Colour(110, 115, 120).rgb())
        .pos(Pos::new(HPos::Center, VPos::Center));
    let x = i32::try_from(w / 2).unwrap_or(0);
    let y = i32::try_from(h / 2).unwrap_or(0);
    let _ = area.draw_text(text, &style, (x, y));
}

/// The label of the category at x (categories sit on the integers 0, 1, …; other ticks get
/// none).
fn category_label(cats: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 {
        // A small non-negative integer by the check above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        cats.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// True when no series has a value.
fn no_data(series: &[Series]) -> bool {
    series.iter().all(|s| s.values.iter().all(Option::is_none))
}

/// How a legend entry shows its series.
#[derive(Clone, Copy, Debug)]
enum Mark {
    /// A line (dashed or solid).
    Line { dashed: bool },
    /// A filled box (bars).
    Box,
}

/// With two or more entries, draws the legend as one centred row under the title (outside the
/// plot, so it never hides a point) and returns the area left for the chart.
fn legend_row<'b>(
    area: &DrawingArea<SVGBackend<'b>, Shift>,
    entries: &[(String, Colour, Mark)],
) -> DrawingArea<SVGBackend<'b>, Shift> {
    if entries.len() < 2 {
        return area.clone();
    }
    let (top, rest) = area.split_vertically(24);
    let style = font(12.0)
        .color(&INK.rgb())
        .pos(Pos::new(HPos::Left, VPos::Center));
    let widths: Vec<i32> = entries
        .iter()
        .map(|(t, _, _)| {
            let w = top.estimate_text_size(t, &style).map_or(60, |(w, _)| w);
            i32::try_from(w).unwrap_or(60) + 22 + 18
        })
        .collect();
    let total: i32 = widths.iter().sum();
    let (w, _) = top.dim_in_pixel();
    let mut x = (i32::try_from(w).unwrap_or(0) - total).max(0) / 2;
    let y = 12;
    for ((text, colour, mark), width) in entries.iter().zip(widths) {
        let c = colour.rgb();
        let _ = match mark {
            Mark::Line { dashed: true } => {
                let _ = top.draw(&PathElement::new(
                    vec![(x, y), (x + 7, y)],
                    c.stroke_width(2),
                ));
                top.draw(&PathElement::new(
                    vec![(x + 11, y), (x + 18, y)],
                    c.stroke_width(2),
                ))
            }
            Mark::Line { dashed: false } => top.draw(&PathElement::new(
                vec![(x, y), (x + 18, y)],
                c.stroke_width(3),
            )),
            Mark::Box => top.draw(&Rectangle::new(
                [(x + 3, y - 6), (x + 15, y + 6)],
                c.filled(),
            )),
        };
        let _ = top.draw_text(text, &style, (x + 22, y));
        x += width;
    }
    rest
}

/// Where a category sits in a drawn chart, as fractions of the chart's width and height: the
/// whole height of the plot over the category's slot, for a click on it to name the category.
#[derive(Clone, Copy, PartialEq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Band {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The category slots of a chart, from its coordinates (categories on the integers).
#[allow(clippy::cast_precision_loss)] // category counts and pixel sizes are small
fn bands<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    n: usize,
    y: (f64, f64),
) -> Vec<Band> {
    (0..n)
        .map(|i| {
            let x = i as f64;
            let (x0, y0) = chart.backend_coord(&(x - 0.5, y.1));
            let (x1, y1) = chart.backend_coord(&(x + 0.5, y.0));
            Band {
                x: f64::from(x0) / f64::from(WIDTH),
                y: f64::from(y0) / f64::from(HEIGHT),
                width: f64::from(x1 - x0) / f64::from(WIDTH),
                height: f64::from(y1 - y0) / f64::from(HEIGHT),
            }
        })
        .collect()
}

/// Renders a line chart to SVG.
#[must_use]
pub fn line_chart(c: &LineChart) -> String {
    line_chart_bands(c).0
}

/// Renders a line chart to SVG, with its categories' slots (none when it has no data).
#[must_use]
pub fn line_chart_bands(c: &LineChart) -> (String, Vec<Band>) {
    register_fonts();
    let mut svg = String::new();
    let mut slots = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let root = root
            .titled(&c.title, bold(16.0).color(&INK.rgb()))
            .unwrap_or(root);
        if c.categories.is_empty() || no_data(&c.series) {
            empty_note(&root, "No data in this period");
        } else {
            slots = draw_lines(&root, c);
        }
        let _ = root.present();
    }
    (svg, slots)
}

#[allow(clippy::cast_precision_loss)] // category counts are small
fn draw_lines(root: &DrawingArea<SVGBackend<'_>, Shift>, c: &LineChart) -> Vec<Band> {
    let mut entries: Vec<(String, Colour, Mark)> = c
        .series
        .iter()
        .map(|s| (s.name.clone(), s.colour, Mark::Line { dashed: s.dashed }))
        .collect();
    if let Some((label, _)) = &c.target {
        entries.push((label.clone(), TARGET, Mark::Line { dashed: true }));
    }
    let root = &legend_row(root, &entries);
    let n = c.categories.len();
    let x_range = -0.5..(n as f64 - 0.5);
    let Ok(mut chart) = ChartBuilder::on(root)
        .margin(8)
        .x_label_area_size(44)
        .y_label_area_size(58)
        .build_cartesian_2d(x_range, c.y_range.0..c.y_range.1)
    else {
        return Vec::new();
    };
    let cats = c.categories.clone();
    let unit = c.unit;
    let _ = chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.rgb())
        .x_labels(n.min(13))
        .x_label_formatter(&move |x: &f64| category_label(&cats, *x))
        .y_label_formatter(&move |v: &f64| unit.label(*v))
        .x_desc(c.x_title.as_str())
        .y_desc(c.y_title.as_str())
        .axis_desc_style(font(13.0).color(&INK.rgb()))
        .label_style(font(12.0).color(&INK.rgb()))
        .draw();
    if let Some((label, t)) = &c.target {
        let colour = TARGET.rgb();
        let t = *t;
        let line = DashedLineSeries::new(
            vec![(-0.5, t), (n as f64 - 0.5, t)],
            6,
            4,
            ShapeStyle::from(&colour).stroke_width(2),
        );
        if let Ok(a) = chart.draw_series(line) {
            a.label(label.as_str()).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
            });
        }
    }
    for s in &c.series {
        let colour = s.colour.rgb();
        let style = ShapeStyle::from(&colour).stroke_width(if s.dashed { 2 } else { 3 });
        let points: Vec<(f64, f64)> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
            .collect();
        // Gaps split the line; each run of two or more points is a line.
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut last: Option<f64> = None;
        for p in &points {
            if last.is_some_and(|l| (p.0 - l - 1.0).abs() < 1e-9) {
                if let Some(r) = runs.last_mut() {
                    r.push(*p);
                }
            } else {
                runs.push(vec![*p]);
            }
            last = Some(p.0);
        }
        for r in runs.iter().filter(|r| r.len() > 1) {
            let _ = if s.dashed {
                chart.draw_series(DashedLineSeries::new(r.clone(), 8, 5, style))
            } else {
                chart.draw_series(LineSeries::new(r.clone(), style))
            };
        }
        let width = if s.dashed { 2 } else { 3 };
        if let Ok(a) = chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new(*p, 4, ShapeStyle::from(&colour).filled())),
        ) {
            a.label(s.name.as_str()).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(width))
            });
        }
    }
    bands(&chart, n, c.y_range)
}

/// Renders a stacked bar chart to SVG.
#[must_use]
pub fn bar_chart(c: &BarChart) -> String {
    bar_chart_bands(c).0
}

/// Renders a stacked bar chart to SVG, with its categories' slots (none when it is empty).
#[must_use]
pub fn bar_chart_bands(c: &BarChart) -> (String, Vec<Band>) {
    register_fonts();
    let mut svg = String::new();
    let mut slots = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let root = root
            .titled(&c.title, bold(16.0).color(&INK.rgb()))
            .unwrap_or(root);
        let total = |i: usize| -> f64 {
            c.series
                .iter()
                .filter_map(|s| s.values.get(i).copied().flatten())
                .sum()
        };
        let max = (0..c.categories.len()).map(total).fold(0.0, f64::max);
        if c.categories.is_empty() || max <= 0.0 {
            empty_note(&root, "Nothing to show in this period");
        } else {
            slots = draw_bars(&root, c, max);
        }
        let _ = root.present();
    }
    (svg, slots)
}

/// A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * p)
}

#[allow(clippy::cast_precision_loss)] // category counts are small
fn draw_bars(root: &DrawingArea<SVGBackend<'_>, Shift>, c: &BarChart, max: f64) -> Vec<Band> {
    let entries: Vec<(String, Colour, Mark)> = c
        .series
        .iter()
        .map(|s| (s.name.clone(), s.colour, Mark::Box))
        .collect();
    let root = &legend_row(root, &entries);
    let n = c.categories.len();
    let top = nice_ceiling(max * 1.05);
    let Ok(mut chart) = ChartBuilder::on(root)
        .margin(8)
        .x_label_area_size(44)
        .y_label_area_size(58)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..top)
    else {
        return Vec::new();
    };
    let cats = c.categories.clone();
    let unit = c.unit;
    let _ = chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.rgb())
        .x_labels(n.min(13))
        .x_label_formatter(&move |x: &f64| category_label(&cats, *x))
        .y_labels(6)
        .y_label_formatter(&move |v: &f64| unit.label(*v))
        .x_desc(c.x_title.as_str())
        .y_desc(c.y_title.as_str())
        .axis_desc_style(font(13.0).color(&INK.rgb()))
        .label_style(font(12.0).color(&INK.rgb()))
        .draw();
    let mut base = vec![0.0; n];
    for s in &c.series {
        let colour = s.colour.rgb();
        let bars: Vec<Rectangle<(f64, f64)>> = (0..n)
            .filter_map(|i| {
                let v = s.values.get(i).copied().flatten()?;
                if v <= 0.0 {
                    return None;
                }
                let x = i as f64;
                let r = Rectangle::new(
                    [(x - 0.32, base[i]), (x + 0.32, base[i] + v)],
                    colour.filled(),
                );
                base[i] += v;
                Some(r)
            })
            .collect();
        if let Ok(a) = chart.draw_series(bars) {
            a.label(s.name.as_str()).legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled())
            });
        }
    }
    bands(&chart, n, (0.0, top))
}

/// One stretch of a timeline bar.
#[derive(Clone, Debug)]
pub struct Stretch {
    /// Seconds from the bar's start.
    pub from_s: i64,
    /// Seconds from the bar's start.
    pub to_s: i64,
    /// Fill.
    pub colour: Colour,
}

/// A ticket's SLA timeline: stretches coloured by kind over `span_s` seconds, with instants
/// marked (the due or breach instant).
#[derive(Clone, Debug)]
pub struct TimelineBar {
    /// The stretches, in seconds from the bar's start.
    pub stretches: Vec<Stretch>,
    /// Seconds the bar spans.
    pub span_s: i64,
    /// Marked instants, in seconds from the bar's start.
    pub marks: Vec<(i64, Colour)>,
}

impl TimelineBar {
    /// The bar as a thin SVG strip (drawn when a page asks for it: the PDF lays out its own).
    #[must_use]
    pub fn svg(&self) -> String {
        register_fonts();
        let (w, h) = (600u32, 26u32);
        let span_s = self.span_s.max(1);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            let _ = root.fill(&WHITE);
            #[allow(clippy::cast_precision_loss)]
            let x = |s: i64| -> i32 {
                let f = s.clamp(0, span_s) as f64 / span_s as f64;
                // Within 0..=w by the clamp.
                #[allow(clippy::cast_possible_truncation)]
                let v = (f * f64::from(w - 2)).round() as i32 + 1;
                v
            };
            let _ = root.draw(&Rectangle::new(
                [(1, 6), (i32::try_from(w).unwrap_or(600) - 1, 20)],
                GRID.rgb().filled(),
            ));
            for s in &self.stretches {
                let _ = root.draw(&Rectangle::new(
                    [(x(s.from_s), 6), (x(s.to_s).max(x(s.from_s) + 1), 20)],
                    s.colour.rgb().filled(),
                ));
            }
            for (at, colour) in &self.marks {
                let _ = root.draw(&Rectangle::new(
                    [(x(*at) - 1, 1), (x(*at) + 1, 25)],
                    colour.rgb().filled(),
                ));
            }
            let _ = root.present();
        }
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: Vec<Option<f64>>) -> LineChart {
        LineChart {
            title: "Compliance".into(),
            categories: (0..values.len())
                .map(|i| format!("2026-{:02}", i + 1))
                .collect(),
            x_title: "Month".into(),
            y_title: "Compliance (%)".into(),
            unit: Unit::Percent,
            y_range: (0.0, 1.0),
            series: vec![Series {
                name: "Resolution".into(),
                colour: AGREEMENT_COLOURS[0],
                values,
                dashed: false,
            }],
            target: Some(("Target 95%".into(), 0.95)),
        }
    }

    #[test]
    fn empty_single_and_many_points() {
        let none = line_chart(&chart(vec![]));
        assert!(none.contains("No data in this period"), "{none}");
        let one = line_chart(&chart(vec![Some(0.9)]));
        assert!(one.contains("<circle"), "one point is a marker");
        assert!(one.contains("2026-01") && one.contains("Target 95%"));
        let many = line_chart(&chart(vec![Some(0.9), None, Some(0.97), Some(1.0)]));
        assert!(many.contains("<polyline") || many.contains("<path"));
        assert!(
            many.contains("font-family=\"Inter\""),
            "text asks for the bundled font"
        );
        assert!(
            many.contains("Compliance (%)") && many.contains("Month"),
            "titled axes"
        );
    }

    #[test]
    fn bars_with_nothing_say_so() {
        let c = BarChart {
            title: "Breaches".into(),
            categories: vec!["P1".into(), "P2".into()],
            x_title: "Priority".into(),
            y_title: "Breaches (count)".into(),
            unit: Unit::Count,
            series: vec![Series {
                name: "Resolution".into(),
                colour: PRIORITY_COLOURS[0],
                values: vec![Some(0.0), None],
                dashed: false,
            }],
        };
        assert!(bar_chart(&c).contains("Nothing to show"));
        let c = BarChart {
            series: vec![Series {
                values: vec![Some(3.0), Some(1.0)],
                ..c.series[0].clone()
            }],
            ..c
        };
        assert!(bar_chart(&c).matches("<rect").count() >= 3);
    }

    #[test]
    fn tints_and_ceilings() {
        assert_eq!(Colour(0, 0, 0).tint(1.0), Colour(255, 255, 255));
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(0.3), 0.5);
        assert_eq!(nice_ceiling(120.0), 200.0);
    }
}
