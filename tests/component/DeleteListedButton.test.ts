// @vitest-environment jsdom
/** Deleting the cookies a search lists (components/DeleteListedButton.svelte): asked once, inline, the focus kept. */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import DeleteListedButton from '../../components/DeleteListedButton.svelte';

function renderButton(count: number) {
  const onConfirm = vi.fn();
  const result = render(DeleteListedButton, { count, onConfirm });
  return { ...result, onConfirm };
}
const confirmation = () => screen.getByRole('group', { name: 'Confirm deleting the listed cookies' });

describe('DeleteListedButton', () => {
  it('asks how many cookies it will delete, with the focus on Cancel, and deletes nothing before the answer', async () => {
    const { onConfirm } = renderButton(3);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete listed…' }));
    await tick();
    expect(confirmation().textContent?.replace(/\s+/g, ' ')).toContain('Delete the 3 cookies listed?');
    expect(document.activeElement).toBe(within(confirmation()).getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('deletes once after "Delete N" and puts the focus back on its button', async () => {
    const { onConfirm } = renderButton(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete listed…' }));
    expect(confirmation().textContent?.replace(/\s+/g, ' ')).toContain('Delete the 1 cookie listed?');
    await fireEvent.click(within(confirmation()).getByRole('button', { name: 'Delete 1' }));
    await tick();
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete listed…' }));
  });

  it('deletes nothing after Cancel', async () => {
    const { onConfirm } = renderButton(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete listed…' }));
    await fireEvent.click(within(confirmation()).getByRole('button', { name: 'Cancel' }));
    await tick();
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete listed…' }));
  });

  it('cannot be started when nothing is listed', () => {
    renderButton(0);
    expect((screen.getByRole('button', { name: 'Delete listed…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
