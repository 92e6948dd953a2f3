/** Pure statistics shared by the screen, the command line and the evidence pack. */
export * from './agreement';
export * from './binomial';
export * from './consistency';
export * from './funnel';
export * from './thresholds';
