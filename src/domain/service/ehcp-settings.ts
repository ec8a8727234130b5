/**
 * What a service decides about statutory EHCP health advice (issue 15): when the tracker turns a request amber and
 * red, and whether a second clinician reviews the advice before it is signed. The six weeks themselves are the law's
 * (SEND Regulations 2014, regulation 8), not a setting. Part of the service definition.
 */
import { z } from 'zod';

export const ehcpSettingsSchema = z
  .object({
    /** A request with this many calendar days left, or fewer, is amber. */
    amberAtDaysLeft: z.int().min(1).max(41).default(10),
    /** A request with this many calendar days left, or fewer, is red; red with no draft is escalated to the manager. */
    redAtDaysLeft: z.int().min(0).max(40).default(5),
    /** A second clinician reviews the advice before its author signs it. */
    secondReviewRequired: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.redAtDaysLeft < s.amberAtDaysLeft, {
    error: 'must be fewer days than amberAtDaysLeft',
    path: ['redAtDaysLeft'],
  });

export type EhcpSettings = z.infer<typeof ehcpSettingsSchema>;
