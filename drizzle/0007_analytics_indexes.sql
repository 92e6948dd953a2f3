CREATE TABLE `analytics_criteria` (
	`criterion_id` integer PRIMARY KEY NOT NULL,
	`record_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`assessment_date` text NOT NULL,
	`method_id` integer NOT NULL,
	`epa_id` integer NOT NULL,
	`criterion_code` text NOT NULL,
	`judgement` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `analytics_criteria_scan` ON `analytics_criteria` (`assessor_id`,`criterion_code`,`judgement`,`assessment_date`,`method_id`,`epa_id`);--> statement-breakpoint
CREATE INDEX `analytics_criteria_record` ON `analytics_criteria` (`record_id`);--> statement-breakpoint
CREATE TABLE `analytics_moderated` (
	`decision_id` integer PRIMARY KEY NOT NULL,
	`assessor_id` integer NOT NULL,
	`assessment_date` text NOT NULL,
	`method_id` integer NOT NULL,
	`epa_id` integer NOT NULL,
	`current_grade` text NOT NULL,
	`assessor_grade` text,
	`moderated_grade` text,
	`awarded_grade` text
);
--> statement-breakpoint
CREATE INDEX `analytics_moderated_scan` ON `analytics_moderated` (`assessor_id`,`assessment_date`,`assessor_grade`,`moderated_grade`,`current_grade`,`awarded_grade`,`method_id`,`epa_id`);--> statement-breakpoint
CREATE INDEX `apprentices_provider` ON `apprentices` (`provider_id`);--> statement-breakpoint
CREATE INDEX `apprentices_employer` ON `apprentices` (`employer_id`);--> statement-breakpoint
CREATE INDEX `decisions_analytics` ON `decisions` (`assessor_id`,`grade`,`status`,`assessment_date`,`method_id`,`epa_id`);--> statement-breakpoint
CREATE INDEX `epas_status_confirmed` ON `epas` (`status`,`confirmed_at`);--> statement-breakpoint
CREATE INDEX `sampling_plan_scope_coverage` ON `sampling_plan_scope` (`plan_id`,`assessor_id`,`assessment_date`,`method`);--> statement-breakpoint
CREATE INDEX `appeal_grade_changes_decision` ON `appeal_grade_changes` (`decision_id`);