// What the demo service does for each request: a route, a status and a simulated amount of
// work. Kept apart from the HTTP plumbing so the mix of outcomes is easy to read and change.

export interface RouteOutcome {
  /** Route template for the `http.route` attribute; absent when nothing matched (no unbounded paths as attributes). */
  route?: string;
  status: number;
  /** Simulated work before answering. */
  delayMs: number;
  body: unknown;
}

function between(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

/** Share of checkouts whose (simulated) payment provider fails with a 500. */
export const CHECKOUT_FAILURE_RATE = 0.5;

export function routeRequest(method: string, pathname: string): RouteOutcome {
  if (method === 'GET' && pathname === '/health') {
    return { route: '/health', status: 200, delayMs: 0, body: { status: 'ok' } };
  }
  if (method === 'GET' && pathname === '/api/items') {
    return { route: '/api/items', status: 200, delayMs: between(2, 20), body: { items: [1, 2, 3] } };
  }
  const item = /^\/api\/items\/(\d+)$/.exec(pathname);
  if (method === 'GET' && item) {
    const id = Number(item[1]);
    // The catalogue has 900 items: higher ids are a 404 on a known route.
    if (id > 900) return { route: '/api/items/:id', status: 404, delayMs: between(1, 5), body: { error: 'no such item' } };
    return { route: '/api/items/:id', status: 200, delayMs: between(1, 10), body: { id } };
  }
  if (method === 'POST' && pathname === '/api/checkout') {
    if (Math.random() < CHECKOUT_FAILURE_RATE) {
      return { route: '/api/checkout', status: 500, delayMs: between(20, 80), body: { error: 'payment provider failed' } };
    }
    return { route: '/api/checkout', status: 200, delayMs: between(50, 150), body: { order: 'confirmed' } };
  }
  return { status: 404, delayMs: 0, body: { error: 'not found' } };
}
