/** The appeals register uses the shared CSV rules (formula injection neutralised). */
export { csvLine, neutraliseCell } from '../csv';
