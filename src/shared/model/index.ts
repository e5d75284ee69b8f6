export * from './common';
export * from './profile';
export * from './directory';
export * from './state';
export * from './destinations';
export * from './audit';
export * from './queues-admin';
export * from './sites';
