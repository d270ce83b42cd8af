//! Demo data: the first Cluster2Cluster day between the Lombardia Aerospace Cluster and the
//! Swiss Aerospace Cluster, from the article in `../shared/seed/` beside the project. People,
//! roles and organisations named in the article are used as printed; cities, descriptions,
//! e-mail addresses, links and the further companies are illustrative (addresses end in
//! `.example`).
//!
//! Profiles go through the same input types and validation as the API; everything runs in
//! one transaction, so the demo loads completely or not at all.

mod companies;
mod directory;
mod event_day;
mod follow_ups;
mod logins;
mod mail;
mod survey;
mod trade_notes;

use serde::de::DeserializeOwned;
use serde_json::Value;
use validator::Validate;

use crate::auth::password;
use crate::error::{AppError, AppResult};
use crate::store::{self, DbConn};

use directory::DemoCompany;
pub use logins::{DEMO_PASSWORD, DemoLogin, create_admin, print_logins};

/// The demo's own constant data as an API input type, validated like a request body. A
/// failure is a mistake in the demo data: reported with serde's message (which names the
/// field), as a bad request so that its detail reaches the command line.
fn input<T: DeserializeOwned + Validate>(value: Value) -> AppResult<T> {
    let parsed: T = serde_json::from_value(value)
        .map_err(|e| AppError::bad_request(format!("the demo data does not parse: {e}")))?;
    parsed.validate()?;
    Ok(parsed)
}

struct Seeder<'a> {
    conn: &'a mut DbConn,
    hash: String,
    logins: Vec<DemoLogin>,
    companies: Vec<DemoCompany>,
}

/// Loads the demo when the database holds no cluster yet; `None` when it already has data.
pub fn load(conn: &mut DbConn) -> AppResult<Option<Vec<DemoLogin>>> {
    let hash = password::hash(DEMO_PASSWORD)?;
    store::write_transaction(conn, move |conn| {
        let any = store::clusters::list(conn, &Default::default(), None, 1)?;
        if !any.is_empty() {
            return Ok(None);
        }
        let mut s = Seeder {
            conn,
            hash,
            logins: Vec::new(),
            companies: Vec::new(),
        };
        seed(&mut s)?;
        Ok(Some(s.logins))
    })
}

fn seed(s: &mut Seeder) -> AppResult<()> {
    let dir = directory::seed(s)?;
    companies::seed(s, dir.lombardy, dir.swiss)?;
    let maronati = s
        .companies
        .iter()
        .find(|c| c.member_id == dir.elevel)
        .and_then(|c| c.contacts.first().copied());
    let day = event_day::first_day(s, dir.swiss, dir.lombardy, maronati)?;
    trade_notes::trade_figures(s, dir.lombardy, dir.swiss, day)?;
    logins::seed(s, &dir)?;
    mail::seed(s, day)
}

impl From<AppError> for String {
    fn from(e: AppError) -> String {
        e.to_problem().detail
    }
}
