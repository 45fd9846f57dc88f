// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SiteDeleteButton from '../../components/SiteDeleteButton.svelte';

function renderButton(count = 2) {
  const onConfirm = vi.fn();
  render(SiteDeleteButton, { site: 'site.example', count, onConfirm });
  return onConfirm;
}

const startDeleting = () => fireEvent.click(screen.getByRole('button', { name: 'Delete all cookies of site.example' }));
const confirmation = () => screen.getByRole('group', { name: 'Confirm deleting the cookies of site.example' });

describe('SiteDeleteButton', () => {
  it.each([
    [2, 'Delete 2 cookies of site.example?'],
    [1, 'Delete 1 cookie of site.example?'],
  ])('asks before deleting %i cookie(s)', async (count, question) => {
    const onConfirm = renderButton(count);
    await startDeleting();
    expect(confirmation().textContent?.replace(/\s+/g, ' ')).toContain(question);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('deletes after "Delete", once, and goes back to its button', async () => {
    const onConfirm = renderButton();
    await startDeleting();
    await fireEvent.click(within(confirmation()).getByRole('button', { name: 'Delete' }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith('site.example');
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete all cookies of site.example' })).toBeTruthy();
  });

  it('deletes nothing after "Cancel", and can be asked again', async () => {
    const onConfirm = renderButton();
    await startDeleting();
    await fireEvent.click(within(confirmation()).getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('group')).toBeNull();

    await startDeleting();
    await fireEvent.click(within(confirmation()).getByRole('button', { name: 'Delete' }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith('site.example');
  });
});
