/** Errors services raise; the HTTP layer turns them into `ApiErrorBody` answers. */
import type { ApiErrorBody } from '../../shared/server-api';
import type { Text } from '../../shared/text';

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

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} was not found`);
export const forbidden = (message = 'You are not allowed to do this'): ApiError => new ApiError(403, 'forbidden', message);
export const conflict = (message: string, details?: unknown): ApiError => new ApiError(409, 'conflict', message, details);
export const invalid = (message: string, details?: unknown): ApiError => new ApiError(400, 'invalid_argument', message, details);
