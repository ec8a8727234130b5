/**
 * docs/security.md's roles section says what `src/domain/access/roles.ts` grants (issue 12, finding 4): every role is
 * described with its label, and the permissions table between its markers is the one the code gives. To rewrite the
 * table: `UPDATE_ACCESS_MATRIX=1 npx vitest run test/integration/roles-doc.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS, ROLES } from '../../src/domain/access/roles.js';
import { SECURITY_DOC } from '../support/access-matrix.js';
import {
  documentedPermissionsTable,
  renderPermissionsTable,
  writeDocumentedPermissionsTable,
} from '../support/permissions-table.js';

describe("docs/security.md's roles", () => {
  it('lists every permission with the roles that hold it, exactly as roles.ts grants them', async () => {
    const expected = await renderPermissionsTable();
    if (process.env.UPDATE_ACCESS_MATRIX === '1') writeDocumentedPermissionsTable(expected);
    expect(
      documentedPermissionsTable(),
      `docs/security.md's permissions table is out of date. Put this between its markers ` +
        `(or run with UPDATE_ACCESS_MATRIX=1):\n\n${expected}\n`,
    ).toBe(expected);
  });

  it('describes every role, with its label, in the roles table', () => {
    const doc = readFileSync(SECURITY_DOC, 'utf8');
    const section = doc.slice(doc.indexOf('## Roles'), doc.indexOf('## How access is enforced'));
    const rows = section.split('\n').filter((l) => /^\| `[a-z-]+` /u.test(l));
    expect(rows.map((r) => /^\| `([a-z-]+)`/u.exec(r)![1])).toEqual([...ROLES]);
    for (const role of ROLES) {
      const row = rows.find((r) => r.startsWith(`| \`${role}\``))!;
      expect(row.split('|')[2]!.trim()).toBe(ROLE_LABELS[role]);
    }
  });
});
