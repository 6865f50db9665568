//! Terms in force (`sla-semantics.md`): a ticket is governed by the terms in force at its
//! opening for its whole life; a period's fee, credit terms and reporting targets by those in
//! force at its start. Over the shared sample, with an amendment appended to the Premium
//! agreement (its P2 resolution target 8h → 2h, its fee 12,500 → 13,500 USD).

use accord_core::analysis::period_metrics;
use accord_core::input::{ReadOptions, read_ticket_set};
use accord_core::output::{SlaFormat, render_sla};
use accord_core::period::Period;
use accord_core::{Agreement, AgreementRuntime, Instant, TicketSet, parse_agreement, runtimes_for};
use proptest::prelude::*;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/sample");
const PREMIUM: usize = 2;

fn t(s: &str) -> Instant {
    Instant::parse(s).expect("valid instant")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{SAMPLE}/{name}")).expect("sample file")
}

/// The sample's agreements (basic, enterprise, premium), premium with `amendment` appended.
fn agreements(amendment: &str) -> Vec<Agreement> {
    ["basic", "enterprise", "premium"]
        .iter()
        .map(|n| {
            let mut src = read(&format!("agreements/{n}.toml"));
            if *n == "premium" {
                src.push_str(amendment);
            }
            parse_agreement(n, &src).expect("it parses")
        })
        .collect()
}

/// The shared amendment (`fixtures/premium-amendment.toml`), taking effect on `effective`.
fn amendment(effective: &str) -> String {
    include_str!("fixtures/premium-amendment.toml").replace(
        "effective = 2026-10-15",
        &format!("effective = {effective}"),
    )
}

fn tickets(agreements: &[Agreement]) -> TicketSet {
    read_ticket_set(
        "tickets.csv",
        read("tickets.csv"),
        "events.csv",
        read("events.csv"),
        agreements,
        ReadOptions::default(),
    )
    .expect("the sample reads")
}

fn sla_rows(agreements: &[Agreement], as_of: Instant) -> Vec<String> {
    let set = tickets(agreements);
    let rts = runtimes_for(agreements, &set, as_of);
    let out = render_sla(&rts, &set, as_of, SlaFormat::Csv).concat();
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_ticket_keeps_the_terms_in_force_at_its_opening() {
    let as_of = t("2026-11-20T00:00:00Z");
    let base = sla_rows(&agreements(""), as_of);
    let amended = sla_rows(&agreements(&amendment("2026-10-15")), as_of);
    assert_eq!(base.len(), amended.len());
    let set = tickets(&agreements(""));
    let start = t("2026-10-15T04:00:00Z"); // 00:00 in New York (EDT)
    let mut changed = Vec::new();
    for ((b, a), ticket) in base[1..].iter().zip(&amended[1..]).zip(&set.tickets) {
        let p2_premium = ticket.agreement as usize == PREMIUM && b.contains(",p2,");
        if b != a {
            changed.push(ticket.id.to_string());
            assert!(p2_premium && ticket.opened_at >= start, "{b}\n{a}");
            assert!(a.contains(",7200,"), "the 2h target: {a}");
        } else if p2_premium && ticket.opened_at >= start {
            assert!(
                a.contains(",7200,"),
                "amended but unchanged only if 2h: {a}"
            );
        }
    }
    // The sample's one Premium P2 ticket opened after the amendment.
    assert_eq!(changed, ["T-0000450"]);
}

#[test]
fn a_period_has_the_fee_and_credit_terms_in_force_at_its_start() {
    let as_of = t("2026-12-01T05:00:00Z");
    let october = Period::parse("2026-10").unwrap();
    let credits_of = |effective: &str| {
        let a = agreements(&amendment(effective));
        let set = tickets(&a);
        let rts: Vec<AgreementRuntime> = runtimes_for(&a, &set, as_of);
        let m = period_metrics(&rts[PREMIUM], 2, &set, october, as_of).expect("ended");
        let lines: Vec<String> = m
            .credits
            .breaches
            .iter()
            .map(|l| l.amount.to_string())
            .collect();
        let c = &m.credits;
        (lines, c.period_fee.to_string(), c.total.to_string())
    };
    // Amended mid-October: October keeps the base fee (1% of 12,500 a breach), though one of
    // its tickets now breaches the amended 2h target.
    let (lines, fee, total) = credits_of("2026-10-15");
    assert!(lines.iter().all(|l| l == "125.00"), "{lines:?}");
    assert_eq!((fee.as_str(), total.as_str()), ("12500.00", "875.00"));
    // Amended from October 1st: October's fee is the amended one.
    let (lines, fee, _) = credits_of("2026-10-01");
    assert_eq!(fee, "13500.00");
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l == "135.00"),
        "{lines:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// An amendment that starts after everything looked at changes nothing: the terms before it
    /// are exactly the base terms, ticket by ticket and period by period. (The Premium term
    /// ends 2026-12-31, the last date an amendment may take effect.)
    #[test]
    fn an_amendment_in_the_future_changes_nothing(days in 0u32..=40, hour in 0u32..24) {
        let as_of = t("2026-11-20T00:00:00Z");
        let effective = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
            + chrono::Days::new(u64::from(days));
        let a = agreements(&amendment(&effective.to_string()));
        let at = as_of.plus(i64::from(hour) * 3600);
        prop_assert_eq!(sla_rows(&agreements(""), at), sla_rows(&a, at));
        let base = agreements("");
        let (bs, s) = (tickets(&base), tickets(&a));
        let (brt, rt) = (runtimes_for(&base, &bs, at), runtimes_for(&a, &s, at));
        for p in ["2026-09", "2026-10", "2026-11", "2026-Q4"] {
            let p = Period::parse(p).unwrap();
            prop_assert_eq!(
                period_metrics(&brt[PREMIUM], 2, &bs, p, at),
                period_metrics(&rt[PREMIUM], 2, &s, p, at)
            );
        }
    }
}

/// A category an amendment adds to the scope is open to tickets opened from its date, refused
/// (naming the terms) before it, and written back by the tickets export.
#[test]
fn an_amended_scope_governs_the_tickets_opened_under_it() {
    let scope = format!(
        "{}scope = [\"troubleshooting\", \"technical_support\", \"billing_inquiry\", \"service_activation\", \"network_installation\"]\n",
        amendment("2026-11-01")
            .split_once("[amendments.")
            .map_or_else(String::new, |(head, _)| head.to_owned())
    );
    let agreements = agreements(&scope);
    let csv = |opened: &str| {
        format!(
            "ticket_id,agreement_id,opened_at,priority,channel,category\nX-1,CTRA-APC-WV-PREMIUM,{opened},p2,phone,network_installation\n"
        )
    };
    let read_one = |opened: &str| {
        read_ticket_set(
            "tickets.csv",
            csv(opened),
            "events.csv",
            "ticket_id,at,kind\n",
            &agreements,
            ReadOptions::default(),
        )
    };
    let refused = read_one("2026-10-31T12:00:00Z").expect_err("not in the base scope");
    let text = refused.to_string();
    assert!(
        text.contains("category `network_installation` is not in the scope of CTRA-APC-WV-PREMIUM (troubleshooting, technical_support, billing_inquiry, service_activation)"),
        "{text}"
    );
    let refused_base = read_one("2026-10-31T12:00:00Z").unwrap_err().to_string();
    assert!(!refused_base.contains(" under "), "{refused_base}");
    let set = read_one("2026-11-02T12:00:00Z").expect("in the amended scope");
    let out = String::from_utf8(accord_core::output::tickets_csv(&agreements, &set)).unwrap();
    assert!(
        out.contains("X-1,CTRA-APC-WV-PREMIUM,2026-11-02T12:00:00Z,p2,phone,network_installation,"),
        "{out}"
    );
    assert_eq!(
        agreements[PREMIUM].categories().last().copied(),
        Some("network_installation")
    );
}
