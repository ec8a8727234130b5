/**
 * Every URL in one place. Routes register `pattern`; redirects and templates call `build`, so no URL is put
 * together by hand and a renamed route cannot leave a dead link behind.
 */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export interface Route<P extends string> {
  pattern: P;
  build: [ParamNames<P>] extends [never] ? () => string : (params: Record<ParamNames<P>, string>) => string;
}

export function route<P extends string>(pattern: P): Route<P> {
  const build = (params: Record<string, string> = {}) =>
    pattern.replace(/:([A-Za-z]+)/gu, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`Missing path parameter ${name} for ${pattern}`);
      return encodeURIComponent(value);
    });
  return { pattern, build };
}

/** Routes that exist once per instance. */
export const paths = {
  health: route('/health'),
  ready: route('/ready'),
  servicesIndex: route('/'),
  signIn: route('/sign-in'),
  signOut: route('/sign-out'),
  signedOut: route('/signed-out'),
  extendSession: route('/session/extend'),
  activate: route('/activate/:token'),
  /** The second step of signing in (docs/adr/0032): a code from the authenticator app, or setting the app up. */
  signInCode: route('/sign-in/code'),
  signInSetUp: route('/sign-in/set-up'),
  forgottenPassword: route('/forgotten-password'),
  resetPassword: route('/reset-password/:token'),
  /** Single sign-on through an OpenID provider (NHS CIS2): start, and where the provider sends people back. */
  oidc: {
    start: route('/sign-in/nhs-care-identity'),
    callback: route('/sign-in/nhs-care-identity/callback'),
  },
  staff: {
    home: route('/staff'),
    chooseService: route('/staff/service'),
    /** An admin officer registers a referral that came by post, e-mail or telephone. */
    registerReferral: route('/staff/referrals/register'),
    /** Find a referral by reference, child's name and date of birth, or NHS number. */
    searchReferrals: route('/staff/referrals/search'),
    /** A read-only summary of one referral, for admin officers. */
    referralSummary: route('/staff/referrals/:referralId/summary'),
  },
  triage: {
    worklist: route('/staff/triage'),
    referral: route('/staff/triage/referrals/:referralId'),
    decide: route('/staff/triage/referrals/:referralId/decision/:action'),
    attachment: route('/staff/triage/referrals/:referralId/files/:fileId'),
    /** Is the referral's child one the service already knows? */
    childMatch: route('/staff/triage/referrals/:referralId/child'),
    letter: route('/staff/triage/referrals/:referralId/letters/:letterId'),
    letterPdf: route('/staff/triage/referrals/:referralId/letters/:letterId/pdf'),
  },
  /** Letters that go by post, for admin officers to print and send. */
  letters: {
    printQueue: route('/staff/letters/print'),
    printPdf: route('/staff/letters/print/:letterId/pdf'),
    /** Every letter waiting, as one PDF; and marking those that were in it printed. */
    printAllPdf: route('/staff/letters/print/all.pdf'),
    printedAll: route('/staff/letters/print/printed'),
    printed: route('/staff/letters/print/:letterId/printed'),
    /** Appointment letters to post (docs/adr/0040), beside the decision letters' print queue. */
    appointmentLetters: route('/staff/letters/appointments'),
    appointmentLetterPrinted: route('/staff/letters/appointments/:letterId/printed'),
  },
  admin: {
    users: route('/staff/admin/users'),
    invite: route('/staff/admin/users/invite'),
    invited: route('/staff/admin/users/:userId/invited'),
    user: route('/staff/admin/users/:userId'),
    disable: route('/staff/admin/users/:userId/disable'),
    enable: route('/staff/admin/users/:userId/enable'),
    resetTwoFactor: route('/staff/admin/users/:userId/reset-two-factor'),
    /** A new link for a member's invitation, which ends the old one. */
    resendInvitation: route('/staff/admin/users/:userId/resend-invitation'),
    /** Roles in this service for someone whose account belongs to other services only. */
    addToService: route('/staff/admin/users/:userId/add-to-service'),
    outbox: route('/staff/admin/outbox'),
    outboxMessage: route('/staff/admin/outbox/:messageId'),
    outboxRetry: route('/staff/admin/outbox/:messageId/retry'),
  },
  audit: {
    search: route('/staff/audit'),
    export: route('/staff/audit/export.csv'),
    verify: route('/staff/audit/check'),
  },
  /** The subject access export of one child's record (ADR 0030): found by NHS number, or from the triage page. */
  subjectAccess: {
    search: route('/staff/subject-access'),
    child: route('/staff/subject-access/children/:childId'),
    export: route('/staff/subject-access/children/:childId/export'),
  },
  /** After acceptance (issue 13). */
  waitingList: {
    list: route('/staff/waiting-list'),
    export: route('/staff/waiting-list/export.csv'),
    /** One child's place on the list: their wait, contacts, answers and tasks, and "book the first appointment". */
    entry: route('/staff/waiting-list/:episodeId'),
    /** A clinician confirms a family's "no longer needed" and the child leaves the list. */
    remove: route('/staff/waiting-list/:episodeId/remove'),
  },
  tasks: {
    list: route('/staff/tasks'),
    task: route('/staff/tasks/:taskId'),
  },
  places: {
    list: route('/staff/places'),
    team: route('/staff/places/teams/new'),
    location: route('/staff/places/locations/new'),
    room: route('/staff/places/locations/:locationId/rooms/new'),
    staff: route('/staff/places/staff/:userId'),
  },
  diary: {
    mine: route('/staff/diary'),
    clinician: route('/staff/diary/clinicians/:userId'),
    room: route('/staff/diary/rooms/:roomId'),
    block: route('/staff/diary/clinicians/:userId/blocks/new'),
    removeBlock: route('/staff/diary/blocks/:blockId/remove'),
  },
  appointments: {
    /** Booking for a child (an episode): the type, place and clinicians, then the free slots, then confirm. */
    book: route('/staff/episodes/:episodeId/book'),
    slots: route('/staff/episodes/:episodeId/book/slots'),
    confirm: route('/staff/episodes/:episodeId/book/confirm'),
    appointment: route('/staff/appointments/:appointmentId'),
    cancel: route('/staff/appointments/:appointmentId/cancel'),
    /** Adding a child to a group session that has places. */
    addChild: route('/staff/appointments/:appointmentId/add-child'),
    outcome: route('/staff/appointments/:appointmentId/outcome/:episodeId'),
    letter: route('/staff/appointments/:appointmentId/letters/:letterId'),
    letterPdf: route('/staff/appointments/:appointmentId/letters/:letterId/pdf'),
  },
  caseload: {
    mine: route('/staff/caseload'),
    team: route('/staff/caseloads'),
    clinician: route('/staff/caseloads/:userId'),
  },
  safeguarding: {
    flags: route('/staff/safeguarding'),
  },
  /** Equipment issued to children (issue 14 item 7): the team's dashboard, a child's equipment, one item. */
  equipment: {
    dashboard: route('/staff/equipment'),
    child: route('/staff/episodes/:episodeId/equipment'),
    issue: route('/staff/episodes/:episodeId/equipment/new'),
    item: route('/staff/equipment/:issueId'),
    review: route('/staff/equipment/:issueId/review'),
    repair: route('/staff/equipment/:issueId/repair'),
    return: route('/staff/equipment/:issueId/return'),
  },
  /** A child's standardised and functional assessments (issue 14 item 4): the list, choosing a test, its form, one. */
  assessments: {
    child: route('/staff/children/:childId/assessments'),
    choose: route('/staff/children/:childId/assessments/new'),
    record: route('/staff/children/:childId/assessments/new/:instrument'),
    one: route('/staff/assessments/:assessmentId'),
    edit: route('/staff/assessments/:assessmentId/edit'),
  },
  /**
   * Consent and discharge (issue 14 items 2 and 8): a child's consents, recording and withdrawing one; the discharge
   * form, its check page and confirmation; one discharge with its dates and letters; the discharge letters to print.
   */
  consentDischarge: {
    consents: route('/staff/children/:childId/consents'),
    recordConsent: route('/staff/children/:childId/consents/new'),
    withdrawConsent: route('/staff/consents/:consentId/withdraw'),
    discharge: route('/staff/children/:childId/discharge'),
    confirmDischarge: route('/staff/children/:childId/discharge/confirm'),
    one: route('/staff/discharges/:dischargeId'),
    letterPdf: route('/staff/discharges/:dischargeId/letters/:letterId/pdf'),
    printList: route('/staff/letters/discharges'),
    printPdf: route('/staff/letters/discharges/:letterId/pdf'),
    printed: route('/staff/letters/discharges/:letterId/printed'),
  },
  /**
   * A child's record (issue 14): the record page, its alerts, and break-glass. Each part of the record keeps its own
   * key below (notes, assessments, goals...), its pages under /staff/children/:childId/.
   */
  record: {
    child: route('/staff/children/:childId'),
    /** The record of the child of an episode: redirects to the record page. */
    ofEpisode: route('/staff/episodes/:episodeId/record'),
    alerts: route('/staff/children/:childId/alerts'),
    alert: route('/staff/children/:childId/alerts/:alertId/end'),
    breakGlass: route('/staff/children/:childId/break-glass'),
    /** The Caldicott guardian's list of break-glass accesses to review, and one review. */
    breakGlassReviews: route('/staff/break-glass'),
    breakGlassReview: route('/staff/break-glass/:accessId'),
    /** Advice and strategies given to the family or the school (item 6), and one's PDF. */
    advice: route('/staff/children/:childId/advice'),
    advicePdf: route('/staff/advice/:adviceId/pdf'),
  },
  /**
   * Contact notes (issue 14 item 3, docs/adr/0045): a child's notes (paged), adding a draft, one note with its versions
   * and addenda, the author's draft form (saved, autosaved as JSON, signed) and an addendum to a signed note.
   */
  notes: {
    child: route('/staff/children/:childId/notes'),
    add: route('/staff/children/:childId/notes/new'),
    note: route('/staff/notes/:noteId'),
    edit: route('/staff/notes/:noteId/edit'),
    autosave: route('/staff/notes/:noteId/autosave'),
    sign: route('/staff/notes/:noteId/sign'),
    addendum: route('/staff/notes/:noteId/addenda'),
  },
  /** Goals and outcome measures of a child (issue 14 item 5): the goals and outcomes page with its chart, and its forms. */
  goals: {
    child: route('/staff/children/:childId/goals'),
    set: route('/staff/children/:childId/goals/new'),
    toms: route('/staff/children/:childId/outcomes/toms'),
    edit: route('/staff/goals/:goalId/edit'),
    rate: route('/staff/goals/:goalId/rate'),
  },
  /**
   * Statutory EHCP health advice (issue 15): the tracker of requests from local authorities, logging one, a request's
   * page with its exceptions and documents, the report, and the advice itself (draft, review, sign, addenda, PDF) and
   * its sending.
   */
  ehcp: {
    tracker: route('/staff/ehcp'),
    log: route('/staff/ehcp/new'),
    report: route('/staff/ehcp/report'),
    request: route('/staff/ehcp/requests/:requestId'),
    documents: route('/staff/ehcp/requests/:requestId/documents'),
    document: route('/staff/ehcp/requests/:requestId/documents/:documentId'),
    assign: route('/staff/ehcp/requests/:requestId/assign'),
    exceptions: route('/staff/ehcp/requests/:requestId/exceptions'),
    withdrawException: route('/staff/ehcp/exceptions/:exceptionId/withdraw'),
    withdraw: route('/staff/ehcp/requests/:requestId/withdraw'),
    advice: route('/staff/ehcp/requests/:requestId/advice'),
    reuse: route('/staff/ehcp/requests/:requestId/advice/reuse'),
    adviceEdit: route('/staff/ehcp/advice/:adviceId/edit'),
    adviceSubmit: route('/staff/ehcp/advice/:adviceId/submit'),
    adviceReview: route('/staff/ehcp/advice/:adviceId/review'),
    adviceSign: route('/staff/ehcp/advice/:adviceId/sign'),
    adviceAddendum: route('/staff/ehcp/advice/:adviceId/addenda'),
    advicePdf: route('/staff/ehcp/advice/:adviceId/pdf'),
    send: route('/staff/ehcp/requests/:requestId/send'),
    printQueue: route('/staff/ehcp/print'),
    printed: route('/staff/ehcp/deliveries/:deliveryId/printed'),
    deliveryPdf: route('/staff/ehcp/deliveries/:deliveryId/pdf'),
  },
  calendarFeed: {
    /** A clinician's own page to create, copy and revoke their feed's secret address. */
    manage: route('/staff/calendar-feed'),
    revoke: route('/staff/calendar-feed/revoke'),
    /** The feed itself, read by a calendar application with the secret in the address. */
    feed: route('/calendar/:token'),
  },
  /** A family's one-time links (no account): waiting well, and an appointment's confirm, cancel or rebook. */
  family: {
    waitingWell: route('/your-child/waiting-list/:token'),
    appointment: route('/your-child/appointment/:token'),
  },
  api: {
    /** The instance's default service: its only one, or the first in the registry. */
    eligibility: route('/api/v1/eligibility'),
    serviceEligibility: route('/api/v1/services/:serviceId/eligibility'),
    openApi: route('/api/v1/openapi.json'),
    /** Type-ahead search of the reference data, for the forms' practice and school pickers. */
    practices: route('/api/v1/reference/gp-practices'),
    schools: route('/api/v1/reference/schools'),
  },
  assets: {
    css: route('/static/nhsuk-frontend-10.6.1.min.css'),
    js: route('/static/nhsuk-frontend-10.6.1.min.js'),
    // The number changes whenever app.js or app.css does: browsers keep each version for a year.
    appJs: route('/static/app-3.js'),
    appCss: route('/static/app-3.css'),
    /** The contact note draft's autosave (views/notes/edit.njk only); the number changes with the file. */
    noteAutosaveJs: route('/static/note-autosave-1.js'),
  },
} as const;

/** The public pages of one service: at the root when the instance hosts one service, else under `/{serviceId}`. */
export function publicPaths(prefix: string) {
  const at = (p: string) => (prefix === '' ? p : p === '/' ? prefix : `${prefix}${p}`);
  return {
    prefix,
    home: at('/'),
    contact: at('/contact'),
    accessibility: at('/accessibility-statement'),
    privacy: at('/privacy'),
    cookies: at('/cookies'),
    conditions: at('/conditions-we-help-with'),
    whoCanRefer: at('/who-can-refer'),
    afterReferral: at('/what-happens-after-a-referral'),
    notProvided: at('/what-we-do-not-provide'),
    professionals: at('/advice-for-professionals'),
    checker: at('/check-if-we-can-help'),
    refer: at('/refer'),
  };
}

export type PublicPaths = ReturnType<typeof publicPaths>;
