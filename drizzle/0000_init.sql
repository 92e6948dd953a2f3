CREATE TABLE `apprentices` (
	`id` integer PRIMARY KEY NOT NULL,
	`uln` text NOT NULL,
	`given_name` text,
	`family_name` text,
	`employer_id` integer,
	`provider_id` integer,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "apprentices_uln_format" CHECK(length("apprentices"."uln") = 10)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apprentices_uln_unique` ON `apprentices` (`uln`);--> statement-breakpoint
CREATE TABLE `assessment_methods` (
	`id` integer PRIMARY KEY NOT NULL,
	`standard_version_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`standard_version_id`) REFERENCES `standard_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_methods_version_code` ON `assessment_methods` (`standard_version_id`,`code`);--> statement-breakpoint
CREATE TABLE `assessors` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`status` text DEFAULT 'active' NOT NULL,
	`start_date` text,
	`qualification_status` text,
	`competence_since` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessors_ref_unique` ON `assessors` (`ref`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`before_json` text,
	`after_json` text,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `compliance_flags` (
	`id` integer PRIMARY KEY NOT NULL,
	`decision_id` integer NOT NULL,
	`code` text NOT NULL,
	`field` text NOT NULL,
	`message` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `compliance_flags_decision` ON `compliance_flags` (`decision_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`epa_id` integer NOT NULL,
	`decision_ref` text,
	`method_id` integer NOT NULL,
	`attempt` integer DEFAULT 1 NOT NULL,
	`assessor_id` integer NOT NULL,
	`assessment_date` text NOT NULL,
	`grade` text NOT NULL,
	`duration_minutes` real,
	`questioning_minutes` real,
	`word_count` integer,
	`evidence_pieces` integer,
	`exceptional_circumstances` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'held' NOT NULL,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`epa_id`) REFERENCES `epas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`method_id`) REFERENCES `assessment_methods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decisions_attempt_positive" CHECK("decisions"."attempt" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_decision_ref_unique` ON `decisions` (`decision_ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_epa_method_attempt` ON `decisions` (`epa_id`,`method_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `decisions_assessor_date` ON `decisions` (`assessor_id`,`assessment_date`);--> statement-breakpoint
CREATE INDEX `decisions_date` ON `decisions` (`assessment_date`);--> statement-breakpoint
CREATE INDEX `decisions_status_date` ON `decisions` (`status`,`assessment_date`);--> statement-breakpoint
CREATE TABLE `employers` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employers_name_unique` ON `employers` (`name`);--> statement-breakpoint
CREATE TABLE `epas` (
	`id` integer PRIMARY KEY NOT NULL,
	`apprentice_id` integer NOT NULL,
	`standard_version_id` integer NOT NULL,
	`gateway_date` text,
	`overall_grade` text,
	`status` text DEFAULT 'in_progress' NOT NULL,
	`confirmed_at` text,
	`confirmed_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`apprentice_id`) REFERENCES `apprentices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`standard_version_id`) REFERENCES `standard_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `epas_apprentice` ON `epas` (`apprentice_id`);--> statement-breakpoint
CREATE INDEX `epas_status` ON `epas` (`status`);--> statement-breakpoint
CREATE TABLE `grading_criteria` (
	`id` integer PRIMARY KEY NOT NULL,
	`method_id` integer NOT NULL,
	`code` text NOT NULL,
	`grade` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`method_id`) REFERENCES `assessment_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grading_criteria_method_code` ON `grading_criteria` (`method_id`,`code`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`file_hash` text NOT NULL,
	`imported_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`rows_new` integer DEFAULT 0 NOT NULL,
	`rows_changed` integer DEFAULT 0 NOT NULL,
	`rows_unchanged` integer DEFAULT 0 NOT NULL,
	`rows_rejected` integer DEFAULT 0 NOT NULL,
	`flags` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ksb_methods` (
	`ksb_id` integer NOT NULL,
	`method_id` integer NOT NULL,
	FOREIGN KEY (`ksb_id`) REFERENCES `ksbs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`method_id`) REFERENCES `assessment_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ksb_methods_pk` ON `ksb_methods` (`ksb_id`,`method_id`);--> statement-breakpoint
CREATE TABLE `ksbs` (
	`id` integer PRIMARY KEY NOT NULL,
	`standard_version_id` integer NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`statement` text NOT NULL,
	FOREIGN KEY (`standard_version_id`) REFERENCES `standard_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ksbs_version_code` ON `ksbs` (`standard_version_id`,`code`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` integer PRIMARY KEY NOT NULL,
	`ukprn` text NOT NULL,
	`name` text NOT NULL,
	CONSTRAINT "providers_ukprn_format" CHECK(length("providers"."ukprn") = 8 and substr("providers"."ukprn",1,1) = '1')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_ukprn_unique` ON `providers` (`ukprn`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value_json` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `standard_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`standard_id` integer NOT NULL,
	`version` text NOT NULL,
	`label` text NOT NULL,
	`definition_json` text NOT NULL,
	`definition_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`standard_id`) REFERENCES `standards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standard_versions_standard_version` ON `standard_versions` (`standard_id`,`version`);--> statement-breakpoint
CREATE TABLE `standards` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`level` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standards_code_unique` ON `standards` (`code`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_name_unique` ON `users` (`name`);