//! The article's aircraft-trade figures between Lombardy and Switzerland, as one trade note.

use serde_json::json;
use uuid::Uuid;

use super::{Seeder, input};
use crate::error::AppResult;
use crate::store;

/// The article's trade figures ("why Switzerland first") as one published note for both
/// clusters and the first day. Values, units and stated changes are stored as printed,
/// inconsistencies included: the service computes the changes and flags the stated ones
/// that do not add up (the Lombard balance: +151 % stated, +374.41 % computed; Varese: +168 %
/// stated from a negative base). Figures the article gives without values (Italy's +49 %,
/// Lombardy's 56 % share) stay in the narrative.
pub(super) fn trade_figures(
    s: &mut Seeder,
    lombardy: Uuid,
    swiss: Uuid,
    event_id: Uuid,
) -> AppResult<()> {
    use crate::app::trade_notes::{FigureInput, TradeNoteInput};
    let jan_sep = |value: &str,
                   comparison: Option<&str>,
                   (reporter, name): (&str, &str),
                   flow: &str,
                   (scale, comparison_scale): (&str, &str),
                   stated: &str| {
        json!({
            "reporter_area": reporter, "reporter_area_name": name,
            "partner_area": "CH", "partner_area_name": "Svizzera",
            "product": "aircraft", "hs_code": "88", "flow": flow,
            "period_start": "2017-01", "period_end": "2017-09",
            "comparison_period_start": "2016-01", "comparison_period_end": "2016-09",
            "value": value, "comparison_value": comparison,
            "currency": "EUR", "scale": scale, "comparison_scale": comparison_scale,
            "stated_change_pct": stated
        })
    };
    let lombardia = ("IT-25", "Lombardia");
    let varese = ("IT-VA", "Provincia di Varese");
    let note: TradeNoteInput = input(json!({
        "title": "Aircraft trade between Lombardy and Switzerland, January–September 2017",
        "narrative": "Why Switzerland was the first destination of Cluster2Cluster: the figures the \
    article on the first event quotes, January–September 2017 against the same months of 2016.\n\n\
    - **Lombardy, aircraft trade balance with Switzerland**: from +3,332,674 to +15,810,575. The \
    article calls this a 151 % leap and prints the amounts as *milioni di euro*, although the digits \
    read as euros; they are stored in euros, and the change computes to +374.41 %.\n\
    - **Province of Varese, balance**: 2016 printed as −78,436 *thousand* euro (\"a slight \
    decline\"), 2017 as +6,932,268 euro; the article states +168 %, but a percentage of a negative \
    base has no meaning.\n\
    - **Exports**: \"almost tripled\" (stored as +200 %) — Lombardy over 27.6 million euro, Varese \
    17.6 million; the 2016 values are not given.\n\n\
    Not stored as figures, for want of values: Italy's aerospace exports to Switzerland rose 49 % in \
    the same period, and Lombardy accounts for 56 % of them.",
        "source": {"publisher": "Article on the first Cluster2Cluster event (Italian)", "url": "https://news.example/cluster2cluster-nidwalden"},
        "language": "en",
        "cluster_ids": [lombardy, swiss],
        "event_ids": [event_id],
        "status": "published",
        "figures": [
            jan_sep("15810575", Some("3332674"), lombardia, "balance", ("units", "units"), "151"),
            jan_sep("6932268", Some("-78436"), varese, "balance", ("units", "thousands"), "168"),
            jan_sep("27.6", None, lombardia, "export", ("millions", "millions"), "200"),
            jan_sep("17.6", None, varese, "export", ("millions", "millions"), "200"),
        ]
    }))?;
    note.check()?;
    let figures: Vec<_> = note.figures.iter().map(FigureInput::to_data).collect();
    store::trade_notes::insert(
        s.conn,
        store::trade_notes::NoteContent {
            data: &note.data(),
            clusters: &note.cluster_ids,
            events: &note.event_ids,
            figures: &figures,
        },
        None,
    )?;
    Ok(())
}
