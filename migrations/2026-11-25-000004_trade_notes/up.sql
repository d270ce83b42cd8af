-- Trade-statistics notes: figures copied from reports, the clusters they speak for and the
-- events they support. Only raw figures are stored; changes, ratios and shares are computed
-- on every read, so a corrected rule corrects every note at once.

CREATE TABLE trade_notes (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    narrative        TEXT NOT NULL,
    source_publisher TEXT NOT NULL,
    source_url       TEXT,
    source_date      DATE,
    language         TEXT NOT NULL,
    status           TEXT NOT NULL,
    -- Kept when the account goes, like partnership_requests.created_by; NULL for demo data.
    author_user_id   TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX trade_notes_status ON trade_notes (status, id);

-- A cluster with notes cannot be deleted (409), so no note loses the cluster it speaks for.
CREATE TABLE trade_note_clusters (
    note_id    TEXT NOT NULL REFERENCES trade_notes (id) ON DELETE CASCADE,
    cluster_id TEXT NOT NULL REFERENCES clusters (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (note_id, cluster_id)
);
CREATE INDEX trade_note_clusters_cluster ON trade_note_clusters (cluster_id);

-- Only draft events can be deleted: a day that never happened supports nothing.
CREATE TABLE trade_note_events (
    note_id  TEXT NOT NULL REFERENCES trade_notes (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (note_id, event_id)
);
CREATE INDEX trade_note_events_event ON trade_note_events (event_id);

CREATE TABLE trade_figures (
    id                      TEXT PRIMARY KEY,
    note_id                 TEXT NOT NULL REFERENCES trade_notes (id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    reporter_area           TEXT NOT NULL,
    reporter_area_name      TEXT,
    partner_area            TEXT NOT NULL,
    partner_area_name       TEXT,
    product                 TEXT NOT NULL,
    -- The product folded (lower case, no accents, single spaces), for filters and series.
    product_key             TEXT NOT NULL,
    hs_code                 TEXT,
    flow                    TEXT NOT NULL,
    -- Months as 'YYYY-MM': text order is time order.
    period_start            TEXT NOT NULL,
    period_end              TEXT NOT NULL,
    comparison_period_start TEXT,
    comparison_period_end   TEXT,
    -- Exact decimals as canonical strings (never floating point), in `scale`; the comparison
    -- value in `comparison_scale`.
    value                   TEXT NOT NULL,
    comparison_value        TEXT,
    currency                TEXT NOT NULL,
    scale                   TEXT NOT NULL,
    comparison_scale        TEXT NOT NULL,
    stated_change_pct       TEXT,
    total_value             TEXT
);
CREATE INDEX trade_figures_note ON trade_figures (note_id, position);
CREATE INDEX trade_figures_reporter ON trade_figures (reporter_area, partner_area);
CREATE INDEX trade_figures_partner ON trade_figures (partner_area, reporter_area);
