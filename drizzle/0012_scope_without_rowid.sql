-- A plan's scope, a million rows at the largest, is written once at generation and read back in
-- decision order. As a WITHOUT ROWID table the rows live in the primary key's b-tree: no rowid
-- table beside a key index, and reading a plan back walks one b-tree in order. The coverage index
-- (plan, assessor, date, method) is dropped: filled in assessor order while the scope is written
-- in decision order, it cost most of a million-decision plan's generation time. What read it
-- now reads sampling_plan_scope_assessors (counts per plan, slice and assessor) or scans the
-- plan's rows. Columns, values and order of rows within a plan are carried over unchanged, so
-- plans made before this migration verify as before.
CREATE TABLE `__new_sampling_plan_scope` (
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
	`assessor_standard_start` text,
	`retake` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`plan_id`, `decision_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `sampling_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_sampling_plan_scope` (`plan_id`, `decision_id`, `assessor_id`, `method`, `grade`,
  `attempt`, `employer`, `provider`, `assessment_date`, `flags_json`, `assessor_sequence`, `slice`,
  `assessor_standard_start`, `retake`)
SELECT `plan_id`, `decision_id`, `assessor_id`, `method`, `grade`, `attempt`, `employer`, `provider`,
  `assessment_date`, `flags_json`, `assessor_sequence`, `slice`, `assessor_standard_start`, `retake`
FROM `sampling_plan_scope` ORDER BY `plan_id`, `decision_id`;
--> statement-breakpoint
DROP TABLE `sampling_plan_scope`;
--> statement-breakpoint
ALTER TABLE `__new_sampling_plan_scope` RENAME TO `sampling_plan_scope`;
--> statement-breakpoint
CREATE INDEX `sampling_plan_scope_decision` ON `sampling_plan_scope` (`decision_id`);
--> statement-breakpoint
CREATE TABLE `sampling_plan_scope_assessors` (
	`plan_id` integer NOT NULL,
	`slice` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`decisions` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `slice`, `assessor_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `sampling_plans`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `sampling_plan_scope_assessors` (`plan_id`, `slice`, `assessor_id`, `decisions`)
SELECT `plan_id`, `slice`, `assessor_id`, count(*) FROM `sampling_plan_scope` GROUP BY 1, 2, 3;
--> statement-breakpoint
-- Generation and top-ups now insert their items with the queue columns filled, from the same
-- reads the trigger would make, in one statement per item rather than an insert and an update.
-- The trigger still fills them for every other writer (adding by hand, escalation).
DROP TRIGGER `sampling_plan_items_queue_insert`;
--> statement-breakpoint
CREATE TRIGGER `sampling_plan_items_queue_insert` AFTER INSERT ON `sampling_plan_items`
WHEN NEW.`assessment_date` IS NULL
BEGIN
  UPDATE `sampling_plan_items` SET
    `active` = (NEW.`removed_at` IS NULL AND (SELECT `status` FROM `sampling_plans` WHERE `id` = NEW.`plan_id`) = 'published'),
    `done` = EXISTS (SELECT 1 FROM `moderation_records` r WHERE r.`decision_id` = NEW.`decision_id` AND coalesce(r.`outcome`, '') <> 'referred_back'),
    `assessment_date` = (SELECT `assessment_date` FROM `decisions` WHERE `id` = NEW.`decision_id`),
    `grade` = (SELECT `grade` FROM `decisions` WHERE `id` = NEW.`decision_id`),
    `method` = (SELECT m.`code` FROM `decisions` d JOIN `assessment_methods` m ON m.`id` = d.`method_id` WHERE d.`id` = NEW.`decision_id`)
  WHERE `id` = NEW.`id`;
END;
