/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes entities; a bare `&` or an unknown entity is not well-formed. */
function decode(text: string, where: number): string {
  return text.replace(/&([^;&\s]*);?/g, (all, name: string) => {
    if (!all.endsWith(';')) throw new Error(`bare "&" at ${where}`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const number = /^#(x[0-9a-f]+|\d+)$/i.exec(name)?.[1];
    if (number === undefined) throw new Error(`unknown entity "${all}" at ${where}`);
    return String.fromCodePoint(/^x/i.test(number) ? parseInt(number.slice(1), 16) : Number(number));
  });
}

/**
 * A strict, minimal XML parser for the tests: one root element, balanced tags, quoted and
 * unique attributes, known entities, no `<` in text or attribute values, comments allowed.
 * Throws on anything not well-formed, so it is the check and the query tool at once.
 */
export function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at ${at}: ${why} (…${xml.slice(Math.max(0, at - 40), at + 40)}…)`);
  };
  const stack: { name: string; attributes: Record<string, string>; children: (XmlElement | string)[] }[] = [];
  let root: XmlElement | undefined;
  if (xml.startsWith('<?xml')) at = xml.indexOf('?>') + 2;
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const text = xml.slice(at, next === -1 ? xml.length : next);
    if (text.includes(']]>')) fail('"]]>" in text');
    if (stack.length === 0 && text.trim() !== '') fail('text outside the root element');
    if (stack.length > 0 && text !== '') stack.at(-1)!.children.push(decode(text, at));
    if (next === -1) break;
    at = next;
    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at);
      if (end === -1) fail('unclosed comment');
      at = end + 3;
      continue;
    }
    if (xml.startsWith('</', at)) {
      const name = NAME.exec(xml.slice(at + 2))?.[0] ?? fail('bad closing tag');
      const open = stack.pop() ?? fail(`closing </${name}> with nothing open`);
      if (open.name !== name) fail(`</${name}> closes <${open.name}>`);
      at += 2 + name.length;
      while (/\s/.test(xml[at] ?? '')) at++;
      if (xml[at] !== '>') fail('bad closing tag');
      at++;
      const element: XmlElement = open;
      if (stack.length === 0) {
        if (root) fail('two root elements');
        root = element;
      } else stack.at(-1)!.children.push(element);
      continue;
    }
    const name = NAME.exec(xml.slice(at + 1))?.[0] ?? fail('bad tag name');
    if (stack.length === 0 && root) fail('two root elements');
    at += 1 + name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = /^\s+/.exec(xml.slice(at))?.[0].length ?? 0;
      at += spaced;
      if (xml.startsWith('/>', at) || xml[at] === '>') break;
      if (spaced === 0) fail('no space before an attribute');
      const attribute = NAME.exec(xml.slice(at))?.[0] ?? fail('bad attribute name');
      at += attribute.length;
      if (xml[at] !== '=') fail(`attribute ${attribute} without a value`);
      const quote = xml[at + 1];
      if (quote !== '"' && quote !== "'") fail(`unquoted value of ${attribute}`);
      const end = xml.indexOf(quote!, at + 2);
      if (end === -1) fail('unclosed attribute value');
      const raw = xml.slice(at + 2, end);
      if (raw.includes('<')) fail(`"<" in the value of ${attribute}`);
      if (attribute in attributes) fail(`attribute ${attribute} twice`);
      attributes[attribute] = decode(raw, at);
      at = end + 1;
    }
    const element = { name, attributes, children: [] as (XmlElement | string)[] };
    if (xml.startsWith('/>', at)) {
      at += 2;
      if (stack.length === 0) root = element;
      else stack.at(-1)!.children.push(element);
    } else {
      at += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)!.name}> is never closed`);
  return root ?? fail('no root element');
}

/** Every element of the tree, depth first. */
export function allElements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap((child) => (typeof child === 'string' ? [] : allElements(child)))];
}

/** The text inside an element, tags removed. */
export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

/** The class names of an element. */
export const classesOf = (element: XmlElement): string[] => (element.attributes['class'] ?? '').split(/\s+/).filter(Boolean);
