//! The contact people of a member company: their use cases. Private data: only the company's
//! editors, its cluster's managers and admins reach them, and only through their own
//! company (a contact reached through another member's path is "not found").
//!
//! Every operation on one person has the same shape: authorise on the company of the path,
//! then (lock and) load the person of that company — [`load_authorised`], once.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::app::edit::{Child, Editable, Removable};
use crate::app::gdpr::{self, ContactHoldings};
use crate::domain::access::{Principal, require};
use crate::domain::format;
use crate::domain::person_name::{self, NameParts};
use crate::domain::text::{trimmed, trimmed_opt};
use crate::error::AppResult;
use crate::store::contacts::{self as store, ContactData, ContactRow};
use crate::store::json::to_json_text;
use crate::store::members::MemberRow;
use crate::store::{Db, DbConn};

#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Massimo Buffetto",
    "given_name": "Massimo",
    "family_name": "Buffetto",
    "role": "Area manager",
    "email": "m.buffetto@example.it",
    "languages": ["it", "en"],
    "share_consent": true
}))]
pub struct ContactInput {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Given name(s), for address books and CRMs (vCard `N`, first name). When neither
    /// `given_name` nor `family_name` is given, both are split from `name` (the last word with
    /// the particles before it, such as `van der` or `De`, is the family name).
    #[serde(default)]
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200, example = "Massimo")]
    pub given_name: Option<String>,
    /// Family name (last name); see `given_name`.
    #[serde(default)]
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200, example = "Buffetto")]
    pub family_name: Option<String>,
    #[serde(default)]
    #[validate(length(max = 200), custom(function = "format::validate_single_line"))]
    #[schema(max_length = 200)]
    pub role: String,
    #[serde(default)]
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254, format = Email)]
    pub email: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "format::validate_phone"))]
    #[schema(max_length = 40, pattern = r"^\+?[0-9 ./()-]{6,39}$")]
    pub phone: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "format::validate_languages"))]
    #[schema(max_items = 20)]
    pub languages: Vec<String>,
    /// Consent to appear in contact catalogues (default: no).
    #[serde(default)]
    pub share_consent: bool,
}

impl ContactInput {
    pub(crate) fn to_data(&self) -> AppResult<ContactData> {
        let mut languages: Vec<String> = Vec::new();
        for lang in &self.languages {
            if !languages.contains(lang) {
                languages.push(lang.clone());
            }
        }
        let name = trimmed(self.name.clone());
        // Parts the client stated are kept as stated; none stated means split the name.
        let stated = NameParts::stated(
            trimmed_opt(self.given_name.clone()),
            trimmed_opt(self.family_name.clone()),
        );
        let parts = if stated.is_empty() {
            person_name::split(&name)
        } else {
            stated
        };
        Ok(ContactData {
            given_name: parts.given,
            family_name: parts.family,
            name,
            role: self.role.trim().to_owned(),
            email: trimmed_opt(self.email.clone()).map(|e| e.to_lowercase()),
            phone: trimmed_opt(self.phone.clone()),
            languages: to_json_text(&languages)?,
            share_consent: self.share_consent,
        })
    }
}

/// 404 for an unknown member, 403 unless the caller may see this member's people.
fn authorize(conn: &mut DbConn, caller: &Principal, member_id: Uuid) -> AppResult<MemberRow> {
    let member = crate::store::members::get(conn, member_id)?;
    require(
        caller.can_edit_member(member.cluster_id, member_id),
        "see or change this member company's contact people",
    )?;
    Ok(member)
}

/// Which lock, if any, to take on the person before loading them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lock {
    No,
    ForUpdate,
}

/// Authorises `caller` on company `member_id`, then loads (locked, for a change) its person
/// `id`; returns the company too.
fn load_authorised(
    conn: &mut DbConn,
    caller: &Principal,
    member_id: Uuid,
    id: Uuid,
    lock: Lock,
) -> AppResult<(MemberRow, ContactRow)> {
    let member = authorize(conn, caller, member_id)?;
    if lock == Lock::ForUpdate {
        crate::store::lock_for_update(conn, crate::store::Locked::Contacts, &id.to_string())?;
    }
    let contact = store::get(conn, member_id, id)?;
    Ok((member, contact))
}

/// Query of a member's people list.
pub struct ContactFilter {
    pub share_consent: Option<bool>,
    pub updated_since: Option<chrono::NaiveDateTime>,
    pub include_removed: bool,
}

/// A page of the company's people, after `after`.
pub async fn list(
    db: &Db,
    caller: Principal,
    member_id: Uuid,
    filter: ContactFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<ContactRow>> {
    db.run(move |conn| {
        authorize(conn, &caller, member_id)?;
        Ok(store::list(
            conn,
            member_id,
            filter.share_consent,
            filter.updated_since,
            filter.include_removed,
            after.as_deref(),
            limit,
        )?)
    })
    .await
}

pub async fn create(
    db: &Db,
    caller: Principal,
    member_id: Uuid,
    data: ContactData,
) -> AppResult<ContactRow> {
    db.write(move |conn| {
        authorize(conn, &caller, member_id)?;
        Ok(store::insert(conn, member_id, &data)?)
    })
    .await
}

pub async fn get(db: &Db, caller: Principal, member_id: Uuid, id: Uuid) -> AppResult<ContactRow> {
    db.run(move |conn| Ok(load_authorised(conn, &caller, member_id, id, Lock::No)?.1))
        .await
}

/// A person as an object that the company's editors change and remove; reached through
/// the company of the path ([`Child`]).
pub struct Contact;

impl Editable for Contact {
    type Key = Child;
    type Row = ContactRow;
    type Change = ContactData;
    const TABLE: crate::store::Locked = crate::store::Locked::Contacts;

    fn load(conn: &mut DbConn, caller: &Principal, key: &Child) -> AppResult<ContactRow> {
        // The pipeline has locked the person's row already.
        Ok(load_authorised(conn, caller, key.parent, key.id, Lock::No)?.1)
    }

    /// Done in [`Editable::load`], on the company of the path.
    fn authorize(_caller: &Principal, _row: &ContactRow) -> AppResult<()> {
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &ContactRow,
        change: ContactData,
    ) -> AppResult<ContactRow> {
        Ok(store::update(conn, row, &change)?)
    }
}

impl Removable for Contact {
    /// Who may change a person may remove them (their data goes at once; see
    /// `store::contacts::delete`).
    fn authorize_removal(_caller: &Principal, _row: &ContactRow) -> AppResult<()> {
        Ok(())
    }

    fn remove(conn: &mut DbConn, row: &ContactRow) -> AppResult<()> {
        crate::app::registration_flow::freeing_seats(conn, &[row.id.to_string()], |conn| {
            Ok(store::delete(conn, row)?)
        })
    }
}

/// Everything held about one person (GDPR article 15).
pub struct ContactExport {
    pub contact: ContactRow,
    pub member: MemberRow,
    pub holdings: ContactHoldings,
}

pub async fn export(
    db: &Db,
    caller: Principal,
    member_id: Uuid,
    id: Uuid,
) -> AppResult<ContactExport> {
    db.run(move |conn| {
        let (member, contact) = load_authorised(conn, &caller, member_id, id, Lock::No)?;
        let holdings = gdpr::contact_holdings(conn, contact.id)?;
        Ok(ContactExport {
            contact,
            member,
            holdings,
        })
    })
    .await
}

/// Erases a person (GDPR article 17; see `app::gdpr::erase_contact`).
pub async fn erase(db: &Db, caller: Principal, member_id: Uuid, id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        let (_, current) = load_authorised(conn, &caller, member_id, id, Lock::ForUpdate)?;
        gdpr::erase_contact(conn, &current)
    })
    .await
}
