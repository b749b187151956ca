export * from './workload-image';
export * from './workload-peer';
export * from './ingress-controller';
export * from './ingress-nginx-config';
export * from './external-secret';
export * from './canary-rollout';
export * from './production-workload';
export * from './acknowledgements';
