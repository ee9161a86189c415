// The package version, read from package.json at build time (tsup inlines the JSON), so the
// meter's version follows changeset bumps without a hand-edited constant.
import packageJson from '../package.json';

export const VERSION: string = packageJson.version;
