//! Post-event surveys: the rules of the questions, what a valid answer is, when answers are
//! taken, and the figures the organisers read (anonymous: counts, means, texts).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::FieldError;
use super::event::EventStatus;

pub const MAX_QUESTIONS: usize = 20;
pub const MAX_PROMPT: usize = 500;
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 10;
pub const MAX_OPTION: usize = 200;
pub const MAX_TEXT_ANSWER: usize = 2000;
pub const MAX_KEY: usize = 40;
/// A scale question is answered with 1 to this.
pub const SCALE_MAX: i64 = 5;
/// Answers are taken from the start of the event until this many days after its end.
pub const ANSWER_DAYS_AFTER_END: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// 1 (worst) to 5 (best).
    Scale,
    /// One of the question's options.
    Choice,
    /// Free text.
    Text,
}

/// A question as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    pub required: bool,
}

/// A question as the organisers write it: without a key it gets `q<position>` (from 1).
#[derive(Debug, Clone)]
pub struct QuestionInput {
    pub key: Option<String>,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    pub required: bool,
}

fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= MAX_KEY
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The questions to store, or every rule they break (`questions[i].field`). Lengths and the
/// number of questions are checked by the input type already; here: keys, and which kinds
/// have options.
pub fn questions(input: Vec<QuestionInput>) -> Result<Vec<Question>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if input.is_empty() || input.len() > MAX_QUESTIONS {
        errors.push(FieldError::new(
            "questions",
            format!("must have between 1 and {MAX_QUESTIONS} questions"),
        ));
    }
    let mut out: Vec<Question> = Vec::with_capacity(input.len());
    for (i, q) in input.into_iter().enumerate() {
        let at = |field: &str| format!("questions[{i}].{field}");
        let key = q.key.unwrap_or_else(|| format!("q{}", i + 1));
        if !valid_key(&key) {
            errors.push(FieldError::new(
                at("key"),
                format!(
                    "must start with a lower-case letter and have at most {MAX_KEY} lower-case letters, digits or _"
                ),
            ));
        } else if out.iter().any(|o| o.key == key) {
            errors.push(FieldError::new(
                at("key"),
                "is the key of an earlier question",
            ));
        }
        let options: Vec<String> = q.options.iter().map(|o| o.trim().to_owned()).collect();
        match q.kind {
            QuestionKind::Choice => {
                if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
                    errors.push(FieldError::new(
                        at("options"),
                        format!("a choice needs between {MIN_OPTIONS} and {MAX_OPTIONS} options"),
                    ));
                }
                let mut seen: Vec<&str> = Vec::new();
                for (j, o) in options.iter().enumerate() {
                    if seen.contains(&o.as_str()) {
                        errors.push(FieldError::new(
                            format!("questions[{i}].options[{j}]"),
                            "repeats an earlier option",
                        ));
                    }
                    seen.push(o);
                }
            }
            QuestionKind::Scale | QuestionKind::Text => {
                if !options.is_empty() {
                    errors.push(FieldError::new(
                        at("options"),
                        "only choice questions have options",
                    ));
                }
            }
        }
        out.push(Question {
            key,
            kind: q.kind,
            prompt: q.prompt.trim().to_owned(),
            options,
            required: q.required,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The answers to store (one JSON value per answered question: a number for a scale, the
/// option for a choice, the trimmed text), or every rule they break (`answers.<key>`): each
/// answer fits its question, required questions are answered, unknown keys are refused.
pub fn answers(
    questions: &[Question],
    given: &BTreeMap<String, Value>,
) -> Result<BTreeMap<String, Value>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = BTreeMap::new();
    for q in questions {
        let field = format!("answers.{}", q.key);
        let value = given.get(&q.key).filter(|v| !v.is_null());
        let Some(value) = value else {
            if q.required {
                errors.push(FieldError::new(field, "is required"));
            }
            continue;
        };
        let checked = match q.kind {
            QuestionKind::Scale => match value.as_i64() {
                Some(n) if (1..=SCALE_MAX).contains(&n) => Ok(Value::from(n)),
                _ => Err(format!("must be a whole number from 1 to {SCALE_MAX}")),
            },
            QuestionKind::Choice => match value.as_str() {
                Some(s) if q.options.iter().any(|o| o == s.trim()) => {
                    Ok(Value::from(s.trim().to_owned()))
                }
                _ => Err(format!("must be one of: {}", q.options.join(", "))),
            },
            QuestionKind::Text => match value.as_str().map(str::trim) {
                Some("") => Err("must not be blank (leave it out instead)".to_owned()),
                Some(s) if s.chars().count() > MAX_TEXT_ANSWER => {
                    Err(format!("must have at most {MAX_TEXT_ANSWER} characters"))
                }
                Some(s) => Ok(Value::from(s.to_owned())),
                None => Err("must be text".to_owned()),
            },
        };
        match checked {
            Ok(v) => {
                out.insert(q.key.clone(), v);
            }
            Err(message) => errors.push(FieldError::new(field, message)),
        }
    }
    for key in given.keys() {
        if !questions.iter().any(|q| &q.key == key) {
            errors.push(FieldError::new(
                format!("answers.{key}"),
                "is no question of this survey",
            ));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// When answers are taken: from the event's start until [`ANSWER_DAYS_AFTER_END`] days after
/// its end.
pub fn window(starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    (starts_at, ends_at + Duration::days(ANSWER_DAYS_AFTER_END))
}

/// Why the survey takes no answers now, if it does not.
pub fn answering_closed_reason(
    status: EventStatus,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    now: DateTime<Utc>,
) -> Option<String> {
    let (opens, closes) = window(starts_at, ends_at);
    let now = now.naive_utc();
    match status {
        EventStatus::Draft => Some("the event is not published".into()),
        EventStatus::Cancelled => Some("the event is cancelled".into()),
        _ if now < opens => Some(format!(
            "answers are taken from the start of the event, {}Z",
            opens.format("%Y-%m-%dT%H:%M:%S")
        )),
        _ if now > closes => Some(format!(
            "answers were taken until {}Z, {ANSWER_DAYS_AFTER_END} days after the event",
            closes.format("%Y-%m-%dT%H:%M:%S")
        )),
        _ => None,
    }
}

/// What the organisers read of one question. Nothing in it says who answered.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    pub question: Question,
    /// How many responses answer it.
    pub answered: u64,
    /// Scale: the mean, rounded to 2 decimals; `None` without answers.
    pub mean: Option<f64>,
    /// Scale: how many answered 1, 2, 3, 4, 5.
    pub distribution: Option<[u64; 5]>,
    /// Choice: each option with its count, in the question's order.
    pub options: Vec<(String, u64)>,
    /// Text: the answers in alphabetical order (not the order they came in).
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub responses: u64,
    pub questions: Vec<QuestionResult>,
}

fn mean(sum: i64, count: u64) -> Option<f64> {
    (count > 0).then(|| ((sum as f64 / count as f64) * 100.0).round() / 100.0)
}

/// The figures of each question over all responses.
pub fn aggregate(questions: &[Question], responses: &[BTreeMap<String, Value>]) -> Results {
    let results = questions
        .iter()
        .map(|q| {
            let values: Vec<&Value> = responses.iter().filter_map(|r| r.get(&q.key)).collect();
            let mut result = QuestionResult {
                question: q.clone(),
                answered: values.len() as u64,
                mean: None,
                distribution: None,
                options: Vec::new(),
                texts: Vec::new(),
            };
            match q.kind {
                QuestionKind::Scale => {
                    let mut distribution = [0u64; 5];
                    let mut sum = 0;
                    for n in values.iter().filter_map(|v| v.as_i64()) {
                        if (1..=SCALE_MAX).contains(&n) {
                            distribution[(n - 1) as usize] += 1;
                            sum += n;
                        }
                    }
                    result.mean = mean(sum, distribution.iter().sum());
                    result.distribution = Some(distribution);
                }
                QuestionKind::Choice => {
                    result.options = q
                        .options
                        .iter()
                        .map(|o| {
                            let n = values.iter().filter(|v| v.as_str() == Some(o)).count();
                            (o.clone(), n as u64)
                        })
                        .collect();
                }
                QuestionKind::Text => {
                    let mut texts: Vec<String> = values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    texts.sort();
                    result.texts = texts;
                }
            }
            result
        })
        .collect();
    Results {
        responses: responses.len() as u64,
        questions: results,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(key: Option<&str>, kind: QuestionKind, options: &[&str]) -> QuestionInput {
        QuestionInput {
            key: key.map(Into::into),
            kind,
            prompt: " How was it? ".into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            required: true,
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn keys_default_to_the_position_and_options_fit_the_kind() {
        let qs = questions(vec![
            input(None, QuestionKind::Scale, &[]),
            input(Some("next"), QuestionKind::Choice, &["yes ", "no"]),
        ])
        .unwrap();
        assert_eq!(qs[0].key, "q1");
        assert_eq!(qs[0].prompt, "How was it?");
        assert_eq!(qs[1].options, ["yes", "no"]);
        let bad = questions(vec![
            input(Some("Q"), QuestionKind::Scale, &["x", "y"]),
            input(Some("a"), QuestionKind::Choice, &["x"]),
            input(Some("a"), QuestionKind::Choice, &["x", " x"]),
        ])
        .unwrap_err();
        assert_eq!(
            fields(bad),
            [
                "questions[0].key",
                "questions[0].options",
                "questions[1].options",
                "questions[2].key",
                "questions[2].options[1]"
            ]
        );
        assert_eq!(fields(questions(vec![]).unwrap_err()), ["questions"]);
    }

    fn survey() -> Vec<Question> {
        questions(vec![
            input(Some("overall"), QuestionKind::Scale, &[]),
            input(Some("again"), QuestionKind::Choice, &["yes", "no"]),
            QuestionInput {
                required: false,
                ..input(Some("remarks"), QuestionKind::Text, &[])
            },
        ])
        .unwrap()
    }

    fn given(v: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn answers_fit_their_questions() {
        let qs = survey();
        let ok = answers(
            &qs,
            &given(json!({"overall": 4, "again": "yes", "remarks": "  Good  "})),
        )
        .unwrap();
        assert_eq!(ok["remarks"], "Good");
        let ok = answers(
            &qs,
            &given(json!({"overall": 5, "again": "no", "remarks": null})),
        )
        .unwrap();
        assert!(!ok.contains_key("remarks"));
        let bad = answers(
            &qs,
            &given(json!({"overall": 6, "again": "maybe", "remarks": " ", "extra": 1})),
        )
        .unwrap_err();
        assert_eq!(
            fields(bad),
            [
                "answers.overall",
                "answers.again",
                "answers.remarks",
                "answers.extra"
            ]
        );
        for wrong in [json!(0), json!(2.5), json!("3"), json!(true)] {
            let bad = answers(&qs, &given(json!({"overall": wrong, "again": "yes"}))).unwrap_err();
            assert_eq!(fields(bad), ["answers.overall"]);
        }
        let missing = answers(&qs, &given(json!({}))).unwrap_err();
        assert_eq!(fields(missing), ["answers.overall", "answers.again"]);
    }

    #[test]
    fn answers_are_taken_from_the_start_until_thirty_days_after_the_end() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let (start, end) = (at("2030-05-14 07:00"), at("2030-05-14 15:30"));
        let now = |s: &str| at(s).and_utc();
        let reason = |status, s: &str| answering_closed_reason(status, start, end, now(s));
        assert!(reason(EventStatus::Published, "2030-05-14 06:59").is_some());
        assert_eq!(reason(EventStatus::Published, "2030-05-14 07:00"), None);
        assert_eq!(reason(EventStatus::Closed, "2030-06-13 15:30"), None);
        assert!(reason(EventStatus::Closed, "2030-06-13 15:31").is_some());
        assert!(reason(EventStatus::Cancelled, "2030-05-14 08:00").is_some());
    }

    #[test]
    fn results_count_average_and_sort_texts() {
        let qs = survey();
        let responses = vec![
            given(json!({"overall": 5, "again": "yes", "remarks": "zeta"})),
            given(json!({"overall": 4, "again": "yes"})),
            given(json!({"overall": 4, "again": "no", "remarks": "alpha"})),
        ];
        let r = aggregate(&qs, &responses);
        assert_eq!(r.responses, 3);
        assert_eq!(r.questions[0].mean, Some(4.33));
        assert_eq!(r.questions[0].distribution, Some([0, 0, 0, 2, 1]));
        assert_eq!(
            r.questions[1].options,
            [("yes".to_owned(), 2), ("no".to_owned(), 1)]
        );
        assert_eq!(r.questions[2].answered, 2);
        assert_eq!(r.questions[2].texts, ["alpha", "zeta"]);
        let empty = aggregate(&qs, &[]);
        assert_eq!(empty.questions[0].mean, None);
        assert_eq!(empty.questions[0].distribution, Some([0; 5]));
    }
}
