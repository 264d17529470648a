'use client';

import { useEffect, useRef, useState } from 'react';
import { describeErrorCode, type HumanError } from '@/lib/error-messages';

export interface PollState<T> {
  data: T | null;
  error: HumanError | null;
}

/**
 * Fetches a JSON URL now and then every `intervalMs` until `isDone(data)`.
 * Network hiccups keep polling (a restarting server answers again soon); an
 * error answer with a body `{ error }` stops and is shown as it is.
 */
export function usePoll<T>(url: string | null, isDone: (data: T) => boolean, intervalMs = 1000): PollState<T> {
  const [state, setState] = useState<PollState<T>>({ data: null, error: null });
  const isDoneRef = useRef(isDone);
  isDoneRef.current = isDone;

  useEffect(() => {
    if (!url) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const tick = async () => {
      try {
        const response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
        const body = (await response.json()) as T & { error?: HumanError };
        if (stopped) return;
        if (!response.ok) {
          setState((s) => ({ data: s.data, error: body.error ?? describeErrorCode(null) }));
          return;
        }
        failures = 0;
        setState({ data: body, error: null });
        if (isDoneRef.current(body)) return;
      } catch {
        if (stopped) return;
        failures += 1;
        if (failures >= 30) {
          setState((s) => ({ data: s.data, error: describeErrorCode(null) }));
          return;
        }
      }
      timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [url, intervalMs]);

  return state;
}
