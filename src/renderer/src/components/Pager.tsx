import type { ReactNode } from 'react';

/** Previous and Next for a table read a page at a time by offset. */
export function Pager(props: {
  offset: number;
  pageSize: number;
  total: number;
  onChange: (offset: number) => void;
}): ReactNode {
  const { offset, pageSize, total, onChange } = props;
  return (
    <>
      <button
        type="button"
        className="button secondary"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - pageSize))}
      >
        Previous
      </button>
      <button
        type="button"
        className="button secondary"
        disabled={offset + pageSize >= total}
        onClick={() => onChange(offset + pageSize)}
      >
        Next
      </button>
    </>
  );
}
