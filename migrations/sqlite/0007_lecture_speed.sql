-- An attendance list's totals read the session's marks by status from the index alone.
CREATE INDEX lecture_attendance_status ON lecture_attendance(session_id, status);
