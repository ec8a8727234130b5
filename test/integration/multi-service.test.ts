import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { csvRecords } from '../support/csv.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const LLR_NAME = "Children's Occupational Therapy";
const PHYSIO_NAME = "Children's Physiotherapy (test)";

describeEachDialect('several services in one instance', (dialect) => {
  let t: TestApp;
  let llrClinician: CreatedStaff;
  let physioAdmin: CreatedStaff;
  let physioClinician: CreatedStaff;
  let both: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
    llrClinician = await aStaffMember().called('Lena Leicester').withRoles('clinician').create(t.deps);
    physioAdmin = await aStaffMember().called('Pat Physio-Admin').inService(SECOND_SERVICE, 'admin').create(t.deps);
    physioClinician = await aStaffMember().called('Pip Physio').inService(SECOND_SERVICE, 'clinician').create(t.deps);
    both = await aStaffMember()
      .called('Bo Both')
      .inService(LLR, 'auditor', 'clinician')
      .inService(SECOND_SERVICE, 'admin')
      .create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists both services at the root, and serves each one’s public pages under its id', async () => {
    const client = new TestClient(t.app);
    const root = await client.get('/');
    expect(root.status).toBe(200);
    expect(root.screen.getByRole('link', { name: LLR_NAME }).getAttribute('href')).toBe(`/${LLR}`);
    expect(root.screen.getByRole('link', { name: PHYSIO_NAME }).getAttribute('href')).toBe(`/${SECOND_SERVICE}`);

    for (const [id, name, organisation] of [
      [LLR, LLR_NAME, 'Leicestershire Partnership NHS Trust'],
      [SECOND_SERVICE, PHYSIO_NAME, 'Example Community Health NHS Trust'],
    ] as const) {
      const home = await client.get(`/${id}`);
      expect(home.status).toBe(200);
      expect(home.screen.getByRole('heading', { level: 1, name })).toBeTruthy();
      expect(home.body).toContain(organisation);
      for (const page of ['contact', 'accessibility-statement', 'privacy', 'cookies']) {
        const res = await client.get(`/${id}/${page}`);
        expect({ id, page, status: res.status }).toEqual({ id, page, status: 200 });
        // The frame's links stay within the service.
        expect(res.body).toContain(`href="/${id}/contact"`);
        expect(res.body).toContain(`href="/${id}/privacy"`);
      }
    }
    expect((await client.get('/contact')).status).toBe(404);
  });

  it('shows an admin only their own service’s staff, and 404 for anyone else’s', async () => {
    const client = new TestClient(t.app);
    await signIn(client, physioAdmin);
    const list = await client.get(paths.admin.users.build());
    expect(list.status).toBe(200);
    const names = tableRows(list, 'Everyone with a role in this service').map((r) => r.Name);
    expect(names.sort()).toEqual(['Bo Both', 'Pat Physio-Admin', 'Pip Physio']);
    expect(list.body).not.toContain('Lena Leicester');

    const other = await client.get(paths.admin.user.build({ userId: llrClinician.id }));
    expect(other.status).toBe(404);
    expect(other.body).not.toContain('Lena');
    expect((await client.get(paths.admin.user.build({ userId: physioClinician.id }))).status).toBe(200);
    // Bo's roles elsewhere are not this admin's business.
    const bo = await client.get(paths.admin.user.build({ userId: both.id }));
    expect(bo.screen.getByRole('checkbox', { name: 'Administrator' })).toHaveProperty('checked', true);
    expect(bo.screen.getByRole('checkbox', { name: 'Auditor' })).toHaveProperty('checked', false);
  });

  it('asks someone with roles in both services to choose, lets them switch, and shows each service’s own audit', async () => {
    const client = new TestClient(t.app);
    const chooser = await signIn(client, both);
    expect(chooser.status).toBe(200);
    expect(chooser.screen.getByRole('radio', { name: LLR_NAME })).toBeTruthy();
    expect(chooser.screen.getByRole('radio', { name: PHYSIO_NAME })).toBeTruthy();
    // Nothing service-specific works until a service is chosen.
    const early = await client.get(paths.audit.search.build());
    expect(early.status).toBe(303);
    expect(early.location).toBe(paths.staff.chooseService.build());

    const chosen = await client.post(paths.staff.chooseService.build(), { serviceId: LLR });
    expect(chosen.status).toBe(303);
    const home = await client.follow(chosen);
    expect(text(home.screen.getByRole('main'))).toContain(`You are working in ${LLR_NAME}`);
    expect(home.screen.getByRole('link', { name: 'Change service' })).toBeTruthy();

    // As an auditor in LLR: no event of the other service shows, though there are some.
    await signIn(new TestClient(t.app), physioClinician);
    expect(await auditRows(t.deps, { serviceId: SECOND_SERVICE, action: 'auth.sign-in' })).not.toEqual([]);
    const csv = csvRecords((await client.get(paths.audit.export.build())).body);
    expect(csv.length).toBeGreaterThan(0);
    expect(csv.filter((r) => r.service === SECOND_SERVICE || r.actor_user_id === physioClinician.id)).toEqual([]);
    expect((await client.get(paths.admin.users.build())).status).toBe(403);

    await client.get(paths.staff.chooseService.build());
    const switched = await client.follow(
      await client.post(paths.staff.chooseService.build(), { serviceId: SECOND_SERVICE }),
    );
    expect(text(switched.screen.getByRole('main'))).toContain(`You are working in ${PHYSIO_NAME}`);
    expect((await client.get(paths.admin.users.build())).status).toBe(200);
    expect((await client.get(paths.audit.search.build())).status).toBe(403);
    const chosenEvents = await auditRows(t.deps, { action: 'staff.service-chosen', actorUserId: both.id });
    expect(chosenEvents.map((e) => [e.service_id, e.subject_id])).toEqual([
      [LLR, LLR],
      [SECOND_SERVICE, SECOND_SERVICE],
    ]);
  });

  it('refuses a service the person holds no role in, and leaves them where they were', async () => {
    const client = new TestClient(t.app);
    await signIn(client, llrClinician);
    await client.get(paths.staff.chooseService.build());
    for (const serviceId of [SECOND_SERVICE, 'no-such-service', '']) {
      const page = await client.post(paths.staff.chooseService.build(), { serviceId });
      expect({ serviceId, status: page.status }).toEqual({ serviceId, status: 400 });
      expect(errorSummary(page)).toEqual([
        serviceId === '' ? 'Select the service you want to work in' : 'Select a service from the list',
      ]);
    }
    const home = await client.get(paths.staff.home.build());
    expect(text(home.screen.getByRole('main'))).toContain(`You are working in ${LLR_NAME}`);
    expect(await auditRows(t.deps, { action: 'staff.service-chosen', actorUserId: llrClinician.id })).toEqual([]);
  });
});
