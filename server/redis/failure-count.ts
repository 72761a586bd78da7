/**
 * `target` with every method that returns a promise reporting its rejections to `failed` (and
 * still rejecting with them): how the stores that share the store's Redis connection (authors,
 * links, tickets) feed relay_redis_errors_total without a counter in each of their methods.
 * Methods run on `target` itself, not on the proxy, so classes with #private fields work.
 */
export function countingFailures<T extends object>(target: T, failed: (error: unknown) => void): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (!method) {
        method = (...args: unknown[]): unknown => {
          const result: unknown = Reflect.apply(value, object, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            failed(error);
            throw error;
          });
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}
