import { type ReactNode, useRef } from 'react';

const LINE_HEIGHT = 20;

/**
 * A plain-text YAML/JSON editor with line numbers; a line the server (or the parser) finds fault with is marked
 * in the gutter, its message beside the editor. A textarea keeps it light and fully keyboard accessible.
 */
export function CodeEditor({
  id,
  value,
  onChange,
  label,
  readOnly,
  errorLines,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  label: string;
  readOnly?: boolean;
  errorLines: Set<number>;
}): ReactNode {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = Math.max(value.split('\n').length, 12);
  const rows = Math.min(Math.max(lines, 12), 32);
  return (
    <div
      style={{
        display: 'flex',
        border: '1px solid var(--pf-t--global--border--color--default, #c7c7c7)',
        borderRadius: 6,
        fontFamily: 'var(--pf-t--global--font--family--mono, monospace)',
        fontSize: 14,
      }}
    >
      <div
        ref={gutter}
        aria-hidden="true"
        style={{
          overflow: 'hidden',
          height: rows * LINE_HEIGHT + 16,
          padding: '8px 6px',
          textAlign: 'right',
          background: 'var(--pf-t--global--background--color--secondary--default, #f2f2f2)',
          color: '#4d4d4d',
          userSelect: 'none',
          minWidth: 44,
        }}
      >
        {Array.from({ length: lines }, (_, i) => (
          <div
            key={i}
            data-error-line={errorLines.has(i + 1) ? String(i + 1) : undefined}
            style={{
              height: LINE_HEIGHT,
              lineHeight: `${LINE_HEIGHT}px`,
              color: errorLines.has(i + 1) ? '#fff' : undefined,
              background: errorLines.has(i + 1) ? '#b1380b' : undefined,
              paddingRight: 4,
            }}
          >
            {errorLines.has(i + 1) ? '! ' : ''}
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        id={id}
        aria-label={label}
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        onScroll={(event) => {
          if (gutter.current) {
            gutter.current.scrollTop = event.currentTarget.scrollTop;
          }
        }}
        rows={rows}
        style={{
          flex: 1,
          border: 0,
          resize: 'vertical',
          padding: 8,
          lineHeight: `${LINE_HEIGHT}px`,
          height: rows * LINE_HEIGHT + 16,
          fontFamily: 'inherit',
          fontSize: 'inherit',
          whiteSpace: 'pre',
          overflowWrap: 'normal',
          overflow: 'auto',
        }}
      />
    </div>
  );
}
