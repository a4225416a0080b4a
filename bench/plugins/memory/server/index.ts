import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { definePlugin } from '@skyportal/sdk';
import { processMemory } from '../../../lib/memory.ts';

/**
 * Bench-only plugin: the server's own memory, for benches that run it in another process (its
 * heap is known only from inside). The peaks are those since the last reset: RSS from the kernel
 * (VmHWM, reset through /proc/self/clear_refs), the heap and Buffers sampled every 10 ms (a
 * synchronous step longer than that is seen at its end, so the heap peak is a lower bound).
 */
// A full collection before each measure, without a command-line flag (children start with --import tsx only).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export default definePlugin({
  name: 'memory',
  register({ router }) {
    let peakHeap = 0;
    let peakExternal = 0;
    const sample = () => {
      const usage = process.memoryUsage();
      peakHeap = Math.max(peakHeap, usage.heapUsed);
      peakExternal = Math.max(peakExternal, usage.external);
    };
    setInterval(sample, 10).unref();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

    router.get('/api/bench/memory', { access: { acl: 'System admin' }, summary: 'RSS, heap and their peaks since the last reset' }, () => {
      sample();
      const usage = process.memoryUsage();
      return {
        ...processMemory(),
        peakHeapMB: mb(peakHeap),
        externalMB: mb(usage.external),
        peakExternalMB: mb(peakExternal),
      };
    });

    router.post('/api/bench/memory/reset', { access: { acl: 'System admin' }, summary: 'Collect garbage, then restart the peaks' }, () => {
      collectGarbage();
      // "5" resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0).
      writeFileSync('/proc/self/clear_refs', '5');
      peakHeap = 0;
      peakExternal = 0;
      sample();
      return processMemory();
    });
  },
});
