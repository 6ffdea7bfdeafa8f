/**
 * `value` as JSON text, or `undefined` when it has none (a cycle, a BigInt, a function, `undefined`
 * itself): the caller refuses it with its own error, the value not shown.
 *
 * @example
 * jsonText({ a: 1 }); // '{"a":1}'
 * jsonText(10n); // undefined
 */
export function jsonText(value: unknown): string | undefined {
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
