//! The one CSV writer of every export, in either dialect: `rfc4180` (the default: `,`, CRLF,
//! quoting where needed, decimals with a point) or `excel` (what Excel set to an Italian,
//! Swiss, German or French locale opens as columns: a UTF-8 byte-order mark first, `;`,
//! CRLF, decimals with a comma). Only decimal numbers change with the dialect; numbers that
//! are text (ids, HS codes, months) are written as they are.

use serde::Deserialize;
use utoipa::ToSchema;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV dialect: `rfc4180` (default; `,` and decimal points) or `excel` (UTF-8 BOM, `;`
/// and decimal commas, for Excel in Italian, Swiss, German or French settings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    #[default]
    Rfc4180,
    Excel,
}

impl Dialect {
    /// A writer for one part of a file; the first part of a file starts with `start()`.
    pub fn writer(self) -> CsvWriter {
        let delimiter = match self {
            Dialect::Rfc4180 => b',',
            Dialect::Excel => b';',
        };
        CsvWriter(
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .delimiter(delimiter)
                .has_headers(false)
                .from_writer(Vec::new()),
        )
    }

    /// The bytes a file starts with: the UTF-8 byte-order mark for Excel, which otherwise
    /// reads the file in the machine's legacy code page (`D’Andrea` → `Dâ€™Andrea`).
    pub fn start(self) -> &'static [u8] {
        match self {
            Dialect::Rfc4180 => b"",
            Dialect::Excel => BOM,
        }
    }

    /// A decimal number (written with a point, as in JSON) in this dialect.
    pub fn decimal(self, number: String) -> String {
        match self {
            Dialect::Rfc4180 => number,
            Dialect::Excel => number.replace('.', ","),
        }
    }
}

pub struct CsvWriter(csv::Writer<Vec<u8>>);

impl CsvWriter {
    pub fn row<I, T>(&mut self, record: I)
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        // Writing to memory cannot fail.
        let _ = self.0.write_record(record);
    }

    pub fn finish(self) -> Vec<u8> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// A whole file: the dialect's start, then the rows `write` writes.
pub fn document(dialect: Dialect, write: impl FnOnce(&mut CsvWriter)) -> Vec<u8> {
    let mut w = dialect.writer();
    write(&mut w);
    [dialect.start(), &w.finish()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dialect: Dialect) -> Vec<u8> {
        document(dialect, |w| {
            w.row(["name", "mean", "hs_code"]);
            w.row(["D’Andrea; \"Jürg\"", &dialect.decimal("4.50".into()), "01"]);
        })
    }

    #[test]
    fn rfc4180_is_commas_and_points() {
        assert_eq!(
            String::from_utf8(file(Dialect::Rfc4180)).unwrap(),
            "name,mean,hs_code\r\n\"D’Andrea; \"\"Jürg\"\"\",4.50,01\r\n"
        );
    }

    #[test]
    fn excel_is_bom_semicolons_and_decimal_commas() {
        let bytes = file(Dialect::Excel);
        assert_eq!(&bytes[..3], BOM);
        assert_eq!(
            String::from_utf8(bytes[3..].to_vec()).unwrap(),
            "name;mean;hs_code\r\n\"D’Andrea; \"\"Jürg\"\"\";4,50;01\r\n"
        );
    }
}
