-- Imported moderation history older than a moderation already recorded for its decision is kept
-- as history, set aside (superseded_at, migration 0016) so that it neither settles the decision
-- nor gives the dashboards its grades; superseded_by names the later record it does not override,
-- which tells it apart from a record set aside by a re-import's grade change.
ALTER TABLE `moderation_records` ADD `superseded_by` integer;
