export * from './templates';
export * from './values';
