// @vitest-environment jsdom
/**
 * The popup's "Open side panel" button (components/SidePanelButton.svelte) with each browser's
 * API faked: Chrome's `sidePanel.open({ windowId })`, Firefox's `sidebarAction.open()`. Both only
 * open in answer to the user's click, and Firefox forgets the click at the first `await`: the call
 * must be made before the click handler returns.
 */
import { render, screen } from '@testing-library/svelte';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import SidePanelButton from '../../components/SidePanelButton.svelte';

const POPUP_WINDOW = 5;
const api = fakeBrowser as unknown as { sidePanel?: { open: ReturnType<typeof vi.fn> }; sidebarAction?: { open: ReturnType<typeof vi.fn> } };

let close: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: POPUP_WINDOW } as never);
  close = vi.spyOn(window, 'close').mockImplementation(() => {});
});

afterEach(() => {
  delete api.sidePanel;
  delete api.sidebarAction;
});

const button = () => screen.getByRole('button', { name: 'Open side panel' });

describe('Open side panel', () => {
  it('Chrome: opens the panel of the popup’s window within the click, then closes the popup', async () => {
    api.sidePanel = { open: vi.fn().mockResolvedValue(undefined) };
    render(SidePanelButton);
    await vi.waitFor(() => expect((button() as HTMLButtonElement).disabled).toBe(false));
    button().click();
    // Called before the handler returned: nothing awaited first.
    expect(api.sidePanel.open).toHaveBeenCalledWith({ windowId: POPUP_WINDOW });
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
  });

  it('Firefox: opens the sidebar within the click, then closes the popup', async () => {
    api.sidebarAction = { open: vi.fn().mockResolvedValue(undefined) };
    render(SidePanelButton);
    expect((button() as HTMLButtonElement).disabled).toBe(false);
    button().click();
    expect(api.sidebarAction.open).toHaveBeenCalledWith();
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
  });

  it('says so when the browser refuses, and keeps the popup open', async () => {
    api.sidebarAction = { open: vi.fn().mockRejectedValue(new Error('sidebarAction.open may only be called from a user input handler')) };
    render(SidePanelButton);
    button().click();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The side panel did not open: sidebarAction.open may only be called from a user input handler',
    );
    expect(close).not.toHaveBeenCalled();
  });

  it('is not offered where the browser has no side panel', () => {
    render(SidePanelButton);
    expect(screen.queryByRole('button', { name: 'Open side panel' })).toBeNull();
  });
});
