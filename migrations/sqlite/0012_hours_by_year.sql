-- Each person's 学时 per calendar year (China time), by source, so that the organisation-wide
-- completion and at-risk list read one row per person instead of every attendance line.
-- Kept by the triggers below on every write to the four sources; nothing in the application writes
-- it. Late arrivals are kept apart because whether they earn 学时 is a setting (late_earns_hours).
CREATE TABLE person_year_hours (
    person_id       BIGINT NOT NULL,
    year            BIGINT NOT NULL,
    present_tenths  BIGINT NOT NULL DEFAULT 0,
    late_tenths     BIGINT NOT NULL DEFAULT 0,
    external_tenths BIGINT NOT NULL DEFAULT 0,
    online_tenths   BIGINT NOT NULL DEFAULT 0,
    -- A year's rows together: the completion reads one year for everyone.
    PRIMARY KEY (year, person_id)
) WITHOUT ROWID;

-- The completion counts active people by unit and quota from this index alone.
CREATE INDEX people_quota ON people(status, unit_id, level, civil_rank, id);

-- Sessions attended (not cancelled), in the year of the session's start in China time.
CREATE TRIGGER pyh_attendance_insert AFTER INSERT ON lecture_attendance
WHEN NEW.status IN ('present', 'late')
BEGIN
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT NEW.person_id, CAST(strftime('%Y', (s.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
           CASE WHEN NEW.status = 'present' THEN s.hours_tenths ELSE 0 END,
           CASE WHEN NEW.status = 'late' THEN s.hours_tenths ELSE 0 END
    FROM lecture_sessions s WHERE s.id = NEW.session_id AND s.status <> 'cancelled'
    ON CONFLICT (person_id, year) DO UPDATE SET present_tenths = present_tenths + excluded.present_tenths,
        late_tenths = late_tenths + excluded.late_tenths;
END;

CREATE TRIGGER pyh_attendance_delete AFTER DELETE ON lecture_attendance
WHEN OLD.status IN ('present', 'late')
BEGIN
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT OLD.person_id, CAST(strftime('%Y', (s.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
           CASE WHEN OLD.status = 'present' THEN -s.hours_tenths ELSE 0 END,
           CASE WHEN OLD.status = 'late' THEN -s.hours_tenths ELSE 0 END
    FROM lecture_sessions s WHERE s.id = OLD.session_id AND s.status <> 'cancelled'
    ON CONFLICT (person_id, year) DO UPDATE SET present_tenths = present_tenths + excluded.present_tenths,
        late_tenths = late_tenths + excluded.late_tenths;
END;

CREATE TRIGGER pyh_attendance_update AFTER UPDATE ON lecture_attendance
WHEN OLD.status <> NEW.status OR OLD.person_id <> NEW.person_id OR OLD.session_id <> NEW.session_id
BEGIN
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT OLD.person_id, CAST(strftime('%Y', (s.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
           CASE WHEN OLD.status = 'present' THEN -s.hours_tenths ELSE 0 END,
           CASE WHEN OLD.status = 'late' THEN -s.hours_tenths ELSE 0 END
    FROM lecture_sessions s WHERE s.id = OLD.session_id AND s.status <> 'cancelled' AND OLD.status IN ('present', 'late')
    ON CONFLICT (person_id, year) DO UPDATE SET present_tenths = present_tenths + excluded.present_tenths,
        late_tenths = late_tenths + excluded.late_tenths;
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT NEW.person_id, CAST(strftime('%Y', (s.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
           CASE WHEN NEW.status = 'present' THEN s.hours_tenths ELSE 0 END,
           CASE WHEN NEW.status = 'late' THEN s.hours_tenths ELSE 0 END
    FROM lecture_sessions s WHERE s.id = NEW.session_id AND s.status <> 'cancelled' AND NEW.status IN ('present', 'late')
    ON CONFLICT (person_id, year) DO UPDATE SET present_tenths = present_tenths + excluded.present_tenths,
        late_tenths = late_tenths + excluded.late_tenths;
END;

-- A session's 学时, start or cancellation changed: take its attendees' hours off the old year and
-- put them on the new one.
CREATE TRIGGER pyh_session_update AFTER UPDATE ON lecture_sessions
WHEN OLD.hours_tenths <> NEW.hours_tenths OR OLD.starts_at <> NEW.starts_at
    OR (OLD.status = 'cancelled') <> (NEW.status = 'cancelled')
BEGIN
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT a.person_id, CAST(strftime('%Y', (OLD.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
           CASE WHEN a.status = 'present' THEN -OLD.hours_tenths ELSE 0 END,
           CASE WHEN a.status = 'late' THEN -OLD.hours_tenths ELSE 0 END
    FROM lecture_attendance a WHERE a.session_id = OLD.id AND OLD.status <> 'cancelled' AND a.status IN ('present', 'late')
    ON CONFLICT (person_id, year) DO UPDATE SET present_tenths = present_tenths + excluded.present_tenths,
        late_tenths = late_tenths + excluded.late_tenths;
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT a.person_id, CAST(strftime('%Y', (NEW.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
           CASE WHEN a.status = 'present' THEN NEW.hours_tenths ELSE 0 END,
           CASE WHEN a.status = 'late' THEN NEW.hours_tenths ELSE 0 END
    FROM lecture_attendance a WHERE a.session_id = NEW.id AND NEW.status <> 'cancelled' AND a.status IN ('present', 'late')
    ON CONFLICT (person_id, year) DO UPDATE SET present_tenths = present_tenths + excluded.present_tenths,
        late_tenths = late_tenths + excluded.late_tenths;
END;

-- Approved external training, in the year of its last day.
CREATE TRIGGER pyh_external_insert AFTER INSERT ON training_external
WHEN NEW.status = 'approved'
BEGIN
    INSERT INTO person_year_hours (person_id, year, external_tenths)
    VALUES (NEW.person_id, CAST(substr(NEW.end_date, 1, 4) AS INTEGER), NEW.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = external_tenths + excluded.external_tenths;
END;

CREATE TRIGGER pyh_external_delete AFTER DELETE ON training_external
WHEN OLD.status = 'approved'
BEGIN
    INSERT INTO person_year_hours (person_id, year, external_tenths)
    VALUES (OLD.person_id, CAST(substr(OLD.end_date, 1, 4) AS INTEGER), -OLD.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = external_tenths + excluded.external_tenths;
END;

CREATE TRIGGER pyh_external_update_old AFTER UPDATE ON training_external
WHEN OLD.status = 'approved'
BEGIN
    INSERT INTO person_year_hours (person_id, year, external_tenths)
    VALUES (OLD.person_id, CAST(substr(OLD.end_date, 1, 4) AS INTEGER), -OLD.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = external_tenths + excluded.external_tenths;
END;

CREATE TRIGGER pyh_external_update_new AFTER UPDATE ON training_external
WHEN NEW.status = 'approved'
BEGIN
    INSERT INTO person_year_hours (person_id, year, external_tenths)
    VALUES (NEW.person_id, CAST(substr(NEW.end_date, 1, 4) AS INTEGER), NEW.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = external_tenths + excluded.external_tenths;
END;

-- 网络学习, in the year it was learned.
CREATE TRIGGER pyh_online_insert AFTER INSERT ON training_online
BEGIN
    INSERT INTO person_year_hours (person_id, year, online_tenths)
    VALUES (NEW.person_id, CAST(substr(NEW.learned_on, 1, 4) AS INTEGER), NEW.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = online_tenths + excluded.online_tenths;
END;

CREATE TRIGGER pyh_online_delete AFTER DELETE ON training_online
BEGIN
    INSERT INTO person_year_hours (person_id, year, online_tenths)
    VALUES (OLD.person_id, CAST(substr(OLD.learned_on, 1, 4) AS INTEGER), -OLD.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = online_tenths + excluded.online_tenths;
END;

CREATE TRIGGER pyh_online_update AFTER UPDATE ON training_online
BEGIN
    INSERT INTO person_year_hours (person_id, year, online_tenths)
    VALUES (OLD.person_id, CAST(substr(OLD.learned_on, 1, 4) AS INTEGER), -OLD.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = online_tenths + excluded.online_tenths;
    INSERT INTO person_year_hours (person_id, year, online_tenths)
    VALUES (NEW.person_id, CAST(substr(NEW.learned_on, 1, 4) AS INTEGER), NEW.hours_tenths)
    ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = online_tenths + excluded.online_tenths;
END;

-- What is there already.
INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
SELECT a.person_id, CAST(strftime('%Y', (s.starts_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
       SUM(CASE WHEN a.status = 'present' THEN s.hours_tenths ELSE 0 END),
       SUM(CASE WHEN a.status = 'late' THEN s.hours_tenths ELSE 0 END)
FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id
WHERE s.status <> 'cancelled' AND a.status IN ('present', 'late')
GROUP BY 1, 2;

INSERT INTO person_year_hours (person_id, year, external_tenths)
SELECT person_id, CAST(substr(end_date, 1, 4) AS INTEGER), SUM(hours_tenths) FROM training_external
WHERE status = 'approved' GROUP BY 1, 2
ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = external_tenths + excluded.external_tenths;

INSERT INTO person_year_hours (person_id, year, online_tenths)
SELECT person_id, CAST(substr(learned_on, 1, 4) AS INTEGER), SUM(hours_tenths) FROM training_online
WHERE true GROUP BY 1, 2
ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = online_tenths + excluded.online_tenths;
