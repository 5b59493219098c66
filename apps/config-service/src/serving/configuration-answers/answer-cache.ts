/** A device's configuration answer, ready to send. */
export interface Answer {
  namespace: string;
  version: number;
  /** The `device-configuration-message` as JSON text, secrets opened. */
  document: string;
}

interface LoadState {
  dirty: boolean;
}

/** A load in flight, from `begin` to `complete`. */
export interface LoadToken {
  deviceId: string;
  state: LoadState;
}

interface Entry {
  namespace: string;
  version: number;
  deviceId: string;
  /** The message without `device_id` and `version`: shared by every device whose content is the same. */
  shared: string;
  /** Kept from before evictions may have been missed (see `distrust`): served only by `kept`. */
  distrusted?: true;
}

/**
 * Configuration answers by device, in memory. A fleet's devices mostly share their content (the same workloads,
 * sets and secrets), so each entry keeps only what is its own (ID, version, namespace) and points at one shared
 * copy of the rest: 100,000 devices in a handful of cohorts cost a few megabytes.
 *
 * Correctness rests on invalidation, not on time: whoever changes a configuration evicts it (`evict`), and a
 * load that was in flight while an eviction arrived is not kept (it may have read the old row), so an entry is
 * never older than the last eviction of its device. Bounded by `maxBytes` of shared text plus a fixed cost per
 * entry; past it, the oldest entries go first.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  /** The one copy of each shared text that entries point at, with the number of entries pointing at it. */
  private readonly shared = new Map<string, { text: string; refs: number }>();
  /** Loads in flight per device: each is `dirty` once an eviction of that device arrived meanwhile. */
  private readonly loading = new Map<string, Set<LoadState>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get(deviceId: string): Answer | undefined {
    const entry = this.entries.get(deviceId);
    if (!entry || entry.distrusted) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return answerOfEntry(entry);
  }

  /** The device's answer, distrusted or not: what a database outage may serve. */
  kept(deviceId: string): Answer | undefined {
    const entry = this.entries.get(deviceId);
    return entry ? answerOfEntry(entry) : undefined;
  }

  /** Call before reading the device's row; pass the token to `complete` with what was read. */
  begin(deviceId: string): LoadToken {
    const state: LoadState = { dirty: false };
    const states = this.loading.get(deviceId) ?? new Set<LoadState>();
    states.add(state);
    this.loading.set(deviceId, states);
    return { deviceId, state };
  }

  /** Keeps what a load read, unless the device was evicted while it read (the row may be older). */
  complete(
    token: LoadToken,
    content: Record<string, unknown> | undefined,
    meta?: { namespace: string; version: number },
  ): Answer | undefined {
    const states = this.loading.get(token.deviceId);
    states?.delete(token.state);
    if (states?.size === 0) {
      this.loading.delete(token.deviceId);
    }
    if (!content || !meta) {
      return undefined;
    }
    const entry = toEntry(token.deviceId, content, meta);
    if (!token.state.dirty) {
      this.store(entry);
    }
    return { namespace: entry.namespace, version: entry.version, document: assemble(entry) };
  }

  /** Forgets the devices' answers and spoils their loads in flight; returns the devices that had one. */
  evict(deviceIds: Iterable<string>): string[] {
    const had: string[] = [];
    for (const id of deviceIds) {
      this.loading.get(id)?.forEach((state) => (state.dirty = true));
      if (this.remove(id)) {
        had.push(id);
      }
    }
    return had;
  }

  /**
   * For when evictions may have been missed (the listener was lost): every answer is distrusted, so `get` no longer
   * returns it and only `kept` does, until a load replaces it or an eviction removes it; every load in flight is
   * spoiled. Returns the devices that had an answer, to be read again.
   */
  distrust(): string[] {
    for (const states of this.loading.values()) {
      states.forEach((state) => (state.dirty = true));
    }
    for (const entry of this.entries.values()) {
      entry.distrusted = true;
    }
    return [...this.entries.keys()];
  }

  private store(entry: Entry): void {
    this.remove(entry.deviceId);
    const known = this.shared.get(entry.shared);
    if (known) {
      known.refs += 1;
      // Equal is not the same: every load builds its own text, and keeping it would hold one copy per device
      // (100,000 devices × a few KB) while the bound counts one. The entry points at the first copy instead.
      entry.shared = known.text;
    } else {
      this.shared.set(entry.shared, { text: entry.shared, refs: 1 });
      this.bytes += entry.shared.length * 2;
    }
    this.bytes += ENTRY_OVERHEAD + entry.deviceId.length * 2;
    this.entries.set(entry.deviceId, entry);
    for (const [id] of this.entries) {
      if (this.bytes <= this.maxBytes) {
        break;
      }
      this.remove(id);
    }
  }

  private remove(deviceId: string): boolean {
    const entry = this.entries.get(deviceId);
    if (!entry) {
      return false;
    }
    this.entries.delete(deviceId);
    this.bytes -= ENTRY_OVERHEAD + entry.deviceId.length * 2;
    const shared = this.shared.get(entry.shared);
    if (shared && --shared.refs === 0) {
      this.shared.delete(entry.shared);
      this.bytes -= entry.shared.length * 2;
    }
    return true;
  }
}

/** Map slot, entry object and the strings it owns, roughly. */
const ENTRY_OVERHEAD = 160;

function toEntry(
  deviceId: string,
  content: Record<string, unknown>,
  meta: { namespace: string; version: number },
): Entry {
  const rest = { ...content };
  delete rest.device_id;
  delete rest.version;
  return { namespace: meta.namespace, version: meta.version, deviceId, shared: JSON.stringify(rest) };
}

/** The answer for a device's opened content, without keeping it. */
export function answerOf(
  deviceId: string,
  content: Record<string, unknown>,
  meta: { namespace: string; version: number },
): Answer {
  return { ...meta, document: assemble(toEntry(deviceId, content, meta)) };
}

function assemble(entry: Entry): string {
  const head = `{"device_id":${JSON.stringify(entry.deviceId)},"version":"${entry.version}"`;
  return entry.shared === '{}' ? `${head}}` : `${head},${entry.shared.slice(1)}`;
}

function answerOfEntry(entry: Entry): Answer {
  return { namespace: entry.namespace, version: entry.version, document: assemble(entry) };
}
