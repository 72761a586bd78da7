import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecallAnswers } from './presence-recall.ts';

describe('answers to presence recalls', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('go at once, then at most once per window per room, and a recall inside it is answered at its end', () => {
    const answered: string[] = [];
    const answers = new RecallAnswers((room) => answered.push(room), 1000);
    answers.recalled('a');
    answers.recalled('b');
    expect(answered).toEqual(['a', 'b']);
    // A storm of instances opening room a within the window: one more answer, at its end.
    for (let i = 0; i < 50; i++) answers.recalled('a');
    expect(answered).toEqual(['a', 'b']);
    vi.advanceTimersByTime(999);
    expect(answered).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1);
    expect(answered).toEqual(['a', 'b', 'a']);
    vi.advanceTimersByTime(5000);
    answers.recalled('a');
    expect(answered).toEqual(['a', 'b', 'a', 'a']);
  });

  it('forget a room this instance left, promised answer included', () => {
    const answered: string[] = [];
    const answers = new RecallAnswers((room) => answered.push(room), 1000);
    answers.recalled('a');
    answers.recalled('a');
    answers.forget('a');
    vi.advanceTimersByTime(2000);
    expect(answered).toEqual(['a']);
    answers.recalled('a');
    expect(answered).toEqual(['a', 'a']);
    answers.close();
  });
});
