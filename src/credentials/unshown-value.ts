/**
 * Describes a value read from a credential source (a file, a credentials service) without quoting
 * it, since a secret may have been put there by mistake: `a value of 22 characters, not shown`.
 */
export function unshownValue(value: unknown): string {
  if (typeof value === 'string') {
    return `a value of ${value.length} character${value.length === 1 ? '' : 's'}, not shown`;
  }
  if (value === null || value === undefined) return String(value);
  const kind = Array.isArray(value)
    ? 'an array'
    : typeof value === 'object'
      ? 'an object'
      : `a ${typeof value}`;
  return `${kind}, not shown`;
}
