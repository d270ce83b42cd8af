//! User accounts and their role grants. Admins see and grant everything; cluster managers
//! create accounts for their members' people and grant `member_editor` on their own
//! cluster's companies.

use uuid::Uuid;

use crate::auth::password;
use crate::domain::access::{Grant, Principal, Role, Scope, require};
use crate::error::{AppError, AppResult};
use crate::store::users::{self as store, GrantRow, User};
use crate::store::{Db, DbConn};

/// An account with the grants its viewer may see.
pub struct Account {
    pub user: User,
    pub grants: Vec<GrantRow>,
}

/// The grants among `grants` that `viewer` may see (a manager sees only their clusters'
/// grants of a person who also works with other clusters).
fn visible_grants(viewer: &Principal, grants: Vec<GrantRow>) -> Vec<GrantRow> {
    grants
        .into_iter()
        .filter(|g| viewer.can_see_grant(g.user_id, g.cluster_id))
        .collect()
}

fn load(conn: &mut DbConn, viewer: &Principal, id: Uuid) -> AppResult<Account> {
    let user = store::get(conn, id)?;
    let grants = store::active_grants_of(conn, std::slice::from_ref(&user.id))?;
    Ok(Account {
        user,
        grants: visible_grants(viewer, grants),
    })
}

/// 404 unless the caller may see the account: their own, any for admins, and for cluster
/// managers the accounts holding a role in their clusters. (404 rather than 403, so that
/// e-mail addresses of other clusters' people cannot be probed.)
fn ensure_visible(conn: &mut DbConn, caller: &Principal, user_id: Uuid) -> AppResult<()> {
    if caller.user_id == user_id || caller.is_admin() {
        return Ok(());
    }
    let clusters = caller.managed_clusters();
    if !clusters.is_empty()
        && (store::has_grant_in_clusters(conn, user_id, &clusters)?
            || store::created_by(conn, user_id)? == Some(caller.user_id))
    {
        return Ok(());
    }
    Err(AppError::NotFound(format!("no user with id {user_id}")))
}

/// Which accounts a caller may list: all (admins) or those holding a role in the clusters
/// they manage. Obtained from [`list_scope`], which refuses everyone else.
pub struct ListScope(Option<Vec<Uuid>>);

/// May `caller` list accounts at all, and which?
pub fn list_scope(caller: &Principal) -> AppResult<ListScope> {
    if caller.is_admin() {
        return Ok(ListScope(None));
    }
    let managed = caller.managed_clusters();
    require(!managed.is_empty(), "list user accounts")?;
    Ok(ListScope(Some(managed)))
}

/// A page of accounts (ordered by id, after `after`) with the grants `caller` may see.
pub async fn list(
    db: &Db,
    caller: Principal,
    scope: ListScope,
    email: Option<String>,
    after: Option<String>,
    limit: i64,
) -> AppResult<(Vec<User>, Vec<GrantRow>)> {
    let (rows, grants) = db
        .run(move |conn| {
            let rows = store::list(
                conn,
                scope.0.as_deref(),
                email.as_deref(),
                after.as_deref(),
                limit,
            )?;
            let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
            let grants = store::active_grants_of(conn, &ids)?;
            Ok((rows, grants))
        })
        .await?;
    Ok((rows, visible_grants(&caller, grants)))
}

/// Creates an account (admins and cluster managers); it holds no role until one is granted.
pub async fn create(
    db: &Db,
    caller: &Principal,
    email: String,
    password_text: String,
    display_name: String,
) -> AppResult<User> {
    require(caller.can_create_users(), "create user accounts")?;
    crate::domain::password::check(&password_text, &email)
        .map_err(|m| AppError::invalid("password", m))?;
    let hash = password::hash_off_thread(password_text).await?;
    let creator = caller.user_id;
    db.write(move |conn| {
        Ok(store::insert_by(
            conn,
            &email,
            &hash,
            &display_name,
            Some(creator),
        )?)
    })
    .await
}

/// One account with its roles, if the caller may see it.
pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<Account> {
    db.run(move |conn| {
        ensure_visible(conn, &caller, id)?;
        load(conn, &caller, id)
    })
    .await
}

/// Everything held about the caller (GDPR article 15): the account and what they hold.
pub async fn export(
    db: &Db,
    caller: Principal,
) -> AppResult<(Account, crate::app::gdpr::UserHoldings)> {
    db.run(move |conn| {
        let account = load(conn, &caller, caller.user_id)?;
        let holdings = crate::app::gdpr::user_holdings(conn, caller.user_id)?;
        Ok((account, holdings))
    })
    .await
}

/// Deletes an account with its roles and tokens (admins; not their own).
pub async fn delete(db: &Db, caller: &Principal, id: Uuid) -> AppResult<()> {
    require(caller.is_admin(), "delete user accounts")?;
    if id == caller.user_id {
        return Err(AppError::conflict("you cannot delete your own account"));
    }
    db.write(move |conn| {
        crate::app::gdpr::forget_kept_answers_of_user(conn, id)?;
        crate::store::invitations::revoke_open_by(conn, id)?;
        Ok(store::delete(conn, id)?)
    })
    .await
}

/// A role as asked for: the role and the object it is held on.
pub struct GrantRequest {
    pub role: Role,
    /// Required for `cluster_manager`.
    pub cluster_id: Option<Uuid>,
    /// Required for `member_editor`.
    pub member_id: Option<Uuid>,
}

impl GrantRequest {
    /// The grant this request asks for, with the member's cluster looked up.
    pub(crate) fn to_grant(&self, conn: &mut DbConn) -> AppResult<Grant> {
        let scope = match (self.role, self.cluster_id, self.member_id) {
            (Role::Admin, None, None) => Scope::Platform,
            (Role::ClusterManager, Some(cluster_id), None) => {
                if !crate::store::clusters::exists(conn, cluster_id)? {
                    return Err(AppError::invalid(
                        "cluster_id",
                        format!("no cluster with id {cluster_id}"),
                    ));
                }
                Scope::Cluster(cluster_id)
            }
            (Role::Analyst, None, None) => Scope::Platform,
            (Role::Analyst, Some(cluster_id), None) => {
                if !crate::store::clusters::exists(conn, cluster_id)? {
                    return Err(AppError::invalid(
                        "cluster_id",
                        format!("no cluster with id {cluster_id}"),
                    ));
                }
                Scope::Cluster(cluster_id)
            }
            (Role::MemberEditor, None, Some(member_id)) => Scope::Member {
                member_id,
                cluster_id: store::cluster_of_member(conn, member_id)?.ok_or_else(|| {
                    AppError::invalid(
                        "member_id",
                        format!("no member company with id {member_id}"),
                    )
                })?,
            },
            (Role::Admin, _, _) => {
                return Err(AppError::invalid(
                    "role",
                    "admin is a platform role: send neither cluster_id nor member_id",
                ));
            }
            (Role::ClusterManager, _, _) => {
                return Err(AppError::invalid(
                    "cluster_id",
                    "cluster_manager needs cluster_id (and no member_id)",
                ));
            }
            (Role::Analyst, _, _) => {
                return Err(AppError::invalid(
                    "member_id",
                    "analyst is held on a cluster (cluster_id) or platform-wide (neither)",
                ));
            }
            (Role::MemberEditor, _, _) => {
                return Err(AppError::invalid(
                    "member_id",
                    "member_editor needs member_id (and no cluster_id)",
                ));
            }
        };
        Ok(Grant {
            role: self.role,
            scope,
        })
    }
}

/// Grants a role. Admins grant any role; cluster managers grant `member_editor` on their
/// own cluster's member companies.
pub async fn grant_role(
    db: &Db,
    caller: Principal,
    user_id: Uuid,
    request: GrantRequest,
) -> AppResult<GrantRow> {
    db.write(move |conn| {
        let grant = request.to_grant(conn)?;
        require(caller.can_grant(&grant), "grant this role")?;
        // Managers grant to people of their clusters and to the accounts they created;
        // granting to anyone else would reveal that stranger's e-mail address.
        ensure_visible(conn, &caller, user_id)?;
        store::get(conn, user_id)?;
        grant_in(conn, user_id, &grant, Some(caller.user_id))
    })
    .await
}

/// Stores a grant that was authorised: the one path every role takes (a direct grant, an
/// accepted invitation), so that the audit log sees them alike.
pub(crate) fn grant_in(
    conn: &mut DbConn,
    user_id: Uuid,
    grant: &Grant,
    granted_by: Option<Uuid>,
) -> AppResult<GrantRow> {
    Ok(store::insert_grant(conn, user_id, grant, granted_by)?)
}

/// One role grant, if the caller may see it.
pub async fn get_grant(
    db: &Db,
    caller: Principal,
    user_id: Uuid,
    grant_id: Uuid,
) -> AppResult<GrantRow> {
    db.run(move |conn| {
        ensure_visible(conn, &caller, user_id)?;
        let row = store::get_grant(conn, user_id, grant_id)?;
        if caller.can_see_grant(user_id, row.cluster_id) {
            Ok(row)
        } else {
            Err(AppError::NotFound(format!(
                "user {user_id} has no grant {grant_id}"
            )))
        }
    })
    .await
}

/// Revokes a role grant; it stops working with the next request. The last platform admin
/// grant stays.
pub async fn revoke_role(
    db: &Db,
    caller: Principal,
    user_id: Uuid,
    grant_id: Uuid,
) -> AppResult<()> {
    db.write(move |conn| {
        let row = store::get_grant(conn, user_id, grant_id)?;
        let grant = row
            .to_grant()
            .ok_or_else(|| AppError::internal("stored grant is malformed"))?;
        require(caller.can_grant(&grant), "revoke this grant")?;
        if grant.role == Role::Admin && store::count_admins(conn)? <= 1 {
            return Err(AppError::conflict(
                "this is the last platform admin; grant the role to someone else first",
            ));
        }
        Ok(store::delete_grant(conn, row.id)?)
    })
    .await
}

/// What a person sets on their own profile: their name, the language their mail is written
/// in, the time zone their times are shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub display_name: String,
    pub language: crate::domain::mail::Language,
    /// An IANA time zone name, such as `Europe/Rome`.
    pub time_zone: String,
}

impl Profile {
    pub fn of(user: &User) -> Profile {
        Profile {
            display_name: user.display_name.clone(),
            language: user.language,
            time_zone: user.time_zone.clone(),
        }
    }
}

/// The caller's own account, changed through the edit pipeline (`app::edit`): only the
/// person themself (not an API key, not an admin on someone's behalf).
pub struct OwnProfile;

impl crate::app::edit::Editable for OwnProfile {
    type Key = Uuid;
    type Row = Account;
    type Change = Profile;
    const TABLE: crate::store::Locked = crate::store::Locked::Users;

    fn load(conn: &mut DbConn, caller: &Principal, key: &Uuid) -> AppResult<Account> {
        load(conn, caller, *key)
    }

    fn authorize(caller: &Principal, row: &Account) -> AppResult<()> {
        Ok(require(
            caller.api_key.is_none() && row.user.id == caller.user_id,
            "change another person's profile",
        )?)
    }

    fn check(_caller: &Principal, _row: &Account, change: &Profile) -> AppResult<()> {
        if change.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(AppError::invalid(
                "time_zone",
                "must be an IANA time zone name such as Europe/Zurich or Europe/Rome",
            ));
        }
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        row: &Account,
        change: Profile,
    ) -> AppResult<Account> {
        // A profile written back as it was read changes nothing (nor its ETag).
        if Profile::of(&row.user) == change {
            return Ok(Account {
                user: row.user.clone(),
                grants: row.grants.clone(),
            });
        }
        crate::store::audit::note_object("user", &row.user.id.to_string());
        store::set_profile(
            conn,
            caller.user_id,
            change.display_name.trim(),
            change.language,
            &change.time_zone,
        )?;
        load(conn, caller, caller.user_id)
    }
}
