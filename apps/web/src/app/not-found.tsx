import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="centered-page">
      <div className="card">
        <h1>Page not found</h1>
        <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link href="/">Go to the overview</Link>
        </p>
      </div>
    </main>
  );
}
