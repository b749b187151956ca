export * from './model';
export * from './report';
export * from './golive-checks';
