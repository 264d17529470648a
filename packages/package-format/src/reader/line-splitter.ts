/**
 * Splits a byte stream into '\n'-terminated lines without copying complete
 * lines (only a line that spans chunks is joined). A line longer than
 * `maxLineBytes` is reported to `onTooLong` instead of being buffered.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryLength = 0;
  private skipping = false;
  private lineNumber = 0;

  constructor(
    private readonly onLine: (line: Buffer, lineNumber: number) => void,
    private readonly maxLineBytes: number,
    private readonly onTooLong: (lineNumber: number) => void,
  ) {}

  /** Lines seen so far (complete ones, plus a final unterminated one after end()). */
  get lines(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) break;
      if (this.skipping) {
        this.skipping = false;
      } else if (this.carryLength > 0) {
        this.carry.push(chunk.subarray(start, newline));
        const line = Buffer.concat(this.carry);
        this.carry = [];
        this.carryLength = 0;
        this.emit(line);
      } else {
        this.emit(chunk.subarray(start, newline));
      }
      start = newline + 1;
    }
    if (start < chunk.length && !this.skipping) {
      const rest = chunk.subarray(start);
      this.carryLength += rest.length;
      if (this.carryLength > this.maxLineBytes) {
        this.lineNumber++;
        this.onTooLong(this.lineNumber);
        this.carry = [];
        this.carryLength = 0;
        this.skipping = true;
        return;
      }
      this.carry.push(Buffer.from(rest));
    }
  }

  /** Emits a last line that has no terminating newline. */
  end(): void {
    if (this.carryLength > 0) {
      const line = Buffer.concat(this.carry);
      this.carry = [];
      this.carryLength = 0;
      this.emit(line);
    }
    this.skipping = false;
  }

  private emit(line: Buffer): void {
    this.lineNumber++;
    if (line.length > this.maxLineBytes) {
      this.onTooLong(this.lineNumber);
      return;
    }
    this.onLine(line, this.lineNumber);
  }
}
