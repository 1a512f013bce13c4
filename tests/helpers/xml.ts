// A strict-enough well-formedness check for the SVG and HTML we write: balanced, properly
// nested tags, quoted attributes, and nothing but whitespace outside the root element.
const NAME = /^[A-Za-z_][\w.:-]*$/;

export function xmlProblem(text: string): string | null {
  const stack: string[] = [];
  let i = text.startsWith('<?xml') ? text.indexOf('?>') + 2 : 0;
  let roots = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt === -1 ? text.length : lt);
    if (stack.length === 0 && chunk.trim() !== '') return `text outside the root: ${chunk.trim().slice(0, 30)}`;
    if (/&(?!(?:[a-zA-Z]+|#\d+|#x[\da-fA-F]+);)/.test(chunk)) return `a bare & in text: ${chunk.slice(0, 40)}`;
    if (lt === -1) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end === -1) return 'an unclosed comment';
      i = end + 3;
      continue;
    }
    const gt = findTagEnd(text, lt);
    if (gt === -1) return `an unclosed tag at ${lt}`;
    const tag = text.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) return `</${name}> closes the wrong element`;
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const name = body.split(/\s/, 1)[0]!;
      if (!NAME.test(name)) return `a bad tag name <${name}>`;
      const attributes = body.slice(name.length).trim();
      if (attributes && !/^(?:[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*')\s*)*$/.test(attributes)) return `bad attributes in <${name}>`;
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    i = gt + 1;
  }
  if (stack.length > 0) return `unclosed <${stack.at(-1)}>`;
  return roots === 1 ? null : `${roots} root elements`;
}

function findTagEnd(text: string, from: number): number {
  let quote = '';
  for (let k = from + 1; k < text.length; k++) {
    const c = text[k]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return k;
  }
  return -1;
}
