/**
 * What a service decides about the care after acceptance (issue 13): its waiting-time targets, how often it writes to
 * families who wait and the strategies it offers them, its appointment types and their usual lengths, when reminders
 * go, and when missed or late-cancelled appointments raise a flag. Part of the service definition, so nothing about
 * one service is written into the code.
 */
import { z } from 'zod';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/u, 'must be lower-case words joined by hyphens')
  .max(63);
const text = (max: number) => z.string().trim().min(1).max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/u, 'must be a time such as 09:00');

export const APPOINTMENT_PLACES = ['clinic', 'home', 'school'] as const;
export type AppointmentPlace = (typeof APPOINTMENT_PLACES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A working day's hours in London local time; a day left out is not worked. */
export const workingDaySchema = z
  .object({ start: hhmm, end: hhmm })
  .strict()
  .refine((d) => d.start < d.end, { error: 'must end after it starts', path: ['end'] });
export const workingPatternSchema = z.partialRecord(z.enum(WEEKDAYS), workingDaySchema);
export type WorkingPattern = z.infer<typeof workingPatternSchema>;

const appointmentType = z
  .object({
    code: slug,
    label: text(120),
    /** The usual length in minutes, offered when booking; a booking may change it. */
    minutes: z.int().min(5).max(480),
    /** Where it may take place. */
    places: z.array(z.enum(APPOINTMENT_PLACES)).min(1),
    /** A group session: several children, up to a capacity. */
    group: z.boolean().default(false),
    /** How many clinicians it needs: 2 for a joint visit. */
    clinicians: z.int().min(1).max(2).default(1),
    /** The first appointment of an episode: booking one takes the child off the waiting list. */
    initial: z.boolean().default(false),
  })
  .strict();

const strategy = z
  .object({
    /** The difficulty (eligibility.difficulties code) it helps with, or "any". */
    difficulty: slug,
    title: text(120),
    text: text(1200),
  })
  .strict();

export const careSettingsSchema = z
  .object({
    waitingList: z
      .object({
        /** The service's target wait in weeks per priority: a child over it is shown as over target. */
        targetWeeks: z
          .object({ urgent: z.int().min(1).max(104), soon: z.int().min(1).max(104), routine: z.int().min(1).max(104) })
          .strict(),
      })
      .strict(),
    waitingWell: z
      .object({
        /** Every this many weeks of waiting, the family (and, with consent, the school) is written to. */
        everyWeeks: z.int().min(1).max(52),
        /** How long the family's one-time link stays usable, in days. */
        answerWithinDays: z.int().min(1).max(90),
        /** Contacts in a row without an answer that flag the child for a clinician to validate. */
        unansweredToFlag: z.int().min(1).max(6).default(2),
        strategies: z.array(strategy).min(1),
      })
      .strict(),
    appointments: z
      .object({
        types: z.array(appointmentType).min(1),
        /** The working pattern of a clinician who has not been given one. */
        defaultWorkingPattern: workingPatternSchema,
        /** Free slots start on these minutes past the hour. */
        slotMinutes: z.int().min(5).max(60).default(15),
        reminders: z
          .object({
            /** Days before the appointment that the e-mail and the text message go; 0 for none. */
            emailDaysBefore: z.int().min(0).max(28),
            smsDaysBefore: z.int().min(0).max(28),
          })
          .strict(),
        /** How long the family's link to confirm, cancel or rebook stays usable after the appointment, in days. */
        linkDaysAfter: z.int().min(0).max(28).default(0),
        /** A family's cancellation with less notice than this many hours is a late cancellation. */
        lateCancellationHours: z.int().min(0).max(168),
        /** Late cancellations within the look-back that raise a flag for the safeguarding lead. */
        lateCancellationsToFlag: z.int().min(1).max(10),
        lateCancellationLookBackWeeks: z.int().min(1).max(104),
        /** Was Not Brought appointments in a row that raise a flag for the safeguarding lead. */
        wasNotBroughtInARowToFlag: z.int().min(1).max(5).default(2),
      })
      .strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const codes = c.appointments.types.map((t) => t.code);
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i)
        ctx.addIssue({ code: 'custom', path: ['appointments', 'types', i], message: `"${code}" is listed twice` });
    });
    if (!c.appointments.types.some((t) => t.initial))
      ctx.addIssue({ code: 'custom', path: ['appointments', 'types'], message: 'no type is the initial appointment' });
  });

export type CareSettings = z.infer<typeof careSettingsSchema>;
export type AppointmentType = CareSettings['appointments']['types'][number];
export type Strategy = z.infer<typeof strategy>;
