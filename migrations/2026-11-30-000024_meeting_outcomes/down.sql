DROP TABLE meeting_outcomes;
ALTER TABLE meeting_requests DROP COLUMN video_url;
