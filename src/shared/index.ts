/** The domain model and the pure rules every runtime shares (client, server, tests). */
export * from './model';
export * from './rules';
