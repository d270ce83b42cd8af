//! Lists and small documents kept as JSON in TEXT columns (both backends store them the same
//! way).

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Error, StoreResult};

/// The JSON text to store for `value`.
pub fn to_json_text<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(Error::internal)
}

/// A value read back from the JSON text of a column; text that does not parse is a broken row.
pub fn from_json_text<T: DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| Error::internal(format!("stored JSON: {e}")))
}
