-- Self-service: an employee asks HR to correct a field of their own record.
CREATE TABLE correction_requests (
    id              BIGSERIAL PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES people(id),
    requested_by    BIGINT NOT NULL REFERENCES users(id),
    field           TEXT NOT NULL,
    current_value   TEXT NOT NULL,
    requested_value TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    -- 'pending', 'approved', 'rejected'
    status          TEXT NOT NULL DEFAULT 'pending',
    reason          TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    decided_at      BIGINT,
    decided_by      TEXT
);
CREATE INDEX correction_requests_person ON correction_requests(person_id);
CREATE INDEX correction_requests_status ON correction_requests(status);
