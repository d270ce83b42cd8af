//! An event's post-event survey: the host defines the questions (`EventParties::owns_survey`:
//! the host's managers and admins), each attendee answers once, the host reads anonymous
//! results; [`summary`] gives the figures other use cases build on.

use std::collections::BTreeMap;

use serde_json::Value;
use uuid::Uuid;

use crate::app::events::visible_event;
use crate::domain::access::{Principal, require};
use crate::domain::event::EventStatus;
use crate::domain::survey::{self, Question, QuestionInput, QuestionKind, Results};
use crate::error::{AppError, AppResult};
use crate::store::events::EventRecord;
use crate::store::survey as store;
use crate::store::{Db, DbConn, Locked, lock_for_update};

/// An event's survey as everybody who sees the event reads it: the questions (none while
/// the organisers have defined none) and when answers are taken.
#[derive(Debug, Clone)]
pub struct SurveyRecord {
    pub event: EventRecord,
    pub questions: Vec<Question>,
}

fn load(conn: &mut DbConn, event: EventRecord) -> AppResult<SurveyRecord> {
    let questions = store::questions(conn, event.row.id)?.unwrap_or_default();
    Ok(SurveyRecord { event, questions })
}

/// The survey of an event the caller sees.
pub async fn get(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<SurveyRecord> {
    db.run(move |conn| {
        let event = visible_event(conn, &caller, event_id)?;
        load(conn, event)
    })
    .await
}

/// Defines (or redefines) the questions. Only those who run the day; not for a cancelled
/// event; `precondition` sees the current survey (the caller's `If-Match`). Once anybody
/// has answered the questions are fixed (409) — changing them would make earlier answers
/// mean something else — but writing the same questions again is a no-op.
pub async fn put(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    precondition: impl FnOnce(&SurveyRecord) -> AppResult<()> + Send + 'static,
    input: Vec<QuestionInput>,
) -> AppResult<SurveyRecord> {
    db.write(move |conn| {
        lock_for_update(conn, Locked::Events, &event_id.to_string())?;
        let event = visible_event(conn, &caller, event_id)?;
        require(
            event.parties().owns_survey(&caller),
            "define this event's survey (the host cluster's managers do)",
        )?;
        let current = load(conn, event)?;
        precondition(&current)?;
        let questions = survey::questions(input).map_err(AppError::Validation)?;
        if questions == current.questions {
            return Ok(current);
        }
        if current.event.row.status == EventStatus::Cancelled {
            return Err(AppError::conflict(
                "the event is cancelled: its survey cannot change",
            ));
        }
        let answered = store::response_count(conn, event_id)?;
        if answered > 0 {
            return Err(AppError::conflict(format!(
                "the questions cannot change once answers exist ({answered} so far): \
                 changing them would change what the answers mean"
            )));
        }
        store::put_questions(conn, event_id, &questions)?;
        Ok(SurveyRecord {
            event: current.event,
            questions,
        })
    })
    .await
}

/// The contacts the signed-in person attends the event as: the contact people with their
/// confirmed e-mail address among the attendees of its active registrations (as
/// `/me/schedule` decides). API keys are nobody's attendee (403).
fn attendee_contacts(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
) -> AppResult<Vec<Uuid>> {
    if caller.user_id.is_nil() {
        return Err(AppError::Forbidden(
            "surveys are answered by people; API keys answer none".into(),
        ));
    }
    let user = crate::store::users::get(conn, caller.user_id)?;
    if user.email_verified_at.is_none() {
        return Ok(Vec::new());
    }
    let mut contacts: Vec<Uuid> =
        crate::store::registrations::attended_by(conn, &user.email, Some(event_id))?
            .into_iter()
            .map(|(_, contact)| contact)
            .collect();
    contacts.sort();
    contacts.dedup();
    Ok(contacts)
}

/// An answer to the survey, by the signed-in attendee (as `attendee_contact_id`, needed
/// only when they attend as more than one contact person).
pub struct NewResponse {
    pub attendee_contact_id: Option<Uuid>,
    pub answers: BTreeMap<String, Value>,
}

/// Answers the survey once per attendee: from the start of the event until 30 days after
/// its end, every answer checked against its question. A second answer of the same
/// attendee is refused by the respondents' unique key (409), also when both come at once.
/// Returns the contact the answer counts for.
pub async fn respond(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    response: NewResponse,
) -> AppResult<Uuid> {
    // The audit log would name who sent which answer, next to the results' change.
    crate::app::audit::not_audited();
    db.write(move |conn| {
        // Locked so that the questions cannot change between the check and the insert.
        lock_for_update(conn, Locked::Events, &event_id.to_string())?;
        let event = visible_event(conn, &caller, event_id)?;
        let contacts = attendee_contacts(conn, &caller, event_id)?;
        let contact = match (response.attendee_contact_id, contacts.as_slice()) {
            (_, []) => {
                return Err(AppError::Forbidden(
                    "only the event's attendees answer its survey: the contact people of its \
                     registrations whose e-mail address is your account's confirmed one"
                        .into(),
                ));
            }
            (Some(c), _) if contacts.contains(&c) => c,
            (Some(_), _) => {
                return Err(AppError::Forbidden(
                    "you do not attend the event as that contact person".into(),
                ));
            }
            (None, [one]) => *one,
            (None, _) => {
                return Err(AppError::invalid(
                    "attendee_contact_id",
                    "you attend the event as more than one contact person: name one",
                ));
            }
        };
        let questions = store::questions(conn, event_id)?.unwrap_or_default();
        if questions.is_empty() {
            return Err(AppError::conflict("the organisers have defined no survey"));
        }
        let row = &event.row;
        if let Some(reason) = survey::answering_closed_reason(
            row.status,
            row.starts_at,
            row.ends_at,
            chrono::Utc::now(),
        ) {
            return Err(AppError::conflict(format!(
                "the survey takes no answers: {reason}"
            )));
        }
        let answers =
            survey::answers(&questions, &response.answers).map_err(AppError::Validation)?;
        store::record_response(conn, event_id, contact, &answers)?;
        Ok(contact)
    })
    .await
}

/// The signed-in person's attendee contacts for the event, each with whether it answered.
pub async fn mine(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<Vec<(Uuid, bool)>> {
    db.run(move |conn| {
        visible_event(conn, &caller, event_id)?;
        let contacts = attendee_contacts(conn, &caller, event_id)?;
        let answered = store::answered(conn, event_id, &contacts)?;
        Ok(contacts
            .into_iter()
            .map(|c| (c, answered.contains(&c)))
            .collect())
    })
    .await
}

/// The anonymous results with how many attendees were invited to answer.
pub struct SurveyResults {
    pub event_id: Uuid,
    pub invited: u64,
    pub results: Results,
}

/// The results, for the host's managers and admins.
pub async fn results(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<SurveyResults> {
    db.run(move |conn| {
        let event = visible_event(conn, &caller, event_id)?;
        require(
            event.parties().owns_survey(&caller),
            "read this event's survey results (the host cluster's managers do)",
        )?;
        let questions = store::questions(conn, event_id)?.unwrap_or_default();
        let answers = store::answers(conn, event_id)?;
        Ok(SurveyResults {
            event_id,
            invited: store::invited(conn, event_id)?.max(0) as u64,
            results: survey::aggregate(&questions, &answers),
        })
    })
    .await
}

/// The mean of one scale question.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleMean {
    pub key: String,
    pub prompt: String,
    pub answered: u64,
    /// Rounded to 2 decimals; `None` without answers.
    pub mean: Option<f64>,
}

/// The survey's headline figures, for outcome figures and reports.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveySummary {
    pub responses: u64,
    pub invited: u64,
    /// Each scale question, in the survey's order.
    pub scale_means: Vec<ScaleMean>,
}

/// The survey's headline figures inside the caller's checkout (no access check: the caller
/// has decided that already).
pub fn summary(conn: &mut DbConn, event_id: Uuid) -> AppResult<SurveySummary> {
    let questions = store::questions(conn, event_id)?.unwrap_or_default();
    let answers = store::answers(conn, event_id)?;
    let results = survey::aggregate(&questions, &answers);
    Ok(SurveySummary {
        responses: results.responses,
        invited: store::invited(conn, event_id)?.max(0) as u64,
        scale_means: results
            .questions
            .into_iter()
            .filter(|q| q.question.kind == QuestionKind::Scale)
            .map(|q| ScaleMean {
                key: q.question.key,
                prompt: q.question.prompt,
                answered: q.answered,
                mean: q.mean,
            })
            .collect(),
    })
}
