/**
 * The apprentice keeps the employer and provider they were first recorded with; a later row may
 * name others (a change of employer, or a different spelling). The standardisation rules judge
 * conflicts of interest against the recorded ones, so a conflict with a party only the file
 * names would go unseen: this checks the row's assessor against those parties too.
 */
import { conflictOn, type DeclaredConflict } from '@shared/standardisation/eligibility';
import type { Statement } from 'better-sqlite3';
import type { AppContext } from '../core/context';
import type { DecisionInput } from './decisions-row';
import type { ApprenticeState } from './decisions-store';
import type { Reference } from './reference';

export class NamedPartyConflicts {
  private readonly declared = new Map<number, DeclaredConflict[]>();
  private readonly query: Statement;

  constructor(
    ctx: AppContext,
    private readonly reference: Reference,
  ) {
    this.query = ctx.sqlite.prepare(
      `SELECT party_type AS partyType, party_ref AS partyRef, declared_on AS declaredOn,
         ended_on AS endedOn FROM conflicts WHERE subject_type = 'assessor' AND subject_id = ?`,
    );
  }

  /**
   * The conflict the row's assessor declared with an employer or provider the row names but the
   * apprentice is not recorded with, as a flag message; null when there is none.
   */
  check(d: DecisionInput, apprentice: ApprenticeState, assessorId: number): string | null {
    const employer =
      d.employer !== null && this.reference.employer(d.employer) !== apprentice.employerId
        ? d.employer
        : null;
    const ukprn =
      d.ukprn !== null && this.reference.providers.get(d.ukprn) !== apprentice.providerId
        ? d.ukprn
        : null;
    if (employer === null && ukprn === null) return null;
    let conflicts = this.declared.get(assessorId);
    if (!conflicts) {
      conflicts = this.query.all(assessorId) as DeclaredConflict[];
      this.declared.set(assessorId, conflicts);
    }
    const onEmployer = conflictOn(conflicts, { uln: d.uln, employer, providerUkprn: null }, d.date);
    const found =
      onEmployer ??
      conflictOn(conflicts, { uln: d.uln, employer: null, providerUkprn: ukprn }, d.date);
    if (!found) return null;
    return `assessor ${found.message}, named in this row (the apprentice is recorded with another ${onEmployer ? 'employer' : 'provider'})`;
  }
}
