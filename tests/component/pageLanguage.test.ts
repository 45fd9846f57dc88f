// @vitest-environment jsdom
/**
 * The page's `<html lang>` is the language of the words it shows (components/i18n.ts): German
 * messages make a German page, for screen readers to read it with a German voice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setPageLanguage, useMessages } from '../../components/i18n';
import de from '../../public/_locales/de/messages.json';
import en from '../../public/_locales/en/messages.json';

afterEach(() => useMessages(en));

describe('the page language', () => {
  it('follows the messages in use', () => {
    document.documentElement.lang = 'en';
    useMessages(de);
    setPageLanguage();
    expect(document.documentElement.lang).toBe('de');
    useMessages(en);
    setPageLanguage();
    expect(document.documentElement.lang).toBe('en');
  });
});
