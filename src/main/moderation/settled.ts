/**
 * When a moderation record settles its decision, as SQL over `moderation_records r`: any outcome
 * but "referred back to the assessor", unless a later grade change from outside the app (a
 * re-import) set the record aside, so that the decision is moderated again.
 */
export const SETTLES = `coalesce(r.outcome, '') <> 'referred_back' AND r.superseded_at IS NULL`;
