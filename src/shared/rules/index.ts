export * from './triggers';
export * from './effective';
export * from './incoming';
