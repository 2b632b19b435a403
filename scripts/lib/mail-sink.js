'use strict';
// Development mail sink: an SMTP server that accepts every message (no auth, no TLS) and keeps
// it in memory, plus a small web inbox to read them. Needs the installed dependencies
// (smtp-server, postal-mime), so it is only loaded after `npm ci`.
const http = require('node:http');

/**
 * @typedef {object} CapturedMessage
 * @property {string} id
 * @property {string} from
 * @property {string[]} to          envelope recipients: who the message was really sent to
 * @property {string} subject
 * @property {string} text
 * @property {string} html
 * @property {string} messageId
 * @property {string} receivedAt    ISO timestamp
 */

const MAX_MESSAGES_KEPT = 500;

/** @param {unknown} value */
function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** @param {string} title @param {string} body */
function page(title, body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}
iframe{width:100%;height:32rem;border:1px solid #ddd}</style></head><body>${body}</body></html>`;
}

/** @param {CapturedMessage[]} messages newest last */
function renderInbox(messages) {
  const rows = [...messages].reverse().map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td>
<td>${escapeHtml(m.from)}</td><td>${escapeHtml(m.to.join(', '))}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`);
  return page('Partnerflow dev inbox', `<h1>Partnerflow dev inbox</h1>
<p>${messages.length} message(s). Everything sent to the dev SMTP server lands here. <a href="/api/messages">JSON</a></p>
<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>${rows.join('')}</table>`);
}

/** @param {CapturedMessage} m */
function renderMessage(m) {
  // The HTML part goes into a sandboxed iframe (no scripts, no same-origin), escaped into srcdoc.
  const html = m.html ? `<h2>HTML</h2><iframe sandbox srcdoc="${escapeHtml(m.html)}"></iframe>` : '';
  return page(m.subject, `<p><a href="/">← inbox</a></p><h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<p><b>From:</b> ${escapeHtml(m.from)}<br><b>To:</b> ${escapeHtml(m.to.join(', '))}<br>
<b>Received:</b> ${escapeHtml(m.receivedAt)}<br><b>Message-ID:</b> ${escapeHtml(m.messageId)}</p>
<h2>Text</h2><pre>${escapeHtml(m.text || '(no text part)')}</pre>${html}`);
}

/**
 * @param {{ smtpPort: number, httpPort: number, host?: string }} options
 * @returns {Promise<{ smtpPort: number, httpPort: number, messages: CapturedMessage[], close: () => Promise<void> }>}
 */
async function startMailSink({ smtpPort, httpPort, host = '127.0.0.1' }) {
  const { SMTPServer } = require('smtp-server');
  // postal-mime's CommonJS build: a dynamic import() would not load inside jest's module system.
  const PostalMime = require('postal-mime').default ?? require('postal-mime');
  /** @type {CapturedMessage[]} */
  const messages = [];
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, callback) => callback(null, { user: 'dev' }), // any credentials do
    logger: false,
    closeTimeout: 1_000,
    async onData(stream, session, callback) {
      try {
        const raw = await new Promise((resolve, reject) => {
          /** @type {Buffer[]} */
          const chunks = [];
          stream.on('data', (chunk) => chunks.push(chunk));
          stream.on('end', () => resolve(Buffer.concat(chunks)));
          stream.on('error', reject);
        });
        const email = await PostalMime.parse(raw);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({
          id: String(nextId++),
          from: email.from?.address ? `${email.from.name ? `${email.from.name} ` : ''}<${email.from.address}>` : envelopeFrom,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject: email.subject ?? '',
          text: email.text ?? '',
          html: email.html ?? '',
          messageId: email.messageId ?? '',
          receivedAt: new Date().toISOString(),
        });
        if (messages.length > MAX_MESSAGES_KEPT) messages.shift();
        callback();
      } catch (error) {
        callback(/** @type {Error} */ (error));
      }
    },
  });

  const inbox = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status, type, body) => {
      response.writeHead(status, {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'no-store',
        // Belt and braces next to the escaping: no scripts anywhere, even if a message smuggles one in.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src * data:",
      });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, 'text/plain', 'method not allowed');
    if (url.pathname === '/') return send(200, 'text/html', renderInbox(messages));
    if (url.pathname === '/api/messages') return send(200, 'application/json', JSON.stringify([...messages].reverse()));
    const match = /^\/messages\/([^/]+)$/.exec(url.pathname);
    const message = match && messages.find((m) => m.id === decodeURIComponent(match[1]));
    if (message) return send(200, 'text/html', renderMessage(message));
    return send(404, 'text/plain', 'not found');
  });

  /** @param {{ listen: Function, once: Function }} server @param {number} port */
  const listen = (server, port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(undefined));
    });
  await listen(smtp, smtpPort);
  await listen(inbox, httpPort);

  return {
    smtpPort: /** @type {import('node:net').AddressInfo} */ (smtp.server.address()).port,
    httpPort: /** @type {import('node:net').AddressInfo} */ (inbox.address()).port,
    messages,
    close: async () => {
      inbox.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => smtp.close(() => resolve(undefined))),
        new Promise((resolve) => inbox.close(() => resolve(undefined))),
      ]);
    },
  };
}

module.exports = { startMailSink };
