/**
 * A server's memory for bench output (issue: keep RSS and heap of a server under load in the
 * figures). RSS and its peak come from /proc, so they work for a child process too; the heap is
 * known only for this process.
 */
import { readFileSync } from 'node:fs';

export interface MemoryFigures {
  rssMB: number;
  /** Highest RSS since the process started (VmHWM). */
  peakRssMB: number;
  /** V8 heap in use; only when `pid` is this process. */
  heapUsedMB?: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

export function processMemory(pid: number = process.pid): MemoryFigures {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const figures: MemoryFigures = { rssMB: statusField(status, 'VmRSS'), peakRssMB: statusField(status, 'VmHWM') };
  if (pid === process.pid) figures.heapUsedMB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  return figures;
}

export function formatMemory(figures: MemoryFigures): string {
  const heap = figures.heapUsedMB === undefined ? '' : `, heap ${figures.heapUsedMB} MB`;
  return `RSS ${figures.rssMB} MB (peak ${figures.peakRssMB} MB)${heap}`;
}
