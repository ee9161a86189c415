// The package version, read from package.json at build time (tsup inlines that one field of the JSON), so the
// User-Agent follows changeset version bumps without a hand-edited constant.
import { version } from '../package.json';

export const VERSION: string = version;
