/**
 * Creating, editing and importing cookies: `cookies.set` in the tab's own store and partition.
 * Every draft is judged first (lib/cookies/edit.ts) and nothing is set if one would be refused;
 * if the browser still refuses one mid-way, the cookies already set are put back as they were
 * (or removed when they were new), so a batch is applied whole or not at all.
 */
import { browser, type Browser } from 'wxt/browser';
import { cookieKey, cookieUrl, type BrowserCookie, type Cookie, type CookieId, type PartitionKey } from '@/lib/cookies/cookie';
import { draftOf, setDetailsOf, whyRefusedMsg, type CookieDraft, type SetDetails } from '@/lib/cookies/edit';
import { fromBrowserCookie } from '@/lib/cookies/normalise';
import type { SetCookiesReply } from '@/lib/messages';
import { english, msg, type Msg, type MsgArg } from '@/lib/phrases';
import { siteOfUrl } from '@/lib/site';

const IS_FIREFOX = import.meta.env.BROWSER === 'firefox';

/** The partition a new partitioned cookie gets: the tab's top-level site, as both browsers name it. */
export function topLevelSiteOf(tabUrl: string): PartitionKey | null {
  const site = siteOfUrl(tabUrl);
  if (!site) return null;
  return { topLevelSite: `${new URL(tabUrl).protocol}//${site}` };
}

type Details = SetDetails & Record<string, unknown>;

/** The cookie as stored, or why not: the browser's own error as it wrote it, or a message. */
async function set(details: SetDetails): Promise<BrowserCookie | { error: MsgArg }> {
  try {
    const stored = (await browser.cookies.set(details as Browser.cookies.SetDetails)) as BrowserCookie | null | undefined;
    return stored ?? { error: msg('refused_not_stored') };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A refusal for the reply: its English and its message. */
const refusal = (index: number, reasonMsg: Msg): SetCookiesReply['refused'][number] => ({ index, reason: english(reasonMsg), reasonMsg });

/** The cookie of exactly this identity in the store and partition, if there is one. */
async function existing(d: CookieDraft, where: { storeId: string | null; partitionKey: PartitionKey | null }): Promise<BrowserCookie | null> {
  const query: Record<string, unknown> = { name: d.name, domain: d.domain };
  if (where.storeId) query.storeId = where.storeId;
  if (d.partitioned && where.partitionKey) query.partitionKey = where.partitionKey;
  if (IS_FIREFOX) query.firstPartyDomain = null;
  try {
    const list = (await browser.cookies.getAll(query as Browser.cookies.GetAllDetails)) as BrowserCookie[];
    return (
      list.find(
        (c) =>
          c.path === d.path &&
          c.hostOnly === d.hostOnly &&
          c.domain.replace(/^\./, '') === d.domain &&
          Boolean(c.partitionKey?.topLevelSite) === d.partitioned,
      ) ?? null
    );
  } catch {
    return null;
  }
}

async function remove(c: { name: string; secure: boolean; domain: string; path: string }, where: { storeId: string | null; partitionKey: PartitionKey | null }): Promise<void> {
  const details: Details = { url: cookieUrl(c), name: c.name } as Details;
  if (where.storeId) details.storeId = where.storeId;
  if (where.partitionKey) details.partitionKey = where.partitionKey;
  if (IS_FIREFOX) details.firstPartyDomain = '';
  await browser.cookies.remove(details as Browser.cookies.CookieDetails).catch(() => null);
}

/** Put a cookie back as the browser held it before. */
async function restore(previous: BrowserCookie, storeId: string | null): Promise<void> {
  const partitionKey = previous.partitionKey?.topLevelSite ? (previous.partitionKey as PartitionKey) : null;
  const draft = draftOf({ ...fromBrowserCookie(previous, null), partitionKey });
  await set(setDetailsOf(draft, { storeId, partitionKey, ...(IS_FIREFOX ? { firstPartyDomain: previous.firstPartyDomain ?? '' } : {}) }));
}

export interface SetTarget {
  tabUrl: string;
  storeId: string | null;
  /** The tab's inventory now: an edit's original must be in it. */
  inventory: readonly Cookie[];
}

export async function setCookies(target: SetTarget, drafts: readonly CookieDraft[], replaces: CookieId | null): Promise<SetCookiesReply> {
  const nowS = Date.now() / 1000;
  const browserName = IS_FIREFOX ? 'firefox' : 'chrome';
  const refused = drafts.flatMap((d, index) => {
    const reason = whyRefusedMsg(d, browserName, nowS);
    return reason ? [refusal(index, reason)] : [];
  });
  const none = (list: SetCookiesReply['refused']): SetCookiesReply => ({ applied: 0, refused: list, stored: [], rolledBack: 0 });
  if (refused.length > 0) return none(refused);

  let original: Cookie | null = null;
  if (replaces) {
    const key = cookieKey(replaces);
    original = target.inventory.find((c) => cookieKey(c) === key) ?? null;
    if (!original || drafts.length !== 1) return none([refusal(0, msg('refused_gone'))]);
  }
  const tabPartition = topLevelSiteOf(target.tabUrl);
  const firstPartyDomain = IS_FIREFOX ? { firstPartyDomain: original?.firstPartyDomain ?? '' } : {};
  const wheres = drafts.map((d) => ({
    storeId: target.storeId,
    // An edited partitioned cookie keeps its exact partition (Chrome's hasCrossSiteAncestor too).
    partitionKey: d.partitioned ? (original?.partitionKey ?? tabPartition) : null,
  }));
  const noPartition = drafts.findIndex((d, i) => d.partitioned && !wheres[i].partitionKey);
  if (noPartition >= 0) return none([refusal(noPartition, msg('refused_no_partition'))]);

  const done: { draft: CookieDraft; where: (typeof wheres)[number]; previous: BrowserCookie | null }[] = [];
  const stored: CookieDraft[] = [];
  const rollBack = async () => {
    for (const step of done.reverse()) {
      if (step.previous) await restore(step.previous, target.storeId);
      else await remove(step.draft, step.where);
    }
  };
  for (const [index, draft] of drafts.entries()) {
    const where = wheres[index];
    const previous = await existing(draft, where);
    const result = await set(setDetailsOf(draft, { ...where, ...firstPartyDomain }));
    if ('error' in result) {
      const rolledBack = done.length;
      await rollBack();
      return { applied: 0, refused: [refusal(index, msg('refused_by_browser', result.error))], stored: [], rolledBack };
    }
    done.push({ draft, where, previous });
    stored.push(draftOf(fromBrowserCookie(result, siteOfUrl(target.tabUrl))));
  }
  // An edit that changed the identity (name, domain, path, host-only, partition) made a new
  // cookie: the original goes, as DevTools does when a name is edited.
  if (original) {
    const now = stored[0];
    const same = now.name === original.name && now.domain === original.domain && now.path === original.path && now.hostOnly === original.hostOnly && now.partitioned === (original.partitionKey !== null);
    if (!same) await remove(original, { storeId: original.storeId, partitionKey: original.partitionKey });
  }
  return { applied: stored.length, refused: [], stored, rolledBack: 0 };
}
