/**
 * Field parsers for HTML forms, built on zod. Each turns what a browser sends (a string, nothing, or an array when a
 * name is repeated) into a clean value or one message for the person. Text is NFC-normalised, trimmed and stripped
 * of bidirectional controls, and lengths are counted in code points.
 */
import { z } from 'zod';
import { cleanText, codePointLength } from '../../domain/shared/text.js';

export interface TextRules {
  missing: string;
  tooLong: string;
  max: number;
  /** Optional extra check: a message when the value is wrong, or null. */
  check?: (value: string) => string | null;
}

function single(value: unknown): string | undefined | { repeated: true } {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return { repeated: true };
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : { repeated: true };
}

export function requiredText(rules: TextRules) {
  return z.unknown().transform((raw, ctx) => {
    const value = single(raw);
    if (typeof value === 'object') {
      ctx.addIssue({ code: 'custom', message: 'Enter one answer only' });
      return z.NEVER;
    }
    const text = cleanText(value ?? '');
    const problem =
      text === '' ? rules.missing : codePointLength(text) > rules.max ? rules.tooLong : (rules.check?.(text) ?? null);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return text;
  });
}

/** A password: never trimmed or normalised (what was typed is what is hashed), but length-limited. */
export function password(rules: { missing: string; max: number; tooLong: string }) {
  return z.unknown().transform((raw, ctx) => {
    const value = single(raw);
    if (typeof value === 'object') {
      ctx.addIssue({ code: 'custom', message: 'Enter one answer only' });
      return z.NEVER;
    }
    if (value === undefined || value === '') {
      ctx.addIssue({ code: 'custom', message: rules.missing });
      return z.NEVER;
    }
    if (codePointLength(value) > rules.max) {
      ctx.addIssue({ code: 'custom', message: rules.tooLong });
      return z.NEVER;
    }
    return value;
  });
}

/** Checkboxes: nothing, one value or several, each from the allowed list. */
export function checkboxes<T extends string>(allowed: readonly T[], messages: { missing: string; invalid: string }) {
  return z.unknown().transform((raw, ctx) => {
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (values.some((v) => typeof v !== 'string' || !(allowed as readonly string[]).includes(v))) {
      ctx.addIssue({ code: 'custom', message: messages.invalid });
      return z.NEVER;
    }
    if (values.length === 0) {
      ctx.addIssue({ code: 'custom', message: messages.missing });
      return z.NEVER;
    }
    return [...new Set(values as T[])];
  });
}

/** A whole number sent back by a hidden field (a record's version). */
export function hiddenInteger() {
  return z.unknown().transform((raw, ctx) => {
    const value = single(raw);
    if (typeof value !== 'string' || !/^\d{1,9}$/u.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'The form was not complete. Go back and try again' });
      return z.NEVER;
    }
    return Number(value);
  });
}
