-- An import counts and reports the flags it raised as those with an id above the largest before
-- it. Without AUTOINCREMENT, SQLite hands a deleted largest id out again, so a re-import that
-- cleared the newest flag and raised another counted and reported nothing.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_compliance_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`code` text NOT NULL,
	`field` text NOT NULL,
	`message` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_compliance_flags`("id", "decision_id", "code", "field", "message", "created_at") SELECT "id", "decision_id", "code", "field", "message", "created_at" FROM `compliance_flags`;--> statement-breakpoint
DROP TABLE `compliance_flags`;--> statement-breakpoint
ALTER TABLE `__new_compliance_flags` RENAME TO `compliance_flags`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `compliance_flags_decision` ON `compliance_flags` (`decision_id`);