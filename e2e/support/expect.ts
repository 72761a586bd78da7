import { expect as playwrightExpect } from '@playwright/test';

/**
 * How often `expect.poll` asks again: every 50–100 ms, where Playwright's own default backs off
 * to once a second ([100, 250, 500, 1000]), so a condition met just after a check was seen up
 * to a second late. The stories poll some 250 times (sync, save state, stroke counts), most of
 * them for under two seconds; each ask is one `page.evaluate`, about a millisecond. Deadlines
 * stay as they were: only how soon a met condition is noticed changes.
 */
export const POLL_INTERVALS: readonly number[] = [50, 100];

type PollOptions = Exclude<Parameters<typeof playwrightExpect.poll>[1], string | undefined>;

/** Playwright's `expect`, its `poll` checking at POLL_INTERVALS unless a call says otherwise. */
export const expect = playwrightExpect.extend({});
const playwrightPoll = expect.poll;
expect.poll = (actual, messageOrOptions) => {
  const options: PollOptions =
    typeof messageOrOptions === 'string' ? { message: messageOrOptions } : (messageOrOptions ?? {});
  return playwrightPoll(actual, { intervals: [...POLL_INTERVALS], ...options });
};
