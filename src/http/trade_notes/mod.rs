//! `/trade-notes`: trade-statistics notes — raw figures with their units and periods, from
//! which the service computes changes, ratios and shares itself — with filters, a time
//! series per area pair, product and flow, and a CSV export of the figures.

/// A query of the trade-note lists and files: its own fields, then the filters all of them
/// take (those of [`crate::app::trade_notes::FilterParams`]), with `filters()`.
macro_rules! with_trade_filters {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$fattr:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$attr])*
        #[derive(Debug, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($(#[$fattr])* pub $field: $ty,)*
            /// Only notes linked to this cluster (of figures: their notes).
            pub cluster_id: Option<uuid::Uuid>,
            /// Only notes supporting this event (of figures: their notes).
            pub event_id: Option<uuid::Uuid>,
            /// Only notes with this status (of figures: their notes).
            pub status: Option<crate::domain::trade::NoteStatus>,
            /// With a figure between this area and `partner_area`, in either direction (alone:
            /// on either side).
            #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "IT-25")]
            pub reporter_area: Option<String>,
            #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "CH")]
            pub partner_area: Option<String>,
            /// Product label, without regard to case or accents.
            pub product: Option<String>,
            /// HS code or its prefix: `88` also finds `8802`.
            #[param(pattern = "^[0-9]{2}([0-9]{2}){0,2}$")]
            pub hs_code: Option<String>,
            pub flow: Option<crate::domain::trade::Flow>,
            /// Figures whose period ends in or after this month.
            #[param(value_type = Option<String>, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-01")]
            pub from: Option<crate::domain::trade::Month>,
            /// Figures whose period starts in or before this month.
            #[param(value_type = Option<String>, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-12")]
            pub to: Option<crate::domain::trade::Month>,
        }

        impl $name {
            /// The filters, apart from the query's own fields.
            pub fn filters(&self) -> crate::app::trade_notes::FilterParams {
                crate::app::trade_notes::FilterParams {
                    reporter_area: self.reporter_area.clone(),
                    partner_area: self.partner_area.clone(),
                    product: self.product.clone(),
                    hs_code: self.hs_code.clone(),
                    flow: self.flow,
                    from: self.from,
                    to: self.to,
                    cluster_id: self.cluster_id,
                    event_id: self.event_id,
                    status: self.status,
                }
            }
        }
    };
}
pub(crate) use with_trade_filters;

mod figures;
mod notes;
mod series;
mod wire;

pub use figures::*;
pub use notes::*;
pub use series::*;
pub use wire::*;
