//! Country (ISO 3166-1 alpha-2) and region (ISO 3166-2) codes.

use validator::ValidationError;

/// `CH`, `IT`, … — upper case, as ISO writes them.
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && rust_iso3166::from_alpha2(code).is_some()
}

/// `CH-NW` (Nidwalden), `IT-25` (Lombardy), `IT-VA` (Varese), …
pub fn is_region(code: &str) -> bool {
    code.len() <= 6 && rust_iso3166::iso3166_2::from_code(code).is_some()
}

/// `true` when `region` is a subdivision of `country` (`CH-NW` of `CH`).
pub fn region_in_country(region: &str, country: &str) -> bool {
    region.split_once('-').map(|(c, _)| c) == Some(country)
}

pub fn validate_country(code: &str) -> Result<(), ValidationError> {
    if is_country(code) {
        Ok(())
    } else {
        Err(ValidationError::new("country")
            .with_message("must be an ISO 3166-1 alpha-2 country code such as CH or IT".into()))
    }
}

pub fn validate_region(code: &str) -> Result<(), ValidationError> {
    if is_region(code) {
        Ok(())
    } else {
        Err(ValidationError::new("region")
            .with_message("must be an ISO 3166-2 subdivision code such as CH-NW or IT-25".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_of_the_article() {
        assert!(is_country("CH"));
        assert!(is_country("IT"));
        assert!(is_country("US"));
        assert!(!is_country("ch"));
        assert!(!is_country("XX"));
        assert!(!is_country("CHE"));
    }

    #[test]
    fn regions_of_the_article() {
        assert!(is_region("CH-NW"));
        assert!(is_region("IT-25"));
        assert!(is_region("IT-VA"));
        assert!(!is_region("CH-XX"));
        assert!(!is_region("Lombardia"));
        assert!(region_in_country("CH-NW", "CH"));
        assert!(!region_in_country("CH-NW", "IT"));
    }
}
