#!/usr/bin/env node
// Committed launcher so the bin link exists from install on (before `pnpm build` writes dist/).
require('../dist/cli.js');
