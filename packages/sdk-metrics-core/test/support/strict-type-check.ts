// Type-checks a fixture file with strict tsc settings and returns its errors as text: how the
// core's tests prove that a typing holds (or, with @ts-expect-error, that a misuse fails to
// compile). Kept apart from helpers.ts so only the tests that need it load TypeScript.
import * as ts from 'typescript';

/** The compile errors of `file` under strict settings (plus `extra` compiler options). */
export function strictTypeErrors(file: string, extra: ts.CompilerOptions = {}): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['node'],
    ...extra,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
