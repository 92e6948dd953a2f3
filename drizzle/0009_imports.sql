CREATE TABLE `import_batch_details` (
	`batch_id` integer PRIMARY KEY NOT NULL,
	`format` text NOT NULL,
	`encoding` text,
	`delimiter` text,
	`sheet` text,
	`mapping_name` text,
	`all_or_nothing` integer NOT NULL,
	`rows_read` integer NOT NULL,
	`problems` integer NOT NULL,
	`seconds` real NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`header_key` text NOT NULL,
	`headers_json` text NOT NULL,
	`mapping_json` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_name` ON `import_mappings` (`name`);--> statement-breakpoint
CREATE INDEX `import_mappings_kind_headers` ON `import_mappings` (`kind`,`header_key`);--> statement-breakpoint
CREATE TABLE `import_problems` (
	`id` integer PRIMARY KEY NOT NULL,
	`batch_id` integer NOT NULL,
	`row` integer NOT NULL,
	`column` text NOT NULL,
	`value` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_problems_batch` ON `import_problems` (`batch_id`);