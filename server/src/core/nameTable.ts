// Tables looked up by a name taken from the user's code or configuration: a function, a method, an event, an ini
// directive, a Kafka property, a memcached option. An object literal answers such a lookup with Object's own members
// too: `$loop->constructor(fn)` was taken for a ReactPHP timer (labelled "ReactPHP function Object() { [native
// code] }"), and `toString` or `__proto__` find something in every literal. A table made here has no prototype, so
// a name finds only what the table lists.
export function nameTable<V>(entries: { readonly [name: string]: V }): { readonly [name: string]: V } {
  return Object.freeze(Object.assign(Object.create(null), entries));
}
