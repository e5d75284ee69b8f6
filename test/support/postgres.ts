/** The throwaway PostgreSQL of tests lives in scripts/cluster/postgres.ts (the cluster script uses it too). */
export * from '../../scripts/cluster/postgres';
