import { describe, expect, it } from 'vitest';
import { foldUrl } from '../../lib/urlView';

describe('foldUrl', () => {
  it.each([
    ['https://px.example/p.gif?uid=abc&ev=view', 'px.example/p.gif?…', [['uid', 'abc'], ['ev', 'view']]],
    ['https://px.example/p.gif', 'px.example/p.gif', []],
    ['https://px.example/b?x=%3Cscript%3E#frag', 'px.example/b?…', [['x', '<script>']]],
    ['https://px.example/b?bad=%E0%A4%A&flag', 'px.example/b?…', [['bad', '%E0%A4%A'], ['flag', '']]],
  ])('%s', (url, short, params) => {
    const folded = foldUrl(url);
    expect(folded.short).toBe(short);
    expect(folded.params).toEqual(params);
  });

  it('caps long values, long paths and the number of parameters', () => {
    const many = Array.from({ length: 80 }, (_, i) => `p${i}=${'v'.repeat(1000)}`).join('&');
    const folded = foldUrl(`https://px.example/${'a'.repeat(200)}?${many}`);
    expect(folded.short.length).toBeLessThanOrEqual(90);
    expect(folded.params).toHaveLength(50);
    expect(folded.params[0][1].length).toBeLessThanOrEqual(300);
  });
});
