/**
 * zod problems put into words, one way everywhere:
 * - `firstIssue(error, whole)`: "field.path: message" for the first problem, where a single line
 *   naming one field is wanted (command arguments, contract checks, server answers); `whole`
 *   names the value itself when the problem is at its root ("arguments", "result", "body").
 * - `issuePath(issue, whole)`: just the field path, for keying one message per field.
 * - every problem at once (configuration, logs): zod's own `z.prettifyError`.
 */
import type { z } from 'zod';

type Issue = z.ZodError['issues'][number];

export function issuePath(issue: Issue, whole: string): string {
  return issue.path.length > 0 ? issue.path.map(String).join('.') : whole;
}

export function firstIssue(error: z.ZodError, whole = 'value'): string {
  const issue = error.issues[0];
  return issue === undefined ? `${whole}: invalid` : `${issuePath(issue, whole)}: ${issue.message}`;
}
