/**
 * Teams, clinic locations and rooms, and each clinician's team, base and working pattern (issue 13). Managers add
 * and change them through the places pages (audited `places.changed` and `staff-profile.changed` in the same
 * transaction as the change); booking and the diaries read them through `workingPatternOf`, `clinicians`, `rooms`
 * and `locations`. A clinician without a profile works the service definition's default pattern.
 */
import { randomUUID } from 'node:crypto';
import {
  findLocation,
  findTeam,
  insertLocation,
  insertRoom,
  insertTeam,
  locationsOf,
  roomsOf,
  teamsOf,
  type LocationRow,
  type RoomRow,
  type TeamRow,
} from '../../data/care/places.repository.js';
import {
  cliniciansOf,
  findClinician,
  saveProfile,
  type ClinicianRow,
} from '../../data/care/staff-profiles.repository.js';
import { isUniqueViolation } from '../../data/errors.js';
import type { Executor } from '../../data/executor.js';
import { workingPatternSchema, type WorkingPattern } from '../../domain/service/care-settings.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { LocationRow, RoomRow, TeamRow };

export interface Clinician {
  id: string;
  name: string;
  active: boolean;
  team: { id: string; name: string } | null;
  base: { id: string; name: string } | null;
  workingPattern: WorkingPattern;
  /** False when the pattern is the service's default (no profile saved). */
  ownPattern: boolean;
  /** The profile's version, 0 before one is saved. */
  version: number;
}

export interface PlacesOverview {
  teams: TeamRow[];
  locations: (LocationRow & { rooms: RoomRow[] })[];
  clinicians: Clinician[];
}

export interface NewLocation {
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  isClinic: boolean;
}

export interface ProfileInput {
  teamId: string | null;
  baseLocationId: string | null;
  workingPattern: WorkingPattern;
  version: number;
}

/** A problem that belongs beside one field of the form that asked. */
export type FieldProblem = Problem & { field?: string };

type Ctx = RequestContext & { serviceId: string };

export function createPlaces(deps: { db: Executor; clock: Clock; audit: AuditService; registry: ServiceRegistry }) {
  const { db, clock, audit, registry } = deps;

  function defaultPattern(serviceId: string): WorkingPattern {
    return registry.byId(serviceId)?.care.appointments.defaultWorkingPattern ?? {};
  }

  function patternOf(row: ClinicianRow, fallback: WorkingPattern): { pattern: WorkingPattern; own: boolean } {
    if (row.workingPattern === null) return { pattern: fallback, own: false };
    const parsed = workingPatternSchema.safeParse(JSON.parse(row.workingPattern));
    return parsed.success ? { pattern: parsed.data, own: true } : { pattern: fallback, own: false };
  }

  function toClinician(row: ClinicianRow, fallback: WorkingPattern): Clinician {
    const { pattern, own } = patternOf(row, fallback);
    return {
      id: row.id,
      name: row.name,
      active: row.status === 'active',
      team: row.teamId === null ? null : { id: row.teamId, name: row.teamName ?? '' },
      base: row.baseId === null ? null : { id: row.baseId, name: row.baseName ?? '' },
      workingPattern: pattern,
      ownPattern: own,
      version: row.version,
    };
  }

  /** Records `places.changed` and writes, in one transaction; a second of one name is a conflict. */
  async function change(
    ctx: Ctx,
    what: string,
    write: (trx: Executor, id: string, now: string) => Promise<void>,
    taken: string,
  ): Promise<Outcome<{ id: string }, FieldProblem>> {
    const id = randomUUID();
    try {
      await db.transaction().execute(async (trx) => {
        await write(trx, id, clock().toISOString());
        await audit.record(trx, ctx, {
          action: 'places.changed',
          serviceId: ctx.serviceId,
          subjectType: what,
          subjectId: id,
          detail: { change: `${what}-added` },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) return failed({ ...problem('conflict', taken), field: 'name' });
      throw err;
    }
    return ok({ id });
  }

  return {
    async overview(serviceId: string): Promise<PlacesOverview> {
      const [teams, locations, rooms, clinicians] = await Promise.all([
        teamsOf(db, serviceId),
        locationsOf(db, serviceId),
        roomsOf(db, serviceId),
        cliniciansOf(db, serviceId),
      ]);
      const fallback = defaultPattern(serviceId);
      return {
        teams,
        locations: locations.map((l) => ({ ...l, rooms: rooms.filter((r) => r.locationId === l.id) })),
        clinicians: clinicians.map((c) => toClinician(c, fallback)),
      };
    },

    addTeam(ctx: Ctx, name: string) {
      return change(
        ctx,
        'team',
        (trx, id, now) => insertTeam(trx, { id, serviceId: ctx.serviceId, name }, now),
        `There is already a team called ${name}`,
      );
    },

    addLocation(ctx: Ctx, location: NewLocation) {
      return change(
        ctx,
        'location',
        (trx, id, now) => insertLocation(trx, { id, serviceId: ctx.serviceId, ...location }, now),
        `There is already a location called ${location.name}`,
      );
    },

    /** The location a room is added to, or undefined when it is not this service's. */
    location(serviceId: string, locationId: string) {
      return findLocation(db, serviceId, locationId);
    },

    async addRoom(
      ctx: Ctx,
      locationId: string,
      room: { name: string; capacity: number },
    ): Promise<Outcome<{ id: string }, FieldProblem>> {
      if (!Number.isInteger(room.capacity) || room.capacity < 1 || room.capacity > 30) {
        return failed({
          ...problem('invalid-input', 'Capacity must be a whole number from 1 to 30'),
          field: 'capacity',
        });
      }
      const location = await findLocation(db, ctx.serviceId, locationId);
      if (location === undefined) return failed(problem('not-found', 'There is no such location.'));
      return change(
        ctx,
        'room',
        (trx, id, now) => insertRoom(trx, { id, serviceId: ctx.serviceId, locationId, ...room }, now),
        `${location.name} already has a room called ${room.name}`,
      );
    },

    /** One clinician of the service with their profile, and the teams and locations to choose from. */
    async clinicianForEdit(serviceId: string, userId: string) {
      const [row, teams, locations] = await Promise.all([
        findClinician(db, serviceId, userId),
        teamsOf(db, serviceId),
        locationsOf(db, serviceId),
      ]);
      if (row === undefined) return undefined;
      return { clinician: toClinician(row, defaultPattern(serviceId)), teams, locations };
    },

    async updateProfile(ctx: Ctx, userId: string, input: ProfileInput): Promise<Outcome<object, FieldProblem>> {
      const pattern = workingPatternSchema.safeParse(input.workingPattern);
      if (!pattern.success) return failed(problem('invalid-input', 'Enter working hours that end after they start'));
      const row = await findClinician(db, ctx.serviceId, userId);
      if (row === undefined) return failed(problem('not-found', 'There is no such clinician in this service.'));
      if (input.teamId !== null && (await findTeam(db, ctx.serviceId, input.teamId)) === undefined) {
        return failed({ ...problem('invalid-input', 'Select a team from the list'), field: 'team' });
      }
      if (
        input.baseLocationId !== null &&
        (await findLocation(db, ctx.serviceId, input.baseLocationId)) === undefined
      ) {
        return failed({ ...problem('invalid-input', 'Select a base from the list'), field: 'base' });
      }
      let saved: boolean;
      try {
        saved = await db.transaction().execute(async (trx) => {
          const done = await saveProfile(
            trx,
            {
              serviceId: ctx.serviceId,
              userId,
              teamId: input.teamId,
              baseLocationId: input.baseLocationId,
              workingPattern: JSON.stringify(pattern.data),
            },
            input.version,
            clock().toISOString(),
          );
          if (!done) return false;
          await audit.record(trx, ctx, {
            action: 'staff-profile.changed',
            serviceId: ctx.serviceId,
            subjectType: 'user',
            subjectId: userId,
            detail: {
              team: input.teamId !== null,
              base: input.baseLocationId !== null,
              daysWorked: Object.keys(pattern.data).length,
            },
          });
          return true;
        });
      } catch (err) {
        // Two first saves at once: the second finds the first's row, as a stale version.
        if (!isUniqueViolation(err)) throw err;
        saved = false;
      }
      if (!saved) {
        return failed({
          ...problem(
            'stale-version',
            'Someone else changed this profile while you were editing it. Check it and try again',
          ),
          field: 'team',
        });
      }
      return ok();
    },

    /** The clinician's working pattern: their profile's, or the service's default. */
    async workingPatternOf(serviceId: string, userId: string): Promise<WorkingPattern> {
      const row = await findClinician(db, serviceId, userId);
      const fallback = defaultPattern(serviceId);
      return row === undefined ? fallback : patternOf(row, fallback).pattern;
    },

    /** The service's clinicians, by name, with their team and base. */
    async clinicians(
      serviceId: string,
    ): Promise<{ id: string; name: string; active: boolean; team: string | null; base: string | null }[]> {
      const rows = await cliniciansOf(db, serviceId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        active: r.status === 'active',
        team: r.teamName,
        base: r.baseName,
      }));
    },

    async clinician(serviceId: string, userId: string): Promise<Clinician | undefined> {
      const row = await findClinician(db, serviceId, userId);
      return row === undefined ? undefined : toClinician(row, defaultPattern(serviceId));
    },

    /** The service's rooms: id, name, location and capacity. */
    async rooms(
      serviceId: string,
    ): Promise<{ id: string; name: string; location: { id: string; name: string }; capacity: number }[]> {
      const rows = await roomsOf(db, serviceId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        location: { id: r.locationId, name: r.locationName },
        capacity: r.capacity,
      }));
    },

    locations(serviceId: string): Promise<LocationRow[]> {
      return locationsOf(db, serviceId);
    },
  };
}

export type Places = ReturnType<typeof createPlaces>;
