/**
 * The places pages' handlers: the overview; adding a team, a location or a room; and a clinician's team, base and
 * working pattern. A form with problems is shown again with an error summary (400); a name already used, or a
 * profile changed by someone else meanwhile, likewise (409). Another service's ids are not found.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import type { Field } from '../../../domain/forms/fields.js';
import type { Problem } from '../../../domain/shared/outcome.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, formValues, parseForm, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { NO_TEAM, locationFields, patternFrom, roomFields, staffFields, teamFields } from './places.forms.js';
import { boxes, clinicianRow, dayRows, placesView, profileAnswers } from './places.view-models.js';

export type PlacesServices = Pick<Dependencies, 'places'>;

const FORM = 'places/form.njk';
const DONE = {
  team: 'Team added',
  location: 'Location added',
  room: 'Room added',
  staff: 'Clinician’s details saved',
} as const;

/** The overview's one query parameter: what was just done, for its banner. Anything else is 400. */
const listQuery = z
  .object({
    done: z.enum(['team', 'location', 'room', 'staff'], { error: 'The page address is not valid' }).optional(),
  })
  .strict();

/** A refusal beside the field it names (or the first), or the error page when it is not about the form. */
const fieldError = (found: Problem & { field?: string }, first: string): FormErrors =>
  errorsFromMessages([[found.field ?? first, found.message]]);

export function placesController({ places }: PlacesServices) {
  const renderForm = async (
    reply: FastifyReply,
    status: number,
    page: { title: string; caption?: string; fields: readonly Field[]; action: string; button: string },
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) =>
    reply.code(status).render(FORM, {
      title: page.title,
      caption: page.caption,
      fields: boxes(page.fields, {}, sent, errors),
      errors,
      action: page.action,
      button: page.button,
      backHref: paths.places.list.build(),
      csrfToken: await reply.csrfToken(),
    });

  const TEAM = { title: 'Add a team', fields: teamFields, action: paths.places.team.build(), button: 'Add team' };
  const LOCATION = {
    title: 'Add a location',
    fields: locationFields,
    action: paths.places.location.build(),
    button: 'Add location',
  };

  const list: Handler = async (request, reply) => {
    const query = parseForm(listQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const overview = await places.overview(activeServiceId(reply));
    const done = query.data.done === undefined ? null : DONE[query.data.done];
    const mayReadDiaries = can(reply.request.session?.roles ?? [], 'diary:read');
    return reply.render('places/list.njk', { ...placesView(overview, { mayReadDiaries }), done });
  };

  const teamForm: Handler = async (_request, reply) => renderForm(reply, 200, TEAM);

  const addTeam: Handler = async (request, reply) => {
    const form = readForm(teamFields, request.body);
    if (!form.ok) return renderForm(reply, 400, TEAM, form.errors, form.values);
    const added = await places.addTeam({ ...request.ctx, serviceId: activeServiceId(reply) }, form.data.name);
    if (!added.ok) {
      return renderForm(reply, statusOf(added.problem), TEAM, fieldError(added.problem, 'name'), form.values);
    }
    return reply.redirect(`${paths.places.list.build()}?done=team`, 303);
  };

  const locationForm: Handler = async (_request, reply) => renderForm(reply, 200, LOCATION);

  const addLocation: Handler = async (request, reply) => {
    const form = readForm(locationFields, request.body);
    if (!form.ok) return renderForm(reply, 400, LOCATION, form.errors, form.values);
    const { name, addressLine1, addressLine2, town, postcode, use } = form.data;
    const added = await places.addLocation(
      { ...request.ctx, serviceId: activeServiceId(reply) },
      { name, addressLine1, addressLine2: addressLine2 ?? null, town, postcode, isClinic: use === 'clinic' },
    );
    if (!added.ok) {
      return renderForm(reply, statusOf(added.problem), LOCATION, fieldError(added.problem, 'name'), form.values);
    }
    return reply.redirect(`${paths.places.list.build()}?done=location`, 303);
  };

  const roomPage = (locationId: string, locationName: string) => ({
    title: 'Add a room',
    caption: locationName,
    fields: roomFields,
    action: paths.places.room.build({ locationId }),
    button: 'Add room',
  });

  const roomForm: Handler = async (request, reply) => {
    const { locationId } = request.params as { locationId: string };
    const location = await places.location(activeServiceId(reply), locationId);
    if (location === undefined) return sendProblem(reply, { code: 'not-found', message: 'There is no such location.' });
    return renderForm(reply, 200, roomPage(locationId, location.name));
  };

  const addRoom: Handler = async (request, reply) => {
    const { locationId } = request.params as { locationId: string };
    const serviceId = activeServiceId(reply);
    const form = readForm(roomFields, request.body);
    if (!form.ok) {
      const location = await places.location(serviceId, locationId);
      if (location === undefined) {
        return sendProblem(reply, { code: 'not-found', message: 'There is no such location.' });
      }
      return renderForm(reply, 400, roomPage(locationId, location.name), form.errors, form.values);
    }
    const added = await places.addRoom({ ...request.ctx, serviceId }, locationId, {
      name: form.data.name,
      capacity: Number(form.data.capacity),
    });
    if (!added.ok) {
      if (added.problem.code === 'not-found') return sendProblem(reply, added.problem);
      const location = await places.location(serviceId, locationId);
      return renderForm(
        reply,
        statusOf(added.problem),
        roomPage(locationId, location?.name ?? ''),
        fieldError(added.problem, 'name'),
        form.values,
      );
    }
    return reply.redirect(`${paths.places.list.build()}?done=room`, 303);
  };

  const renderStaff = async (
    reply: FastifyReply,
    userId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) => {
    const found = await places.clinicianForEdit(activeServiceId(reply), userId);
    if (found === undefined) {
      return sendProblem(reply, { code: 'not-found', message: 'There is no such clinician in this service.' });
    }
    const fields = staffFields(found.teams, found.locations);
    const models = boxes(fields, profileAnswers(found.clinician), sent, errors);
    return reply.code(status).render('places/staff.njk', {
      clinician: clinicianRow(found.clinician),
      team: models.find((m) => m.name === 'team'),
      base: models.find((m) => m.name === 'base'),
      days: dayRows(models),
      version: found.clinician.version,
      errors,
      action: paths.places.staff.build({ userId }),
      backHref: paths.places.list.build(),
      csrfToken: await reply.csrfToken(),
    });
  };

  const staffForm: Handler = async (request, reply) => {
    const { userId } = request.params as { userId: string };
    return renderStaff(reply, userId, 200);
  };

  const saveStaff: Handler = async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const serviceId = activeServiceId(reply);
    const found = await places.clinicianForEdit(serviceId, userId);
    if (found === undefined) {
      return sendProblem(reply, { code: 'not-found', message: 'There is no such clinician in this service.' });
    }
    const form = readForm(staffFields(found.teams, found.locations), request.body);
    if (!form.ok) return renderStaff(reply, userId, 400, form.errors, form.values);
    const pattern = patternFrom(form.data);
    if (!pattern.ok) return renderStaff(reply, userId, 400, errorsFromMessages(pattern.problems), form.values);
    const saved = await places.updateProfile({ ...request.ctx, serviceId }, userId, {
      teamId: form.data.team === NO_TEAM ? null : form.data.team,
      baseLocationId: form.data.base === NO_TEAM ? null : form.data.base,
      workingPattern: pattern.pattern,
      version: form.data.version,
    });
    if (!saved.ok) {
      if (saved.problem.code === 'not-found') return sendProblem(reply, saved.problem);
      // A stale version shows the profile as it is now; other refusals keep what was sent.
      const sent = saved.problem.code === 'stale-version' ? undefined : formValues(request.body);
      return renderStaff(reply, userId, statusOf(saved.problem), fieldError(saved.problem, 'team'), sent);
    }
    return reply.redirect(`${paths.places.list.build()}?done=staff`, 303);
  };

  return { list, teamForm, addTeam, locationForm, addLocation, roomForm, addRoom, staffForm, saveStaff };
}
