/**
 * docs/security.md's table of permissions by role, rendered from `src/domain/access/roles.ts` so that the roles section
 * cannot drift from what `can()` grants. Kept between its own markers; `UPDATE_ACCESS_MATRIX=1` rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { can, PERMISSIONS, ROLES } from '../../src/domain/access/roles.js';
import { SECURITY_DOC } from './access-matrix.js';

const START = '<!-- permissions:start -->';
const END = '<!-- permissions:end -->';

/** The markdown table, as Prettier formats it. */
export async function renderPermissionsTable(): Promise<string> {
  const header = ['Permission', ...ROLES];
  const rows = PERMISSIONS.map((p) => [`\`${p}\``, ...ROLES.map((r) => (can([r], p) ? 'yes' : 'no'))]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const raw = [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  const options = (await resolveConfig(SECURITY_DOC)) ?? {};
  return (await format(raw, { ...options, parser: 'markdown' })).trim();
}

function markers(doc: string): { start: number; end: number } {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${SECURITY_DOC} lacks the permissions markers`);
  return { start: start + START.length, end };
}

export function documentedPermissionsTable(): string {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const { start, end } = markers(doc);
  return doc.slice(start, end).trim();
}

export function writeDocumentedPermissionsTable(table: string): void {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const { start, end } = markers(doc);
  writeFileSync(SECURITY_DOC, `${doc.slice(0, start)}\n\n${table}\n\n${doc.slice(end)}`);
}
