DROP TABLE event_co_organisers;
