import { Client } from 'pg';

/** Whether a pool may open new connections; closed by the DatabaseWatch while the database does not answer. */
export interface ConnectionGate {
  open: boolean;
}

/** SQLSTATE 08001, sqlclient_unable_to_establish_sqlconnection: answered 503 like any lost connection. */
const REFUSED_CODE = '08001';

type ConnectCallback = (error: Error) => void;

/**
 * A pg Client class (the pool's `Client` option) that refuses to connect at once while `gate` is closed. A frozen
 * PostgreSQL still completes TCP handshakes in the kernel, so every attempt the pool makes meanwhile (each request,
 * each relay poll) waits in the listen backlog after its own timeout gave up; at SIGCONT the postmaster forks a
 * backend for every one of them. Six hundred such attempts in a 30 s freeze kept both of this machine's cores busy
 * for 3 s, and the Edge API's answers waited behind them (the faults run's postgres-stop). While the watch's probe
 * goes unanswered, requests answer 503 at once instead, and only the probe knocks.
 */
export function gatedClient(gate: ConnectionGate): typeof Client {
  return class GatedClient extends Client {
    // pg-pool connects with a callback; TypeORM's own connections use the promise.
    override connect(): Promise<Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<Client> | void {
      if (!gate.open) {
        const error = Object.assign(new Error('Database not answering: no new connection until it does'), {
          code: REFUSED_CODE,
        });
        if (!callback) {
          return Promise.reject(error);
        }
        // Never synchronously: the pool moves on to its next waiting request from this callback.
        process.nextTick(() => callback(error));
        return;
      }
      return callback ? super.connect(callback) : super.connect();
    }
  };
}
