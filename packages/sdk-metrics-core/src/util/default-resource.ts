// The resource of a MeterProvider built without one: the default resource (service.name,
// telemetry.sdk.*) merged with OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME.
// @opentelemetry/resources (with its detectors and semantic conventions) is loaded here on
// first use, not when the core is required: an app that passes its own resource already has
// it loaded, and requiring the core stays cheaper (bench row require.otlp-http). The package
// has no "exports" map, so node's `import` resolves to the same CommonJS build as this
// require: one copy of it either way. `__filename` exists in the ESM build through tsup's
// shims.
import { createRequire } from 'node:module';
import type * as ResourcesModule from '@opentelemetry/resources';

type Resources = Pick<typeof ResourcesModule, 'defaultResource' | 'detectResources' | 'envDetector'>;

let resources: Resources | undefined;

export function detectDefaultResource(): ResourcesModule.Resource {
  resources ??= createRequire(__filename)('@opentelemetry/resources') as Resources;
  return resources.defaultResource().merge(resources.detectResources({ detectors: [resources.envDetector] }));
}
