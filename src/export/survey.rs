//! Survey results as a table (CSV): RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per counted answer — a scale question's values 1 to 5 (with the question's mean on each),
//! a choice question's options, and each text answer (count 1). Anonymous like the JSON.

use super::dialect::Dialect;
use super::table::{Cell, Table};
use crate::domain::survey::{QuestionKind, Results};

pub const HEADER: [&str; 6] = ["question", "kind", "prompt", "answer", "count", "mean"];

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Scale => "scale",
        QuestionKind::Choice => "choice",
        QuestionKind::Text => "text",
    }
}

/// The results as a table.
pub fn table(results: &Results) -> Table {
    let mut rows = Vec::new();
    for q in &results.questions {
        let question = &q.question;
        let kind = kind_name(question.kind);
        let mut row = |answer: String, count: u64, mean: Cell| {
            // Keys are lower-case letters, digits and `_`; prompts, options and answers are
            // text people typed.
            rows.push(vec![
                Cell::code(&question.key),
                Cell::code(kind),
                Cell::text(&question.prompt),
                Cell::Text(answer),
                Cell::int(count),
                mean,
            ]);
        };
        match question.kind {
            QuestionKind::Scale => {
                let mean = q
                    .mean
                    .map_or(Cell::Empty, |m| Cell::Decimal(format!("{m:.2}")));
                for (i, n) in q.distribution.unwrap_or_default().iter().enumerate() {
                    row((i + 1).to_string(), *n, mean.clone());
                }
            }
            QuestionKind::Choice => {
                for (option, n) in &q.options {
                    row(option.clone(), *n, Cell::Empty);
                }
            }
            QuestionKind::Text => {
                for text in &q.texts {
                    row(text.clone(), 1, Cell::Empty);
                }
            }
        }
    }
    Table {
        sheet: "Survey results",
        columns: &HEADER,
        rows,
    }
}

/// The whole file, header included.
pub fn results(results: &Results, dialect: Dialect) -> Vec<u8> {
    table(results).csv(dialect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::{Question, aggregate};
    use std::collections::BTreeMap;

    #[test]
    fn rows_per_value_option_and_text_escaped() {
        let questions = vec![
            Question {
                key: "overall".into(),
                kind: QuestionKind::Scale,
                prompt: "How, overall?".into(),
                options: vec![],
                required: true,
            },
            Question {
                key: "remarks".into(),
                kind: QuestionKind::Text,
                prompt: "Remarks".into(),
                options: vec![],
                required: false,
            },
        ];
        let response: BTreeMap<String, serde_json::Value> = serde_json::from_value(
            serde_json::json!({"overall": 4, "remarks": "=HYPERLINK(\"x\"), \"quoted\"\nline"}),
        )
        .unwrap();
        let text = String::from_utf8(results(
            &aggregate(&questions, &[response]),
            Dialect::Rfc4180,
        ))
        .unwrap();
        assert!(text.starts_with("question,kind,prompt,answer,count,mean\r\n"));
        assert!(text.contains("overall,scale,\"How, overall?\",4,1,4.00\r\n"));
        assert!(text.contains(
            "remarks,text,Remarks,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\",1,\r\n"
        ));
        assert_eq!(text.matches("\r\n").count(), 7);
    }
}
