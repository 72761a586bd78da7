import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The relay's Prometheus metrics, on a registry of its own so that several servers in one
 * process (tests) do not share counters.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'relay_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });
  readonly rooms = new Gauge({
    name: 'relay_rooms_loaded',
    help: 'Rooms held in memory',
    registers: [this.registry],
  });
  readonly messagesIn = new Counter({
    name: 'relay_messages_received_total',
    help: 'Messages received from clients, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly messagesOut = new Counter({
    name: 'relay_messages_sent_total',
    help: 'Messages sent to clients (one per socket), by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly bytesIn = new Counter({
    name: 'relay_bytes_received_total',
    help: 'Payload bytes received from clients',
    registers: [this.registry],
  });
  readonly bytesOut = new Counter({
    name: 'relay_bytes_sent_total',
    help: 'Payload bytes sent to clients',
    registers: [this.registry],
  });
  readonly storageWriteSeconds = new Histogram({
    name: 'relay_storage_write_seconds',
    help: 'Latency of one batched update-log write',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'relay_errors_total',
    help: 'Errors, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly connectionsClosed = new Counter({
    name: 'relay_connections_closed_total',
    help: 'Closed connections, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly messagesDropped = new Counter({
    name: 'relay_messages_dropped_total',
    help: 'Messages dropped unread because the connection lacks the capability they need',
    labelNames: ['capability'] as const,
    registers: [this.registry],
  });
  readonly presenceDropped = new Counter({
    name: 'relay_presence_dropped_total',
    help: 'Awareness entries dropped: for a client id another connection owns, or a clock jump',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly versionsSaved = new Counter({
    name: 'relay_versions_saved_total',
    help: 'Versions of boards saved (history), by reason: idle, before-mass-delete, named',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly authorRefusals = new Counter({
    name: 'relay_author_refusals_total',
    help: 'Updates refused (4409) for adding to a Yjs client id another identity holds, by sender',
    labelNames: ['sender'] as const,
    registers: [this.registry],
  });
  readonly authorBindings = new Counter({
    name: 'relay_author_bindings_total',
    help: 'Yjs client ids bound to the identity that first wrote under them',
    registers: [this.registry],
  });
  readonly authorBindingsSkipped = new Counter({
    name: 'relay_author_bindings_skipped_total',
    help: 'New Yjs client ids left unbound because their room holds MAX_BOUND_CLIENTS_PER_ROOM',
    registers: [this.registry],
  });
  readonly presenceRebased = new Counter({
    name: 'relay_presence_rebased_total',
    help: 'Awareness claims whose clock ran ahead while offline, accepted at the room clock + 1',
    registers: [this.registry],
  });
  readonly upgradesRefused = new Counter({
    name: 'relay_upgrades_refused_total',
    help: 'WebSocket upgrades answered with an HTTP error, by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  /**
   * Several instances (REDIS_URL): from Redis storing an update of another instance (its clock,
   * the entry's `t`) to this instance handing it to its room. Same-instance echoes are not in it.
   */
  readonly clusterDeliverySeconds = new Histogram({
    name: 'relay_cluster_delivery_seconds',
    help: "From Redis storing another instance's update to this instance relaying it",
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });

  // Child counters resolved once: the send path runs for every socket of every broadcast.
  readonly sentUpdate = this.messagesOut.labels('sync');
  readonly sentAwareness = this.messagesOut.labels('awareness');

  constructor({ processMetrics = true } = {}) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
