import { openAuditExport } from '@/server/audit';
import { contentDisposition, errorResponse, routeUser } from '@/server/route-responses';

/** `GET /api/audit/export`: the whole audit chain as NDJSON, one event per line in sequence order, streamed. */
export async function GET(): Promise<Response> {
  const user = await routeUser();
  if (user instanceof Response) return user;
  try {
    const events = await openAuditExport();
    const encoder = new TextEncoder();
    const iterator = events[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
        } catch (error) {
          console.error('[web] the audit export stopped', error);
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    return new Response(body, {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': contentDisposition(`edms-audit-${stamp}Z.ndjson`),
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
