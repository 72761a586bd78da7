import { describe, expect, it } from 'vitest';
import {
  AnswerBudget,
  MIN_ENCODED_ANSWER_COST,
  MIN_FULL_STATE_BYTES,
  answerCost,
} from './answer-budget.ts';

const limits = { answerBurstFullStates: 4, answerRefillSeconds: 30 };

/** Answers of `cost` full states granted at one instant (capped, to catch one that never refuses). */
function answersAt(budget: AnswerBudget, now: number, cost: number, cap = 10_000): number {
  let answered = 0;
  while (answered < cap && budget.canAnswer(now)) {
    budget.spend(now, cost);
    answered++;
  }
  return answered;
}

describe('AnswerBudget', () => {
  it('answers a burst of full states, and one more on credit, then refuses', () => {
    const budget = new AnswerBudget(limits, 0);
    expect(answersAt(budget, 0, 1)).toBe(4);
    const owing = new AnswerBudget(limits, 0);
    expect(answersAt(owing, 0, 0.75)).toBe(6); // 5 × 0.75 = 3.75, the sixth goes into debt
    expect(owing.canAnswer(0)).toBe(false);
  });

  it('earns one full state back every refill period, and pays off debt first', () => {
    const budget = new AnswerBudget(limits, 0);
    budget.spend(0, 5); // four, and a full state owed
    expect(budget.canAnswer(29_999)).toBe(false);
    expect(budget.canAnswer(30_001)).toBe(true);
    budget.spend(30_001, 1);
    expect(budget.canAnswer(30_002)).toBe(false);
    expect(answersAt(budget, 30_001 + 5 * 30_000, 1)).toBe(4);
  });

  it('never saves up more than the burst, however long the connection idles', () => {
    const budget = new AnswerBudget(limits, 0);
    expect(answersAt(budget, 3_600_000, 1)).toBe(4);
  });

  it('lets many small answers through: a resync that finds nothing new is cheap', () => {
    const budget = new AnswerBudget(limits, 0);
    // A power of two, so the sum is exact.
    expect(answersAt(budget, 0, 1 / 1024)).toBe(4 * 1024);
  });
});

describe('answerCost', () => {
  it('counts a cached answer by its bytes, in full states of the room', () => {
    expect(answerCost(2_000_000, 2_000_000, false)).toBe(1);
    expect(answerCost(500_000, 2_000_000, false)).toBe(0.25);
  });

  it('never counts an answer as more than one full state', () => {
    // The room grew since its full state was last measured: a diff cannot be larger than it.
    expect(answerCost(9_000_000, 2_000_000, false)).toBe(1);
  });

  it(`counts a room smaller than ${MIN_FULL_STATE_BYTES} bytes as that big`, () => {
    expect(answerCost(1000, 1000, false)).toBe(1000 / MIN_FULL_STATE_BYTES);
    expect(answerCost(MIN_FULL_STATE_BYTES / 2, 0, false)).toBe(0.5);
  });

  it('charges an answer encoded for the asker at least a fixed share of a full state', () => {
    expect(answerCost(10, 2_000_000, true)).toBe(MIN_ENCODED_ANSWER_COST);
    expect(answerCost(1_500_000, 2_000_000, true)).toBe(0.75);
  });
});
