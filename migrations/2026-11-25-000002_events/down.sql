DROP TABLE agenda_items;
DROP TABLE registration_attendees;
DROP TABLE registrations;
DROP TABLE event_guests;
DROP TABLE events;
