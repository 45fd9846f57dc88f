// Licence notices of the bundled data sets. Everything is set as text, never parsed as markup.
import { DATA_NOTICES, type DataNotice } from '@/lib/knowledge/generated/notices';
import { setPageLanguage, t } from '@/components/i18n';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function noticeSection(notice: DataNotice): HTMLElement {
  const source = element('a', notice.source);
  source.href = notice.source;
  const fields: [string, Node | string][] = [
    [t('notice_source'), source],
    [t('notice_version'), notice.version],
    [t('notice_licence'), notice.licence],
    [t('notice_use'), notice.use],
  ];
  const details = element('dl');
  for (const [term, value] of fields) {
    const description = element('dd');
    // append() turns a string into a text node.
    description.append(value);
    details.append(element('dt', term), description);
  }
  const section = element('section');
  section.append(element('h2', notice.name), details, element('pre', notice.text));
  return section;
}

setPageLanguage();
document.title = t('notices_title');
document.getElementById('heading')!.textContent = t('notices_heading');
document.getElementById('intro')!.textContent = t('notices_intro');
document.getElementById('notices')!.append(...DATA_NOTICES.map(noticeSection));
