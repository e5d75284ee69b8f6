/**
 * One suite's media stack (vitest hooks): the profile server with the PBX, and a media lab of
 * Chromium pages running the renderer's media engine. `cleanups` run after each test, newest
 * first; everything stops after the suite.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RunningPbx } from '../../scripts/pbx/pbx';
import { startServerWithPbx } from './pbxStack';
import type { TestServer } from './server';
import { startMediaLab, type MediaLab } from './webrtcPhones';

export interface MediaLabSuite {
  readonly server: TestServer;
  readonly pbx: RunningPbx;
  readonly lab: MediaLab;
  readonly cleanups: Array<() => Promise<void>>;
}

export function mediaLabSuite(): MediaLabSuite {
  let server: TestServer | undefined;
  let pbx: RunningPbx | undefined;
  let lab: MediaLab | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The media suite's ${what} is not started yet (use it inside a test or hook)`);
    return value;
  };

  beforeAll(async () => {
    ({ server, pbx } = await startServerWithPbx());
    lab = await startMediaLab();
  }, 90_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  afterAll(async () => {
    await lab?.close();
    await pbx?.stop();
    await server?.stop();
  });

  return {
    get server() {
      return started(server, 'server');
    },
    get pbx() {
      return started(pbx, 'PBX');
    },
    get lab() {
      return started(lab, 'media lab');
    },
    cleanups,
  };
}
