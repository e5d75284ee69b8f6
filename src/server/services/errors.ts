/** Errors services raise; the HTTP layer turns them into `ApiErrorBody` answers. */
import type { ApiErrorBody } from '../../shared/server-api';
import { text, type Text } from '../../shared/text';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorBody['error'],
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
    /** What to say to a person, when there is more than the English `message`. */
    readonly text?: Text,
  ) {
    super(message);
  }
}

/** The kinds of things a request can name that may not exist, with their English names. */
const THINGS = { user: 'User', template: 'Template', company: 'Company', recording: 'Recording', device: 'Desk phone', voicemail: 'Voicemail message', announcement: 'Announcement', application: 'Application', queue: 'Queue', site: 'Site' } as const;
export type Thing = keyof typeof THINGS;

/** "User was not found", or "User <id> was not found" when the request named users by id. */
export function notFound(thing: 'user', id?: string): ApiError;
export function notFound(thing: Thing): ApiError;
export function notFound(thing: Thing, id?: string): ApiError {
  const said = id === undefined ? text(`error.notFound.${thing}`) : text('error.notFound.userId', { id });
  return new ApiError(404, 'not_found', `${THINGS[thing]}${id === undefined ? '' : ` ${id}`} was not found`, undefined, undefined, said);
}

export const forbidden = (message: string, said?: Text): ApiError => new ApiError(403, 'forbidden', message, undefined, undefined, said);
export const conflict = (message: string, details?: unknown, said?: Text): ApiError =>
  new ApiError(409, 'conflict', message, details, undefined, said);
export const invalid = (message: string, details?: unknown, said?: Text): ApiError =>
  new ApiError(400, 'invalid_argument', message, details, undefined, said);
