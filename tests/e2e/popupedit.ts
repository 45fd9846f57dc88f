/**
 * Editing and creating cookies from the popup (the DevTools panel's editor in a dialog), and
 * deleting the listed cookies, driven as a user does through `page.evaluate`; shared by both
 * browsers' specs. `jar` reads the browser's own cookies (partitioned ones included) by name.
 */
import { expect } from 'vitest';
import { check, click, fill, text, type Page } from './devtools';
import { readRows, waitUntil } from './popup';

/** A cookie as the browser's cookies API holds it. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string;
}

export type Jar = (name: string) => Promise<StoredCookie[]>;

/** The visible text of a cookie's row, spaces collapsed; null when it has no row. */
export function rowText(page: Page, name: string): Promise<string | null> {
  return page.evaluate((n: string) => {
    const row = [...document.querySelectorAll('tr.cookie-row')].find((r) => (r as HTMLElement).dataset.name === n);
    return row ? (row.textContent ?? '').replace(/\s+/g, ' ') : null;
  }, name);
}

/** The focused element's accessible name (its aria-label, else its text). */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });
}

/** Reveal a row's value with its own Show control and return it. */
export async function revealedValue(page: Page, name: string): Promise<string> {
  await click(page, `Show value of ${name}`);
  return waitUntil(`the revealed value of ${name}`, () =>
    page.evaluate((n: string) => {
      const row = [...document.querySelectorAll('tr.cookie-row')].find((r) => (r as HTMLElement).dataset.name === n);
      return row?.querySelector('code.revealed')?.textContent ?? null;
    }, name),
  );
}

const editorOpen = (page: Page) => page.evaluate(() => Boolean(document.querySelector('dialog.cookie-edit-modal[open] .cookie-editor')));

/**
 * From the row's Edit control: the value stays masked until asked for, then a new value and
 * HttpOnly are saved; the browser's cookie and then the row show what was stored.
 */
export async function editValueAndFlag(page: Page, jar: Jar, cookie: { name: string; oldValue: string; newValue: string }): Promise<void> {
  await click(page, `Edit cookie ${cookie.name}`);
  await waitUntil('the editor', () => editorOpen(page));
  expect(await text(page, '#editor-title')).toBe(`Edit ${cookie.name}`);
  // The value was read for the editor, not shown.
  expect(await page.evaluate(() => document.querySelector('.cookie-editor textarea[name="value"]'))).toBeNull();
  expect(await text(page, '.cookie-edit-modal')).not.toContain(cookie.oldValue);
  await click(page, 'Show the value to edit it', '.cookie-editor');
  await waitUntil('the value field, focused', () =>
    page.evaluate((v: string) => {
      const field = document.querySelector('.cookie-editor textarea[name="value"]') as HTMLTextAreaElement | null;
      return field !== null && field.value === v && document.activeElement === field;
    }, cookie.oldValue),
  );
  await fill(page, '.cookie-editor textarea[name="value"]', cookie.newValue);
  await check(page, '.cookie-editor input[name="httpOnly"]', true);
  await click(page, 'Save', '.cookie-editor');
  expect(await waitUntil('the saved status', async () => (await text(page, '.cookie-editor .status')) || null)).toBe('Saved. The browser stored it as entered.');
  const stored = await jar(cookie.name);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ value: cookie.newValue, httpOnly: true });
  // Behind the dialog, the row already shows the stored flag.
  await waitUntil('the row’s HttpOnly', async () => (await rowText(page, cookie.name))?.includes('HttpOnly'));
}

/** Close the editor with its own control; the focus is back on the row's Edit control. */
export async function closeEditorTo(page: Page, name: string): Promise<void> {
  await click(page, 'Close editor');
  await waitUntil('the editor closed', async () => !(await editorOpen(page)));
  expect(await waitUntil('the focus back on the row', async () => ((await focusedName(page)) === `Edit cookie ${name}` ? true : null))).toBe(true);
}

/**
 * "Add cookie": a cookie the browser would refuse (SameSite=None without Secure) is blocked with
 * the reason and nothing is set; made Secure, it is created and listed.
 */
export async function createRefusedThenValid(page: Page, jar: Jar, cookie: { name: string; value: string; domain: string }): Promise<void> {
  await click(page, 'Add cookie');
  await waitUntil('the editor', () => editorOpen(page));
  expect(await text(page, '#editor-title')).toBe('New cookie');
  expect(await page.evaluate(() => (document.querySelector('.cookie-editor input[name="domain"]') as HTMLInputElement).value)).toBe(cookie.domain);
  await fill(page, '.cookie-editor input[name="name"]', cookie.name);
  await fill(page, '.cookie-editor textarea[name="value"]', cookie.value);
  await fill(page, '.cookie-editor select[name="sameSite"]', 'no_restriction');
  await check(page, '.cookie-editor input[name="secure"]', false);
  const refusal = await waitUntil('the refusal', async () => (await text(page, '.cookie-editor .refusal')) || null);
  expect(refusal).toMatch(/^The browser will refuse this: SameSite=None requires Secure/);
  expect(await page.evaluate(() => (document.querySelector('.cookie-editor button[type="submit"]') as HTMLButtonElement).disabled)).toBe(true);
  expect(await jar(cookie.name)).toEqual([]);

  await check(page, '.cookie-editor input[name="secure"]', true);
  await waitUntil('the refusal gone', async () => (await text(page, '.cookie-editor .refusal')) === '');
  await click(page, 'Create', '.cookie-editor');
  expect(await waitUntil('the created status', async () => (await text(page, '.cookie-editor .status')) || null)).toMatch(/^Saved\. The browser stored it/);
  const [created] = await jar(cookie.name);
  expect(created).toMatchObject({ domain: cookie.domain, value: cookie.value, secure: true, sameSite: 'no_restriction', hostOnly: true, httpOnly: true });
  await closeEditorTo(page, cookie.name);
  const row = await waitUntil('the new row', async () => (await readRows(page)).find((r) => r.name === cookie.name));
  expect(row.section).toBe('first-party');
  expect(row.text).toContain('SameSite=None');
}

/** Search, then "Delete listed…" and its confirmation: exactly the listed cookies go. */
export async function deleteListed(page: Page, jar: Jar, search: string, listed: string[]): Promise<void> {
  const before = (await readRows(page)).map((r) => r.name);
  await fill(page, 'input[type="search"]', search);
  await waitUntil(`only ${listed.join(', ')} listed`, async () => {
    const names = (await readRows(page)).map((r) => r.name).sort();
    return JSON.stringify(names) === JSON.stringify([...listed].sort());
  });
  await click(page, 'Delete listed…');
  expect(await text(page, '.confirm.delete-listed')).toContain(`Delete the ${listed.length} cookie${listed.length === 1 ? '' : 's'} listed?`);
  await click(page, `Delete ${listed.length}`, '.confirm.delete-listed');
  await waitUntil('the listed cookies gone', async () => (await readRows(page)).length === 0);
  for (const name of listed) expect(await jar(name), name).toEqual([]);
  await fill(page, 'input[type="search"]', '');
  await waitUntil('the others still listed', async () => {
    const names = (await readRows(page)).map((r) => r.name).sort();
    return JSON.stringify(names) === JSON.stringify(before.filter((n) => !listed.includes(n)).sort());
  });
}

/**
 * In a windowed table (the popup benchmark's 300 cookies): a first-party row a quarter down the
 * page is edited; the page behind the dialog then scrolls back to the top, so the row is no
 * longer rendered; closing the editor scrolls it back in with the focus on its Edit control.
 */
export async function editWindowedRow(page: Page, jar: Jar): Promise<void> {
  await waitUntil('a windowed table', () => page.evaluate(() => Boolean(document.querySelector('table[aria-rowcount]'))));
  const name: string | null = await page.evaluate(async () => {
    scrollTo(0, document.documentElement.scrollHeight / 4);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const onScreen = [...document.querySelectorAll<HTMLElement>('section tr.cookie-row')].filter((r) => {
      if (r.closest('section')?.querySelector('h2')?.id !== 'first-party-title') return false;
      const { top, bottom } = r.getBoundingClientRect();
      return top > 60 && bottom < innerHeight;
    });
    return onScreen[0]?.dataset.name ?? null;
  });
  expect(name).not.toBeNull();
  const [before] = await jar(name!);
  await editValueAndFlag(page, jar, { name: name!, oldValue: before.value, newValue: `${before.value}-edited` });
  await page.evaluate(async () => {
    scrollTo(0, 0);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  await waitUntil('the row no longer rendered', async () => (await rowText(page, name!)) === null);
  await closeEditorTo(page, name!);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  expect(await revealedValue(page, name!)).toBe(`${before.value}-edited`);
  // The search still finds any cookie.
  await fill(page, 'input[type="search"]', name!);
  await waitUntil('the row found by search', async () => (await readRows(page)).length === 1);
  await fill(page, 'input[type="search"]', '');
}
