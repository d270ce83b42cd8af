//! User accounts and their role grants.

use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{members, role_grants, users};
use super::{DbConn, new_id, now};
use crate::domain::access::{Grant, Principal, Role, Scope};
use crate::domain::mail::Language;
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// The manager or admin who created the account (none for bootstrap and demo accounts).
    pub created_by: Option<Uuid>,
    /// The language mail to this person is written in.
    pub language: Language,
    /// Where this person's times are shown (an IANA name).
    pub time_zone: String,
    /// When a link mailed to the address was last used (see the migration): only then is the
    /// account taken to be the contact person with that address.
    pub email_verified_at: Option<chrono::NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = role_grants)]
pub struct GrantRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub role: Role,
    pub cluster_id: Option<Uuid>,
    pub member_id: Option<Uuid>,
    pub scope_key: String,
    pub granted_by: Option<Uuid>,
    pub created_at: chrono::NaiveDateTime,
}

impl GrantRow {
    /// The domain view of a stored grant; `None` for a row whose scope ids are missing.
    pub fn to_grant(&self) -> Option<Grant> {
        let role = self.role;
        let scope = match role {
            Role::Admin => Scope::Platform,
            Role::ClusterManager => Scope::Cluster(self.cluster_id?),
            Role::Analyst => self.cluster_id.map_or(Scope::Platform, Scope::Cluster),
            Role::MemberEditor => Scope::Member {
                member_id: self.member_id?,
                cluster_id: self.cluster_id?,
            },
        };
        Some(Grant { role, scope })
    }
}

/// E-mail addresses are compared case-insensitively: they are stored lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> StoreResult<Option<User>> {
    Ok(users::table
        .filter(users::email.eq(normalize_email(email)))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Records that the account's holder has just used a link mailed to its address.
pub fn mark_email_verified(conn: &mut DbConn, id: Uuid) -> StoreResult<()> {
    diesel::update(users::table.find(id.to_string()))
        .set(users::email_verified_at.eq(Some(super::now())))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<User> {
    users::table
        .find(id.to_string())
        .select(User::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no user with id {id}")))
}

pub fn insert(
    conn: &mut DbConn,
    email: &str,
    password_hash: &str,
    display_name: &str,
) -> StoreResult<User> {
    insert_by(conn, email, password_hash, display_name, None)
}

/// Creates an account, recording who created it.
pub fn insert_by(
    conn: &mut DbConn,
    email: &str,
    password_hash: &str,
    display_name: &str,
    created_by: Option<Uuid>,
) -> StoreResult<User> {
    let email = normalize_email(email);
    if find_by_email(conn, &email)?.is_some() {
        // The answer does not repeat the address.
        return Err(Error::conflict(
            "this e-mail address cannot be used for a new account",
        ));
    }
    let at = now();
    Ok(diesel::insert_into(users::table)
        .values((
            users::id.eq(new_id()),
            users::email.eq(&email),
            users::password_hash.eq(password_hash),
            users::display_name.eq(display_name.trim()),
            users::version.eq(1),
            users::created_at.eq(at),
            users::updated_at.eq(at),
            users::created_by.eq(created_by.map(|u| u.to_string())),
        ))
        .get_result::<User>(conn)?)
}

/// Stores what a person sets on their own profile. The account's version (which access
/// tokens carry) stays: a new name or language signs nobody out.
pub fn set_profile(
    conn: &mut DbConn,
    id: Uuid,
    display_name: &str,
    language: Language,
    time_zone: &str,
) -> StoreResult<User> {
    Ok(diesel::update(users::table.find(id.to_string()))
        .set((
            users::display_name.eq(display_name),
            users::language.eq(language),
            users::time_zone.eq(time_zone),
            users::updated_at.eq(now()),
        ))
        .get_result::<User>(conn)?)
}

/// The accounts holding `member_editor` on `member_id`.
pub fn editors_of(conn: &mut DbConn, member_id: Uuid) -> StoreResult<Vec<User>> {
    Ok(users::table
        .inner_join(role_grants::table)
        .filter(role_grants::role.eq(Role::MemberEditor))
        .filter(role_grants::member_id.eq(member_id.to_string()))
        .select(User::as_select())
        .order(users::id.asc())
        .load(conn)?)
}

/// Gives the account a new (verified) e-mail address, already normalised by the caller. The
/// account's version stays: sessions go on (the password is the same); 409 when another
/// account holds the address (checked here, and by the column's UNIQUE for a race).
pub fn set_email(conn: &mut DbConn, id: Uuid, email: &str) -> StoreResult<()> {
    if find_by_email(conn, email)?.is_some_and(|u| u.id != id) {
        return Err(Error::conflict(
            "this e-mail address now belongs to another account",
        ));
    }
    diesel::update(users::table.find(id.to_string()))
        .set((users::email.eq(email), users::updated_at.eq(now())))
        .execute(conn)?;
    Ok(())
}

pub fn set_password(conn: &mut DbConn, id: Uuid, password_hash: &str) -> StoreResult<()> {
    diesel::update(users::table.find(id.to_string()))
        .set((
            users::password_hash.eq(password_hash),
            users::version.eq(users::version + 1),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Users ordered by id, after `after`, at most `limit`. `visible_clusters`: when `Some`, only
/// users holding a grant in one of these clusters (what a cluster manager may list).
pub fn list(
    conn: &mut DbConn,
    visible_clusters: Option<&[Uuid]>,
    email_contains: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<User>> {
    let mut query = users::table.select(User::as_select()).into_boxed();
    if let Some(clusters) = visible_clusters {
        let ids: Vec<String> = clusters.iter().map(Uuid::to_string).collect();
        let in_clusters = role_grants::table
            .filter(role_grants::cluster_id.eq_any(ids))
            .select(role_grants::user_id);
        query = query.filter(users::id.eq_any(in_clusters));
    }
    if let Some(needle) = email_contains {
        let pattern = crate::domain::text::like_pattern_contains(&normalize_email(needle));
        query = query.filter(users::email.like(pattern).escape('\\'));
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after.to_owned()));
    }
    Ok(query.order(users::id.asc()).limit(limit).load(conn)?)
}

pub fn grants_of(conn: &mut DbConn, user_ids: &[Uuid]) -> StoreResult<Vec<GrantRow>> {
    let user_ids: Vec<String> = user_ids.iter().map(Uuid::to_string).collect();
    Ok(role_grants::table
        .filter(role_grants::user_id.eq_any(user_ids))
        .order(role_grants::id.asc())
        .select(GrantRow::as_select())
        .load(conn)?)
}

/// Grants that are in force: those on a company removed by its cluster's portal (a
/// tombstone until it is restored or purged) are left out, so its editors' rights end with it.
pub fn active_grants_of(conn: &mut DbConn, user_ids: &[Uuid]) -> StoreResult<Vec<GrantRow>> {
    let rows = grants_of(conn, user_ids)?;
    let edited: Vec<String> = rows
        .iter()
        .filter_map(|g| g.member_id.map(|m| m.to_string()))
        .collect();
    if edited.is_empty() {
        return Ok(rows);
    }
    let removed: Vec<Uuid> = members::table
        .filter(members::id.eq_any(edited))
        .filter(members::deleted_at.is_not_null())
        .select(members::id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|g| g.member_id.is_none_or(|m| !removed.contains(&m)))
        .collect())
}

pub fn get_grant(conn: &mut DbConn, user_id: Uuid, grant_id: Uuid) -> StoreResult<GrantRow> {
    role_grants::table
        .find(grant_id.to_string())
        .filter(role_grants::user_id.eq(user_id.to_string()))
        .select(GrantRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("user {user_id} has no grant {grant_id}")))
}

pub fn insert_grant(
    conn: &mut DbConn,
    user_id: Uuid,
    grant: &Grant,
    granted_by: Option<Uuid>,
) -> StoreResult<GrantRow> {
    let (cluster_id, member_id) = match grant.scope {
        Scope::Platform => (None, None),
        Scope::Cluster(c) => (Some(c.to_string()), None),
        Scope::Member {
            member_id,
            cluster_id,
        } => (Some(cluster_id.to_string()), Some(member_id.to_string())),
    };
    if let Some(cluster) = &cluster_id {
        crate::store::audit::note_cluster(cluster);
    }
    crate::store::audit::note_object("user", &user_id.to_string());
    let key = grant.scope.key();
    let existing = role_grants::table
        .filter(role_grants::user_id.eq(user_id.to_string()))
        .filter(role_grants::role.eq(grant.role))
        .filter(role_grants::scope_key.eq(&key))
        .select(role_grants::id)
        .first::<String>(conn)
        .optional()?;
    if let Some(existing_id) = existing {
        return Err(Error::Conflict {
            detail: "the user already holds this role".into(),
            existing_id: Some(existing_id),
        });
    }
    Ok(diesel::insert_into(role_grants::table)
        .values((
            role_grants::id.eq(new_id()),
            role_grants::user_id.eq(user_id.to_string()),
            role_grants::role.eq(grant.role),
            role_grants::cluster_id.eq(cluster_id),
            role_grants::member_id.eq(member_id),
            role_grants::scope_key.eq(key),
            role_grants::granted_by.eq(granted_by.map(|u| u.to_string())),
            role_grants::created_at.eq(now()),
        ))
        .get_result::<GrantRow>(conn)?)
}

pub fn delete_grant(conn: &mut DbConn, grant_id: Uuid) -> StoreResult<()> {
    let grant_id = grant_id.to_string();
    if let Some((user, cluster)) = role_grants::table
        .find(&grant_id)
        .select((role_grants::user_id, role_grants::cluster_id))
        .first::<(String, Option<String>)>(conn)
        .optional()?
    {
        crate::store::audit::note_object("user", &user);
        if let Some(cluster) = cluster {
            crate::store::audit::note_cluster(&cluster);
        }
    }
    diesel::delete(role_grants::table.find(&grant_id)).execute(conn)?;
    Ok(())
}

/// The caller of a request: the user and their grants, or `None` when the account is gone
/// or has changed its password since the token was issued.
pub fn load_principal(
    conn: &mut DbConn,
    user_id: Uuid,
    account_version: i32,
) -> StoreResult<Option<Principal>> {
    if !account_is_current(conn, user_id, account_version)? {
        return Ok(None);
    }
    let grants = active_grants_of(conn, &[user_id])?
        .iter()
        .filter_map(GrantRow::to_grant)
        .collect();
    Ok(Some(Principal::user(user_id, grants)))
}

/// Whether the account exists at `account_version` (a password change or removal moves it on).
pub fn account_is_current(
    conn: &mut DbConn,
    user_id: Uuid,
    account_version: i32,
) -> StoreResult<bool> {
    let version = users::table
        .find(user_id.to_string())
        .select(users::version)
        .first::<i32>(conn)
        .optional()?;
    Ok(version == Some(account_version))
}

/// The cluster a member company belongs to (needed to scope a `member_editor` grant); none
/// for a company that does not exist or was removed (a tombstone is edited by nobody).
pub fn cluster_of_member(conn: &mut DbConn, member_id: Uuid) -> StoreResult<Option<Uuid>> {
    Ok(members::table
        .find(member_id.to_string())
        .filter(members::deleted_at.is_null())
        .select(members::cluster_id)
        .first::<Uuid>(conn)
        .optional()?)
}

/// Does the user hold any grant in one of `clusters`? (What lets a manager see an account.)
pub fn has_grant_in_clusters(
    conn: &mut DbConn,
    user_id: Uuid,
    clusters: &[Uuid],
) -> StoreResult<bool> {
    let ids: Vec<String> = clusters.iter().map(Uuid::to_string).collect();
    Ok(role_grants::table
        .filter(role_grants::user_id.eq(user_id.to_string()))
        .filter(role_grants::cluster_id.eq_any(ids))
        .select(role_grants::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

pub fn count_admins(conn: &mut DbConn) -> StoreResult<i64> {
    Ok(role_grants::table
        .filter(role_grants::role.eq(Role::Admin))
        .count()
        .get_result(conn)?)
}

pub fn delete(conn: &mut DbConn, id: Uuid) -> StoreResult<()> {
    let deleted = diesel::delete(users::table.find(id.to_string())).execute(conn)?;
    if deleted == 0 {
        return Err(Error::NotFound(format!("no user with id {id}")));
    }
    Ok(())
}

/// Who created the account, when recorded.
pub fn created_by(conn: &mut DbConn, user_id: Uuid) -> StoreResult<Option<Uuid>> {
    let creator: Option<Option<Uuid>> = users::table
        .find(user_id.to_string())
        .select(users::created_by)
        .first(conn)
        .optional()?;
    Ok(creator.flatten())
}
