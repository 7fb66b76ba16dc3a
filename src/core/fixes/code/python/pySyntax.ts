/** Python node helpers shared by the locator and the recipes. */
import type { SyntaxNode } from '../../types';
import { findIdentifiers } from '../syntax';

export const PY_WRAPPERS = new Set(['parenthesized_expression']);

/** Identifiers that read a variable (not keyword names `f(conn=…)` nor attributes `x.conn`). */
export function pyReferences(text: string, scope: SyntaxNode, name: string): SyntaxNode[] {
  return findIdentifiers(text, scope, name, new Set(['identifier'])).filter((r) => {
    const p = r.parent;
    if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.startIndex === r.startIndex) return false;
    if (p?.type === 'attribute' && p.childForFieldName('attribute')?.startIndex === r.startIndex) return false;
    return true;
  });
}
