//! The report as one self-contained HTML file: styles, fonts (base64) and charts (inline SVG)
//! inside, nothing fetched, no script. Every text from an agreement or a ticket is escaped, so
//! it shows as text whatever it contains.

use std::fmt::Write as _;

use accord_core::metrics::Verdict;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::fonts;
use crate::view::{AgreementView, GroupRow, IssuedView, Kpi, PortfolioView, with_to_date};

/// Escapes text for HTML content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r"
:root { color-scheme: light; --ink: #1e2328; --muted: #5b636b; --line: #e1e4e8; --met: #1a7f37; --missed: #c0392b; }
* { box-sizing: border-box; }
body { font-family: Inter, system-ui, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; font-feature-settings: 'tnum'; }
main { max-width: 1000px; margin: 0 auto; padding: 32px 40px 64px; background: #fff; }
header.cover { border-bottom: 4px solid var(--accent, #0072b2); padding-bottom: 16px; margin-bottom: 24px; }
header.cover .kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 12px; margin: 0; }
h1 { font-size: 28px; margin: 4px 0 8px; }
h2 { font-size: 20px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f2f4; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.met { color: var(--met); font-weight: 600; }
.missed { color: var(--missed); font-weight: 600; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
figure { margin: 16px 0; }
figure svg { width: 100%; height: auto; display: block; }
.timeline svg { width: 100%; height: 18px; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 4px 0 12px; }
.legend span::before { content: ''; display: inline-block; width: 12px; height: 10px; margin-right: 4px; background: var(--c); vertical-align: middle; border: 1px solid #0002; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; background: var(--c); }
.small { font-size: 12px; color: var(--muted); }
.notice { background: #fff7e0; border-left: 4px solid #e69f00; padding: 8px 12px; margin: 16px 0; }
tr.moved td { font-weight: 600; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print { body { background: #fff; } main { padding: 0; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
";

fn head(out: &mut String, title: &str, accent: &str) {
    let font = |face: &[u8]| STANDARD.encode(face);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:\">\n\
         <title>{}</title>\n<style>\n\
         @font-face {{ font-family: Inter; font-weight: 400; src: url(data:font/otf;base64,{}) format('opentype'); }}\n\
         @font-face {{ font-family: Inter; font-weight: 600; src: url(data:font/otf;base64,{}) format('opentype'); }}\n\
         @font-face {{ font-family: Inter; font-weight: 700; src: url(data:font/otf;base64,{}) format('opentype'); }}\n\
         {STYLE}\n</style>\n</head>\n<body style=\"--accent: {}\">\n<main>",
        escape(title),
        font(fonts::REGULAR),
        font(fonts::SEMIBOLD),
        font(fonts::BOLD),
        escape(accent),
    );
}

fn kpi_table(out: &mut String, kpis: &[Kpi]) {
    out.push_str("<table class=\"kpis\"><thead><tr><th>Measure</th><th class=\"num\">Value</th><th class=\"num\">Target</th><th>Against target</th></tr></thead><tbody>\n");
    for k in kpis {
        let status = match k.status {
            Some(Verdict::Met) => "<span class=\"met\">✓ met</span>",
            Some(Verdict::Missed) => "<span class=\"missed\">✗ missed</span>",
            None => "",
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{status}</td></tr>",
            escape(&k.name),
            escape(&k.value),
            escape(&k.target)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn group_table(out: &mut String, first: &str, rows: &[GroupRow]) {
    let _ = writeln!(
        out,
        "<table><thead><tr><th>{}</th><th class=\"num\">Opened</th><th class=\"num\">FR met</th><th class=\"num\">FR breached</th><th class=\"num\">FR compliance</th><th class=\"num\">FR median</th><th class=\"num\">Res. met</th><th class=\"num\">Res. breached</th><th class=\"num\">Res. compliance</th><th class=\"num\">CSAT (n)</th><th class=\"num\">Escalations</th></tr></thead><tbody>",
        escape(first)
    );
    for (i, r) in rows.iter().enumerate() {
        let class = if i + 1 == rows.len() {
            " class=\"total\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{class}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r.name),
            escape(&r.opened),
            escape(&r.fr_met),
            escape(&r.fr_breached),
            escape(&r.fr_compliance),
            escape(&r.fr_median),
            escape(&r.res_met),
            escape(&r.res_breached),
            escape(&r.res_compliance),
            escape(&r.csat),
            escape(&r.escalations),
        );
    }
    out.push_str("</tbody></table>\n");
}

fn figure(out: &mut String, title: &str, svg: &str) {
    // The SVG is ours (plotters output of our own numbers and escaped labels); it goes in as
    // markup so it stays vector and needs no external file.
    let svg = svg.find("<svg").map_or(svg, |i| &svg[i..]);
    let _ = writeln!(
        out,
        "<figure role=\"img\" aria-label=\"{}\">{svg}</figure>",
        escape(title)
    );
}

fn agreement_body(out: &mut String, v: &AgreementView, level: u8) {
    let h = |n: u8| format!("h{}", (level + n).min(6));
    let _ = write!(
        out,
        "<header class=\"cover\" style=\"--accent: {}\"><p class=\"kicker\">Service performance report · {}</p>\
         <{h1}>{}</{h1}><dl class=\"facts\">\
         <dt>Agreement</dt><dd>{}</dd><dt>Provider</dt><dd>{}</dd><dt>Alliance</dt><dd>{}</dd>\
         <dt>Region</dt><dd>{}</dd><dt>Tier</dt><dd>{}</dd><dt>Term</dt><dd>{}</dd>",
        escape(&v.colour),
        escape(&with_to_date(&v.period, &v.to_date)),
        escape(&v.title),
        escape(&v.id),
        escape(&v.provider),
        escape(&v.alliance),
        escape(&v.region),
        escape(&v.tier),
        escape(&v.term),
        h1 = h(0),
    );
    if !v.account_manager.is_empty() {
        let _ = write!(
            out,
            "<dt>Account manager</dt><dd>{}</dd>",
            escape(&v.account_manager)
        );
    }
    if !v.technical_staff.is_empty() {
        let _ = write!(
            out,
            "<dt>Technical staff</dt><dd>{}</dd>",
            escape(&v.technical_staff)
        );
    }
    let _ = write!(
        out,
        "<dt>Period</dt><dd>{}</dd>",
        escape(&with_to_date(
            &format!(
                "{} — {}{}",
                v.period,
                v.period_dates,
                if v.to_date.is_empty() { "" } else { ";" }
            ),
            &v.to_date
        ))
    );
    if !v.terms.is_empty() {
        let _ = write!(out, "<dt>Terms</dt><dd>{}</dd>", escape(&v.terms));
    }
    let _ = writeln!(
        out,
        "<dt>Times shown in</dt><dd>{}</dd></dl></header>",
        escape(&v.time_zone)
    );
    provisional(out, &v.to_date);
    let h2 = h(1);
    let h3 = h(2);
    let _ = writeln!(out, "<{h2}>Key figures against targets</{h2}>");
    kpi_table(out, &v.kpis);
    let _ = writeln!(out, "<{h3}>Targets by priority</{h3}>");
    out.push_str("<table><thead><tr><th>Priority</th><th class=\"num\">First response</th><th class=\"num\">Resolution</th><th>Counted on</th></tr></thead><tbody>\n");
    for t in &v.targets {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&t[0]),
            escape(&t[1]),
            escape(&t[2]),
            escape(&t[3])
        );
    }
    out.push_str("</tbody></table>\n");
    let _ = writeln!(out, "<{h2}>Trends</{h2}>");
    for c in v.charts.iter().take(3) {
        figure(out, &c.title, &c.svg);
    }
    let _ = writeln!(out, "<{h2}>This period in detail</{h2}>");
    for c in v.charts.iter().skip(3) {
        figure(out, &c.title, &c.svg);
    }
    let _ = writeln!(out, "<{h3}>By priority</{h3}>");
    group_table(out, "Priority", &v.by_priority);
    let _ = writeln!(out, "<{h3}>By channel</{h3}>");
    group_table(out, "Channel", &v.by_channel);
    let _ = writeln!(out, "<{h2}>Breaches ({})</{h2}>", v.breach_total);
    // The lists behind the report, as files to save (the PDF carries them as attachments).
    out.push_str("<p class=\"small\">Files: ");
    for (i, f) in v.attachments.iter().enumerate() {
        let _ = write!(
            out,
            "{}<a download=\"{}\" href=\"data:text/csv;base64,{}\" title=\"{}\">{}</a>",
            if i > 0 { " · " } else { "" },
            escape(&f.file),
            STANDARD.encode(&f.bytes),
            escape(&f.description),
            escape(&f.file)
        );
    }
    out.push_str("</p>\n");
    if v.breaches.is_empty() {
        out.push_str("<p>No clock was breached in this period.</p>\n");
    } else {
        if v.breach_total > v.breaches.len() {
            let _ = writeln!(
                out,
                "<p>The {} breaches furthest over their targets are shown with their timelines. All {} are listed in <strong>{}</strong>.</p>",
                v.breaches.len(),
                v.breach_total,
                escape(&v.attachments[0].file)
            );
        }
        out.push_str("<p class=\"small\">Each bar runs from the ticket's opening to the later of the breach and the clock's last counted moment; the red mark is the breach instant (the first counted second over the target), and a dark mark the deadline where the breach came later, at the next business second.</p><div class=\"legend\">");
        for (c, words) in &v.timeline_legend {
            let _ = write!(
                out,
                "<span style=\"--c: {}\">{}</span>",
                escape(c),
                escape(words)
            );
        }
        out.push_str("</div>\n<table class=\"breaches\"><thead><tr><th>Ticket</th><th>Clock</th><th>Priority</th><th>Channel</th><th>Opened</th><th>Deadline</th><th>Breached</th><th class=\"num\">Counted / target</th><th class=\"num\">Credit</th></tr></thead><tbody>\n");
        for b in &v.breaches {
            let svg = b.bar.svg();
            let svg = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
            let _ = writeln!(
                out,
                "<tr><td><strong>{}</strong><br><span class=\"small\">{}{}{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td></tr>\
                 <tr><td colspan=\"9\" class=\"timeline\" aria-label=\"{}\">{svg}<span class=\"small\">{}</span></td></tr>",
                escape(&b.ticket),
                escape(&b.subject),
                if b.customer.is_empty() || b.subject.is_empty() {
                    ""
                } else {
                    " · "
                },
                escape(&b.customer),
                escape(&b.clock),
                escape(&b.priority),
                escape(&b.channel),
                escape(&b.opened),
                escape(&b.due),
                escape(&b.breached),
                escape(&b.elapsed),
                escape(&b.target),
                escape(&b.credit),
                escape(&b.timeline_text),
                escape(&b.timeline_text),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if let Some(i) = &v.issued {
        issued_section(out, i, &h2);
    }
    let c = &v.credits;
    let heading = match &v.issued {
        Some(i) if i.restatement.is_some() => "Credit statement — recomputed now",
        Some(_) => "Credit statement — as issued",
        None => "Credit statement",
    };
    let _ = writeln!(out, "<{h2}>{heading}</{h2}>");
    let _ = writeln!(
        out,
        "<p>Period fee: <strong>{}</strong></p>",
        escape(&c.fee)
    );
    if c.lines.is_empty() && c.line_count > 0 {
        let _ = writeln!(
            out,
            "<p>{} resolution breaches were counted. Each is listed with its ticket, priority, breach instant and credit in <strong>{}</strong>; by priority:</p>\
             <table class=\"credits\"><thead><tr><th>Priority</th><th class=\"num\">Breaches counted</th><th class=\"num\">Credits</th></tr></thead><tbody>",
            c.line_count,
            escape(&v.attachments[1].file)
        );
        for g in &c.by_priority {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&g.priority),
                escape(&g.count),
                escape(&g.amount)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if c.lines.is_empty() && c.line_count > 0 {
        out.push_str("<table class=\"credits\"><thead><tr><th colspan=\"3\">Totals</th><th class=\"num\">Credit</th></tr></thead><tbody>\n");
    } else {
        out.push_str("<table class=\"credits\"><thead><tr><th>Ticket</th><th>Priority</th><th>Resolution breached</th><th class=\"num\">Credit</th></tr></thead><tbody>\n");
    }
    if c.line_count == 0 {
        out.push_str("<tr><td colspan=\"4\">No resolution breach in this period.</td></tr>\n");
    }
    for l in &c.lines {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&l.ticket),
            escape(&l.priority),
            escape(&l.at),
            escape(&l.amount)
        );
    }
    let _ = writeln!(
        out,
        "<tr><td colspan=\"3\">Per-breach credits</td><td class=\"num\">{}</td></tr>\
         <tr><td colspan=\"3\">Compliance band: {}</td><td class=\"num\">{}</td></tr>\
         <tr><td colspan=\"3\">Cap: {}{}</td><td class=\"num\"></td></tr>\
         <tr class=\"total\"><td colspan=\"3\">Total credit owed{}</td><td class=\"num\">{}</td></tr></tbody></table>",
        escape(&c.per_breach_total),
        escape(&c.band),
        escape(&c.band_amount),
        escape(&c.cap),
        if c.cap_applied {
            " (applied: the total is capped)"
        } else {
            " (not reached)"
        },
        if v.to_date.is_empty() {
            ""
        } else {
            " to date (provisional: the period has not ended)"
        },
        escape(&c.total),
    );
}

/// The statement issued for the period, and its restatement when figures have moved since.
fn issued_section(out: &mut String, i: &IssuedView, h2: &str) {
    let _ = writeln!(
        out,
        "<{h2}>Issued statement</{h2}>\n<p><strong>{}</strong>, under {}.</p>",
        escape(&i.heading),
        escape(&i.terms)
    );
    out.push_str("<table class=\"issued\"><thead><tr><th>Figure</th><th class=\"num\">As issued</th><th class=\"num\">Computed now</th></tr></thead><tbody>\n");
    for [name, issued, now] in &i.figures {
        let moved = if issued == now {
            ""
        } else {
            " class=\"moved\""
        };
        let _ = writeln!(
            out,
            "<tr{moved}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(name),
            escape(issued),
            escape(now)
        );
    }
    out.push_str("</tbody></table>\n");
    if !i.lines.is_empty() {
        out.push_str("<table class=\"issued\"><thead><tr><th>Credited ticket</th><th>Priority</th><th class=\"num\">Credit issued</th></tr></thead><tbody>\n");
        for [ticket, priority, amount] in &i.lines {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(ticket),
                escape(priority),
                escape(amount)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    let _ = writeln!(
        out,
        "<p>Total issued: <strong>{}</strong></p>",
        escape(&i.total)
    );
    let Some(r) = &i.restatement else {
        out.push_str("<p>Nothing has moved since it was issued: the figures below are the issued ones.</p>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"notice\" role=\"note\"><strong>Restatement.</strong> The figures computed now differ from the issued statement, which stays as issued: {}.</p>",
        escape(&r.summary)
    );
    for c in &r.corrections {
        let _ = writeln!(out, "<p>Terms changed since issue: {}</p>", escape(c));
    }
    out.push_str("<table class=\"restated\"><thead><tr><th>Ticket</th><th>First response</th><th>Resolution</th><th>Credit</th><th>Cause</th></tr></thead><tbody>\n");
    for row in &r.tickets {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// The notice a period to date opens with: nothing after its instant is counted, and its
/// credits can still change.
fn provisional(out: &mut String, to_date: &str) {
    if !to_date.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"notice\" role=\"note\"><strong>Provisional.</strong> The period has not ended: its figures are {}. Only what happened before that instant is counted; a clock still running is neither met nor breached, and the credits can change until the period ends.</p>",
            escape(to_date)
        );
    }
}

/// One agreement's report as an HTML document.
#[must_use]
pub fn agreement(v: &AgreementView, generated: &str) -> String {
    let mut out = String::new();
    head(
        &mut out,
        &format!("{} — {}", v.title, with_to_date(&v.period, &v.to_date)),
        &v.colour,
    );
    agreement_body(&mut out, v, 1);
    let _ = writeln!(
        out,
        "<footer>Generated by Accord on {}. Figures follow the agreement's definitions; times are in {}.</footer>\n</main>\n</body>\n</html>",
        escape(generated),
        escape(&v.time_zone)
    );
    out
}

/// A portfolio report as an HTML document.
#[must_use]
pub fn portfolio(v: &PortfolioView, generated: &str) -> String {
    let mut out = String::new();
    head(
        &mut out,
        &format!(
            "Portfolio — {} — {}",
            v.selection,
            with_to_date(&v.period, &v.to_date)
        ),
        "#1e2328",
    );
    let _ = writeln!(
        out,
        "<header class=\"cover\"><p class=\"kicker\">Portfolio report · {}</p><h1>{}</h1><p>{}. Credits owed: {}</p></header>",
        escape(&with_to_date(&v.period, &v.to_date)),
        escape(&v.selection),
        escape(&v.count),
        escape(&if v.totals.is_empty() {
            "none".to_owned()
        } else {
            v.totals.join(", ")
        }),
    );
    provisional(&mut out, &v.to_date);
    out.push_str("<h2>Agreements</h2><table><thead><tr><th>Agreement</th><th>Tier</th><th>Region</th><th class=\"num\">Opened</th><th class=\"num\">FR compliance</th><th class=\"num\">Res. compliance</th><th class=\"num\">Target</th><th class=\"num\">CSAT (n)</th><th class=\"num\">Breaches</th><th class=\"num\">Credits</th></tr></thead><tbody>\n");
    // A compliance figure against its target: coloured, and marked for readers without colour.
    let against = |value: &str, status: Option<Verdict>| match status {
        Some(Verdict::Met) => format!(
            "<td class=\"num met\">✓ {}<span class=\"vh\"> (target met)</span></td>",
            escape(value)
        ),
        Some(Verdict::Missed) => format!(
            "<td class=\"num missed\">✗ {}<span class=\"vh\"> (target missed)</span></td>",
            escape(value)
        ),
        _ => format!("<td class=\"num\">{}</td>", escape(value)),
    };
    for r in &v.rows {
        let _ = writeln!(
            out,
            "<tr><td><span class=\"swatch\" style=\"--c: {}\"></span>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>{}{}<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r.colour),
            escape(&r.id),
            escape(&r.tier),
            escape(&r.region),
            escape(&r.opened),
            against(&r.fr_compliance, r.fr_status),
            against(&r.res_compliance, r.res_status),
            escape(&r.target),
            escape(&r.csat),
            escape(&r.breaches),
            escape(&r.credits),
        );
    }
    let t = &v.total;
    let _ = writeln!(
        out,
        "<tr class=\"total\"><td>{}</td><td></td><td></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        escape(&t.id),
        escape(&t.opened),
        escape(&t.fr_compliance),
        escape(&t.res_compliance),
        escape(&t.csat),
        escape(&t.breaches),
        escape(&t.credits),
    );
    out.push_str("</tbody></table>\n");
    for c in &v.charts {
        figure(&mut out, &c.title, &c.svg);
    }
    for a in &v.agreements {
        out.push_str("<section class=\"agreement\">\n");
        agreement_body(&mut out, a, 2);
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>Generated by Accord on {}.</footer>\n</main>\n</body>\n</html>",
        escape(generated)
    );
    out
}
