export * from './app-secret';
export * from './production-cache';
export * from './backup-plan';
export * from './production-database';
export * from './https-endpoint';
export * from './service-alarms';
export * from './canary-deployment';
export * from './production-service';
