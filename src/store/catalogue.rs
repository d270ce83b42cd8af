//! Loading catalogue pages: companies (registered for an event, or members of a cluster)
//! with their pitch and their consenting contact people, a few queries per page.

use crate::domain::translation::{Language, MemberText, for_reader, pick};
use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use uuid::Uuid;

use super::DbConn;
use super::contacts::ContactRow;
use super::members::MemberRow;
use super::registrations::{self, RegistrationFilter};
use super::schema::{clusters, contacts, members};
use crate::domain::catalogue::{
    Candidate, CatalogueCompany, CatalogueContact, CatalogueEntry, Pitch, shareable,
};
use crate::store::{Error, StoreResult};

fn json_list(text: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(text).map_err(|e| Error::internal(format!("stored JSON: {e}")))
}

/// Consenting contacts only are read: the others never leave the database here.
fn consenting_contacts(conn: &mut DbConn, member_ids: &[String]) -> StoreResult<Vec<ContactRow>> {
    Ok(contacts::table
        .filter(contacts::member_id.eq_any(member_ids))
        .filter(contacts::share_consent.eq(true))
        .order(contacts::id.asc())
        .select(ContactRow::as_select())
        .load(conn)?)
}

fn cluster_names(conn: &mut DbConn, ids: &[String]) -> StoreResult<HashMap<Uuid, String>> {
    Ok(clusters::table
        .filter(clusters::id.eq_any(ids))
        .select((clusters::id, clusters::name))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .collect())
}

fn company(m: &MemberRow, names: &HashMap<Uuid, String>) -> CatalogueCompany {
    CatalogueCompany {
        id: m.id,
        legal_name: m.legal_name.clone(),
        cluster_id: m.cluster_id,
        cluster_name: names.get(&m.cluster_id).cloned().unwrap_or_default(),
        country: m.country.clone(),
        city: m.city.clone(),
        website: m.website.clone(),
    }
}

fn contact_candidates(
    rows: &[ContactRow],
    member_id: Uuid,
    attended: Option<&HashSet<Uuid>>,
) -> StoreResult<Vec<Candidate>> {
    rows.iter()
        .filter(|c| c.member_id == member_id)
        .map(|c| {
            let parts = c.name_parts();
            Ok(Candidate {
                share_consent: c.share_consent,
                contact: CatalogueContact {
                    id: c.id,
                    name: c.name.clone(),
                    given_name: parts.given,
                    family_name: parts.family,
                    role: c.role.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    languages: json_list(&c.languages)?,
                    attended: attended.map(|a| a.contains(&c.id)),
                },
            })
        })
        .collect()
}

/// Registered companies of an event after `after` (registration id), at most `limit`.
/// Returns the entries and the key of the last one.
/// Which part of a catalogue to read: all of it, or what changed since a time (for pulls
/// without a cursor), with tombstones for what left it when asked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub updated_since: Option<chrono::NaiveDateTime>,
    pub include_removed: bool,
    /// The reader's language: pitch texts in it where the company translated them (see
    /// [`pitch_text`]), the original elsewhere.
    pub lang: Option<Language>,
}

/// A pitch text for a reader of `lang`: the company's translation of `field` when the text
/// is the profile's original (`profile`) — a pitch rewritten for an event stays as written,
/// since no translation of it exists.
fn pitch_text(
    m: &MemberRow,
    lang: Option<Language>,
    text: &str,
    profile: &str,
    field: impl Fn(&MemberText) -> Option<&String>,
) -> String {
    let translated = for_reader(&m.translations, m.original_language, lang)
        .filter(|_| text == profile)
        .and_then(field);
    pick(translated, text).to_owned()
}

pub fn event_page(
    conn: &mut DbConn,
    event_id: Uuid,
    window: Window,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<(String, CatalogueEntry)>> {
    let filter = RegistrationFilter {
        // Removed entries are cancelled ones: pending, waitlisted and declined registrations
        // were never in the catalogue.
        statuses: if window.include_removed {
            registrations::StatusFilter::Only(vec![
                registrations::ACTIVE,
                crate::domain::registration::RegistrationStatus::Cancelled,
            ])
        } else {
            registrations::StatusFilter::Active
        },
        updated_since: window.updated_since,
        ..Default::default()
    };
    let regs = registrations::list(conn, event_id, &filter, after, limit)?;
    let member_ids: Vec<String> = regs.iter().map(|r| r.member_id.to_string()).collect();
    let reg_ids: Vec<String> = regs.iter().map(|r| r.id.to_string()).collect();
    let companies: HashMap<Uuid, MemberRow> = members::table
        .filter(members::id.eq_any(&member_ids))
        .select(MemberRow::as_select())
        .load::<MemberRow>(conn)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let cluster_ids: Vec<String> = companies
        .values()
        .map(|m| m.cluster_id.to_string())
        .collect();
    let names = cluster_names(conn, &cluster_ids)?;
    let people = consenting_contacts(conn, &member_ids)?;
    // Attended means checked in on the day (registered alone is not attending).
    let attended: HashSet<Uuid> = super::check_ins::checked_in_of(conn, &reg_ids)?;
    regs.into_iter()
        .map(|r| {
            let m = companies
                .get(&r.member_id)
                .ok_or_else(|| Error::internal("registered member missing"))?;
            // A cancelled registration, or a removed company: a tombstone.
            let removed_at = if r.status != registrations::ACTIVE {
                Some(r.cancelled_at.unwrap_or(r.updated_at).and_utc())
            } else {
                m.deleted_at.map(|at| at.and_utc())
            };
            let contacts = if removed_at.is_some() {
                Vec::new()
            } else {
                shareable(contact_candidates(&people, r.member_id, Some(&attended))?)
            };
            let entry = CatalogueEntry {
                removed_at,
                company: company(m, &names),
                registration_id: Some(r.id),
                pitch: Pitch {
                    core_business: pitch_text(
                        m,
                        window.lang,
                        &r.pitch_core_business,
                        &m.core_business,
                        |t| t.core_business.as_ref(),
                    ),
                    areas_of_interest: json_list(&r.pitch_areas_of_interest)?,
                    partners_sought: json_list(&r.pitch_partners_sought)?,
                    ongoing_projects: pitch_text(
                        m,
                        window.lang,
                        &r.pitch_ongoing_projects,
                        &m.ongoing_projects,
                        |t| t.ongoing_projects.as_ref(),
                    ),
                },
                contacts,
            };
            Ok((r.id.to_string(), entry))
        })
        .collect()
}

/// Member companies of a cluster after `after` (member id), at most `limit`.
pub fn cluster_page(
    conn: &mut DbConn,
    cluster_id: Uuid,
    window: Window,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<(String, CatalogueEntry)>> {
    let mut query = members::table
        .filter(members::cluster_id.eq(cluster_id.to_string()))
        .select(MemberRow::as_select())
        .into_boxed();
    if !window.include_removed {
        query = query.filter(members::deleted_at.is_null());
    }
    if let Some(since) = window.updated_since {
        query = query.filter(
            members::updated_at
                .ge(since)
                .or(members::people_changed_at.ge(since)),
        );
    }
    if let Some(after) = after {
        query = query.filter(members::id.gt(after.to_owned()));
    }
    let rows: Vec<MemberRow> = query.order(members::id.asc()).limit(limit).load(conn)?;
    let member_ids: Vec<String> = rows.iter().map(|m| m.id.to_string()).collect();
    let names = cluster_names(conn, &[cluster_id.to_string()])?;
    let people = consenting_contacts(conn, &member_ids)?;
    rows.into_iter()
        .map(|m| {
            let removed_at = m.deleted_at.map(|at| at.and_utc());
            let contacts = if removed_at.is_some() {
                Vec::new()
            } else {
                shareable(contact_candidates(&people, m.id, None)?)
            };
            let entry = CatalogueEntry {
                removed_at,
                company: company(&m, &names),
                registration_id: None,
                pitch: Pitch {
                    core_business: pitch_text(
                        &m,
                        window.lang,
                        &m.core_business,
                        &m.core_business,
                        |t| t.core_business.as_ref(),
                    ),
                    areas_of_interest: json_list(&m.areas_of_interest)?,
                    partners_sought: json_list(&m.partners_sought)?,
                    ongoing_projects: pitch_text(
                        &m,
                        window.lang,
                        &m.ongoing_projects,
                        &m.ongoing_projects,
                        |t| t.ongoing_projects.as_ref(),
                    ),
                },
                contacts,
            };
            Ok((m.id.to_string(), entry))
        })
        .collect()
}

/// A fingerprint of everything a catalogue shows: counts and latest changes of the
/// registrations, companies, contact people and clusters in it. Any change that can alter the
/// export changes it, so streamed exports get an ETag without being produced first.
pub fn fingerprint(
    conn: &mut DbConn,
    event: Option<Uuid>,
    cluster: Option<Uuid>,
) -> StoreResult<String> {
    use diesel::dsl::{count_star, max};
    let member_ids: Vec<String> = match (event, cluster) {
        (Some(e), _) => super::schema::registrations::table
            .filter(super::schema::registrations::event_id.eq(e.to_string()))
            .select(super::schema::registrations::member_id)
            .load(conn)?,
        (None, Some(c)) => members::table
            .filter(members::cluster_id.eq(c.to_string()))
            .filter(members::deleted_at.is_null())
            .select(members::id)
            .load(conn)?,
        (None, None) => Vec::new(),
    };
    let mut parts = vec![format!("{event:?}/{cluster:?}/{}", member_ids.len())];
    if let Some(e) = event {
        let (n, last): (i64, Option<chrono::NaiveDateTime>) = super::schema::registrations::table
            .filter(super::schema::registrations::event_id.eq(e.to_string()))
            .select((count_star(), max(super::schema::registrations::updated_at)))
            .first(conn)?;
        parts.push(format!("r{n}/{last:?}"));
        parts.push(super::check_ins::fingerprint(conn, e)?);
    }
    for chunk in member_ids.chunks(5000) {
        let (n, last): (i64, Option<chrono::NaiveDateTime>) = members::table
            .filter(members::id.eq_any(chunk))
            .select((count_star(), max(members::updated_at)))
            .first(conn)?;
        let (cn, clast): (i64, Option<chrono::NaiveDateTime>) = contacts::table
            .filter(contacts::member_id.eq_any(chunk))
            .select((count_star(), max(contacts::updated_at)))
            .first(conn)?;
        parts.push(format!("m{n}/{last:?}/c{cn}/{clast:?}"));
    }
    let (kn, klast): (i64, Option<chrono::NaiveDateTime>) = clusters::table
        .select((count_star(), max(clusters::updated_at)))
        .first(conn)?;
    parts.push(format!("k{kn}/{klast:?}"));
    Ok(parts.join("|"))
}
