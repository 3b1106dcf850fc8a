// What the load benchmarks share: their command line, percentiles, the portal's memory.
import { readFileSync } from 'node:fs';

// The command line of a load benchmark: `--name value` pairs. Stops with the usage line when one
// of `required` is missing.
export function options(usage, required) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => {
      if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
      return pairs;
    }, []),
  );
  if (required.some((name) => !args[name])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return {
    ...args,
    pid: Number(args.pid),
    concurrency: Number(args.concurrency ?? 200),
    seconds: Number(args.seconds ?? 30),
  };
}

/** The value below which `p` percent of the `sorted` values fall. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

/**
 * Samples the portal's resident memory (KiB) every `everyMs` from now on. `stop()` ends the
 * sampling and returns the peak: the highest sample or the kernel's high-water mark, whichever
 * is higher.
 */
export function memorySampler(pid, everyMs) {
  const read = (field) => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  };
  const before = read('VmRSS');
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, read('VmRSS'));
  }, everyMs);
  return {
    before,
    stop() {
      clearInterval(timer);
      return Math.max(peak, read('VmRSS'), read('VmHWM'));
    },
  };
}
