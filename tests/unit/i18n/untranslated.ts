/**
 * Finds words written into Svelte markup instead of looked up with `t()`: text nodes, text
 * attributes (title, aria-label, placeholder…) and the strings an expression in them can output.
 */
import { parse } from 'svelte/compiler';

/** Attributes and component props whose value people read. */
const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-valuetext', 'placeholder', 'alt', 'label', 'detail', 'description', 'emptytext', 'text']);
/** Object properties in scripts whose value is shown (`{ label: 'Cookies' }`). */
const TEXT_PROPERTIES = new Set(['label', 'title', 'detail', 'description', 'emptyText', 'text', 'message', 'hint']);
/** Calls whose string arguments are message names, not words. */
const TRANSLATORS = new Set(['t', 'tn', 'tOr']);
/**
 * Words that are the same in every language: attribute and header names as the web writes them,
 * identifiers in code (`document.cookie`), units, the product's name.
 */
const SAME_IN_EVERY_LANGUAGE =
  /\b(?:Set-Cookie|Cookie Audit|HttpOnly|localStorage|sessionStorage|IndexedDB|document\.cookie|isLoggedIn|Secure|SameSite(?:=(?:Strict|Lax|None))?|Strict|Lax|None|HTTP|JSON|CSV|Netscape|KiB|B)\b/g;

type Node = { type?: string; [key: string]: unknown };

export interface Untranslated {
  where: string;
  text: string;
}

const hasWords = (text: string) => /\p{L}/u.test(text.replace(SAME_IN_EVERY_LANGUAGE, ''));

/** The strings an expression can evaluate to and show (not those it compares or passes on). */
function outputs(node: Node | null | undefined): string[] {
  if (!node) return [];
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? [node.value] : [];
    case 'TemplateLiteral':
      return [
        ...(node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked),
        ...(node.expressions as Node[]).flatMap(outputs),
      ];
    case 'ConditionalExpression':
      return [...outputs(node.consequent as Node), ...outputs(node.alternate as Node)];
    case 'LogicalExpression':
      return [...outputs(node.left as Node), ...outputs(node.right as Node)];
    case 'BinaryExpression':
      return node.operator === '+' ? [...outputs(node.left as Node), ...outputs(node.right as Node)] : [];
    case 'ArrowFunctionExpression':
      return node.expression ? outputs(node.body as Node) : [];
    default:
      return [];
  }
}

function isTranslatorCall(node: Node): boolean {
  const callee = node.callee as Node | undefined;
  return node.type === 'CallExpression' && callee?.type === 'Identifier' && TRANSLATORS.has(callee.name as string);
}

/** Script-level objects like `{ label: 'Cookies' }`. */
function scriptStrings(node: unknown, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => scriptStrings(n, found));
  const n = node as Node;
  if (isTranslatorCall(n)) return;
  if (n.type === 'Property' && !n.computed) {
    const key = n.key as Node;
    const name = (key.name ?? key.value) as string;
    if (TEXT_PROPERTIES.has(name)) found.push(...outputs(n.value as Node));
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'parent' && k !== 'loc') scriptStrings(v, found);
}

function templateStrings(node: unknown, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => templateStrings(n, found));
  const n = node as Node;
  switch (n.type) {
    case 'Text':
      found.push(n.data as string);
      return;
    case 'ExpressionTag':
      found.push(...outputs(n.expression as Node));
      return;
    case 'Attribute': {
      if (!TEXT_ATTRIBUTES.has((n.name as string).toLowerCase()) || n.value === true) return;
      for (const part of Array.isArray(n.value) ? n.value : [n.value]) templateStrings(part, found);
      return;
    }
    case 'StyleDirective':
    case 'ClassDirective':
    case 'BindDirective':
    case 'OnDirective':
    case 'SpreadAttribute':
      return;
  }
  for (const [k, v] of Object.entries(n)) {
    // Only markup: expressions of blocks ({#if x === 'a'}) compare, they do not show.
    if (k === 'parent' || k === 'metadata' || k === 'expression' || k === 'test' || k === 'context' || k === 'key') continue;
    templateStrings(v, found);
  }
}

/** Each piece of words in a component that does not go through `t()`. */
export function untranslated(source: string, file: string): Untranslated[] {
  const ast = parse(source, { modern: true });
  const found: string[] = [];
  templateStrings(ast.fragment, found);
  scriptStrings(ast.instance?.content, found);
  scriptStrings(ast.module?.content, found);
  return found.filter(hasWords).map((text) => ({ where: file, text: text.trim() }));
}
