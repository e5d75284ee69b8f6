/**
 * The built-in templates every company starts with. They come from the shared rules
 * (`builtInTemplates()`), so the client's previews and the server's data are the same.
 */
import { builtInTemplates } from '../../shared/rules/templates';
import type { BuiltInTemplate } from './templates';

export function companyBuiltIns(): BuiltInTemplate[] {
  return builtInTemplates();
}
