/**
 * Progress on stderr, with or without --json (stdout stays the result): a bar
 * redrawn in place on a terminal, a line per 10 % (or per new message) in a log.
 */
export function fractionReporter(label: string): { update(fraction: number, message: string): void; done(): void } {
  const stderr = process.stderr;
  let lastDecile = -1;
  let lastMessage = '';
  let drawn = false;
  return {
    update(fraction, message) {
      const f = Math.max(0, Math.min(1, fraction));
      if (stderr.isTTY) {
        const width = 30;
        const filled = Math.round(f * width);
        stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${message.slice(0, 40).padEnd(40)}`);
        drawn = true;
        return;
      }
      const decile = Math.floor(f * 10);
      if (decile !== lastDecile || message !== lastMessage) {
        if (decile !== lastDecile || !message.startsWith(lastMessage.split(' ')[0] ?? '')) {
          stderr.write(`${label}: ${Math.round(f * 100)}% ${message}\n`);
        }
        lastDecile = decile;
        lastMessage = message;
      }
    },
    done() {
      if (drawn) stderr.write('\n');
    },
  };
}
