// UK Provider Reference Number: eight digits starting with 1. There is no check digit, so this
// catches typing slips only; whether the provider exists is the register's business.

export type UkprnResult = { ok: true; ukprn: string } | { ok: false; reason: string };

export function validateUkprn(text: string): UkprnResult {
  const ukprn = text.trim();
  if (ukprn === '') return { ok: false, reason: 'UKPRN is empty' };
  if (!/^\d+$/.test(ukprn)) return { ok: false, reason: 'UKPRN must contain only digits' };
  if (ukprn.length !== 8) {
    return { ok: false, reason: `UKPRN must be 8 digits (this has ${ukprn.length})` };
  }
  if (!ukprn.startsWith('1')) return { ok: false, reason: 'UKPRN must start with 1' };
  return { ok: true, ukprn };
}
