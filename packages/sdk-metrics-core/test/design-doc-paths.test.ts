// docs/design.md tells a newcomer where things are by file path; this keeps it true. Every
// backticked path in it must exist: paths starting with packages/, tools/, docs/ or examples/
// from the repository root, the others under packages/sdk-metrics-core/src/ (as the document
// says). Placeholders (`<name>`), globs and package specifiers (@meterkit/...) are not paths.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CORE_SRC = join(ROOT, 'packages', 'sdk-metrics-core', 'src');
const DOC = join(ROOT, 'docs', 'design.md');

/** Backticked tokens that name a file or folder: contain a slash or end in a source/doc extension. */
function pathsIn(markdown: string): string[] {
  const tokens = [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [
    ...new Set(
      tokens.filter(
        (t) =>
          /^[\w.\-/]+$/.test(t) &&
          !t.startsWith('@') &&
          !t.startsWith('--') &&
          (t.includes('/') || /\.(ts|md|js|mjs|cjs|json|yaml|sh)$/.test(t)),
      ),
    ),
  ];
}

function resolves(path: string): boolean {
  if (/^(packages|tools|docs|examples)\//.test(path)) return existsSync(join(ROOT, path));
  return existsSync(join(CORE_SRC, path)) || existsSync(join(ROOT, path));
}

describe('docs/design.md', () => {
  const paths = pathsIn(readFileSync(DOC, 'utf8'));

  it('names files (the check is not vacuous)', () => {
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toContain('pipeline/meter-pipeline.ts');
  });

  it('names only paths that exist', () => {
    expect(paths.filter((p) => !resolves(p))).toEqual([]);
  });
});
