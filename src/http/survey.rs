//! `/events/{id}/survey`: the post-event survey — questions defined by those who run the day,
//! answered once per attendee, results (JSON or CSV) for the organisers, anonymous.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::files::{self, CsvQuery, Sheet};
use super::negotiate::{Format, formats, negotiate};
use super::respond;
use crate::AppState;
use crate::app::survey::{self as surveys, NewResponse, SurveyRecord};
use crate::domain::access::Principal;
use crate::domain::format;
use crate::domain::survey::{self as rules, QuestionInput, QuestionKind};
use crate::error::AppResult;
use crate::export::dialect::Dialect;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SurveyQuestion {
    /// Names the question in answers (`answers.<key>`) and results.
    #[schema(example = "overall")]
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// The options of a choice question (absent for the other kinds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    pub required: bool,
}

/// An event's survey: its questions (empty while none is defined) and when answers are
/// taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct Survey {
    pub event_id: Uuid,
    pub questions: Vec<SurveyQuestion>,
    /// Answers are taken from the event's start …
    pub opens_at: DateTime<Utc>,
    /// … until 30 days after its end.
    pub closes_at: DateTime<Utc>,
}

fn build(record: &SurveyRecord) -> Survey {
    let (opens, closes) = rules::window(record.event.row.starts_at, record.event.row.ends_at);
    Survey {
        event_id: record.event.row.id,
        questions: record
            .questions
            .iter()
            .map(|q| SurveyQuestion {
                key: q.key.clone(),
                kind: q.kind,
                prompt: q.prompt.clone(),
                options: q.options.clone(),
                required: q.required,
            })
            .collect(),
        opens_at: opens.and_utc(),
        closes_at: closes.and_utc(),
    }
}

/// The questions of an event's survey (none while the organisers have defined none), for
/// everyone who sees the event.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "The survey", body = Survey, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/events/{id}/survey")]
pub async fn get_survey(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let record = surveys::get(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &build(&record))
}

fn validate_options(options: &[String]) -> Result<(), ValidationError> {
    for option in options {
        format::validate_line(option)?;
        if option.chars().count() > rules::MAX_OPTION {
            return Err(ValidationError::new("length").with_message(
                format!("each option has at most {} characters", rules::MAX_OPTION).into(),
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyQuestionInput {
    /// Lower-case letters, digits and `_`, starting with a letter; default `q<position>`
    /// (from 1).
    #[validate(length(min = 1, max = 40))]
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = "^[a-z][a-z0-9_]*$",
        example = "overall"
    )]
    pub key: Option<String>,
    pub kind: QuestionKind,
    #[validate(length(min = 1, max = 500), custom(function = "format::validate_line"))]
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "How useful was the day for your company?"
    )]
    pub prompt: String,
    /// Choice questions only: 2 to 10 distinct options.
    #[serde(default)]
    #[validate(length(max = 10), custom(function = "validate_options"))]
    #[schema(max_items = 10)]
    pub options: Vec<String>,
    /// Whether every answer must answer it (default: no).
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"questions": [
    {"key": "overall", "kind": "scale", "prompt": "How useful was the day for your company?", "required": true},
    {"key": "again", "kind": "choice", "prompt": "Would you come again?", "options": ["yes", "maybe", "no"], "required": true},
    {"key": "remarks", "kind": "text", "prompt": "What should we change?"}
]}))]
pub struct SurveyInput {
    #[validate(length(min = 1, max = 20), nested)]
    #[schema(min_items = 1, max_items = 20)]
    pub questions: Vec<SurveyQuestionInput>,
}

/// Define the survey's questions (those who run the day: the host's managers and admins).
/// Scale questions are answered 1 to 5, choice questions with one of their options, text
/// questions with up to 2000 characters. Once anybody has answered, the questions cannot
/// change (409): that would change what the answers mean. Writing the same questions
/// again changes nothing.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag of the current survey")),
    request_body = SurveyInput,
    responses(
        (status = 200, description = "The survey", body = Survey, headers(("ETag" = String))),
        (status = 403, description = "Not one of those who run the day"),
        (status = 409, description = "Answers exist already, or the event is cancelled"),
        (status = 412, description = "If-Match does not match the current survey"),
    )
)]
#[put("/events/{id}/survey")]
pub async fn put_survey(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<SurveyInput>,
) -> AppResult<HttpResponse> {
    let input = body
        .0
        .questions
        .into_iter()
        .map(|q| QuestionInput {
            key: q.key,
            kind: q.kind,
            prompt: q.prompt,
            options: q.options,
            required: q.required,
        })
        .collect();
    let record = surveys::put(
        &state.db,
        caller,
        id.into_inner(),
        move |current: &SurveyRecord| if_match.check(&respond::etag_of(&build(current))?),
        input,
    )
    .await?;
    respond::ok(&req, &build(&record))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SurveyAttendee {
    /// The contact person the signed-in user attends as.
    pub contact_id: Uuid,
    pub answered: bool,
}

/// Whether the signed-in person has answered, per contact person they attend the event as.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySurvey {
    pub event_id: Uuid,
    /// Empty when the caller attends the event as nobody (or their address is not yet
    /// confirmed).
    pub attendees: Vec<SurveyAttendee>,
}

async fn my_survey(state: &AppState, caller: Principal, event_id: Uuid) -> AppResult<MySurvey> {
    let attendees = surveys::mine(&state.db, caller, event_id).await?;
    Ok(MySurvey {
        event_id,
        attendees: attendees
            .into_iter()
            .map(|(contact_id, answered)| SurveyAttendee {
                contact_id,
                answered,
            })
            .collect(),
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"answers": {"overall": 5, "again": "yes", "remarks": "More time for the B2B tables"}}))]
pub struct SurveyResponseInput {
    /// Needed only when the caller attends the event as more than one contact person.
    pub attendee_contact_id: Option<Uuid>,
    /// The answers by question key: a whole number 1–5 for a scale, one of the options for
    /// a choice, text for a text question. Questions that are not required may be left out.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
}

/// Answer the survey, once, as an attendee: the signed-in person whose confirmed e-mail
/// address is that of a contact person attending the event (as `/me/schedule` decides).
/// Answers are taken from the start of the event until 30 days after its end. The answer
/// is anonymous: only that the attendee answered is kept, apart from the answers.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = SurveyResponseInput,
    responses(
        (status = 201, description = "Answered; the caller's answering status", body = MySurvey, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an attendee of the event (or an API key)"),
        (status = 409, description = "Answered already, no survey defined, or outside the answering period"),
        (status = 422, description = "An answer does not fit its question (`answers.<key>`)"),
    )
)]
#[post("/events/{id}/survey/responses")]
pub async fn create_survey_response(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<SurveyResponseInput>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    surveys::respond(
        &state.db,
        caller.clone(),
        event_id,
        NewResponse {
            attendee_contact_id: input.attendee_contact_id,
            answers: input.answers,
        },
    )
    .await?;
    let mine = my_survey(&state, caller, event_id).await?;
    respond::created(
        &req,
        format!("/api/v1/events/{event_id}/survey/responses/mine"),
        &mine,
    )
}

/// Whether the signed-in person has answered the event's survey, per contact person they
/// attend as. Their answers themselves are not kept with them and cannot be read back.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "The caller's answering status", body = MySurvey, headers(("ETag" = String))),
        (status = 403, description = "An API key: only people answer surveys"),
    )
)]
#[get("/events/{id}/survey/responses/mine")]
pub async fn get_my_survey_response(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let mine = my_survey(&state, caller, id.into_inner()).await?;
    respond::ok(&req, &mine)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OptionCount {
    pub option: String,
    pub count: u64,
}

/// The figures of one question.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionResults {
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// How many responses answer it.
    pub answered: u64,
    /// Scale: the mean, rounded to 2 decimals; null without answers and for other kinds.
    pub mean: Option<f64>,
    /// Scale: how many answered 1, 2, 3, 4 and 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Vec<u64>>,
    /// Choice: each option with its count, in the question's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<OptionCount>>,
    /// Text: the answers, alphabetically (not in the order they came in), without names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<String>>,
}

/// The survey's results: anonymous, nothing says who answered what.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyResults {
    pub event_id: Uuid,
    /// Responses received.
    pub responses: u64,
    /// Attendees invited to answer: the contact people of the active registrations.
    pub invited: u64,
    pub questions: Vec<QuestionResults>,
}

formats!(
    /// What `GET /events/{id}/survey/results` serves.
    SurveyResultsFormat { Json, Csv }
);

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SurveyResultsQuery {
    /// `json` or `csv`; overrides the Accept header. Clients that want the file can call
    /// `results.csv`.
    pub format: Option<SurveyResultsFormat>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

/// The results for those who run the day, as JSON or CSV (`Accept: text/csv` or
/// `format=csv`): per scale question the count, mean and distribution 1–5, per choice
/// question the count per option, per text question the answers. Anonymous: the service
/// keeps who answered only to refuse a second answer, never with the answers.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "Event id"), SurveyResultsQuery),
    responses(
        (status = 200, description = "The results", headers(("ETag" = String)), content(
            (SurveyResults = "application/json"),
            (String = "text/csv", example = "question,kind,prompt,answer,count,mean\r\noverall,scale,How useful was the day?,1,0,4.50\r\n…"),
        )),
        (status = 403, description = "Not one of those who run the day"),
        (status = 406, description = "Neither JSON nor CSV is acceptable"),
    )
)]
#[get("/events/{id}/survey/results")]
pub async fn get_survey_results(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<SurveyResultsQuery>,
) -> AppResult<HttpResponse> {
    let format = negotiate(&req, query.0.format, SurveyResultsFormat::OFFERED)?;
    let found = surveys::results(&state.db, caller, id.into_inner()).await?;
    if format == Format::Csv {
        let table = crate::export::survey::table(&found.results);
        let sheet = Sheet::Csv(query.0.dialect.unwrap_or_default());
        return files::table(&req, sheet, "survey-results", table).await;
    }
    let results = SurveyResults {
        event_id: found.event_id,
        responses: found.results.responses,
        invited: found.invited,
        questions: found
            .results
            .questions
            .into_iter()
            .map(|q| {
                let kind = q.question.kind;
                QuestionResults {
                    key: q.question.key,
                    kind,
                    prompt: q.question.prompt,
                    answered: q.answered,
                    mean: q.mean,
                    distribution: q.distribution.map(|d| d.to_vec()),
                    options: (kind == QuestionKind::Choice).then(|| {
                        q.options
                            .into_iter()
                            .map(|(option, count)| OptionCount { option, count })
                            .collect()
                    }),
                    answers: (kind == QuestionKind::Text).then_some(q.texts),
                }
            })
            .collect(),
    };
    respond::ok(&req, &results)
}

/// The results as CSV, with the access of `GET /events/{id}/survey/results`: one row per
/// counted answer (a scale question's values 1 to 5 with the question's mean, a choice
/// question's options, each text answer). Anonymous like the JSON.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "Event id"), CsvQuery),
    responses(
        (status = 200, description = "The results", headers(("ETag" = String)), content(
            (String = "text/csv", example = "question,kind,prompt,answer,count,mean\r\noverall,scale,How useful was the day?,1,0,4.50\r\n…"),
        )),
        (status = 403, description = "Not one of those who run the day"),
    )
)]
#[get("/events/{id}/survey/results.csv")]
pub async fn get_survey_results_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CsvQuery>,
) -> AppResult<HttpResponse> {
    let found = surveys::results(&state.db, caller, id.into_inner()).await?;
    let table = crate::export::survey::table(&found.results);
    let sheet = Sheet::Csv(query.0.dialect.unwrap_or_default());
    files::table(&req, sheet, "survey-results", table).await
}
