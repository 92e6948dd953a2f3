export * from './policy';
export * from './machine';
export * from './deadlines';
export * from './csv';
