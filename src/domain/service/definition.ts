/**
 * A service definition: everything particular to one service, held as data and validated at start-up. This is the
 * part the page frame and the staff area need; the eligibility criteria, pathways and signposting join it later.
 */
import { z } from 'zod';

export const SERVICE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/u;

export const serviceDefinitionSchema = z
  .object({
    id: z.string().regex(SERVICE_ID, 'must be lower-case words joined by hyphens').max(63),
    serviceName: z.string().min(1).max(120),
    shortDescription: z.string().min(1).max(500),
    organisation: z
      .object({
        name: z.string().min(1).max(200),
        odsCode: z.string().regex(/^[A-Z0-9]{3,6}$/u, 'must be an NHS ODS code'),
      })
      .strict(),
    contact: z
      .object({
        telephone: z.string().regex(/^[0-9 ]{10,14}$/u, 'must be a UK telephone number'),
        email: z.email().optional(),
        hours: z.string().min(1).max(200).optional(),
      })
      .strict(),
    phase: z.enum(['alpha', 'beta', 'live']),
    notes: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;

export type ServiceDefinitionResult = { ok: true; definition: ServiceDefinition } | { ok: false; problems: string[] };

/** Validates parsed JSON, naming each bad field by its path. */
export function parseServiceDefinition(input: unknown): ServiceDefinitionResult {
  const result = serviceDefinitionSchema.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}
