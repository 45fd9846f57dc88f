// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import MaskedValue from '../../components/MaskedValue.svelte';

describe('MaskedValue', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('says the value is empty and offers nothing to reveal', () => {
    render(MaskedValue, { value: '', name: 'flag' });
    expect(screen.getByText('(empty)')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows a multibyte value exactly as stored', async () => {
    render(MaskedValue, { value: 'Zürich – 東京 😀', name: 'lang' });
    expect(screen.getByText('Value hidden')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of lang' }));
    expect(screen.getByText('Zürich – 東京 😀')).toBeTruthy();
    expect(screen.queryByText('Value hidden')).toBeNull();
  });

  it('shortens a very long value and says how long it is', async () => {
    const value = 'a'.repeat(300) + 'TAIL'.repeat(25);
    const { container } = render(MaskedValue, { value, name: 'big' });
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of big' }));
    const code = container.querySelector('code')!;
    expect(code.textContent).toBe(`${'a'.repeat(300)}…`);
    expect(code.title).toBe('400 characters');
  });

  it('copies the whole value without showing it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { container } = render(MaskedValue, { value: 'secret-token', name: 'sid' });
    await fireEvent.click(screen.getByRole('button', { name: 'Copy value of sid' }));
    expect(writeText).toHaveBeenCalledExactlyOnceWith('secret-token');
    expect(await screen.findByText('Copied')).toBeTruthy();
    expect(container.innerHTML).not.toContain('secret-token');
  });
});
