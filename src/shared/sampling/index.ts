export * from './params';
export * from './generate';
export * from './funnel';
