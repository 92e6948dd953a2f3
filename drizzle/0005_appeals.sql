CREATE TABLE `appeal_decisions` (
	`appeal_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	FOREIGN KEY (`appeal_id`) REFERENCES `appeals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeal_decisions_pk` ON `appeal_decisions` (`appeal_id`,`decision_id`);--> statement-breakpoint
CREATE INDEX `appeal_decisions_decision` ON `appeal_decisions` (`decision_id`);--> statement-breakpoint
CREATE TABLE `appeal_evidence` (
	`id` integer PRIMARY KEY NOT NULL,
	`appeal_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`stored_path` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`appeal_id`) REFERENCES `appeals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appeal_evidence_appeal` ON `appeal_evidence` (`appeal_id`);--> statement-breakpoint
CREATE TABLE `appeal_grade_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`appeal_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`old_grade` text NOT NULL,
	`new_grade` text NOT NULL,
	`overall_before` text,
	`overall_after` text,
	`changed_by` text NOT NULL,
	`changed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`appeal_id`) REFERENCES `appeals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appeal_grade_changes_appeal` ON `appeal_grade_changes` (`appeal_id`);--> statement-breakpoint
CREATE TABLE `appeal_remediation` (
	`id` integer PRIMARY KEY NOT NULL,
	`appeal_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`action` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`note` text,
	`added_by` text NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`done_by` text,
	`done_at` text,
	FOREIGN KEY (`appeal_id`) REFERENCES `appeals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeal_remediation_pk` ON `appeal_remediation` (`appeal_id`,`decision_id`);--> statement-breakpoint
CREATE TABLE `appeal_reviewers` (
	`id` integer PRIMARY KEY NOT NULL,
	`appeal_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`independent_of_epao` integer DEFAULT false NOT NULL,
	`competence` text,
	`assigned_by` text NOT NULL,
	`assigned_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`appeal_id`) REFERENCES `appeals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "appeal_reviewers_stage" CHECK("appeal_reviewers"."stage" BETWEEN 0 AND 2)
);
--> statement-breakpoint
CREATE INDEX `appeal_reviewers_appeal` ON `appeal_reviewers` (`appeal_id`);--> statement-breakpoint
CREATE TABLE `appeals` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`kind` text NOT NULL,
	`type` text NOT NULL,
	`epa_id` integer NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`appellant_kind` text NOT NULL,
	`appellant_name` text NOT NULL,
	`authorisations_json` text DEFAULT '[]' NOT NULL,
	`result_date` text NOT NULL,
	`received_date` text NOT NULL,
	`lodge_by` text NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`grounds_json` text NOT NULL,
	`description` text NOT NULL,
	`logged_by` text NOT NULL,
	`logged_by_user_id` integer,
	`policy_version` text NOT NULL,
	`policy_json` text NOT NULL,
	`acknowledged_on` text,
	`review_started_on` text,
	`escalated_on` text,
	`decided_on` text,
	`decided_stage` integer,
	`closed_on` text,
	`withdrawn_on` text,
	`outcome` text,
	`outcome_reason` text,
	`systemic_failure` integer DEFAULT false NOT NULL,
	`systemic_note` text,
	`certificate_reissue` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`epa_id`) REFERENCES `epas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`logged_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeals_ref_unique` ON `appeals` (`ref`);--> statement-breakpoint
CREATE INDEX `appeals_epa` ON `appeals` (`epa_id`);--> statement-breakpoint
CREATE INDEX `appeals_status` ON `appeals` (`status`);--> statement-breakpoint
CREATE INDEX `appeals_received` ON `appeals` (`received_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `appeals_one_open_per_epa` ON `appeals` (`epa_id`) WHERE status NOT IN ('closed', 'withdrawn');