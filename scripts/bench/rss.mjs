// Preloaded (`node --import`) into a benchmarked process: on exit, writes its peak resident set
// size in KiB to the file named by BENCH_RSS_FILE, so the bench reads the child's own number.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
