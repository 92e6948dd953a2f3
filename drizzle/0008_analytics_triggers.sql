-- The dashboards' derived tables (src/main/db/schema/analytics.ts) follow moderation, appeal
-- grade changes and edits to decisions through these triggers, and are filled here from what is
-- already stored. Status-only updates of decisions (the hold and release) do not fire them.
CREATE TRIGGER `analytics_moderation_insert` AFTER INSERT ON `moderation_records`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      coalesce(
        (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
           AND r.original_grade <> r.moderated_grade ORDER BY r.id LIMIT 1),
        (SELECT g.old_grade FROM appeal_grade_changes g WHERE g.decision_id = d.id ORDER BY g.id LIMIT 1))
    FROM decisions d WHERE d.id = NEW.decision_id
    ON CONFLICT(decision_id) DO UPDATE SET
      assessor_id = excluded.assessor_id, assessment_date = excluded.assessment_date,
      method_id = excluded.method_id, epa_id = excluded.epa_id, current_grade = excluded.current_grade,
      assessor_grade = excluded.assessor_grade, moderated_grade = excluded.moderated_grade,
      awarded_grade = excluded.awarded_grade;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_moderation_update` AFTER UPDATE ON `moderation_records`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      coalesce(
        (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
           AND r.original_grade <> r.moderated_grade ORDER BY r.id LIMIT 1),
        (SELECT g.old_grade FROM appeal_grade_changes g WHERE g.decision_id = d.id ORDER BY g.id LIMIT 1))
    FROM decisions d WHERE d.id = NEW.decision_id
    ON CONFLICT(decision_id) DO UPDATE SET
      assessor_id = excluded.assessor_id, assessment_date = excluded.assessment_date,
      method_id = excluded.method_id, epa_id = excluded.epa_id, current_grade = excluded.current_grade,
      assessor_grade = excluded.assessor_grade, moderated_grade = excluded.moderated_grade,
      awarded_grade = excluded.awarded_grade;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_moderation_delete` AFTER DELETE ON `moderation_records`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      coalesce(
        (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
           AND r.original_grade <> r.moderated_grade ORDER BY r.id LIMIT 1),
        (SELECT g.old_grade FROM appeal_grade_changes g WHERE g.decision_id = d.id ORDER BY g.id LIMIT 1))
    FROM decisions d WHERE d.id = OLD.decision_id
    ON CONFLICT(decision_id) DO UPDATE SET
      assessor_id = excluded.assessor_id, assessment_date = excluded.assessment_date,
      method_id = excluded.method_id, epa_id = excluded.epa_id, current_grade = excluded.current_grade,
      assessor_grade = excluded.assessor_grade, moderated_grade = excluded.moderated_grade,
      awarded_grade = excluded.awarded_grade;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_appeal_grade_change` AFTER INSERT ON `appeal_grade_changes`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
      coalesce(
        (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
           AND r.original_grade <> r.moderated_grade ORDER BY r.id LIMIT 1),
        (SELECT g.old_grade FROM appeal_grade_changes g WHERE g.decision_id = d.id ORDER BY g.id LIMIT 1))
    FROM decisions d WHERE d.id = NEW.decision_id
    ON CONFLICT(decision_id) DO UPDATE SET
      assessor_id = excluded.assessor_id, assessment_date = excluded.assessment_date,
      method_id = excluded.method_id, epa_id = excluded.epa_id, current_grade = excluded.current_grade,
      assessor_grade = excluded.assessor_grade, moderated_grade = excluded.moderated_grade,
      awarded_grade = excluded.awarded_grade;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_decision_update` AFTER UPDATE OF grade, assessor_id, assessment_date, method_id, epa_id ON `decisions`
WHEN OLD.grade IS NOT NEW.grade OR OLD.assessor_id IS NOT NEW.assessor_id
  OR OLD.assessment_date IS NOT NEW.assessment_date OR OLD.method_id IS NOT NEW.method_id
  OR OLD.epa_id IS NOT NEW.epa_id
BEGIN
  UPDATE analytics_moderated SET assessor_id = NEW.assessor_id, assessment_date = NEW.assessment_date,
    method_id = NEW.method_id, epa_id = NEW.epa_id, current_grade = NEW.grade
  WHERE decision_id = NEW.id;
  UPDATE analytics_criteria SET assessor_id = NEW.assessor_id, assessment_date = NEW.assessment_date,
    method_id = NEW.method_id, epa_id = NEW.epa_id
  WHERE record_id IN (SELECT id FROM moderation_records WHERE decision_id = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_criterion_insert` AFTER INSERT ON `moderation_criteria`
BEGIN
  INSERT OR REPLACE INTO analytics_criteria (criterion_id, record_id, assessor_id, assessment_date,
      method_id, epa_id, criterion_code, judgement)
    SELECT NEW.id, NEW.record_id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id,
      NEW.criterion_code, NEW.judgement
    FROM moderation_records r JOIN decisions d ON d.id = r.decision_id WHERE r.id = NEW.record_id;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_criterion_update` AFTER UPDATE ON `moderation_criteria`
BEGIN
  DELETE FROM analytics_criteria WHERE criterion_id = OLD.id;
  INSERT OR REPLACE INTO analytics_criteria (criterion_id, record_id, assessor_id, assessment_date,
      method_id, epa_id, criterion_code, judgement)
    SELECT NEW.id, NEW.record_id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id,
      NEW.criterion_code, NEW.judgement
    FROM moderation_records r JOIN decisions d ON d.id = r.decision_id WHERE r.id = NEW.record_id;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_criterion_delete` AFTER DELETE ON `moderation_criteria`
BEGIN
  DELETE FROM analytics_criteria WHERE criterion_id = OLD.id;
END;
--> statement-breakpoint
INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
    current_grade, assessor_grade, moderated_grade, awarded_grade)
  SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
    (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
       AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
    (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
       AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
    coalesce(
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND r.original_grade <> r.moderated_grade ORDER BY r.id LIMIT 1),
      (SELECT g.old_grade FROM appeal_grade_changes g WHERE g.decision_id = d.id ORDER BY g.id LIMIT 1))
  FROM decisions d
  WHERE d.id IN (SELECT decision_id FROM moderation_records UNION SELECT decision_id FROM appeal_grade_changes);
--> statement-breakpoint
INSERT INTO analytics_criteria (criterion_id, record_id, assessor_id, assessment_date, method_id,
    epa_id, criterion_code, judgement)
  SELECT c.id, c.record_id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id,
    c.criterion_code, c.judgement
  FROM moderation_criteria c JOIN moderation_records r ON r.id = c.record_id
  JOIN decisions d ON d.id = r.decision_id;
