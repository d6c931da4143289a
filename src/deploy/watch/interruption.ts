/**
 * Ctrl-C as the deploy layer sees it: whether it was pressed, and pauses between polls that
 * end as soon as it is. What stopping means is the caller's: before a change set is executed,
 * nothing is deployed and what compose-x created is deleted; after, only the watching stops.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class Interruption {
  private pressed = false;
  private readonly stopped: Promise<true> | undefined;

  /** `interrupted` resolves on Ctrl-C (DeployIo.interrupted); without one, nothing interrupts. */
  constructor(interrupted: Promise<void> | undefined) {
    this.stopped = interrupted?.then(() => (this.pressed = true));
  }

  /** Ctrl-C was pressed. */
  get requested(): boolean {
    return this.pressed;
  }

  /** Sleeps `ms`; true when Ctrl-C was pressed before or during the pause. */
  async pause(ms: number): Promise<boolean> {
    if (this.pressed) return true;
    if (!this.stopped) {
      await sleep(ms);
      return false;
    }
    const timer = new AbortController();
    const slept = sleep(ms, false, { signal: timer.signal }).catch(() => false);
    const interrupted = await Promise.race([slept, this.stopped]);
    timer.abort();
    return interrupted;
  }
}
