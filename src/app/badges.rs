//! Badges for an event's attendees: name, company, cluster, country and the check-in code
//! the badge's QR code carries. For the people who run the day; a person the caller may not
//! see under the contact rule gets no badge from them.

use std::collections::HashMap;

use diesel::prelude::*;

use uuid::Uuid;

use crate::domain::access::Principal;
use crate::error::{AppError, AppResult};
use crate::store::check_ins as store;
use crate::store::{Db, DbConn};

#[derive(Debug, Clone)]
pub struct BadgeRecord {
    pub registration_id: Uuid,
    pub contact_id: Uuid,
    pub name: String,
    pub company: String,
    pub cluster: String,
    /// The company's country (ISO 3166-1 alpha-2).
    pub country: String,
    pub code: String,
    pub checked_in: bool,
}

/// The badges of an event's active registrations, by company then name. Attendees who have
/// no code yet (added before codes existed) get theirs in this transaction.
pub async fn badges(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<Vec<BadgeRecord>> {
    db.write_unaudited(move |conn| {
        crate::app::check_ins::day_of(conn, &caller, event_id)?;
        // Codes are made under the event's lock, as registrations make theirs.
        crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
        store::ensure_event_codes(conn, event_id)?;
        let codes = store::codes_of_event(conn, event_id)?;
        let attendees = store::attendees_of_event(conn, event_id)?;
        let reg_ids: Vec<String> = attendees.iter().map(|(r, _)| r.id.to_string()).collect();
        let checked_in = store::checked_in_of(conn, &reg_ids)?;
        let member_ids: Vec<String> = attendees
            .iter()
            .map(|(r, _)| r.member_id.to_string())
            .collect();
        let companies = companies_of(conn, &member_ids)?;
        let mut out = Vec::new();
        for (registration, contact) in attendees {
            if !caller.sees_contact(
                registration.cluster_id,
                registration.member_id,
                contact.share_consent,
            ) || contact.erased_at.is_some()
            {
                continue;
            }
            let (company, country, cluster) = companies
                .get(&registration.member_id)
                .cloned()
                .ok_or_else(|| AppError::internal("registered company missing"))?;
            let code = codes
                .get(&contact.id)
                .cloned()
                .ok_or_else(|| AppError::internal("attendee without a check-in code"))?;
            out.push(BadgeRecord {
                registration_id: registration.id,
                contact_id: contact.id,
                name: contact.name,
                company,
                cluster,
                country,
                code,
                checked_in: checked_in.contains(&contact.id),
            });
        }
        out.sort_by(|a, b| {
            (
                a.company.to_lowercase(),
                a.name.to_lowercase(),
                a.contact_id,
            )
                .cmp(&(
                    b.company.to_lowercase(),
                    b.name.to_lowercase(),
                    b.contact_id,
                ))
        });
        Ok(out)
    })
    .await
}

/// Companies (removed ones too: a registration outlives a portal's removal) with their
/// cluster's name: id → (legal name, country, cluster name).
pub(crate) fn companies_of(
    conn: &mut DbConn,
    member_ids: &[String],
) -> AppResult<HashMap<Uuid, (String, String, String)>> {
    use crate::store::schema::{clusters, members};
    Ok(members::table
        .inner_join(clusters::table)
        .filter(members::id.eq_any(member_ids))
        .select((
            members::id,
            members::legal_name,
            members::country,
            clusters::name,
        ))
        .load::<(Uuid, String, String, String)>(conn)
        .map_err(crate::store::Error::from)?
        .into_iter()
        .map(|(id, name, country, cluster)| (id, (name, country, cluster)))
        .collect())
}
