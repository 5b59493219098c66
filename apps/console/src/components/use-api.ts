import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from '../api/api-client';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (null: nothing to load yet), again whenever the path changes, and every `pollMs` when given, so a
 * page shows new enrolments or heartbeats without a reload. A poll keeps the last answer on screen while it runs.
 */
export function useApi<T>(path: string | null, pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const latest = useRef(path);
  latest.current = path;

  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, [path]);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    let cancelled = false;
    setLoading(true);
    get<T>(path)
      .then((answer) => {
        if (!cancelled) {
          setData(answer);
          setError(undefined);
        }
      })
      .catch((failure: unknown) => {
        if (!cancelled) {
          setError(failure);
        }
      })
      .finally(() => {
        if (!cancelled) {
          setLoading(false);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [path, tick]);

  useEffect(() => {
    if (!pollMs || path === null) {
      return;
    }
    const timer = window.setInterval(() => setTick((t) => t + 1), pollMs);
    return () => window.clearInterval(timer);
  }, [path, pollMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
