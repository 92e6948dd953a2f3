CREATE TABLE `standardisation_attendance` (
	`id` integer PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`attendance` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `standardisation_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessor_id`) REFERENCES `assessors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standardisation_attendance_event_assessor` ON `standardisation_attendance` (`event_id`,`assessor_id`);--> statement-breakpoint
CREATE INDEX `standardisation_attendance_assessor` ON `standardisation_attendance` (`assessor_id`);--> statement-breakpoint
CREATE TABLE `standardisation_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`event_date` text NOT NULL,
	`title` text NOT NULL,
	`standards_json` text DEFAULT '[]' NOT NULL,
	`format` text,
	`facilitator` text,
	`agenda` text,
	`notes` text,
	`created_by` text NOT NULL,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standardisation_events_date_title` ON `standardisation_events` (`event_date`,`title`);