// Where the reader's own server listens: explicit options first, then the specification's
// OTEL_EXPORTER_PROMETHEUS_* variables, then the defaults. A bad value fails at construction.

export const DEFAULT_HOST = 'localhost';
export const DEFAULT_PORT = 9464;
export const DEFAULT_ENDPOINT = '/metrics';

export interface ServerSettings {
  host: string;
  port: number;
  endpoint: string;
}

function checkPort(value: unknown, source: string): number {
  const port = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PrometheusReader: invalid ${source} ${JSON.stringify(value)}: expected an integer port between 0 and 65535 (0 picks a free port)`);
  }
  return port;
}

export function resolveServerSettings(
  options: { host?: string; port?: number; endpoint?: string },
  env: NodeJS.ProcessEnv = process.env,
): ServerSettings {
  const envHost = env.OTEL_EXPORTER_PROMETHEUS_HOST?.trim();
  const envPort = env.OTEL_EXPORTER_PROMETHEUS_PORT?.trim();
  const host = options.host ?? (envHost ? envHost : DEFAULT_HOST);
  if (typeof host !== 'string' || host === '') {
    throw new Error(`PrometheusReader: invalid option "host" ${JSON.stringify(host)}: expected a host name or IP address`);
  }
  const port =
    options.port !== undefined
      ? checkPort(options.port, 'option "port"')
      : envPort
        ? checkPort(envPort, 'OTEL_EXPORTER_PROMETHEUS_PORT')
        : DEFAULT_PORT;
  let endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  if (typeof endpoint !== 'string' || endpoint === '' || /[?#\s]/.test(endpoint)) {
    throw new Error(`PrometheusReader: invalid option "endpoint" ${JSON.stringify(endpoint)}: expected a URL path such as "/metrics"`);
  }
  if (!endpoint.startsWith('/')) endpoint = `/${endpoint}`;
  return { host, port, endpoint };
}
