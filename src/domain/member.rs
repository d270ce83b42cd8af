//! Member companies: size classes and the text a member is found by.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::fold;

/// Company size by the EU SME definition (Recommendation 2003/361/EC): micro < 10 staff,
/// small < 50, medium < 250, large otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    Micro,
    Small,
    Medium,
    Large,
}

impl SizeClass {
    pub fn as_str(self) -> &'static str {
        match self {
            SizeClass::Micro => "micro",
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    }

    pub fn parse(s: &str) -> Option<SizeClass> {
        match s {
            "micro" => Some(SizeClass::Micro),
            "small" => Some(SizeClass::Small),
            "medium" => Some(SizeClass::Medium),
            "large" => Some(SizeClass::Large),
            _ => None,
        }
    }

    /// The class a head count falls in (the EU definition also weighs turnover and balance
    /// sheet; head count is the criterion a cluster portal always has).
    pub fn from_headcount(staff: u32) -> SizeClass {
        match staff {
            0..=9 => SizeClass::Micro,
            10..=49 => SizeClass::Small,
            50..=249 => SizeClass::Medium,
            _ => SizeClass::Large,
        }
    }
}

/// The parts of a member profile that `q` searches, folded into one string.
pub struct SearchableProfile<'a> {
    pub legal_name: &'a str,
    pub city: &'a str,
    pub core_business: &'a str,
    pub areas_of_interest: &'a [String],
    pub areas_of_interest_notes: &'a str,
    pub partners_sought: &'a [String],
    pub partners_sought_notes: &'a str,
    pub ongoing_projects: &'a str,
}

impl SearchableProfile<'_> {
    pub fn search_text(&self) -> String {
        let mut parts: Vec<&str> = vec![self.legal_name, self.city, self.core_business];
        parts.extend(self.areas_of_interest.iter().map(String::as_str));
        parts.push(self.areas_of_interest_notes);
        parts.extend(self.partners_sought.iter().map(String::as_str));
        parts.push(self.partners_sought_notes);
        parts.push(self.ongoing_projects);
        fold(&parts.join("\n"))
    }
}

/// The company's web domain from its website, as CRMs key companies by it (HubSpot's
/// "Company Domain Name", Twenty's domain): the host in lower case (internationalised names
/// in their ASCII form), without a leading `www.`. None for no website, an address that does
/// not parse, or a bare IP address (no domain).
pub fn web_domain(website: &str) -> Option<String> {
    let url = url::Url::parse(website.trim()).ok()?;
    let host = match url.host()? {
        url::Host::Domain(d) => d.to_ascii_lowercase(),
        url::Host::Ipv4(_) | url::Host::Ipv6(_) => return None,
    };
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_domains_are_bare_lower_case_hosts() {
        assert_eq!(
            web_domain("https://www.Aviometal.IT/chi-siamo?x=1").as_deref(),
            Some("aviometal.it")
        );
        assert_eq!(
            web_domain("http://soliani.example:8080").as_deref(),
            Some("soliani.example")
        );
        assert_eq!(
            web_domain("https://shop.helvetic.example./").as_deref(),
            Some("shop.helvetic.example")
        );
        assert_eq!(
            web_domain("https://zürich-aero.example").as_deref(),
            Some("xn--zrich-aero-9db.example")
        );
        assert_eq!(web_domain("https://192.0.2.10/"), None);
        assert_eq!(web_domain("not a url"), None);
        assert_eq!(web_domain(""), None);
    }

    #[test]
    fn size_class_boundaries_follow_the_eu_definition() {
        assert_eq!(SizeClass::from_headcount(9), SizeClass::Micro);
        assert_eq!(SizeClass::from_headcount(10), SizeClass::Small);
        assert_eq!(SizeClass::from_headcount(49), SizeClass::Small);
        assert_eq!(SizeClass::from_headcount(50), SizeClass::Medium);
        assert_eq!(SizeClass::from_headcount(249), SizeClass::Medium);
        assert_eq!(SizeClass::from_headcount(250), SizeClass::Large);
        for c in [
            SizeClass::Micro,
            SizeClass::Small,
            SizeClass::Medium,
            SizeClass::Large,
        ] {
            assert_eq!(SizeClass::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn search_text_covers_name_business_and_tags() {
        let tags = vec!["Composite Structures".to_owned()];
        let text = SearchableProfile {
            legal_name: "Soliani Emc",
            city: "Zürich",
            core_business: "EMC testing",
            areas_of_interest: &tags,
            areas_of_interest_notes: "",
            partners_sought: &[],
            partners_sought_notes: "",
            ongoing_projects: "",
        }
        .search_text();
        assert!(text.contains("soliani emc"));
        assert!(text.contains("zurich"));
        assert!(text.contains("composite structures"));
    }
}

/// An office of the company outside its home (the article's Swiss partners with offices in the
/// United States and Spain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct Office {
    #[validate(custom(function = "super::geo::validate_country"))]
    #[schema(pattern = "^[A-Z]{2}$", example = "US")]
    pub country: String,
    #[serde(default)]
    #[validate(
        length(min = 1, max = 100),
        custom(function = "super::format::validate_single_line")
    )]
    #[schema(min_length = 1, max_length = 100, example = "Seattle")]
    pub city: Option<String>,
}
