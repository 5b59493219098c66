import type { ReactNode } from 'react';

/** "42 s ago", "3 min ago", "2 h ago", "5 d ago"; the exact time in the tooltip. */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function Age({ at }: { at: string | null | undefined }): ReactNode {
  return (
    <time dateTime={at ?? undefined} title={at ?? undefined}>
      {formatAge(at)}
    </time>
  );
}
