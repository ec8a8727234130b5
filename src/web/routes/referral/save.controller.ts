/**
 * Saving a referral to come back later: the page asking where to send the link, sending it, and the link itself,
 * which sets the draft's cookie again and carries on from the next question.
 */
import { parseField } from '../../../domain/forms/fields.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError } from '../../forms/form.js';
import type { Handler } from '../table.js';
import { savePageModel } from './referral-pages.view-models.js';
import { referralCookieName, referralCookieOptions } from './referral.paths.js';
import { referralDrafts, type HeldDraft, type ReferralServices } from './referral.drafts.js';

const EMAIL_FIELD = {
  kind: 'email',
  name: 'email',
  label: 'Email address',
  missing: 'Enter your email address',
} as const;

export function saveController(services: ReferralServices, service: ServiceDefinition) {
  const { config, clock, referralDrafts: drafts } = services;
  const held = referralDrafts(services, service);
  const { paths, frame, noStore } = held;

  /** Where carrying on leads: the next question, or check your answers. */
  const carryOn = async ({ draft }: HeldDraft) =>
    held.nextHref(await held.questionContext(draft), draft.answers, new Set(draft.visited));

  const savePage: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    if (current === undefined) return reply.redirect(paths.start, 303);
    const email = current.draft.answers.referrerEmail;
    noStore(reply);
    return reply.render('referral/save.njk', {
      ...frame,
      ...savePageModel(
        typeof email === 'string' ? email : '',
        held.formToken(current.token),
        await carryOn(current),
        config.referralDraftDays,
        paths,
      ),
    });
  };

  const save: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    if (current === undefined) return held.expired(reply);
    const body = formValues(request.body);
    const unexpected = Object.keys(body).filter((k) => k !== 'email');
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const parsed = parseField(EMAIL_FIELD, body, londonDate(clock()));
    if ('message' in parsed || typeof parsed.value !== 'string') {
      noStore(reply);
      return reply.code(400).render('referral/save.njk', {
        ...frame,
        ...savePageModel(
          typeof body.email === 'string' ? body.email : '',
          held.formToken(current.token),
          await carryOn(current),
          config.referralDraftDays,
          paths,
        ),
        errors: errorsFromMessages([['email', 'message' in parsed ? parsed.message : EMAIL_FIELD.missing]]),
      });
    }
    await drafts.sendResumeLink(
      request.ctx,
      current.draft,
      parsed.value,
      (resumeToken) => `${config.baseUrl}${paths.resumeLink(resumeToken)}`,
      service.serviceName,
    );
    noStore(reply);
    return reply.render('referral/saved.njk', {
      ...frame,
      email: parsed.value,
      keepDays: config.referralDraftDays,
      carryOnHref: await carryOn(current),
    });
  };

  const resume: Handler<{ Params: { token: string } }> = async (request, reply) => {
    const token = await drafts.resume(service.id, request.params.token);
    noStore(reply);
    if (token === undefined) {
      return reply.code(410).render('referral/link-expired.njk', { ...frame, startHref: paths.start });
    }
    reply.setCookie(referralCookieName(config.secureCookies), token, referralCookieOptions(config));
    const draft = await drafts.open(service.id, token);
    const ctx = await held.questionContext(draft);
    return reply.redirect(
      draft === undefined ? paths.start : held.nextHref(ctx, draft.answers, new Set(draft.visited)),
      303,
    );
  };

  return { savePage, save, resume };
}
