export * from './model';
export * from './report';
export * from './golive-checks';
export * from './golive-k8s-validation';
