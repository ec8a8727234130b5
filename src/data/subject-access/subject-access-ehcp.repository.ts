/**
 * The statutory EHCP advice about these children (issue 15), for the subject access export: the requests from local
 * authorities, their exceptions, the documents the authorities sent, the advice with its addenda, and each sending.
 * Read by the child's index, then by the requests' and the advice's ids, within the service. The advice PDFs and the
 * documents go in the archive (`stored_as` says where each is in the file store).
 */
import type { Executor } from '../executor.js';

export interface EhcpRecordRows {
  requests: Record<string, unknown>[];
  exceptions: Record<string, unknown>[];
  documents: (Record<string, unknown> & { id: string; stored_as: string; file_name: string })[];
  advice: (Record<string, unknown> & { id: string; stored_as: string | null })[];
  addenda: Record<string, unknown>[];
  deliveries: Record<string, unknown>[];
}

export async function ehcpRecordOf(
  db: Executor,
  serviceId: string,
  childIds: readonly string[],
): Promise<EhcpRecordRows> {
  const ids = [...childIds];
  const requests = await db
    .selectFrom('ehcp_requests')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('child_id', 'in', ids)
    .orderBy('received_on')
    .orderBy('id')
    .execute();
  const requestIds = requests.map((r) => r.id);
  if (requestIds.length === 0)
    return { requests: [], exceptions: [], documents: [], advice: [], addenda: [], deliveries: [] };
  const byRequest = (table: 'ehcp_exceptions' | 'ehcp_request_documents' | 'ehcp_deliveries') =>
    db
      .selectFrom(table as 'ehcp_exceptions')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('request_id', 'in', requestIds)
      .orderBy('created_at')
      .execute() as Promise<Record<string, unknown>[]>;
  const [exceptions, documents, deliveries, advice] = await Promise.all([
    byRequest('ehcp_exceptions'),
    byRequest('ehcp_request_documents'),
    byRequest('ehcp_deliveries'),
    db
      .selectFrom('ehcp_advice')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('request_id', 'in', requestIds)
      .orderBy('created_at')
      .execute(),
  ]);
  const adviceIds = advice.map((a) => a.id);
  const addenda =
    adviceIds.length === 0
      ? []
      : await db
          .selectFrom('ehcp_advice_addenda')
          .selectAll()
          .where('service_id', '=', serviceId)
          .where('advice_id', 'in', adviceIds)
          .orderBy('created_at')
          .execute();
  return {
    requests,
    exceptions,
    documents: documents as EhcpRecordRows['documents'],
    advice,
    addenda,
    deliveries,
  };
}
