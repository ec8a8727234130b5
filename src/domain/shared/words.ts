/** Small helpers for writing answers and rules into plain English sentences. */

/** "6 months", "1 month". */
export function months(n: number): string {
  return `${String(n)} ${n === 1 ? 'month' : 'months'}`;
}

/** "a, b or c" (or "and"), as a person would write a list in a sentence. */
export function inWords(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1] ?? ''}`;
}

/** A label as it reads inside a sentence: "A rheumatology condition" becomes "a rheumatology condition", "ME" stays. */
export function midSentence(label: string): string {
  return /^\p{Lu}(\p{Ll}|\s)/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** A date as the GOV.UK date input's hint writes it: 2026-08-31 is "31 8 2026". */
export function hintDate(isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return `${String(Number(day))} ${String(Number(month))} ${year}`;
}

/** "fine motor" becomes "Fine motor". */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
