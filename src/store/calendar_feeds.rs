//! Secret calendar feeds, one per user: only the SHA-256 of the token is stored (like API
//! keys and refresh tokens), so the database cannot give the URL away; the token is found by
//! its hash (an indexed equality on a value the caller cannot steer byte by byte, so the
//! lookup's time tells nothing about stored tokens).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::calendar_feeds;
use super::tokens::{hash_token, random_token};
use super::{DbConn, now};
use crate::store::StoreResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = calendar_feeds)]
pub struct FeedRow {
    pub user_id: Uuid,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
}

/// Makes a new feed token for `user_id` — the old one, if any, stops working — and returns
/// the token (shown once) with the stored row.
pub fn issue(conn: &mut DbConn, user_id: Uuid) -> StoreResult<(String, FeedRow)> {
    revoke(conn, user_id)?;
    let token = random_token();
    let row = diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user_id.to_string()),
            calendar_feeds::token_hash.eq(hash_token(&token)),
            calendar_feeds::created_at.eq(now()),
        ))
        .get_result::<FeedRow>(conn)?;
    Ok((token, row))
}

/// The user's feed, if they have one.
pub fn of_user(conn: &mut DbConn, user_id: Uuid) -> StoreResult<Option<FeedRow>> {
    Ok(calendar_feeds::table
        .find(user_id.to_string())
        .select(FeedRow::as_select())
        .first(conn)
        .optional()?)
}

/// Revokes the user's feed; whether there was one.
pub fn revoke(conn: &mut DbConn, user_id: Uuid) -> StoreResult<bool> {
    Ok(diesel::delete(calendar_feeds::table.find(user_id.to_string())).execute(conn)? > 0)
}

/// The feed with this token, if it exists.
pub fn find(conn: &mut DbConn, token: &str) -> StoreResult<Option<FeedRow>> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(hash_token(token)))
        .select(FeedRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records a fetch, at most once a minute per feed (calendar apps poll; not every read
/// should be a write).
pub fn touch(conn: &mut DbConn, row: &FeedRow) -> StoreResult<()> {
    let at = now();
    if row
        .last_used_at
        .is_some_and(|last| at - last < chrono::Duration::seconds(60))
    {
        return Ok(());
    }
    diesel::update(
        calendar_feeds::table
            .find(row.user_id.to_string())
            .filter(calendar_feeds::token_hash.eq(&row.token_hash)),
    )
    .set(calendar_feeds::last_used_at.eq(at))
    .execute(conn)?;
    Ok(())
}

diesel::define_sql_function! {
    /// Lower case (ASCII on SQLite): e-mail addresses compared as users' are stored.
    fn lower(text: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// Whose events and meetings a feed covers, and when.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Companies the user edits by a `member_editor` grant: events they are registered for,
    /// meetings of their partnership requests.
    pub members: Vec<Uuid>,
    /// Clusters the user manages: events they host.
    pub clusters: Vec<Uuid>,
    pub user_id: Uuid,
    /// The user's confirmed address (none until confirmed): meetings that name them.
    pub email: Option<String>,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

/// The events in the window that the user's companies are registered for (active
/// registrations), that their clusters host, or that they co-organise; at most `limit`,
/// earliest first.
pub fn events_of(conn: &mut DbConn, scope: &Scope, limit: i64) -> StoreResult<Vec<Uuid>> {
    use super::schema::{event_co_organisers, events, registrations};
    let members: Vec<String> = scope.members.iter().map(Uuid::to_string).collect();
    let clusters: Vec<String> = scope.clusters.iter().map(Uuid::to_string).collect();
    let registered = registrations::table
        .filter(registrations::member_id.eq_any(members))
        .filter(registrations::status.eq(super::registrations::ACTIVE))
        .select(registrations::event_id);
    let co_organised = event_co_organisers::table
        .filter(event_co_organisers::user_id.eq(scope.user_id.to_string()))
        .select(event_co_organisers::event_id);
    Ok(events::table
        .filter(
            events::id
                .eq_any(registered)
                .or(events::id.eq_any(co_organised))
                .or(events::host_cluster_id.eq_any(clusters)),
        )
        .filter(events::ends_at.ge(scope.from))
        .filter(events::starts_at.le(scope.to))
        .order((events::starts_at.asc(), events::id.asc()))
        .select(events::id)
        .limit(limit)
        .load(conn)?)
}

/// Follow-up meetings in the window of the partnership requests of the user's companies, and
/// those that name the user (their confirmed address) as a participant; at most `limit`,
/// earliest first. Who may see each is for the caller to decide.
pub fn meetings_of(
    conn: &mut DbConn,
    scope: &Scope,
    limit: i64,
) -> StoreResult<Vec<super::meetings::MeetingRow>> {
    use super::meetings::MeetingRow;
    use super::schema::{contacts, meeting_participants, meetings, partnership_requests};
    let members: Vec<String> = scope.members.iter().map(Uuid::to_string).collect();
    let of_companies = partnership_requests::table
        .filter(
            partnership_requests::from_member_id
                .eq_any(members.clone())
                .or(partnership_requests::to_member_id.eq_any(members)),
        )
        .select(partnership_requests::id);
    let email = scope
        .email
        .as_deref()
        .map(super::users::normalize_email)
        .unwrap_or_default();
    let named = meeting_participants::table
        .inner_join(contacts::table)
        .filter(lower(contacts::email).eq(email))
        .filter(contacts::erased_at.is_null())
        .select(meeting_participants::meeting_id);
    let mut query = meetings::table
        .filter(meetings::starts_at.le(scope.to))
        .filter(meetings::ends_at.ge(scope.from))
        .into_boxed();
    query = if scope.email.is_some() {
        query.filter(
            meetings::request_id
                .eq_any(of_companies)
                .or(meetings::id.eq_any(named)),
        )
    } else {
        query.filter(meetings::request_id.eq_any(of_companies))
    };
    Ok(query
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .select(MeetingRow::as_select())
        .limit(limit)
        .load(conn)?)
}
