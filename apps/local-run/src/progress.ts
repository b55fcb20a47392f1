/**
 * Progress for a long run: the phase, and elapsed and remaining time. On a
 * terminal one line updates in place; in CI logs a line every 10 seconds.
 */

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export class Progress {
  readonly #out: NodeJS.WriteStream;
  readonly #total: number;
  readonly #started = Date.now();
  #n = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(totalPhases: number, out: NodeJS.WriteStream = process.stderr) {
    this.#total = totalPhases;
    this.#out = out;
  }

  /** Starts a phase; with expectedSeconds, shows a live elapsed/remaining line. */
  phase(name: string, expectedSeconds?: number): void {
    this.#stopTicker();
    this.#n++;
    const head = `[${this.#n}/${this.#total}] ${name}`;
    if (expectedSeconds === undefined) {
      this.#out.write(`${head}\n`);
      return;
    }
    const start = Date.now();
    const line = () => {
      const el = (Date.now() - start) / 1000;
      const left = Math.max(0, expectedSeconds - el);
      return `${head}  ${mmss(el)} elapsed, ~${mmss(left)} left (whole run ${mmss((Date.now() - this.#started) / 1000)})`;
    };
    if (this.#out.isTTY) {
      this.#out.write(line());
      this.#timer = setInterval(() => this.#out.write(`\r\x1b[2K${line()}`), 1000);
    } else {
      this.#out.write(`${line()}\n`);
      this.#timer = setInterval(() => this.#out.write(`${line()}\n`), 10_000);
    }
  }

  /** A detail line under the current phase. */
  note(text: string): void {
    this.#out.write(`      ${text}\n`);
  }

  done(): void {
    this.#stopTicker();
  }

  #stopTicker(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#out.isTTY) this.#out.write('\n');
  }
}
