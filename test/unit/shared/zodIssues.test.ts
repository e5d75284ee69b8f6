import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssue, issuePath } from '../../../src/shared/zodIssues';

const Schema = z.object({ numbers: z.object({ mobile: z.string({ error: 'Enter a number' }) }), hold: z.boolean() });

describe('zod problems in words', () => {
  it('names the first problem by its field path', () => {
    const error = Schema.safeParse({ numbers: {}, hold: 'yes' }).error!;
    expect(firstIssue(error, 'arguments')).toBe('numbers.mobile: Enter a number');
    expect(issuePath(error.issues[1]!, 'input')).toBe('hold');
  });

  it('names the whole value when the problem is at its root', () => {
    const error = Schema.safeParse('nonsense').error!;
    expect(firstIssue(error, 'result')).toMatch(/^result: /);
    expect(firstIssue(error)).toMatch(/^value: /);
    expect(firstIssue(new z.ZodError([]), 'body')).toBe('body: invalid');
  });
});
