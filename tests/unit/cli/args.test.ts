import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError, type ScanOptions } from '../../../cli/args';

const scan = (...argv: string[]) => parseCommand(['scan', ...argv]) as ScanOptions;

describe('cookie-audit arguments', () => {
  it('reads a scan with its pages, outputs, gates and browser options', () => {
    const options = scan(
      'https://a.example/', 'https://b.example/x',
      '--format', 'json,sarif', '--format=html', '--out', 'report',
      '--min-grade', 'b', '--fail-on', 'high', '--fail-on', 'tracker,rejected',
      '--concurrency', '4', '--timeout', '10', '--shard', '2/3',
      '--insecure', '--browser-arg=--host-resolver-rules=MAP www.example.com 10.0.0.5', '--browser-arg=--lang=de',
    );
    expect(options).toMatchObject({
      urls: ['https://a.example/', 'https://b.example/x'],
      formats: ['json', 'sarif', 'html'],
      out: 'report',
      gates: { minGrade: 'B', failOn: ['high', 'tracker', 'rejected'], baseline: null },
      concurrency: 4,
      timeoutMs: 10_000,
      retries: 1,
      shard: { index: 2, count: 3 },
      insecure: true,
      browserArgs: ['--host-resolver-rules=MAP www.example.com 10.0.0.5', '--lang=de'],
      consent: 'none',
      session: false,
    });
  });

  it('defaults to a Markdown summary on standard output', () => {
    expect(scan('https://a.example/')).toMatchObject({ formats: ['md'], out: null, concurrency: 2, timeoutMs: 30_000, progress: 'auto' });
    expect(scan('https://a.example/', '--out', 'dir')).toMatchObject({ formats: ['json'], out: 'dir' });
  });

  it.each([
    [['https://a.example/', '--format', 'json,md'], /several formats need --out/],
    [['https://a.example/', '--format', 'pdf'], /--format pdf: expected one of json, sarif, junit, md, html/],
    [['https://a.example/', '--min-grade', 'E'], /--min-grade E/],
    [['https://a.example/', '--fail-on', 'low'], /--fail-on low/],
    [['https://a.example/', '--shard', '3/2'], /--shard 3\/2/],
    [['https://a.example/', '--shard', '0/2'], /--shard 0\/2/],
    [['https://a.example/', '--concurrency', '0'], /--concurrency 0/],
    [['https://a.example/', '--resume'], /--resume .* give --out/],
    [['https://a.example/', '--login-script', 'login.mjs'], /--login-script needs --session/],
    [['https://a.example/', '--fail-on', 'consent'], /--fail-on consent needs --consent/],
    [['https://a.example/', '--consent', 'maybe'], /--consent maybe/],
    [['https://a.example/', '--colour'], /--colour/],
    [['https://a.example/', '--browser-arg', '--lang=de'], /--browser-arg: a value starting with "-" is written --browser-arg=VALUE/],
    [['a.example'], /expected an http\(s\):\/\/ address/],
    [[], /give URLs, --urls FILE or --sitemap URL/],
  ])('refuses %j', (argv, message) => {
    expect(() => scan(...argv)).toThrow(UsageError);
    expect(() => scan(...argv)).toThrow(message);
  });

  it('takes every consent mode; refuse, accept and both need the consent test at run time', () => {
    for (const mode of ['none', 'refuse', 'accept', 'both']) expect(scan('https://a.example/', '--consent', mode).consent).toBe(mode);
    expect(scan('https://a.example/', '--consent', 'refuse', '--fail-on', 'consent').gates.failOn).toEqual(['consent']);
  });

  it('reads merge, help and unknown commands', () => {
    expect(parseCommand(['merge', 'a/cookie-audit.json', 'b', '--out', 'all', '--format', 'json,junit', '--min-grade', 'A'])).toMatchObject({
      command: 'merge',
      inputs: ['a/cookie-audit.json', 'b'],
      formats: ['json', 'junit'],
      gates: { minGrade: 'A' },
    });
    expect(() => parseCommand(['merge'])).toThrow(/name the cookie-audit.json files/);
    expect(parseCommand([])).toEqual({ command: 'help', topic: null });
    expect(parseCommand(['scan', '--help'])).toEqual({ command: 'help', topic: 'scan' });
    expect(() => parseCommand(['crawl'])).toThrow(/unknown command "crawl"/);
  });
});
