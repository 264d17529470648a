import Link from 'next/link';

export default function DocumentNotFound() {
  return (
    <>
      <h1>Document not found</h1>
      <p>There is no document with this number. It may have been mistyped, or removed by a system reset.</p>
      <p>
        <Link href="/documents">Search the documents</Link>
      </p>
    </>
  );
}
