-- A moderation record stops settling its decision when a re-import changes the decision's grade
-- afterwards: the record stays as history and the decision goes back to the moderation queue.
-- The queue's `done` copy (migration 0011) now ignores superseded records, and follows the
-- column when it is set.
ALTER TABLE `moderation_records` ADD `superseded_at` text;--> statement-breakpoint
ALTER TABLE `moderation_records` ADD `superseded_reason` text;--> statement-breakpoint
DROP TRIGGER `sampling_plan_items_queue_insert`;--> statement-breakpoint
CREATE TRIGGER `sampling_plan_items_queue_insert` AFTER INSERT ON `sampling_plan_items`
BEGIN
  UPDATE `sampling_plan_items` SET
    `active` = (NEW.`removed_at` IS NULL AND (SELECT `status` FROM `sampling_plans` WHERE `id` = NEW.`plan_id`) = 'published'),
    `done` = EXISTS (SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = NEW.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back' AND r.`superseded_at` IS NULL),
    `assessment_date` = (SELECT `assessment_date` FROM `decisions` WHERE `id` = NEW.`decision_id`),
    `grade` = (SELECT `grade` FROM `decisions` WHERE `id` = NEW.`decision_id`),
    `method` = (SELECT m.`code` FROM `decisions` d JOIN `assessment_methods` m ON m.`id` = d.`method_id` WHERE d.`id` = NEW.`decision_id`)
  WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
DROP TRIGGER `moderation_records_queue_insert`;--> statement-breakpoint
CREATE TRIGGER `moderation_records_queue_insert` AFTER INSERT ON `moderation_records`
BEGIN
  UPDATE `sampling_plan_items` SET `done` = EXISTS (
    SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = NEW.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back' AND r.`superseded_at` IS NULL)
  WHERE `decision_id` = NEW.`decision_id`;
END;
--> statement-breakpoint
DROP TRIGGER `moderation_records_queue_update`;--> statement-breakpoint
CREATE TRIGGER `moderation_records_queue_update` AFTER UPDATE OF `outcome`, `decision_id`, `superseded_at` ON `moderation_records`
BEGIN
  UPDATE `sampling_plan_items` SET `done` = EXISTS (
    SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = `sampling_plan_items`.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back' AND r.`superseded_at` IS NULL)
  WHERE `decision_id` IN (OLD.`decision_id`, NEW.`decision_id`);
END;
--> statement-breakpoint
DROP TRIGGER `moderation_records_queue_delete`;--> statement-breakpoint
CREATE TRIGGER `moderation_records_queue_delete` AFTER DELETE ON `moderation_records`
BEGIN
  UPDATE `sampling_plan_items` SET `done` = EXISTS (
    SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = OLD.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back' AND r.`superseded_at` IS NULL)
  WHERE `decision_id` = OLD.`decision_id`;
END;
