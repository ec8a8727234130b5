/**
 * The access matrix: who may use each route, rendered from the application's own route table (`app.routeTable`)
 * and the domain's `can()`, so docs/security.md and the tests cannot drift from what the code enforces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { can, ROLES, type Role } from '../../src/domain/access/roles.js';
import type { DeclaredRoute } from '../../src/web/plugins/access.js';

export const SECURITY_DOC = resolve(import.meta.dirname, '../../docs/security.md');
const START = '<!-- access-matrix:start -->';
const END = '<!-- access-matrix:end -->';

export type Visitor = 'signed out' | Role;
export const VISITORS: readonly Visitor[] = ['signed out', ...ROLES];

/** The table's rows: every declared route except the HEAD routes fastify adds beside each GET. */
export function matrixRoutes(table: readonly DeclaredRoute[]): DeclaredRoute[] {
  return table.filter((r) => r.method !== 'HEAD');
}

/** Whether a visitor holding only this role (or no session at all) may use the route. */
export function mayUse(route: DeclaredRoute, visitor: Visitor): boolean {
  const { access } = route.routeAccess;
  switch (access.kind) {
    case 'public':
      return true;
    case 'signed-in':
      return visitor !== 'signed out';
    case 'permission':
    case 'record':
      // A record route then also needs enough access to the child's record: decided per child, not per role.
      return visitor !== 'signed out' && can([visitor], access.permission);
  }
}

function permissionCell(route: DeclaredRoute): string {
  const { access } = route.routeAccess;
  if (access.kind === 'public') return 'public';
  if (access.kind === 'signed-in') return 'signed in';
  if (access.kind === 'record') return `\`${access.permission}\` and ${access.need} of the child's record`;
  return `\`${access.permission}\``;
}

function auditCell(route: DeclaredRoute): string {
  const { audit } = route.routeAccess;
  return audit === false ? 'none' : `\`${audit.action}\``;
}

/** The markdown table, formatted as Prettier formats it so that `prettier --write` leaves docs/security.md alone. */
export async function renderAccessMatrix(table: readonly DeclaredRoute[]): Promise<string> {
  const header = ['Method', 'Path', 'Permission', ...VISITORS, 'Audit event'];
  const rows = matrixRoutes(table).map((route) => [
    route.method,
    `\`${route.url}\``,
    permissionCell(route),
    ...VISITORS.map((v) => (mayUse(route, v) ? 'yes' : 'no')),
    auditCell(route),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const raw = [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  const options = (await resolveConfig(SECURITY_DOC)) ?? {};
  return (await format(raw, { ...options, parser: 'markdown' })).trim();
}

function markers(doc: string): { start: number; end: number } {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${SECURITY_DOC} lacks the access-matrix markers`);
  return { start: start + START.length, end };
}

/** The table written in docs/security.md between the markers. */
export function documentedAccessMatrix(): string {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const { start, end } = markers(doc);
  return doc.slice(start, end).trim();
}

/** Replaces what lies between the markers (and nothing else) with the table. */
export function writeDocumentedAccessMatrix(table: string): void {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const { start, end } = markers(doc);
  writeFileSync(SECURITY_DOC, `${doc.slice(0, start)}\n\n${table}\n\n${doc.slice(end)}`);
}
