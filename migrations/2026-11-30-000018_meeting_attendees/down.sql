DROP TABLE meeting_request_attendees;
