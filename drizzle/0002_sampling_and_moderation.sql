CREATE TABLE `conflicts` (
	`id` integer PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`party_type` text NOT NULL,
	`party_ref` text NOT NULL,
	`declared_on` text,
	`ended_on` text,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "conflicts_party_ref_not_empty" CHECK(length(trim("conflicts"."party_ref")) > 0)
);
--> statement-breakpoint
CREATE INDEX `conflicts_subject` ON `conflicts` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `sampling_plan_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`plan_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`source` text NOT NULL,
	`slice` integer DEFAULT 0 NOT NULL,
	`reasons_json` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`removed_at` text,
	`removed_by` text,
	`removed_reason` text,
	`assigned_to` integer,
	`due_date` text,
	FOREIGN KEY (`plan_id`) REFERENCES `sampling_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_to`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sampling_plan_items_plan_decision` ON `sampling_plan_items` (`plan_id`,`decision_id`);--> statement-breakpoint
CREATE INDEX `sampling_plan_items_decision` ON `sampling_plan_items` (`decision_id`);--> statement-breakpoint
CREATE INDEX `sampling_plan_items_assessor` ON `sampling_plan_items` (`assessor_id`);--> statement-breakpoint
CREATE INDEX `sampling_plan_items_assigned` ON `sampling_plan_items` (`assigned_to`);--> statement-breakpoint
CREATE TABLE `sampling_plan_scope` (
	`plan_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`method` text NOT NULL,
	`grade` text NOT NULL,
	`attempt` integer NOT NULL,
	`employer` text,
	`provider` text,
	`assessment_date` text NOT NULL,
	`flags_json` text NOT NULL,
	`assessor_sequence` integer NOT NULL,
	`slice` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`plan_id`, `decision_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `sampling_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sampling_plan_scope_decision` ON `sampling_plan_scope` (`decision_id`);--> statement-breakpoint
CREATE TABLE `sampling_plans` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`standards_json` text NOT NULL,
	`seed` integer NOT NULL,
	`params_json` text NOT NULL,
	`rules_version` text NOT NULL,
	`assessors_json` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`published_by` text,
	`published_at` text
);
--> statement-breakpoint
CREATE INDEX `sampling_plans_period` ON `sampling_plans` (`period_from`,`period_to`);--> statement-breakpoint
CREATE TABLE `moderation_actions` (
	`id` integer PRIMARY KEY NOT NULL,
	`record_id` integer NOT NULL,
	`description` text NOT NULL,
	`due_date` text,
	`acknowledged_at` text,
	`closed_at` text,
	`closed_by` text,
	FOREIGN KEY (`record_id`) REFERENCES `moderation_records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `moderation_actions_record` ON `moderation_actions` (`record_id`);--> statement-breakpoint
CREATE TABLE `moderation_criteria` (
	`id` integer PRIMARY KEY NOT NULL,
	`record_id` integer NOT NULL,
	`criterion_code` text NOT NULL,
	`judgement` text NOT NULL,
	`note` text,
	FOREIGN KEY (`record_id`) REFERENCES `moderation_records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `moderation_criteria_record` ON `moderation_criteria` (`record_id`);--> statement-breakpoint
CREATE INDEX `moderation_criteria_code` ON `moderation_criteria` (`criterion_code`);--> statement-breakpoint
CREATE TABLE `moderation_records` (
	`id` integer PRIMARY KEY NOT NULL,
	`decision_id` integer NOT NULL,
	`plan_item_id` integer,
	`moderator_user_id` integer,
	`moderator_name` text NOT NULL,
	`moderation_date` text NOT NULL,
	`activity` text NOT NULL,
	`original_grade` text NOT NULL,
	`moderated_grade` text NOT NULL,
	`outcome` text,
	`feedback` text,
	`snapshot_json` text NOT NULL,
	`source` text DEFAULT 'app' NOT NULL,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_item_id`) REFERENCES `sampling_plan_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`moderator_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `moderation_records_decision` ON `moderation_records` (`decision_id`);--> statement-breakpoint
CREATE INDEX `moderation_records_date` ON `moderation_records` (`moderation_date`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`message` text NOT NULL,
	`link` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`read_at` text
);
--> statement-breakpoint
CREATE INDEX `notifications_unread` ON `notifications` (`read_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `assessor_id` integer REFERENCES assessors(id);