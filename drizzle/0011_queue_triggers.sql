-- The moderation queue reads sampling_plan_items alone (see schema/sampling.ts): these triggers
-- keep its copies of each item's state and of its decision in step with every writer (imports,
-- moderation, appeals, the command line), so the queue can never show a stale row.
CREATE TRIGGER `sampling_plan_items_queue_insert` AFTER INSERT ON `sampling_plan_items`
BEGIN
  UPDATE `sampling_plan_items` SET
    `active` = (NEW.`removed_at` IS NULL AND (SELECT `status` FROM `sampling_plans` WHERE `id` = NEW.`plan_id`) = 'published'),
    `done` = EXISTS (SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = NEW.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back'),
    `assessment_date` = (SELECT `assessment_date` FROM `decisions` WHERE `id` = NEW.`decision_id`),
    `grade` = (SELECT `grade` FROM `decisions` WHERE `id` = NEW.`decision_id`),
    `method` = (SELECT m.`code` FROM `decisions` d JOIN `assessment_methods` m ON m.`id` = d.`method_id` WHERE d.`id` = NEW.`decision_id`)
  WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sampling_plan_items_queue_removed` AFTER UPDATE OF `removed_at` ON `sampling_plan_items`
BEGIN
  UPDATE `sampling_plan_items` SET
    `active` = (NEW.`removed_at` IS NULL AND (SELECT `status` FROM `sampling_plans` WHERE `id` = NEW.`plan_id`) = 'published')
  WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sampling_plans_queue_status` AFTER UPDATE OF `status` ON `sampling_plans`
BEGIN
  UPDATE `sampling_plan_items` SET `active` = (`removed_at` IS NULL AND NEW.`status` = 'published')
  WHERE `plan_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_queue_copy` AFTER UPDATE OF `grade`, `assessment_date`, `method_id` ON `decisions`
WHEN OLD.`grade` IS NOT NEW.`grade` OR OLD.`assessment_date` IS NOT NEW.`assessment_date` OR OLD.`method_id` IS NOT NEW.`method_id`
BEGIN
  UPDATE `sampling_plan_items` SET
    `grade` = NEW.`grade`,
    `assessment_date` = NEW.`assessment_date`,
    `method` = (SELECT `code` FROM `assessment_methods` WHERE `id` = NEW.`method_id`)
  WHERE `decision_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `moderation_records_queue_insert` AFTER INSERT ON `moderation_records`
BEGIN
  UPDATE `sampling_plan_items` SET `done` = EXISTS (
    SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = NEW.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back')
  WHERE `decision_id` = NEW.`decision_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `moderation_records_queue_update` AFTER UPDATE OF `outcome`, `decision_id` ON `moderation_records`
BEGIN
  UPDATE `sampling_plan_items` SET `done` = EXISTS (
    SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = `sampling_plan_items`.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back')
  WHERE `decision_id` IN (OLD.`decision_id`, NEW.`decision_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `moderation_records_queue_delete` AFTER DELETE ON `moderation_records`
BEGIN
  UPDATE `sampling_plan_items` SET `done` = EXISTS (
    SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = OLD.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back')
  WHERE `decision_id` = OLD.`decision_id`;
END;
--> statement-breakpoint
-- Items that existed before these columns did.
UPDATE `sampling_plan_items` SET
  `active` = (`removed_at` IS NULL AND (SELECT `status` FROM `sampling_plans` p WHERE p.`id` = `sampling_plan_items`.`plan_id`) = 'published'),
  `done` = EXISTS (SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = `sampling_plan_items`.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back'),
  `assessment_date` = (SELECT `assessment_date` FROM `decisions` d WHERE d.`id` = `sampling_plan_items`.`decision_id`),
  `grade` = (SELECT `grade` FROM `decisions` d WHERE d.`id` = `sampling_plan_items`.`decision_id`),
  `method` = (SELECT m.`code` FROM `decisions` d JOIN `assessment_methods` m ON m.`id` = d.`method_id` WHERE d.`id` = `sampling_plan_items`.`decision_id`);
