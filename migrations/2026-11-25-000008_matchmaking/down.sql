DROP TABLE schedule_runs;
DROP TABLE blocked_slots;
DROP TABLE meeting_requests;
DROP TABLE meeting_sessions;
DROP TABLE event_matchmaking;
