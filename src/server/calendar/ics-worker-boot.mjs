// Entry of the calendar worker thread (ics-parser.ts starts it): the server runs from TypeScript
// source, and a worker thread does not inherit a test runner's loader, so tsx loads the worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('./ics-worker.ts', import.meta.url);
