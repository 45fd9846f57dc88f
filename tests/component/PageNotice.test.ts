// @vitest-environment jsdom
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PageNotice from '../../components/PageNotice.svelte';
import { ACCESS_EXPLANATIONS } from '../../lib/page';

describe('PageNotice', () => {
  it('announces why the page cannot be inspected', () => {
    render(PageNotice, ACCESS_EXPLANATIONS.store);
    const notice = screen.getByRole('status');
    expect(screen.getByRole('heading', { name: ACCESS_EXPLANATIONS.store.title })).toBeTruthy();
    expect(notice.textContent).toContain(ACCESS_EXPLANATIONS.store.detail);
  });

  it('renders text, not markup', () => {
    const { container } = render(PageNotice, { title: '<img src=x onerror=alert(1)>', detail: '<script>alert(1)</script>' });
    expect(container.querySelector('img, script')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
