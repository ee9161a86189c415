// The result codes of an export, with the values of @opentelemetry/core's ExportResultCode
// enum (SUCCESS 0, FAILED 1): exporters written for either SDK return and read the same
// numbers. Defined here so that requiring the core does not load @opentelemetry/core (most of
// its cold require); the ExportResult type still comes from there (types cost nothing at run
// time). test/clock.test.ts checks the values against the enum.
import type { ExportResultCode as CoreExportResultCode } from '@opentelemetry/core';

/** `ExportResultCode.SUCCESS` and `.FAILED`, the same numbers as @opentelemetry/core's enum. */
export const ExportResultCode: { readonly SUCCESS: CoreExportResultCode.SUCCESS; readonly FAILED: CoreExportResultCode.FAILED } = Object.freeze({
  SUCCESS: 0 as CoreExportResultCode.SUCCESS,
  FAILED: 1 as CoreExportResultCode.FAILED,
});
