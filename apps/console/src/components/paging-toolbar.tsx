import { Button, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import type { ReactNode } from 'react';

/**
 * Previous / next over a cursor-paged list: `cursors` is the trail of page cursors so far (the first page's is
 * undefined), `nextCursor` the list's answer for the page after this one. A list newest first names its buttons
 * after time instead (`labels`: "Newer entries" / "Older entries").
 */
export function PagingToolbar({
  cursors,
  setCursors,
  nextCursor,
  labels = { previous: 'Previous page', next: 'Next page' },
}: {
  cursors: (string | undefined)[];
  setCursors: (cursors: (string | undefined)[]) => void;
  nextCursor: string | null | undefined;
  labels?: { previous: string; next: string };
}): ReactNode {
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <Button
            variant="secondary"
            isDisabled={cursors.length === 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            {labels.previous}
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button
            variant="secondary"
            isDisabled={!nextCursor}
            onClick={() => setCursors([...cursors, nextCursor ?? undefined])}
          >
            {labels.next}
          </Button>
        </ToolbarItem>
        <ToolbarItem>Page {cursors.length}</ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
