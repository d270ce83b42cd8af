//! Middlewares of the HTTP layer that take part in the use cases (the framework's own ones are
//! configured in `crate::build_app`).

pub mod audit;
pub mod language;
