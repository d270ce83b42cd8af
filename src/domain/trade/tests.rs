//! Tests of the trade-figure rules and arithmetic.

use std::str::FromStr;

use rust_decimal::Decimal;
use uuid::Uuid;

use super::arithmetic::rounded_quotient;
use super::*;
use crate::domain::access::Principal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn values(scale: Scale, value: &str, comparison: Option<&str>) -> FigureValues {
    FigureValues {
        scale,
        comparison_scale: scale,
        value: d(value),
        comparison_value: comparison.map(d),
        stated_change_pct: None,
        total_value: None,
    }
}

fn text(x: Option<Decimal>) -> Option<String> {
    x.map(|x| x.to_string())
}

#[test]
fn lombardy_balance_is_374_percent_not_the_stated_151() {
    let mut f = values(Scale::Units, "15810575", Some("3332674"));
    f.stated_change_pct = Some(d("151"));
    let c = compute(&f).unwrap();
    assert_eq!(c.value_base.to_string(), "15810575");
    assert_eq!(text(c.comparison_value_base).as_deref(), Some("3332674"));
    assert_eq!(text(c.change_abs).as_deref(), Some("12477901"));
    // 12477901 / 3332674 = 3.7441108…
    assert_eq!(text(c.change_pct).as_deref(), Some("374.41"));
    assert_eq!(text(c.ratio).as_deref(), Some("4.7441"));
    assert_eq!(c.change_pct_null_reason, None);
    assert_eq!(c.stated_change_mismatch, Some(true));
    // The computed change, stated, agrees.
    f.stated_change_pct = Some(d("374"));
    assert_eq!(compute(&f).unwrap().stated_change_mismatch, Some(false));
}

#[test]
fn varese_balance_from_a_negative_base_has_no_percentage() {
    // −78,436 printed in thousands of euros, +6,932,268 in euros; stated +168 %.
    let f = FigureValues {
        scale: Scale::Units,
        comparison_scale: Scale::Thousands,
        value: d("6932268"),
        comparison_value: Some(d("-78436")),
        stated_change_pct: Some(d("168")),
        total_value: None,
    };
    let c = compute(&f).unwrap();
    assert_eq!(c.value_base.to_string(), "6932268");
    assert_eq!(text(c.comparison_value_base).as_deref(), Some("-78436000"));
    assert_eq!(text(c.change_abs).as_deref(), Some("85368268"));
    assert_eq!(c.change_pct, None);
    assert_eq!(c.ratio, None);
    assert_eq!(
        c.change_pct_null_reason,
        Some(NullReason::ComparisonNegative)
    );
    assert_eq!(c.stated_change_mismatch, Some(true), "no percentage exists");
    // Read in euros instead, the base is still negative.
    let c = compute(&FigureValues {
        comparison_scale: Scale::Units,
        ..f
    })
    .unwrap();
    assert_eq!(text(c.change_abs).as_deref(), Some("7010704"));
    assert_eq!(
        c.change_pct_null_reason,
        Some(NullReason::ComparisonNegative)
    );
}

#[test]
fn zero_and_missing_comparisons_give_their_reasons() {
    let c = compute(&values(Scale::Units, "1000", Some("0"))).unwrap();
    assert_eq!(text(c.change_abs).as_deref(), Some("1000"));
    assert_eq!(c.change_pct, None);
    assert_eq!(c.ratio, None);
    assert_eq!(c.change_pct_null_reason, Some(NullReason::ComparisonZero));
    assert_eq!(c.stated_change_mismatch, None);

    let mut f = values(Scale::Millions, "27.6", None);
    f.stated_change_pct = Some(d("200"));
    let c = compute(&f).unwrap();
    assert_eq!(c.value_base.to_string(), "27600000");
    assert_eq!(c.comparison_value_base, None);
    assert_eq!(c.change_abs, None);
    assert_eq!(c.change_pct, None);
    assert_eq!(c.change_pct_null_reason, Some(NullReason::NoComparison));
    assert_eq!(
        c.stated_change_mismatch, None,
        "nothing to check without a comparison"
    );
    assert_eq!(NullReason::NoComparison.as_str(), "no_comparison");
    assert_eq!(NullReason::ComparisonZero.as_str(), "comparison_zero");
    assert_eq!(
        NullReason::ComparisonNegative.as_str(),
        "comparison_negative"
    );
}

#[test]
fn scales_convert_exactly_to_base_units() {
    for (scale, value, base) in [
        (Scale::Units, "6932268", "6932268"),
        (Scale::Units, "0.125", "0.125"),
        (Scale::Thousands, "-78436", "-78436000"),
        (Scale::Thousands, "0.001", "1"),
        (Scale::Millions, "27.6", "27600000"),
        (Scale::Millions, "17.6", "17600000"),
        (Scale::Millions, "0.001", "1000"),
        (
            Scale::Millions,
            "999999999999999.999",
            "999999999999999999000",
        ),
    ] {
        let c = compute(&values(scale, value, None)).unwrap();
        assert_eq!(c.value_base.to_string(), base, "{value} {scale:?}");
    }
    // Mixed scales: 27.6 million against 9,200 thousand is exactly ×3.
    let f = FigureValues {
        comparison_scale: Scale::Thousands,
        ..values(Scale::Millions, "27.6", Some("9200"))
    };
    let c = compute(&f).unwrap();
    assert_eq!(text(c.change_abs).as_deref(), Some("18400000"));
    assert_eq!(text(c.change_pct).as_deref(), Some("200.00"));
    assert_eq!(text(c.ratio).as_deref(), Some("3.0000"));
}

#[test]
fn billions_and_cents_add_up_without_drift() {
    // 0.1 + 0.2 style traps: exact to the thousandth however large the amount.
    let c = compute(&values(
        Scale::Units,
        "123456789012.345",
        Some("123456789012.245"),
    ))
    .unwrap();
    assert_eq!(text(c.change_abs).as_deref(), Some("0.1"));
    let c = compute(&values(Scale::Millions, "45678.9", Some("12345.6"))).unwrap();
    assert_eq!(c.value_base.to_string(), "45678900000");
    assert_eq!(text(c.change_abs).as_deref(), Some("33333300000"));
    // 33333.3 / 12345.6 = 2.70001458…
    assert_eq!(text(c.change_pct).as_deref(), Some("270.00"));
    assert_eq!(text(c.ratio).as_deref(), Some("3.7000"));
    // The largest amounts accepted, against the smallest comparison.
    let f = FigureValues {
        comparison_scale: Scale::Units,
        ..values(Scale::Millions, "999999999999999.999", Some("0.001"))
    };
    let c = compute(&f).unwrap();
    assert_eq!(
        text(c.change_abs).as_deref(),
        Some("999999999999999998999.999")
    );
    assert_eq!(
        text(c.ratio).as_deref(),
        Some("999999999999999999000000.0000")
    );
    assert_eq!(
        text(c.change_pct).as_deref(),
        Some("99999999999999999899999900.00")
    );
    // Adding 0.001 a thousand times in base units is exactly 1: sums stay exact.
    let one: Decimal = (0..1000)
        .map(|_| {
            compute(&values(Scale::Units, "0.001", None))
                .unwrap()
                .value_base
        })
        .sum();
    assert_eq!(one, Decimal::ONE);
}

#[test]
fn negative_balances_and_falls() {
    // From a surplus to a deficit: −150 %.
    let c = compute(&values(Scale::Thousands, "-50", Some("100"))).unwrap();
    assert_eq!(text(c.change_abs).as_deref(), Some("-150000"));
    assert_eq!(text(c.change_pct).as_deref(), Some("-150.00"));
    assert_eq!(text(c.ratio).as_deref(), Some("-0.5000"));
    // A deficit that deepens is still a negative base.
    let c = compute(&values(Scale::Units, "-200", Some("-100"))).unwrap();
    assert_eq!(text(c.change_abs).as_deref(), Some("-100"));
    assert_eq!(
        c.change_pct_null_reason,
        Some(NullReason::ComparisonNegative)
    );
    // A fall to nothing.
    let c = compute(&values(Scale::Units, "0", Some("80"))).unwrap();
    assert_eq!(text(c.change_pct).as_deref(), Some("-100.00"));
    assert_eq!(text(c.ratio).as_deref(), Some("0.0000"));
}

#[test]
fn rounding_is_half_to_even_once_at_the_end() {
    // 1/8 = 0.125 → 0.12; 3/8 = 0.375 → 0.38 (ties to even), in percent of 100.
    let pct = |value: &str, comparison: &str| {
        text(
            compute(&values(Scale::Units, value, Some(comparison)))
                .unwrap()
                .change_pct,
        )
        .unwrap()
    };
    assert_eq!(pct("100.125", "100"), "0.12");
    assert_eq!(pct("100.375", "100"), "0.38");
    assert_eq!(pct("99.875", "100"), "-0.12");
    assert_eq!(pct("99.625", "100"), "-0.38");
    // A thousandth of a euro above a tie that goes down (0.125 %) rounds up.
    assert_eq!(pct("8010", "8000"), "0.12");
    assert_eq!(pct("8010.001", "8000"), "0.13");
    assert_eq!(pct("8030", "8000"), "0.38");
    assert_eq!(pct("1", "3"), "-66.67");
    assert_eq!(pct("2", "3"), "-33.33");
    assert_eq!(rounded_quotient(5, 2, 0).unwrap(), d("2"));
    assert_eq!(rounded_quotient(7, 2, 0).unwrap(), d("4"));
    assert_eq!(rounded_quotient(-5, 2, 0).unwrap(), d("-2"));
    assert_eq!(rounded_quotient(-7, 2, 0).unwrap(), d("-4"));
    assert_eq!(rounded_quotient(10, -4, 0).unwrap(), d("-2"));
    assert_eq!(rounded_quotient(10_000_001, 4_000_000, 0).unwrap(), d("3"));
}

#[test]
fn stated_changes_are_checked_exactly_against_the_tolerance() {
    let check = |stated: &str| {
        let mut f = values(Scale::Units, "100", Some("40"));
        f.stated_change_pct = Some(d(stated));
        compute(&f).unwrap().stated_change_mismatch.unwrap()
    };
    // Computed: +150 % exactly.
    assert!(!check("150"));
    assert!(!check("151"), "one point off is within the tolerance");
    assert!(!check("149"));
    assert!(check("151.01"));
    assert!(check("148.99"));
    assert!(check("-150"));
    // Computed: +200/3 % = 66.666…: 67.66 is within a point, 67.67 is not.
    let check = |stated: &str| {
        let mut f = values(Scale::Units, "5", Some("3"));
        f.stated_change_pct = Some(d(stated));
        compute(&f).unwrap().stated_change_mismatch.unwrap()
    };
    assert!(!check("67.66"));
    assert!(check("67.67"));
    assert!(!check("65.67"));
    assert!(check("65.66"));
    assert!(!check("67"));
    // Almost tripled: 27.6 against 9.5 million is +190.5 %, so "+200 %" is off.
    let mut f = values(Scale::Millions, "27.6", Some("9.5"));
    f.stated_change_pct = Some(d("200"));
    assert_eq!(compute(&f).unwrap().stated_change_mismatch, Some(true));
    // A percentage stated from a zero base is a mismatch.
    let mut f = values(Scale::Units, "10", Some("0"));
    f.stated_change_pct = Some(d("100"));
    assert_eq!(compute(&f).unwrap().stated_change_mismatch, Some(true));
}

#[test]
fn shares_need_a_total() {
    // Lombardy: 56 % of Italy's aerospace exports to Switzerland (illustrative total).
    let mut f = values(Scale::Millions, "27.6", None);
    f.total_value = Some(d("49.286"));
    assert_eq!(
        text(compute(&f).unwrap().share_pct).as_deref(),
        Some("56.00")
    );
    f.total_value = Some(d("27.6"));
    assert_eq!(
        text(compute(&f).unwrap().share_pct).as_deref(),
        Some("100.00")
    );
    f.total_value = None;
    assert_eq!(compute(&f).unwrap().share_pct, None);
}

#[test]
fn numbers_outside_the_exact_range_are_refused_not_rounded() {
    let f = values(Scale::Units, "0.0001", None);
    assert_eq!(compute(&f), Err(TooLarge));
    let f = FigureValues {
        value: Decimal::MAX,
        ..values(Scale::Millions, "1", Some("1"))
    };
    assert_eq!(compute(&f), Err(TooLarge));
    let mut f = values(Scale::Millions, "999999999999999", Some("1"));
    f.stated_change_pct = Some(Decimal::from_i128_with_scale(1, 28));
    assert_eq!(compute(&f), Err(TooLarge));
}

#[test]
fn amounts_parse_strictly_into_canonical_decimals() {
    for (input, canonical) in [
        ("15810575", "15810575"),
        ("+3332674", "3332674"),
        ("-78436", "-78436"),
        ("27.6", "27.6"),
        ("027.600", "27.6"),
        ("-0", "0"),
        ("0.000", "0"),
        ("999999999999999.999", "999999999999999.999"),
    ] {
        assert_eq!(
            parse_amount(input).unwrap().to_string(),
            canonical,
            "{input}"
        );
    }
    for bad in [
        "", "-", "1,5", "1.", ".5", "1e6", " 1", "1 ", "0x10", "NaN", "--1", "1.2.3", "١٢",
    ] {
        assert!(
            parse_amount(bad).unwrap_err().contains("decimal number"),
            "{bad:?}"
        );
    }
    assert!(
        parse_amount("1000000000000000")
            .unwrap_err()
            .contains("15 digits")
    );
    assert!(parse_amount("0.0001").unwrap_err().contains("3 digits"));
    assert_eq!(parse_amount("0.100").unwrap().to_string(), "0.1");
    assert!(
        parse_amount("0.1000").is_err(),
        "the published pattern, as written"
    );
    assert!(parse_amount("0000000000000001").is_err());
    assert_eq!(parse_percentage("+151").unwrap().to_string(), "151");
    assert!(parse_percentage("12.345").is_err());
}

#[test]
fn area_codes_of_the_article() {
    assert_eq!(area_kind("CH"), Some(AreaKind::Country));
    assert_eq!(area_kind("IT"), Some(AreaKind::Country));
    assert_eq!(area_kind("IT-25"), Some(AreaKind::Region));
    assert_eq!(area_kind("IT-VA"), Some(AreaKind::Region));
    assert_eq!(area_kind("CH-NW"), Some(AreaKind::Region));
    assert_eq!(area_kind("ITC4"), Some(AreaKind::Nuts));
    assert_eq!(area_kind("ITC41"), Some(AreaKind::Nuts));
    assert_eq!(area_kind("CH06"), Some(AreaKind::Nuts));
    assert_eq!(area_kind("EL30"), Some(AreaKind::Nuts));
    for bad in [
        "",
        "C",
        "ch",
        "XX",
        "IT-99",
        "Lombardia",
        "ITC411",
        "XXC41",
        "itc41",
        "IT-",
        "Ü1",
    ] {
        assert_eq!(area_kind(bad), None, "{bad}");
    }
}

#[test]
fn product_currency_and_hs_codes() {
    assert!(is_hs_code("88"));
    assert!(is_hs_code("8802"));
    assert!(is_hs_code("880240"));
    assert!(!is_hs_code("8"));
    assert!(!is_hs_code("880"));
    assert!(!is_hs_code("88a"));
    assert!(is_currency("EUR"));
    assert!(is_currency("CHF"));
    assert!(is_currency("HRK"), "superseded, but old figures use it");
    assert!(!is_currency("eur"));
    assert!(!is_currency("EURO"));
    assert!(!is_currency("ABC"));
    assert!(!is_currency("XXX"));
    assert!(!is_currency("XAU"));
    assert_eq!(product_key("  Aircraft   parts "), "aircraft parts");
    assert_eq!(product_key("Aéronefs"), "aeronefs");
}

#[test]
fn months_and_periods() {
    let m = |s: &str| Month::parse(s).unwrap();
    assert_eq!(m("2017-09").to_string(), "2017-09");
    for bad in [
        "2017-9",
        "2017-13",
        "2017-00",
        "17-09",
        "2017/09",
        "1899-12",
        "2017-09-01",
        "２０１７-09",
    ] {
        assert!(Month::parse(bad).is_none(), "{bad}");
    }
    let jan_sep_2017 = Period::new(m("2017-01"), m("2017-09")).unwrap();
    let jan_sep_2016 = Period::new(m("2016-01"), m("2016-09")).unwrap();
    assert_eq!(jan_sep_2017.months(), 9);
    assert_eq!(Period::new(m("2016-11"), m("2017-02")).unwrap().months(), 4);
    assert!(Period::new(m("2017-09"), m("2017-01")).is_none());
    assert!(!jan_sep_2017.overlaps(&jan_sep_2016));
    assert!(jan_sep_2017.overlaps(&Period::new(m("2016-06"), m("2017-01")).unwrap()));
    assert!(m("2016-12") < m("2017-01"));
}

fn draft(flow: Flow) -> FigureDraft<'static> {
    FigureDraft {
        reporter_area: "IT-25",
        partner_area: "CH",
        product: "aircraft",
        hs_code: Some("88"),
        flow,
        period_start: Month::parse("2017-01").unwrap(),
        period_end: Month::parse("2017-09").unwrap(),
        comparison_period_start: Month::parse("2016-01"),
        comparison_period_end: Month::parse("2016-09"),
        currency: "EUR",
        values: values(Scale::Units, "15810575", Some("3332674")),
    }
}

fn fields(errors: Vec<(&'static str, String)>) -> Vec<&'static str> {
    errors.into_iter().map(|(f, _)| f).collect()
}

#[test]
fn figure_rules() {
    assert!(check_figure(&draft(Flow::Balance)).is_empty());
    let mut f = draft(Flow::Balance);
    f.period_end = Month::parse("2016-12").unwrap();
    assert_eq!(fields(check_figure(&f)), ["period_end"]);
    let mut f = draft(Flow::Balance);
    f.comparison_period_end = Month::parse("2016-06");
    assert_eq!(fields(check_figure(&f)), ["comparison_period_end"]);
    let mut f = draft(Flow::Balance);
    f.comparison_period_end = Month::parse("2015-12");
    assert_eq!(fields(check_figure(&f)), ["comparison_period_end"]);
    let mut f = draft(Flow::Balance);
    f.comparison_period_start = Month::parse("2016-06");
    f.comparison_period_end = Month::parse("2017-02");
    assert_eq!(
        fields(check_figure(&f)),
        ["comparison_period_start"],
        "overlap"
    );
    let mut f = draft(Flow::Balance);
    f.comparison_period_start = None;
    f.comparison_period_end = None;
    assert_eq!(
        fields(check_figure(&f)),
        ["comparison_period_start"],
        "a value needs its period"
    );
    f.values.comparison_value = None;
    assert!(check_figure(&f).is_empty(), "no comparison at all is fine");
    let mut f = draft(Flow::Balance);
    f.comparison_period_end = None;
    assert_eq!(fields(check_figure(&f)), ["comparison_period_end"]);
    let mut f = draft(Flow::Balance);
    f.reporter_area = "Lombardia";
    f.partner_area = "XX";
    f.hs_code = Some("8");
    f.currency = "EURO";
    assert_eq!(
        fields(check_figure(&f)),
        ["reporter_area", "partner_area", "hs_code", "currency"]
    );
    let mut f = draft(Flow::Balance);
    f.partner_area = "IT-25";
    assert_eq!(fields(check_figure(&f)), ["partner_area"]);
    let mut f = draft(Flow::Balance);
    f.product = "  ";
    assert_eq!(fields(check_figure(&f)), ["product"]);
}

#[test]
fn signs_and_totals_depend_on_the_flow() {
    let mut f = draft(Flow::Export);
    f.values = values(Scale::Units, "-5", Some("-1"));
    assert_eq!(fields(check_figure(&f)), ["value", "comparison_value"]);
    let mut f = draft(Flow::Balance);
    f.values = values(Scale::Units, "-5", Some("-1"));
    assert!(check_figure(&f).is_empty());
    let mut f = draft(Flow::Balance);
    f.values.total_value = Some(d("100000000"));
    assert_eq!(fields(check_figure(&f)), ["total_value"]);
    let mut f = draft(Flow::Import);
    f.values.total_value = Some(d("100"));
    assert_eq!(
        fields(check_figure(&f)),
        ["total_value"],
        "smaller than the value"
    );
    f.values.total_value = Some(d("0"));
    assert_eq!(fields(check_figure(&f)), ["total_value"]);
    f.values.total_value = Some(d("20000000"));
    assert!(check_figure(&f).is_empty());
}

#[test]
fn series_take_mirrored_figures_from_the_partner_side() {
    let want = ("IT-25", "CH", Flow::Export);
    assert_eq!(
        orient(("IT-25", "CH", Flow::Export), want),
        Some((Orientation::AsReported, false))
    );
    assert_eq!(
        orient(("CH", "IT-25", Flow::Import), want),
        Some((Orientation::Mirrored, false))
    );
    assert_eq!(orient(("CH", "IT-25", Flow::Export), want), None);
    assert_eq!(orient(("IT-25", "CH", Flow::Import), want), None);
    assert_eq!(orient(("IT-VA", "CH", Flow::Export), want), None);
    let want = ("IT-25", "CH", Flow::Balance);
    assert_eq!(
        orient(("CH", "IT-25", Flow::Balance), want),
        Some((Orientation::Mirrored, true))
    );
    assert_eq!(
        orient(("IT-25", "CH", Flow::Balance), want),
        Some((Orientation::AsReported, false))
    );
}

/// The one place that builds a caller (its fields are the access module's business).
fn principal(grants: Vec<super::super::access::Grant>) -> Principal {
    Principal::user(Uuid::now_v7(), grants)
}

#[test]
fn drafts_are_for_managers_and_notes_are_written_by_managers_of_every_linked_cluster() {
    use super::super::access::{Grant, Role, Scope};
    let (lombardy, swiss) = (Uuid::now_v7(), Uuid::now_v7());
    let manager = |c| {
        principal(vec![Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(c),
        }])
    };
    let (paola, roland) = (manager(lombardy), manager(swiss));
    let nobody = principal(vec![]);
    let admin = principal(vec![Grant {
        role: Role::Admin,
        scope: Scope::Platform,
    }]);
    let draft = NoteParties {
        clusters: vec![lombardy, swiss],
        status: NoteStatus::Draft,
    };
    assert!(draft.can_view(&paola) && draft.can_view(&roland) && draft.can_view(&admin));
    assert!(!draft.can_view(&nobody));
    assert!(
        !draft.can_edit(&paola),
        "Paola does not speak for the Swiss cluster"
    );
    assert!(draft.can_edit(&admin));
    let published = NoteParties {
        status: NoteStatus::Published,
        ..draft
    };
    assert!(published.can_view(&nobody));
    assert!(can_write_for(&paola, &[lombardy]));
    assert!(!can_write_for(&paola, &[]));
    assert!(!can_write_for(&nobody, &[lombardy]));
}
