export { PLACEHOLDER_ULN, makeUln, ulnCheckDigit, validateUln } from './uln';
export type { UlnResult } from './uln';
export { validateUkprn } from './ukprn';
export type { UkprnResult } from './ukprn';
