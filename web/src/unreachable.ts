/**
 * For the default branch of an exhaustive switch: the compiler proves it is never reached, and
 * should a value the types rule out arrive at run time anyway, it fails loudly with `what`.
 */
export function unreachable(what: string, value: never): never {
  throw new Error(`unhandled ${what} ${JSON.stringify(value)}`);
}
