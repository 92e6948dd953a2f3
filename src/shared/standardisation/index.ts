export * from './policy';
export * from './coverage';
export * from './dates';
export * from './compliance';
export * from './eligibility';
export * from './flags';
export * from './exercises';
