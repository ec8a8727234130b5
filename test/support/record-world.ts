/**
 * Children whose record a clinician may open (issue 14): the access rule (src/domain/record/access.ts) lets a
 * clinician into a child's clinical record only with a relationship, so a test that works in the record first puts
 * the child on the clinician's caseload, as the first booking would.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { systemContext } from '../../src/services/shared/context.js';
import { findEpisode, findEpisodeOfReferral, updateEpisodeAtVersion } from '../../src/data/care/episodes.repository.js';
import { nhsNumberCheckDigit } from '../../src/domain/shared/nhs-number.js';
import { LLR } from './test-app.js';
import { aReferral } from './factories.js';

/** Makes `userId` the lead clinician of the episode and opens it (the child leaves the waiting list). */
export async function onCaseloadOf(
  deps: Dependencies,
  episodeId: string,
  userId: string,
  serviceId = LLR,
): Promise<void> {
  const db = deps.database.db;
  const episode = await findEpisode(db, serviceId, episodeId);
  if (episode === undefined) throw new Error(`No episode ${episodeId}`);
  const now = deps.clock().toISOString();
  const changed = await updateEpisodeAtVersion(
    db,
    serviceId,
    episodeId,
    episode.version,
    { status: 'open', leadClinicianId: userId, leftListAt: episode.leftListAt ?? now },
    now,
  );
  if (!changed) throw new Error(`Episode ${episodeId} changed while it was put on a caseload`);
}

let made = 0;

/** A valid NHS number of the test range (999...), different each call, so that each child is a new child. */
function nextNhsNumber(): string {
  for (;;) {
    made += 1;
    const first9 = `999${String(100000 + ((made * 7919) % 900000)).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(first9);
    if (check !== null) return `${first9}${String(check)}`;
  }
}

/**
 * An accepted child, on `userId`'s caseload: the episode, the child and the referral. Each call refers a different
 * child (its own NHS number and name), so that records do not merge.
 */
export async function aChildOnCaseload(
  deps: Dependencies,
  userId: string,
  serviceId = LLR,
): Promise<{ episodeId: string; childId: string; referralId: string; reference: string }> {
  const nhsNumber = nextNhsNumber();
  const referral = await aReferral({ nhsNumber, childFamilyName: `Record${nhsNumber.slice(-4)}` })
    .inService(serviceId)
    .accepted()
    .create(deps);
  const episode = await findEpisodeOfReferral(deps.database.db, serviceId, referral.id);
  if (episode === undefined) throw new Error('Accepting the referral opened no episode');
  await onCaseloadOf(deps, episode.id, userId, serviceId);
  return { episodeId: episode.id, childId: episode.childId, referralId: referral.id, reference: referral.reference };
}

/** Puts the clinicians in one new team (through the places use cases), so each is in the team of the others' children. */
export async function inOneTeam(deps: Dependencies, userIds: readonly string[], serviceId = LLR): Promise<string> {
  const ctx = { ...systemContext('record-world'), serviceId };
  const team = await deps.places.addTeam(ctx, `Team ${randomUUID().slice(0, 8)}`);
  if (!team.ok) throw new Error(team.problem.message);
  for (const userId of userIds) {
    const current = await deps.places.clinician(serviceId, userId);
    if (current === undefined) throw new Error(`${userId} is not a clinician of ${serviceId}`);
    const saved = await deps.places.updateProfile(ctx, userId, {
      teamId: team.id,
      baseLocationId: null,
      workingPattern: current.workingPattern,
      version: current.version,
    });
    if (!saved.ok) throw new Error(saved.problem.message);
  }
  return team.id;
}
