/**
 * A blank page on loopback that each browser loads until the extension has recorded it: proof
 * that its listeners are live before the first audited page (see ChromiumWorker.warmUp). An IP
 * literal, so no --host-resolver-rules the user passes can send it elsewhere.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startProbe(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('<!doctype html><title>cookie-audit probe</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
