export * from './types';
export * from './thresholds';
export * from './catalog';
export * from './attestations';
export * from './acknowledge';
