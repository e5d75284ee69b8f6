export * from './triggers';
export * from './effective';
export * from './incoming';
export * from './queues';
export * from './callerId';
export * from './validation';
export * from './templates';
export * from './describe';
