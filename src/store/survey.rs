//! An event's survey: its questions (one JSON document), the anonymous responses, and who
//! has answered (only to refuse a second answer; nothing links the two).

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::json::{from_json_text, to_json_text};
use super::schema::{
    contacts, registration_attendees, registrations, survey_respondents, survey_responses, surveys,
};
use super::{DbConn, Error, StoreResult, now};
use crate::domain::survey::Question;

/// The event's questions; `None` while the organisers have defined none.
pub fn questions(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Option<Vec<Question>>> {
    let text: Option<String> = surveys::table
        .find(event_id.to_string())
        .select(surveys::questions)
        .first(conn)
        .optional()?;
    text.map(|t| from_json_text(&t)).transpose()
}

/// Stores the questions, replacing earlier ones.
pub fn put_questions(conn: &mut DbConn, event_id: Uuid, questions: &[Question]) -> StoreResult<()> {
    let text = to_json_text(&questions)?;
    let at = now();
    let updated = diesel::update(surveys::table.find(event_id.to_string()))
        .set((surveys::questions.eq(&text), surveys::updated_at.eq(at)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(surveys::table)
            .values((
                surveys::event_id.eq(event_id.to_string()),
                surveys::questions.eq(&text),
                surveys::created_at.eq(at),
                surveys::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn response_count(conn: &mut DbConn, event_id: Uuid) -> StoreResult<i64> {
    Ok(survey_responses::table
        .filter(survey_responses::event_id.eq(event_id.to_string()))
        .count()
        .get_result(conn)?)
}

/// Records that `contact_id` answered and stores the answers. The respondents' primary key
/// refuses a second answer of the same attendee, also when two arrive at once
/// ([`Error::Conflict`]). The response gets a random id (not a time-ordered one) and no
/// timestamp, so that it cannot be matched with its respondent.
pub fn record_response(
    conn: &mut DbConn,
    event_id: Uuid,
    contact_id: Uuid,
    answers: &BTreeMap<String, Value>,
) -> StoreResult<()> {
    diesel::insert_into(survey_respondents::table)
        .values((
            survey_respondents::event_id.eq(event_id.to_string()),
            survey_respondents::contact_id.eq(contact_id.to_string()),
        ))
        .execute(conn)
        .map_err(|e| match Error::from(e) {
            Error::Conflict { .. } => Error::conflict(format!(
                "attendee {contact_id} has answered this survey already; a survey is answered once"
            )),
            other => other,
        })?;
    diesel::insert_into(survey_responses::table)
        .values((
            survey_responses::id.eq(Uuid::new_v4().to_string()),
            survey_responses::event_id.eq(event_id.to_string()),
            survey_responses::answers.eq(to_json_text(answers)?),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every response's answers, in no particular order.
pub fn answers(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<BTreeMap<String, Value>>> {
    let texts: Vec<String> = survey_responses::table
        .filter(survey_responses::event_id.eq(event_id.to_string()))
        .order(survey_responses::id.asc())
        .select(survey_responses::answers)
        .load(conn)?;
    texts.iter().map(|t| from_json_text(t)).collect()
}

/// Of these contacts, those who have answered the event's survey.
pub fn answered(conn: &mut DbConn, event_id: Uuid, contact_ids: &[Uuid]) -> StoreResult<Vec<Uuid>> {
    let ids: Vec<String> = contact_ids.iter().map(Uuid::to_string).collect();
    Ok(survey_respondents::table
        .filter(survey_respondents::event_id.eq(event_id.to_string()))
        .filter(survey_respondents::contact_id.eq_any(ids))
        .select(survey_respondents::contact_id)
        .load::<Uuid>(conn)?)
}

/// The attendees invited to answer: the contact people (not erased) of the event's active
/// registrations.
pub fn invited(conn: &mut DbConn, event_id: Uuid) -> StoreResult<i64> {
    Ok(registration_attendees::table
        .inner_join(registrations::table)
        .inner_join(contacts::table)
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(super::registrations::ACTIVE))
        .filter(contacts::erased_at.is_null())
        .select(diesel::dsl::count(registration_attendees::contact_id).aggregate_distinct())
        .get_result(conn)?)
}
