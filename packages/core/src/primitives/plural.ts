/**
 * A count with its noun in the right number: `1 deployment`, `2 deployments`,
 * `0 deployments`. `many` defaults to the noun plus "s".
 *
 * @example countOf(1, 'live work item') // → '1 live work item'
 */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
