/**
 * Reads the text lines back out of a statement PDF written by pdfkit with its standard fonts
 * (each shown line is one `[<hex> kern <hex>] TJ` in WinAnsi). For tests and support tooling, not
 * a general PDF parser. Compressed (FlateDecode) streams need `inflate` (e.g. zlib.inflateSync).
 */

const WIN_ANSI_EXTRAS: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function decodeHex(hex: string): string {
  let text = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    text += WIN_ANSI_EXTRAS[code] ?? String.fromCharCode(code);
  }
  return text;
}

/** The content of every stream in the file, inflated where it says FlateDecode. */
export function pdfStreams(pdf: Uint8Array, inflate?: (data: Uint8Array) => Uint8Array): string[] {
  const text = latin1(pdf);
  const streams: string[] = [];
  const start = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const from = match.index + match[0].length;
    const to = text.indexOf('endstream', from);
    if (to < 0) break;
    const body = pdf.subarray(from, text[to - 1] === '\n' ? to - 1 : to);
    const compressed = /\/FlateDecode/.test(match[1]);
    if (compressed && !inflate) throw new Error('the PDF is compressed: pass an inflate function');
    streams.push(latin1(compressed && inflate ? inflate(body) : body));
    start.lastIndex = to;
  }
  return streams;
}

/** Every line of text shown, in drawing order. */
export function pdfTextLines(pdf: Uint8Array, inflate?: (data: Uint8Array) => Uint8Array): string[] {
  const lines: string[] = [];
  for (const stream of pdfStreams(pdf, inflate)) {
    for (const operation of stream.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = operation[1] !== undefined ? [...operation[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1]) : [operation[2]];
      lines.push(hexes.map(decodeHex).join(''));
    }
  }
  return lines;
}
