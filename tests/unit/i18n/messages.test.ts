import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COOKIE_RULES, SITE_RULES } from '../../../lib/audit/rules';
import { PHASE_LABELS, VERDICT_LABELS } from '../../../lib/consent/labels';
import { formatMessage, placeholdersOf, ruleKey, type Messages } from '../../../lib/i18n';
import { ACCESS_EXPLANATIONS } from '../../../lib/page';
import { PHRASES } from '../../../lib/phrases';
import { accessExplanation } from '../../../components/access';
import { t, tn, useMessages } from '../../../components/i18n';
import { untranslated } from './untranslated';

const ROOT = join(__dirname, '../../..');
const load = (lang: string): Messages => JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8'));
const en = load('en');
const de = load('de');

/**
 * Components not yet through `t()`: each is checked to still need it, so that the list only
 * shrinks. The CLI's report (cli/) is English.
 */
const PENDING = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.svelte'))
    .map((f) => join(dir, f));
}

describe('messages.json', () => {
  it('has the same keys in English and German, each a valid Chrome message name', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('gives each message the same placeholders, for the same substitutions, in both languages', () => {
    for (const [key, entry] of Object.entries(en)) {
      const other = de[key];
      expect(placeholdersOf(other), key).toEqual(placeholdersOf(entry));
      expect(other.placeholders ?? {}, key).toEqual(entry.placeholders ?? {});
      expect(other.message.match(/\$[1-9]/g)?.sort() ?? [], key).toEqual(entry.message.match(/\$[1-9]/g)?.sort() ?? []);
    }
  });

  it('declares every placeholder it uses and writes a literal dollar as $$', () => {
    for (const messages of [en, de]) {
      for (const [key, entry] of Object.entries(messages)) {
        const declared = Object.keys(entry.placeholders ?? {}).map((n) => n.toLowerCase());
        const used = placeholdersOf(entry);
        expect(used.filter((n) => !declared.includes(n)), key).toEqual([]);
        expect(declared.filter((n) => !used.includes(n)), key).toEqual([]);
        // What is left once $$, $name$ and $1…$9 are taken out has no lone dollar.
        expect(entry.message.replace(/\$\$|\$[A-Za-z0-9_@]+\$|\$[1-9]/g, ''), key).not.toContain('$');
        expect(entry.message.trim(), key).not.toBe('');
      }
    }
  });

  it('has German words where English has words (nothing left in English by mistake)', () => {
    // Product and technical names, and words German has taken from English.
    const sameInGerman = new Set(['Cookie Audit', 'Google Consent Mode: $mode$.', 'Cookie', 'Cookies', 'Domain', 'Flags', 'Hosts', 'Tracking', 'Beacon', 'Beacons', 'Partition', 'Marketing', 'Format', 'Status', 'Version', 'Phase', 'Cookies:']);
    const same = Object.keys(en).filter((key) => en[key].message === de[key].message && /[a-z]{4,}/.test(en[key].message));
    expect(same.filter((key) => !sameInGerman.has(en[key].message))).toEqual([]);
  });
});

describe('formatMessage, as i18n.getMessage', () => {
  it('fills named placeholders and $1-style substitutions, and writes $$ as $', () => {
    const entry = { message: 'Delete $COUNT$ cookies of $site$? $1 costs $$5', placeholders: { count: { content: '$1' }, site: { content: '$2' } } };
    expect(formatMessage(entry, ['3', 'example.com'])).toBe('Delete 3 cookies of example.com? 3 costs $5');
    expect(formatMessage({ message: 'Keep it in $$_SESSION' })).toBe('Keep it in $_SESSION');
    expect(formatMessage({ message: 'Missing $1.' }, [])).toBe('Missing .');
  });

  it('t() falls back to the English table outside the extension, and picks the plural', () => {
    useMessages(en);
    try {
      expect(t('no_cookies_detail', 'shop.test')).toMatch(/^Neither shop\.test nor any site/);
      expect(tn(1, 'count_cookies')).toBe('1 cookie');
      expect(tn(2, 'count_cookies')).toBe('2 cookies');
      expect(t('no_such_message')).toBe('no_such_message');
      useMessages(de);
      expect(tn(2, 'site_delete_question', 'shop.test')).toBe('2 Cookies von shop.test löschen?');
    } finally {
      useMessages(en);
    }
  });
});

describe('the English table says what the audit (lib/) says', () => {
  it('has every rule’s title and why, word for word', () => {
    for (const rule of [...COOKIE_RULES, ...SITE_RULES]) {
      expect(en[ruleKey(rule.id, 'title')]?.message.replace(/\$\$/g, '$'), rule.id).toBe(rule.title);
      expect(en[ruleKey(rule.id, 'why')]?.message.replace(/\$\$/g, '$'), rule.id).toBe(rule.why);
    }
  });

  it('has every message the audit composes (lib/phrases.ts), word for word and with its placeholders', () => {
    for (const [key, template] of Object.entries(PHRASES)) {
      const { description: _description, ...entry } = en[key] ?? { message: '(missing)' };
      expect(entry, key).toEqual(template);
    }
  });

  it('explains pages it cannot inspect, and names consent phases and verdicts, as lib does', () => {
    useMessages(en);
    for (const [reason, text] of Object.entries(ACCESS_EXPLANATIONS)) {
      expect(accessExplanation(reason as keyof typeof ACCESS_EXPLANATIONS)).toEqual(text);
    }
    for (const [phase, label] of Object.entries(PHASE_LABELS)) expect(t(`phase_${phase.replace(/-/g, '_')}`)).toBe(label);
    for (const [verdict, label] of Object.entries(VERDICT_LABELS)) expect(t(`verdict_${verdict}`)).toBe(label);
  });
});

describe('the UI', () => {
  const files = [...sources('components'), ...sources('entrypoints')];

  it('leaves no words in components/ or entrypoints/ untranslated', () => {
    const found = files.filter((f) => !PENDING.has(f)).flatMap((f) => untranslated(readFileSync(join(ROOT, f), 'utf8'), f));
    expect(found).toEqual([]);
  });

  it('still has words to translate in each component listed as pending', () => {
    for (const f of PENDING) expect(untranslated(readFileSync(join(ROOT, f), 'utf8'), f).length, f).toBeGreaterThan(0);
  });

  it('names only messages that exist', () => {
    const code = files.map((f) => readFileSync(join(ROOT, f), 'utf8'));
    for (const dir of ['components', 'entrypoints']) {
      for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
        code.push(readFileSync(join(ROOT, dir, f), 'utf8'));
      }
    }
    const names = code.flatMap((text) => [...text.matchAll(/\bt(n|Or)?\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => (m[1] === 'n' ? `${m[2]}_one` : m[2])));
    expect(names.length).toBeGreaterThan(100);
    expect([...new Set(names)].filter((name) => !en[name])).toEqual([]);
    // Names put together from a prefix (`severity_${s}`): the prefix has messages.
    const prefixes = code.flatMap((text) => [...text.matchAll(/\bt\(\s*`([A-Za-z0-9_]+)\$\{/g)].map((m) => m[1]));
    for (const prefix of prefixes) expect(Object.keys(en).some((k) => k.startsWith(prefix)), prefix).toBe(true);
  });

  it('untranslated() finds words in text, text attributes and the strings expressions show', () => {
    const source = `<script>const views = [{ id: 'a', label: 'Cookies' }, { id: 'b', label: t('x') }];</script>
      <p title="Score" class="good">{t('ok')} {x === 'asc' ? '▲' : '▼'} {open ? 'Hide' : t('show')}</p>
      <button aria-label={\`Delete \${name}\`}>✕</button> <span>HttpOnly · Set-Cookie</span> Left over`;
    expect(untranslated(source, 'x.svelte').map((u) => u.text)).toEqual(['Score', 'Hide', 'Delete', 'Left over', 'Cookies']);
  });
});
