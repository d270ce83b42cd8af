-- When a company's people last changed (added, edited, consent, deleted, erased): catalogue
-- pulls with updated_since find the company even when only its people changed.
ALTER TABLE members ADD COLUMN people_changed_at TIMESTAMP;
