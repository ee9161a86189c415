import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const FIXTURE = path.join(__dirname, 'types', 'view-options-types.ts');

function diagnosticsOf(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['node'],
    baseUrl: path.join(__dirname, '..', '..'),
    paths: { '@meterkit/sdk-metrics-core': ['sdk-metrics-core/src'] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('plain view options are typed as the official ViewOptions shape', () => {
  it('compiles, every @ts-expect-error line included (an unused one would be an error)', () => {
    expect(diagnosticsOf(FIXTURE)).toEqual([]);
  }, 60_000);

  it('without the @ts-expect-error markers, the typos are compile errors that name them', () => {
    // Same file with the markers turned into plain comments, next to the fixture so that
    // its relative imports still resolve.
    const stripped = path.join(__dirname, 'types', `.stripped-${process.pid}.ts`);
    fs.writeFileSync(stripped, fs.readFileSync(FIXTURE, 'utf8').replace(/@ts-expect-error/g, 'was-expect-error'));
    try {
      const messages = diagnosticsOf(stripped).join('\n');
      expect(messages).toMatch(/'instrumentNme' does not exist/);
      expect(messages).toMatch(/'aggregationCardinalityLimt' does not exist/);
      expect(messages).toMatch(/Type 'string' is not assignable to type 'number'/);
    } finally {
      fs.rmSync(stripped, { force: true });
    }
  }, 60_000);
});
