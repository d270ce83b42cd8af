DROP TABLE trade_figures;
DROP TABLE trade_note_events;
DROP TABLE trade_note_clusters;
DROP TABLE trade_notes;
