//! The Nidwalden day's survey: four questions and the answers of six entrepreneurs, stored
//! as an answer through the API would be (checked by the same rules), anonymous.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use uuid::Uuid;

use super::Seeder;
use crate::domain::survey::{self, QuestionInput, QuestionKind};
use crate::error::{AppError, AppResult};
use crate::store;

pub(super) fn seed(s: &mut Seeder, event_id: Uuid) -> AppResult<()> {
    let question = |key: &str, kind, prompt: &str, options: &[&str], required| QuestionInput {
        key: Some(key.into()),
        kind,
        prompt: prompt.into(),
        options: options.iter().map(|o| o.to_string()).collect(),
        required,
    };
    let questions = survey::questions(vec![
        question(
            "overall",
            QuestionKind::Scale,
            "How useful was the day for your company?",
            &[],
            true,
        ),
        question(
            "pitches",
            QuestionKind::Scale,
            "How useful were the three-minute pitches?",
            &[],
            true,
        ),
        question(
            "again",
            QuestionKind::Choice,
            "Would you take part in the next Cluster2Cluster day?",
            &["yes", "maybe", "no"],
            true,
        ),
        question(
            "remarks",
            QuestionKind::Text,
            "What should the next day do differently?",
            &[],
            false,
        ),
    ])
    .map_err(AppError::Validation)?;
    store::survey::put_questions(s.conn, event_id, &questions)?;
    let answers = [
        json!({"overall": 5, "pitches": 4, "again": "yes", "remarks": "More time for the B2B tables"}),
        json!({"overall": 4, "pitches": 5, "again": "yes"}),
        json!({"overall": 5, "pitches": 4, "again": "yes", "remarks": "A visit to a Swiss company's plant"}),
        json!({"overall": 4, "pitches": 3, "again": "maybe"}),
        json!({"overall": 3, "pitches": 4, "again": "yes", "remarks": "Pitch cards in English and Italian"}),
        json!({"overall": 5, "pitches": 5, "again": "yes"}),
    ];
    // The first entrepreneurs of the day answered.
    let respondents: Vec<Uuid> = s
        .companies
        .iter()
        .filter_map(|c| c.contacts.first().copied())
        .take(answers.len())
        .collect();
    for (contact, given) in respondents.into_iter().zip(answers) {
        let given: BTreeMap<String, Value> =
            serde_json::from_value(given).map_err(AppError::internal)?;
        let checked = survey::answers(&questions, &given).map_err(AppError::Validation)?;
        store::survey::record_response(s.conn, event_id, contact, &checked)?;
    }
    Ok(())
}
