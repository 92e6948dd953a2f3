-- Month roll-ups of the dashboards' scans: counts per assessor, calendar month ('YYYY-MM') and
-- method of what the scans in src/main/analytics/scan.ts count, so a year's figures read a few
-- thousand rows instead of every decision in it (the partial months at the ends of a period
-- are still counted from the source tables). Kept in step by the triggers below; a row whose
-- count falls to zero is deleted. Each is read through its primary key, in key order.
-- A bulk import of decisions drops the decision triggers and rebuilds that roll-up once
-- (src/main/analytics/rollups.ts), as it does the deferred indexes.
CREATE TABLE `analytics_decision_months` (
	`assessor_id` integer NOT NULL,
	`grade` text NOT NULL,
	`status` text NOT NULL,
	`month` text NOT NULL,
	`method_id` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`assessor_id`, `grade`, `status`, `month`, `method_id`)
);
--> statement-breakpoint
-- Month before criterion: a period is then one range per assessor, not one per criterion.
CREATE TABLE `analytics_criteria_months` (
	`assessor_id` integer NOT NULL,
	`criterion_code` text NOT NULL,
	`judgement` text NOT NULL,
	`month` text NOT NULL,
	`method_id` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`assessor_id`, `month`, `criterion_code`, `judgement`, `method_id`)
);
--> statement-breakpoint
-- The same without the assessor, for the cohort (most views): a tenth or less of the rows.
CREATE TABLE `analytics_criteria_cohort_months` (
	`month` text NOT NULL,
	`criterion_code` text NOT NULL,
	`judgement` text NOT NULL,
	`method_id` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`month`, `criterion_code`, `judgement`, `method_id`)
);
--> statement-breakpoint
-- Moderated decisions (analytics_moderated rows with a moderated grade) by their grade pair.
CREATE TABLE `analytics_pair_months` (
	`assessor_id` integer NOT NULL,
	`month` text NOT NULL,
	`assessor_grade` text NOT NULL,
	`moderated_grade` text NOT NULL,
	`method_id` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`assessor_id`, `month`, `assessor_grade`, `moderated_grade`, `method_id`)
);
--> statement-breakpoint
-- Decisions whose grade now differs from the one the assessor awarded.
CREATE TABLE `analytics_correction_months` (
	`assessor_id` integer NOT NULL,
	`month` text NOT NULL,
	`current_grade` text NOT NULL,
	`awarded_grade` text NOT NULL,
	`method_id` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`assessor_id`, `month`, `current_grade`, `awarded_grade`, `method_id`)
);
--> statement-breakpoint
-- Decisions in each published plan's scope per day and assessor. A plan's scope is written once,
-- while it is a draft, and never changes after publication, so it is counted when the plan is
-- published. By day, not month: coverage reads any period straight from it, and a plan's scope
-- (keyed by plan and decision, without an index by date) is never scanned for a period's edges.
CREATE TABLE `analytics_scope_days` (
	`plan_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`day` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`plan_id`, `day`, `assessor_id`)
);
--> statement-breakpoint
-- Provider and employer filters start from the apprentice's EPAs: these let the derived tables
-- be read from there too.
CREATE INDEX `analytics_moderated_epa` ON `analytics_moderated` (`epa_id`);
--> statement-breakpoint
CREATE INDEX `analytics_criteria_epa` ON `analytics_criteria` (`epa_id`);
--> statement-breakpoint
-- The few days at the ends of a period, without a range per assessor, criterion and judgement.
CREATE INDEX `analytics_criteria_date` ON `analytics_criteria` (`assessment_date`, `assessor_id`, `criterion_code`, `judgement`, `method_id`);
--> statement-breakpoint
-- EPAs confirmed in a period for a standard or version, counted from the index alone.
CREATE INDEX `epas_status_version_confirmed` ON `epas` (`status`, `standard_version_id`, `confirmed_at`);
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_decision_insert` AFTER INSERT ON `decisions`
BEGIN
  INSERT INTO analytics_decision_months (assessor_id, grade, status, month, method_id, n)
    VALUES (NEW.assessor_id, NEW.grade, NEW.status, substr(NEW.assessment_date, 1, 7), NEW.method_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_decision_delete` AFTER DELETE ON `decisions`
BEGIN
  UPDATE analytics_decision_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND grade = OLD.grade AND status = OLD.status
      AND month = substr(OLD.assessment_date, 1, 7) AND method_id = OLD.method_id;
  DELETE FROM analytics_decision_months
    WHERE assessor_id = OLD.assessor_id AND grade = OLD.grade AND status = OLD.status
      AND month = substr(OLD.assessment_date, 1, 7) AND method_id = OLD.method_id AND n = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_decision_update` AFTER UPDATE OF assessor_id, grade, status, assessment_date, method_id ON `decisions`
WHEN OLD.assessor_id IS NOT NEW.assessor_id OR OLD.grade IS NOT NEW.grade OR OLD.status IS NOT NEW.status
  OR substr(OLD.assessment_date, 1, 7) IS NOT substr(NEW.assessment_date, 1, 7)
  OR OLD.method_id IS NOT NEW.method_id
BEGIN
  UPDATE analytics_decision_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND grade = OLD.grade AND status = OLD.status
      AND month = substr(OLD.assessment_date, 1, 7) AND method_id = OLD.method_id;
  DELETE FROM analytics_decision_months
    WHERE assessor_id = OLD.assessor_id AND grade = OLD.grade AND status = OLD.status
      AND month = substr(OLD.assessment_date, 1, 7) AND method_id = OLD.method_id AND n = 0;
  INSERT INTO analytics_decision_months (assessor_id, grade, status, month, method_id, n)
    VALUES (NEW.assessor_id, NEW.grade, NEW.status, substr(NEW.assessment_date, 1, 7), NEW.method_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_criteria_insert` AFTER INSERT ON `analytics_criteria`
BEGIN
  INSERT INTO analytics_criteria_months (assessor_id, criterion_code, judgement, month, method_id, n)
    VALUES (NEW.assessor_id, NEW.criterion_code, NEW.judgement, substr(NEW.assessment_date, 1, 7), NEW.method_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO analytics_criteria_cohort_months (month, criterion_code, judgement, method_id, n)
    VALUES (substr(NEW.assessment_date, 1, 7), NEW.criterion_code, NEW.judgement, NEW.method_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_criteria_delete` AFTER DELETE ON `analytics_criteria`
BEGIN
  UPDATE analytics_criteria_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND month = substr(OLD.assessment_date, 1, 7)
      AND method_id = OLD.method_id;
  DELETE FROM analytics_criteria_months
    WHERE assessor_id = OLD.assessor_id AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND month = substr(OLD.assessment_date, 1, 7)
      AND method_id = OLD.method_id AND n = 0;
  UPDATE analytics_criteria_cohort_months SET n = n - 1
    WHERE month = substr(OLD.assessment_date, 1, 7) AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND method_id = OLD.method_id;
  DELETE FROM analytics_criteria_cohort_months
    WHERE month = substr(OLD.assessment_date, 1, 7) AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND method_id = OLD.method_id AND n = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_criteria_update` AFTER UPDATE ON `analytics_criteria`
BEGIN
  UPDATE analytics_criteria_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND month = substr(OLD.assessment_date, 1, 7)
      AND method_id = OLD.method_id;
  DELETE FROM analytics_criteria_months
    WHERE assessor_id = OLD.assessor_id AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND month = substr(OLD.assessment_date, 1, 7)
      AND method_id = OLD.method_id AND n = 0;
  UPDATE analytics_criteria_cohort_months SET n = n - 1
    WHERE month = substr(OLD.assessment_date, 1, 7) AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND method_id = OLD.method_id;
  DELETE FROM analytics_criteria_cohort_months
    WHERE month = substr(OLD.assessment_date, 1, 7) AND criterion_code = OLD.criterion_code
      AND judgement = OLD.judgement AND method_id = OLD.method_id AND n = 0;
  INSERT INTO analytics_criteria_months (assessor_id, criterion_code, judgement, month, method_id, n)
    VALUES (NEW.assessor_id, NEW.criterion_code, NEW.judgement, substr(NEW.assessment_date, 1, 7), NEW.method_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO analytics_criteria_cohort_months (month, criterion_code, judgement, method_id, n)
    VALUES (substr(NEW.assessment_date, 1, 7), NEW.criterion_code, NEW.judgement, NEW.method_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_moderated_insert` AFTER INSERT ON `analytics_moderated`
BEGIN
  INSERT INTO analytics_pair_months (assessor_id, month, assessor_grade, moderated_grade, method_id, n)
    SELECT NEW.assessor_id, substr(NEW.assessment_date, 1, 7), NEW.assessor_grade, NEW.moderated_grade, NEW.method_id, 1
    WHERE NEW.moderated_grade IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO analytics_correction_months (assessor_id, month, current_grade, awarded_grade, method_id, n)
    SELECT NEW.assessor_id, substr(NEW.assessment_date, 1, 7), NEW.current_grade, NEW.awarded_grade, NEW.method_id, 1
    WHERE NEW.awarded_grade IS NOT NULL AND NEW.awarded_grade <> NEW.current_grade
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_moderated_delete` AFTER DELETE ON `analytics_moderated`
BEGIN
  UPDATE analytics_pair_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND assessor_grade = OLD.assessor_grade AND moderated_grade = OLD.moderated_grade
      AND method_id = OLD.method_id;
  DELETE FROM analytics_pair_months
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND assessor_grade = OLD.assessor_grade AND moderated_grade = OLD.moderated_grade
      AND method_id = OLD.method_id AND n = 0;
  UPDATE analytics_correction_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND current_grade = OLD.current_grade AND awarded_grade = OLD.awarded_grade
      AND OLD.awarded_grade <> OLD.current_grade AND method_id = OLD.method_id;
  DELETE FROM analytics_correction_months
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND current_grade = OLD.current_grade AND awarded_grade = OLD.awarded_grade
      AND method_id = OLD.method_id AND n = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_moderated_update` AFTER UPDATE ON `analytics_moderated`
BEGIN
  UPDATE analytics_pair_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND assessor_grade = OLD.assessor_grade AND moderated_grade = OLD.moderated_grade
      AND method_id = OLD.method_id;
  DELETE FROM analytics_pair_months
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND assessor_grade = OLD.assessor_grade AND moderated_grade = OLD.moderated_grade
      AND method_id = OLD.method_id AND n = 0;
  UPDATE analytics_correction_months SET n = n - 1
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND current_grade = OLD.current_grade AND awarded_grade = OLD.awarded_grade
      AND OLD.awarded_grade <> OLD.current_grade AND method_id = OLD.method_id;
  DELETE FROM analytics_correction_months
    WHERE assessor_id = OLD.assessor_id AND month = substr(OLD.assessment_date, 1, 7)
      AND current_grade = OLD.current_grade AND awarded_grade = OLD.awarded_grade
      AND method_id = OLD.method_id AND n = 0;
  INSERT INTO analytics_pair_months (assessor_id, month, assessor_grade, moderated_grade, method_id, n)
    SELECT NEW.assessor_id, substr(NEW.assessment_date, 1, 7), NEW.assessor_grade, NEW.moderated_grade, NEW.method_id, 1
    WHERE NEW.moderated_grade IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO analytics_correction_months (assessor_id, month, current_grade, awarded_grade, method_id, n)
    SELECT NEW.assessor_id, substr(NEW.assessment_date, 1, 7), NEW.current_grade, NEW.awarded_grade, NEW.method_id, 1
    WHERE NEW.awarded_grade IS NOT NULL AND NEW.awarded_grade <> NEW.current_grade
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_rollup_plan_published` AFTER UPDATE OF status ON `sampling_plans`
WHEN NEW.status = 'published' AND OLD.status IS NOT 'published'
BEGIN
  DELETE FROM analytics_scope_days WHERE plan_id = NEW.id;
  INSERT INTO analytics_scope_days (plan_id, assessor_id, day, n)
    SELECT plan_id, assessor_id, assessment_date, count(*) FROM sampling_plan_scope
    WHERE plan_id = NEW.id GROUP BY 1, 2, 3;
END;
--> statement-breakpoint
INSERT INTO analytics_decision_months (assessor_id, grade, status, month, method_id, n)
  SELECT assessor_id, grade, status, substr(assessment_date, 1, 7), method_id, count(*)
  FROM decisions GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO analytics_criteria_months (assessor_id, criterion_code, judgement, month, method_id, n)
  SELECT assessor_id, criterion_code, judgement, substr(assessment_date, 1, 7), method_id, count(*)
  FROM analytics_criteria GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO analytics_criteria_cohort_months (month, criterion_code, judgement, method_id, n)
  SELECT month, criterion_code, judgement, method_id, sum(n) FROM analytics_criteria_months
  GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO analytics_pair_months (assessor_id, month, assessor_grade, moderated_grade, method_id, n)
  SELECT assessor_id, substr(assessment_date, 1, 7), assessor_grade, moderated_grade, method_id, count(*)
  FROM analytics_moderated WHERE moderated_grade IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO analytics_correction_months (assessor_id, month, current_grade, awarded_grade, method_id, n)
  SELECT assessor_id, substr(assessment_date, 1, 7), current_grade, awarded_grade, method_id, count(*)
  FROM analytics_moderated WHERE awarded_grade IS NOT NULL AND awarded_grade <> current_grade
  GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO analytics_scope_days (plan_id, assessor_id, day, n)
  SELECT s.plan_id, s.assessor_id, s.assessment_date, count(*) FROM sampling_plan_scope s
  WHERE s.plan_id IN (SELECT id FROM sampling_plans WHERE status = 'published') GROUP BY 1, 2, 3;
