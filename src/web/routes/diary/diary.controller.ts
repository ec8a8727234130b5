/**
 * The diary pages' handlers: one's own diary, a clinician's and a room's, as a day or a week; the form to block time
 * in a clinician's diary; and removing a block. The query string is read from its allow-lists (anything else is 400);
 * another service's clinician, room or block is not found; time already taken is a form error, never a 500.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { problem, type Problem } from '../../../domain/shared/outcome.js';
import type { DiaryOwner } from '../../../services/care/diary.service.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, parseForm, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import { boxes } from '../places/places.view-models.js';
import type { Handler } from '../table.js';
import { DONE_MESSAGES, blockFields, blockInput, diaryQuery } from './diary.forms.js';
import { directoryView, diaryView } from './diary.view-models.js';

export type DiaryServices = Pick<Dependencies, 'diary'>;

const TEMPLATE = 'diary/diary.njk';

const ownerHref = (owner: DiaryOwner) =>
  owner.kind === 'clinician'
    ? paths.diary.clinician.build({ userId: owner.userId })
    : paths.diary.room.build({ roomId: owner.roomId });

export function diaryController({ diary }: DiaryServices) {
  const show =
    (whose: (request: FastifyRequest) => { owner: DiaryOwner; mine: boolean }): Handler =>
    async (request, reply) => {
      const query = parseForm(diaryQuery, request.query);
      if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
      const serviceId = activeServiceId(reply);
      const ctx = { ...request.ctx, serviceId };
      const { owner, mine } = whose(request);
      const [found, directory] = await Promise.all([
        diary.page(serviceId, owner, query.data.view ?? 'week', query.data.date ?? null),
        diary.directory(serviceId),
      ]);
      const others = directoryView(directory.clinicians, directory.rooms);
      if (!found.ok) {
        // One's own diary, for someone who sees no children: nothing to show but the way to the others'.
        if (mine) return reply.render(TEMPLATE, { title: 'My diary', noDiary: true, directory: others });
        return sendProblem(reply, found.problem);
      }
      const canEdit = can(request.ctx.actorRoles, 'diary:block') && diary.mayBlock(ctx, owner);
      return reply.render(TEMPLATE, {
        ...diaryView(found.page, { baseHref: mine ? paths.diary.mine.build() : ownerHref(owner), canEdit, mine }),
        directory: others,
        done: query.data.done === undefined ? null : DONE_MESSAGES[query.data.done],
        csrfToken: canEdit ? await reply.csrfToken() : null,
      });
    };

  const mine = show((request) => ({
    owner: { kind: 'clinician', userId: request.ctx.actorUserId ?? '' },
    mine: true,
  }));
  const clinician = show((request) => ({
    owner: { kind: 'clinician', userId: (request.params as { userId: string }).userId },
    mine: false,
  }));
  const room = show((request) => ({
    owner: { kind: 'room', roomId: (request.params as { roomId: string }).roomId },
    mine: false,
  }));

  const renderBlock = async (
    reply: FastifyReply,
    userId: string,
    name: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) =>
    reply.code(status).render('diary/block.njk', {
      name,
      fields: boxes(blockFields, { timing: 'times' }, sent, errors),
      errors,
      action: paths.diary.block.build({ userId }),
      backHref: paths.diary.clinician.build({ userId }),
      csrfToken: await reply.csrfToken(),
    });

  const blockForm: Handler = async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const ctx = { ...request.ctx, serviceId: activeServiceId(reply) };
    const owner = await diary.blockOwner(ctx, { kind: 'clinician', userId });
    if (!owner.ok) return sendProblem(reply, owner.problem);
    return renderBlock(reply, userId, owner.name, 200);
  };

  const addBlock: Handler = async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const ctx = { ...request.ctx, serviceId: activeServiceId(reply) };
    const owner = await diary.blockOwner(ctx, { kind: 'clinician', userId });
    if (!owner.ok) return sendProblem(reply, owner.problem);
    const form = readForm(blockFields, request.body, {
      today: diary.today(),
      anchors: { kind: 'kind', timing: 'timing' },
    });
    if (!form.ok) return renderBlock(reply, userId, owner.name, 400, form.errors, form.values);
    const added = await diary.addBlock(ctx, { kind: 'clinician', userId }, blockInput(form.data));
    if (!added.ok) {
      const found: Problem & { field?: string } = added.problem;
      if (found.field === undefined) return sendProblem(reply, found);
      const anchor = found.field === 'date' || found.field === 'lastDate' ? `${found.field}-day` : found.field;
      const errors = errorsFromMessages([[found.field, found.message, anchor]]);
      return renderBlock(reply, userId, owner.name, statusOf(found), errors, form.values);
    }
    const date = form.data.date;
    return reply.redirect(`${paths.diary.clinician.build({ userId })}?view=week&date=${date}&done=added`, 303);
  };

  const removeBlock: Handler = async (request, reply) => {
    const { blockId } = request.params as { blockId: string };
    const form = readForm([], request.body);
    if (!form.ok) return sendProblem(reply, problem('invalid-input', 'The form was not complete.'));
    const removed = await diary.removeBlock({ ...request.ctx, serviceId: activeServiceId(reply) }, blockId);
    if (!removed.ok) return sendProblem(reply, removed.problem);
    return reply.redirect(`${ownerHref(removed.owner)}?done=removed`, 303);
  };

  return { mine, clinician, room, blockForm, addBlock, removeBlock };
}
