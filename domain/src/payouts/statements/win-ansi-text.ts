/**
 * The PDF uses the standard Helvetica fonts (nothing to embed), which show Windows-1252 only:
 * other characters would print as garbage. Letters with diacritics outside it are written
 * without them (Ł as L, ő as o), arrows and comparison signs spelled out (->, >=), anything
 * else as "?". The CSV keeps every text exactly.
 */

const WIN_1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const BASE_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ŧ: 'T', ŧ: 't' };
/** Symbols the commission explanations use. */
const SYMBOLS: Record<string, string> = { '→': '->', '≥': '>=', '≤': '<=', '−': '-', '≈': '~' };

function encodable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_1252_EXTRAS.has(char) || char === '\n';
}

export function winAnsiText(text: string): string {
  let out = '';
  for (const char of text) {
    if (encodable(char)) {
      out += char;
      continue;
    }
    const base = SYMBOLS[char] ?? BASE_LETTERS[char] ?? char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += base !== '' && [...base].every(encodable) ? base : '?';
  }
  return out;
}
