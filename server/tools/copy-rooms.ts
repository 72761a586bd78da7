import { parseArgs } from 'node:util';
import { copyRooms, type CopyReport, type RoomOutcome } from './copy-rooms-core.ts';
import { describeLocation, LocationError, parseLocation, samePlace } from './room-location.ts';
import { openPlace } from './rooms-place.ts';

/**
 * npm run rooms:copy -- --from leveldb:<folder> --to redis://host:port [--verify]
 * (and back: --from redis://… --to leveldb:<folder>). Copies every room with its author
 * bindings; --verify then compares each room's document on both sides. Exit status: 0 done
 * (and verified), 1 a room differs or an author binding conflicts, 2 bad arguments or a
 * side that cannot be opened. Stop the relays of a LevelDB side first: the folder is locked.
 */

const USAGE =
  'usage: npm run rooms:copy -- --from <leveldb:folder | redis://…> --to <leveldb:folder | redis://…> [--verify]';

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        verify: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  let from, to;
  try {
    from = parseLocation('--from', options.from);
    to = parseLocation('--to', options.to);
  } catch (error) {
    if (!(error instanceof LocationError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (samePlace(from, to)) {
    console.error('--from and --to are the same place');
    return 2;
  }

  const source = await openPlace(from).catch((error: unknown) => fail('--from', error));
  if (!source) return 2;
  const destination = await openPlace(to).catch((error: unknown) => fail('--to', error));
  if (!destination) {
    await source.close();
    return 2;
  }
  console.log(`copying rooms from ${describeLocation(from)} to ${describeLocation(to)}`);
  try {
    const report = await copyRooms(source, destination, {
      verify: options.verify,
      onRoom: (outcome) => {
        if (outcome.kind === 'conflict') console.error(conflictLine(outcome));
      },
    });
    return summarize(report, options.verify);
  } finally {
    await source.close();
    await destination.close();
  }
}

function fail(option: string, error: unknown): undefined {
  console.error(
    `${option}: cannot open: ${error instanceof Error ? error.message : String(error)}`,
  );
  return undefined;
}

const conflictLine = (outcome: Extract<RoomOutcome, { kind: 'conflict' }>) =>
  `room ${outcome.room}: the destination binds client ids ${outcome.clients.join(', ')} to another identity; kept its binding`;

function summarize(report: CopyReport, verify: boolean): number {
  const count = (kind: RoomOutcome['kind']) => report.rooms.filter((r) => r.kind === kind).length;
  const bytes = report.rooms.reduce((sum, r) => sum + (r.kind === 'conflict' ? 0 : r.bytes), 0);
  console.log(
    `${report.rooms.length} rooms: ${count('copied')} copied, ${count('unchanged')} already the same, ` +
      `${count('conflict')} with author conflicts; ${bytes} bytes of document state`,
  );
  if (!verify) return count('conflict') > 0 ? 1 : 0;
  const differing = report.verified.filter((v) => v.kind === 'differs');
  for (const v of differing) console.error(`room ${v.room}: differs after the copy (${v.reason})`);
  console.log(`verified ${report.verified.length} rooms: ${differing.length} differ`);
  return differing.length > 0 || count('conflict') > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
