// Process metrics: CPU time and utilization per mode, resident memory, uptime, and open file
// descriptors where the platform lists them (/proc/self/fd on Linux).
import { readdirSync } from 'node:fs';
import type { BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { ATTR_CPU_MODE } from './semconv';

const USER = { [ATTR_CPU_MODE]: 'user' };
const SYSTEM = { [ATTR_CPU_MODE]: 'system' };
const FD_DIR = '/proc/self/fd';

function fdListingWorks(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    readdirSync(FD_DIR);
    return true;
  } catch {
    return false;
  }
}

export class ProcessMetrics {
  readonly observables: Observable[];
  private readonly cpuTime: Observable;
  private readonly cpuUtilization: Observable;
  private readonly memoryUsage: Observable;
  private readonly uptime: Observable;
  private readonly fileDescriptors?: Observable;
  private lastCpu = process.cpuUsage();
  private lastHr = process.hrtime.bigint();
  private readonly cores: number;

  constructor(meter: Meter, cores: number) {
    this.cores = cores;
    this.cpuTime = meter.createObservableCounter('process.cpu.time', { description: 'Total CPU seconds broken down by different CPU modes.', unit: 's' });
    this.cpuUtilization = meter.createObservableGauge('process.cpu.utilization', {
      description: 'Difference in process.cpu.time since the last measurement, divided by the elapsed time and number of CPUs available to the process.',
      unit: '1',
    });
    this.memoryUsage = meter.createObservableUpDownCounter('process.memory.usage', {
      description: 'The amount of physical memory in use.',
      unit: 'By',
    });
    this.uptime = meter.createObservableGauge('process.uptime', { description: 'The time the process has been running.', unit: 's' });
    this.observables = [this.cpuTime, this.cpuUtilization, this.memoryUsage, this.uptime];
    if (fdListingWorks()) {
      this.fileDescriptors = meter.createObservableUpDownCounter('process.unix.file_descriptor.count', {
        description: 'Number of unix file descriptors in use by the process.',
        unit: '{file_descriptor}',
      });
      this.observables.push(this.fileDescriptors);
    }
  }

  observe(result: BatchObservableResult): void {
    const cpu = process.cpuUsage();
    const hr = process.hrtime.bigint();
    // cpuUsage() is in microseconds.
    result.observe(this.cpuTime, cpu.user / 1e6, USER);
    result.observe(this.cpuTime, cpu.system / 1e6, SYSTEM);
    const elapsedMicros = Number(hr - this.lastHr) / 1000;
    if (elapsedMicros > 0) {
      const capacity = elapsedMicros * this.cores;
      result.observe(this.cpuUtilization, (cpu.user - this.lastCpu.user) / capacity, USER);
      result.observe(this.cpuUtilization, (cpu.system - this.lastCpu.system) / capacity, SYSTEM);
    }
    this.lastCpu = cpu;
    this.lastHr = hr;
    result.observe(this.memoryUsage, process.memoryUsage.rss());
    result.observe(this.uptime, process.uptime());
    if (this.fileDescriptors !== undefined) {
      try {
        // The listing includes the descriptor readdir itself opened for the directory.
        result.observe(this.fileDescriptors, readdirSync(FD_DIR).length - 1);
      } catch {
        // A transient failure (EMFILE) skips this collection's point.
      }
    }
  }
}
