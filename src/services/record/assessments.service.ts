/**
 * Standardised and functional assessments on a child's record (issue 14 item 4): recording one (MABC-2, Beery VMI,
 * Sensory Profile 2, DCDQ'07 or a functional assessment) for a child, correcting it, one assessment, and a child's
 * assessments for their page and the record's timeline. The rules are the domain's
 * (`src/domain/record/assessments/`): it reads what was typed, refuses what is out of range, and derives the values,
 * which are stored with the scores when saved (never worked out again on reading, so a later rule change does not
 * alter a recorded result).
 *
 * Each change is audited in the transaction that makes it, with the child as its subject. A correction is a compare
 * and set on the assessment's version: of two clinicians correcting one assessment at once, one succeeds and the
 * other is refused as stale with the assessment as it is now, so that no correction is silently lost.
 */
import { randomUUID } from 'node:crypto';
import {
  assessmentsOfChild,
  correctAssessment,
  findAssessedChild,
  findAssessment,
  insertAssessment,
  openEpisodeOf,
  type AssessedChild,
  type AssessmentRow,
} from '../../data/record/assessments.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import {
  deriveAssessment,
  isAssessmentKind,
  type AssessmentDerivation,
  type AssessmentKind,
  type AssessmentProblem,
  type AssessmentScores,
} from '../../domain/record/assessments/index.js';
import { isIsoDate, londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { AssessedChild, AssessmentRow };

/** What each kind derived, as stored. */
export type AssessmentDerived<K extends AssessmentKind = AssessmentKind> = Extract<
  AssessmentDerivation<K>,
  { ok: true }
>['derived'];

/** A stored assessment's instrument with its scores and derived values, typed together. */
export type StoredValues = {
  [K in AssessmentKind]: { instrument: K; scores: AssessmentScores<K>; derived: AssessmentDerived<K> };
}[AssessmentKind];

/** An assessment as read back, its values typed by its instrument. */
export interface StoredAssessment {
  row: AssessmentRow;
  values: StoredValues;
}

/** A refusal, with the messages to show beside the form's fields and, for a stale version, the assessment now. */
export type AssessmentRefusal = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'forbidden'> & {
  problems: FieldProblem[];
  current?: StoredAssessment;
};

/** What a clinician sent for an assessment: the date done (ISO, read from its three boxes) and the score fields. */
export interface AssessmentInput {
  assessedOn: string;
  /** The instrument's fields as typed, by name (strings from the form). */
  fields: Record<string, unknown>;
}

type Ctx = RequestContext & { serviceId: string };

export const NO_CHILD = 'There is no such child in this service.';
export const NO_ASSESSMENT = 'There is no such assessment in this service.';
export const NOT_SIGNED_IN = 'Sign in to record assessments.';
export const STALE_ASSESSMENT =
  'Someone else corrected this assessment while you were editing it. Your changes were not saved: check the assessment as it is now and try again';

/** The form field the date problems belong to. */
export const ASSESSED_ON = 'assessedOn';

/**
 * An assessment's values typed by its instrument; undefined for an instrument this version does not know (none is
 * written). The JSON was written by this service from the domain's own derivation.
 */
export function storedValues(row: AssessmentRow): StoredValues | undefined {
  if (!isAssessmentKind(row.instrument)) return undefined;
  return { instrument: row.instrument, scores: row.scores, derived: row.derived } as StoredValues;
}

function stored(row: AssessmentRow): StoredAssessment | undefined {
  const values = storedValues(row);
  return values === undefined ? undefined : { row, values };
}

const refused = (
  code: AssessmentRefusal['code'],
  message: string,
  problems: FieldProblem[] = [],
  current?: StoredAssessment,
) => failed({ ...problem(code, message), problems, ...(current !== undefined && { current }) });

/** The domain's problems as the form's: a problem with the date (DCDQ'07's age) belongs to the date's day box. */
function fieldProblems(problems: readonly AssessmentProblem[]): FieldProblem[] {
  return problems.map((p) =>
    p.field === 'on' || p.field === 'dateOfBirth' ? { field: ASSESSED_ON, message: p.message, part: 'day' } : p,
  );
}

const invalid = (problems: FieldProblem[]) =>
  refused('invalid-input', problems.map((p) => p.message).join('. '), problems);

/** The date done must be a real date, on or after the child's birth and not after today. */
function dateProblem(assessedOn: string, child: AssessedChild, today: string): FieldProblem | undefined {
  const at = (message: string): FieldProblem => ({ field: ASSESSED_ON, message, part: 'day' });
  if (!isIsoDate(assessedOn)) return at('Date of the assessment must be a real date');
  if (assessedOn > today) return at('Date of the assessment must be today or in the past');
  if (assessedOn < child.dateOfBirth) {
    return at("Date of the assessment must be on or after the child's date of birth");
  }
  return undefined;
}

export function createAssessments(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;
  const today = () => londonDate(clock());

  /** Reads and derives an instrument's input for a child, or the problems to show. */
  function derive(instrument: AssessmentKind, child: AssessedChild, input: AssessmentInput) {
    const date = dateProblem(input.assessedOn, child, today());
    const derived = deriveAssessment(instrument, input.fields, {
      dateOfBirth: child.dateOfBirth,
      on: date === undefined ? input.assessedOn : child.dateOfBirth,
    });
    const problems = [
      ...(date === undefined ? [] : [date]),
      // With the date wrong, DCDQ'07's own reading of it says nothing more.
      ...(derived.ok
        ? []
        : fieldProblems(derived.problems).filter((p) => date === undefined || p.field !== ASSESSED_ON)),
    ];
    if (!derived.ok || problems.length > 0) return { ok: false as const, problems };
    return { ok: true as const, scores: derived.scores, derived: derived.derived, summary: derived.summary };
  }

  return {
    /** The child of the service a record page names, for the forms (name, date of birth); undefined for none. */
    async child(serviceId: string, childId: string): Promise<AssessedChild | undefined> {
      return findAssessedChild(db, serviceId, childId);
    },

    /**
     * Records an assessment of an instrument for the child, in their open episode when there is one; audited as
     * `assessment.recorded`. Bad input records nothing and says what to fix.
     */
    async record(
      ctx: Ctx,
      childId: string,
      instrument: AssessmentKind,
      input: AssessmentInput,
    ): Promise<Outcome<{ assessmentId: string }, AssessmentRefusal>> {
      const by = ctx.actorUserId;
      if (by === null) return refused('forbidden', NOT_SIGNED_IN);
      const child = await findAssessedChild(db, ctx.serviceId, childId);
      if (child === undefined) return refused('not-found', NO_CHILD);
      const derived = derive(instrument, child, input);
      if (!derived.ok) return invalid(derived.problems);
      const assessmentId = randomUUID();
      await db.transaction().execute(async (trx) => {
        const episodeId = (await openEpisodeOf(trx, ctx.serviceId, childId)) ?? null;
        await insertAssessment(
          trx,
          {
            id: assessmentId,
            serviceId: ctx.serviceId,
            childId,
            episodeId,
            instrument,
            assessedOn: input.assessedOn,
            scores: derived.scores,
            derived: derived.derived,
            summary: derived.summary,
            recordedBy: by,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'assessment.recorded',
          serviceId: ctx.serviceId,
          subjectType: 'child',
          subjectId: childId,
          detail: { assessment: assessmentId, instrument, ...(episodeId !== null && { episode: episodeId }) },
        });
      });
      return ok({ assessmentId });
    },

    /**
     * Corrects an assessment (its date and scores; never its instrument) from the version the clinician read, the
     * values derived again from the corrected scores; audited as `assessment.corrected`. A stale version changes
     * nothing and answers the assessment as it is now.
     */
    async correct(
      ctx: Ctx,
      assessmentId: string,
      version: number,
      input: AssessmentInput,
    ): Promise<Outcome<{ version: number }, AssessmentRefusal>> {
      const by = ctx.actorUserId;
      if (by === null) return refused('forbidden', NOT_SIGNED_IN);
      return db.transaction().execute(async (trx) => {
        const found = await findAssessment(trx, ctx.serviceId, assessmentId);
        const current = found === undefined ? undefined : stored(found);
        if (found === undefined || current === undefined) return refused('not-found', NO_ASSESSMENT);
        const stale = () =>
          refused(
            'stale-version',
            STALE_ASSESSMENT,
            [{ field: ASSESSED_ON, message: STALE_ASSESSMENT, part: 'day' }],
            current,
          );
        if (found.version !== version) return stale();
        const child = await findAssessedChild(trx, ctx.serviceId, found.childId);
        if (child === undefined) return refused('not-found', NO_ASSESSMENT);
        const derived = derive(current.values.instrument, child, input);
        if (!derived.ok) return invalid(derived.problems);
        const changed = await correctAssessment(
          trx,
          ctx.serviceId,
          assessmentId,
          version,
          {
            assessedOn: input.assessedOn,
            scores: derived.scores,
            derived: derived.derived,
            summary: derived.summary,
            updatedBy: by,
          },
          clock().toISOString(),
        );
        if (!changed) {
          const now = await findAssessment(trx, ctx.serviceId, assessmentId);
          const latest = now === undefined ? undefined : stored(now);
          return latest === undefined
            ? refused('not-found', NO_ASSESSMENT)
            : refused(
                'stale-version',
                STALE_ASSESSMENT,
                [{ field: ASSESSED_ON, message: STALE_ASSESSMENT, part: 'day' }],
                latest,
              );
        }
        await audit.record(trx, ctx, {
          action: 'assessment.corrected',
          serviceId: ctx.serviceId,
          subjectType: 'child',
          subjectId: found.childId,
          detail: { assessment: assessmentId, instrument: found.instrument, version: version + 1 },
        });
        return ok({ version: version + 1 });
      });
    },

    /**
     * One assessment with its child; undefined for another service's or none. Not audited here: the page's route
     * records its read, with the child as its subject.
     */
    async assessment(
      serviceId: string,
      assessmentId: string,
    ): Promise<{ assessment: StoredAssessment; child: AssessedChild } | undefined> {
      const found = await findAssessment(db, serviceId, assessmentId);
      const assessment = found === undefined ? undefined : stored(found);
      if (assessment === undefined) return undefined;
      const child = await findAssessedChild(db, serviceId, assessment.row.childId);
      return child === undefined ? undefined : { assessment, child };
    },

    /** A child's assessments, the most recent first; undefined for no such child. Not audited here (the route does). */
    async childAssessments(
      serviceId: string,
      childId: string,
    ): Promise<{ child: AssessedChild; assessments: StoredAssessment[] } | undefined> {
      const child = await findAssessedChild(db, serviceId, childId);
      if (child === undefined) return undefined;
      const rows = await assessmentsOfChild(db, serviceId, childId);
      return { child, assessments: rows.flatMap((r) => stored(r) ?? []) };
    },

    /**
     * For the record page's timeline: a child's latest `limit` assessments (one query), each with its date, its
     * instrument and the one line derived when it was saved. Not audited here: the record page audits its own read.
     */
    async recentOfChild(
      serviceId: string,
      childId: string,
      limit = 10,
    ): Promise<{ id: string; instrument: string; assessedOn: string; summary: string; recordedByName: string }[]> {
      const rows = await assessmentsOfChild(db, serviceId, childId, limit);
      return rows.map((r) => ({
        id: r.id,
        instrument: r.instrument,
        assessedOn: r.assessedOn,
        summary: r.summary,
        recordedByName: r.recordedByName,
      }));
    },
  };
}

export type Assessments = ReturnType<typeof createAssessments>;
