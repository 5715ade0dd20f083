-- An event id is claimed only by what it did (docs/contract.md §2): from now on processed_events holds applied events
-- only, each with a fingerprint of its content: lower-case hex SHA-256 of its type and its data's canonical form
-- (without an issuance's expiresAt, which a retried issuance may change). A later event with a claimed id is a
-- duplicate when its fingerprint matches and is refused (EVENT_ID_REUSED) when it does not. Rows written before this
-- migration have none and match any content, as every later event with their id was a duplicate until now.
ALTER TABLE processed_events ADD COLUMN fingerprint varchar(64);

-- A parked event keeps its fingerprint as well: a second event under its id with other content is refused, not
-- taken for a redelivery of the parked one. Rows parked before this migration have none and match any content.
ALTER TABLE parked_events ADD COLUMN fingerprint varchar(64);
