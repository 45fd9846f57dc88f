// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import MaskedValue from '../../components/MaskedValue.svelte';

/** The background's answer to `getValue`: the value, or null when the cookie is gone. */
const reads = (value: string | null) => vi.fn(async () => value);

describe('MaskedValue', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('says the value is empty and offers nothing to reveal', () => {
    const load = reads('');
    render(MaskedValue, { empty: true, name: 'flag', load });
    expect(screen.getByText('(empty)')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('reads the value only when asked, and shows a multibyte value exactly as stored', async () => {
    const load = reads('Zürich – 東京 😀');
    render(MaskedValue, { empty: false, name: 'lang', load });
    expect(screen.getByText('Value hidden')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of lang' }));
    expect(await screen.findByText('Zürich – 東京 😀')).toBeTruthy();
    expect(screen.queryByText('Value hidden')).toBeNull();
    // Hidden and shown again: read once.
    await fireEvent.click(screen.getByRole('button', { name: 'Hide value of lang' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of lang' }));
    expect(await screen.findByText('Zürich – 東京 😀')).toBeTruthy();
    expect(load).toHaveBeenCalledOnce();
  });

  it('reads the value again once the cookie changed', async () => {
    const { rerender } = render(MaskedValue, { empty: false, name: 'theme', load: reads('dark') });
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of theme' }));
    expect(await screen.findByText('dark')).toBeTruthy();
    await rerender({ load: reads('light') });
    expect(await screen.findByText('light')).toBeTruthy();
    expect(screen.queryByText('dark')).toBeNull();
  });

  it('says when the cookie is no longer stored', async () => {
    render(MaskedValue, { empty: false, name: 'gone', load: reads(null) });
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of gone' }));
    expect(await screen.findByText('(no longer stored)')).toBeTruthy();
  });

  it('shortens a very long value and says how long it is', async () => {
    const value = 'a'.repeat(300) + 'TAIL'.repeat(25);
    const { container } = render(MaskedValue, { empty: false, name: 'big', load: reads(value) });
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of big' }));
    await screen.findByText(`${'a'.repeat(300)}…`);
    const code = container.querySelector('code')!;
    expect(code.textContent).toBe(`${'a'.repeat(300)}…`);
    expect(code.title).toBe('400 characters');
  });

  it('copies the whole value without showing it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { container } = render(MaskedValue, { empty: false, name: 'sid', load: reads('secret-token') });
    await fireEvent.click(screen.getByRole('button', { name: 'Copy value of sid' }));
    expect(await screen.findByText('Copied')).toBeTruthy();
    expect(writeText).toHaveBeenCalledExactlyOnceWith('secret-token');
    expect(container.innerHTML).not.toContain('secret-token');
  });
});
