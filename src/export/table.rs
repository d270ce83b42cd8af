//! The one table model of the tabular exports: columns and typed cells, rendered as CSV (either
//! dialect) or as an Excel workbook (.xlsx). Each export builds its rows once, here, so the
//! columns and their order cannot drift between the formats.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::csv_text;
use super::dialect::Dialect;

/// One cell, typed by what it holds rather than by how a format writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text a person typed: guarded against formulas in CSV, a string cell in xlsx.
    Text(String),
    /// Text the service writes or validates (ids, codes, HS codes, months, timestamps, enum
    /// names, phone numbers): written as it is in CSV, and as a string in xlsx, so that `01`,
    /// `2017-01` or `+41 41 610 00 00` are never read as numbers or dates.
    Code(String),
    /// A whole number.
    Int(i64),
    /// A decimal number, as the exact text of the JSON answer (a point, no thousands
    /// separators): with the dialect's decimal mark in CSV, a number in xlsx.
    Decimal(String),
    Bool(bool),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn code(value: impl ToString) -> Cell {
        Cell::Code(value.to_string())
    }

    /// A code, or an empty cell for `None`.
    pub fn opt_code<T: std::fmt::Display>(value: &Option<T>) -> Cell {
        value
            .as_ref()
            .map_or(Cell::Empty, |v| Cell::Code(v.to_string()))
    }

    /// A decimal, or an empty cell for `None`.
    pub fn opt_decimal<T: ToString>(value: &Option<T>) -> Cell {
        value
            .as_ref()
            .map_or(Cell::Empty, |v| Cell::Decimal(v.to_string()))
    }

    pub fn int(value: impl TryInto<i64>) -> Cell {
        value.try_into().map_or(Cell::Empty, Cell::Int)
    }

    /// The cell as one CSV field in `dialect`.
    fn csv(&self, dialect: Dialect) -> Cow<'_, str> {
        match self {
            Cell::Text(s) => csv_text(s),
            Cell::Code(s) => Cow::Borrowed(s),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Decimal(s) => Cow::Owned(dialect.decimal(s.clone())),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Empty => Cow::Borrowed(""),
        }
    }

    /// Characters a column needs to show the cell, for the column widths.
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) | Cell::Code(s) | Cell::Decimal(s) => {
                s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
            }
            Cell::Int(n) => n.to_string().len(),
            Cell::Bool(_) => 5,
            Cell::Empty => 0,
        }
    }
}

/// A table: the header row's names and one `Vec<Cell>` per row, as long as the header.
#[derive(Debug, Clone)]
pub struct Table {
    /// The worksheet's name in xlsx (at most 31 characters, none of `[]:*?/\`).
    pub sheet: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

/// The header row alone, with the file's start (a byte-order mark for Excel): the first part
/// of a CSV file sent in parts.
pub fn csv_header(columns: &[&str], dialect: Dialect) -> Vec<u8> {
    super::dialect::document(dialect, |w| w.row(columns))
}

/// Rows without header, for a CSV file sent in parts.
pub fn csv_rows(rows: &[Vec<Cell>], dialect: Dialect) -> Vec<u8> {
    let mut w = dialect.writer();
    for row in rows {
        let fields: Vec<Cow<'_, str>> = row.iter().map(|c| c.csv(dialect)).collect();
        w.row(fields.iter().map(|f| f.as_bytes()));
    }
    w.finish()
}

impl Table {
    /// The whole CSV file: the dialect's start, the header row, the rows.
    pub fn csv(&self, dialect: Dialect) -> Vec<u8> {
        [
            csv_header(self.columns, dialect),
            csv_rows(&self.rows, dialect),
        ]
        .concat()
    }

    /// The table as an Excel workbook of one worksheet: a bold header row that stays in view
    /// (frozen) with a filter on every column, widths that fit the content (within bounds),
    /// text as string cells (never formulas: `=HYPERLINK(…)` is shown, not run), numbers as
    /// numbers.
    pub fn xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(self.sheet)?;
        let bold = Format::new().set_bold();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for (col, name) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *name, &bold)?;
        }
        for (i, row) in self.rows.iter().enumerate() {
            debug_assert_eq!(row.len(), self.columns.len(), "a cell per column");
            let r = i as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                if let Some(w) = widths.get_mut(col) {
                    *w = (*w).max(cell.width());
                }
                match cell {
                    Cell::Text(s) | Cell::Code(s) => {
                        let s = sheet_text(s);
                        if !s.is_empty() {
                            sheet.write_string(r, c, s.as_ref())?;
                        }
                    }
                    Cell::Int(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Decimal(s) => match s.parse::<f64>() {
                        Ok(n) if n.is_finite() => {
                            sheet.write_number(r, c, n)?;
                        }
                        _ => {
                            sheet.write_string(r, c, sheet_text(s).as_ref())?;
                        }
                    },
                    Cell::Bool(b) => {
                        sheet.write_boolean(r, c, *b)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (col, w) in widths.iter().enumerate() {
            // Room for the filter button; long texts wrap in the cell instead of widening
            // the column past what a screen shows.
            sheet.set_column_width(col as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_row = self.rows.len() as u32;
        let last_col = self.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, last_row, last_col)?;
        book.save_to_buffer()
    }
}

/// Most characters a cell holds in Excel.
const CELL_LIMIT: usize = 32_767;

/// Text as a worksheet cell shows it: line breaks as `\n` (what Excel writes for Alt+Enter),
/// no other control characters (XML 1.0 cannot carry most of them, and Excel shows none),
/// nor the non-characters U+FFFE/U+FFFF; cut at Excel's limit per cell.
pub fn sheet_text(value: &str) -> Cow<'_, str> {
    let clean =
        |c: char| !(c.is_control() && c != '\n' && c != '\t') && c != '\u{FFFE}' && c != '\u{FFFF}';
    if value.chars().all(clean) && value.len() <= CELL_LIMIT {
        return Cow::Borrowed(value);
    }
    let unified = value.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(
        unified
            .chars()
            .filter(|c| clean(*c))
            .take(CELL_LIMIT)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            sheet: "Figures",
            columns: &["name", "hs_code", "count", "mean", "ok", "note"],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"http://x\")"),
                    Cell::code("01"),
                    Cell::Int(-3),
                    Cell::Decimal("4.50".into()),
                    Cell::Bool(true),
                    Cell::Empty,
                ],
                vec![
                    Cell::text("Jürg; \"D’Andrea\""),
                    Cell::code("2017-01"),
                    Cell::int(7u64),
                    Cell::opt_decimal::<String>(&None),
                    Cell::Bool(false),
                    Cell::text("a\r\nb"),
                ],
            ],
        }
    }

    #[test]
    fn csv_guards_text_keeps_codes_and_writes_decimals_in_the_dialect() {
        let t = table();
        assert_eq!(
            String::from_utf8(t.csv(Dialect::Rfc4180)).unwrap(),
            "name,hs_code,count,mean,ok,note\r\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",01,-3,4.50,true,\r\n\
             \"Jürg; \"\"D’Andrea\"\"\",2017-01,7,,false,\"a\r\nb\"\r\n"
        );
        let excel = t.csv(Dialect::Excel);
        assert!(excel.starts_with(b"\xEF\xBB\xBF"));
        assert!(
            String::from_utf8_lossy(&excel).contains(";01;-3;4,50;true;"),
            "{}",
            String::from_utf8_lossy(&excel)
        );
    }

    #[test]
    fn csv_in_parts_is_the_whole_file() {
        let t = table();
        let parts = [
            csv_header(t.columns, Dialect::Excel),
            csv_rows(&t.rows[..1], Dialect::Excel),
            csv_rows(&t.rows[1..], Dialect::Excel),
        ]
        .concat();
        assert_eq!(parts, t.csv(Dialect::Excel));
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = table().xlsx().unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
    }

    #[test]
    fn sheet_text_drops_control_characters_and_unifies_line_breaks() {
        assert_eq!(sheet_text("plain"), "plain");
        assert!(matches!(sheet_text("plain"), Cow::Borrowed(_)));
        assert_eq!(sheet_text("a\u{0}b\u{7}c\u{1b}[0m"), "abc[0m");
        assert_eq!(sheet_text("a\r\nb\rc\nd\te"), "a\nb\nc\nd\te");
        assert_eq!(sheet_text("x\u{FFFE}\u{FFFF}\u{85}y"), "xy");
        assert_eq!(sheet_text(&"é".repeat(40_000)).chars().count(), CELL_LIMIT);
    }
}
