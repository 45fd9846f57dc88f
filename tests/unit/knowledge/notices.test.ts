// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_NOTICES } from '../../../lib/knowledge/generated/notices';

describe('notices page', () => {
  beforeAll(async () => {
    const html = readFileSync(join(__dirname, '../../../entrypoints/notices/index.html'), 'utf8');
    document.body.replaceChildren(...new DOMParser().parseFromString(html, 'text/html').body.children);
    await import('../../../entrypoints/notices/main');
  });

  it('shows each data set with its source, version and licence text', () => {
    const sections = [...document.querySelectorAll('#notices section')];
    expect(sections.map((s) => s.querySelector('h2')?.textContent)).toEqual([
      'Open Cookie Database',
      'Badger Sett (Privacy Badger crawl results)',
      'third-party-web',
    ]);
    DATA_NOTICES.forEach((notice, i) => {
      expect(sections[i].querySelector('a')?.getAttribute('href')).toBe(notice.source);
      expect(sections[i].querySelector('dl')?.textContent).toContain(notice.version);
      expect(sections[i].querySelector('pre')?.textContent).toBe(notice.text);
    });
    expect(sections[0].querySelector('pre')?.textContent).toContain('Apache License');
    expect(sections[2].querySelector('pre')?.textContent).toContain('Copyright (c) 2019 Patrick Hulce');
  });
});
