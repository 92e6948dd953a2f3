export * from './params';
export * from './generate';
