/**
 * A demo service for someone trying Otway (`npm run cli -- demo`): fills the embedded database with data set S of the
 * benchmarks' generator (2,500 children and 3,000 referrals over the last year, in every triage state, decided by the
 * service's own eligibility rules, with names, NHS numbers in the test range starting 999, GP practices and schools
 * from the shipped reference-data snapshot), built as of yesterday, and one staff account for each role with a password
 * generated here, strong and random, returned once for the command to print and stored only as a hash.
 *
 * It refuses a database that already holds any referral at all (it is not for a service in use), and refuses
 * PostgreSQL: the demo is for the embedded SQLite database a newcomer starts with. The accounts are created through
 * the accounts service, as an administrator's invitation and the person's own activation would create them (hashed,
 * audited); the referrals through the benchmarks' loader.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../data/database.js';
import { isPostgres } from '../../data/demo/bulk-insert.js';
import { DATA_SETS } from '../../data/demo/data-sets.js';
import { childrenForEhcpRequests } from '../../data/demo/ehcp.js';
import { openEpisodes } from '../../data/demo/episodes.js';
import { findAccountIdByEmail } from '../../data/accounts/identities.repository.js';
import { countAllReferrals, loadDataSet, type LoadReport } from '../../data/demo/load.js';
import { buildSyntheticReference } from '../../data/demo/reference.js';
import { decodeReferenceFile } from '../../data/reference/encoding.js';
import { parseEpraccur } from '../../data/reference/epraccur.js';
import { parseGias } from '../../data/reference/gias.js';
import { readSnapshot } from '../../data/reference/snapshot-files.js';
import { ROLES, ROLE_LABELS, type Role } from '../../domain/access/roles.js';
import { checkNewPassword } from '../../domain/accounts/password-policy.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';
import { addDays } from '../../domain/referrals/working-days.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AccountService } from '../accounts/account.service.js';
import type { EhcpRequestsService } from '../ehcp/requests.service.js';
import { addDays as addCalendarDays } from '../../domain/care/london-time.js';
import type { createPlaces } from '../care/places.service.js';
import type { ReferenceSnapshot } from '../reference/reference-snapshot.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

/** The demo's staff, one a role: made-up people at an address that can never receive mail (`.invalid`, RFC 2606). */
const PEOPLE: Record<Role, string> = {
  admin: 'Alex Morgan',
  'admin-officer': 'Sam Patel',
  'triage-clinician': 'Jo Okafor',
  clinician: 'Priya Shah',
  'service-manager': 'Chris Evans',
  'safeguarding-lead': 'Ruth Adeyemi',
  'caldicott-guardian': 'Helen Brooks',
  'data-protection-officer': 'Nadia Hussain',
  auditor: 'Morgan Lee',
};
const DEMO_DOMAIN = 'demo.otway.invalid';

export interface DemoAccount {
  role: Role;
  roleLabel: string;
  displayName: string;
  email: string;
  /** Shown once, to the person who ran the command; stored only as its hash. */
  password: string;
}

/** Loaded; or refused, with what to tell the person who ran the command (nothing was changed). */
export type DemoOutcome = Outcome<
  { serviceId: string; loaded: LoadReport; accounts: DemoAccount[] },
  Problem<'conflict' | 'forbidden' | 'not-found'>
>;

/**
 * A password of 5 groups of 5 letters and digits from an alphabet without look-alikes (31 symbols): about 124 bits,
 * from the operating system's random source.
 */
export function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  for (;;) {
    const groups = Array.from({ length: 5 }, () =>
      Array.from({ length: 5 }, () => alphabet.charAt(randomInt(alphabet.length))).join(''),
    );
    const password = groups.join('-');
    if (checkNewPassword(password) === null) return password;
  }
}

export function createDemo(deps: {
  db: Kysely<Database>;
  clock: Clock;
  accounts: AccountService;
  referenceSnapshot: ReferenceSnapshot;
  places: ReturnType<typeof createPlaces>;
  ehcpRequests: EhcpRequestsService;
  definitionsDir: string;
}) {
  const { db, clock, accounts, referenceSnapshot, places, ehcpRequests, definitionsDir } = deps;

  /** The snapshot's practices and schools, parsed as the importer parses them, for the generator to draw from. */
  function snapshotRecords() {
    const files = readSnapshot(definitionsDir);
    const text = (kind: 'practices' | 'schools') => {
      const file = files.find((f) => f.kind === kind);
      return file === undefined ? null : decodeReferenceFile(Buffer.from(file.bytes)).text;
    };
    const [practices, schools] = [text('practices'), text('schools')];
    if (practices === null || schools === null) return null;
    return { practices: parseEpraccur(practices), schools: parseGias(schools) };
  }

  async function createAccount(ctx: RequestContext, serviceId: string, role: Role): Promise<DemoAccount> {
    const displayName = PEOPLE[role];
    const email = `${displayName.toLowerCase().replace(/\s+/gu, '.')}@${DEMO_DOMAIN}`;
    const invited = await accounts.invite({ ...ctx, serviceId }, { email, displayName, roles: [role] });
    if (invited.link === null) throw new Error(`The demo account ${email} exists already.`);
    const token = new URL(invited.link).pathname.split('/').at(-1) ?? '';
    const password = demoPassword();
    const activated = await accounts.activate(decodeURIComponent(token), { password }, ctx);
    if (!activated.ok) throw new Error(`The demo account ${email} was not activated: ${activated.problem.message}`);
    return { role, roleLabel: ROLE_LABELS[role], displayName, email, password };
  }

  /**
   * A team, two clinics with rooms (one a group room) and the clinicians' team, base and hours, through the places
   * use cases as a service manager would set them up, so that the demo can book in clinic as well as at home and
   * at school. The addresses are made up.
   */
  async function setUpPlaces(ctx: RequestContext, serviceId: string): Promise<void> {
    const at = { ...ctx, serviceId };
    const made = (outcome: { ok: true; id: string } | { ok: false; problem: Problem }, what: string): string => {
      if (!outcome.ok) throw new Error(`The demo's ${what} was not made: ${outcome.problem.message}`);
      return outcome.id;
    };
    const team = made(await places.addTeam(at, 'City and county team'), 'team');
    const clinic = async (name: string, addressLine1: string, town: string, postcode: string) =>
      made(
        await places.addLocation(at, { name, addressLine1, addressLine2: null, town, postcode, isClinic: true }),
        name,
      );
    const leicester = await clinic('Demo Clinic, Leicester', '1 Example Street', 'Leicester', 'LE1 1AA');
    const loughborough = await clinic('Demo Clinic, Loughborough', '2 Example Road', 'Loughborough', 'LE11 1AA');
    const rooms: [string, string, number][] = [
      [leicester, 'Therapy room 1', 1],
      [leicester, 'Therapy room 2', 1],
      [leicester, 'Group room', 6],
      [loughborough, 'Therapy room', 1],
    ];
    for (const [locationId, name, capacity] of rooms)
      made(await places.addRoom(at, locationId, { name, capacity }), name);
    const hours = { start: '09:00', end: '17:00' };
    const week = { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours };
    for (const clinician of await places.clinicians(serviceId)) {
      const current = await places.clinician(serviceId, clinician.id);
      if (current === undefined) continue;
      const saved = await places.updateProfile(at, clinician.id, {
        teamId: team,
        baseLocationId: leicester,
        workingPattern: week,
        version: current.version,
      });
      if (!saved.ok) throw new Error(`The demo's clinician ${clinician.name} was not set up: ${saved.problem.message}`);
    }
  }

  /**
   * Requests for EHCP health advice from the three local authorities, logged by the admin officer as they arrived
   * (through the use case, so each is matched to its child's record): one due in two days with no clinician named
   * (red: the escalation job tells the service manager), one due in nine days with the clinician writing it (amber),
   * one received ten days ago (green), and an annual review due in three weeks.
   */
  async function logEhcpRequests(ctx: RequestContext, serviceId: string, accountsMade: DemoAccount[]): Promise<void> {
    const idOf = async (role: Role) => {
      const email = accountsMade.find((a) => a.role === role)?.email ?? '';
      const id = await findAccountIdByEmail(db, email);
      if (id === undefined) throw new Error(`The demo's ${role} account was not found.`);
      return id;
    };
    const officer = {
      ...ctx,
      serviceId,
      actorUserId: await idOf('admin-officer'),
      actorRoles: ['admin-officer' as const],
    };
    const clinicianId = await idOf('clinician');
    const today = londonDate(clock());
    const parts = (name: string, iso: string) => {
      const [year = '', month = '', day = ''] = iso.split('-');
      return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
    };
    const plans = [
      { la: '856', reference: 'EHC/LC/0431', receivedDaysAgo: 40, assign: false, kind: 'needs-assessment' },
      { la: '855', reference: 'LCC-SEN-2207', receivedDaysAgo: 33, assign: true, kind: 'needs-assessment' },
      { la: '857', reference: 'RCC/EHC/118', receivedDaysAgo: 10, assign: true, kind: 'needs-assessment' },
      { la: '855', reference: 'LCC-AR-0954', receivedDaysAgo: 5, assign: false, kind: 'annual-review' },
    ] as const;
    const children = await childrenForEhcpRequests(db, serviceId, plans.length);
    for (const [i, plan] of plans.entries()) {
      const child = children[i];
      if (child === undefined) break;
      const logged = await ehcpRequests.log(officer, {
        kind: plan.kind,
        laCode: plan.la,
        laReference: plan.reference,
        laContactName: 'SEN Assessment Team',
        laContactEmail: 'send.team@example.gov.uk',
        ...parts('receivedOn', addCalendarDays(today, -plan.receivedDaysAgo)),
        ...(plan.kind === 'annual-review' && parts('dueOn', addCalendarDays(today, 21))),
        questions: 'Please describe the child’s needs, the outcomes sought and the provision needed.',
        familyCopy: i % 2 === 0 ? 'yes' : 'no',
        childNhsNumber: child.nhsNumber,
        childGivenName: child.givenName,
        childFamilyName: child.familyName,
        ...parts('childDateOfBirth', child.dateOfBirth),
        childSex: child.sex,
        childAddressLine1: child.addressLine1,
        childTown: child.town,
        childPostcode: child.postcode,
      });
      if (!logged.ok) throw new Error(`The demo's EHCP request was not logged: ${logged.problem.message}`);
      if (plan.assign) {
        const named = await ehcpRequests.assign(officer, logged.requestId, { clinician: clinicianId, version: '1' });
        if (!named.ok) throw new Error(`The demo's EHCP clinician was not named: ${named.problem.message}`);
      }
    }
  }

  /** Fills the database with the demo service; see the file's comment for what it refuses. */
  async function fill(ctx: RequestContext, definition: ServiceDefinition): Promise<DemoOutcome> {
    const notLoaded = 'The demo was not loaded:';
    if (isPostgres(db)) {
      const why = 'it fills only the embedded SQLite database (DATABASE_URL=sqlite:...), never PostgreSQL.';
      return failed(problem('forbidden', `${notLoaded} ${why} Nothing was changed.`));
    }
    const referrals = await countAllReferrals(db);
    if (referrals > 0) {
      const why = `this database already holds ${String(referrals)} referrals, and the demo only fills a database with none.`;
      return failed(problem('conflict', `${notLoaded} ${why} Nothing was changed.`));
    }
    const records = snapshotRecords();
    if (records === null) {
      const why = `there is no reference-data snapshot in ${definitionsDir}.`;
      return failed(problem('not-found', `${notLoaded} ${why} Nothing was changed.`));
    }
    // The reference tables as a new install has them (nothing already imported is overwritten).
    await referenceSnapshot.importIfEmpty();
    const reference = buildSyntheticReference(definition, records.practices, records.schools);
    // One transaction at S: the referrals are all there, or none is.
    // Built as of yesterday, so that no referral arrives later today than now.
    const loaded = await loadDataSet(db, DATA_SETS.S, reference, {
      referenceDate: addDays(londonDate(clock()), -1),
      referenceData: null,
      rebuildIndexes: false,
    });
    // Every child the demo's triage accepted is on the waiting list (the data set covers one year).
    await openEpisodes(db, addDays(londonDate(clock()), -366));
    const created: DemoAccount[] = [];
    for (const role of ROLES) created.push(await createAccount(ctx, definition.id, role));
    await setUpPlaces(ctx, definition.id);
    await logEhcpRequests(ctx, definition.id, created);
    return ok({ serviceId: definition.id, loaded, accounts: created });
  }

  return { fill };
}

export type Demo = ReturnType<typeof createDemo>;
