import { describe, expect, it } from 'vitest';
import { haproxyConfig, maxConnectionsHere } from '../../../scripts/cluster/haproxy';

describe('the HAProxy configuration the cluster runs (resources/haproxy/haproxy.cfg.template)', () => {
  const config = haproxyConfig({
    bind: '127.0.0.1:8080',
    statsSocket: '/tmp/stats.sock',
    backends: [
      { name: 'instance-1', host: '127.0.0.1', port: 9001 },
      { name: 'instance-2', host: '127.0.0.1', port: 9002 },
    ],
    maxConnections: 500,
  });

  it('fills every field', () => {
    expect(config).not.toMatch(/\{\{[A-Z_]+\}\}/);
    expect(config).toContain('bind 127.0.0.1:8080');
    expect(config).toContain('stats socket /tmp/stats.sock');
  });

  it('checks every instance on the health route, without stickiness', () => {
    expect(config).toContain('option httpchk GET /healthz');
    expect(config).toContain('server instance-1 127.0.0.1:9001 check');
    expect(config).toContain('server instance-2 127.0.0.1:9002 check');
    expect(config).not.toMatch(/^\s*(cookie|stick)\b/m);
  });

  it('never asks for more connections than the open-file limit allows', () => {
    expect(config).toMatch(new RegExp(`maxconn ${Math.min(500, maxConnectionsHere())}\\b`));
    const huge = haproxyConfig({ bind: '127.0.0.1:1', statsSocket: '/tmp/s', backends: [], maxConnections: 10_000_000 });
    expect(huge).toContain(`maxconn ${maxConnectionsHere()}`);
  });
});
