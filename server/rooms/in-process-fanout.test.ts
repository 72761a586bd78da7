import { expect, it } from 'vitest';
import { InProcessBus } from './in-process-fanout.ts';
import { describeRoomFanout } from './room-fanout.contract.ts';

describeRoomFanout('InProcessBus', () => {
  // One bus stands for every instance; positions come from a log of each room's.
  const bus = new InProcessBus();
  const logs = new Map<string, number>();
  return {
    create: async () => bus,
    store: async (_bus, room, updates) => {
      const end = (logs.get(room) ?? 0) + updates.length;
      logs.set(room, end);
      return end;
    },
    settle: async () => undefined,
    cleanup: async () => undefined,
  };
});

it('forgets a room once its last instance has left, so unloaded rooms cost nothing', () => {
  const bus = new InProcessBus();
  const a = bus.join('board');
  const b = bus.join('board');
  expect(bus.instances('board')).toBe(2);
  a.close();
  a.close();
  expect(bus.instances('board')).toBe(1);
  b.close();
  expect(bus.instances('board')).toBe(0);
});
