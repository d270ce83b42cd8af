DROP TABLE refresh_tokens;
DROP TABLE role_grants;
DROP TABLE contacts;
DROP TABLE members;
DROP TABLE clusters;
DROP TABLE users;
DROP TABLE settings;
