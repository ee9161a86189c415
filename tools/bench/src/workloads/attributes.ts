// Attribute sets of the workloads. The keys are valid for all three libraries (prom-client
// label names cannot contain dots), three attributes unless a row says otherwise.

export function sameAttributes(): { method: string; route: string; status: number } {
  return { method: 'GET', route: '/api/users/:id', status: 200 };
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 201, 204, 404, 500];

/** `count` distinct attribute sets (distinct by route), all of the same shape. */
export function distinctAttributeSets(count: number): Array<{ method: string; route: string; status: number }> {
  const sets = [];
  for (let i = 0; i < count; i++) {
    sets.push({ method: METHODS[i % METHODS.length], route: `/api/r${i}`, status: STATUSES[i % STATUSES.length] });
  }
  return sets;
}

/** Route strings of `count` distinct series, built once so that they are not counted as SDK memory. */
export function routes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `/api/r${i}`);
}
export { METHODS, STATUSES };
