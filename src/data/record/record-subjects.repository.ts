/**
 * The child a record route names (src/domain/record/subjects.ts): the child itself, or the child an episode, a note or
 * an item of equipment is about. One indexed look-up by primary key, within the service; undefined when there is no
 * such thing in this service (the route answers 404, as for a child it may not see).
 */
import type { RecordSubjectType } from '../../domain/record/subjects.js';
import type { Executor } from '../executor.js';

/** The table each subject lives in; every one has `id`, `service_id` and `child_id` (the child's own is `id`). */
const TABLES = {
  episode: 'episodes',
  note: 'contact_notes',
  'equipment-issue': 'equipment_issues',
  assessment: 'assessments',
  goal: 'goals',
  consent: 'consents',
  discharge: 'discharges',
  advice: 'advice_given',
  'ehcp-request': 'ehcp_requests',
  'ehcp-advice': 'ehcp_advice',
} as const satisfies Record<Exclude<RecordSubjectType, 'child'>, string>;

export async function childOfSubject(
  db: Executor,
  serviceId: string,
  type: RecordSubjectType,
  id: string,
): Promise<string | undefined> {
  if (type === 'child') {
    const child = await db
      .selectFrom('children')
      .select('id')
      .where('service_id', '=', serviceId)
      .where('id', '=', id)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    return child?.id;
  }
  const row = await db
    .selectFrom(TABLES[type])
    .select('child_id')
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.child_id;
}
