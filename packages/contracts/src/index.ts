export * from './id-number.ts';
export * from './calendar.ts';
export * from './problem.ts';
export * from './auth.ts';
export * from './cases.ts';
export * from './registry.ts';
export * from './dates.ts';
export * from './agents.ts';
