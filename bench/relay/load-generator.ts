import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadCommand, LoadReply } from './load.ts';

/** The load generator (load.ts) in a child process of its own, one command at a time. */
export class LoadGenerator {
  readonly #child: ChildProcess;
  #waiting: ((reply: LoadReply) => void) | null = null;

  constructor() {
    this.#child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    });
    this.#child.on('message', (reply: LoadReply) => this.#waiting?.(reply));
  }

  /** The generator's process: its CPU is the users' side, not the servers'. */
  get pid(): number {
    return this.#child.pid!;
  }

  async send<T extends LoadReply['type']>(
    command: LoadCommand,
    expect: T,
  ): Promise<Extract<LoadReply, { type: T }>> {
    const reply = await new Promise<LoadReply>((resolve) => {
      this.#waiting = resolve;
      this.#child.send(command);
    });
    if (reply.type === 'error') throw new Error(`load generator: ${reply.message}`);
    if (reply.type !== expect) throw new Error(`expected ${expect}, got ${reply.type}`);
    return reply as Extract<LoadReply, { type: T }>;
  }

  stop(): void {
    this.#child.kill();
  }
}

/** The p-th percentile of ascending `sorted`, NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
