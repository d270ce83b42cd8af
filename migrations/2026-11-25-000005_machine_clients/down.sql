DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE changes;
DROP TABLE feed_state;
ALTER TABLE members DROP COLUMN deleted_at;
DROP TABLE api_keys;
