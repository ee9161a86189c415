// The ExemplarReservoir contract (specification: metrics SDK, "ExemplarReservoir" and "Custom
// ExemplarReservoir"): the interface a reservoir implements and the factory a view names.
// The method shapes are those of the interface @opentelemetry/sdk-metrics 2.x declares, so a
// reservoir written for it works here.
import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import type { Exemplar } from '../data/exemplar';
import type { DataPointType } from '../data/metric-data';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';

/**
 * Storage and sampling of the exemplars of ONE series (one stream and attribute set). meterkit
 * creates a reservoir for a series the first time the exemplar filter lets one of its
 * measurements through, so series that never see such a measurement cost nothing.
 *
 * Calls come from the recording path (`offer`) and from a collection (`collect`), never at the
 * same time (Node.js runs them on one thread). A method that throws loses only exemplars: the
 * measurement itself is always aggregated, the throw is reported through `diag` (rate-limited),
 * and a throwing `collect` gives the point no exemplars.
 */
export interface ExemplarReservoir {
  /**
   * Offers a measurement that passed the exemplar filter. The reservoir may keep it or not.
   *
   * @param value The measured value.
   * @param timestamp When the measurement was taken (read once the filter had passed it).
   * @param attributes The COMPLETE attributes the measurement was recorded with — before any
   *   attribute filter of the view (the series' own attributes are in
   *   `ExemplarReservoirContext.pointAttributes`). This is the caller's object: copy
   *   what you keep, it may be mutated and reused after the call.
   * @param ctx The context of the measurement: the one passed to `add`/`record`, else the
   *   active one. Its span (`trace.getSpanContext(ctx)`) gives the trace and span ids.
   */
  offer(value: number, timestamp: HrTime, attributes: Attributes, ctx: Context): void;
  /**
   * Returns the exemplars kept since the previous collection and resets the reservoir (both
   * temporalities: see the core README). Called once per collected point of the series.
   *
   * @param pointAttributes The attributes of the data point (the series), so that
   *   `filteredAttributes` can hold exactly the measurement attributes the point lacks.
   */
  collect(pointAttributes: Attributes): Exemplar[];
}

/** What a reservoir factory learns about the series it makes a reservoir for. */
export interface ExemplarReservoirContext {
  /** The instrument of the stream. */
  readonly instrument: InstrumentDescriptor;
  /** The kind of point the stream's aggregation produces (so one factory can choose by aggregation). */
  readonly dataPointType: DataPointType;
  /** Explicit bucket histogram streams: the bucket boundaries. */
  readonly boundaries?: readonly number[];
  /** Exponential histogram streams: the aggregation's maximum number of buckets (`maxSize`). */
  readonly maxBuckets?: number;
  /** The attributes of the series (after the view's attribute filter). */
  readonly pointAttributes: Attributes;
}

/**
 * Makes the reservoir of one series; named by a view's `exemplarReservoir` option (the
 * specification's `exemplar_reservoir` stream parameter). Called lazily, once per series and
 * — for delta streams, whose series are forgotten at each collection — once per series per
 * interval that offers a measurement. A factory that throws or returns something without
 * `offer` and `collect` loses the exemplars of that series (reported through diag).
 */
export type ExemplarReservoirFactory = (context: ExemplarReservoirContext) => ExemplarReservoir;
