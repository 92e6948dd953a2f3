-- A moderation record set aside by a later grade change (superseded_at, migration 0016) no
-- longer gives its decision an assessor's and a moderated grade in the dashboards' figures: the
-- decision counts as moderated again only once it is. The triggers of migration 0008 that keep
-- analytics_moderated, with the settling record chosen as the queue chooses it.
DROP TRIGGER `analytics_moderation_insert`;--> statement-breakpoint
CREATE TRIGGER `analytics_moderation_insert` AFTER INSERT ON `moderation_records`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
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
DROP TRIGGER `analytics_moderation_update`;--> statement-breakpoint
CREATE TRIGGER `analytics_moderation_update` AFTER UPDATE ON `moderation_records`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
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
DROP TRIGGER `analytics_moderation_delete`;--> statement-breakpoint
CREATE TRIGGER `analytics_moderation_delete` AFTER DELETE ON `moderation_records`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
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
DROP TRIGGER `analytics_appeal_grade_change`;--> statement-breakpoint
CREATE TRIGGER `analytics_appeal_grade_change` AFTER INSERT ON `appeal_grade_changes`
BEGIN
  INSERT INTO analytics_moderated (decision_id, assessor_id, assessment_date, method_id, epa_id,
      current_grade, assessor_grade, moderated_grade, awarded_grade)
    SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
      (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
      (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
         AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
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
UPDATE analytics_moderated SET
  assessor_grade = (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = analytics_moderated.decision_id
    AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1),
  moderated_grade = (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = analytics_moderated.decision_id
    AND coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL ORDER BY r.id DESC LIMIT 1)
WHERE decision_id IN (SELECT decision_id FROM moderation_records WHERE superseded_at IS NOT NULL);
