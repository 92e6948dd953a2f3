CREATE TABLE `assessor_approvals` (
	`id` integer PRIMARY KEY NOT NULL,
	`assessor_id` integer NOT NULL,
	`standard_version_id` integer NOT NULL,
	`approved_from` text,
	`approved_to` text,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`standard_version_id`) REFERENCES `standard_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessor_approvals_dates" CHECK("assessor_approvals"."approved_to" IS NULL OR "assessor_approvals"."approved_from" IS NULL OR "assessor_approvals"."approved_to" >= "assessor_approvals"."approved_from")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessor_approvals_assessor_version` ON `assessor_approvals` (`assessor_id`,`standard_version_id`);--> statement-breakpoint
CREATE TABLE `assessor_cpd` (
	`id` integer PRIMARY KEY NOT NULL,
	`assessor_id` integer NOT NULL,
	`activity_date` text NOT NULL,
	`activity` text NOT NULL,
	`hours` real NOT NULL,
	`notes` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessor_cpd_hours" CHECK("assessor_cpd"."hours" > 0 AND "assessor_cpd"."hours" <= 1000)
);
--> statement-breakpoint
CREATE INDEX `assessor_cpd_assessor_date` ON `assessor_cpd` (`assessor_id`,`activity_date`);--> statement-breakpoint
CREATE TABLE `assessor_status_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`assessor_id` integer NOT NULL,
	`status` text NOT NULL,
	`effective_from` text NOT NULL,
	`note` text,
	`recorded_by` text NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessor_status_changes_assessor` ON `assessor_status_changes` (`assessor_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`stored_path` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_owner` ON `attachments` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE TABLE `standardisation_exercise_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`exercise_id` integer NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`method_code` text,
	`description` text,
	`agreed_grade` text NOT NULL,
	`agreed_criteria_json` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`exercise_id`) REFERENCES `standardisation_exercises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standardisation_exercise_items_label` ON `standardisation_exercise_items` (`exercise_id`,`label`);--> statement-breakpoint
CREATE TABLE `standardisation_exercise_marks` (
	`id` integer PRIMARY KEY NOT NULL,
	`item_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`grade` text NOT NULL,
	`criteria_json` text DEFAULT '{}' NOT NULL,
	`note` text,
	`recorded_by` text NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `standardisation_exercise_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standardisation_exercise_marks_item_assessor` ON `standardisation_exercise_marks` (`item_id`,`assessor_id`);--> statement-breakpoint
CREATE INDEX `standardisation_exercise_marks_assessor` ON `standardisation_exercise_marks` (`assessor_id`);--> statement-breakpoint
CREATE TABLE `standardisation_exercises` (
	`id` integer PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`title` text NOT NULL,
	`standard_version_id` integer NOT NULL,
	`instructions` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `standardisation_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`standard_version_id`) REFERENCES `standard_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `standardisation_exercises_event` ON `standardisation_exercises` (`event_id`);--> statement-breakpoint
ALTER TABLE `assessors` ADD `qualification_name` text;--> statement-breakpoint
ALTER TABLE `assessors` ADD `qualification_expected_by` text;--> statement-breakpoint
ALTER TABLE `assessors` ADD `qualification_achieved_on` text;--> statement-breakpoint
ALTER TABLE `assessors` ADD `qualification_note` text;--> statement-breakpoint
ALTER TABLE `assessors` ADD `competence_evidence` text;--> statement-breakpoint
ALTER TABLE `assessors` ADD `sector_experience` text;--> statement-breakpoint
ALTER TABLE `assessors` ADD `updated_at` text;--> statement-breakpoint
ALTER TABLE `standardisation_attendance` ADD `note` text;