export * from './checklist';
export * from './checks';
export * from './aws';
export * from './k8s';
export * from './verify';
