/**
 * The demo's children for its EHCP requests: a few children of the service with an NHS number and an open episode,
 * the same ones every time for a given database (ordered by id), so the requests are logged for children the service
 * knows and are matched to their records.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

export interface DemoEhcpChild {
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string;
  addressLine1: string;
  town: string;
  postcode: string;
}

export async function childrenForEhcpRequests(
  db: Kysely<Database>,
  serviceId: string,
  count: number,
): Promise<DemoEhcpChild[]> {
  const rows = await db
    .selectFrom('children as c')
    .select([
      'c.nhs_number',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'c.sex',
      'c.address_line_1',
      'c.town',
      'c.postcode',
    ])
    .where('c.service_id', '=', serviceId)
    .where('c.nhs_number', 'is not', null)
    .where('c.merged_into', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('episodes as e')
          .select('e.id')
          .whereRef('e.child_id', '=', 'c.id')
          .where('e.status', 'in', ['waiting', 'open']),
      ),
    )
    .orderBy('c.id')
    .limit(count)
    .execute();
  return rows.map((r) => ({
    nhsNumber: r.nhs_number ?? '',
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    addressLine1: r.address_line_1,
    town: r.town,
    postcode: r.postcode,
  }));
}
