/** Whether practices and schools have been imported at all; where not, the checker asks declarations instead. */
import type { Executor } from '../executor.js';
import { practicesLoaded } from './practices.repository.js';
import { schoolsLoaded } from './schools.repository.js';

export async function referenceDataLoaded(db: Executor): Promise<{ practices: boolean; schools: boolean }> {
  const [practices, schools] = await Promise.all([practicesLoaded(db), schoolsLoaded(db)]);
  return { practices, schools };
}
