import Link from 'next/link';

export interface PaginationProps {
  page: number;
  pageCount: number;
  /** The URL of a given page, keeping the current filters. */
  hrefFor: (page: number) => string;
  label?: string;
}

/** Previous / next links with the position in words. */
export function Pagination({ page, pageCount, hrefFor, label = 'Pagination' }: PaginationProps) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="pagination">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span aria-hidden="true" className="pagination-disabled">← Previous</span>
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span aria-hidden="true" className="pagination-disabled">Next →</span>
      )}
    </nav>
  );
}
