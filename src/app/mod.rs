//! Use cases: one function per operation of the service, free of HTTP. Each takes one
//! database checkout (through [`tx`]), calls the domain's rules and authorisation, and
//! stores through `crate::store`. The HTTP layer, the demo data and the generator call these.

pub mod audit;
pub mod gdpr;
pub mod removal;
pub mod suggest_index;
pub mod sync;
pub mod tx;
pub mod edit;
pub mod members;
