import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_PROBLEMS, warnOncePerProblem } from './problem-warnings.ts';

describe('warnOncePerProblem', () => {
  it('warns once per stroke and reason', () => {
    const warnings: string[] = [];
    const report = warnOncePerProblem((message) => warnings.push(message));
    report({ strokeId: 'a', reason: 'bad' });
    report({ strokeId: 'a', reason: 'bad' });
    report({ strokeId: 'a', reason: 'worse' });
    report({ strokeId: 'b', reason: 'bad' });
    expect(warnings).toEqual([
      'Skipping part of stroke a: bad',
      'Skipping part of stroke a: worse',
      'Skipping part of stroke b: bad',
    ]);
  });

  it('stops after its limit, saying so in the last warning', () => {
    const warnings: string[] = [];
    const report = warnOncePerProblem((message) => warnings.push(message));
    for (let i = 0; i < 3 * MAX_REPORTED_PROBLEMS; i++)
      report({ strokeId: `s${i}`, reason: 'bad' });
    expect(warnings.length).toBe(MAX_REPORTED_PROBLEMS + 1);
    expect(warnings.at(-1)).toMatch(/further problems are not reported\)$/);
  });
});
