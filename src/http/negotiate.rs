//! Choosing the representation of an answer from `format=` or the `Accept` header.
//!
//! `Format` is every representation the service writes; it is not in the contract. Each
//! operation that takes `format=` declares its own enum (`formats!`) listing only what it
//! serves, so that a generated client cannot ask for a format the operation does not have.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Vcf,
    Ics,
    Xlsx,
}

/// The media type of Excel workbooks (Office Open XML).
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Declares the `format=` enum of an operation: `formats!(AgendaFormat { Json, Ics });`, with
/// its doc comment for the contract. It converts into `Format` and lists what it offers
/// (`AgendaFormat::OFFERED`, the first being the default) for `negotiate`.
macro_rules! formats {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const OFFERED: &'static [$crate::http::negotiate::Format] =
                &[$($crate::http::negotiate::Format::$variant),+];
        }

        impl From<$name> for $crate::http::negotiate::Format {
            fn from(f: $name) -> Self {
                match f {
                    $($name::$variant => $crate::http::negotiate::Format::$variant),+
                }
            }
        }
    };
}
pub(crate) use formats;

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Vcf => "text/vcard; charset=utf-8",
            Format::Ics => "text/calendar; charset=utf-8",
            Format::Xlsx => XLSX,
        }
    }

    fn from_media_type(essence: &str) -> Option<Format> {
        match essence {
            "application/json" => Some(Format::Json),
            "text/csv" => Some(Format::Csv),
            "text/vcard" | "text/x-vcard" => Some(Format::Vcf),
            "text/calendar" => Some(Format::Ics),
            XLSX => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Vcf => "vcf",
            Format::Ics => "ics",
            Format::Xlsx => "xlsx",
        }
    }
}

/// `format=` wins; otherwise the `Accept` entry with the highest quality that `offered`
/// contains (the first offered for `*/*` or no header); 406 when nothing fits.
pub fn negotiate(
    req: &HttpRequest,
    format: Option<impl Into<Format>>,
    offered: &[Format],
) -> Result<Format, AppError> {
    let format = format.map(Into::into);
    let names = || {
        offered
            .iter()
            .map(|f| f.extension())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(f) = format {
        return if offered.contains(&f) {
            Ok(f)
        } else {
            Err(AppError::bad_field(
                "format",
                format!("must be one of {}", names()),
            ))
        };
    }
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(offered[0]);
    };
    let mut candidates: Vec<(f32, usize, Format)> = Vec::new();
    for (order, part) in accept.split(',').enumerate() {
        let mut pieces = part.split(';');
        let essence = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        let matched = match essence.as_str() {
            "*/*" | "application/*" | "" => Some(offered[0]),
            "text/*" => offered
                .iter()
                .copied()
                .find(|f| matches!(f, Format::Csv | Format::Vcf | Format::Ics)),
            other => Format::from_media_type(other).filter(|f| offered.contains(f)),
        };
        if let Some(f) = matched {
            candidates.push((q, order, f));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    candidates.first().map(|c| c.2).ok_or_else(|| {
        AppError::NotAcceptable(format!(
            "this resource is available as {}; use format= or a matching Accept header",
            offered
                .iter()
                .map(|f| f.media_type().split(';').next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}
