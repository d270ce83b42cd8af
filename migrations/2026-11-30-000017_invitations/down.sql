DROP TABLE event_invitations;
DROP TABLE invitations;
