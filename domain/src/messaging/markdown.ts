/**
 * A small, safe Markdown subset for message templates: headings, paragraphs (line breaks kept),
 * bullet and numbered lists, **bold**, *italic*, `code` and [links](https://…). Every character of
 * the source is HTML-escaped before any markup is added, so a template cannot inject HTML, and
 * links only keep http(s) and mailto targets. Variables are placed afterwards, escaped, by the
 * template engine: `deferredHref` marks link targets that still contain a variable.
 */

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Brackets a link target that holds a variable placeholder, to be checked once it is filled in. */
export const DEFERRED_HREF = '\u0001';
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

export function safeHref(href: string): string | undefined {
  return SAFE_HREF.test(href) ? href : undefined;
}

function inline(escaped: string, hasPlaceholder: (text: string) => boolean): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_match, label: string, href: string) => {
      if (hasPlaceholder(href)) return `<a href="${DEFERRED_HREF}${href}${DEFERRED_HREF}">${label}</a>`;
      return safeHref(href) ? `<a href="${href}">${label}</a>` : label;
    })
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
}

function block(lines: string[], hasPlaceholder: (text: string) => boolean): string {
  const render = (text: string) => inline(escapeHtml(text), hasPlaceholder);
  const heading = /^(#{1,6})\s+(.*)$/.exec(lines[0]);
  if (lines.length === 1 && heading) {
    const level = heading[1].length;
    return `<h${level}>${render(heading[2])}</h${level}>`;
  }
  if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
    return `<ul>${lines.map((line) => `<li>${render(line.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
  }
  if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line))) {
    return `<ol>${lines.map((line) => `<li>${render(line.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
  }
  return `<p>${lines.map(render).join('<br>')}</p>`;
}

/** Blocks are separated by blank lines. */
export function markdownToHtml(source: string, hasPlaceholder: (text: string) => boolean = () => false): string {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => block(lines, hasPlaceholder))
    .join('\n');
}

/** Plain text as HTML: escaped, paragraphs at blank lines, line breaks kept. */
export function textToHtml(source: string): string {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => `<p>${chunk.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}
