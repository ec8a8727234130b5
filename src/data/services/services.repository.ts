/**
 * The services this instance hosts, kept in step with their definitions at start-up so that every service-owned row
 * can reference one.
 */
import type { Executor } from '../executor.js';

export async function upsertService(
  db: Executor,
  service: { id: string; name: string; organisationName: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('services')
    .values({
      id: service.id,
      name: service.name,
      organisation_name: service.organisationName,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ name: service.name, organisation_name: service.organisationName, updated_at: now }),
    )
    .execute();
}
