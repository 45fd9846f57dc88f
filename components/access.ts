import type { PageAccess } from '@/lib/page';
import { t } from './i18n';

type Reason = Exclude<PageAccess, { ok: true }>['reason'];

/** Why a page cannot be inspected, in the UI's language (lib/page.ts's ACCESS_EXPLANATIONS is the English source). */
export function accessExplanation(reason: Reason): { title: string; detail: string } {
  const key = `access_${reason.replace(/-/g, '_')}`;
  return { title: t(`${key}_title`), detail: t(`${key}_detail`) };
}
