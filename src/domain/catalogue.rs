//! The contact catalogue: companies with their pitch card and the contact people who
//! consented to being shared. The consent rule lives here, in one place.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What a company says about itself in three minutes.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct Pitch {
    pub core_business: String,
    pub areas_of_interest: Vec<String>,
    pub partners_sought: Vec<String>,
    pub ongoing_projects: String,
}

impl Pitch {
    /// One paragraph, for formats without structure (vCard NOTE, iCalendar DESCRIPTION).
    pub fn as_text(&self) -> String {
        let mut parts = vec![self.core_business.clone()];
        if !self.areas_of_interest.is_empty() {
            parts.push(format!(
                "Areas of interest: {}",
                self.areas_of_interest.join(", ")
            ));
        }
        if !self.partners_sought.is_empty() {
            parts.push(format!(
                "Partners sought: {}",
                self.partners_sought.join(", ")
            ));
        }
        if !self.ongoing_projects.is_empty() {
            parts.push(format!("Ongoing projects: {}", self.ongoing_projects));
        }
        parts.join("\n")
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogueCompany {
    pub id: Uuid,
    pub legal_name: String,
    pub cluster_id: Uuid,
    pub cluster_name: String,
    pub country: String,
    pub city: String,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogueContact {
    pub id: Uuid,
    pub name: String,
    /// Given name(s) for address books and CRMs (null for a one-word name).
    pub given_name: Option<String>,
    /// Family name for address books and CRMs.
    pub family_name: Option<String>,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    /// For an event catalogue: whether this person attended, that is was checked in on the
    /// day (`false` for a registered company's people who were not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attended: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogueEntry {
    pub company: CatalogueCompany,
    /// The registration this entry comes from (event catalogues).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_id: Option<Uuid>,
    pub pitch: Pitch,
    /// Only people who gave `share_consent`.
    pub contacts: Vec<CatalogueContact>,
    /// Only on tombstones (pulls with `include_removed=true`): when the company left the
    /// catalogue (removed, or its registration cancelled). Remove it from your copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A contact person as the catalogue considers them.
pub struct Candidate {
    pub contact: CatalogueContact,
    pub share_consent: bool,
}

/// Keeps the people who consented to sharing; nobody else ever reaches a catalogue.
pub fn shareable(candidates: Vec<Candidate>) -> Vec<CatalogueContact> {
    candidates
        .into_iter()
        .filter(|c| c.share_consent)
        .map(|c| c.contact)
        .collect()
}
