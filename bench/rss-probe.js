/* eslint-disable */
// Preloaded into a measured command (node -r bench/rss-probe.js ...): writes the
// process's peak resident set size (KiB) to $GOLIVE_RSS_FILE when it exits.
'use strict';
process.on('exit', () => {
  if (process.env.GOLIVE_RSS_FILE) require('fs').writeFileSync(process.env.GOLIVE_RSS_FILE, String(process.resourceUsage().maxRSS));
});
