/**
 * A minimal XML reader for the bank-file tests (no XML parser is installed): elements, attributes, text and the
 * five predefined entities. It throws on anything not well formed (unclosed or mismatched tags, stray text
 * outside the root), which is what the structural tests need.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(value: string): string {
  return value.replace(/&(\w+);/g, (whole, name: string) => {
    if (!(name in ENTITIES)) throw new Error(`unknown entity ${whole}`);
    return ENTITIES[name];
  });
}

export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [{ name: '#document', attributes: {}, children: [], text: '' }];
  const token = /<\/([\w:]+)\s*>|<([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let position = 0;
  while ((match = token.exec(body)) !== null) {
    position = token.lastIndex;
    const [, closing, opening, attributeText, selfClosing, text] = match;
    const current = stack[stack.length - 1];
    if (text !== undefined) {
      if (stack.length === 1 && text.trim()) throw new Error('text outside the root element');
      current.text += decode(text);
    } else if (closing !== undefined) {
      if (current.name !== closing) throw new Error(`</${closing}> closes <${current.name}>`);
      stack.pop();
    } else {
      const attributes = Object.fromEntries([...attributeText.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, key, value]) => [key, decode(value)]));
      const element: XmlElement = { name: opening, attributes, children: [], text: '' };
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (position !== body.length) throw new Error(`not well formed at character ${position}`);
  if (stack.length !== 1 || stack[0].children.length !== 1) throw new Error('unclosed elements or more than one root');
  return stack[0].children[0];
}

/** The children named `name`, following a path like "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf". */
export function findAll(element: XmlElement, path: string): XmlElement[] {
  return path.split('/').reduce<XmlElement[]>((found, name) => found.flatMap((parent) => parent.children.filter((child) => child.name === name)), [element]);
}

/** The text of the one element at `path`; throws when there is not exactly one. */
export function textAt(element: XmlElement, path: string): string {
  const found = findAll(element, path);
  if (found.length !== 1) throw new Error(`${path}: expected one element, found ${found.length}`);
  return found[0].text.trim();
}
