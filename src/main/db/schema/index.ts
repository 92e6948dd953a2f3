/**
 * The database schema, one file per domain. drizzle-kit reads this index to generate the SQL
 * migrations in /drizzle: never edit a generated migration; change the schema and run
 * `npm run db:generate`.
 *
 * Dates are ISO strings: 'YYYY-MM-DD' for calendar dates (assessment, gateway), full ISO
 * timestamps in UTC for events (created, audited). Grades and method codes are stored as the
 * codes of the standard version the row belongs to, so the version's data file stays the single
 * source of truth for what they mean.
 */
export * from './core';
export * from './assessors';
export * from './attachments';
export * from './conflicts';
export * from './sampling';
export * from './moderation';
export * from './standardisation';
export * from './appeals';
export * from './analytics';
export * from './imports';
