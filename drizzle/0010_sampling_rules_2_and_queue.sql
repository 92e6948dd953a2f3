ALTER TABLE `sampling_plan_items` ADD `snapshot_json` text;--> statement-breakpoint
ALTER TABLE `sampling_plan_items` ADD `active` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sampling_plan_items` ADD `done` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sampling_plan_items` ADD `assessment_date` text;--> statement-breakpoint
ALTER TABLE `sampling_plan_items` ADD `method` text;--> statement-breakpoint
ALTER TABLE `sampling_plan_items` ADD `grade` text;--> statement-breakpoint
CREATE INDEX `sampling_plan_items_queue_date` ON `sampling_plan_items` (`done`,`assessment_date`,`id`,`assigned_to`,`method`,`grade`,`due_date`,`plan_id`,`reasons_json`) WHERE active = 1;--> statement-breakpoint
CREATE INDEX `sampling_plan_items_queue_due` ON `sampling_plan_items` (`done`,`due_date`,`id`,`assigned_to`,`method`,`grade`,`assessment_date`) WHERE active = 1;--> statement-breakpoint
CREATE INDEX `sampling_plan_items_queue_assessor` ON `sampling_plan_items` (`assessor_id`,`done`,`assessment_date`) WHERE active = 1;--> statement-breakpoint
ALTER TABLE `sampling_plan_scope` ADD `assessor_standard_start` text;--> statement-breakpoint
ALTER TABLE `sampling_plan_scope` ADD `retake` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `moderation_actions` ADD `acknowledged_by` text;--> statement-breakpoint
ALTER TABLE `moderation_actions` ADD `acknowledgement_note` text;--> statement-breakpoint
ALTER TABLE `moderation_actions` ADD `closed_note` text;--> statement-breakpoint
CREATE INDEX `decisions_held_scope` ON `decisions` (`assessment_date`,`method_id`,`assessor_id`,`grade`,`attempt`,`epa_id`) WHERE status = 'held';