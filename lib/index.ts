export * from './checklist';
export * from './checks';
