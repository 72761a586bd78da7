// Preloaded (--import) into both servers alike: records the event loop's worst delay and
// writes it to EVENTLOOP_PROBE_FILE every 100 ms. SIGUSR2 starts a new measurement window.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.EVENTLOOP_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.on('SIGUSR2', () => histogram.reset());
  let last = '';
  setInterval(() => {
    const text = JSON.stringify({ maxMs: histogram.max / 1e6 });
    // Only when it changed: file writes would otherwise show in the servers' own CPU time.
    if (text === last) return;
    last = text;
    // Written aside and renamed, so a reader never sees half a file.
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  }, 100).unref();
}
