-- A workbook a person checked from a form (without the browser's code, or with it: the same path),
-- kept until they confirm the import or leave it: the confirmation then needs no second upload, and
-- the check's report is shown on the page the form came from. Rows go after an hour; an imported
-- one keeps its report (for the page) but not its bytes.
CREATE TABLE pending_uploads (
    token       TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    endpoint    TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    -- the form's other fields, JSON [[name, value], …]
    fields      TEXT NOT NULL,
    upsert      BIGINT NOT NULL DEFAULT 0,
    bytes       BLOB NOT NULL,
    -- the last report (model::ImportReport as JSON)
    report      TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX pending_uploads_created ON pending_uploads(created_at);
