import { globalRegistry, type z } from 'zod';

const counts = { defined: 0, built: 0 };
const states = new WeakMap<object, () => boolean>();

/**
 * Schemas (and objects of schemas) built on first use instead of at import.
 *
 * Why: importing core used to build every zod schema of the catalog — about
 * a thousand schema objects, each some dozens of microseconds — although a
 * CLI command or a library call needs a handful. That was the largest part of
 * a cold `project-status work ready`. A module's schemas are therefore
 * written `export const X = lazySchema(() => z.object({ … }))`: `X` has the
 * type and the behaviour of the schema, and the schema is built the first
 * time anything touches `X` (parsing, `.shape`, `.extend`, JSON Schema, a
 * `z.object` around it being parsed…). Build functions must not have side
 * effects.
 *
 * How: `X` is a proxy whose traps, on first use, run `build` and then set up
 * the proxy's own target as that schema — the schema's constructor runs again
 * with the proxy as the instance, so `X` *is* the schema from then on (zod
 * keys per-schema state by the instance: JSON Schema conversion, the metadata
 * registry). The traps then remove themselves, so later use costs what any
 * proxy without traps costs. Anything else (an object of schemas) is copied
 * onto the target.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built = false;
  const target = Object.create(null) as object;
  const handler: ProxyHandler<object> = {};
  const proxy = new Proxy(target, handler) as T;
  const materialize = () => {
    if (built) return;
    built = true;
    const value = build();
    Object.setPrototypeOf(target, Object.getPrototypeOf(value));
    if (isZodSchema(value)) {
      const internals = value._zod;
      // Construct the same schema again with the proxy as `this`: zod's `$constructor` builds `this` when it has no Parent class.
      Reflect.apply(internals.constr as unknown as (def: unknown) => unknown, proxy, [internals.def]);
      if (!Object.hasOwn(target, '_zod')) throw new Error(`lazySchema: ${internals.def.type} schemas cannot be built in place`);
      if (internals.parent) (proxy as unknown as z.core.$ZodType)._zod.parent = internals.parent;
      // The registry is a WeakMap keyed by schema: `.describe()`/`.meta()` registered the built instance.
      if (globalRegistry.has(value)) globalRegistry.add(proxy as never, globalRegistry.get(value) as never);
    } else {
      Object.defineProperties(target, Object.getOwnPropertyDescriptors(value));
    }
    for (const trap of Object.keys(handler)) delete handler[trap as keyof ProxyHandler<object>];
    counts.built++;
  };
  Object.assign(handler, {
    get: (t, key, receiver) => (materialize(), Reflect.get(t, key, receiver)),
    set: (t, key, v, receiver) => (materialize(), Reflect.set(t, key, v, receiver)),
    has: (t, key) => (materialize(), Reflect.has(t, key)),
    ownKeys: (t) => (materialize(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, key) => (materialize(), Reflect.getOwnPropertyDescriptor(t, key)),
    defineProperty: (t, key, descriptor) => (materialize(), Reflect.defineProperty(t, key, descriptor)),
    deleteProperty: (t, key) => (materialize(), Reflect.deleteProperty(t, key)),
    getPrototypeOf: (t) => (materialize(), Reflect.getPrototypeOf(t)),
  } satisfies ProxyHandler<object>);
  states.set(proxy, () => built);
  counts.defined++;
  return proxy;
}

function isZodSchema(value: object): value is z.core.$ZodType {
  return '_zod' in value;
}

/**
 * Whether a {@link lazySchema} value has been built yet (`undefined` for
 * anything else). For tests that keep start-up lazy: e.g. that `work ready`
 * builds no other operation's input schema.
 */
export function isSchemaBuilt(value: object): boolean | undefined {
  return states.get(value)?.();
}

/** How many {@link lazySchema} values exist in this process and how many have been built. */
export function lazySchemaCounts(): { defined: number; built: number } {
  return { ...counts };
}
