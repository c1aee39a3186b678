import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../../main/chromiumShell/staticServer';

function get(
  url: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // Raw request so the path is sent exactly as written (no client-side normalisation).
    const { port } = new URL(url);
    const req = http.request(
      { host: '127.0.0.1', port, path: url.slice(url.indexOf('/', 8)), method: 'GET' },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('Chromium shell static server (real HTTP on 127.0.0.1)', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-static-'));
    root = path.join(dir, 'renderer');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    server = await startStaticServer(root);
  });
  afterAll(() => server.close());

  it('serves the renderer with the CSP header on loopback only', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt'])('refuses %s', async (p) => {
    const res = await get(`${server.origin}${p}`);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('outside');
  });

  it('answers 400 to an undecodable path and 404 to a missing file', async () => {
    expect((await get(`${server.origin}/%E0%A4%A`)).status).toBe(400);
    expect((await get(`${server.origin}/nope.js`)).status).toBe(404);
  });
});
