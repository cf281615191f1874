import { describe, expect, it } from 'vitest';
import { allElements, parseXml, textOf } from './parseXml.js';

// The SVG tests lean on this parser to prove well-formedness: it must refuse what XML refuses.
describe('parseXml (the checker the SVG tests use)', () => {
  it('reads elements, decoded attributes and text', () => {
    const root = parseXml('<svg a="x &amp; &quot;y&quot;"><g b=\'1\'><text>a &lt; b &#955;&#x3bb;</text></g><!-- note --><rect/></svg>');
    expect(root.attributes).toEqual({ a: 'x & "y"' });
    expect(allElements(root).map((e) => e.name)).toEqual(['svg', 'g', 'text', 'rect']);
    expect(textOf(root)).toBe('a < b λλ');
  });

  it.each([
    ['<svg><g></svg>', '</svg> closes <g>'],
    ['<svg><g>', 'never closed'],
    ['<svg></svg><svg></svg>', 'two root elements'],
    ['<svg a=1></svg>', 'unquoted value'],
    ['<svg a="1" a="2"></svg>', 'attribute a twice'],
    ['<svg a="<"></svg>', '"<" in the value'],
    ['<svg>a & b</svg>', 'bare "&"'],
    ['<svg>&nbsp;</svg>', 'unknown entity'],
    ['<svg>a ]]> b</svg>', '"]]>" in text'],
    ['<svg a="1"b="2"></svg>', 'no space before an attribute'],
    ['text<svg></svg>', 'text outside the root element'],
  ])('refuses %s', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });
});
