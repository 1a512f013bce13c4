// The one XML well-formedness check for the SVG we write (the report's figures, the CLI's files):
// strict enough to catch what breaks an XML parser, without being one.

/**
 * Throws unless `xml` is one well-formed element: balanced, properly nested tags, quoted
 * attributes without a raw `<`, unique attribute names per element, entities that are declared
 * (the five XML ones or numeric), comments/CDATA/processing instructions closed, and nothing but
 * whitespace outside the root. Returns the root element's name.
 */
export function checkXml(xml: string): string {
  const stack: string[] = [];
  let root: string | undefined;
  let i = 0;
  const text = (s: string, where: number) => {
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad entity near ${where}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      if (xml.slice(i).trim()) throw new Error(`text outside the root at ${i}`);
      break;
    }
    const between = xml.slice(i, lt);
    if (between.trim()) {
      if (stack.length === 0) throw new Error(`text outside the root at ${i}`);
      text(between, i);
    }
    const skipTo = (end: string) => {
      const at = xml.indexOf(end, lt);
      if (at === -1) throw new Error(`unterminated ${end} at ${lt}`);
      return at + end.length;
    };
    if (xml.startsWith('<!--', lt)) {
      i = skipTo('-->');
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      i = skipTo(']]>');
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      i = skipTo('?>');
      continue;
    }
    if (xml.startsWith('<!DOCTYPE', lt)) {
      i = skipTo('>');
      continue;
    }
    // A tag: scan to its '>' outside quotes.
    let j = lt + 1;
    let quote: string | null = null;
    while (j < xml.length) {
      const c = xml[j]!;
      if (quote) {
        if (c === quote) quote = null;
        else if (c === '<') throw new Error(`raw < in an attribute at ${j}`);
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      j++;
    }
    if (j >= xml.length) throw new Error(`unterminated tag at ${lt}`);
    const body = xml.slice(lt + 1, j);
    i = j + 1;
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${lt}`);
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const m = /^([A-Za-z_][\w.:-]*)([\s\S]*)$/.exec(inner);
    if (!m) throw new Error(`bad tag <${body.slice(0, 30)}> at ${lt}`);
    const [, name, attrs] = m as unknown as [string, string, string];
    const seen = new Set<string>();
    const attrRe = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/gy;
    let k = 0;
    attrRe.lastIndex = 0;
    for (let am = attrRe.exec(attrs); am !== null; am = attrRe.exec(attrs)) {
      if (seen.has(am[1]!)) throw new Error(`duplicate attribute ${am[1]} on <${name}>`);
      seen.add(am[1]!);
      text(am[2]!, lt);
      k = attrRe.lastIndex;
    }
    if (attrs.slice(k).trim()) throw new Error(`bad attributes on <${name}>: ${attrs.slice(k, k + 40)}`);
    if (stack.length === 0) {
      if (root !== undefined) throw new Error('more than one root element');
      root = name;
    }
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (root === undefined) throw new Error('no root element');
  return root;
}

/** What checkXml finds wrong with `text`, or null when it is well-formed (for assert.is(…, null)). */
export function xmlProblem(text: string): string | null {
  try {
    checkXml(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
