import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/server/config';

describe('server configuration: TRUST_PROXY (instances behind a load balancer)', () => {
  it('is unset by default: the connection address is the caller', () => {
    expect(loadConfig([], {}).config.trustProxy).toBeUndefined();
  });

  it('reads the balancers’ addresses from the environment', () => {
    expect(loadConfig([], { TRUST_PROXY: '127.0.0.1,10.0.0.0/24' }).config.trustProxy).toBe('127.0.0.1,10.0.0.0/24');
  });
});
