//! Readiness: whether this instance reaches its database.
