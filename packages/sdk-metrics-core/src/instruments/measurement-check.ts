// Validation of measured values. Recording never throws into application code: a bad
// value is dropped with one rate-limited diag warning naming the instrument.
import { ValueType } from '@opentelemetry/api';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import { isMonotonicKind } from '../data/instrument-kinds';
import { RateLimitedDiag } from '../util/rate-limited-diag';

/** A finite, non-negative number (Counter, Histogram). `typeof` first: '5' >= 0 would coerce. */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value !== Infinity;
}

/** A finite number (UpDownCounter, Gauge). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && value > -Infinity && value < Infinity;
}

/** String(value) for a diagnostic, never throwing (null-prototype objects, hostile toString). */
function printable(value: unknown): string {
  try {
    return String(value).slice(0, 40);
  } catch {
    return 'unprintable';
  }
}

export class MeasurementCheck {
  /** Made with the first warning: most instruments never have one. */
  private diagnostics: RateLimitedDiag | undefined = undefined;
  readonly isInt: boolean;
  readonly nonNegative: boolean;

  private diag(): RateLimitedDiag {
    return (this.diagnostics ??= new RateLimitedDiag());
  }

  constructor(private readonly instrument: InstrumentDescriptor) {
    this.isInt = instrument.valueType === ValueType.INT;
    this.nonNegative = isMonotonicKind(instrument.type);
  }

  /** Slow path: explains and drops a value that failed the inline check. Always returns undefined. */
  reject(value: unknown): undefined {
    let why: string;
    if (typeof value !== 'number') why = `a ${typeof value} (${printable(value)}) is not a number`;
    else if (Number.isNaN(value)) why = 'NaN is not a valid measurement';
    else if (!Number.isFinite(value)) why = `${value} is not a valid measurement`;
    else why = `negative value ${value} is not allowed for a ${this.instrument.type.toLowerCase()}`;
    this.diag().warn(`Instrument "${this.instrument.name}": measurement dropped: ${why}`);
    return undefined;
  }

  /** INT instruments keep the integer part of a fractional value, as the official SDK does. */
  truncate(value: number): number {
    this.diag().warn(`Instrument "${this.instrument.name}" has value type INT: ${value} truncated to ${Math.trunc(value)}`);
    return Math.trunc(value);
  }

  /** A measurement whose attributes could not be read or processed: dropped. */
  failed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.diag().warn(`Instrument "${this.instrument.name}": measurement dropped: its attributes could not be processed (${reason})`);
  }

  invalidAttributes(message: string): void {
    this.diag().warn(`Instrument "${this.instrument.name}": ${message}`);
  }

  /** Full check for non-hot paths (observations): the accepted value or undefined. */
  accept(value: unknown): number | undefined {
    if (typeof value !== 'number') return this.reject(value);
    const valid = this.nonNegative ? isNonNegativeNumber(value) : isFiniteNumber(value);
    if (!valid) return this.reject(value);
    if (this.isInt && !Number.isInteger(value)) return this.truncate(value);
    return value;
  }
}
