/**
 * The second factor for staff (docs/adr/0032): a TOTP authenticator app, set up at the first sign-in after it is
 * required, with ten single-use recovery codes. After the password, the sign-in waits for a code for 5 minutes,
 * tied to the anonymous session that gave the password; only then is the person signed in. Wrong codes count
 * towards the same lock-out as wrong passwords. An administrator can reset a person's second factor.
 */
import { randomBytes } from 'node:crypto';
import { deleteSessionsOfUser } from '../../data/accounts/sessions.repository.js';
import {
  countUnusedRecoveryCodes,
  deleteChallenge,
  deleteChallenges,
  deleteTwoFactor,
  enrolledAmong,
  findChallenge,
  findTwoFactor,
  insertChallenge,
  replaceRecoveryCodes,
  savePendingSecret,
  useRecoveryCode,
  useStep,
} from '../../data/accounts/two-factor.repository.js';
import { findMember, findUserById } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import { base32Encode } from '../../domain/accounts/base32.js';
import { groupedSecret, looksLikeTotp, otpauthUri, TOTP_SECRET_BYTES, verifyTotp } from '../../domain/accounts/totp.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { sha256 } from './secrets.js';
import type { SignInService } from './sign-in.service.js';
import type { SecretBox } from './two-factor-secret-box.js';

export const CHALLENGE_MINUTES = 5;
export const RECOVERY_CODE_COUNT = 10;
const MINUTE = 60_000;

const TIMED_OUT = 'Your sign-in timed out. Sign in again with your email address and password.';
const WRONG_CODE = 'Enter the security code your authenticator app shows now, or one of your recovery codes';
const WRONG_SET_UP_CODE = 'Enter the 6-digit code your authenticator app shows now';
const NO_MEMBER = 'No such member of staff in this service.';

/** A second step that has passed: who signed in, their services, and where they were going. */
export interface SecondStepPassed {
  user: StaffUser;
  serviceIds: string[];
  returnTo: string | null;
}

type StepProblem = Problem<'invalid-token' | 'unauthenticated' | 'throttled'>;

/** A recovery code as stored and compared: upper case, no spaces or dashes. */
const normalRecoveryCode = (typed: string) => typed.replace(/[\s-]/gu, '').toUpperCase();
const hashRecoveryCode = (typed: string) => sha256(`recovery:${normalRecoveryCode(typed)}`);

function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(5)).toLowerCase();
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

export interface TwoFactorDeps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  signIn: SignInService;
  box: SecretBox;
  /** STAFF_TWO_FACTOR: required (the default) or off. */
  required: boolean;
  /** The name an authenticator app shows beside the code. */
  issuer: string;
}

export function createTwoFactorService(deps: TwoFactorDeps) {
  const { db, clock, audit, signIn, box, required, issuer } = deps;
  const nowIso = () => clock().toISOString();

  /** After the password: the sign-in waits for the second step in this (anonymous) session. */
  async function begin(sessionHash: string, user: StaffUser, returnTo: string | null): Promise<'code' | 'set-up'> {
    const now = clock();
    await deleteChallenges(db, now.toISOString());
    await insertChallenge(
      db,
      sessionHash,
      { userId: user.id, returnTo, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * MINUTE).toISOString() },
      now.toISOString(),
    );
    const stored = await findTwoFactor(db, user.id);
    return stored?.enrolledAt == null ? 'set-up' : 'code';
  }

  /** The person whose sign-in waits in this session, while the 5 minutes last and their account is active. */
  async function waiting(sessionHash: string) {
    const challenge = await findChallenge(db, sessionHash);
    if (challenge === undefined) return undefined;
    if (challenge.expiresAt <= nowIso()) {
      await deleteChallenge(db, sessionHash);
      return undefined;
    }
    const user = await findUserById(db, challenge.userId);
    if (user?.status !== 'active') return undefined;
    const stored = await findTwoFactor(db, user.id);
    return { user, returnTo: challenge.returnTo, stored, enrolled: stored?.enrolledAt != null };
  }

  /** What the set-up page shows: a new secret (kept, sealed, until confirmed; the same one if the page is reloaded). */
  async function setUpDetails(
    sessionHash: string,
  ): Promise<Outcome<{ user: StaffUser; secretText: string; uri: string }, Problem<'invalid-token' | 'conflict'>>> {
    const found = await waiting(sessionHash);
    if (found === undefined) return failed(problem('invalid-token', TIMED_OUT));
    if (found.enrolled) return failed(problem('conflict', 'Your authenticator app is already set up.'));
    let secret = found.stored === undefined ? null : box.open(found.user.id, found.stored.secretSealed);
    if (secret === null) {
      secret = new Uint8Array(randomBytes(TOTP_SECRET_BYTES));
      await savePendingSecret(db, found.user.id, box.seal(found.user.id, secret), nowIso());
    }
    return ok({
      user: found.user,
      secretText: groupedSecret(secret),
      uri: otpauthUri(secret, issuer, found.user.email),
    });
  }

  /** A wrong code: counted towards the lock-out; once locked, the waiting sign-in ends. */
  async function wrong(
    sessionHash: string,
    user: StaffUser,
    reason: string,
    ctx: RequestContext,
    message: string,
  ): Promise<{ ok: false; problem: StepProblem }> {
    const refused = await signIn.refuse(user.email, user, reason, false, ctx, 'auth.second-factor-failed');
    if (refused.problem.code === 'throttled') {
      await deleteChallenge(db, sessionHash);
      return refused;
    }
    return failed(problem('unauthenticated', message));
  }

  /** Confirms set-up with a code from the app; then the person is signed in and given their recovery codes. */
  async function confirmSetUp(
    sessionHash: string,
    typed: string,
    ctx: RequestContext,
  ): Promise<Outcome<SecondStepPassed & { recoveryCodes: string[] }, StepProblem>> {
    const found = await waiting(sessionHash);
    if (found?.stored === undefined || found.enrolled) return failed(problem('invalid-token', TIMED_OUT));
    const { user, stored } = found;
    if (await signIn.isThrottled(user.email)) {
      await deleteChallenge(db, sessionHash);
      return signIn.refuse(user.email, user, 'throttled', true, ctx, 'auth.second-factor-failed');
    }
    const secret = box.open(user.id, stored.secretSealed);
    const step = secret === null ? null : verifyTotp(secret, typed, clock(), stored.lastStep);
    if (step === null) return wrong(sessionHash, user, 'wrong-set-up-code', ctx, WRONG_SET_UP_CODE);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const confirmed = await db.transaction().execute(async (trx) => {
      if (!(await useStep(trx, user.id, step, nowIso()))) return false;
      await replaceRecoveryCodes(trx, user.id, codes.map(hashRecoveryCode), nowIso());
      await deleteChallenge(trx, sessionHash);
      await audit.record(
        trx,
        { ...ctx, actorUserId: user.id },
        { action: 'auth.second-factor-enrolled', serviceId: null, subjectType: 'user', subjectId: user.id },
      );
      return true;
    });
    if (!confirmed) return wrong(sessionHash, user, 'replayed-code', ctx, WRONG_SET_UP_CODE);
    const done = await signIn.completeSignIn(user, ctx, 'totp');
    return ok({ ...done, returnTo: found.returnTo, recoveryCodes: codes });
  }

  /** The second step: a code from the app (good once) or an unused recovery code (then spent). */
  async function verify(
    sessionHash: string,
    typed: string,
    ctx: RequestContext,
  ): Promise<Outcome<SecondStepPassed & { recoveryCodesLeft: number | null }, StepProblem>> {
    const found = await waiting(sessionHash);
    if (found?.stored === undefined || !found.enrolled) return failed(problem('invalid-token', TIMED_OUT));
    const { user, stored } = found;
    if (await signIn.isThrottled(user.email)) {
      await deleteChallenge(db, sessionHash);
      return signIn.refuse(user.email, user, 'throttled', true, ctx, 'auth.second-factor-failed');
    }
    let via: 'totp' | 'recovery-code';
    if (looksLikeTotp(typed)) {
      const secret = box.open(user.id, stored.secretSealed);
      const step = secret === null ? null : verifyTotp(secret, typed, clock(), null);
      if (step === null) return wrong(sessionHash, user, 'wrong-code', ctx, WRONG_CODE);
      if (!(await useStep(db, user.id, step))) return wrong(sessionHash, user, 'replayed-code', ctx, WRONG_CODE);
      via = 'totp';
    } else {
      const spent = await useRecoveryCode(db, user.id, hashRecoveryCode(typed), nowIso());
      if (!spent) return wrong(sessionHash, user, 'wrong-recovery-code', ctx, WRONG_CODE);
      via = 'recovery-code';
    }
    await deleteChallenge(db, sessionHash);
    const done = await signIn.completeSignIn(user, ctx, via);
    const recoveryCodesLeft = via === 'recovery-code' ? await countUnusedRecoveryCodes(db, user.id) : null;
    return ok({ ...done, returnTo: found.returnTo, recoveryCodesLeft });
  }

  /**
   * An administrator resets a member's second factor (a lost phone): the secret and recovery codes are removed, their
   * sessions end, and they set it up again at their next sign-in. Audited.
   */
  async function reset(
    ctx: RequestContext & { serviceId: string },
    userId: string,
  ): Promise<Outcome<object, Problem<'not-found'>>> {
    return db.transaction().execute(async (trx) => {
      const member = await findMember(trx, ctx.serviceId, userId);
      if (member === undefined) return failed(problem('not-found', NO_MEMBER));
      const had = (await findTwoFactor(trx, userId))?.enrolledAt != null;
      await deleteTwoFactor(trx, userId);
      await deleteChallenges(trx, nowIso(), userId);
      await deleteSessionsOfUser(trx, userId);
      await audit.record(trx, ctx, {
        action: 'user.two-factor-reset',
        subjectType: 'user',
        subjectId: userId,
        detail: { wasSetUp: had },
      });
      return ok();
    });
  }

  return {
    required,
    begin,
    waiting: async (sessionHash: string) => (await waiting(sessionHash))?.enrolled,
    setUpDetails,
    confirmSetUp,
    verify,
    reset,
    enrolledAmong: (userIds: readonly string[]) => enrolledAmong(db, userIds),
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
