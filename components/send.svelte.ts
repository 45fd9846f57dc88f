/**
 * Asking the background from an extension page (the popup, the side panel, the DevTools panel):
 * one answer's result, or its failure as an error to show.
 */
import { browser } from 'wxt/browser';
import type { Message, Replies, Reply } from '@/lib/messages';
import { t } from './i18n';

/** The answer's result; no answer at all (the background was reloaded) or its error throws. */
export function resultOf<M extends Message>(reply: Reply<M> | undefined): Replies[M['type']] {
  if (!reply) throw new Error(t('error_no_answer'));
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

export async function send<M extends Message>(message: M): Promise<Replies[M['type']]> {
  // Parts of a message may come from reactive state, which Svelte wraps in proxies; Firefox
  // refuses to send a proxy ("Proxy object could not be cloned"), so send a plain copy.
  return resultOf((await browser.runtime.sendMessage($state.snapshot(message))) as Reply<M> | undefined);
}
