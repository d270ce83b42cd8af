//! Choosing the representation of an answer from `format=` or the `Accept` header.

use actix_web::HttpRequest;
use actix_web::http::header;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Json,
    Csv,
    Vcf,
    Ics,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Vcf => "text/vcard; charset=utf-8",
            Format::Ics => "text/calendar; charset=utf-8",
        }
    }

    fn from_media_type(essence: &str) -> Option<Format> {
        match essence {
            "application/json" => Some(Format::Json),
            "text/csv" => Some(Format::Csv),
            "text/vcard" | "text/x-vcard" => Some(Format::Vcf),
            "text/calendar" => Some(Format::Ics),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Vcf => "vcf",
            Format::Ics => "ics",
        }
    }
}

/// `format=` wins; otherwise the `Accept` entry with the highest quality that `offered`
/// contains (the first offered for `*/*` or no header); 406 when nothing fits.
pub fn negotiate(
    req: &HttpRequest,
    format: Option<Format>,
    offered: &[Format],
) -> Result<Format, AppError> {
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
            "text/*" => offered.iter().copied().find(|f| *f != Format::Json),
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
