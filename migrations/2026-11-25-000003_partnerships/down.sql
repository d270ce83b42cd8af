DROP TABLE meeting_participants;
DROP TABLE meetings;
DROP TABLE partnership_request_history;
DROP TABLE partnership_requests;
