//! Authentication: password hashing ([`password`]) and access and refresh tokens ([`jwt`]).
//! Free of HTTP: turning an `Authorization: Bearer …` header into a `Principal` is the HTTP
//! layer's extractor.

pub mod jwt;
pub mod password;
