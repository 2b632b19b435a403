import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * The benchmark's baseline: a bare Node http server answering the same 302 as `/r/:slug` — a fresh
 * click id in the Location and the click cookie, the visitor cookie, the same caching and referrer
 * headers — with no framework, no lookup and no storage.
 * `node -r ./bench/register.cjs bench/lib/bare-redirect-server.ts <port>`
 */
const DESTINATION = 'https://example.com/landing?utm_source=partner';
const port = Number(process.argv[2]);

const server = createServer((_request, response) => {
  const random = randomBytes(13).toString('hex').slice(0, 26);
  const clickId = `clk_${random}`;
  response.writeHead(302, {
    Location: `${DESTINATION}&pf_click=${clickId}`,
    'Set-Cookie': [
      `pf_click=${clickId}; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax`,
      `pf_click_v=vis_${random}; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax`,
    ],
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer-when-downgrade',
    'Content-Length': '0',
  });
  response.end();
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`bare redirect server on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
