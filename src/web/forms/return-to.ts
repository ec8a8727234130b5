/** Where to go after signing in: only a path inside the staff area, never another site. */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  if (!value.startsWith('/staff') || value.startsWith('//') || value.includes('\\') || /\p{Cc}/u.test(value)) {
    return fallback;
  }
  return value;
}
